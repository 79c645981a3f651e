"""ResponsePane in a tiny app: statuses, odd bodies, failures, waits, tabs, save and clear."""

from __future__ import annotations

import pytest

from explorer.core import errors, paths
from explorer.core.client import ApiResponse
from explorer.ui.formatting import NEXT_HINT, format_size
from explorer.ui.widgets.response_pane import ResponsePane
from tests.ui.response_pane_support import (
    BASE,
    TOKEN,
    PaneApp,
    api_response,
    contacts_page,
    focused_is,
    status_of,
)
from tests.ui.support import settle_tolerating_cancelled, wait_until


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


async def test_a_500_says_what_the_server_said_as_plain_text() -> None:
    app = PaneApp()
    async with app.run_test():
        pane = app.query_one(ResponsePane)
        said = b"Server Error [b]now[/b].\x1b[31m Site administrators have been notified."
        response = api_response(
            500, raw=said, content_type="text/html", reason="Internal Server Error"
        )
        assert response.error is not None
        pane.show_error(response.error)
        note = str(pane.note.content)
        assert "Server Error [b]now[/b]." in note and "Site administrators" in note
        assert "no reason given" not in note and "\x1b" not in note


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
        proposed = paths.downloads_dir() / "contacts-20261127-1012.json"
        assert pane.save_prompt.display and pane.save_prompt.path_input.has_focus
        assert pane.save_prompt.value == str(proposed)  # in full
        await pilot.press("escape")
        assert not pane.save_prompt.display and app.messages == []
        assert focused_is(app, pane.views.body_view.lines)  # the focus is back
        await pilot.press("s", "end", *"x", "enter")
        await pilot.pause()
        assert [(type(m).__name__, getattr(m, "path", None)) for m in app.messages] == [
            ("SaveRequested", proposed.with_suffix(".jsonx"))
        ]
        assert not pane.save_prompt.display


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
