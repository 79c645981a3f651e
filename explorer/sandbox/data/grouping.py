"""How things are sorted: contact groups (manual, smart and system), message labels, topics."""

from __future__ import annotations

from typing import NamedTuple

from explorer.sandbox.data import examples, pools
from explorer.sandbox.data.seeding import Seeder
from explorer.sandbox.store import models as m


class GroupSpec(NamedTuple):
    name: str
    query: str | None  # a smart group's query; None for a manual group
    system: bool


GROUPS = (
    GroupSpec("Open Tickets", "tickets > 0", True),
    GroupSpec("Reporters", None, False),
    GroupSpec("Farmers", None, False),
    GroupSpec("VIP", None, False),
    GroupSpec("Survey Panel", None, False),
    GroupSpec("Youth Club", None, False),
    GroupSpec("Pending Appointments", None, False),
    GroupSpec("Adults", "age >= 18", False),
    GroupSpec("Kigali Residents", 'state = "Kigali City"', False),
)


def add_groups(seed: Seeder) -> None:
    for index, spec in enumerate(GROUPS):
        seed.ws.groups.add(
            m.Group(
                seed.ws.next_id("groups"),
                examples.uuid_for("groups", spec.name, seed.uuid()),
                spec.name,
                spec.query,
                spec.system,
                seed.moment(398 - index * 10),
            )
        )


def add_labels_and_topics(seed: Seeder) -> None:
    for index, name in enumerate(pools.LABELS):
        seed.ws.labels.add(
            m.Label(
                seed.ws.next_id("labels"),
                examples.uuid_for("labels", name, seed.uuid()),
                name,
                seed.moment(360 - index * 20),
            )
        )
    seed.ws.topics.add(
        m.Topic(seed.ws.next_id("topics"), seed.uuid(), "General", True, seed.moment(399))
    )
    for index, name in enumerate(pools.TOPICS):
        seed.ws.topics.add(
            m.Topic(
                seed.ws.next_id("topics"), seed.uuid(), name, False, seed.moment(200 - index * 30)
            )
        )
