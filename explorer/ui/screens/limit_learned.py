"""The question after a 429 taught the server's real rate limit: keep it in the profile?

The session already keeps to the learned limit until it ends; saving it makes it the profile's
own (``rate_limit`` in the profiles file), so the next session does not meet the 429 first. The
profile's limit covers every scope, and other clients of the workspace spend the same hour, so the
question says both.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Button, Static

from explorer.ui.display import content
from explorer.ui.formatting import format_count, scope_label
from explorer.ui.screens.dialog import Dialog
from explorer.ui.widgets.button_row import ButtonRow


def learned_text(scope: str, limit: int) -> str:
    """What the 429 taught, and what the app does about it."""
    label = scope_label(scope)
    return (
        f"The server refused a {label} request after {format_count(limit)} in the last hour: "
        f"this session now keeps to {format_count(limit)} {label} requests an hour."
    )


class SaveLimitScreen(Dialog[bool]):
    """Asks whether ``limit`` becomes profile ``profile``'s hourly limit; True to save it."""

    CSS_PATH = "limit_learned.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Save it"),
        Binding("n,escape", "answer(False)", "Not now"),
    ]

    def __init__(self, profile: str, scope: str, limit: int, old_limit: int) -> None:
        super().__init__()
        self.profile = profile
        self.scope = scope
        self.limit = limit
        self.old_limit = old_limit

    def compose(self) -> ComposeResult:
        limit = format_count(self.limit)
        question = (
            f"{learned_text(self.scope, self.limit)}\n\nSave {limit}/hour as profile "
            f"{self.profile}'s limit (now {format_count(self.old_limit)}/hour, for every scope)? "
            "Other clients of the workspace spend the same hour, so the server may allow more."
        )
        with Vertical(id="limit-dialog"):
            yield Static(content(question, multiline=True), id="limit-question")
            with ButtonRow(id="limit-buttons"):
                yield Button("Save (y)", variant="primary", id="limit-save", compact=True)
                yield Button("Not now (n)", id="limit-keep", compact=True)

    def on_mount(self) -> None:
        self.query_one("#limit-dialog").border_title = "Rate limit learned from a 429"
        self.query_one("#limit-keep", Button).focus()

    def action_answer(self, save: bool) -> None:
        self.dismiss(save)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "limit-save")
