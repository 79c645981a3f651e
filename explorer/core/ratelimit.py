"""Rolling one-hour request accounting per throttle scope, so sends wait instead of failing.

The server keeps one bucket per workspace and scope (``v2.contacts``, ``v2.messages``, ``v2.runs``
and ``v2`` for the rest) and answers 429 with ``Retry-After`` when one is full. Locally we count our
own requests in the last hour; other clients of the same workspace are invisible to us, so a 429's
``Retry-After`` always wins over the local estimate. A 429 that comes before the local count
reached the limit teaches the limiter the server's real limit for that scope (a workspace can
have its own rates), which it keeps to for the rest of the session. The counts live in a
``RateBook``: memory here, the app's shared store on disk (so that a restart, or a second process,
sees them); the clock is injected so tests are exact.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from explorer.core.catalog import DEFAULT_RATE_LIMIT, THROTTLE_SCOPES
from explorer.core.client import ApiResponse
from explorer.core.errors import RateLimited

WINDOW = 3600.0  # seconds: the server's rates are per hour, over a sliding window
MAX_RETRY_AFTER = 3600.0  # a longer (or infinite) Retry-After is a server's mistake: wait an hour
RETRIES_AFTER_429 = 3  # a throttled request was never processed, so sending it again is safe
Sleep = Callable[[float], Awaitable[None]]


def bounded_wait(seconds: float) -> float:
    """``seconds`` as a wait we can keep: finite, from 0 to ``MAX_RETRY_AFTER`` (NaN is 0)."""
    if math.isnan(seconds):
        return 0.0
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


class RateBook(Protocol):
    """Where one workspace's send times and Retry-After blocks are kept, per scope."""

    def add(self, scope: str, moment: float) -> None:
        """Count one request sent at ``moment``."""

    def remove(self, scope: str, moment: float) -> None:
        """Stop counting one request sent at ``moment`` (the server refused it unprocessed)."""

    def count_since(self, scope: str, since: float) -> int:
        """How many requests went in ``scope`` after ``since``."""

    def nth_since(self, scope: str, since: float, index: int) -> float | None:
        """The send time at ``index`` (0: the oldest) of those after ``since``, if there is one."""

    def block(self, scope: str, until: float) -> None:
        """Nothing more goes in ``scope`` before ``until``."""

    def blocked_until(self, scope: str) -> float:
        """When the scope's last block ends (0: never blocked)."""

    def scopes(self) -> Sequence[str]:
        """Every scope with a send time or a block."""


@dataclass
class MemoryRateBook:
    """A ``RateBook`` in this process only: the sandbox's (it restarts fresh) and tests'."""

    sent: dict[str, deque[float]] = field(default_factory=dict)
    blocks: dict[str, float] = field(default_factory=dict)

    def add(self, scope: str, moment: float) -> None:
        self.sent.setdefault(scope, deque()).append(moment)

    def remove(self, scope: str, moment: float) -> None:
        if moment in (window := self.sent.get(scope, deque())):
            window.remove(moment)

    def count_since(self, scope: str, since: float) -> int:
        return len(self._since(scope, since))

    def nth_since(self, scope: str, since: float, index: int) -> float | None:
        window = self._since(scope, since)
        return window[index] if index < len(window) else None

    def _since(self, scope: str, since: float) -> deque[float]:
        """The scope's send times after ``since`` (older ones are dropped here)."""
        window = self.sent.setdefault(scope, deque())
        while window and window[0] <= since:
            window.popleft()
        return window

    def block(self, scope: str, until: float) -> None:
        self.blocks[scope] = until

    def blocked_until(self, scope: str) -> float:
        return self.blocks.get(scope, 0.0)

    def scopes(self) -> Sequence[str]:
        return list(dict.fromkeys((*self.sent, *self.blocks)))


@dataclass(frozen=True)
class ScopeUsage:
    """One scope's state, for a rate-limit bar."""

    scope: str
    used: int  # requests in the last hour
    limit: int
    wait: float  # seconds before the next request may go (0: now)
    server_said_wait: bool  # the wait comes from a 429's Retry-After
    learned: bool = False  # ``limit`` is the server's, learned from a 429

    @property
    def remaining(self) -> int:
        return max(self.limit - self.used, 0)


class RateLimiter:
    """Counts requests per scope over the last hour and says how long the next one must wait."""

    def __init__(
        self,
        limit_per_hour: int = DEFAULT_RATE_LIMIT,
        clock: Callable[[], float] = time.time,
        book: RateBook | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.limit = limit_per_hour
        self.clock = clock
        self.sleep = sleep  # how ``acquire`` waits (tests pass one that moves their clock)
        self.book: RateBook = book if book is not None else MemoryRateBook()
        self.learned: dict[str, int] = {}  # per scope: the server's real limit, from a 429

    def limit_of(self, scope: str) -> int:
        """The hourly limit kept to in ``scope``: the one learned from a 429, else the profile's."""
        return self.learned.get(scope, self.limit)

    def record(self, scope: str) -> float:
        """Count one request sent now in ``scope``; the moment it was counted at."""
        moment = self.clock()
        self.book.add(scope, moment)
        return moment

    def used(self, scope: str) -> int:
        """Requests sent in ``scope`` during the last hour."""
        return self.book.count_since(scope, self.clock() - WINDOW)

    def remaining(self, scope: str) -> int:
        return max(self.limit_of(scope) - self.used(scope), 0)

    def reserve_for(self, scope: str) -> int:
        """The requests of the hour a long run (fetch-all) leaves to the person's own: a tenth."""
        return self.limit_of(scope) // 10

    def wait_time(self, scope: str, reserve: int = 0) -> float:
        """Seconds to wait before the next request in ``scope``; 0 when it may go now.

        After a 429 it is the server's Retry-After; otherwise, with the hour's quota (less
        ``reserve`` requests kept for others, e.g. by a fetch-all) used up, the time until enough
        of the oldest requests leave the window.
        """
        now = self.clock()
        blocked = self._blocked_for(scope, now)
        if blocked > 0:
            return blocked
        used = self.book.count_since(scope, now - WINDOW)
        limit = self.limit_of(scope)
        allowed = max(limit - reserve, 1)
        if used < allowed:
            return 0.0
        # the request whose leaving brings the count below the allowance (another process may
        # have let it go meanwhile)
        freeing = self.book.nth_since(scope, now - WINDOW, used - allowed)
        return 0.0 if freeing is None else max(freeing + WINDOW - now, 0.0)

    def note_retry_after(
        self, scope: str, seconds: float, sent_at: float | None = None
    ) -> int | None:
        """The server answered 429: nothing more goes in ``scope`` for ``seconds`` (bounded).

        ``sent_at``: when the refused request was counted (``acquire``'s answer). The server did
        not count it, so neither do we; if the requests left in the hour are fewer than the
        limit, they are all the server allows: that is the scope's limit from now on, returned.
        """
        self.book.block(scope, self.clock() + bounded_wait(seconds))
        if sent_at is None:
            return None
        self.book.remove(scope, sent_at)
        allowed = self.used(scope)
        if not 0 < allowed < self.limit_of(scope):
            return None  # none of ours in the hour (others used it up), or no news
        self.learned[scope] = allowed
        return allowed

    def snapshot(self) -> dict[str, ScopeUsage]:
        """Every known scope (the API's four, then any other used), for display."""
        scopes = dict.fromkeys((*THROTTLE_SCOPES, *self.book.scopes()))
        return {scope: self._usage(scope) for scope in scopes}

    def _usage(self, scope: str) -> ScopeUsage:
        wait = self.wait_time(scope)
        server = self._blocked_for(scope, self.clock()) > 0
        limit = self.limit_of(scope)
        return ScopeUsage(scope, self.used(scope), limit, wait, server, scope in self.learned)

    async def acquire(self, scope: str) -> float:
        """Wait until a request in ``scope`` may go, then count it; the moment it was counted at
        (for ``note_retry_after``, if the server refuses it)."""
        while (wait := self.wait_time(scope)) > 0:
            await self.sleep(wait)
        return self.record(scope)

    def _blocked_for(self, scope: str, now: float) -> float:
        """Seconds left of the scope's Retry-After; a stored block is bounded as if just noted."""
        return bounded_wait(self.book.blocked_until(scope) - now)


async def resend_throttled(
    send: Callable[[], Awaitable[ApiResponse]], retries: int = RETRIES_AFTER_429
) -> ApiResponse:
    """``send()``, and again after each 429, up to ``retries`` times; the last response.

    ``send`` must itself wait out the Retry-After, e.g. by acquiring its scope from a
    ``RateLimiter`` that was told of the 429: a throttled request was never processed, so sending
    it again is safe, but not at once.
    """
    response = await send()
    for _ in range(retries):
        if not isinstance(response.error, RateLimited):
            break
        response = await send()
    return response
