"""The TextIt API v2 catalog: every endpoint, operation and parameter, loaded from packaged data.

The tree, the forms, the docs pane, the request validator and the sandbox all read this one source,
so they cannot drift apart. ``endpoints.json`` beside this module is the data; ``load_catalog``
checks it and turns it into frozen dataclasses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from explorer.core.errors import CatalogError

GROUPS = ("Contacts", "Messages", "Flows", "Campaigns", "Tickets", "Resthooks", "Workspace")
METHODS = ("GET", "POST", "DELETE")
THROTTLE_SCOPES = ("v2.contacts", "v2.messages", "v2.runs", "v2")
DEFAULT_RATE_LIMIT = 2500  # requests/hour per scope: TextIt's published rate (RapidPro: 3600)


class Kind(StrEnum):
    """The type of a parameter or body field, which decides its input and its validation."""

    STRING = "string"
    INT = "int"
    BOOL = "bool"
    CHOICE = "choice"
    UUID = "uuid"
    DATETIME = "datetime"
    DATE = "date"
    URN = "urn"
    LANGUAGE = "language"  # an ISO 639-3 code such as "eng"
    EMAIL = "email"
    URL = "url"
    REF = "ref"  # an object by UUID, or by name / URN where the API allows it
    LIST = "list"  # items of kind ``item``; repeated query params, or a JSON array in a body
    TRANSLATABLE = "translatable"  # a string, or {"eng": "...", "fra": "..."}
    TRANSLATABLE_LIST = "translatable_list"  # a list, or {"eng": [...], "fra": [...]}
    JSON = "json"  # a free JSON object
    FILE = "file"  # a multipart upload


class Response(StrEnum):
    """What a successful answer to an operation looks like."""

    CURSOR = "cursor"  # {"next", "previous", "results"}
    OFFSET = "offset"  # {"count", "next", "previous", "results"} with limit/offset
    OBJECT = "object"  # one bare object
    RESULTS = "results"  # {"results": [...]} without paging
    EMPTY = "empty"  # 204 with no body
    BULK = "bulk"  # 204, or 200 with {"failures": [...]}


class Status(StrEnum):
    PUBLIC = "public"
    UNLISTED = "unlisted"  # works, but not on the API's root listing
    DEPRECATED = "deprecated"


@dataclass(frozen=True)
class Param:
    """One query parameter or body field of an operation."""

    name: str
    kind: Kind
    help: str
    required: bool = False
    item: Kind | None = None  # the kind of each item, for LIST and TRANSLATABLE_LIST
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    max_items: int | None = None
    nullable: bool = False
    default: str | None = None
    deprecated: bool = False
    documented: bool = True  # False: the server accepts it but its own explorer does not declare it


@dataclass(frozen=True)
class Operation:
    """One method on one endpoint, e.g. ``POST contacts``."""

    endpoint: str
    method: str
    title: str
    summary: str
    params: tuple[Param, ...]
    body: tuple[Param, ...]
    response: Response
    success_status: tuple[int, ...]
    lookup: tuple[str, ...] = ()  # query params that identify the object to update or delete
    lookup_required: bool = False  # True for DELETE: one lookup param must be given
    exclusive: tuple[tuple[str, ...], ...] = ()  # at most one of each group may be given
    one_of: tuple[tuple[str, ...], ...] = ()  # at least one of each group must be given
    rules: tuple[str, ...] = ()  # other server rules, in words, for the docs pane
    example_query: str = ""
    example_body: dict[str, Any] | None = None
    ordering: tuple[str, ...] = ()
    page_size: int | None = None
    content_type: str = "application/json"

    @property
    def name(self) -> str:
        """A stable id such as ``contacts.POST``."""
        return f"{self.endpoint}.{self.method}"

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def body_field(self, name: str) -> Param | None:
        return next((p for p in self.body if p.name == name), None)


@dataclass(frozen=True)
class Reference:
    """What a parameter names: an object listed by ``endpoint`` (``groups``), given as its
    ``uuid``, its ``key`` (fields) or, where the API accepts it, its ``name``."""

    endpoint: str
    by: str  # "uuid", "key" or "name": what a picker fills in

    @property
    def noun(self) -> str:
        """``group`` for ``groups``: the word a message uses."""
        return self.endpoint.removesuffix("s")


REFERENCE_ENDPOINTS = ("groups", "flows", "labels", "fields", "channels", "topics", "campaigns")
_REFERENCE_PARAMS = {
    "group": "groups",
    "groups": "groups",
    "flow": "flows",
    "label": "labels",
    "topic": "topics",
    "campaign": "campaigns",
    "contact": "contacts",
    "contacts": "contacts",
}
_BY_NAME = ("groups", "labels", "campaigns")  # a REF to these takes a name as well as a UUID


def reference_of(operation: Operation, param: Param) -> Reference | None:
    """The objects ``param`` of ``operation`` names, if it names any: ``group`` of GET contacts,
    ``flow`` of POST flow_starts, the ``uuid`` of GET groups, the ``key`` of GET fields, ..."""
    kind = param.item if param.kind is Kind.LIST else param.kind
    own = operation.endpoint
    in_query = param in operation.params
    if in_query and own == "fields" and param.name == "key":
        return Reference("fields", "key")
    if in_query and own in ("groups", "labels") and param.name == "name":
        return Reference(own, "name")
    if in_query and param.name == "uuid" and (own in REFERENCE_ENDPOINTS or own == "contacts"):
        return Reference(own, "uuid")
    endpoint = _REFERENCE_PARAMS.get(param.name)
    if endpoint is None or kind not in (Kind.REF, Kind.UUID):
        return None
    return Reference(endpoint, "name" if kind is Kind.REF and endpoint in _BY_NAME else "uuid")


@dataclass(frozen=True)
class ReturnedField:
    """A key of the objects an endpoint returns."""

    name: str
    type: str
    help: str
    deprecated: bool = False


@dataclass(frozen=True)
class Endpoint:
    slug: str
    path: str  # e.g. /api/v2/contacts.json
    group: str
    title: str
    summary: str
    status: Status
    throttle_scope: str
    operations: tuple[Operation, ...]
    fields: tuple[ReturnedField, ...] = ()
    notes: tuple[str, ...] = ()
    alias_of: str | None = None

    @property
    def methods(self) -> tuple[str, ...]:
        return tuple(op.method for op in self.operations)

    def operation(self, method: str) -> Operation | None:
        return next((op for op in self.operations if op.method == method.upper()), None)


@dataclass(frozen=True)
class Catalog:
    api_version: str
    endpoints: tuple[Endpoint, ...]
    _by_slug: dict[str, Endpoint] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_slug.update({endpoint.slug: endpoint for endpoint in self.endpoints})

    def endpoint(self, slug: str) -> Endpoint:
        try:
            return self._by_slug[slug]
        except KeyError:
            raise CatalogError(f"No endpoint named {slug!r} in the catalog") from None

    def operation(self, slug: str, method: str) -> Operation:
        operation = self.endpoint(slug).operation(method)
        if operation is None:
            raise CatalogError(f"The {slug} endpoint has no {method.upper()} operation")
        return operation

    def operations(self) -> list[Operation]:
        return [op for endpoint in self.endpoints for op in endpoint.operations]

    def by_group(self) -> dict[str, list[Endpoint]]:
        return {group: [e for e in self.endpoints if e.group == group] for group in GROUPS}

    def endpoint_for_path(self, path: str) -> Endpoint | None:
        """The endpoint served at ``path`` (``/api/v2/x.json``, trailing slash or not)."""
        wanted = path.rstrip("/")
        return next((e for e in self.endpoints if e.path == wanted), None)


@cache
def load_catalog() -> Catalog:
    """The packaged catalog, checked; a broken one raises ``CatalogError`` with the reason."""
    text = Path(__file__).with_name("endpoints.json").read_text("utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CatalogError(f"The packaged catalog is not valid JSON: {error}") from error
    return parse_catalog(data)


def parse_catalog(data: Any) -> Catalog:
    """Build a ``Catalog`` from its JSON form, or raise ``CatalogError`` naming what is wrong."""
    try:
        endpoints = tuple(_endpoint(raw) for raw in data["endpoints"])
        catalog = Catalog(api_version=str(data["api_version"]), endpoints=endpoints)
    except CatalogError:
        raise
    except (KeyError, TypeError, ValueError) as error:
        raise CatalogError(f"The catalog is malformed: {type(error).__name__}: {error}") from error
    _check(catalog)
    return catalog


def _endpoint(raw: dict[str, Any]) -> Endpoint:
    slug = raw["slug"]
    where = f"endpoint {slug!r}"
    return Endpoint(
        slug=slug,
        path=raw["path"],
        group=raw["group"],
        title=raw["title"],
        summary=raw["summary"],
        status=Status(raw["status"]),
        throttle_scope=raw["throttle_scope"],
        operations=tuple(_operation(slug, op, where) for op in raw["operations"]),
        fields=tuple(ReturnedField(**f) for f in raw.get("fields", [])),
        notes=tuple(raw.get("notes", [])),
        alias_of=raw.get("alias_of"),
    )


def _operation(slug: str, raw: dict[str, Any], where: str) -> Operation:
    where = f"{where} {raw.get('method')}"
    return Operation(
        endpoint=slug,
        method=raw["method"],
        title=raw["title"],
        summary=raw["summary"],
        params=tuple(_param(p, where) for p in raw.get("params", [])),
        body=tuple(_param(p, where) for p in raw.get("body", [])),
        response=Response(raw["response"]),
        success_status=tuple(int(s) for s in raw["success_status"]),
        lookup=tuple(raw.get("lookup", [])),
        lookup_required=bool(raw.get("lookup_required", False)),
        exclusive=tuple(tuple(group) for group in raw.get("exclusive", [])),
        one_of=tuple(tuple(group) for group in raw.get("one_of", [])),
        rules=tuple(raw.get("rules", [])),
        example_query=raw.get("example_query", ""),
        example_body=raw.get("example_body"),
        ordering=tuple(raw.get("ordering", [])),
        page_size=raw.get("page_size"),
        content_type=raw.get("content_type", "application/json"),
    )


def _param(raw: dict[str, Any], where: str) -> Param:
    values = dict(raw)
    try:
        values["kind"] = Kind(values["kind"])
        if "item" in values:
            values["item"] = Kind(values["item"])
        values["choices"] = tuple(values.get("choices", ()))
        return Param(**values)
    except (TypeError, ValueError, KeyError) as error:
        raise CatalogError(f"{where}: parameter {raw.get('name')!r} is invalid: {error}") from error


def _check(catalog: Catalog) -> None:
    """Cross-checks that the dataclasses alone cannot express."""
    problems: list[str] = []
    seen: set[str] = set()
    for endpoint in catalog.endpoints:
        if endpoint.slug in seen:
            problems.append(f"{endpoint.slug}: listed twice")
        seen.add(endpoint.slug)
        if endpoint.group not in GROUPS:
            problems.append(f"{endpoint.slug}: unknown group {endpoint.group!r}")
        if endpoint.throttle_scope not in THROTTLE_SCOPES:
            problems.append(f"{endpoint.slug}: unknown throttle scope {endpoint.throttle_scope!r}")
        if not endpoint.operations:
            problems.append(f"{endpoint.slug}: no operations")
        for op in endpoint.operations:
            problems.extend(_operation_problems(op))
    for endpoint in catalog.endpoints:
        if endpoint.alias_of and endpoint.alias_of not in seen:
            problems.append(f"{endpoint.slug}: alias of unknown endpoint {endpoint.alias_of!r}")
    if problems:
        raise CatalogError("The catalog is inconsistent: " + "; ".join(problems))


def _operation_problems(op: Operation) -> list[str]:
    problems: list[str] = []
    if op.method not in METHODS:
        problems.append(f"{op.name}: unknown method")
    names = {p.name for p in op.params} | {p.name for p in op.body}
    for group in (*op.exclusive, *op.one_of, op.lookup):
        problems.extend(f"{op.name}: {n!r} names no parameter" for n in group if n not in names)
    for p in (*op.params, *op.body):
        if p.kind is Kind.CHOICE and not p.choices:
            problems.append(f"{op.name}: {p.name} is a choice without choices")
        if p.kind in (Kind.LIST, Kind.TRANSLATABLE_LIST) and p.item is None:
            problems.append(f"{op.name}: {p.name} is a list without an item kind")
    return problems
