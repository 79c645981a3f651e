"""RateLimiter with a hand-driven clock: the sliding hour, Retry-After, persistence, waiting."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from explorer.core.catalog import DEFAULT_RATE_LIMIT
from explorer.core.client import ApiClient, ApiResponse
from explorer.core.ratelimit import RateLimiter, ScopeUsage, resend_throttled
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
    clock: Clock, limit_per_hour: int = DEFAULT_RATE_LIMIT, state_path: Path | None = None
) -> RateLimiter:
    """A limiter that reads ``clock`` and, when it has to wait, moves it instead."""
    return RateLimiter(limit_per_hour, clock=clock, state_path=state_path, sleep=clock.sleep)


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


def test_counts_survive_a_restart(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "state" / "ratelimit-prod.json"
    first = limiter_on(clock, 4, path)
    first.record("v2.contacts")
    clock.now += 100
    first.record("v2.contacts")
    first.note_retry_after("v2", 60)
    clock.now += 10
    again = limiter_on(clock, 4, path)
    assert again.used("v2.contacts") == 2
    assert again.wait_time("v2") == 50
    clock.now += 3500  # the first request leaves the window, the second stays
    assert again.used("v2.contacts") == 1
    assert first.save_error is None


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[]",
        '{"version": 1, "scopes": {"v2": {"sent": ["soon"]}}}',
        '{"version": 1, "scopes": {"v2": 5}}',
        '{"version": 99, "scopes": {"v2": {"sent": [1]}}}',
        "",
    ],
)
def test_a_damaged_state_file_is_ignored(tmp_path: Path, clock: Clock, content: str) -> None:
    path = tmp_path / "ratelimit.json"
    path.write_text(content, "utf-8")
    limiter = limiter_on(clock, state_path=path)
    assert limiter.used("v2") == 0 and limiter.wait_time("v2") == 0
    limiter.record("v2")  # and the next save replaces the damaged file
    assert json.loads(path.read_text("utf-8"))["scopes"]["v2"]["sent"] == [clock.now]


def test_a_state_file_that_cannot_be_written_does_not_stop_counting(
    tmp_path: Path, clock: Clock
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("", "utf-8")
    limiter = limiter_on(clock, state_path=blocker / "ratelimit.json")
    limiter.record("v2")
    assert limiter.used("v2") == 1
    assert limiter.save_error is not None and "not-a-dir" in limiter.save_error


async def test_acquire_goes_at_once_when_there_is_room(clock: Clock) -> None:
    limiter = limiter_on(clock, 2)
    assert await limiter.acquire("v2") == 0
    assert limiter.used("v2") == 1


async def test_acquire_waits_out_a_retry_after_then_counts(clock: Clock) -> None:
    limiter = limiter_on(clock, 2)
    limiter.note_retry_after("v2", 7.5)
    start = clock.now
    assert await limiter.acquire("v2") == 7.5
    assert (clock.now - start, limiter.used("v2")) == (7.5, 1)


async def test_acquire_waits_for_the_window_when_the_hour_is_used_up(clock: Clock) -> None:
    limiter = limiter_on(clock, 2)
    await limiter.acquire("v2")
    clock.now += 1000
    await limiter.acquire("v2")
    waited = await limiter.acquire("v2")
    assert waited == 2600  # until the first request is an hour old
    assert limiter.used("v2") == 2


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
