"""Fetch-all you can trust: spooled to a file, resumed after a cancel, an error or a restart
without duplicates or gaps, paced to the hour's budget, and its cost said before it starts."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest

from explorer.app.cost import estimate
from explorer.app.events import Event, FetchEnded, Throttled, Waiting
from explorer.app.fetch import Fetch, send
from explorer.app.spool import KEEP_DONE, Spool, iter_items, prune_spools, read_items
from explorer.app.state import open_store
from explorer.app.store import Store
from explorer.core.errors import ConfigError, ConnectError
from explorer.core.ratelimit import RateLimiter
from explorer.core.request import ApiRequest
from tests.app.support import CONTACTS, Clock, FlakyTransport, sandbox_session, sandbox_transport

# requests on the wire: 1 is the workspace lookup on opening, then the pages
PAGE_2, PAGE_3 = 3, 4
ARCHIVES = ApiRequest("GET", "/api/v2/archives.json", (("limit", "2"),), endpoint="archives")


async def clean_uuids() -> list[str]:
    session = await sandbox_session(Clock(), [])
    crawl = Fetch(session, CONTACTS)
    await crawl.run()
    await session.aclose()
    assert crawl.complete and crawl.results is not None
    return [item["uuid"] for item in crawl.results]


def spool_of(store: Store, tmp_path: Path) -> Spool:
    return Spool(store, "sandbox", CONTACTS, directory=tmp_path / "fetch")


async def test_a_fetch_cancelled_dropped_throttled_and_restarted_equals_a_clean_one(
    tmp_path: Path,
) -> None:
    clock = Clock()
    inner = sandbox_transport(clock, rate_per_hour=2)  # the server throttles the third page
    database = tmp_path / "state.sqlite3"
    # 1: cancelled while page 2 is on its way
    store = open_store(database)
    transport = FlakyTransport(inner, hold=PAGE_2, drop=set(range(PAGE_3 + 1, PAGE_3 + 6)))
    session = await sandbox_session(clock, [], transport=transport, history=store)
    crawl = Fetch(session, CONTACTS, spool=spool_of(store, tmp_path))
    task = asyncio.create_task(crawl.run())
    await transport.held.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    kept = spool_of(store, tmp_path).kept()
    assert kept is not None and (kept.next_page, kept.point.items) == (2, 250)
    # 2: resumed; page 2 comes, then the connection drops on page 3 beyond every retry
    transport.release.set()
    events: list[Event] = []
    session.client.events = events.append
    again = Fetch(session, CONTACTS, spool=spool_of(store, tmp_path))
    again.resume_kept(kept)
    await again.run()
    [end] = [e for e in events if isinstance(e, FetchEnded)]
    assert isinstance(end.error, ConnectError) and (end.pages, end.items) == (2, 500)
    await session.aclose()
    store.close()
    # 3: the app restarts (a new store on the same file, a new session); page 3 is throttled
    store = open_store(database)
    kept = spool_of(store, tmp_path).kept()
    assert kept is not None and (kept.next_page, kept.point.items) == (3, 500)
    with kept.path.open("a") as spool_file:  # page 3 written, then the app died before its mark
        spool_file.write('{"uuid": "written but not recorded"}\n')
    events = []
    session = await sandbox_session(clock, events, transport=inner, history=store)
    last = Fetch(session, CONTACTS, spool=spool_of(store, tmp_path))
    last.resume_kept(kept)
    await last.run()
    assert any(isinstance(e, Throttled) for e in events)  # a 429, waited out
    assert last.complete and last.results is None  # the items are on disk, not in memory
    uuids = [item["uuid"] for item in iter_items(kept.path)]
    assert uuids == await clean_uuids()
    assert len(set(uuids)) == len(uuids)
    assert spool_of(store, tmp_path).kept() is None  # complete: nothing left to resume
    await session.aclose()
    store.close()


async def test_a_resume_point_whose_file_is_gone_is_forgotten(tmp_path: Path) -> None:
    store = open_store(tmp_path / "state.sqlite3")
    session = await sandbox_session(Clock(), [], history=store)
    crawl = Fetch(session, CONTACTS, spool=spool_of(store, tmp_path))
    task = asyncio.create_task(crawl.run())
    while crawl.pages < 1:
        await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert spool_of(store, tmp_path).kept() is not None
    spool_of(store, tmp_path).path.unlink()
    assert spool_of(store, tmp_path).kept() is None
    assert store.resume_point("sandbox", "GET /api/v2/contacts.json") is None
    await session.aclose()


def test_the_spool_is_read_back_up_to_a_size(tmp_path: Path) -> None:
    store = open_store(tmp_path / "state.sqlite3")
    spool = spool_of(store, tmp_path)
    spool.open(None)
    spool.write([{"n": n} for n in range(1000)])
    spool.close()
    first = read_items(spool.path, max_bytes=100)
    assert first == [{"n": n} for n in range(len(first))] and 5 < len(first) < 20
    assert len(list(iter_items(spool.path))) == 1000


async def test_fetch_all_leaves_a_reserve_of_the_hour_to_other_requests() -> None:
    clock = Clock()
    events: list[Event] = []
    session = await sandbox_session(clock, events, local_limit=10)
    crawl = Fetch(session, CONTACTS, reserve=8)  # two requests an hour for fetch-all
    await crawl.run()
    assert crawl.complete and crawl.pages == 3
    [pause] = [e for e in events if isinstance(e, Waiting)]
    assert (pause.scope, pause.reserve) == ("v2.contacts", 8)
    assert clock.slept == [pytest.approx(3600, abs=1)]  # page 3 waited for page 1 to age out
    await session.aclose()


def test_the_limiter_counts_a_reserve() -> None:
    clock = Clock()
    limiter = RateLimiter(10, clock=clock)
    for _ in range(7):
        limiter.record("v2")
        clock.seconds += 1
    assert limiter.wait_time("v2") == 0 and limiter.wait_time("v2", reserve=2) == 0
    assert limiter.wait_time("v2", reserve=3) == pytest.approx(3600 - 7)


async def test_the_cost_of_a_cursor_list_cannot_be_known_so_it_is_asked() -> None:
    session = await sandbox_session(Clock(), [])
    shown = await send(session, CONTACTS)
    assert shown is not None
    cost = estimate(session, CONTACTS, shown)
    assert (cost.pages, cost.page_size, cost.scope) == (None, 250, "v2.contacts")
    assert cost.ask_first and cost.remaining == 2500 - 1
    assert "cannot be known" in " ".join(cost.sentences("contacts"))
    await session.aclose()


async def test_the_cost_of_a_counted_list_is_its_pages_against_the_hour() -> None:
    session = await sandbox_session(Clock(), [], local_limit=20)
    shown = await send(session, ARCHIVES)
    assert shown is not None
    body: Any = shown.json()
    cost = estimate(session, ARCHIVES, shown)
    assert cost.items == body["count"] and cost.pages == -(-body["count"] // 2) > 1
    assert cost.remaining == 20 - 2  # the workspace lookup and this page, in scope v2
    assert cost.pages is not None and cost.ask_first == (cost.pages > 9)  # half of the 18 left
    text = " ".join(cost.sentences("general"))
    assert f"{cost.pages} requests" in text and "18 of the 20 general requests" in text
    await session.aclose()


async def test_a_one_page_list_costs_one_request() -> None:
    session = await sandbox_session(Clock(), [])
    listing = await send(session, CONTACTS)
    assert listing is not None
    request = CONTACTS.with_param("uuid", listing.json()["results"][0]["uuid"])
    shown = await send(session, request)
    assert shown is not None
    cost = estimate(session, request, shown)
    assert cost.pages == 1 and not cost.ask_first
    await session.aclose()


def test_finished_spools_are_pruned_after_a_day_and_resumable_ones_kept(tmp_path: Path) -> None:
    store = open_store(tmp_path / "state.sqlite3")
    directory = tmp_path / "fetch"
    resumable = Spool(store, "sandbox", CONTACTS, directory=directory)
    resumable.open(None)
    resumable.write([{"uuid": "a"}])
    resumable.mark("http://127.0.0.1:1/api/v2/contacts.json?cursor=x", 1, 1)
    resumable.close()
    old = Spool(store, "sandbox", ARCHIVES, directory=directory)
    old.open(None)
    old.close()
    young = Spool(store, "other", ARCHIVES, directory=directory)
    young.open(None)
    young.close()
    day_later = young.path.stat().st_mtime + KEEP_DONE + 60
    os.utime(old.path, (day_later - KEEP_DONE - 120, day_later - KEEP_DONE - 120))
    os.utime(resumable.path, (0, 0))  # very old, but it can be resumed
    os.utime(young.path, (day_later - 60, day_later - 60))
    prune_spools(store, directory, now=day_later)
    assert sorted(p.name for p in directory.iterdir()) == sorted(
        [resumable.path.name, young.path.name]
    )
    prune_spools(store, tmp_path / "nowhere", now=day_later)  # no directory: nothing to do


def test_a_spool_cut_short_after_its_check_is_not_resumed_with_a_gap(tmp_path: Path) -> None:
    store = open_store(tmp_path / "state.sqlite3")
    spool = spool_of(store, tmp_path)
    spool.open(None)
    spool.write([{"n": 1}, {"n": 2}])
    spool.mark("http://127.0.0.1:1/api/v2/contacts.json?cursor=x", 1, 2)
    spool.close()
    kept = spool.kept()
    assert kept is not None
    kept.path.write_text('{"n": 1}\n')  # cut by something else after the check
    with pytest.raises(ConfigError, match="fewer items than the fetch-all counted"):
        spool.open(kept.point.items)
    kept.path.unlink()
    with pytest.raises(ConfigError, match="Cannot write"):
        spool.open(kept.point.items)
