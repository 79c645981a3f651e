"""Rolling one-hour request accounting per throttle scope, so sends wait instead of failing.

The server keeps one bucket per workspace and scope (``v2.contacts``, ``v2.messages``, ``v2.runs``
and ``v2`` for the rest) and answers 429 with ``Retry-After`` when one is full. Locally we count our
own requests in the last hour; other clients of the same workspace are invisible to us, so a 429's
``Retry-After`` always wins over the local estimate. The counts are saved per profile so that a
restart does not forget them; the clock is injected so tests are exact.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from explorer.core.catalog import DEFAULT_RATE_LIMIT, THROTTLE_SCOPES
from explorer.core.client import ApiResponse
from explorer.core.errors import ConfigError, RateLimited
from explorer.core.paths import atomic_write

WINDOW = 3600.0  # seconds: the server's rates are per hour, over a sliding window
STATE_VERSION = 1
RETRIES_AFTER_429 = 3  # a throttled request was never processed, so sending it again is safe
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class ScopeUsage:
    """One scope's state, for a rate-limit bar."""

    scope: str
    used: int  # requests in the last hour
    limit: int
    wait: float  # seconds before the next request may go (0: now)
    server_said_wait: bool  # the wait comes from a 429's Retry-After

    @property
    def remaining(self) -> int:
        return max(self.limit - self.used, 0)


class RateLimiter:
    """Counts requests per scope over the last hour and says how long the next one must wait."""

    def __init__(
        self,
        limit_per_hour: int = DEFAULT_RATE_LIMIT,
        clock: Callable[[], float] = time.time,
        state_path: Path | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.limit = limit_per_hour
        self.clock = clock
        self.sleep = sleep  # how ``acquire`` waits (tests pass one that moves their clock)
        self.state_path = state_path
        self.save_error: str | None = None  # why the last save failed, if it did
        self._sent: dict[str, deque[float]] = {}
        self._blocked_until: dict[str, float] = {}
        if state_path is not None:
            self._load(state_path)

    def record(self, scope: str) -> None:
        """Count one request sent now in ``scope``."""
        self._window(scope).append(self.clock())
        self._save()

    def used(self, scope: str) -> int:
        """Requests sent in ``scope`` during the last hour."""
        return len(self._window(scope))

    def remaining(self, scope: str) -> int:
        return max(self.limit - self.used(scope), 0)

    def wait_time(self, scope: str) -> float:
        """Seconds to wait before the next request in ``scope``; 0 when it may go now.

        After a 429 it is the server's Retry-After; otherwise, with the hour's quota used up, the
        time until enough of the oldest requests leave the window.
        """
        now = self.clock()
        blocked = self._blocked_until.get(scope, 0.0) - now
        if blocked > 0:
            return blocked
        window = self._window(scope)
        if len(window) < self.limit:
            return 0.0
        freeing = window[len(window) - self.limit]  # its leaving brings the count below the limit
        return max(freeing + WINDOW - now, 0.0)

    def note_retry_after(self, scope: str, seconds: float) -> None:
        """The server answered 429: nothing more goes in ``scope`` for ``seconds``."""
        self._blocked_until[scope] = self.clock() + max(seconds, 0.0)
        self._save()

    def snapshot(self) -> dict[str, ScopeUsage]:
        """Every known scope (the API's four, then any other used), for display."""
        scopes = dict.fromkeys((*THROTTLE_SCOPES, *self._sent, *self._blocked_until))
        return {scope: self._usage(scope) for scope in scopes}

    def _usage(self, scope: str) -> ScopeUsage:
        wait = self.wait_time(scope)
        server = self._blocked_until.get(scope, 0.0) > self.clock()
        return ScopeUsage(scope, self.used(scope), self.limit, wait, server)

    async def acquire(self, scope: str) -> float:
        """Wait until a request in ``scope`` may go, then count it; returns the seconds waited."""
        waited = 0.0
        while (wait := self.wait_time(scope)) > 0:
            await self.sleep(wait)
            waited += wait
        self.record(scope)
        return waited

    def _window(self, scope: str) -> deque[float]:
        """The scope's send times within the last hour (older ones are dropped here)."""
        window = self._sent.setdefault(scope, deque())
        horizon = self.clock() - WINDOW
        while window and window[0] <= horizon:
            window.popleft()
        return window

    def _load(self, path: Path) -> None:
        """Read saved counts; a missing or damaged file just means starting from zero."""
        try:
            state = json.loads(path.read_text("utf-8"))
            scopes = state["scopes"] if state.get("version") == STATE_VERSION else {}
            for scope, saved in scopes.items():
                self._restore(str(scope), saved)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            self._sent.clear()
            self._blocked_until.clear()

    def _restore(self, scope: str, saved: dict[str, Any]) -> None:
        self._sent[scope] = deque(sorted(float(moment) for moment in saved.get("sent", [])))
        self._blocked_until[scope] = float(saved.get("blocked_until", 0.0))

    def _save(self) -> None:
        if self.state_path is None:
            return
        scopes = {
            scope: {
                "sent": [round(moment, 3) for moment in self._window(scope)],
                "blocked_until": self._blocked_until.get(scope, 0.0),
            }
            for scope in self._sent.keys() | self._blocked_until.keys()
        }
        state = {"version": STATE_VERSION, "scopes": scopes}
        try:
            atomic_write(self.state_path, json.dumps(state, separators=(",", ":")))
            self.save_error = None
        except ConfigError as error:  # counting goes on in memory; the UI can show why
            self.save_error = str(error)


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
