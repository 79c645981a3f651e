"""RateLimiter on a hand-driven clock: the sliding hour, bounded Retry-After, its book, waits."""

from __future__ import annotations

import httpx
import pytest

from explorer.core.catalog import DEFAULT_RATE_LIMIT
from explorer.core.client import ApiClient, ApiResponse
from explorer.core.ratelimit import (
    MAX_RETRY_AFTER,
    MemoryRateBook,
    RateLimiter,
    ScopeUsage,
    resend_throttled,
)
from explorer.core.request import ApiRequest

REQUEST = ApiRequest("GET", "/api/v2/flows.json")


class Clock:
    """A clock that only moves when told to."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


def limiter_on(
    clock: Clock, limit_per_hour: int = DEFAULT_RATE_LIMIT, book: MemoryRateBook | None = None
) -> RateLimiter:
    """A limiter that reads ``clock`` and, when it has to wait, moves it instead."""
    return RateLimiter(limit_per_hour, clock=clock, book=book, sleep=clock.sleep)


def test_requests_are_counted_per_scope(clock: Clock) -> None:
    limiter = limiter_on(clock, 10)
    for _ in range(3):
        limiter.record("v2.contacts")
    limiter.record("v2")
    assert (limiter.used("v2.contacts"), limiter.remaining("v2.contacts")) == (3, 7)
    assert (limiter.used("v2"), limiter.used("v2.runs")) == (1, 0)
    assert limiter.wait_time("v2.contacts") == 0


def test_the_window_slides_across_the_hour(clock: Clock) -> None:
    limiter = limiter_on(clock, 3)
    limiter.record("v2")  # t = 0
    clock.now += 600
    limiter.record("v2")  # t = 600
    limiter.record("v2")  # t = 600
    assert limiter.remaining("v2") == 0
    assert limiter.wait_time("v2") == 3000  # until the first request is an hour old
    clock.now += 2999.5
    assert (limiter.used("v2"), limiter.wait_time("v2")) == (3, 0.5)
    clock.now += 0.5
    assert (limiter.used("v2"), limiter.wait_time("v2")) == (2, 0)
    clock.now += 600
    assert limiter.used("v2") == 0


def test_a_full_window_waits_for_enough_old_requests_to_leave(clock: Clock) -> None:
    limiter = limiter_on(clock, 2)
    for step in (0, 10, 20, 30):  # two more than the limit, e.g. counted from another profile
        clock.now = 1_000_000.0 + step
        limiter.record("v2")
    assert limiter.wait_time("v2") == 3600 - 30 + 20  # the count drops below 2 when t=20 leaves


def test_retry_after_is_honoured_and_wins_over_the_local_count(clock: Clock) -> None:
    limiter = limiter_on(clock, 2500)
    limiter.record("v2.messages")
    limiter.note_retry_after("v2.messages", 12)
    assert limiter.wait_time("v2.messages") == 12  # though the local count is far from full
    assert limiter.wait_time("v2") == 0  # other scopes are not blocked
    clock.now += 11
    assert limiter.wait_time("v2.messages") == 1
    clock.now += 1
    assert limiter.wait_time("v2.messages") == 0


def test_a_short_retry_after_wins_over_a_full_local_window(clock: Clock) -> None:
    limiter = limiter_on(clock, 1)
    limiter.record("v2")
    limiter.note_retry_after("v2", 5)
    assert limiter.wait_time("v2") == 5


def test_snapshot_lists_the_api_scopes_first(clock: Clock) -> None:
    limiter = limiter_on(clock, 5)
    limiter.record("v2.runs")
    limiter.note_retry_after("v2", 30)
    limiter.record("custom")
    snapshot = limiter.snapshot()
    assert list(snapshot) == ["v2.contacts", "v2.messages", "v2.runs", "v2", "custom"]
    assert snapshot["v2.runs"] == ScopeUsage("v2.runs", 1, 5, 0.0, False)
    assert snapshot["v2"] == ScopeUsage("v2", 0, 5, 30.0, True)
    assert snapshot["v2.runs"].remaining == 4


@pytest.mark.parametrize(
    ("seconds", "wait"),
    [(float("inf"), MAX_RETRY_AFTER), (1e300, MAX_RETRY_AFTER), (float("nan"), 0), (-5, 0)],
)
def test_a_retry_after_is_bounded_when_noted(clock: Clock, seconds: float, wait: float) -> None:
    limiter = limiter_on(clock)
    limiter.note_retry_after("v2", seconds)
    assert limiter.wait_time("v2") == wait
    assert limiter.snapshot()["v2"].wait == wait


def test_a_stored_block_is_bounded_when_read(clock: Clock) -> None:
    """A block kept by an older version (or another process) can be infinite: read as an hour."""
    book = MemoryRateBook(blocks={"v2": float("inf"), "v2.runs": clock.now + 1e9})
    limiter = limiter_on(clock, book=book)
    assert limiter.wait_time("v2") == limiter.wait_time("v2.runs") == MAX_RETRY_AFTER


async def test_acquire_after_an_infinite_retry_after_waits_an_hour(clock: Clock) -> None:
    limiter = limiter_on(clock)
    limiter.note_retry_after("v2", float("inf"))
    start = clock.now
    assert await limiter.acquire("v2") == start + MAX_RETRY_AFTER  # the moment it was counted


def test_the_counts_live_in_the_book(clock: Clock) -> None:
    """Two limiters on one book (as two processes on one store) see each other's requests."""
    book = MemoryRateBook()
    first, second = limiter_on(clock, 5, book=book), limiter_on(clock, 5, book=book)
    first.record("v2")
    second.record("v2")
    second.note_retry_after("v2.runs", 9)
    assert (first.used("v2"), first.wait_time("v2.runs")) == (2, 9)
    assert list(first.snapshot())[-1] == "v2"  # the book's scopes are the API's own


async def test_acquire_goes_at_once_when_there_is_room(clock: Clock) -> None:
    limiter = limiter_on(clock, 2)
    start = clock.now
    assert await limiter.acquire("v2") == start
    assert limiter.used("v2") == 1


async def test_acquire_waits_out_a_retry_after_then_counts(clock: Clock) -> None:
    limiter = limiter_on(clock, 2)
    limiter.note_retry_after("v2", 7.5)
    start = clock.now
    assert await limiter.acquire("v2") == start + 7.5
    assert (clock.now - start, limiter.used("v2")) == (7.5, 1)


async def test_acquire_waits_for_the_window_when_the_hour_is_used_up(clock: Clock) -> None:
    limiter = limiter_on(clock, 2)
    await limiter.acquire("v2")
    clock.now += 1000
    await limiter.acquire("v2")
    start = clock.now
    await limiter.acquire("v2")
    assert clock.now - start == 2600  # until the first request is an hour old
    assert limiter.used("v2") == 2


def test_a_429_before_the_limit_teaches_the_servers_limit(clock: Clock) -> None:
    """The server allowed 5 of the 2,500: the refused request is not counted (the server did
    not count it), 5 becomes the scope's limit, and the 6th request waits for the window."""
    limiter = limiter_on(clock, 2500)
    for _ in range(5):
        limiter.record("v2.contacts")
    refused = limiter.record("v2.contacts")
    assert limiter.note_retry_after("v2.contacts", 30, refused) == 5
    assert (limiter.used("v2.contacts"), limiter.limit_of("v2.contacts")) == (5, 5)
    assert limiter.limit_of("v2") == 2500  # the other scopes keep the profile's limit
    usage = limiter.snapshot()["v2.contacts"]
    assert (usage.used, usage.limit, usage.learned) == (5, 5, True)
    assert not limiter.snapshot()["v2"].learned
    clock.now += 30  # the Retry-After is over, but the hour is still full
    assert limiter.wait_time("v2.contacts") == 3600 - 30


def test_a_429_teaches_nothing_when_the_hour_is_not_ours_or_the_limit_no_lower(
    clock: Clock,
) -> None:
    limiter = limiter_on(clock, 3)
    refused = limiter.record("v2")  # other clients used the hour: no limit can be told
    assert limiter.note_retry_after("v2", 30, refused) is None
    assert limiter.learned == {} and limiter.used("v2") == 0
    for _ in range(3):
        limiter.record("v2.runs")
    refused = limiter.record("v2.runs")  # the local limit was right
    assert limiter.note_retry_after("v2.runs", 30, refused) is None
    assert limiter.learned == {}


def throttling(times: int, retry_after: str = "5") -> httpx.MockTransport:
    """A server that answers 429 ``times`` times, then 200."""
    answers = iter([429] * times)

    def handler(request: httpx.Request) -> httpx.Response:
        if next(answers, 200) == 429:
            detail = f"Request was throttled. Expected available in {retry_after} seconds."
            return httpx.Response(
                429, json={"detail": detail}, headers={"Retry-After": retry_after}
            )
        return httpx.Response(200, json={"ok": True})

    return httpx.MockTransport(handler)


@pytest.mark.parametrize(
    ("throttled", "retries", "calls", "status"), [(2, 5, 3, 200), (9, 1, 2, 429)]
)
async def test_resend_throttled_sends_again_after_each_429_up_to_its_retries(
    throttled: int, retries: int, calls: int, status: int
) -> None:
    sent: list[int] = []
    async with ApiClient(
        "https://textit.example", "t" * 40, transport=throttling(throttled)
    ) as api:

        async def send() -> ApiResponse:
            sent.append(1)
            return await api.send(REQUEST)

        response = await resend_throttled(send, retries)
    assert (response.status, len(sent)) == (status, calls)
