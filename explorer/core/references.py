"""What a value in an answer refers to, and the GET requests that open it.

An answer's items hold references to other objects: ``{"uuid", "name"}`` objects (a contact's
``groups``, a run's ``flow``), ``{"email", "name"}`` for users, ``{"key", "name", "label"}`` for
a contact field, a bare id (a message's ``broadcast``), the keys of a contact's ``fields``, and
the item's own ``uuid`` (or ``key``, ``email``). :func:`targets` reads the one at a JSON path and
returns the requests that open it, then the related listings ("its contacts", "its runs").

Which member refers to what is written here per endpoint, as the server's serializers write
them (see ``shared/textit-api/real-responses``): a flow's ``labels`` are flow labels, which no
endpoint lists, so they are not references; a user's ``team`` neither. Every value is checked
before it goes into a request (a UUID must look like one), since the answer is untrusted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from explorer.core.values import is_uuid

Segment = str | int
"""A member name or an array index."""
JsonPath = tuple[Segment, ...]

INDEX = "[]"  # in a pattern: any array index
MEMBER = "{}"  # in a pattern: any member name (the name is the reference)
MAX_IDENTIFIER = 255  # longer keys, emails or names are not plausible references
_ENDPOINT = re.compile(r"/api/v2/([a-z_]+)\.json/?")


@dataclass(frozen=True)
class Related:
    """A listing filtered by an object: ``GET runs?flow=UUID`` is a flow's "its runs"."""

    endpoint: str
    param: str
    crumb: str  # with {name}: "contacts in {name}"


@dataclass(frozen=True)
class ObjectKind:
    """A kind of object: the endpoint that lists it and the parameter that picks one."""

    name: str
    endpoint: str
    lookup: str | None  # None: the endpoint cannot pick one (topics), so it lists them all
    related: tuple[Related, ...] = ()


CONTACT = ObjectKind(
    "contact",
    "contacts",
    "uuid",
    (
        Related("messages", "contact", "messages of {name}"),
        Related("runs", "contact", "runs of {name}"),
    ),
)
GROUP = ObjectKind("group", "groups", "uuid", (Related("contacts", "group", "contacts in {name}"),))
FLOW = ObjectKind("flow", "flows", "uuid", (Related("runs", "flow", "runs of {name}"),))
LABEL = ObjectKind("label", "labels", "uuid", (Related("messages", "label", "messages in {name}"),))
CAMPAIGN = ObjectKind(
    "campaign", "campaigns", "uuid", (Related("campaign_events", "campaign", "events of {name}"),)
)
CAMPAIGN_EVENT = ObjectKind("campaign event", "campaign_events", "uuid")
CHANNEL = ObjectKind("channel", "channels", "uuid")
FIELD = ObjectKind("field", "fields", "key")
GLOBAL = ObjectKind("global", "globals", "key")
TOPIC = ObjectKind("topic", "topics", None)
TICKET = ObjectKind("ticket", "tickets", "uuid")
USER = ObjectKind("user", "users", "email")
BROADCAST = ObjectKind("broadcast", "broadcasts", "uuid")
FLOW_START = ObjectKind("flow start", "flow_starts", "uuid")
MESSAGE = ObjectKind("message", "messages", "uuid")
RUN = ObjectKind("run", "runs", "uuid")

OWN: dict[str, ObjectKind] = {
    kind.endpoint: kind
    for kind in (
        CONTACT,
        GROUP,
        FLOW,
        LABEL,
        CAMPAIGN,
        CAMPAIGN_EVENT,
        CHANNEL,
        FIELD,
        GLOBAL,
        TOPIC,
        TICKET,
        USER,
        BROADCAST,
        FLOW_START,
        MESSAGE,
        RUN,
    )
}
"""The kind of the items each endpoint lists (and creates)."""


@dataclass(frozen=True)
class Place:
    """Where a reference sits in an item (``pattern``), what it refers to, and which of its
    members identifies it: ``"uuid"``, ``"email"``, ``"key"``; ``MEMBER`` for the member name
    itself (a contact's ``fields``); None for the value itself (a message's ``broadcast`` id)."""

    pattern: tuple[str, ...]
    kind: ObjectKind
    by: str | None = "uuid"
    lookup: str | None = None  # the parameter, when not the kind's own (a broadcast by ``id``)


PLACES: dict[str, tuple[Place, ...]] = {
    "broadcasts": (Place(("contacts", INDEX), CONTACT), Place(("groups", INDEX), GROUP)),
    "campaigns": (Place(("group",), GROUP),),
    "campaign_events": (
        Place(("campaign",), CAMPAIGN),
        Place(("flow",), FLOW),
        Place(("relative_to",), FIELD, "key"),
    ),
    "channel_events": (Place(("contact",), CONTACT), Place(("channel",), CHANNEL)),
    "contacts": (
        Place(("groups", INDEX), GROUP),
        Place(("flow",), FLOW),
        Place(("urns", INDEX, "channel"), CHANNEL),  # with expand_urns
        Place(("notes", INDEX, "created_by"), USER, "email"),
        Place(("fields", MEMBER), FIELD, MEMBER),
    ),
    "flow_starts": (
        Place(("flow",), FLOW),
        Place(("groups", INDEX), GROUP),
        Place(("contacts", INDEX), CONTACT),
    ),
    "messages": (
        Place(("contact",), CONTACT),
        Place(("channel",), CHANNEL),
        Place(("labels", INDEX), LABEL),
        Place(("flow",), FLOW),
        Place(("broadcast",), BROADCAST, None, "id"),
    ),
    "runs": (
        Place(("flow",), FLOW),
        Place(("contact",), CONTACT),
        Place(("start",), FLOW_START),
    ),
    "tickets": (
        Place(("contact",), CONTACT),
        Place(("topic",), TOPIC),
        Place(("assignee",), USER, "email"),
        Place(("opened_by",), USER, "email"),
        Place(("opened_in",), FLOW),
    ),
}
"""The references in each endpoint's items (patterns relative to one item)."""

_NAME_MEMBERS = ("name",)  # what else a cursor may stand on inside a reference or an item


@dataclass(frozen=True)
class Target:
    """One GET that opens what a value refers to: the object, or a listing related to it."""

    endpoint: str
    params: tuple[tuple[str, str], ...]
    crumb: str
    """How the answer is named in the path of answers: ``group Farmers``, ``contacts in
    Farmers`` (names are the server's: display them as data)."""
    title: str
    """How a chooser offers it: ``the group Farmers``, ``contacts in Farmers``."""

    @property
    def query(self) -> dict[str, str]:
        """The form values of the request."""
        return dict(self.params)


def targets(endpoint: str, body: Any, path: Sequence[Segment]) -> list[Target]:
    """The requests that open what the value at ``path`` in ``body`` (an answer of
    ``endpoint``) refers to, the object first; empty when it refers to nothing known."""
    split = _item_path(body, tuple(path))
    if split is None:
        return []
    item, rest = split
    if (own := _own(endpoint, item, rest)) is not None:
        return own
    for place in PLACES.get(endpoint, ()):
        found = _at_place(place, item, rest)
        if found is not None:
            return found
    return []


def _item_path(body: Any, path: JsonPath) -> tuple[Any, JsonPath] | None:
    """The item that ``path`` is in (an element of ``results``, of a bare list, or the body when
    it is one object) and the path within it."""
    if path[:1] == ("results",) and isinstance(body, dict):
        results = body.get("results")
        if len(path) < 2 or not isinstance(path[1], int) or not isinstance(results, list):
            return None
        return _element(results, path[1]), path[2:]
    if isinstance(body, list):
        if not path or not isinstance(path[0], int):
            return None
        return _element(body, path[0]), path[1:]
    return (body, path) if isinstance(body, dict) else None


def _element(items: list[Any], index: int) -> Any:
    return items[index] if 0 <= index < len(items) else None


def _own(endpoint: str, item: Any, rest: JsonPath) -> list[Target] | None:
    """The item itself, when the path is the item, its identifier or its name."""
    kind = OWN.get(endpoint)
    if kind is None or not isinstance(item, dict):
        return None
    by = "uuid" if kind.lookup is None else kind.lookup
    if rest not in ((), ("uuid",), (by,), *((name,) for name in _NAME_MEMBERS)):
        return None
    return _open(kind, kind.lookup, item.get(by), _name_of(item, by))


def _at_place(place: Place, item: Any, rest: JsonPath) -> list[Target] | None:
    """The references at ``place`` that ``rest`` stands on: one, or each of a list's."""
    size = len(place.pattern)
    if len(rest) < size - 1 or not _matches(place.pattern[: len(rest)], rest[:size]):
        return None
    if len(rest) == size - 1:  # on the list (or map) itself: every reference in it
        if place.pattern[-1] not in (INDEX, MEMBER):
            return None
        container = _value(item, rest)
        return [t for member in _members(container, place) for t in _reference(place, *member)]
    tail = rest[size:]
    identifier = () if place.by in (None, MEMBER) else (place.by,)
    if tail not in ((), identifier, *((name,) for name in _NAME_MEMBERS)):
        return None
    return _reference(place, rest[size - 1], _value(item, rest[:size]))


def _matches(pattern: tuple[str, ...], path: JsonPath) -> bool:
    if len(pattern) != len(path):
        return False
    return all(
        isinstance(segment, int)
        if want == INDEX
        else isinstance(segment, str)
        if want == MEMBER
        else segment == want
        for want, segment in zip(pattern, path, strict=True)
    )


def _members(container: Any, place: Place) -> list[tuple[Segment, Any]]:
    if place.pattern[-1] == INDEX and isinstance(container, list):
        return list(enumerate(container))
    if place.pattern[-1] == MEMBER and isinstance(container, dict):
        return list(container.items())
    return []


def _reference(place: Place, segment: Segment, value: Any) -> list[Target]:
    """The targets of one reference: ``value`` at ``segment`` (its member name, for a map)."""
    lookup = place.lookup or place.kind.lookup
    if place.by is None:
        return _open(place.kind, lookup, value, None)
    if place.by == MEMBER:
        return _open(place.kind, lookup, segment, None)
    if not isinstance(value, dict):
        return []
    return _open(place.kind, lookup, value.get(place.by), _name_of(value, place.by))


def _open(kind: ObjectKind, lookup: str | None, identifier: Any, name: str | None) -> list[Target]:
    """The object's own request, then its related listings; none for an implausible id."""
    text = _identifier_text(identifier, uuid=lookup == "uuid")
    if text is None:
        return []
    label = name or _short(text)
    if lookup is None:  # the endpoint cannot pick one: list them all
        title = f"all {kind.endpoint} (the API cannot pick the {kind.name} {label})"
        return [Target(kind.endpoint, (), kind.endpoint, title)]
    crumb = f"{kind.name} {label}"
    found = [Target(kind.endpoint, ((lookup, text),), crumb, f"the {crumb}")]
    if lookup != "uuid":  # related listings filter by UUID
        return found
    crumbs = [(related, related.crumb.format(name=label)) for related in kind.related]
    return found + [Target(r.endpoint, ((r.param, text),), c, c) for r, c in crumbs]


def _identifier_text(value: Any, *, uuid: bool) -> str | None:
    """``value`` as a query value, if it is a plausible identifier (a UUID where one is due)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value) if value >= 0 and not uuid else None
    if not isinstance(value, str) or not value or len(value) > MAX_IDENTIFIER:
        return None
    if uuid:
        return value if is_uuid(value) else None
    return value if value.isprintable() and value.strip() == value else None


def _name_of(item: dict[str, Any], by: str) -> str | None:
    """What a person calls the object: its name, else its email (a user's)."""
    for member in ("name", "email"):
        value = item.get(member)
        if isinstance(value, str) and value.strip() and member != by:
            return value
    return None


def _short(identifier: str) -> str:
    """A UUID by its first 8 characters (as the table shows it); anything else whole."""
    return identifier[:8] + "…" if is_uuid(identifier) else identifier


def _value(root: Any, path: JsonPath) -> Any:
    """The value at ``path`` in ``root``, or None where the path leads nowhere."""
    value = root
    for segment in path:
        if isinstance(segment, int) and isinstance(value, list):
            value = _element(value, segment)
        elif isinstance(segment, str) and isinstance(value, dict):
            value = value.get(segment)
        else:
            return None
    return value


def endpoint_of(url: str) -> str | None:
    """The endpoint an answer came from, by its URL (``…/api/v2/contacts.json?…``)."""
    match = _ENDPOINT.search(urlsplit(url).path)
    return match.group(1) if match and match.end() == len(urlsplit(url).path) else None


def answer_crumb(method: str, endpoint: str) -> str:
    """How a request sent from the form starts the path of answers: ``contacts``, or ``POST
    contacts`` for a write."""
    return endpoint if method == "GET" else f"{method} {endpoint}"
