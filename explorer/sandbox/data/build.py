"""A deterministic, realistic workspace for the sandbox, sized by the number of contacts.

``build_workspace(contacts=3000, seed=7)`` gives the same UUIDs, names and numbers every time for a
given seed and ``now``. Bulk tables (contacts, messages, runs) draw from precomputed pools with one
``random.Random`` and build each row with a handful of cheap operations, so 100,000 contacts take
seconds; the API strings are only made for the rows a request returns.
"""

from __future__ import annotations

import gc
import hashlib
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from explorer.sandbox.data import examples, pools
from explorer.sandbox.data.flows import build_flows
from explorer.sandbox.data.people import ContactFactory
from explorer.sandbox.data.traffic import Runs, Traffic
from explorer.sandbox.store import models as m
from explorer.sandbox.store.workspace import Workspace, uuid4_from

DEFAULT_CONTACTS = 3000
DEFAULT_SEED = 7
KIGALI = timedelta(hours=2)


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
        _Generator(ws, rng, now).run(max(contacts, 0))
    finally:
        if collecting:
            gc.enable()
    return ws


class _Generator:
    """Fills one workspace; each method adds one family of tables."""

    def __init__(self, ws: Workspace, rng: random.Random, now: datetime) -> None:
        self.ws = ws
        self.rng = rng
        self.now = now
        self.start = now - timedelta(days=400)

    def uuid(self) -> str:
        return uuid4_from(self.rng)

    def moment(self, days_back: float, spread: float = 0.0) -> datetime:
        """A time ``days_back`` days before now, jittered by up to ``spread`` days."""
        jitter = self.rng.random() * spread
        return self.now - timedelta(days=days_back + jitter, microseconds=self.rng.randrange(10**6))

    def run(self, contacts: int) -> None:
        self.users()
        self.channels()
        self.fields()
        self.boundaries()
        self.groups()
        self.labels_and_topics()
        self.flows()
        self.contacts(contacts)
        self.messages_and_broadcasts(contacts)
        self.flow_starts_and_runs(contacts)
        self.campaigns()
        self.globals_and_resthooks(contacts)
        self.tickets(contacts)
        self.channel_events(contacts)
        self.archives()

    def users(self) -> None:
        people = (
            ("Ada", "Admin", "admin@example.com", "administrator", None),
            ("Ed", "Editor", "editor@example.com", "editor", None),
            (
                "Agnes",
                "Agent",
                "agent@example.com",
                "agent",
                {"uuid": self.uuid(), "name": "All Topics"},
            ),
            ("Joseph", "Nshuti", "joseph@example.com", "agent", None),
        )
        for days, (first, last, email, role, team) in zip((390, 300, 120, 30), people, strict=True):
            self.ws.users.add(
                m.User(
                    self.ws.next_id("users"),
                    self.uuid(),
                    first,
                    last,
                    email,
                    role,
                    team,
                    self.moment(days),
                )
            )

    def channels(self) -> None:
        specs = (
            (
                "Android Phone",
                "+250785551212",
                "android",
                "RW",
                {
                    "name": "Pixel 7",
                    "power_level": 84,
                    "power_status": "STATUS_DISCHARGING",
                    "power_source": "BATTERY",
                    "network_type": "WIFI",
                },
            ),
            ("WhatsApp Programme Line", "+250788123456", "whatsapp", "RW", None),
            ("Telegram Bot", "HealthyHarvestBot", "telegram", None, None),
            ("Facebook Page", "1234567890", "facebook", None, None),
            ("Kenya Shortcode", "21605", "africastalking", "KE", None),
        )
        for days, (name, address, kind, country, device) in zip(
            (380, 250, 200, 150, 90), specs, strict=True
        ):
            self.ws.channels.add(
                m.Channel(
                    self.ws.next_id("channels"),
                    self.uuid(),
                    name,
                    address,
                    kind,
                    country,
                    device,
                    self.moment(0.01, 0.5),
                    self.moment(days),
                )
            )

    def fields(self) -> None:
        specs = (
            ("age", "Age", "number", True, 10),
            ("gender", "Gender", "text", True, 9),
            ("joined", "Joined On", "datetime", False, 8),
            ("next_appointment", "Next Appointment", "datetime", False, 0),
            ("state", "Province", "state", False, 0),
            ("district", "District", "district", False, 0),
            ("ward", "Sector", "ward", False, 0),
            ("occupation", "Occupation", "text", False, 0),
            ("household_size", "Household Size", "number", False, 0),
            ("nick_name", "Nick Name", "text", False, 0),
            ("last_hit", "Last Hit", "datetime", False, 0),
        )
        for index, (key, name, kind, featured, priority) in enumerate(specs):
            access = "edit" if key == "nick_name" else "view"
            self.ws.fields.add(
                m.ContactField(
                    self.ws.next_id("fields"),
                    key,
                    name,
                    kind,
                    featured,
                    priority,
                    access,
                    self.moment(395 - index),
                )
            )

    def boundaries(self) -> None:
        square = [[[[29.0, -2.0], [30.9, -2.0], [30.9, -1.0], [29.0, -1.0], [29.0, -2.0]]]]
        country = m.Boundary(
            "171496", "Rwanda", 0, None, [], {"type": "MultiPolygon", "coordinates": square}
        )
        self.ws.boundaries.add(country)
        for s, (state, districts) in enumerate(pools.ADMIN_TREE.items(), start=1):
            parent = self._boundary(f"1708283{s}", state, 1, country)
            for d, (district, wards) in enumerate(districts.items(), start=1):
                sub = self._boundary(f"R{s}{d:02d}", district, 2, parent)
                for w, ward in enumerate(wards, start=1):
                    self._boundary(f"R{s}{d:02d}{w:02d}", ward, 3, sub)

    def _boundary(self, osm_id: str, name: str, level: int, parent: m.Boundary) -> m.Boundary:
        lon, lat = 29.5 + self.rng.random(), -1.9 + self.rng.random() / 2
        ring = [[lon, lat], [lon + 0.1, lat], [lon + 0.1, lat + 0.1], [lon, lat + 0.1], [lon, lat]]
        aliases = sorted(pools.BOUNDARY_ALIASES.get(name, []))
        return self.ws.boundaries.add(
            m.Boundary(
                osm_id,
                name,
                level,
                parent,
                aliases,
                {"type": "MultiPolygon", "coordinates": [[ring]]},
            )
        )

    def groups(self) -> None:
        specs = (
            ("Open Tickets", "tickets > 0", True),
            ("Reporters", None, False),
            ("Farmers", None, False),
            ("VIP", None, False),
            ("Survey Panel", None, False),
            ("Youth Club", None, False),
            ("Pending Appointments", None, False),
            ("Adults", "age >= 18", False),
            ("Kigali Residents", 'state = "Kigali City"', False),
        )
        for index, (name, query, system) in enumerate(specs):
            self.ws.groups.add(
                m.Group(
                    self.ws.next_id("groups"),
                    examples.uuid_for("groups", name, self.uuid()),
                    name,
                    query,
                    system,
                    self.moment(398 - index * 10),
                )
            )

    def labels_and_topics(self) -> None:
        for index, name in enumerate(pools.LABELS):
            self.ws.labels.add(
                m.Label(
                    self.ws.next_id("labels"),
                    examples.uuid_for("labels", name, self.uuid()),
                    name,
                    self.moment(360 - index * 20),
                )
            )
        self.ws.topics.add(
            m.Topic(self.ws.next_id("topics"), self.uuid(), "General", True, self.moment(399))
        )
        for index, name in enumerate(pools.TOPICS):
            self.ws.topics.add(
                m.Topic(
                    self.ws.next_id("topics"),
                    self.uuid(),
                    name,
                    False,
                    self.moment(200 - index * 30),
                )
            )

    def flows(self) -> None:
        flows = build_flows(self.ws, self.rng, self.now)
        examples.plant_flow_uuid(flows)
        self.ws.flows.load(flows)

    def contacts(self, count: int) -> None:
        factory = ContactFactory(self.ws, self.rng, self.now)
        self.ws.contacts.load(factory.build(count))
        examples.plant_contact_urns(self.ws)

    def messages_and_broadcasts(self, contacts: int) -> None:
        Traffic(self.ws, self.rng, self.now).build(contacts)

    def flow_starts_and_runs(self, contacts: int) -> None:
        Runs(self.ws, self.rng, self.now).build(contacts)

    def campaigns(self) -> None:
        groups = {g.name: g for g in self.ws.groups}
        flows = {f.name: f for f in self.ws.flows}
        fields = {f.key: f for f in self.ws.fields}
        reminders = self._campaign("Appointment Reminders", groups["Pending Appointments"], 180)
        followups = self._campaign("New Member Follow-up", groups["Reporters"], 150)
        events = (
            (
                reminders,
                "next_appointment",
                -1,
                "days",
                9,
                None,
                {
                    "eng": "Reminder: your appointment is tomorrow.",
                    "kin": "Kwibutsa: gahunda yawe ni ejo.",
                },
            ),
            (reminders, "next_appointment", -2, "hours", -1, flows["Appointment Reminder"], None),
            (
                reminders,
                "next_appointment",
                1,
                "days",
                10,
                None,
                {"eng": "We missed you yesterday. Reply to reschedule."},
            ),
            (followups, "joined", 1, "weeks", 9, flows["Weekly Check-in"], None),
            (
                followups,
                "joined",
                30,
                "minutes",
                -1,
                None,
                {"eng": "Welcome to @globals.programme_name!", "fra": "Bienvenue !"},
            ),
        )
        for index, (campaign, key, offset, unit, hour, flow, message) in enumerate(events):
            self.ws.campaign_events.add(
                m.CampaignEvent(
                    self.ws.next_id("campaign_events"),
                    examples.uuid_for(
                        "campaign_events", f"{campaign.name} {offset:+} {unit}", self.uuid()
                    ),
                    campaign,
                    fields[key],
                    offset,
                    unit,
                    hour,
                    flow,
                    message,
                    self.moment(140 - index * 5),
                )
            )

    def _campaign(self, name: str, group: m.Group, days: float) -> m.Campaign:
        return self.ws.campaigns.add(
            m.Campaign(
                self.ws.next_id("campaigns"),
                examples.uuid_for("campaigns", name, self.uuid()),
                name,
                group,
                self.moment(days),
            )
        )

    def globals_and_resthooks(self, contacts: int) -> None:
        for index, (key, name, value) in enumerate(pools.GLOBALS):
            created = self.moment(300 - index * 40)
            self.ws.globals.add(
                m.Global(
                    self.ws.next_id("globals"),
                    key,
                    name,
                    value,
                    created,
                    created + timedelta(days=index * 7),
                )
            )
        hooks = []
        self.ws.reserve_ids("resthook_subscribers", examples.SUBSCRIBER_ID - 1)  # a big server's
        for index, slug in enumerate(pools.RESTHOOKS):
            created = self.moment(200 - index * 30)
            hooks.append(
                self.ws.resthooks.add(
                    m.Resthook(
                        self.ws.next_id("resthooks"),
                        slug,
                        created,
                        created + timedelta(hours=index),
                    )
                )
            )
        for hook, url in zip(
            hooks,
            ("https://crm.example.org/hooks/registration", "https://alerts.example.org/cases"),
            strict=False,
        ):
            self.ws.resthook_subscribers.add(
                m.ResthookSubscriber(
                    self.ws.next_id("resthook_subscribers"),
                    hook,
                    url,
                    hook.created_on + timedelta(1),
                )
            )
        self._resthook_events(hooks, max(10, contacts // 100))

    def _resthook_events(self, hooks: list[m.Resthook], count: int) -> None:
        flow = self.ws.flows.rows[0]
        contacts = self.ws.contacts.rows
        for index in range(count):
            hook = hooks[index % len(hooks)]
            contact = self.rng.choice(contacts) if contacts else None
            data: dict[str, Any] = {
                "flow": {"uuid": flow.uuid, "name": flow.name},
                "contact": {
                    "uuid": contact.uuid,
                    "name": contact.name,
                    "urn": contact.urns[0] if contact.urns else None,
                }
                if contact
                else None,
                "channel": None,
                "run": {"uuid": self.uuid(), "created_on": None},
                "input": None,
                "path": [],
                "results": {},
            }
            self.ws.resthook_events.add(
                m.ResthookEvent(self.ws.next_id("resthook_events"), hook, data, self.moment(0, 2))
            )

    def tickets(self, contacts: int) -> None:
        topics = list(self.ws.topics)
        agents = [u for u in self.ws.users if u.role in ("agent", "administrator")]
        people = self.ws.contacts.rows
        tickets = []
        for _ in range(min(len(people), max(5, contacts // 40))):
            contact = self.rng.choice(people)
            opened = self.moment(0, 60)
            closed = self.rng.random() < 0.55
            closed_on = opened + timedelta(hours=self.rng.randrange(1, 72)) if closed else None
            ticket = m.Ticket(
                self.ws.next_id("tickets"),
                self.ws.new_uuid7(opened),
                contact,
                "closed" if closed else "open",
                self.rng.choice(topics),
                self.rng.choice(agents) if self.rng.random() < 0.6 else None,
                opened,
                None,
                self.rng.choice(self.ws.flows.rows) if self.rng.random() < 0.3 else None,
                closed_on or opened + timedelta(minutes=5),
                closed_on,
            )
            tickets.append(ticket)
        examples.plant_ticket_uuid(tickets)
        self.ws.tickets.load(tickets)
        open_group = next(g for g in self.ws.groups if g.system)
        for ticket in self.ws.tickets:
            if ticket.status == "open" and open_group not in ticket.contact.groups:
                ticket.contact.groups.append(open_group)
                open_group.members.add(ticket.contact.id)

    def channel_events(self, contacts: int) -> None:
        people = self.ws.contacts.rows
        channels = self.ws.channels.rows
        for _ in range(min(len(people), max(5, contacts // 20))):
            kind = self.rng.choice(pools.CHANNEL_EVENT_TYPES)
            extra = {"duration": self.rng.randrange(5, 300)} if kind.startswith("call") else {}
            occurred = self.moment(0, 90)
            self.ws.channel_events.add(
                m.ChannelEvent(
                    self.ws.next_id("channel_events"),
                    kind,
                    self.rng.choice(people),
                    self.rng.choice(channels),
                    extra,
                    occurred,
                    occurred + timedelta(seconds=self.rng.randrange(1, 30)),
                )
            )

    def archives(self) -> None:
        first_of_month = self.now.date().replace(day=1)
        for kind in ("message", "run"):
            month = first_of_month
            for _ in range(12):
                month = (month - timedelta(days=1)).replace(day=1)
                self._archive(kind, month, "monthly")
            for day in range(1, self.now.day):
                self._archive(kind, first_of_month.replace(day=day), "daily")

    def _archive(self, kind: str, start: date, period: str) -> None:
        count = (
            self.rng.randrange(0, 5000) if period == "daily" else self.rng.randrange(20000, 90000)
        )
        digest = hashlib.md5(f"{kind}{start}{period}".encode(), usedforsecurity=False).hexdigest()
        self.ws.archives.add(
            m.Archive(
                self.ws.next_id("archives"),
                kind,
                start,
                period,
                count,
                count * 61 if count else 0,
                digest if count else None,
            )
        )
