"""What a person typed into one form field -> the value the API expects, one converter per ``Kind``.

Every failure raises ``InvalidValue`` whose text says what was expected, with an example, so a form
can show it beside the field as is.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from explorer.core.catalog import Kind, Param

URN_SCHEMES = (
    "tel", "whatsapp", "facebook", "twitter", "twitterid", "telegram", "viber", "line", "mailto",
    "ext", "discord", "instagram", "vk", "slack", "webchat", "rocketchat", "freshchat", "jiochat",
    "wechat", "fcm",
)  # fmt: skip
DATETIME_EXAMPLE = "2016-10-13T11:54:32.525277Z"
NULL = "null"  # typed into a nullable field, sends JSON null

_INTEGER = re.compile(r"[+-]?[0-9]+")
_E164 = re.compile(r"\+[0-9]{7,15}")
_PHONE_SEPARATORS = re.compile(r"[\s\-().]")
_LANGUAGE = re.compile(r"[a-z]{3}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}")
_API_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})"
)
_TRUE = ("true", "yes", "1")
_FALSE = ("false", "no", "0")


class InvalidValue(ValueError):
    """A value that does not fit its kind; ``str()`` says what was expected."""


def is_given(text: str) -> bool:
    """Empty or blank form text means the field was left out."""
    return bool(text.strip())


def convert(param: Param, text: str, zone: tzinfo = UTC) -> Any:
    """The API value for ``text`` typed into ``param``'s field (a given, non-blank value); a
    date-time typed without a zone is read in ``zone`` (the workspace's, when known)."""
    if param.nullable and text.strip() == NULL:
        return None
    kept = text if param.kind in (Kind.STRING, Kind.TRANSLATABLE) else text.strip()
    if param.kind is Kind.DATETIME:
        return api_datetime(kept, zone)
    return _CONVERTERS[param.kind](param, kept)


def zone_named(name: object) -> tzinfo | None:
    """The IANA time zone ``name`` (``Africa/Kigali``, as a server sends it), or None for
    anything that is not the name of a zone this machine knows."""
    if not isinstance(name, str) or len(name) > 64 or not _ZONE_NAME.fullmatch(name):
        return None
    if name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def in_zone(text: str, zone: tzinfo) -> str | None:
    """An API date-time (``2026-11-27T09:40:01.965431Z``) as the time in ``zone``
    (``2026-11-27 11:40:01 CAT``), to the second; None for any other text."""
    if not _API_DATETIME.fullmatch(text):
        return None
    try:
        moment = datetime.fromisoformat(text).astimezone(zone)
    except (ValueError, OverflowError):
        return None
    return moment.strftime("%Y-%m-%d %H:%M:%S %Z").rstrip()


def times_in_zone(value: Any, zone: tzinfo) -> Any:
    """``value`` (parsed JSON) with each API date-time string shown in ``zone``; the rest as
    it is. For display only: what is sent or saved stays as the server wrote it."""
    try:
        return _times_in_zone(value, zone)
    except RecursionError:  # nesting deeper than Python's stack: shown as it came
        return value


def _times_in_zone(value: Any, zone: tzinfo) -> Any:
    if isinstance(value, str):
        return in_zone(value, zone) or value
    if isinstance(value, dict):
        return {key: _times_in_zone(item, zone) for key, item in value.items()}
    if isinstance(value, list):
        return [_times_in_zone(item, zone) for item in value]
    return value


def lacks_zone(text: str) -> bool:
    """Whether ``text`` is a date-time typed without a zone (``2026-01-02 10:00``), which is
    read in an assumed zone."""
    try:
        return datetime.fromisoformat(text.strip()).tzinfo is None
    except ValueError:
        return False


def load_json(text: str) -> Any:
    """Parse JSON, or raise ``InvalidValue`` naming the line and column of the mistake."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidValue(
            f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    except RecursionError:
        raise InvalidValue("JSON nested too deeply") from None
    except ValueError:  # a number of more than 4300 digits
        raise InvalidValue("invalid JSON: a number in it has over 4300 digits") from None


def compact_json(value: Any) -> str:
    """The compact JSON encoding the server measures lengths against."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _string(param: Param, text: str) -> str:
    _check_length(param, text)
    return text


def _check_length(param: Param, text: str, what: str = "") -> None:
    if param.max_length is not None and len(text) > param.max_length:
        raise InvalidValue(
            f"expected at most {param.max_length} characters{what} (got {len(text)})"
        )


def _int(param: Param, text: str) -> int:
    if not _INTEGER.fullmatch(text):
        raise InvalidValue(f"expected a whole number like 42, not {text!r}")
    try:
        number = int(text)
    except ValueError:  # more than 4300 digits
        raise InvalidValue(f"expected a whole number like 42, not {len(text)} digits") from None
    low, high = param.min_value, param.max_value
    if (low is not None and number < low) or (high is not None and number > high):
        raise InvalidValue(f"expected a number {_range_words(low, high)} (got {number})")
    return number


def _range_words(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"from {low} to {high}"
    return f"of at least {low}" if low is not None else f"of at most {high}"


def _bool(param: Param, text: str) -> bool:
    word = text.lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise InvalidValue(f"expected true or false (or yes/no, 1/0), not {text!r}")


def _choice(param: Param, text: str) -> str:
    for choice in param.choices:
        if choice.lower() == text.lower():
            return choice
    raise InvalidValue(f"expected one of {', '.join(param.choices)}, not {text!r}")


_UUID_TEXT = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)


def is_uuid(text: str) -> bool:
    """Whether ``text`` is a UUID as the API writes one (hyphenated, nothing around it)."""
    return _UUID_TEXT.fullmatch(text) is not None


def _uuid(param: Param, text: str) -> str:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise InvalidValue(
            f"expected a UUID like 5a2f0e3c-8b8a-4c5e-9f43-1a2b3c4d5e6f, not {text!r}"
        ) from None


def _datetime(param: Param, text: str) -> str:
    return api_datetime(text, UTC)


def api_datetime(text: str, zone: tzinfo) -> str:
    """``text`` as the API's UTC date-time; without a zone of its own it is read in ``zone``."""
    try:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=zone)
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    except (ValueError, OverflowError):  # OverflowError: an offset pushing year 1 out of range
        raise InvalidValue(f"expected a date and time like {DATETIME_EXAMPLE}") from None


def _date(param: Param, text: str) -> str:
    try:
        if not _DATE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise InvalidValue("expected a date like 2016-10-13") from None


def _urn(param: Param, text: str) -> str:
    scheme, colon, path = text.partition(":")
    scheme = scheme.lower()
    if not colon or not scheme or not path.strip():
        raise InvalidValue(f"expected a URN like tel:+250788123123 (scheme:path), not {text!r}")
    if scheme not in URN_SCHEMES:
        raise InvalidValue(
            f"unknown URN scheme {scheme!r}; expected one of {', '.join(URN_SCHEMES)}"
        )
    if scheme == "tel":
        path = _PHONE_SEPARATORS.sub("", path)
        if not _E164.fullmatch(path):
            raise InvalidValue(
                "expected a phone number in E.164 form like tel:+250788123123"
                " (+ then 7 to 15 digits)"
            )
    return f"{scheme}:{path}"


def _language(param: Param, text: str) -> str:
    code = text.lower()
    if not _LANGUAGE.fullmatch(code):
        raise InvalidValue(f"expected a 3-letter ISO 639-3 language code like eng, not {text!r}")
    return code


def _email(param: Param, text: str) -> str:
    if not _EMAIL.fullmatch(text):
        raise InvalidValue(f"expected an email address like name@example.com, not {text!r}")
    return text


def _url(param: Param, text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidValue("expected an http:// or https:// URL like https://example.com/hook")
    _check_length(param, text)
    return text


def _list(param: Param, text: str) -> list[Any]:
    return _items(param, _split_items(text))


def _split_items(text: str) -> list[Any]:
    """A JSON array, or items separated by commas or new lines."""
    if text.startswith("["):
        items = load_json(text)
        if not isinstance(items, list):
            raise InvalidValue('expected a JSON array like ["a", "b"]')
        return items
    return [item.strip() for item in re.split(r"[,\n]", text) if item.strip()]


def _items(param: Param, items: list[Any]) -> list[Any]:
    if param.max_items is not None and len(items) > param.max_items:
        raise InvalidValue(f"expected at most {param.max_items} items (got {len(items)})")
    item_param = replace(param, kind=param.item or Kind.STRING, item=None, nullable=False)
    return [_item(item_param, number, item) for number, item in enumerate(items, start=1)]


def _item(param: Param, number: int, item: Any) -> Any:
    try:
        if param.kind is Kind.JSON and isinstance(item, dict):
            return _json_object(param, item)
        if isinstance(item, dict | list) or item is None:
            raise InvalidValue(f"expected a {param.kind.value} value, not {compact_json(item)}")
        text = item if isinstance(item, str) else compact_json(item)
        return _CONVERTERS[param.kind](param, text.strip())
    except InvalidValue as error:
        raise InvalidValue(f"item {number}: {error}") from None


def _translatable(param: Param, text: str) -> str | dict[str, str]:
    if not text.lstrip().startswith("{"):
        return _string(param, text)
    translations = _translations(text)
    for language, value in translations.items():
        if not isinstance(value, str) or not value.strip():
            raise InvalidValue(f"the {language!r} translation must be non-blank text")
        _check_length(param, value, f" in the {language!r} translation")
    return translations


def _translatable_list(param: Param, text: str) -> list[Any] | dict[str, list[Any]]:
    if not text.startswith("{"):
        return _list(param, text)
    translations = _translations(text)
    for language, items in translations.items():
        if not isinstance(items, list):
            raise InvalidValue(f'the {language!r} translation must be a JSON array like ["a"]')
    try:
        return {language: _items(param, items) for language, items in translations.items()}
    except InvalidValue as error:
        raise InvalidValue(f"in a translation: {error}") from None


def _translations(text: str) -> dict[str, Any]:
    """A JSON object keyed by ISO 639-3 codes."""
    translations = load_json(text)
    if not isinstance(translations, dict) or not translations:
        raise InvalidValue('expected translations keyed by language, like {"eng": "Hello"}')
    for language in translations:
        if not _LANGUAGE.fullmatch(language):
            raise InvalidValue(f"{language!r} is not a 3-letter ISO 639-3 language code like eng")
    return translations


def _json(param: Param, text: str) -> dict[str, Any]:
    value = load_json(text) if text.startswith("{") else None
    if not isinstance(value, dict):
        raise InvalidValue('expected a JSON object like {"key": "value"}')
    return _json_object(param, value)


def _json_object(param: Param, value: dict[str, Any]) -> dict[str, Any]:
    if param.max_items is not None and len(value) > param.max_items:
        raise InvalidValue(f"expected at most {param.max_items} keys (got {len(value)})")
    _check_length(param, compact_json(value), " when encoded as JSON")
    return value


def _file(param: Param, text: str) -> Path:
    path = Path(text).expanduser()
    try:
        found = path.is_file()
    except (OSError, ValueError) as error:  # a name too long, a NUL byte
        reason = getattr(error, "strerror", None) or str(error)
        raise InvalidValue(f"expected the path of an existing file ({reason})") from None
    if not found:
        raise InvalidValue(f"expected the path of an existing file; there is no file at {text}")
    return path


_CONVERTERS: dict[Kind, Callable[[Param, str], Any]] = {
    Kind.STRING: _string,
    Kind.INT: _int,
    Kind.BOOL: _bool,
    Kind.CHOICE: _choice,
    Kind.UUID: _uuid,
    Kind.DATETIME: _datetime,
    Kind.DATE: _date,
    Kind.URN: _urn,
    Kind.LANGUAGE: _language,
    Kind.EMAIL: _email,
    Kind.URL: _url,
    Kind.REF: _string,
    Kind.LIST: _list,
    Kind.TRANSLATABLE: _translatable,
    Kind.TRANSLATABLE_LIST: _translatable_list,
    Kind.JSON: _json,
    Kind.FILE: _file,
}
