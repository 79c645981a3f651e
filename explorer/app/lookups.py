"""What a workspace's objects are called: the names and UUIDs (keys, for fields) of its groups,
flows, labels, fields, channels, topics and campaigns, its contacts on demand, and its time zone.

Pickers complete from it, and a request is checked against it before it is sent ("no group is
named X"). Each list is fetched once per session through the session's client, so it is counted
against the rate budget and recorded in history like any request: the person sees what the
pickers cost. Every page is followed, up to ``MAX_ITEMS``; a longer list is kept as partial and
says so. Contacts can be far too many to list: a name is searched among the most recently
changed ``CONTACT_SAMPLE``, a UUID or URN is looked up exactly. Names are the server's data and
may hold anything; they are kept as text, never interpreted.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from explorer.app.session import PatientClient, Session, retrieve_outcome
from explorer.core.catalog import Kind, Operation, Param, Reference, load_catalog, reference_of
from explorer.core.errors import ExplorerError
from explorer.core.pagination import pages
from explorer.core.request import ApiRequest, endpoint_path
from explorer.core.values import InvalidValue, convert, is_uuid, zone_named

MAX_ITEMS = 5000  # per list: ~20 pages of 250
CONTACT_SAMPLE = 250  # the most recently changed contacts, searched by name (one page)
SHOWN = 8  # candidates offered at once
URN = Param("urn", Kind.URN, "")
_ODD_NAME = re.compile(r"[,\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class Item:
    """One object a reference can name: ``value`` is what identifies it (its UUID; a field's
    key), ``detail`` a hint to tell two alike apart (a contact's first URN)."""

    value: str
    name: str
    detail: str = ""

    def named(self, text: str) -> bool:
        """Whether ``text`` is this object's name (case-insensitive, as the API compares group
        names) or its UUID / key."""
        wanted = text.strip().casefold()
        return wanted in (self.name.strip().casefold(), self.value.casefold())


@dataclass(frozen=True)
class Listing:
    """A workspace's objects of one kind; ``complete`` is False when there were more than
    were fetched, so a name not found may still exist."""

    items: tuple[Item, ...]
    complete: bool = True

    def find(self, text: str) -> Item | None:
        return next((item for item in self.items if item.named(text)), None)

    def matching(self, text: str, limit: int = SHOWN) -> list[Item]:
        """Items whose name or UUID starts with ``text``, then those whose name (or URN) holds
        it."""
        needle = text.strip().casefold()
        starts = [i for i in self.items if _starts(i, needle)]
        within = [i for i in self.items if _holds(i, needle) and not _starts(i, needle)]
        return (starts + within)[:limit]


def _starts(item: Item, needle: str) -> bool:
    return item.name.casefold().startswith(needle) or item.value.casefold().startswith(needle)


def _holds(item: Item, needle: str) -> bool:
    return needle in item.name.casefold() or needle in item.detail.casefold()


def is_urn(text: str) -> bool:
    """Whether ``text`` is a whole URN (``tel:+250788123123``), worth an exact lookup."""
    try:
        convert(URN, text)
    except InvalidValue:
        return False
    return True


def read_item(endpoint: str, raw: Any) -> Item | None:
    """One object of a list as the server gave it, or None when it has no usable identity."""
    if not isinstance(raw, dict):
        return None
    value = raw.get("key") if endpoint == "fields" else raw.get("uuid")
    if not isinstance(value, str) or not value:
        return None
    name = raw.get("name") if isinstance(raw.get("name"), str) else raw.get("label")
    urns = raw.get("urns")
    detail = urns[0] if isinstance(urns, list) and urns and isinstance(urns[0], str) else ""
    return Item(value, name if isinstance(name, str) else "", detail)


class Lookups:
    """The lists of one session's workspace, each fetched when first needed and then kept until
    ``refresh()``."""

    def __init__(self, session: Session, *, max_items: int = MAX_ITEMS) -> None:
        self.session = session
        self.max_items = max_items
        self.zone: tzinfo | None = zone_named(session.timezone)
        self._client = PatientClient(session.client)
        self._lists: dict[str, asyncio.Task[Listing]] = {}
        self._contacts: dict[str, Listing] = {}  # exact UUID / URN lookups

    @property
    def zone_name(self) -> str | None:
        """The workspace's time zone, when the server named one this machine knows."""
        return str(self.zone) if self.zone is not None else None

    def refresh(self) -> None:
        """Forget every list fetched: each is fetched again when next needed."""
        self._lists = {name: task for name, task in self._lists.items() if not task.done()}
        self._contacts.clear()

    def cached(self, endpoint: str) -> Listing | None:
        """The list of ``endpoint`` if it has been fetched (without error), else None."""
        task = self._lists.get(endpoint)
        if task is None or not task.done() or task.cancelled() or task.exception() is not None:
            return None
        return task.result()

    async def listing(self, endpoint: str) -> Listing:
        """Every object of ``endpoint`` (``groups``), fetched once; raises the domain error."""
        task = self._lists.get(endpoint)
        if task is None or (task.done() and self.cached(endpoint) is None):
            limit = CONTACT_SAMPLE if endpoint == "contacts" else self.max_items
            task = asyncio.ensure_future(self._fetch(endpoint, {}, limit))
            task.add_done_callback(retrieve_outcome)  # a failure whose picker went away is no error
            self._lists[endpoint] = task
        return await asyncio.shield(task)  # a cancelled picker does not cancel the fetch

    async def _fetch(self, endpoint: str, query: Mapping[str, str], limit: int) -> Listing:
        request = ApiRequest(
            "GET", endpoint_path(endpoint), tuple(query.items()), endpoint=endpoint
        )
        items: list[Item] = []
        async for page in pages(self._client, request):
            items.extend(item for raw in page.results if (item := read_item(endpoint, raw)))
            if len(items) >= limit:
                complete = len(items) == limit and page.next_url is None
                return Listing(tuple(items[:limit]), complete)
        return Listing(tuple(items))

    async def candidates(self, reference: Reference, text: str, limit: int = SHOWN) -> list[Item]:
        """What a picker offers for ``text``; raises the domain error when a list cannot be
        fetched."""
        if reference.endpoint == "contacts":
            return await self._contacts_for(text, limit)
        return (await self.listing(reference.endpoint)).matching(text, limit)

    async def _contacts_for(self, text: str, limit: int) -> list[Item]:
        """A UUID or URN is looked up exactly; anything else searches the recent contacts."""
        term = text.strip()
        param = "uuid" if is_uuid(term.strip()) else "urn" if is_urn(term) else None
        if param is None:
            return (await self.listing("contacts")).matching(term, limit)
        if term not in self._contacts:
            self._contacts[term] = await self._fetch("contacts", {param: term}, 1)
        return list(self._contacts[term].items)

    def limit_note(self, reference: Reference, text: str) -> str | None:
        """What a picker should say about the list it searched when that list is partial:
        ``only the 250 most recently changed contacts are searched ...``; None when whole."""
        term = text.strip()
        if reference.endpoint == "contacts" and (is_uuid(term.strip()) or is_urn(term)):
            return None  # looked up exactly
        listing = self.cached(reference.endpoint)
        if listing is None or listing.complete:
            return None
        count = f"{len(listing.items):,}"
        if reference.endpoint == "contacts":
            return (
                f"only the {count} most recently changed contacts are searched by name; "
                "a whole URN or UUID finds any"
            )
        return f"only the first {count} {reference.endpoint} are searched: there are more"

    def fill(self, reference: Reference, item: Item) -> str:
        """What choosing ``item`` puts in the field: its name where the API takes one and the
        name is plain (one line, no comma a list would split it at, no other object of the
        same name), else its UUID (or key)."""
        name = item.name
        plain = bool(name) and name == name.strip() and not _ODD_NAME.search(name)
        if reference.by != "name" or not plain:
            return item.value
        listing = self.cached(reference.endpoint)
        alike = [i for i in listing.items if i.named(name)] if listing else [item]
        return name if alike == [item] else item.value

    async def check(self, request: ApiRequest) -> dict[str, list[str]]:
        """Problems with the references ``request`` makes, by field: a group, flow, label, ...
        that this workspace does not have. A list that cannot be fetched, or is partial, is not
        held against the request (the server will judge)."""
        wanted = _referenced(request)
        for endpoint in {reference.endpoint for _, reference, _ in wanted} - {"contacts"}:
            try:
                await self.listing(endpoint)
            except ExplorerError:  # the check is a courtesy, not a gate
                continue
        return self.unknown(request)

    def unknown(self, request: ApiRequest) -> dict[str, list[str]]:
        """``check`` on the lists already fetched only (no request): for an answer's status."""
        problems: dict[str, list[str]] = {}
        for name, reference, value in _referenced(request):
            listing = self.cached(reference.endpoint)
            if listing is None or not listing.complete or listing.find(value) is not None:
                continue
            problems.setdefault(name, []).append(unknown_words(reference, value))
        return problems


def unknown_words(reference: Reference, value: str) -> str:
    """``no group is named 'X' in this workspace``, or ``... has the UUID ...``."""
    if reference.by == "name" and not is_uuid(value):
        return f"no {reference.noun} is named {value!r} in this workspace"
    what = "key" if reference.by == "key" else "UUID"
    return f"no {reference.noun} has the {what} {value!r} in this workspace"


def _operation_of(request: ApiRequest) -> Operation | None:
    endpoint = load_catalog().endpoint_for_path(request.path)
    return endpoint.operation(request.method) if endpoint is not None else None


def _referenced(request: ApiRequest) -> list[tuple[str, Reference, str]]:
    """``(field, reference, value)`` for each value ``request`` gives a reference field."""
    operation = _operation_of(request)
    if operation is None:
        return []
    found: list[tuple[str, Reference, str]] = []
    body = request.body or {}
    for param in (*operation.params, *operation.body):
        reference = reference_of(operation, param)
        if reference is None:
            continue
        if param in operation.params:
            values: Iterable[Any] = (v for n, v in request.query if n == param.name)
        else:
            given = body.get(param.name)
            values = given if isinstance(given, list) else [given]
        found.extend((param.name, reference, v) for v in values if isinstance(v, str) and v)
    return found
