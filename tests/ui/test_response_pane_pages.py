"""ResponsePane in a tiny app: paging, fetch-all progress and summaries, tables and big bodies."""

from __future__ import annotations

import json

import pytest

from explorer.core.client import ApiResponse
from explorer.ui.formatting import NEXT_HINT, PREV_HINT
from explorer.ui.screens.json_item import JsonItemScreen
from explorer.ui.widgets import response_tabs
from explorer.ui.widgets.fetch_progress import FetchProgress
from explorer.ui.widgets.key_bar import KeyBar
from explorer.ui.widgets.response_pane import ResponsePane
from explorer.ui.widgets.results_table import MAX_ROWS, ResultsTable
from tests.ui.response_pane_support import (
    BASE,
    CONTACT,
    PaneApp,
    api_response,
    contacts_page,
    status_of,
)
from tests.ui.support import settle_tolerating_cancelled


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
