"""ResponsePane in a tiny app, and the answers it is given: shared by the ResponsePane tests.

Imported as ``tests.ui.response_pane_support``.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import PurePath
from typing import Any, ClassVar

import httpx
from textual import on
from textual.app import App, ComposeResult
from textual.message import Message
from textual.widget import Widget

from explorer.core.client import ApiResponse
from explorer.ui.screens.json_item import JsonItemScreen
from explorer.ui.widgets.response_pane import ResponsePane
from explorer.ui.widgets.results_table import ResultsTable
from tests.ui.support import WIDGET_STYLESHEETS

BASE = "https://textit.example/api/v2"
TOKEN = "0123456789abcdef0123456789abcdef01234567"
CONTACT = {
    "uuid": "eb8d5702-baa0-4912-9755-acb1a7d1b12a",
    "name": "Bulk Contact 300",
    "urns": ["tel:+250789100300"],
    "groups": [{"uuid": "5a1", "name": "Nurses"}],
    "fields": {"age": "18"},
}


def api_response(
    status: int = 200,
    body: Any = None,
    *,
    raw: bytes | None = None,
    content_type: str = "application/json",
    url: str = f"{BASE}/contacts.json",
    reason: str = "OK",
    extra_headers: dict[str, str] | None = None,
) -> ApiResponse:
    headers = httpx.Headers({"Content-Type": content_type, **(extra_headers or {})})
    data = raw if raw is not None else json.dumps(body).encode()
    return ApiResponse("GET", url, status, reason, headers, data, 0.312)


def contacts_page(next_url: str | None, previous_url: str | None = None) -> ApiResponse:
    body = {"next": next_url, "previous": previous_url, "results": [CONTACT, {**CONTACT}]}
    return api_response(200, body)


class FakeClock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


class PaneApp(App[None]):
    CSS_PATH: ClassVar[list[str | PurePath]] = WIDGET_STYLESHEETS

    def __init__(self) -> None:
        super().__init__()
        self.animation_level = "none"  # tab switches without the underline's animation
        self.clock = FakeClock()
        self.messages: list[Message] = []

    def compose(self) -> ComposeResult:
        yield ResponsePane(clock=self.clock, now=lambda: datetime(2026, 11, 27, 10, 12))

    @on(ResponsePane.NextPageRequested)
    @on(ResponsePane.PreviousPageRequested)
    @on(ResponsePane.FetchAllRequested)
    @on(ResponsePane.CancelFetchRequested)
    @on(ResponsePane.SaveRequested)
    def _record(self, event: ResponsePane.PaneMessage) -> None:
        self.messages.append(event)

    def on_results_table_row_opened(self, event: ResultsTable.RowOpened) -> None:
        """What the explorer screen does with a row the table opens."""
        self.messages.append(event)
        self.push_screen(JsonItemScreen(event.item, title=f"Row {event.index + 1}"))


def focused_is(app: App[None], widget: Widget) -> bool:
    return app.focused is widget


def status_of(pane: ResponsePane) -> tuple[str, set[str]]:
    code = pane.status_code
    return str(code.content), {c for c in code.classes if c.startswith("-")}
