"""What every part of the generator shares: the workspace, one ``random.Random`` and ``now``.

``pick`` and ``between`` are fast stand-ins for ``rng.choice`` and ``rng.randrange`` for bulk rows.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from explorer.sandbox.store.workspace import Workspace, uuid4_from

T = TypeVar("T")


@dataclass
class Seeder:
    """The state one seeding pass draws from, in a fixed order, so a seed gives the same data."""

    ws: Workspace
    rng: random.Random
    now: datetime

    def uuid(self) -> str:
        return uuid4_from(self.rng)

    def moment(self, days_back: float, spread: float = 0.0) -> datetime:
        """A time ``days_back`` days before now, jittered by up to ``spread`` days."""
        jitter = self.rng.random() * spread
        return self.now - timedelta(days=days_back + jitter, microseconds=self.rng.randrange(10**6))


def pick(rng: random.Random, items: Sequence[T]) -> T:
    """``rng.choice`` without its rejection sampling: several times faster for bulk data."""
    return items[int(rng.random() * len(items))]


def between(rng: random.Random, low: int, high: int) -> int:
    """A fast ``rng.randrange(low, high)`` for bulk data."""
    return low + int(rng.random() * (high - low))
