"""Query parameters and JSON bodies checked as the server checks them, with its wording.

Which parameters are UUIDs or integers, which body fields are required, their lengths, choices and
list limits all come from the catalog's ``Operation``; the messages are DRF's and the server's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import Any

from starlette.datastructures import QueryParams

from explorer.core.catalog import Kind, Operation, Param
from explorer.sandbox.http.failures import Errors, bad_query

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TRUE_WORDS = ("true", "yes", "y", "1")
URN_SCHEMES = (
    "tel",
    "whatsapp",
    "telegram",
    "mailto",
    "facebook",
    "twitter",
    "instagram",
    "viber",
    "line",
    "ext",
    "discord",
    "slack",
    "webchat",
    "vk",
    "wechat",
)
STRING_KINDS = (Kind.STRING, Kind.EMAIL, Kind.LANGUAGE)
DIAL_CODES = {"RW": "+250", "KE": "+254", "UG": "+256", "NG": "+234"}


# -- query parameters ------------------------------------------------------------------------


def is_uuid(value: str) -> bool:
    return bool(UUID_RE.match(value.lower()))


def uuid_param(query: QueryParams, name: str) -> str | None:
    values = query.getlist(name)
    if not values:
        return None
    if len(values) > 100:
        raise bad_query(f"Param '{name}' can have a maximum of 100 values.")
    if not is_uuid(values[0]):
        raise bad_query(f"Param '{name}': {values[0]} is not a valid UUID.")
    return values[0].lower()


def int_param(query: QueryParams, name: str) -> int | None:
    value = query.get(name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise bad_query(f"Value for {name} must be an integer") from None


def bool_param(query: QueryParams, name: str, default: bool = False) -> bool:
    value = query.get(name)
    return default if value is None else value.lower() in TRUE_WORDS


def parse_moment(text: str) -> datetime | None:
    """ISO 8601 as ``iso8601.parse_date`` reads it: naive is UTC, a bare date is midnight."""
    try:
        moment = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), UTC)


def check_exclusive(op: Operation, query: QueryParams) -> None:
    for group in op.exclusive:
        if sum(1 for name in group if name in query) > 1:
            raise bad_query(f"You may only specify one of the {', '.join(group)} parameters")


def lookup_param(op: Operation, query: QueryParams) -> str | None:
    """Which lookup parameter a POST or DELETE names (None: create), checked like the server."""
    given = [name for name in op.lookup if name in query]
    allowed = ", ".join(sorted(op.lookup))
    if len(given) > 1:
        raise bad_query(f"URL can only contain one of the following parameters: {allowed}")
    if not given and op.lookup_required:
        raise bad_query(f"URL must contain one of the following parameters: {allowed}")
    return given[0] if given else None


# -- URNs ------------------------------------------------------------------------------------


def refuse_anonymous_urn_lookup(ws: Any) -> None:
    if ws.info.anon:
        raise bad_query("URN lookups not allowed for anonymous organizations")


def normalize_urn(text: str, country: str = "RW") -> str:
    """A URN in the server's normalized form; ValueError when it is not a valid URN."""
    scheme, sep, path = text.strip().partition(":")
    scheme = scheme.lower()
    if not sep or not path or scheme not in URN_SCHEMES:
        raise ValueError(text)
    if scheme == "tel":
        return f"tel:{_e164(path, country)}"
    if scheme in ("whatsapp", "telegram") and not path.isdigit():
        raise ValueError(text)
    if scheme == "mailto" and "@" not in path:
        raise ValueError(text)
    return f"{scheme}:{path.lower()}" if scheme != "ext" else f"{scheme}:{path}"


def _e164(path: str, country: str) -> str:
    digits = re.sub(r"[\s\-().]", "", path)
    if digits.startswith("0") and country in DIAL_CODES:
        digits = DIAL_CODES[country] + digits[1:]
    if not digits.startswith("+") or not digits[1:].isdigit() or not 8 <= len(digits) - 1 <= 15:
        raise ValueError(path)
    return digits


# -- bodies ----------------------------------------------------------------------------------


def validate_body(op: Operation, body: dict[str, Any], errors: Errors) -> dict[str, Any]:
    """The body's known fields that pass their checks by kind; the others' go to ``errors``.

    Nothing is raised here: the handler adds its own field checks (lookups, names...) and reports
    every bad field in one 400, as DRF's serializers do.
    """
    errors.order = tuple(param.name for param in op.body)
    valid: dict[str, Any] = {}
    for param in op.body:
        if param.name not in body:
            if param.required:
                errors[param.name] = ["This field is required."]
            continue
        problem = _field_problem(param, body[param.name])
        if problem is None:
            valid[param.name] = _cleaned(param, body[param.name])
        else:
            errors[param.name] = problem
    return valid


def _cleaned(param: Param, value: Any) -> Any:
    """A valid value as DRF hands it on: a number given for a string field becomes its text."""
    if param.kind in STRING_KINDS and isinstance(value, int | float):
        return str(value)
    return value


def _field_problem(param: Param, value: Any) -> Any:
    if value is None:
        return None if param.nullable else ["This field may not be null."]
    checker = _CHECKS.get(param.kind)
    return checker(param, value) if checker else None


def _check_string(param: Param, value: Any) -> list[str] | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ["Not a valid string."]
    text = str(value)
    if not text.strip() and param.name != "note":
        return ["This field may not be blank."]
    if param.max_length is not None and len(text) > param.max_length:
        return [f"Ensure this field has no more than {param.max_length} characters."]
    return None


def _check_int(param: Param, value: Any) -> list[str] | None:
    if isinstance(value, bool) or not _intlike(value):
        return ["A valid integer is required."]
    number = int(value)
    if param.min_value is not None and number < param.min_value:
        return [f"Ensure this value is greater than or equal to {param.min_value}."]
    if param.max_value is not None and number > param.max_value:
        return [f"Ensure this value is less than or equal to {param.max_value}."]
    return None


def _intlike(value: Any) -> bool:
    if isinstance(value, int):
        return True
    return isinstance(value, str) and bool(re.fullmatch(r"\s*-?\d+\s*", value))


def _check_bool(param: Param, value: Any) -> list[str] | None:
    ok = value in (True, False, 0, 1) or (
        isinstance(value, str)
        and value.lower() in ("true", "false", "1", "0", "yes", "no", "y", "n", "on", "off")
    )
    return None if ok else ["Must be a valid boolean."]


def _check_choice(param: Param, value: Any) -> list[str] | None:
    return None if value in param.choices else [f'"{value}" is not a valid choice.']


def _check_list(param: Param, value: Any) -> Any:
    if not isinstance(value, list):
        return [f'Expected a list of items but got type "{type(value).__name__}".']
    if param.max_items is not None and len(value) > param.max_items:
        return [f"Ensure this field has no more than {param.max_items} elements."]
    item_errors = {
        str(i): problem
        for i, item in enumerate(value)
        if (problem := _item_problem(param.item, item)) is not None
    }
    return item_errors or None


def _item_problem(kind: Kind | None, item: Any) -> list[str] | None:
    if kind is Kind.INT and (isinstance(item, bool) or not _intlike(item)):
        return ["A valid integer is required."]
    if kind is Kind.URN:
        if not isinstance(item, str):
            return ["Not a valid string."]
        try:
            normalize_urn(item)
        except ValueError:
            return [f"Invalid URN: {item}. Ensure phone numbers contain country codes."]
    if kind in (Kind.REF, Kind.UUID, Kind.STRING) and (
        isinstance(item, bool) or not isinstance(item, str | int)
    ):
        return ["Must be a string or integer"]
    return None


def _check_json(param: Param, value: Any) -> list[str] | None:
    if isinstance(value, dict):
        return None
    if param.name in ("params", "extra"):
        return ["Must be a valid JSON object"]
    return [f'Expected a dictionary of items but got type "{type(value).__name__}".']


def _check_translatable(param: Param, value: Any) -> Any:
    if isinstance(value, str):
        return None if value.strip() else ["This field may not be blank."]
    if not isinstance(value, dict):
        return ["Not a valid string."]
    problems = {
        lang: ["This field may not be blank."]
        for lang, text in value.items()
        if not isinstance(text, str) or not text.strip()
    }
    return problems or None


def _check_translatable_list(param: Param, value: Any) -> Any:
    if isinstance(value, list):
        return None
    if not isinstance(value, dict):
        return [f'Expected a list of items but got type "{type(value).__name__}".']
    problems = {
        lang: [f'Expected a list of items but got type "{type(items).__name__}".']
        for lang, items in value.items()
        if not isinstance(items, list)
    }
    return problems or None


def _check_url(param: Param, value: Any) -> list[str] | None:
    ok = isinstance(value, str) and re.match(r"^https?://[^\s/]+\.?[^\s]*$", value)
    return None if ok else ["Enter a valid URL."]


def _check_ref(param: Param, value: Any) -> list[str] | None:
    return (
        None
        if isinstance(value, str | int) and not isinstance(value, bool)
        else ["Must be a string or integer"]
    )


_CHECKS = {
    Kind.STRING: _check_string,
    Kind.EMAIL: _check_string,
    Kind.LANGUAGE: _check_string,
    Kind.INT: _check_int,
    Kind.BOOL: _check_bool,
    Kind.CHOICE: _check_choice,
    Kind.LIST: _check_list,
    Kind.JSON: _check_json,
    Kind.TRANSLATABLE: _check_translatable,
    Kind.TRANSLATABLE_LIST: _check_translatable_list,
    Kind.URL: _check_url,
    Kind.REF: _check_ref,
    Kind.UUID: _check_ref,
}


def as_bool(value: Any) -> bool:
    """A validated boolean body value (``1``/``0`` from rapidpro-python included)."""
    return value is True or value == 1 or (isinstance(value, str) and value.lower() in TRUE_WORDS)


def present(names: Iterable[str], body: dict[str, Any]) -> list[str]:
    """The given names that the body carries with a non-empty value."""
    return [n for n in names if body.get(n) not in (None, "", [], {})]
