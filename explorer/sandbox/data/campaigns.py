"""Campaigns and their events: reminders relative to contacts' date fields, by message or flow."""

from __future__ import annotations

from typing import NamedTuple

from explorer.sandbox.data import examples
from explorer.sandbox.data.seeding import Seeder
from explorer.sandbox.store import models as m


class EventSpec(NamedTuple):
    campaign: str
    relative_to: str  # a contact field key
    offset: int
    unit: str
    delivery_hour: int
    flow: str | None  # a flow's name, or None for a message event
    message: dict[str, str] | None


CAMPAIGNS = (
    ("Appointment Reminders", "Pending Appointments", 180),
    ("New Member Follow-up", "Reporters", 150),
)
EVENTS = (
    EventSpec(
        "Appointment Reminders",
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
    EventSpec(
        "Appointment Reminders", "next_appointment", -2, "hours", -1, "Appointment Reminder", None
    ),
    EventSpec(
        "Appointment Reminders",
        "next_appointment",
        1,
        "days",
        10,
        None,
        {"eng": "We missed you yesterday. Reply to reschedule."},
    ),
    EventSpec("New Member Follow-up", "joined", 1, "weeks", 9, "Weekly Check-in", None),
    EventSpec(
        "New Member Follow-up",
        "joined",
        30,
        "minutes",
        -1,
        None,
        {"eng": "Welcome to @globals.programme_name!", "fra": "Bienvenue !"},
    ),
)


def add_campaigns(seed: Seeder) -> None:
    ws = seed.ws
    groups = {g.name: g for g in ws.groups}
    campaigns = {
        name: ws.campaigns.add(
            m.Campaign(
                ws.next_id("campaigns"),
                examples.uuid_for("campaigns", name, seed.uuid()),
                name,
                groups[group],
                seed.moment(days),
            )
        )
        for name, group, days in CAMPAIGNS
    }
    flows = {f.name: f for f in ws.flows}
    fields = {f.key: f for f in ws.fields}
    for index, spec in enumerate(EVENTS):
        name = f"{spec.campaign} {spec.offset:+} {spec.unit}"
        ws.campaign_events.add(
            m.CampaignEvent(
                ws.next_id("campaign_events"),
                examples.uuid_for("campaign_events", name, seed.uuid()),
                campaigns[spec.campaign],
                fields[spec.relative_to],
                spec.offset,
                spec.unit,
                spec.delivery_hour,
                flows[spec.flow] if spec.flow else None,
                spec.message,
                seed.moment(140 - index * 5),
            )
        )
