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
from textual.widget import Widget

from explorer.core import errors
from explorer.core.client import ApiResponse
from explorer.ui.formatting import NEXT_HINT, PREV_HINT, format_size
from explorer.ui.screens.json_item import JsonItemScreen
from explorer.ui.widgets import response_tabs
from explorer.ui.widgets.fetch_progress import FetchProgress
from explorer.ui.widgets.key_bar import KeyBar
from explorer.ui.widgets.response_pane import ResponsePane
from explorer.ui.widgets.results_table import MAX_ROWS, ResultsTable
from tests.ui.support import WIDGET_STYLESHEETS, settle_tolerating_cancelled, wait_until

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


async def test_a_page_of_contacts_fills_status_table_headers_and_request() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(ResponsePane)
        pane.show_response(contacts_page(f"{BASE}/contacts.json?cursor=b"), page_number=1)
        assert pane.views.results.row_count == 0  # tabulated only when the Table tab shows
        assert pane.views.tabs.get_tab("table").label.plain == "Table 2"
        pane.action_show_tab("table")
        await pilot.pause()
        assert status_of(pane) == ("200 OK", {"-success"})
        size = format_size(pane.response.size if pane.response else 0)
        assert str(pane.status_details.content) == f"312 ms · {size} · page 1 · {NEXT_HINT}"
        assert not pane.note.display
        assert pane.views.results.row_count == 2 and pane.views.results.display
        assert not pane.views.table_note.display
        assert "Content-Type: application/json" in str(pane.views.headers_text.content)
        assert str(pane.views.request_text.content) == f"GET {BASE}/contacts.json"


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
        assert not pane.views.results.display
        assert str(pane.views.table_note.content).startswith("No list to tabulate")


async def test_an_empty_body_gets_a_note_and_text_goes_to_the_body_tab() -> None:
    app = PaneApp()
    async with app.run_test():
        pane = app.query_one(ResponsePane)
        pane.show_response(api_response(204, raw=b"", reason="No Content"))
        assert str(pane.note.content) == "No body (HTTP 204)." and pane.note.display
        pane.show_response(api_response(200, raw=b"<html>docs</html>", content_type="text/html"))
        assert not pane.note.display
        assert pane.views.body_view.body.text == "<html>docs</html>"


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
        assert str(pane.views.request_text.content) == f"GET {BASE}/contacts.json"


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
        shown = "sending… 1.50 s"
        await wait_until(pilot, lambda: str(pane.status_details.content) == shown, "a tick")
        request = str(pane.views.request_text.content)
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
        assert str(pane.views.request_text.content).startswith(f"POST {BASE}/groups.json\nAuth")


async def test_paging_keys_post_the_links_and_do_nothing_without_them() -> None:
    app = PaneApp()
    async with app.run_test() as pilot:
        pane = app.query_one(ResponsePane)
        pane.show_response(contacts_page(None))
        pane.views.body_view.lines.focus()
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
        pane.views.body_view.lines.focus()
        seen = []
        for key in ("t", "e", "h", "r", "b"):
            await pilot.press(key)
            await pilot.pause()
            active = pane.views.tabs.active_pane
            assert active is not None and app.focused in list(active.query("*"))
            seen.append(pane.views.tabs.active)
        assert seen == ["table", "tree", "headers", "request", "body"]
        assert app.focused is pane.views.body_view.lines


async def test_fetch_all_progress_cancel_and_finish() -> None:
    app = PaneApp()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = app.query_one(ResponsePane)
        pane.show_response(contacts_page(f"{BASE}/contacts.json?cursor=n"))
        pane.views.body_view.lines.focus()  # the body view has an Escape of its own
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


async def test_the_body_view_e_opens_the_tree_and_shift_tab_stays_in_the_pane() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(ResponsePane)
        pane.show_response(contacts_page(None))
        pane.views.body_view.lines.focus()
        await pilot.press("e")
        await pilot.pause()
        assert pane.views.tabs.active == "tree" and focused_is(app, pane.views.tree_view)
        assert str(pane.views.tree_view.root.label) == "body {3}"
        await pilot.press("b")
        await pilot.pause()
        assert focused_is(app, pane.views.body_view.lines)
        await pilot.press("shift+tab")
        assert app.focused is not None and pane in app.focused.ancestors


async def test_save_suggests_a_name_and_posts_the_path() -> None:
    app = PaneApp()
    async with app.run_test() as pilot:
        pane = app.query_one(ResponsePane)
        pane.show_response(contacts_page(None))
        pane.views.body_view.lines.focus()
        await pilot.press("s")
        assert pane.save_prompt.display and pane.save_prompt.has_focus
        assert pane.save_prompt.value == "contacts-20261127-1012.json"
        await pilot.press("escape")
        assert not pane.save_prompt.display and app.messages == []
        await pilot.press("s", "end", *"x", "enter")
        await pilot.pause()
        assert [(type(m).__name__, getattr(m, "path", None)) for m in app.messages] == [
            ("SaveRequested", Path.cwd() / "contacts-20261127-1012.jsonx")
        ]
        assert not pane.save_prompt.display


async def test_opening_a_table_row_shows_its_json() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(ResponsePane)
        pane.show_response(contacts_page(None))
        await pilot.press("t")
        pane.views.results.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, JsonItemScreen)
        assert app.screen.item == CONTACT
        assert [type(m) for m in app.messages] == [ResultsTable.RowOpened]  # up to the screen
        await pilot.pause()
        shown_keys = {hint.description for hint in app.screen.query_one(KeyBar).hints}
        assert {"Close", "Search", "jq filter"} <= shown_keys and "Sort" not in shown_keys
        await pilot.press("slash", *"Nurses", "escape")  # search in the row, then close it
        assert isinstance(app.screen, JsonItemScreen)
        await pilot.press("shift+down", "escape")  # select lines, clear the selection
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
        assert pane.views.results.row_count == MAX_ROWS
        assert (
            str(pane.views.table_note.content) == "The first 1,000 of 1,005 rows (all are in Body)."
        )


async def test_clear_empties_everything() -> None:
    app = PaneApp()
    async with app.run_test():
        pane = app.query_one(ResponsePane)
        pane.action_show_tab("table")
        pane.show_response(contacts_page(f"{BASE}/contacts.json?cursor=n"))
        assert pane.views.results.row_count == 2
        pane.clear()
        assert pane.response is None and pane.next_url is None
        assert status_of(pane) == ("", set())
        assert pane.views.results.row_count == 0


@pytest.mark.parametrize(
    ("response", "page_shown", "table_label"),
    [
        (contacts_page(f"{BASE}/contacts.json?cursor=n"), True, "Table 2"),
        (api_response(201, {"uuid": "x", "name": "Nurses"}, reason="Created"), False, "Table"),
        (api_response(204, raw=b"", reason="No Content"), False, "Table"),
        (api_response(200, {"results": [{"a": 1}]}), False, "Table 1"),  # statistics: no paging
        (api_response(200, [1, 2, 3]), False, "Table 3"),
        (api_response(400, {"flow": ["No such object: f590"]}, reason="Bad Request"), False,
         "Table"),
    ],
    ids=["page", "201", "204", "results-only", "top-level-list", "error-body"],
)  # fmt: skip
async def test_only_a_page_of_a_list_shows_a_page_number_and_only_lists_make_tables(
    response: ApiResponse, page_shown: bool, table_label: str
) -> None:
    app = PaneApp()
    async with app.run_test():
        pane = app.query_one(ResponsePane)
        pane.show_response(response, page_number=1)
        assert ("page 1" in str(pane.status_details.content)) is page_shown
        assert pane.views.tabs.get_tab("table").label.plain == table_label


async def test_the_status_line_wraps_instead_of_cutting_the_paging_keys() -> None:
    app = PaneApp()
    async with app.run_test(size=(45, 20)) as pilot:
        pane = app.query_one(ResponsePane)
        pane.show_response(contacts_page(f"{BASE}/c?cursor=n", f"{BASE}/c?cursor=p"), 2)
        await pilot.pause()
        details = str(pane.status_details.content)
        assert details.endswith(f"page 2 · {PREV_HINT} · {NEXT_HINT}")
        line = pane.query_one("#status-line")
        assert pane.status_code.size.width + pane.status_details.size.width <= line.size.width
        assert pane.status_details.size.height == 2  # the rest goes to a second line
        region = pane.status_details.region.reset_offset
        shown = [strip.text.strip() for strip in pane.status_details.render_lines(region)]
        for hint in (PREV_HINT, NEXT_HINT):  # each key stays with its word
            assert any(hint in line for line in shown), shown


async def test_a_non_json_success_says_so_and_its_long_lines_wrap() -> None:
    app = PaneApp()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(ResponsePane)
        page = b"<html><body><h1>502 Bad Gateway</h1>" + b"nginx " * 30 + b"</body></html>"
        pane.show_response(api_response(200, raw=page, content_type="text/html; charset=utf-8"))
        await pilot.pause()
        assert str(pane.status_details.content).endswith("· not JSON (text/html)")
        document = pane.views.body_view.lines.document
        assert document.line_count > 1  # one long line, wrapped to the view
        assert max(len(document.line(n)) for n in range(document.line_count)) <= 60
        assert not pane.check_action("save", ())


async def test_a_400_note_is_one_line_of_the_servers_objections() -> None:
    app = PaneApp()
    async with app.run_test():
        pane = app.query_one(ResponsePane)
        body = {"flow": ["No such object: f5901b62"], "urns": {"0": ["Invalid URN"]}}
        response = api_response(400, body, reason="Bad Request")
        assert isinstance(response.error, errors.BadRequest)
        pane.show_error(response.error)
        note = str(pane.note.content)
        assert note == "Rejected: flow: No such object: f5901b62; urns.0: Invalid URN"


async def test_a_request_cancelled_on_its_way_says_cancelled() -> None:
    app = PaneApp()
    async with app.run_test():
        pane = app.query_one(ResponsePane)
        pane.show_pending("POST", f"{BASE}/contacts.json")
        pane.show_cancelled()
        assert status_of(pane) == ("cancelled", {"-error"})
        assert "may still have acted" in str(pane.note.content)
        assert str(pane.views.request_text.content) == f"POST {BASE}/contacts.json"


async def test_a_send_waiting_for_the_rate_limit_counts_down_then_counts_the_send() -> None:
    app = PaneApp()
    async with app.run_test() as pilot:
        pane = app.query_one(ResponsePane)
        pane.show_pending("GET", f"{BASE}/contacts.json")
        pane.show_waiting(3591)
        expected = "waiting for the rate limit (59:51) — Esc to cancel"
        assert str(pane.status_details.content) == expected
        app.clock.now += 3592
        sending = lambda: str(pane.status_details.content).startswith("sending… ")  # noqa: E731
        await wait_until(pilot, sending, "the wait over")


async def test_fetched_items_are_shown_as_one_body_for_jq_tree_and_table() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(ResponsePane)
        pane.show_response(contacts_page(f"{BASE}/contacts.json?cursor=n"))
        pane.fetch_started()
        items = [{"n": n} for n in range(600)]
        pane.fetch_finished(len(items), cancelled=False, results=items)
        await settle_tolerating_cancelled(pilot)
        assert status_of(pane) == ("all pages", {"-success"})
        assert str(pane.status_details.content) == "600 items fetched"
        assert pane.next_url is None and pane.views.tabs.get_tab("table").label.plain == "Table 600"
        assert json.loads(pane.views.body_view.body.text) == {"results": items}
        pane.views.body_view.apply_filter(".results | length")
        await settle_tolerating_cancelled(pilot)
        assert pane.views.body_view.lines.document.text == "600"
        await pilot.press("t")
        await pilot.pause()
        assert pane.views.results.row_count == 600
        assert pane.check_action("save", ())
        pane.fetch_started()
        pane.fetch_finished(250, cancelled=True, results=items[:250])
        assert status_of(pane) == ("pages so far", {"-success"})


async def test_a_big_body_is_parsed_only_when_the_tree_or_table_is_opened(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(response_tabs, "EAGER_PARSE_BYTES", 10)
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(ResponsePane)
        page = contacts_page(f"{BASE}/contacts.json?cursor=n")
        pane.show_response(page, page_number=1)
        assert "_parsed" not in vars(page)  # not parsed on showing it
        assert pane.next_url == f"{BASE}/contacts.json?cursor=n"  # read from its first bytes
        assert f"page 1 · {NEXT_HINT}" in str(pane.status_details.content)
        await pilot.press("t")
        await settle_tolerating_cancelled(pilot)
        assert pane.views.results.row_count == 2
        assert pane.views.tabs.get_tab("table").label.plain == "Table 2"


async def test_a_body_too_big_for_the_tree_says_to_use_body_and_jq(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(response_tabs, "EAGER_PARSE_BYTES", 10)
    monkeypatch.setattr(response_tabs, "MAX_VIEW_BYTES", 100)
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(ResponsePane)
        page = contacts_page(None)
        pane.show_response(page)
        await pilot.press("e")
        await settle_tolerating_cancelled(pilot)
        assert str(pane.views.tree_view.root.label).startswith("Too big for this view")
        assert "_parsed" not in vars(page)


async def test_on_a_narrow_pane_the_fetch_summary_wraps_with_every_count() -> None:
    app = PaneApp()
    async with app.run_test(size=(45, 20)) as pilot:
        pane = app.query_one(ResponsePane)
        pane.show_response(contacts_page(f"{BASE}/contacts.json?cursor=n"))
        pane.fetch_started()
        app.clock.now += 0.52
        pane.fetch_progress(12, 2970)
        pane.fetch_finished(2970, cancelled=False)
        await pilot.pause()
        summary = pane.fetch.summary
        assert str(summary.content) == "Fetched 12 pages · 2,970 items · 520 ms · s to save"
        assert summary.size.height >= 2
        assert summary.region.right <= pane.region.right


async def test_a_long_jq_error_is_shown_whole() -> None:
    app = PaneApp()
    async with app.run_test(size=(45, 20)) as pilot:
        pane = app.query_one(ResponsePane)
        pane.show_response(contacts_page(None))
        pane.views.body_view.apply_filter(".results[] | select(.name == ")
        await settle_tolerating_cancelled(pilot)
        status = pane.views.body_view.status
        assert str(status.content).startswith("Bad jq filter: syntax error")
        assert status.size.height > 1  # wrapped, not cut at the edge


async def test_a_wait_during_fetch_all_shows_on_the_fetch_line_and_keeps_the_page() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 40)):
        pane = app.query_one(ResponsePane)
        pane.show_response(contacts_page(f"{BASE}/contacts.json?cursor=n"), page_number=1)
        pane.fetch_started()
        pane.fetch_progress(4, 1000)
        pane.show_waiting(125)
        assert status_of(pane) == ("200 OK", {"-success"})
        summary = str(pane.fetch.summary.content)
        assert summary.endswith(
            "1,000 items · 0 ms · waiting for the rate limit (2:05) — Esc to cancel"
        )
        app.clock.now += 126
        pane.fetch_progress(5, 1250)
        assert "waiting" not in str(pane.fetch.summary.content)


@pytest.mark.parametrize(
    "link",
    [
        5,
        ["x"],
        "https://evil.example/api/v2/contacts.json?cursor=n",
        "https://textit.example:99999/c",
    ],
    ids=["number", "list", "other-host", "bad-port"],
)
async def test_a_next_link_that_cannot_be_followed_keeps_the_page_and_says_why(
    link: object,
) -> None:
    app = PaneApp()
    async with app.run_test() as pilot:
        pane = app.query_one(ResponsePane)
        pane.show_response(
            api_response(200, {"next": link, "previous": None, "results": [CONTACT]})
        )
        pane.views.body_view.lines.focus()
        await pilot.press("right_square_bracket", "a")
        await pilot.pause()
        assert app.messages == [] and pane.next_url is None
        assert pane.note.display and '"next" link' in str(pane.note.content)
        assert pane.response is not None and pane.views.is_json


async def test_json_too_deep_is_shown_as_text_and_the_status_says_why() -> None:
    app = PaneApp()
    async with app.run_test() as pilot:
        pane = app.query_one(ResponsePane)
        pane.show_response(api_response(200, raw=b"[" * 5000 + b"]" * 5000))
        for key in ("e", "t", "b"):
            await pilot.press(key)
        await pilot.pause()
        assert "nested over" in str(pane.status_details.content)
        assert pane.views.body_view.body.text.startswith("[[[")
