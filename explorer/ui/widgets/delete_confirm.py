"""DeleteConfirm: the one-line question before a profile and its token are deleted."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Static

from explorer.ui.display import content


class DeleteConfirm(Horizontal):
    """Asks "Delete profile X?"; posts :class:`DeleteConfirm.Answered`."""

    class Answered(Message):
        """Delete (``delete`` True) or Keep was pressed."""

        def __init__(self, delete: bool) -> None:
            super().__init__()
            self.delete = delete

    def compose(self) -> ComposeResult:
        yield Static("", id="confirm-text")
        yield Button("Delete", variant="error", id="confirm-delete", compact=True)
        yield Button("Keep", id="confirm-keep", compact=True)

    def ask(self, profile: str) -> None:
        """Show the question for ``profile``, the safe answer focused."""
        question = f"Delete profile {profile} and forget its token?"
        self.query_one("#confirm-text", Static).update(content(question))
        self.query_one("#confirm-keep", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Answered(event.button.id == "confirm-delete"))
