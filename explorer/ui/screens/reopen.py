"""The question before a past write sent elsewhere fills the form: it names both profiles.

Re-opening only fills the form, but a POST or DELETE recorded on another profile is one Ctrl+S
away from being sent to the current one, which may be a different workspace.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from explorer.core.history import HistoryEntry
from explorer.ui.display import visible
from explorer.ui.screens.dialog import Dialog
from explorer.ui.screens.history import host_of


def question_text(entry: HistoryEntry, current: str) -> Content:
    """ "This POST was sent to acme (textit.com); you are on sandbox now. Fill the form anyway?\""""
    host = host_of(entry.base_url)
    return Content.assemble(
        f"This {entry.method} was sent to ",
        (visible(entry.profile), "bold $warning"),
        f" ({visible(host)})" if host else "",
        "; you are on ",
        (visible(current), "bold $warning"),
        " now. Fill the form anyway?",
    )


class ReopenScreen(Dialog[bool]):
    """Asks before a write recorded on another profile fills the form; True to fill it."""

    CSS_PATH = "reopen.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Fill it"),
        Binding("n,escape", "answer(False)", "Don't"),
    ]

    def __init__(self, entry: HistoryEntry, *, current: str) -> None:
        super().__init__()
        self.entry = entry
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="reopen-dialog"):
            yield Static(question_text(self.entry, self.current), id="reopen-question")
            with Horizontal(id="reopen-buttons"):
                yield Button("Fill the form (y)", variant="warning", id="reopen-fill")
                yield Button("Don't (n)", variant="primary", id="reopen-cancel")

    def on_mount(self) -> None:
        self.query_one("#reopen-dialog").border_title = "Another profile"
        self.query_one("#reopen-cancel", Button).focus()

    def action_answer(self, fill: bool) -> None:
        self.dismiss(fill)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "reopen-fill")
