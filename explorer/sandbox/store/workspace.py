"""The sandbox's in-memory database: tables with lookups, sorted views and fresh ids.

``Table`` keeps its rows in insertion order, an optional unique index, and lazily rebuilt sorted
views (one per ordering attribute) that the cursor paginator bisects. Any write that changes an
ordering value calls ``touch()`` so the next read re-sorts. ``Workspace`` holds every table and
hands out ids, UUIDs and strictly increasing timestamps, so cursor positions never tie.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar

from explorer.sandbox.store import models as m

T = TypeVar("T")
Clock = Callable[[], float]


class Table(Generic[T]):
    """Rows of one model, with an optional unique index and cached sorted views."""

    def __init__(self, index: Callable[[T], Any] | None = None) -> None:
        self.rows: list[T] = []
        self._index_of = index
        self._index: dict[Any, T] = {}
        self._version = 0
        self._sorted: dict[str, tuple[int, list[T], list[Any]]] = {}

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[T]:
        return iter(self.rows)

    def add(self, row: T) -> T:
        self.rows.append(row)
        if self._index_of is not None:
            self._index[self._index_of(row)] = row
        self.touch()
        return row

    def load(self, rows: list[T]) -> None:
        """Append many rows at once (bulk generation): one index pass, one invalidation."""
        self.rows.extend(rows)
        if self._index_of is not None:
            index_of = self._index_of
            self._index.update((index_of(row), row) for row in rows)
        self.touch()

    def get(self, key: Any) -> T | None:
        return self._index.get(key)

    def touch(self) -> None:
        """Invalidate the sorted views after a row's ordering value changed."""
        self._version += 1

    def sorted_by(self, attr: str) -> tuple[list[T], list[Any]]:
        """Rows ascending by ``attr`` (then id), and the parallel list of ``attr`` values."""
        cached = self._sorted.get(attr)
        if cached is not None and cached[0] == self._version:
            return cached[1], cached[2]
        rows = sorted(self.rows, key=lambda row: (sort_value(getattr(row, attr)), _id(row)))
        keys = [sort_value(getattr(row, attr)) for row in rows]
        self._sorted[attr] = (self._version, rows, keys)
        return rows, keys


def sort_value(value: Any) -> Any:
    """None sorts first, as NULLs do in an ascending PostgreSQL index on these columns."""
    return (0, value) if value is not None else (-1, 0)


def _id(row: Any) -> Any:
    return getattr(row, "id", 0)


class Workspace:
    """Every table of one workspace, plus the id, UUID and time sources for writes."""

    def __init__(self, info: m.WorkspaceInfo, *, seed: int, now: datetime) -> None:
        self.info = info
        self.rng = random.Random(seed ^ 0x5EED)
        self.clock: Clock = time.time
        self._last_stamp = now
        self._next_ids: dict[str, int] = {}
        self.tokens: dict[str, m.User] = {}
        self.users: Table[m.User] = Table(lambda u: u.uuid)
        self.channels: Table[m.Channel] = Table(lambda c: c.uuid)
        self.fields: Table[m.ContactField] = Table(lambda f: f.key)
        self.groups: Table[m.Group] = Table(lambda g: g.uuid)
        self.contacts: Table[m.Contact] = Table(lambda c: c.uuid)
        self.labels: Table[m.Label] = Table(lambda lb: lb.uuid)
        self.messages: Table[m.Message] = Table(lambda msg: msg.id)
        self.broadcasts: Table[m.Broadcast] = Table(lambda b: b.uuid)
        self.flows: Table[m.Flow] = Table(lambda f: f.uuid)
        self.flow_starts: Table[m.FlowStart] = Table(lambda s: s.uuid)
        self.runs: Table[m.Run] = Table(lambda r: r.uuid)
        self.campaigns: Table[m.Campaign] = Table(lambda c: c.uuid)
        self.campaign_events: Table[m.CampaignEvent] = Table(lambda e: e.uuid)
        self.globals: Table[m.Global] = Table(lambda g: g.key)
        self.resthooks: Table[m.Resthook] = Table(lambda r: r.slug)
        self.resthook_events: Table[m.ResthookEvent] = Table()
        self.resthook_subscribers: Table[m.ResthookSubscriber] = Table(lambda s: s.id)
        self.topics: Table[m.Topic] = Table(lambda t: t.uuid)
        self.tickets: Table[m.Ticket] = Table(lambda t: t.uuid)
        self.channel_events: Table[m.ChannelEvent] = Table(lambda e: e.id)
        self.archives: Table[m.Archive] = Table()
        self.boundaries: Table[m.Boundary] = Table(lambda b: b.osm_id)
        self.media: Table[m.Media] = Table(lambda md: md.uuid)
        self.urn_owners: dict[str, m.Contact] = {}

    # -- identity ---------------------------------------------------------------------------

    def next_id(self, table: str) -> int:
        self._next_ids[table] = self._next_ids.get(table, 0) + 1
        return self._next_ids[table]

    def reserve_ids(self, table: str, count: int) -> int:
        """Claim ``count`` ids at once for bulk generation; returns the first."""
        first = self._next_ids.get(table, 0) + 1
        self._next_ids[table] = first + count - 1
        return first

    def new_uuid(self) -> str:
        return uuid4_from(self.rng)

    def new_uuid7(self, when: datetime) -> str:
        return uuid7_from(self.rng, when)

    def stamp(self) -> datetime:
        """Now, by the injected clock, but always after the previous stamp (no ties)."""
        now = datetime.fromtimestamp(self.clock(), UTC)
        self._last_stamp = max(now, self._last_stamp + timedelta(microseconds=1))
        return self._last_stamp

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), UTC)

    # -- relations that several handlers maintain ---------------------------------------------

    def set_groups(self, contact: m.Contact, groups: list[m.Group]) -> None:
        for group in contact.groups:
            group.members.discard(contact.id)
        contact.groups = list(groups)
        for group in groups:
            group.members.add(contact.id)

    def set_urns(self, contact: m.Contact, urns: list[str]) -> None:
        for urn in contact.urns:
            self.urn_owners.pop(urn, None)
        contact.urns = list(urns)
        for urn in urns:
            self.urn_owners[urn] = contact

    def set_labels(self, message: m.Message, labels: list[m.Label]) -> None:
        for label in message.labels:
            label.messages.discard(message.id)
        message.labels = list(labels)
        for label in labels:
            label.messages.add(message.id)

    def touch_contact(self, contact: m.Contact) -> None:
        contact.modified_on = self.stamp()
        self.contacts.touch()


def uuid4_from(rng: random.Random) -> str:
    """A random version-4 UUID drawn from ``rng``, so seeded data is reproducible."""
    bits = (rng.getrandbits(128) & ~(0xF000 << 64) | (0x4000 << 64)) & ~(0xC << 60) | (0x8 << 60)
    text = f"{bits:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def uuid7_from(rng: random.Random, when: datetime) -> str:
    """A version-7 UUID (time-ordered, as the server gives messages and tickets) for ``when``."""
    millis = int(when.timestamp() * 1000) & ((1 << 48) - 1)
    random_bits = rng.getrandbits(74)
    bits = (millis << 80) | (0x7 << 76) | ((random_bits >> 62) << 64) | (0x2 << 62)
    bits |= random_bits & ((1 << 62) - 1)
    text = f"{bits:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
