"""Dialog: a modal screen that closes once, however many keys arrive at the same time."""

from __future__ import annotations

from typing import TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal screen whose ``dismiss`` acts only while it is the screen on top.

    Keys from one read of the terminal (Enter twice, a key repeat) are all handled before a
    dismissed screen is gone, so a dialog can be dismissed twice; Textual's ``dismiss`` pops
    whatever screen is on top, so the second pop would take the screen below, or fail with
    ``ScreenStackError`` on the last one. Every dialog of the app derives from this one.
    """

    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        if not self.is_active:
            return AwaitComplete()  # nothing to wait for
        return super().dismiss(result)
