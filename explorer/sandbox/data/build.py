"""A deterministic, realistic workspace for the sandbox, sized by the number of contacts.

``build_workspace(contacts=3000, seed=7)`` gives the same UUIDs, names and numbers every time for a
given seed and ``now``. Bulk tables (contacts, messages, runs) draw from precomputed pools with one
``random.Random`` and build each row with a handful of cheap operations, so 100,000 contacts take
seconds; the API strings are only made for the rows a request returns.
"""

from __future__ import annotations

import gc
import random
from datetime import UTC, datetime

from explorer.sandbox.data import examples, pools
from explorer.sandbox.data.account import add_channels, add_fields, add_globals, add_users
from explorer.sandbox.data.campaigns import add_campaigns
from explorer.sandbox.data.flows import build_flows
from explorer.sandbox.data.grouping import add_groups, add_labels_and_topics
from explorer.sandbox.data.history import add_archives, add_channel_events
from explorer.sandbox.data.people import ContactFactory
from explorer.sandbox.data.places import add_boundaries
from explorer.sandbox.data.resthooks import add_resthooks
from explorer.sandbox.data.runs import Runs
from explorer.sandbox.data.seeding import Seeder
from explorer.sandbox.data.tickets import add_tickets
from explorer.sandbox.data.traffic import Traffic
from explorer.sandbox.store import models as m
from explorer.sandbox.store.workspace import Workspace, uuid4_from

DEFAULT_CONTACTS = 3000
DEFAULT_SEED = 7


def build_workspace(
    contacts: int = DEFAULT_CONTACTS,
    *,
    seed: int = DEFAULT_SEED,
    now: datetime | None = None,
    anon: bool = False,
) -> Workspace:
    """A complete workspace with ``contacts`` contacts and proportionate messages and runs.

    ``anon`` makes it an anonymous workspace: URNs masked, URN lookups refused.
    """
    now = (now or datetime.now(UTC)).astimezone(UTC)
    rng = random.Random(seed)
    info = m.WorkspaceInfo(
        uuid=uuid4_from(rng),
        name="Healthy Harvest Programme",
        country="RW",
        languages=list(pools.WORKSPACE_LANGUAGES),
        timezone="Africa/Kigali",
        date_style="day_first",
        anon=anon,
        primary_language="eng",
    )
    ws = Workspace(info, seed=seed, now=now)
    collecting = gc.isenabled()
    gc.disable()  # hundreds of thousands of acyclic rows: cyclic GC passes only cost time here
    try:
        _generate(Seeder(ws, rng, now), max(contacts, 0))
    finally:
        if collecting:
            gc.enable()
    return ws


def _generate(seed: Seeder, contacts: int) -> None:
    """Every table, in an order that keeps each seed's draws (and so its data) the same."""
    ws, rng, now = seed.ws, seed.rng, seed.now
    add_users(seed)
    add_channels(seed)
    add_fields(seed)
    add_boundaries(seed)
    add_groups(seed)
    add_labels_and_topics(seed)
    flows = build_flows(ws, rng, now)
    examples.plant_flow_uuid(flows)
    ws.flows.load(flows)
    ws.contacts.load(ContactFactory(ws, rng, now).build(contacts))
    examples.plant_contact_urns(ws)
    Traffic(ws, rng, now).build(contacts)
    Runs(ws, rng, now).build(contacts)
    add_campaigns(seed)
    add_globals(seed)
    add_resthooks(seed, contacts)
    add_tickets(seed, contacts)
    add_channel_events(seed, contacts)
    add_archives(seed)
