"""What happened on channels and what was archived: channel events and message/run archives."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from explorer.sandbox.data import pools
from explorer.sandbox.data.seeding import Seeder
from explorer.sandbox.store import models as m


def add_channel_events(seed: Seeder, contacts: int) -> None:
    ws, rng = seed.ws, seed.rng
    people = ws.contacts.rows
    channels = ws.channels.rows
    for _ in range(min(len(people), max(5, contacts // 20))):
        kind = rng.choice(pools.CHANNEL_EVENT_TYPES)
        extra = {"duration": rng.randrange(5, 300)} if kind.startswith("call") else {}
        occurred = seed.moment(0, 90)
        ws.channel_events.add(
            m.ChannelEvent(
                ws.next_id("channel_events"),
                kind,
                rng.choice(people),
                rng.choice(channels),
                extra,
                occurred,
                occurred + timedelta(seconds=rng.randrange(1, 30)),
            )
        )


def add_archives(seed: Seeder) -> None:
    """A year of monthly archives and this month's daily ones, for messages and for runs."""
    first_of_month = seed.now.date().replace(day=1)
    for kind in ("message", "run"):
        month = first_of_month
        for _ in range(12):
            month = (month - timedelta(days=1)).replace(day=1)
            _archive(seed, kind, month, "monthly")
        for day in range(1, seed.now.day):
            _archive(seed, kind, first_of_month.replace(day=day), "daily")


def _archive(seed: Seeder, kind: str, start: date, period: str) -> None:
    rng = seed.rng
    count = rng.randrange(0, 5000) if period == "daily" else rng.randrange(20000, 90000)
    digest = hashlib.md5(f"{kind}{start}{period}".encode(), usedforsecurity=False).hexdigest()
    seed.ws.archives.add(
        m.Archive(
            seed.ws.next_id("archives"),
            kind,
            start,
            period,
            count,
            count * 61 if count else 0,
            digest if count else None,
        )
    )
