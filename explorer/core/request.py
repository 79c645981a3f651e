"""Form values -> a validated ``ApiRequest``, and the raw query/body text that mirrors a form.

A form gives strings (empty means "not given"); ``build_request`` converts each by its ``Kind``,
checks the operation's rules and raises one ``ValidationError`` that lists every problem, so a
person fixes them all at once instead of one per round trip to the server.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode

from explorer.core.catalog import Operation, Param
from explorer.core.errors import ValidationError
from explorer.core.values import InvalidValue, compact_json, convert, is_given, load_json

WHOLE_REQUEST = ""  # the field name of errors about the request as a whole
API_PREFIX = "/api/v2/"


@dataclass(frozen=True)
class ChoiceRule:
    """One of ``fields`` goes with the ``choice`` values in ``needed_by``, and with no other:
    the server's "For action "delete" you should not specify a group"."""

    choice: str
    needed_by: frozenset[str]
    fields: tuple[str, ...]


CHOICE_RULES: dict[str, tuple[ChoiceRule, ...]] = {
    "contact_actions.POST": (ChoiceRule("action", frozenset({"add", "remove"}), ("group",)),),
    "message_actions.POST": (
        ChoiceRule("action", frozenset({"label", "unlabel"}), ("label", "label_name")),
    ),
}


@dataclass(frozen=True)
class FileUpload:
    """A file to send as one part of a multipart body."""

    field: str
    path: Path
    content_type: str


@dataclass(frozen=True)
class ApiRequest:
    """One request ready to send (``build_request`` checked it); the token is never in it."""

    method: str
    path: str  # e.g. /api/v2/contacts.json
    query: tuple[tuple[str, str], ...] = ()  # repeated names for lists
    body: dict[str, Any] | None = None  # JSON body, or the text fields of a multipart body
    files: tuple[FileUpload, ...] = ()  # non-empty: the body is multipart
    is_update: bool = False  # a POST that names an existing object by a lookup param
    endpoint: str = field(default="", compare=False)  # the catalog slug, e.g. contacts

    def query_string(self) -> str:
        """The encoded query, without the ``?``."""
        return urlencode(self.query)

    def url(self, base_url: str) -> str:
        """The absolute URL on a server such as ``https://textit.com``."""
        query = self.query_string()
        return base_url.rstrip("/") + self.path + (f"?{query}" if query else "")

    def with_param(self, name: str, value: str) -> ApiRequest:
        """A copy with ``name`` set to the single ``value`` (any earlier values dropped)."""
        kept = tuple(pair for pair in self.query if pair[0] != name)
        return replace(self, query=(*kept, (name, value)))


def endpoint_path(slug: str) -> str:
    """``/api/v2/<slug>.json``: where every v2 endpoint serves JSON."""
    return f"{API_PREFIX}{slug}.json"


def build_request(
    operation: Operation,
    query: Mapping[str, str],
    body: Mapping[str, str],
    *,
    zone: tzinfo = UTC,
) -> ApiRequest:
    """Check every value and rule of ``operation``; a ``ValidationError`` lists all problems.
    A date-time typed without a zone is read in ``zone``."""
    errors: dict[str, list[str]] = {}
    query_values = _convert_all(operation.params, query, errors, zone)
    body_values = _convert_all(operation.body, body, errors, zone)
    given = {name for name, text in (*query.items(), *body.items()) if is_given(text)}
    for message in _rule_problems(operation, given):
        errors.setdefault(WHOLE_REQUEST, []).append(message)
    for name, message in _choice_problems(operation, body, given):
        errors.setdefault(name, []).append(message)
    if errors:
        raise ValidationError(errors)
    return _request(operation, query_values, body_values)


def build_raw_request(
    operation: Operation,
    query: Mapping[str, str],
    body: Mapping[str, str],
    *,
    zone: tzinfo = UTC,
) -> tuple[ApiRequest, ValidationError | None]:
    """What raw mode sends: the request ``build_request`` makes, or, where it would refuse,
    every value converted where it can be and sent as typed where not, so that the server's own
    answer (a 400, say) can be seen; its refusal comes along as a warning."""
    try:
        return build_request(operation, query, body, zone=zone), None
    except ValidationError as error:
        query_values = _convert_leniently(operation.params, query, zone)
        body_values = _convert_leniently(operation.body, body, zone)
        return _request(operation, query_values, body_values), error


def _convert_all(
    params: tuple[Param, ...],
    values: Mapping[str, str],
    errors: dict[str, list[str]],
    zone: tzinfo,
) -> dict[str, Any]:
    """Converted values of the given fields; problems are added to ``errors`` by field name."""
    known = {param.name: param for param in params}
    converted: dict[str, Any] = {}
    for name, text in values.items():
        param = known.get(name)
        if param is None:
            if is_given(text):
                expected = ", ".join(known) or "none"
                errors.setdefault(name, []).append(
                    f"not a field of this request (known: {expected})"
                )
            continue
        if not is_given(text):
            continue
        try:
            converted[name] = convert(param, text, zone)
        except InvalidValue as error:
            errors.setdefault(name, []).append(str(error))
    for param in params:
        if param.required and param.name not in converted and param.name not in errors:
            errors[param.name] = ["a value is required"]
    return converted


def _rule_problems(operation: Operation, given: set[str]) -> list[str]:
    """The operation-level rules that ``given`` (names of fields with a value) breaks; two
    lookups given are said once, by the lookup rule, even when they also form an exclusive group."""
    lookups = given.intersection(operation.lookup)
    said_by_lookup = lookups if len(lookups) > 1 else set()
    problems = [
        f"Give at most one of {_names(group)} (got {_names(n for n in group if n in given)})."
        for group in operation.exclusive
        if len(given.intersection(group)) > 1 and not given.intersection(group) <= said_by_lookup
    ]
    problems += [
        f"Give at least one of {_names(group)}."
        for group in operation.one_of
        if not given.intersection(group)
    ]
    verb = "delete" if operation.method == "DELETE" else "update"
    if len(lookups) > 1:
        problems.append(
            f"Give only one of {_names(operation.lookup)} to say which object to {verb}."
        )
    elif operation.lookup_required and not lookups:
        problems.append(f"Give one of {_names(operation.lookup)} to say which object to {verb}.")
    return problems


def _choice_problems(
    operation: Operation, body: Mapping[str, str], given: set[str]
) -> list[tuple[str, str]]:
    """(field, message) for each ``CHOICE_RULES`` field given for a choice that takes none, or
    missing for one that needs it, worded as the server words it."""
    problems = []
    for rule in CHOICE_RULES.get(operation.name, ()):
        choice = body.get(rule.choice, "").strip().lower()
        if not choice:
            continue
        has_field = bool(given.intersection(rule.fields))
        if choice in rule.needed_by and not has_field:
            problems.append(
                (rule.fields[0], f'For {rule.choice} "{choice}" give a {rule.fields[0]}.')
            )
        elif choice not in rule.needed_by and has_field:
            field_name = next(f for f in rule.fields if f in given)
            takers = " or ".join(sorted(rule.needed_by))
            problems.append(
                (field_name, f'Only for {rule.choice} {takers}: leave it empty for "{choice}".')
            )
    return problems


def _names(names: Iterable[str]) -> str:
    return ", ".join(names)


def _request(operation: Operation, query: dict[str, Any], body: dict[str, Any]) -> ApiRequest:
    files = tuple(
        FileUpload(name, value, mimetypes.guess_type(value.name)[0] or "application/octet-stream")
        for name, value in body.items()
        if isinstance(value, Path)
    )
    plain = {name: value for name, value in body.items() if not isinstance(value, Path)}
    if files:  # the other fields become text parts of the multipart body
        plain = {name: _query_text(value) for name, value in plain.items()}
    return ApiRequest(
        method=operation.method,
        path=endpoint_path(operation.endpoint),
        query=tuple(_query_pairs(query)),
        body=plain if operation.method == "POST" else None,
        files=files,
        is_update=operation.method == "POST" and bool(set(query) & set(operation.lookup)),
        endpoint=operation.endpoint,
    )


def _query_pairs(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [
        (name, _query_text(item))
        for name, value in values.items()
        for item in (value if isinstance(value, list) else [value])
    ]


def _query_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else compact_json(value)


# -- the raw editors: text a person types <-> form values -------------------------------------


def parse_query_text(text: str) -> dict[str, str]:
    """Form values from a raw query string, or a whole URL; repeated names give one list.

    A ``+`` is taken as typed, not as an encoded space: people type ``urn=tel:+250…``.
    """
    head, mark, tail = text.strip().partition("?")
    query = tail if mark and "=" not in head else text.strip()  # "?a=1", "https://…?a=1"
    pairs = (pair.partition("=") for pair in filter(None, query.split("&")))
    return pair_values((unquote(name), unquote(value)) for name, _, value in pairs)


def pair_values(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Form values from ``name``/``value`` pairs in order; a repeated name gives one list, as
    the raw query editor and the command line's ``NAME=VALUE`` arguments both give them."""
    grouped: dict[str, list[str]] = {}
    for name, value in pairs:
        grouped.setdefault(name, []).append(value)
    return {name: _list_text(values) for name, values in grouped.items()}


def _list_text(values: list[str]) -> str:
    """One value as is; several as ``a, b`` or, when an item holds a comma, a JSON array."""
    if len(values) == 1:
        return values[0]
    if any("," in value or "\n" in value for value in values):
        return json.dumps(values, ensure_ascii=False)
    return ", ".join(values)


def query_text(operation: Operation, values: Mapping[str, str], zone: tzinfo = UTC) -> str:
    """The raw query string for form values; values that do not convert are shown as typed."""
    return urlencode(_query_pairs(_convert_leniently(operation.params, values, zone)))


def parse_body_text(text: str) -> dict[str, str]:
    """Form values from a raw JSON body; bad JSON or a non-object raises ``ValidationError``."""
    if not text.strip():
        return {}
    try:
        body = load_json(text)
    except InvalidValue as error:
        raise ValidationError({WHOLE_REQUEST: [f"The body is {error}."]}) from None
    if not isinstance(body, dict):
        raise ValidationError(
            {WHOLE_REQUEST: ['The body must be a JSON object like {"name": "Ann"}.']}
        )
    return body_values(body)


def body_values(body: Mapping[str, Any]) -> dict[str, str]:
    """Form values from a JSON body already parsed: strings as they are, the rest as JSON."""
    return {name: _form_text(value) for name, value in body.items()}


def _form_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def body_text(operation: Operation, values: Mapping[str, str], zone: tzinfo = UTC) -> str:
    """The raw JSON body for form values (pretty); values that do not convert are shown as typed."""
    body = _convert_leniently(operation.body, values, zone)
    if not body:
        return ""
    shown = {name: str(value) if isinstance(value, Path) else value for name, value in body.items()}
    return json.dumps(shown, ensure_ascii=False, indent=2)


def _convert_leniently(
    params: tuple[Param, ...], values: Mapping[str, str], zone: tzinfo
) -> dict[str, Any]:
    known = {param.name: param for param in params}
    converted: dict[str, Any] = {}
    for name, text in values.items():
        if not is_given(text):
            continue
        param = known.get(name)
        try:
            converted[name] = text if param is None else convert(param, text, zone)
        except InvalidValue:
            converted[name] = text
    return converted
