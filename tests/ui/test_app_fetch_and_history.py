"""Longer flows against the demo sandbox (in-process, frozen clocks): fetching every page, rate
limits, the history and its store."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from textual.pilot import Pilot

from explorer.app.events import Sink
from explorer.app.session import Backoff, Session, open_session
from explorer.app.state import shared_store
from explorer.core import paths
from explorer.core.client import ApiResponse
from explorer.core.errors import ConnectError
from explorer.core.profiles import SANDBOX, Profile
from explorer.core.ratelimit import MAX_RETRY_AFTER, RateLimiter
from explorer.core.tokens import SANDBOX_TOKEN, TokenLookup, TokenSource
from explorer.ui.screens.fetch_all import FetchAllScreen
from explorer.ui.screens.history import HistoryScreen
from tests.harness.demo import DEMO_URL, DemoApp, FrozenClock, demo_app
from tests.harness.scenes import choose, settle
from tests.ui.support import (
    field_input,
    focus_within,
    record_toasts,
    sent_so_far,
    wait_until,
)

pytestmark = pytest.mark.slow  # the whole explorer on the demo sandbox


async def fetch_all(pilot: Pilot[int]) -> None:
    """Press a, say yes to the cost (a cursor list's cannot be known), and let it finish."""
    await pilot.press("a")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, FetchAllScreen), "the cost")
    await pilot.press("y")
    await settle(pilot)


async def test_a_429_starts_a_countdown_and_the_next_send_waits_visibly() -> None:
    app = demo_app(rate_per_hour=2, local_limit=2500)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for _ in range(2):
            await pilot.press("ctrl+s")
            await settle(pilot)
        app.clock.advance(3600 - 37)  # the server's window nearly over: it will say 37 s
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.explorer
        assert screen.response_pane.response is not None
        assert screen.response_pane.response.status == 429
        assert screen.rate_bar.waiting() == {"v2.contacts": pytest.approx(37)}
        assert "37 s" in str(screen.rate_bar.render())
        app.clock.advance(10)  # the countdown follows the clock, tick by tick
        screen.rate_bar.tick()
        assert "27 s" in str(screen.rate_bar.render())
        await pilot.press("ctrl+s")  # the limiter holds it until Retry-After has passed
        await wait_until(
            pilot,
            lambda: "waiting" in str(screen.response_pane.status_details.content),
            "the send waiting for the rate limit",
        )
        assert any(w.group == "request" and w.is_running for w in screen.workers)
        assert screen.check_action("cancel", ()) is True
        status = str(screen.response_pane.status_details.content)
        assert "waiting for the rate limit (27 s) — Esc to cancel" in status
        toasts = [n.message for n in app._notifications]
        assert any("Waiting 27 s for the contacts rate limit" in t for t in toasts)
        assert not any("v2." in t for t in toasts)
        await pilot.press("escape")
        await settle(pilot)
        assert not any(w.is_running for w in screen.workers)
        assert str(screen.response_pane.status_code.content) == "cancelled"
        assert "Cancelled" in str(screen.response_pane.note.content)


async def test_fetch_all_then_save(tmp_path: Path) -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        pane = app.explorer.response_pane
        focus_within(pane)
        await fetch_all(pilot)
        assert app.explorer.shown is not None
        fetched = app.explorer.shown.fetched
        assert fetched is not None and len(fetched) > 2 * 250  # three pages, all followed
        assert len({contact["uuid"] for contact in fetched}) == len(fetched)
        assert str(pane.status_code.content) == "all pages"  # the whole listing is the body
        assert f"{len(fetched):,} items fetched" in str(pane.status_details.content)
        target = tmp_path / "contacts.jsonl"
        pane.post_message(pane.SaveRequested(pane, target))
        await settle(pilot)
        assert len(target.read_text().splitlines()) == len(fetched)


async def test_fetch_all_stopped_by_an_error_keeps_what_came() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.session is not None
        client = app.session.client
        get_url = client.get_url
        calls = 0

        async def second_page_fails(url: str) -> ApiResponse:
            nonlocal calls
            calls += 1
            if calls >= 2:  # page 3 of the crawl: the connection drops, each time it is asked
                raise ConnectError("The connection was reset.")
            return await get_url(url)

        async def no_wait(seconds: float) -> None:
            pass

        client.get_url = second_page_fails  # type: ignore[method-assign]
        app.session.backoff = Backoff(attempts=2, sleep=no_wait)
        pane = app.explorer.response_pane
        focus_within(pane)
        await fetch_all(pilot)
        assert app.explorer.shown is not None
        fetched = app.explorer.shown.fetched
        assert fetched is not None and len(fetched) == 2 * 250  # pages 1 and 2 stay
        assert str(pane.status_code.content) == "pages so far"
        assert str(pane.fetch.summary.content).startswith("Stopped by an error after 2 pages")
        toasts = [(n.title, n.message) for n in app._notifications]
        assert calls == 1 + 3  # page 2, then page 3 and its two retries
        assert ("Fetch all: retry 2", "The connection was reset. Asking again in 1 s.") in toasts
        assert (
            "Fetch all stopped at page 3",
            "The connection was reset. The 500 items that came are kept: s saves them; "
            "a resumes the fetch.",
        ) in toasts


async def test_a_history_that_cannot_be_written_is_said_once() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        store = shared_store()  # the app's, in this test's state dir
        store.run("make it read-only", lambda db: db.execute("PRAGMA query_only = ON"), None)
        for _ in range(2):
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert str(app.explorer.response_pane.status_code.content).startswith("200")
        told = [n for n in app._notifications if n.title.startswith("Could not save the history")]
        assert len(told) == 1 and "Requests still go out" in told[0].message
        assert str(store.path) in told[0].message and "readonly" in told[0].message


async def test_a_damaged_store_is_named_at_launch_and_the_app_goes_on_in_memory() -> None:
    path = paths.ensure_dir(paths.state_dir()) / "state.sqlite3"
    path.write_bytes(b"not a database " * 100)
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        told = [n for n in app._notifications if n.title.startswith("Could not save the history")]
        assert len(told) == 1 and str(path) in told[0].message
        assert "Move it aside" in told[0].message
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert str(app.explorer.response_pane.status_code.content).startswith("200")
        assert sent_so_far()[-1].path == "/api/v2/contacts.json"  # in memory
    assert path.read_bytes() == b"not a database " * 100


def throttled_forever(request: httpx.Request) -> httpx.Response:
    """A server that names its workspace, then answers every call 429 with Retry-After: inf."""
    if request.url.path.endswith("workspace.json"):
        return httpx.Response(200, json={"name": "Acme"})
    headers = {"Retry-After": "inf"}
    return httpx.Response(429, json={"detail": "Request was throttled."}, headers=headers)


async def test_an_infinite_retry_after_counts_down_an_hour_without_a_crash() -> None:
    clock = FrozenClock()

    async def opener(profile: Profile, events: Sink) -> Session:
        return await open_session(
            replace(profile, base_url=DEMO_URL),
            events=events,
            find_token=lambda name: TokenLookup(SANDBOX_TOKEN, TokenSource.BUILTIN, "test"),
            transport=httpx.MockTransport(throttled_forever),
            limiter=RateLimiter(clock=clock),
        )

    app = DemoApp(SANDBOX, opener, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.explorer.rate_bar.waiting() == {"v2.contacts": MAX_RETRY_AFTER}
        assert app.session is not None
        assert app.session.client.limiter.wait_time("v2.contacts") == MAX_RETRY_AFTER


async def test_fetch_all_waits_out_a_429_and_completes() -> None:
    app = demo_app(rate_per_hour=2, local_limit=2500)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")  # the first of the server's two contacts calls this hour
        await settle(pilot)
        assert app.session is not None
        waited: list[float] = []

        async def sleep(seconds: float) -> None:  # the hour passes at once
            waited.append(seconds)
            app.clock.advance(seconds)

        app.session.client.limiter.sleep = sleep
        toasts = record_toasts(app)
        pane = app.explorer.response_pane
        focus_within(pane)
        await fetch_all(pilot)  # page 1 again, then page 2 is throttled
        assert len(waited) == 1 and waited[0] > 3000  # the server's Retry-After, waited once
        assert any(t.startswith("Waiting ") and "contacts rate limit" in t for t in toasts)
        assert app.explorer.shown is not None
        fetched = app.explorer.shown.fetched
        assert fetched is not None and len(fetched) > 2 * 250  # it went on to the last page
        assert str(pane.status_code.content) == "all pages"


def history_rows(screen: HistoryScreen) -> list[list[str]]:
    """Method, status and request of every row shown."""
    table = screen.table
    rows = (table.get_row_at(i) for i in range(table.row_count))
    return [[str(row[1]), str(row[2]), str(row[4])] for row in rows]


async def test_history_is_searched_as_one_types() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        field_input(app, "group").focus()
        await pilot.press(*"Farmers", "ctrl+s")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        # the workspace on connecting, the groups the picker offered, the contacts
        assert len(history_rows(app.screen)) == 3
        await pilot.press("slash", *"farm")
        await settle(pilot)
        assert history_rows(app.screen) == [["GET", "200", "contacts.json?group=Farmers"]]
        await pilot.press(*"zzz")
        await settle(pilot)
        assert not app.screen.table.display
        assert str(app.screen.empty.content) == "Nothing matches."
        await pilot.press(*["backspace"] * 7, "enter", "enter")  # all again; the newest
        await settle(pilot)
        screen = app.explorer
        assert screen.app.screen is screen
        assert screen.operation is not None and screen.operation.name == "contacts.GET"


async def test_history_reopens_a_past_request_in_its_form() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        field_input(app, "group").focus()
        await pilot.press(*"Farmers", "ctrl+s")
        await settle(pilot)
        await choose(pilot, "add or rename a group")
        app.explorer.form.field("name").set_value("Beekeepers")  # type: ignore[union-attr]
        await pilot.press("ctrl+s")
        await settle(pilot)
        await choose(pilot, "list labels")
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert history_rows(app.screen)[:2] == [
            ["POST", "201", "groups.json"],
            ["GET", "200", "contacts.json?group=Farmers"],
        ]
        await pilot.press("down", "enter")  # the GET, one row below the newest
        await settle(pilot)
        screen = app.explorer
        assert screen.app.screen is screen
        assert screen.operation is not None and screen.operation.name == "contacts.GET"
        assert field_input(app, "group").value == "Farmers"
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("enter")  # the POST: its body comes back
        await settle(pilot)
        assert screen.operation is not None and screen.operation.name == "groups.POST"
        assert screen.form.values() == ({}, {"name": "Beekeepers"})
