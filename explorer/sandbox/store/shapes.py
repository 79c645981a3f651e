"""The JSON-like parts of records, typed: devices, flow definitions, run steps, webhook payloads.

They are kept as the server keeps them (a flow's definition, a run's path, the payload a flow
posted to a resthook) and rendered nearly as they are. Datetimes inside runs stay ``datetime``
until rendering; a webhook payload holds the strings that were posted (``iso``, ``iso_micro``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Required, TypedDict


def iso(moment: datetime | None) -> str | None:
    """A datetime as the API writes it: UTC with ``Z``; no fraction when microsecond is 0 (DRF)."""
    if moment is None:
        return None
    return moment.isoformat().replace("+00:00", "Z")


def iso_micro(moment: datetime) -> str:
    """A datetime as the flow engine writes it: always six fraction digits."""
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


class Device(TypedDict):
    """An Android channel's phone."""

    name: str
    power_level: int
    power_status: str
    power_source: str
    network_type: str


class Geometry(TypedDict):
    """A boundary's GeoJSON MultiPolygon."""

    type: str
    coordinates: list[list[list[list[float]]]]


class FlowResult(TypedDict):
    key: str
    name: str
    categories: list[str]
    node_uuids: list[str]


class Exit(TypedDict, total=False):
    uuid: Required[str]
    destination_uuid: str


class Category(TypedDict):
    exit_uuid: str
    name: str
    uuid: str


class Case(TypedDict):
    arguments: list[str]
    category_uuid: str
    type: str
    uuid: str


class Router(TypedDict):
    cases: list[Case]
    categories: list[Category]
    default_category_uuid: str
    operand: str
    result_name: str
    type: str
    wait: dict[str, str]


class Node(TypedDict, total=False):
    """A flow node: actions, then either one exit or a router that picks an exit."""

    uuid: Required[str]
    actions: Required[list[dict[str, object]]]
    exits: Required[list[Exit]]
    router: Router


class FlowDefinition(TypedDict):
    """A flow in the engine's format (spec 14), as the definitions endpoint exports it."""

    _ui: dict[str, object]
    expire_after_minutes: int
    language: str
    localization: dict[str, object]
    name: str
    nodes: list[Node]
    spec_version: str
    type: str
    uuid: str
    revision: int


class PathStep(TypedDict):
    node: str
    time: datetime


class RunValue(TypedDict):
    name: str
    value: str
    category: str
    node: str
    time: datetime


class Ref(TypedDict):
    uuid: str
    name: str


class PayloadContact(TypedDict):
    uuid: str
    name: str | None
    urn: str | None


class PayloadFlow(TypedDict):
    uuid: str
    name: str
    revision: int


class PayloadStep(TypedDict):
    uuid: str
    node_uuid: str
    arrived_on: str
    exit_uuid: str | None


class PayloadResult(TypedDict):
    name: str
    value: str
    category: str
    node_uuid: str
    input: str
    created_on: str


class PayloadRun(TypedDict):
    uuid: str
    created_on: str


class PayloadUrn(TypedDict):
    scheme: str
    path: str
    display: str


class PayloadInput(TypedDict):
    uuid: str
    type: str
    text: str
    attachments: list[str]
    channel: Ref | None
    created_on: str
    urn: PayloadUrn | None


class ResthookPayload(TypedDict):
    """What a flow's resthook action posted (the engine's default webhook payload)."""

    contact: PayloadContact
    flow: PayloadFlow
    path: list[PayloadStep]
    results: dict[str, PayloadResult]
    run: PayloadRun
    input: PayloadInput | None
    channel: Ref | None
