"""ResponsePane in a tiny app: statuses, odd bodies, tabs, paging and fetch-all messages, save."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path, PurePath
from typing import Any, ClassVar

import httpx
import pytest
from textual import on
from textual.app import App, ComposeResult
from textual.message import Message

from explorer.core import errors
from explorer.core.client import ApiResponse
from explorer.ui.formatting import format_size
from explorer.ui.screens.json_item import JsonItemScreen
from explorer.ui.widgets.fetch_progress import FetchProgress
from explorer.ui.widgets.response_pane import ResponsePane
from explorer.ui.widgets.results_table import MAX_ROWS

UI = Path(__file__).parents[2] / "explorer" / "ui" / "widgets"
STYLES: list[str | PurePath] = [
    UI / name
    for name in (
        "response_pane.tcss",
        "results_table.tcss",
        "fetch_progress.tcss",
        "json_view.tcss",
        "json_tree.tcss",
    )
    if (UI / name).exists()
]
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
    CSS_PATH: ClassVar[list[str | PurePath]] = STYLES

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


def status_of(pane: ResponsePane) -> tuple[str, set[str]]:
    code = pane.status_code
    return str(code.content), {c for c in code.classes if c.startswith("-")}


async def test_a_page_of_contacts_fills_status_table_headers_and_request() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(ResponsePane)
        pane.show_response(contacts_page(f"{BASE}/contacts.json?cursor=b"), page_number=1)
        assert pane.results.row_count == 0  # tabulated only when the Table tab shows
        assert pane.tabs.get_tab("table").label.plain == "Table 2"
        pane.action_show_tab("table")
        await pilot.pause()
        assert status_of(pane) == ("200 OK", {"-success"})
        size = format_size(pane.response.size if pane.response else 0)
        assert str(pane.status_details.content) == f"312 ms · {size} · page 1 · next ]"
        assert not pane.note.display
        assert pane.results.row_count == 2 and pane.results.display
        assert not pane.table_note.display
        assert "Content-Type: application/json" in str(pane.headers_text.content)
        assert str(pane.request_text.content) == f"GET {BASE}/contacts.json"


@pytest.mark.parametrize(
    ("response", "status", "css"),
    [
        (api_response(201, {"uuid": "x"}, reason="Created"), "201 Created", "-success"),
        (api_response(204, raw=b"", reason="No Content"), "204 No Content", "-success"),
        (api_response(404, {"detail": "Invalid cursor"}, reason="Not Found"),
         "404 Not Found", "-warning"),
        (
            api_response(500, raw=b"Server Error. Site administrators have been notified.",
                         content_type="text/html", reason="Internal Server Error"),
            "500 Internal Server Error",
            "-error",
        ),
    ],
)  # fmt: skip
async def test_status_classes_by_family(response: ApiResponse, status: str, css: str) -> None:
    app = PaneApp()
    async with app.run_test():
        pane = app.query_one(ResponsePane)
        pane.show_response(response)
        assert status_of(pane) == (status, {css})


async def test_an_html_404_is_shown_as_text_with_a_note_and_the_errors_explanation() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(ResponsePane)
        pane.action_show_tab("table")
        await pilot.pause()
        page = b"<!doctype html><html><title>Not Found</title><h1>Not Found</h1></html>"
        response = api_response(
            404, raw=page, content_type="text/html; charset=utf-8", url=f"{BASE}/classifiers.json"
        )
        assert response.error is not None
        pane.show_error(response.error)
        assert status_of(pane) == ("404 OK", {"-warning"})
        assert "/api/v2/classifiers.json" in str(pane.note.content)
        assert pane.note.display and pane.note.has_class("-warning")
        assert not pane.results.display
        assert str(pane.table_note.content) == "This answer has no JSON to tabulate."


async def test_an_empty_body_gets_a_note_and_text_goes_to_the_body_tab() -> None:
    app = PaneApp()
    async with app.run_test():
        pane = app.query_one(ResponsePane)
        pane.show_response(api_response(204, raw=b"", reason="No Content"))
        assert str(pane.note.content) == "No body (HTTP 204)." and pane.note.display
        pane.show_response(api_response(200, raw=b"<html>docs</html>", content_type="text/html"))
        assert not pane.note.display
        assert pane.body_view.body.text == "<html>docs</html>"


@pytest.mark.parametrize(
    "raw",
    [b"\xff\xfe\x00garbage", b"42", b'"just a string"', b"[]", b"{}", b"null", b"{" * 5000],
    ids=["binary", "number", "string", "empty-list", "empty-object", "null", "5000-open-braces"],
)
async def test_any_body_is_shown_without_crashing(raw: bytes) -> None:
    app = PaneApp()
    async with app.run_test() as pilot:
        pane = app.query_one(ResponsePane)
        pane.show_response(api_response(200, raw=raw))
        for key in ("e", "t", "h", "r", "b"):
            await pilot.press(key)
        await pilot.pause()
        assert status_of(pane) == ("200 OK", {"-success"})


@pytest.mark.parametrize(
    ("error", "label"),
    [
        (errors.ConnectError("Could not connect to x: refused. Check the URL."), "no connection"),
        (errors.RequestTimeout("x did not answer within 30 s. Try again."), "timed out"),
        (errors.TLSError("The secure connection to x failed."), "TLS failed"),
        (errors.InsecureURLError("http://x uses plain http://; use https://"), "not sent"),
        (errors.ValidationError({"uuid": ["Not a valid UUID."]}), "not sent"),
    ],
)
async def test_failures_without_a_response_say_what_happened(
    error: errors.ExplorerError, label: str
) -> None:
    app = PaneApp()
    async with app.run_test():
        pane = app.query_one(ResponsePane)
        pane.show_pending("GET", f"{BASE}/contacts.json")
        pane.show_error(error)
        assert status_of(pane) == (label, {"-error"})
        assert str(pane.note.content) == str(error)
        assert pane.response is None and pane.next_url is None
        assert str(pane.request_text.content) == f"GET {BASE}/contacts.json"


async def test_a_rate_limited_answer_explains_the_wait() -> None:
    app = PaneApp()
    async with app.run_test():
        pane = app.query_one(ResponsePane)
        detail = {"detail": "Request was throttled. Expected available in 37 seconds."}
        response = api_response(
            429, detail, reason="Too Many Requests", extra_headers={"Retry-After": "37"}
        )
        assert isinstance(response.error, errors.RateLimited)
        pane.show_error(response.error)
        assert status_of(pane) == ("429 Too Many Requests", {"-warning"})
        assert "Wait 37 s" in str(pane.note.content)


async def test_pending_counts_seconds_on_the_injected_clock() -> None:
    app = PaneApp()
    async with app.run_test() as pilot:
        pane = app.query_one(ResponsePane)
        pane.show_pending(
            "POST",
            f"{BASE}/groups.json",
            headers={"Authorization": f"Token {TOKEN}", "Accept": "application/json"},
            body={"name": "Nurses"},
        )
        assert status_of(pane) == ("…", {"-pending"})
        assert str(pane.status_details.content) == "sending… 0 ms"
        app.clock.now += 1.5
        await pilot.pause(0.4)
        assert str(pane.status_details.content) == "sending… 1.50 s"
        request = str(pane.request_text.content)
        assert request.splitlines() == [
            f"POST {BASE}/groups.json",
            "Authorization: Token 0123…4567",
            "Accept: application/json",
            "",
            "{",
            '  "name": "Nurses"',
            "}",
        ]
        assert TOKEN not in request
        pane.show_response(api_response(201, {"uuid": "g"}, url=f"{BASE}/groups.json"))
        assert str(pane.request_text.content).startswith(f"POST {BASE}/groups.json\nAuth")


async def test_paging_keys_post_the_links_and_do_nothing_without_them() -> None:
    app = PaneApp()
    async with app.run_test() as pilot:
        pane = app.query_one(ResponsePane)
        pane.show_response(contacts_page(None))
        pane.body_view.lines.focus()
        await pilot.press("right_square_bracket", "left_square_bracket", "a")
        assert app.messages == []
        pane.show_response(contacts_page(f"{BASE}/contacts.json?cursor=n", f"{BASE}/c?cursor=p"))
        await pilot.press("right_square_bracket", "left_square_bracket", "a")
        await pilot.pause()
        assert [(type(m).__name__, getattr(m, "url", None)) for m in app.messages] == [
            ("NextPageRequested", f"{BASE}/contacts.json?cursor=n"),
            ("PreviousPageRequested", f"{BASE}/c?cursor=p"),
            ("FetchAllRequested", f"{BASE}/contacts.json"),
        ]


async def test_tab_keys_switch_tabs_and_take_the_focus_along() -> None:
    app = PaneApp()
    async with app.run_test() as pilot:
        pane = app.query_one(ResponsePane)
        pane.show_response(contacts_page(None))
        pane.body_view.lines.focus()
        seen = []
        for key in ("t", "e", "h", "r", "b"):
            await pilot.press(key)
            await pilot.pause()
            active = pane.tabs.active_pane
            assert active is not None and app.focused in list(active.query("*"))
            seen.append(pane.tabs.active)
        assert seen == ["table", "tree", "headers", "request", "body"]
        assert app.focused is pane.body_view.lines


async def test_fetch_all_progress_cancel_and_finish() -> None:
    app = PaneApp()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = app.query_one(ResponsePane)
        pane.show_response(contacts_page(f"{BASE}/contacts.json?cursor=n"))
        pane.body_view.lines.focus()  # the body view has an Escape of its own
        progress = app.query_one(FetchProgress)
        assert not progress.display
        pane.fetch_started()
        app.clock.now += 3
        pane.fetch_progress(2, 500)
        assert progress.display and progress.running
        assert str(progress.summary.content) == "Fetching all… 2 pages · 500 items · 3.00 s"
        await pilot.press("slash", "escape")  # closes the body's search prompt, no cancel
        assert app.messages == []
        await pilot.press("escape")
        await pilot.click("#cancel-fetch")
        await pilot.pause()
        assert [type(m).__name__ for m in app.messages] == ["CancelFetchRequested"] * 2
        pane.fetch_finished(500, cancelled=True)
        assert not progress.running and not progress.cancel_button.display
        assert str(progress.summary.content).startswith("Cancelled after 2 pages · 500 items")
        await pilot.press("escape")
        assert len(app.messages) == 2  # nothing left to cancel


async def test_a_known_total_makes_the_bar_determinate_and_a_new_request_hides_it() -> None:
    app = PaneApp()
    async with app.run_test():
        pane = app.query_one(ResponsePane)
        pane.fetch_started()
        assert pane.fetch.bar.percentage is None  # cursor paging: no total yet
        pane.fetch_progress(1, 250, total=1000)
        assert pane.fetch.bar.percentage == 0.25
        pane.fetch_finished(1000, cancelled=False)
        assert pane.fetch.bar.percentage == 1.0 and pane.fetch.display
        pane.show_pending("GET", f"{BASE}/archives.json")
        assert not pane.fetch.display


async def test_save_suggests_a_name_and_posts_the_path() -> None:
    app = PaneApp()
    async with app.run_test() as pilot:
        pane = app.query_one(ResponsePane)
        pane.show_response(contacts_page(None))
        pane.body_view.lines.focus()
        await pilot.press("s")
        assert pane.save_prompt.display and pane.save_prompt.has_focus
        assert pane.save_prompt.value == "contacts-20261127-1012.json"
        await pilot.press("escape")
        assert not pane.save_prompt.display and app.messages == []
        await pilot.press("s", "end", *"x", "enter")
        await pilot.pause()
        assert [(type(m).__name__, getattr(m, "path", None)) for m in app.messages] == [
            ("SaveRequested", Path("contacts-20261127-1012.jsonx"))
        ]
        assert not pane.save_prompt.display


async def test_opening_a_table_row_shows_its_json() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(ResponsePane)
        pane.show_response(contacts_page(None))
        await pilot.press("t")
        pane.results.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, JsonItemScreen)
        assert app.screen.item == CONTACT
        await pilot.press("slash", *"Nurses", "escape")  # search in the row, then close it
        assert isinstance(app.screen, JsonItemScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, JsonItemScreen)


async def test_a_huge_results_list_is_cut_with_a_note() -> None:
    app = PaneApp()
    async with app.run_test() as pilot:
        pane = app.query_one(ResponsePane)
        pane.action_show_tab("table")
        pane.show_response(api_response(200, {"results": [{"n": n} for n in range(1005)]}))
        await pilot.pause()
        assert pane.results.row_count == MAX_ROWS
        assert str(pane.table_note.content) == "The first 1,000 of 1,005 rows (all are in Body)."


async def test_clear_empties_everything() -> None:
    app = PaneApp()
    async with app.run_test():
        pane = app.query_one(ResponsePane)
        pane.action_show_tab("table")
        pane.show_response(contacts_page(f"{BASE}/contacts.json?cursor=n"))
        assert pane.results.row_count == 2
        pane.clear()
        assert pane.response is None and pane.next_url is None
        assert status_of(pane) == ("", set())
        assert pane.results.row_count == 0
