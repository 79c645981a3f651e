"""The application side of ``call``: operations found, requests built as the form builds them,
saved queries, writes guarded, 429s waited out, every page streamed with flat memory."""

from __future__ import annotations

import json
import tracemalloc
from dataclasses import replace
from typing import Any

import pytest

from explorer.app.call import (
    CallRefused,
    ItemFilter,
    ReadAhead,
    build_call,
    fetch_every_page,
    find_operation,
    send_call,
)
from explorer.app.events import Event, Throttled
from explorer.app.guard import WriteGuard, write_guard
from explorer.core.catalog import load_catalog
from explorer.core.errors import FilterError, ValidationError
from explorer.core.jsonfilter import run_jq
from explorer.core.profiles import SANDBOX, Profile
from explorer.core.request import build_request, parse_query_text
from tests.app.support import (
    CONTACTS,
    Clock,
    FlakyTransport,
    sandbox_session,
    sandbox_transport,
)

CATALOG = load_catalog()


def test_find_operation_names_the_endpoints_close_to_a_typo() -> None:
    assert find_operation(CATALOG, "get", "contacts").name == "contacts.GET"
    with pytest.raises(CallRefused, match=r"Did you mean campaigns, campaign_events\?"):
        find_operation(CATALOG, "GET", "campaign")
    with pytest.raises(CallRefused, match="See `textit-explorer endpoints`"):
        find_operation(CATALOG, "GET", "zzzz")
    with pytest.raises(CallRefused, match="takes no 'POST'; it takes GET"):
        find_operation(CATALOG, "POST", "archives")


def test_a_repeated_name_is_a_list_as_in_the_raw_query_editor() -> None:
    operation = find_operation(CATALOG, "GET", "users")
    pairs = [("email", "a@example.com"), ("email", "b@example.com"), ("role", "agent")]
    request = build_call(operation, pairs, None)
    typed = "email=a@example.com&email=b@example.com&role=agent"
    assert request == build_request(operation, parse_query_text(typed), {})
    assert request.query == (*pairs[:2], ("role", "agent"))


def test_build_call_raises_the_forms_errors_for_every_field() -> None:
    operation = find_operation(CATALOG, "POST", "contacts")
    with pytest.raises(ValidationError) as raised:
        build_call(operation, [("uuid", "x")], '{"language": "english", "urns": "fax:1"}')
    assert set(raised.value.field_errors) == {"uuid", "language", "urns"}


@pytest.mark.parametrize(
    ("profile", "method", "guard"),
    [
        (SANDBOX, "POST", WriteGuard.SEND),
        (Profile("live"), "GET", WriteGuard.SEND),
        (Profile("live"), "DELETE", WriteGuard.ASK),
        (Profile("live", read_only=True), "POST", WriteGuard.REFUSE),
        (Profile("live", read_only=True), "GET", WriteGuard.SEND),
    ],
)
def test_write_guard(profile: Profile, method: str, guard: WriteGuard) -> None:
    request = replace(CONTACTS, method=method)
    assert write_guard(profile, request) is guard


def test_item_filter_is_the_viewers_filter_over_every_item() -> None:
    items = [{"name": "Ann", "n": 1}, {"name": "Bo", "n": 2}]
    expression = "select(.n > 1) | .name # a comment at the end"
    viewer = run_jq(json.dumps(items), f".[] | {expression}\n")
    assert ItemFilter(expression)(items) == [json.loads(line) for line in viewer.splitlines()]
    with pytest.raises(FilterError, match="Bad jq filter"):
        ItemFilter(".name |")


async def test_send_call_waits_out_a_429_and_sends_again() -> None:
    clock, events = Clock(), list[Event]()
    transport = sandbox_transport(clock, rate_per_hour=2)  # per scope: two contacts reads
    session = await sandbox_session(clock, events, transport=transport)
    for _ in range(2):
        assert (await send_call(session, CONTACTS)).status == 200
    response = await send_call(session, CONTACTS)
    assert response.status == 200
    [throttled] = [event for event in events if isinstance(event, Throttled)]
    assert throttled.seconds > 0 and sum(clock.slept) >= throttled.seconds
    await session.aclose()


async def _peak_streaming(contacts: int) -> tuple[int, int]:
    """Items streamed and the peak traced memory of streaming ``contacts`` contacts."""
    clock, count = Clock(), 0
    transport = sandbox_transport(clock, contacts=contacts)
    session = await sandbox_session(clock, [], transport=transport)

    def sink(items: list[Any]) -> None:
        nonlocal count
        count += len(items)

    tracemalloc.start()
    try:
        await fetch_every_page(session, CONTACTS, sink)
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        await session.aclose()


async def test_every_page_streams_with_memory_that_does_not_grow_with_the_collection() -> None:
    few, few_peak = await _peak_streaming(500)
    many, many_peak = await _peak_streaming(2500)
    assert many > 4 * few
    assert many_peak < 1.5 * few_peak  # a page at a time, not the whole collection


async def _read_ahead_run(
    transport: FlakyTransport, clock: Clock, requests_seen: list[int]
) -> list[Any]:
    """Every contact through a ``ReadAhead`` session; ``requests_seen`` gets, for each page,
    how many requests had reached the server when its items reached the sink."""
    items: list[Any] = []

    def sink(page: list[Any]) -> None:
        requests_seen.append(len(transport.urls))
        items.extend(page)

    session = await sandbox_session(clock, [], transport=transport, client_type=ReadAhead)
    await fetch_every_page(session, CONTACTS, sink)
    await session.aclose()
    return items


async def test_read_ahead_asks_for_the_next_page_before_this_one_is_written() -> None:
    clock = Clock()
    plain = await _read_ahead_run(FlakyTransport(sandbox_transport(clock)), clock, [])
    seen: list[int] = []
    transport = FlakyTransport(sandbox_transport(clock))
    assert await _read_ahead_run(transport, clock, seen) == plain
    # 1 is the workspace lookup; page n's items come once page n+1 was asked for
    assert seen == [3, 4, 4]
    assert len(transport.urls) == len(set(transport.urls)) == 4


async def test_read_ahead_page_that_fails_is_asked_again() -> None:
    clock = Clock()
    plain = await _read_ahead_run(FlakyTransport(sandbox_transport(clock)), clock, [])
    transport = FlakyTransport(sandbox_transport(clock), drop={3})  # page 2, read ahead
    assert await _read_ahead_run(transport, clock, []) == plain
    assert len(transport.urls) == 5 and transport.urls[2] == transport.urls[3]
