"""The guard before a write on a real workspace: the request in full, then send or go back.

The web explorer warns once, in a banner, that every call touches real data; here each POST and
DELETE on a non-sandbox profile stops on this screen until the person says yes. The request
scrolls between the warning and the buttons, so a long body is seen to its end on a small
terminal; its frame says how many fields are set and whether more is below.
"""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import urlsplit

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
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


MORE_BELOW = "more below: ↓ PgDn"


def fields_set(request: RequestDescription) -> str:
    """How many fields the request sets: the body's top-level keys and files, else (a DELETE) its
    query parameters."""
    if isinstance(request.body, dict) or request.files:
        count = len(request.body) if isinstance(request.body, dict) else 0
        count += len(request.files)
    else:
        query = urlsplit(request.url).query
        count = len(query.split("&")) if query else 0
    return f"{count} field set" if count == 1 else f"{count} fields set"


class ConfirmScreen(Dialog[bool]):
    """Asks before sending a write to a real workspace; dismisses with True to send."""

    CSS_PATH = "confirm.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Send it"),
        Binding("n,escape", "answer(False)", "Don't send"),
        Binding("down", "scroll_request('down')", "Scroll the request", show=False),
        Binding("up", "scroll_request('up')", "Scroll the request", show=False),
        Binding("pagedown", "scroll_request('page_down')", "Page down the request", show=False),
        Binding("pageup", "scroll_request('page_up')", "Page up the request", show=False),
        Binding("end", "scroll_request('end')", "End of the request", show=False),
        Binding("home", "scroll_request('home')", "Start of the request", show=False),
    ]

    def __init__(self, request: RequestDescription, *, workspace: str) -> None:
        super().__init__()
        self.request = request
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(warning_text(self.request, self.workspace), id="confirm-warning")
            with VerticalScroll(id="confirm-request"):
                yield Static(request_lines(self.request), id="confirm-request-text")
            with Horizontal(id="confirm-buttons"):
                yield Button("Send (y)", variant="error", id="confirm-send")
                yield Button("Don't send (n)", variant="primary", id="confirm-cancel")

    def on_mount(self) -> None:
        self.query_one("#confirm-dialog").border_title = f"{self.request.method}: confirm"
        scroll = self.query_one("#confirm-request", VerticalScroll)
        scroll.border_title = fields_set(self.request)
        for change in ("scroll_y", "virtual_size", "show_vertical_scrollbar"):
            self.watch(scroll, change, self._after_layout)
        self.query_one("#confirm-cancel", Button).focus()

    def _after_layout(self) -> None:
        # The watched values change mid-layout, while the box's own height may still be stale.
        self.call_after_refresh(self._show_more_below)

    def _show_more_below(self) -> None:
        scroll = self.query_one("#confirm-request", VerticalScroll)
        scroll.border_subtitle = MORE_BELOW if scroll.scroll_y < scroll.max_scroll_y else ""

    def action_scroll_request(self, how: str) -> None:
        getattr(self.query_one("#confirm-request", VerticalScroll), f"scroll_{how}")(animate=False)

    def action_answer(self, send: bool) -> None:
        self.dismiss(send)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-send")
