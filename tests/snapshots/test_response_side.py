"""Snapshots of the response side (ResponsePane over a RateLimitBar) against sandbox answers.

The sandbox runs in-process behind ``httpx.ASGITransport`` with a fixed base URL, token, seed and
date; elapsed times are pinned and the widgets get a frozen clock, so every run draws the same.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import PurePath
from typing import Any, ClassVar

import httpx
import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from explorer.core.client import ApiClient, ApiResponse
from explorer.core.profiles import SANDBOX
from explorer.core.ratelimit import ScopeUsage
from explorer.core.request import ApiRequest
from explorer.sandbox.app import create_app
from explorer.sandbox.data import build_workspace
from explorer.ui.widgets.rate_limit_bar import RateLimitBar
from explorer.ui.widgets.response_pane import ResponsePane
from tests.ui.support import WIDGET_STYLESHEETS

pytestmark = pytest.mark.slow  # snapshots

BASE_URL = "http://127.0.0.1:8000"
TOKEN = "5f3c1a0e9b8d7c6a5f4e3d2c1b0a9f8e7d6c5b4a"
NOW = datetime(2026, 11, 27, 10, 12, tzinfo=UTC)
Check = Callable[..., bool]


class ResponseSideApp(App[None]):
    """The response pane above the rate-limit bar, as the explorer stacks them."""

    CSS_PATH: ClassVar[list[str | PurePath]] = WIDGET_STYLESHEETS

    def compose(self) -> ComposeResult:
        yield ResponsePane(clock=lambda: 100.0, now=lambda: NOW)
        yield RateLimitBar(clock=lambda: 100.0)

    def on_mount(self) -> None:
        bar = self.query_one(RateLimitBar)
        bar.set_identity(SANDBOX, "Healthy Harvest Programme")
        bar.update_usage({"v2.contacts": ScopeUsage("v2.contacts", 41, 2500, 0.0, False)})


async def sandbox_answer(path: str, query: tuple[tuple[str, str], ...] = ()) -> ApiResponse:
    """GET ``path`` from a small seeded sandbox; the elapsed time is pinned."""
    app = create_app(build_workspace(300, now=NOW), token=TOKEN, clock=lambda: NOW.timestamp())
    transport = httpx.ASGITransport(app=app)
    async with ApiClient(BASE_URL, TOKEN, transport=transport) as client:
        response = await client.send(ApiRequest("GET", path, query))
    return dataclasses.replace(response, elapsed=0.042)


def showing(
    path: str, *keys: str, query: tuple[tuple[str, str], ...] = ()
) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        response = await sandbox_answer(path, query)
        pane = pilot.app.query_one(ResponsePane)
        pane.show_pending("GET", response.url, headers={"Authorization": f"Token {TOKEN}"})
        if response.error is not None:
            pane.show_error(response.error)
        else:
            pane.show_response(response, page_number=1)
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize(
    ("path", "keys"),
    [
        ("/api/v2/contacts.json", ()),  # the body as pretty JSON, next page available
        ("/api/v2/contacts.json", ("t",)),  # the same page as a table
        ("/api/v2/nowhere.json", ()),  # Django's HTML 404 page, explained
    ],
    ids=["contacts-body", "contacts-table", "html-404"],
)
def test_response_side(snap_compare: Check, path: str, keys: tuple[str, ...], size: Any) -> None:
    app = ResponseSideApp()
    assert snap_compare(app, terminal_size=size, run_before=showing(path, *keys))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_a_send_waiting_for_the_rate_limit(snap_compare: Check, size: Any) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        # a 429 said Retry-After 3591: the bar keeps its limits, the pane counts down in m:ss
        pane = pilot.app.query_one(ResponsePane)
        pane.show_pending("GET", f"{BASE_URL}/api/v2/contacts.json")
        pane.show_waiting(3591)
        pilot.app.query_one(RateLimitBar).start_countdown("v2.contacts", 3591)
        await pilot.pause()

    assert snap_compare(ResponseSideApp(), terminal_size=size, run_before=run_before)
