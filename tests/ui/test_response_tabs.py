"""ResponseTabs on its own: the paging it reads, the Request tab's life, JSON or not, the focus."""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any, ClassVar

import httpx
import pytest
from textual.app import App, ComposeResult
from textual.widgets._tabbed_content import ContentTabs

from explorer.core.client import ApiResponse
from explorer.core.pagination import NOT_A_PAGE, Envelope
from explorer.ui.widgets import response_tabs
from explorer.ui.widgets.response_tabs import ResponseTabs
from tests.ui.support import WIDGET_STYLESHEETS, settle_tolerating_cancelled

BASE = "https://textit.example/api/v2"
TOKEN = "0123456789abcdef0123456789abcdef01234567"


def answer(
    body: Any = None, *, raw: bytes | None = None, content_type: str = "application/json"
) -> ApiResponse:
    headers = httpx.Headers({"Content-Type": content_type})
    data = raw if raw is not None else json.dumps(body).encode()
    return ApiResponse("GET", f"{BASE}/contacts.json", 200, "OK", headers, data, 0.1)


def page(next_url: str | None, previous_url: str | None = None, rows: int = 2) -> ApiResponse:
    results = [{"n": n} for n in range(rows)]
    return answer({"next": next_url, "previous": previous_url, "results": results})


class TabsApp(App[None]):
    CSS_PATH: ClassVar[list[str | PurePath]] = WIDGET_STYLESHEETS

    def __init__(self) -> None:
        super().__init__()
        self.animation_level = "none"

    def compose(self) -> ComposeResult:
        yield ResponseTabs()


@pytest.mark.parametrize("eager_bytes", [1_000_000, 10], ids=["parsed", "read-from-its-head"])
async def test_show_response_returns_the_paging_of_a_page_only(
    monkeypatch: pytest.MonkeyPatch, eager_bytes: int
) -> None:
    monkeypatch.setattr(response_tabs, "EAGER_PARSE_BYTES", eager_bytes)
    app = TabsApp()
    async with app.run_test():
        tabs = app.query_one(ResponseTabs)
        paging = tabs.show_response(page(f"{BASE}/c?cursor=n", f"{BASE}/c?cursor=p"))
        assert paging == Envelope(True, f"{BASE}/c?cursor=p", f"{BASE}/c?cursor=n")
        assert tabs.show_response(answer({"uuid": "x"})) == NOT_A_PAGE


async def test_the_request_shown_before_sending_stays_until_clear() -> None:
    app = TabsApp()
    async with app.run_test():
        tabs = app.query_one(ResponseTabs)
        tabs.show_request(
            "POST", f"{BASE}/groups.json", headers={"Authorization": f"Token {TOKEN}"}
        )
        sent = f"POST {BASE}/groups.json\nAuthorization: Token 0123…4567"
        assert str(tabs.request_text.content) == sent
        tabs.show_response(answer({"uuid": "g"}))  # the answer keeps the request as it was sent
        assert str(tabs.request_text.content) == sent
        tabs.show_response(answer({"uuid": "g"}))  # an answer with no request shown: its URL
        assert str(tabs.request_text.content) == f"GET {BASE}/contacts.json"
        tabs.clear_answer()
        assert str(tabs.request_text.content) == f"GET {BASE}/contacts.json"
        assert str(tabs.headers_text.content) == "" and tabs.body_view.body.text == ""
        tabs.clear()
        assert str(tabs.request_text.content) == ""


async def test_is_json_follows_the_body_and_collected_items_are_json() -> None:
    app = TabsApp()
    async with app.run_test() as pilot:
        tabs = app.query_one(ResponseTabs)
        tabs.show_response(answer(raw=b"<html>down</html>", content_type="text/html"))
        assert not tabs.is_json
        items = [{"n": n} for n in range(3)]
        tabs.show_collected(items)
        await settle_tolerating_cancelled(pilot)
        assert tabs.is_json and json.loads(tabs.body_view.body.text) == {"results": items}
        assert tabs.tabs.get_tab("table").label.plain == "Table 3"
        tabs.clear_answer()
        assert not tabs.is_json and tabs.tabs.get_tab("table").label.plain == "Table"


async def test_a_big_body_parsed_late_is_dropped_if_another_answer_came_meanwhile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(response_tabs, "EAGER_PARSE_BYTES", 10)
    app = TabsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        tabs = app.query_one(ResponseTabs)
        big = page(None, rows=5)
        tabs.show_response(big)
        tabs.show("table")
        tabs._parsed(big, json.loads(big.raw))  # as the worker would, once current
        await settle_tolerating_cancelled(pilot)
        assert tabs.results.row_count == 5
        tabs.show_response(page(None, rows=2))
        await settle_tolerating_cancelled(pilot)
        tabs._parsed(big, json.loads(big.raw))  # too late: another answer is shown
        await pilot.pause()
        assert tabs.results.row_count == 2


async def test_show_moves_the_focus_into_the_tab_shown() -> None:
    app = TabsApp()
    async with app.run_test() as pilot:
        tabs = app.query_one(ResponseTabs)
        tabs.show_response(page(None))
        for tab, view in (("tree", tabs.tree_view), ("table", tabs.results)):
            tabs.show(tab)
            await pilot.pause()
            assert tabs.tabs.active == tab and app.focused is view
        tabs.show("headers")
        await pilot.pause()
        pane = tabs.tabs.active_pane
        assert pane is not None and app.focused in list(pane.query("*"))


async def test_a_body_with_no_rows_keeps_the_focus_on_the_tab_bar_in_the_table_tab() -> None:
    app = TabsApp()
    async with app.run_test() as pilot:
        tabs = app.query_one(ResponseTabs)
        tabs.show_response(answer({"name": "Acme"}))  # an object: no rows to show
        tabs.show("table")
        await settle_tolerating_cancelled(pilot)
        assert not tabs.results.display
        assert app.focused is tabs.tabs.query_one(ContentTabs)  # not the hidden table


async def test_an_answer_with_no_list_leaves_the_table_tab_for_body() -> None:
    app = TabsApp()
    async with app.run_test() as pilot:
        tabs = app.query_one(ResponseTabs)
        tabs.show_response(page(None))
        tabs.show("table")
        await pilot.pause()
        assert app.focused is tabs.results
        tabs.show_response(answer({"uuid": "x", "name": "Created"}))  # what a POST answers
        await pilot.pause()
        assert tabs.tabs.active == "body" and tabs.body_view.lines.has_focus
        tabs.show("table")
        tabs.show_response(page(None, rows=3))  # a list keeps the Table
        await pilot.pause()
        assert tabs.tabs.active == "table" and tabs.results.row_count == 3
