"""Resthooks, the URLs subscribed to them, and the events flows fired at them."""

from __future__ import annotations

from datetime import timedelta

from explorer.sandbox.data import examples, pools
from explorer.sandbox.data.seeding import Seeder
from explorer.sandbox.store import models as m

SUBSCRIBED_URLS = ("https://crm.example.org/hooks/registration", "https://alerts.example.org/cases")


def add_resthooks(seed: Seeder, contacts: int) -> None:
    ws = seed.ws
    hooks = []
    ws.reserve_ids("resthook_subscribers", examples.SUBSCRIBER_ID - 1)  # a big server's ids
    for index, slug in enumerate(pools.RESTHOOKS):
        created = seed.moment(200 - index * 30)
        hook = m.Resthook(ws.next_id("resthooks"), slug, created, created + timedelta(hours=index))
        hooks.append(ws.resthooks.add(hook))
    for hook, url in zip(hooks, SUBSCRIBED_URLS, strict=False):
        ws.resthook_subscribers.add(
            m.ResthookSubscriber(
                ws.next_id("resthook_subscribers"), hook, url, hook.created_on + timedelta(1)
            )
        )
    _add_events(seed, hooks, max(10, contacts // 100))


def _add_events(seed: Seeder, hooks: list[m.Resthook], count: int) -> None:
    flow = seed.ws.flows.rows[0]
    contacts = seed.ws.contacts.rows
    for index in range(count):
        hook = hooks[index % len(hooks)]
        contact = seed.rng.choice(contacts) if contacts else None
        data: dict[str, object] = {
            "flow": {"uuid": flow.uuid, "name": flow.name},
            "contact": {
                "uuid": contact.uuid,
                "name": contact.name,
                "urn": contact.urns[0] if contact.urns else None,
            }
            if contact
            else None,
            "channel": None,
            "run": {"uuid": seed.uuid(), "created_on": None},
            "input": None,
            "path": [],
            "results": {},
        }
        seed.ws.resthook_events.add(
            m.ResthookEvent(seed.ws.next_id("resthook_events"), hook, data, seed.moment(0, 2))
        )
