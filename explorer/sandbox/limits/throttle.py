"""DRF's sliding-window throttle, one history per (workspace, scope), on an injected clock.

The server keeps the timestamps of the last hour's requests per workspace and scope; a request is
refused when the window is full, and the advised wait is the time until the oldest entry leaves the
window divided by the free slots (DRF's ``SimpleRateThrottle.wait``), rounded up.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

HOUR = 3600.0


@dataclass
class Throttle:
    rate_per_hour: int
    clock: Callable[[], float]
    duration: float = HOUR
    _history: dict[tuple[str, str], list[float]] = field(default_factory=dict)

    def check(self, workspace: str, scope: str) -> int | None:
        """Record a request; None when allowed, else the whole seconds to wait (Retry-After)."""
        now = self.clock()
        history = self._history.setdefault((workspace, scope), [])
        while history and history[-1] <= now - self.duration:
            history.pop()
        if len(history) >= self.rate_per_hour:
            return self._wait(history, now)
        history.insert(0, now)
        return None

    def _wait(self, history: list[float], now: float) -> int:
        remaining = self.duration - (now - history[-1]) if history else self.duration
        available = self.rate_per_hour - len(history) + 1
        wait = remaining / available if available > 0 else remaining
        return max(math.ceil(wait), 0)


def throttled_detail(wait: int) -> str:
    unit = "second" if wait == 1 else "seconds"
    return f"Request was throttled. Expected available in {wait} {unit}."
