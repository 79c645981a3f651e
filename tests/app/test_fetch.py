"""Send, page, fetch-all and save through the application layer, on an in-process sandbox."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from explorer.app.events import (
    Answered,
    Cancelled,
    Event,
    Failed,
    FetchEnded,
    FetchProgress,
    FetchRetrying,
    Saved,
    SaveFailed,
)
from explorer.app.fetch import Fetch, follow, save, send
from explorer.core.errors import ConnectError, NotFound, ServerError
from explorer.core.request import ApiRequest
from tests.app.support import CONTACTS, Clock, FlakyTransport, sandbox_session, sandbox_transport

# requests on the wire: 1 is the workspace lookup on opening, 2..4 the three pages of contacts
PAGE_2, PAGE_3 = 3, 4


def ended(events: list[Event]) -> FetchEnded:
    [end] = [event for event in events if isinstance(event, FetchEnded)]
    return end


async def clean_run() -> list[Any]:
    """Every contact, fetched without a hitch: what every other run must equal."""
    session = await sandbox_session(Clock(), [])
    crawl = Fetch(session, CONTACTS)
    await crawl.run()
    await session.aclose()
    assert crawl.complete and crawl.results is not None and crawl.pages == 3
    return crawl.results


async def test_send_reports_the_answer_and_returns_it() -> None:
    events: list[Event] = []
    session = await sandbox_session(Clock(), events)
    response = await send(session, CONTACTS)
    assert response is not None and response.status == 200
    assert events == [Answered(CONTACTS, response, 1)]
    await session.aclose()


async def test_an_error_status_is_an_answer_and_no_answer_is_a_failure() -> None:
    events: list[Event] = []
    clock = Clock()
    transport = FlakyTransport(sandbox_transport(clock), drop={3})
    session = await sandbox_session(clock, events, transport=transport)
    missing = ApiRequest("GET", "/api/v2/contacts.json", (("uuid", "nope"),), endpoint="contacts")
    response = await send(session, ApiRequest("GET", "/api/v2/nowhere.json"))
    assert response is not None and isinstance(response.error, NotFound)
    assert await send(session, missing) is None
    failed = events[1]
    assert isinstance(failed, Failed) and isinstance(failed.error, ConnectError)
    await session.aclose()


async def test_a_cancelled_send_says_so() -> None:
    events: list[Event] = []
    clock = Clock()
    transport = FlakyTransport(sandbox_transport(clock), hold=2)
    session = await sandbox_session(clock, events, transport=transport)
    task = asyncio.create_task(send(session, CONTACTS))
    await transport.held.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert events == [Cancelled(CONTACTS)]
    await session.aclose()


async def test_follow_turns_pages_through_the_links() -> None:
    events: list[Event] = []
    session = await sandbox_session(Clock(), events)
    first = await send(session, CONTACTS)
    assert first is not None
    second = await follow(session, CONTACTS, first.json()["next"], 2)
    assert second is not None
    back = await follow(session, CONTACTS, second.json()["previous"], 1)
    assert back is not None and back.json()["results"] == first.json()["results"]
    assert [e.page for e in events if isinstance(e, Answered)] == [1, 2, 1]
    assert len(events) == 3
    await session.aclose()


async def test_fetch_all_reports_progress_and_its_end() -> None:
    events: list[Event] = []
    session = await sandbox_session(Clock(), events)
    crawl = Fetch(session, CONTACTS)
    await crawl.run()
    progress = [(e.pages, e.items) for e in events if isinstance(e, FetchProgress)]
    assert progress == [(1, 250), (2, 500), (3, crawl.items)]
    end = ended(events)
    assert (end.complete, end.error, end.results) == (True, None, await clean_run())
    await session.aclose()


async def test_a_cancelled_fetch_resumes_where_it_stopped_and_equals_a_clean_run() -> None:
    events: list[Event] = []
    clock = Clock()
    transport = FlakyTransport(sandbox_transport(clock), hold=PAGE_2)
    session = await sandbox_session(clock, events, transport=transport)
    crawl = Fetch(session, CONTACTS)
    task = asyncio.create_task(crawl.run())
    await transport.held.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert (crawl.pages, crawl.items, crawl.complete) == (1, 250, False)
    assert crawl.cursor is not None  # where it resumes
    end = ended(events)
    assert (end.pages, end.complete, end.error) == (1, False, None)
    transport.release.set()
    await crawl.run()
    assert crawl.complete and crawl.results == await clean_run()
    assert end.results is not None and len(end.results) == 250  # what was shown stays as it was
    assert transport.urls[-2] == transport.urls[PAGE_2 - 1]  # page 2 asked again, not page 1
    await session.aclose()


async def test_a_fetch_resumed_from_a_kept_cursor_brings_the_rest() -> None:
    session = await sandbox_session(Clock(), [])
    first = Fetch(session, CONTACTS)
    task = asyncio.create_task(first.run())
    while first.pages < 1:
        await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert first.cursor is not None
    rest = Fetch(session, CONTACTS)  # e.g. in a later run, from a resume point kept on disk
    rest.resume_from(first.cursor)
    await rest.run()
    assert first.results is not None and rest.results is not None
    assert first.results + rest.results == await clean_run()
    await session.aclose()


@pytest.mark.parametrize("flaw", ["drop", "fail"])
async def test_a_transient_failure_mid_way_is_retried_and_the_result_equals_a_clean_run(
    flaw: str,
) -> None:
    events: list[Event] = []
    clock = Clock()
    twice = {PAGE_3, PAGE_3 + 1}  # page 3 fails twice, then comes
    inner = sandbox_transport(clock)
    transport = (
        FlakyTransport(inner, drop=twice) if flaw == "drop" else FlakyTransport(inner, fail=twice)
    )
    session = await sandbox_session(clock, events, transport=transport)
    crawl = Fetch(session, CONTACTS)
    await crawl.run()
    assert crawl.complete and crawl.results == await clean_run()
    retries = [e for e in events if isinstance(e, FetchRetrying)]
    assert [(r.attempt, r.delay) for r in retries] == [(1, 0.5), (2, 1.0)]
    error = ConnectError if flaw == "drop" else ServerError
    assert all(isinstance(r.error, error) for r in retries)
    assert clock.slept == [0.5, 1.0]  # the backoff, and no other wait
    await session.aclose()


async def test_retries_are_bounded_then_what_came_is_kept_and_the_fetch_resumes() -> None:
    events: list[Event] = []
    clock = Clock()
    transport = FlakyTransport(sandbox_transport(clock), fail=set(range(PAGE_3, PAGE_3 + 5)))
    session = await sandbox_session(clock, events, transport=transport)
    crawl = Fetch(session, CONTACTS)
    await crawl.run()
    end = ended(events)
    assert (end.pages, end.items, end.complete) == (2, 500, False)
    assert isinstance(end.error, ServerError)
    assert clock.slept == [0.5, 1.0, 2.0, 4.0]  # four retries, doubling
    await crawl.run()  # the server is back
    assert crawl.complete and crawl.results == await clean_run()
    await session.aclose()


async def test_a_client_error_is_not_retried() -> None:
    events: list[Event] = []
    session = await sandbox_session(Clock(), events)
    crawl = Fetch(session, ApiRequest("GET", "/api/v2/nowhere.json"))
    await crawl.run()
    end = ended(events)
    assert isinstance(end.error, NotFound) and end.results == []
    assert not any(isinstance(e, FetchRetrying) for e in events)
    await session.aclose()


async def test_fetch_all_streams_to_a_sink_instead_of_a_list() -> None:
    events: list[Event] = []
    session = await sandbox_session(Clock(), events)
    pages: list[list[Any]] = []
    crawl = Fetch(session, CONTACTS, sink=pages.append)
    await crawl.run()
    assert [len(page) for page in pages][:2] == [250, 250]
    assert [item for page in pages for item in page] == await clean_run()
    assert crawl.results is None and ended(events).results is None
    await session.aclose()


async def test_save_writes_json_lines_and_says_so(tmp_path: Path) -> None:
    events: list[Event] = []
    session = await sandbox_session(Clock(), events)
    target = tmp_path / "contacts.jsonl"
    items = [{"name": "Ann"}, {"name": "Ben"}]
    assert await save(session, items, target)
    assert [json.loads(line) for line in target.read_text().splitlines()] == items
    assert events == [Saved(str(target), 2)]
    blocked = tmp_path / "a file" / "contacts.json"
    (tmp_path / "a file").write_text("")
    assert not await save(session, items, blocked)
    assert isinstance(events[1], SaveFailed) and events[1].path == str(blocked)
    await session.aclose()
