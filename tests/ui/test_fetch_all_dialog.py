"""The fetch-all dialog in the explorer: its cost asked first, and an earlier run offered for
resuming, also after a restart of the app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.pilot import Pilot

from explorer.app.session import Backoff
from explorer.core.client import ApiResponse
from explorer.core.errors import ConnectError
from explorer.ui.screens import explorer_requests
from explorer.ui.screens.fetch_all import FetchAllScreen
from tests.harness.demo import DemoApp, demo_app
from tests.harness.scenes import settle
from tests.ui.support import focus_within, record_toasts, wait_until

pytestmark = pytest.mark.slow  # the whole explorer on the demo sandbox


async def ask_fetch_all(pilot: Pilot[int], app: DemoApp) -> FetchAllScreen:
    """Send GET contacts, press a in the answer, and wait for the dialog."""
    await pilot.press("ctrl+s")
    await settle(pilot)
    focus_within(app.explorer.response_pane)
    await pilot.press("a")
    await wait_until(pilot, lambda: isinstance(app.screen, FetchAllScreen), "the dialog")
    assert isinstance(app.screen, FetchAllScreen)
    return app.screen


def dialog_text(dialog: FetchAllScreen) -> str:
    return " ".join(str(s.render()) for s in dialog.query("Static, Button"))


def spooled_uuids(app: DemoApp) -> list[str]:
    shown = app.explorer.shown
    assert shown is not None and shown.spool is not None
    return [json.loads(line)["uuid"] for line in shown.spool.read_text().splitlines()]


async def test_a_cost_that_cannot_be_known_is_asked_about_and_not_now_fetches_nothing() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dialog = await ask_fetch_all(pilot, app)
        text = dialog_text(dialog)
        assert "cannot be known" in text and "up to 250 items is one request" in text
        assert "2,499 of the 2,500 contacts requests an hour are left" in text
        assert "Resume" not in text and "Fetch all (y)" in text
        await pilot.press("n")
        await settle(pilot)
        assert not isinstance(app.screen, FetchAllScreen)
        pane = app.explorer.response_pane
        assert not pane.fetch.display and pane.next_url is not None  # the page stays, unfetched
        assert app.session is not None and app.session.limiter.used("v2.contacts") == 1


async def test_a_fetch_stopped_by_an_error_is_resumed_after_a_restart_without_duplicates() -> None:
    first = demo_app()
    async with first.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert first.session is not None
        get_url = first.session.client.get_url
        calls = 0

        async def third_page_drops(url: str) -> ApiResponse:
            nonlocal calls
            calls += 1
            if calls >= 2:  # page 1 is a send, page 2 the first link followed: page 3 drops
                raise ConnectError("The connection was reset.")
            return await get_url(url)

        async def no_wait(seconds: float) -> None:
            pass

        first.session.backoff = Backoff(attempts=1, sleep=no_wait)
        await ask_fetch_all(pilot, first)
        first.session.client.get_url = third_page_drops  # type: ignore[method-assign]
        await pilot.press("y")
        await settle(pilot)
        assert len(spooled_uuids(first)) == 500  # pages 1 and 2, on disk
        pane = first.explorer.response_pane
        assert pane.resumable and pane.check_action("fetch_all", ()) is True
        await pilot.press("a")  # on the pages that came: no need to send again
        await wait_until(pilot, lambda: isinstance(first.screen, FetchAllScreen), "the offer")
        offer = first.screen
        assert isinstance(offer, FetchAllScreen)
        assert "Resume from page 3 (500 items kept) (r)" in dialog_text(offer)
        await pilot.press("n")
    restarted = demo_app()  # the same state dir: the store and the spool file are still there
    async with restarted.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dialog = await ask_fetch_all(pilot, restarted)
        assert "Resume from page 3 (500 items kept) (r)" in dialog_text(dialog)
        await pilot.press("r")
        await settle(pilot)
        resumed = spooled_uuids(restarted)
        assert restarted.session is not None
        assert restarted.session.limiter.used("v2.contacts") == 1 + 1  # the send, page 3
        assert len(set(resumed)) == len(resumed) > 500
        shown = restarted.explorer.shown
        assert (
            shown is not None and shown.fetched is not None and len(shown.fetched) == len(resumed)
        )
        await ask_fetch_all(pilot, restarted)  # complete: nothing to resume, a clean run
        await pilot.press("y")
        await settle(pilot)
        assert spooled_uuids(restarted) == resumed


async def test_fetch_all_pauses_to_leave_a_reserve_of_the_hour_and_says_so() -> None:
    app = demo_app(contacts=2500, local_limit=10)  # ten pages; fetch-all leaves 1 of 10 requests
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.session is not None
        waited: list[float] = []

        async def sleep(seconds: float) -> None:  # the hour passes at once
            waited.append(seconds)
            app.clock.advance(seconds)

        app.session.limiter.sleep = sleep
        toasts = record_toasts(app)
        await ask_fetch_all(pilot, app)
        await pilot.press("y")
        await settle(pilot)
        assert len(waited) == 1 and waited[0] > 3000  # after the send and 8 pages: 9 of 10
        assert any(
            t.startswith("Fetch all pauses ")
            and "it leaves 1 contacts requests of the hour to your own" in t
            for t in toasts
        )
        uuids = spooled_uuids(app)
        assert len(uuids) == len(set(uuids)) > 9 * 250  # all ten pages
        assert str(app.explorer.response_pane.status_code.content) == "all pages"


async def test_a_big_fetch_shows_its_first_items_says_where_the_rest_are_and_saves_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(explorer_requests, "SHOWN_BYTES", 100_000)  # about 130 contacts
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await ask_fetch_all(pilot, app)
        await pilot.press("y")
        await settle(pilot)
        everything = spooled_uuids(app)
        shown = app.explorer.shown
        assert shown is not None and shown.fetched is not None and shown.spool is not None
        assert 10 < len(shown.fetched) < 250 and len(everything) > 500
        pane = app.explorer.response_pane
        assert f"{len(everything):,} items fetched" in str(pane.status_details.content)
        note = str(pane.note.content)
        assert f"The first {len(shown.fetched)} of the {len(everything)} items are shown" in note
        assert str(shown.spool) in note
        target = tmp_path / "all.jsonl"
        pane.post_message(pane.SaveRequested(pane, target))
        await settle(pilot)
        saved = [json.loads(line)["uuid"] for line in target.read_text().splitlines()]
        assert saved == everything  # from the file, not the items shown
        assert pane.check_action("fetch_all", ()) is None  # complete: nothing left to fetch
        pane.views.body_view.apply_filter("[.results[] | {name}]")
        await wait_until(pilot, lambda: "jq" in str(pane.views.body_view.status.render()), "jq")
        filtered = tmp_path / "names.csv"
        pane.post_message(pane.SaveRequested(pane, filtered))
        await settle(pilot)
        lines = filtered.read_text().splitlines()
        assert lines[0] == "name" and len(lines) == 1 + len(shown.fetched)  # what the view shows
