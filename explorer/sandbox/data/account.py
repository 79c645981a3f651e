"""The workspace's own setup: its users, channels, contact fields and globals."""

from __future__ import annotations

from datetime import timedelta
from typing import NamedTuple

from explorer.sandbox.data import pools
from explorer.sandbox.data.seeding import Seeder
from explorer.sandbox.store import models as m
from explorer.sandbox.store.shapes import Device


class UserSpec(NamedTuple):
    first_name: str
    last_name: str
    email: str
    role: str
    has_team: bool
    days_ago: int


class ChannelSpec(NamedTuple):
    name: str
    address: str
    type: str
    country: str | None
    device: Device | None
    days_ago: int


class FieldSpec(NamedTuple):
    key: str
    name: str
    type: str
    featured: bool
    priority: int


PIXEL: Device = {
    "name": "Pixel 7",
    "power_level": 84,
    "power_status": "STATUS_DISCHARGING",
    "power_source": "BATTERY",
    "network_type": "WIFI",
}
USERS = (
    UserSpec("Ada", "Admin", "admin@example.com", "administrator", False, 390),
    UserSpec("Ed", "Editor", "editor@example.com", "editor", False, 300),
    UserSpec("Agnes", "Agent", "agent@example.com", "agent", True, 120),
    UserSpec("Joseph", "Nshuti", "joseph@example.com", "agent", False, 30),
)
CHANNELS = (
    ChannelSpec("Android Phone", "+250785551212", "android", "RW", PIXEL, 380),
    ChannelSpec("WhatsApp Programme Line", "+250788123456", "whatsapp", "RW", None, 250),
    ChannelSpec("Telegram Bot", "HealthyHarvestBot", "telegram", None, None, 200),
    ChannelSpec("Facebook Page", "1234567890", "facebook", None, None, 150),
    ChannelSpec("Kenya Shortcode", "21605", "africastalking", "KE", None, 90),
)
FIELDS = (
    FieldSpec("age", "Age", "number", True, 10),
    FieldSpec("gender", "Gender", "text", True, 9),
    FieldSpec("joined", "Joined On", "datetime", False, 8),
    FieldSpec("next_appointment", "Next Appointment", "datetime", False, 0),
    FieldSpec("state", "Province", "state", False, 0),
    FieldSpec("district", "District", "district", False, 0),
    FieldSpec("ward", "Sector", "ward", False, 0),
    FieldSpec("occupation", "Occupation", "text", False, 0),
    FieldSpec("household_size", "Household Size", "number", False, 0),
    FieldSpec("nick_name", "Nick Name", "text", False, 0),
    FieldSpec("last_hit", "Last Hit", "datetime", False, 0),
)


def add_users(seed: Seeder) -> None:
    team = {"uuid": seed.uuid(), "name": "All Topics"}
    for spec in USERS:
        seed.ws.users.add(
            m.User(
                seed.ws.next_id("users"),
                seed.uuid(),
                spec.first_name,
                spec.last_name,
                spec.email,
                spec.role,
                team if spec.has_team else None,
                seed.moment(spec.days_ago),
            )
        )


def add_channels(seed: Seeder) -> None:
    for spec in CHANNELS:
        seed.ws.channels.add(
            m.Channel(
                seed.ws.next_id("channels"),
                seed.uuid(),
                spec.name,
                spec.address,
                spec.type,
                spec.country,
                spec.device.copy() if spec.device else None,
                seed.moment(0.01, 0.5),
                seed.moment(spec.days_ago),
            )
        )


def add_fields(seed: Seeder) -> None:
    for index, spec in enumerate(FIELDS):
        access = "edit" if spec.key == "nick_name" else "view"
        seed.ws.fields.add(
            m.ContactField(
                seed.ws.next_id("fields"),
                spec.key,
                spec.name,
                spec.type,
                spec.featured,
                spec.priority,
                access,
                seed.moment(395 - index),
            )
        )


def add_globals(seed: Seeder) -> None:
    for index, (key, name, value) in enumerate(pools.GLOBALS):
        created = seed.moment(300 - index * 40)
        seed.ws.globals.add(
            m.Global(
                seed.ws.next_id("globals"),
                key,
                name,
                value,
                created,
                created + timedelta(days=index * 7),
            )
        )
