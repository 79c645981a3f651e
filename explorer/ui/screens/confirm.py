"""The guard before a write on a real workspace: the request in full, then send or go back.

The web explorer warns once, in a banner, that every call touches real data; here each POST and
DELETE on a non-sandbox profile stops on this screen until the person says yes.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from explorer.core.describe import RequestDescription
from explorer.ui.display import visible
from explorer.ui.screens.dialog import Dialog
from explorer.ui.widgets.request_preview import request_lines


def warning_text(request: RequestDescription, workspace: str) -> Content:
    verb = "delete data in" if request.method == "DELETE" else "change data in"
    return Content.assemble(
        ("This request will ", "bold"),
        (verb, "bold $error"),
        (" the live workspace ", "bold"),
        (visible(workspace), "bold $warning"),  # the name is the server's
        ". It cannot be undone from here.",
    )


class ConfirmScreen(Dialog[bool]):
    """Asks before sending a write to a real workspace; dismisses with True to send."""

    CSS_PATH = "confirm.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Send it"),
        Binding("n,escape", "answer(False)", "Don't send"),
    ]

    def __init__(self, request: RequestDescription, *, workspace: str) -> None:
        super().__init__()
        self.request = request
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(warning_text(self.request, self.workspace), id="confirm-warning")
            yield Static(request_lines(self.request), id="confirm-request")
            with Horizontal(id="confirm-buttons"):
                yield Button("Send (y)", variant="error", id="confirm-send")
                yield Button("Don't send (n)", variant="primary", id="confirm-cancel")

    def on_mount(self) -> None:
        self.query_one("#confirm-dialog").border_title = f"{self.request.method}: confirm"
        self.query_one("#confirm-cancel", Button).focus()

    def action_answer(self, send: bool) -> None:
        self.dismiss(send)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-send")
