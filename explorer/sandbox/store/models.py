"""The sandbox's records: plain slotted dataclasses that hold references, not copies.

A contact points at its ``Group`` objects, a message at its ``Contact``, so a rename is seen
everywhere at once, as in the real database. Datetimes are aware UTC ``datetime`` values; the
serializers turn them into the API's string form only for the page being answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from explorer.sandbox.store.shapes import (
    Device,
    FlowDefinition,
    FlowResult,
    Geometry,
    PathStep,
    ResthookPayload,
    RunValue,
)


@dataclass(slots=True, eq=False)
class WorkspaceInfo:
    uuid: str
    name: str
    country: str
    languages: list[str]
    timezone: str
    date_style: str
    anon: bool
    primary_language: str


@dataclass(slots=True, eq=False)
class User:
    id: int
    uuid: str
    first_name: str
    last_name: str
    email: str
    role: str
    team: dict[str, str] | None
    created_on: datetime

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def date_joined(self) -> datetime:
        """The server's column name for the users endpoint's ordering."""
        return self.created_on


@dataclass(slots=True, eq=False)
class Channel:
    id: int
    uuid: str
    name: str
    address: str
    type: str
    country: str | None
    device: Device | None
    last_seen: datetime | None
    created_on: datetime


@dataclass(slots=True, eq=False)
class ContactField:
    id: int
    key: str
    name: str
    type: str
    featured: bool
    priority: int
    agent_access: str
    created_on: datetime


@dataclass(slots=True, eq=False)
class Group:
    id: int
    uuid: str
    name: str
    query: str | None
    system: bool
    created_on: datetime
    members: set[int] = field(default_factory=set)
    is_active: bool = True


@dataclass(slots=True, eq=False)
class Flow:
    id: int
    uuid: str
    name: str
    type: str
    archived: bool
    expires: int
    results: list[FlowResult]
    definition: FlowDefinition
    created_on: datetime
    modified_on: datetime
    labels: list[dict[str, str]] = field(default_factory=list)
    run_counts: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True, eq=False)
class Contact:
    id: int
    uuid: str
    name: str | None
    status: str
    language: str | None
    urns: list[str]
    fields: dict[str, str | None]
    created_on: datetime
    modified_on: datetime
    last_seen_on: datetime | None
    groups: list[Group] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    flow: Flow | None = None
    is_active: bool = True


@dataclass(slots=True, eq=False)
class Note:
    """A note a user added to a contact."""

    text: str
    created_on: datetime
    created_by: User


@dataclass(slots=True, eq=False)
class Label:
    id: int
    uuid: str
    name: str
    created_on: datetime
    messages: set[int] = field(default_factory=set)
    is_active: bool = True


@dataclass(slots=True, eq=False)
class Message:
    id: int
    uuid: str
    contact: Contact
    urn: str | None
    channel: Channel | None
    direction: str
    type: str
    status: str
    visibility: str
    text: str
    flow: Flow | None
    attachments: list[str]
    quick_replies: list[dict[str, str]]
    created_on: datetime
    sent_on: datetime | None
    modified_on: datetime
    broadcast: int | None = None
    labels: list[Label] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class Broadcast:
    id: int
    uuid: str
    status: str
    urns: list[str]
    contacts: list[Contact]
    groups: list[Group]
    text: dict[str, str]
    attachments: dict[str, list[str]]
    quick_replies: dict[str, list[dict[str, str]]]
    base_language: str
    created_on: datetime
    total: int = 0


@dataclass(slots=True, eq=False)
class FlowStart:
    id: int
    uuid: str
    flow: Flow
    status: str
    groups: list[Group]
    contacts: list[Contact]
    params: dict[str, Any]
    restart_participants: bool
    exclude_active: bool | None
    created_on: datetime
    modified_on: datetime
    total: int = -1
    started: int = 0


@dataclass(slots=True, eq=False)
class Run:
    id: int
    uuid: str
    flow: Flow
    contact: Contact
    start: FlowStart | None
    responded: bool
    path: list[PathStep]
    values: dict[str, RunValue]
    created_on: datetime
    modified_on: datetime
    exited_on: datetime | None
    exit_type: str | None


@dataclass(slots=True, eq=False)
class Campaign:
    id: int
    uuid: str
    name: str
    group: Group
    created_on: datetime
    archived: bool = False


@dataclass(slots=True, eq=False)
class CampaignEvent:
    id: int
    uuid: str
    campaign: Campaign
    relative_to: ContactField
    offset: int
    unit: str
    delivery_hour: int
    flow: Flow | None
    message: dict[str, str] | None
    created_on: datetime
    is_active: bool = True


@dataclass(slots=True, eq=False)
class Global:
    id: int
    key: str
    name: str
    value: str
    created_on: datetime
    modified_on: datetime


@dataclass(slots=True, eq=False)
class Resthook:
    id: int
    slug: str
    created_on: datetime
    modified_on: datetime


@dataclass(slots=True, eq=False)
class ResthookEvent:
    id: int
    resthook: Resthook
    data: ResthookPayload
    created_on: datetime


@dataclass(slots=True, eq=False)
class ResthookSubscriber:
    id: int
    resthook: Resthook
    target_url: str
    created_on: datetime
    is_active: bool = True


@dataclass(slots=True, eq=False)
class Topic:
    id: int
    uuid: str
    name: str
    system: bool
    created_on: datetime


@dataclass(slots=True, eq=False)
class Ticket:
    id: int
    uuid: str
    contact: Contact
    status: str
    topic: Topic
    assignee: User | None
    opened_on: datetime
    opened_by: User | None
    opened_in: Flow | None
    modified_on: datetime
    closed_on: datetime | None


@dataclass(slots=True, eq=False)
class ChannelEvent:
    id: int
    type: str
    contact: Contact
    channel: Channel
    extra: dict[str, int]
    occurred_on: datetime
    created_on: datetime


@dataclass(slots=True, eq=False)
class Archive:
    id: int
    type: str
    start_date: date
    period: str
    record_count: int
    size: int
    hash: str | None

    @property
    def start_moment(self) -> datetime:
        """Midnight UTC of ``start_date``, for the inclusive before/after filters."""
        return datetime(
            self.start_date.year, self.start_date.month, self.start_date.day, tzinfo=UTC
        )


@dataclass(slots=True, eq=False)
class Boundary:
    osm_id: str
    name: str
    level: int
    parent: Boundary | None
    aliases: list[str]
    geometry: Geometry | None


MEDIA_HOST = "https://sandbox-media.textit.example"  # where attachments and uploads are "stored"


@dataclass(slots=True, eq=False)
class Media:
    uuid: str
    content_type: str
    url: str
    filename: str
    size: int
