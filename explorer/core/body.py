"""A server's body read defensively: any bytes, any declared charset, JSON of any depth.

Decoding never fails (an unknown or non-text charset falls back to UTF-8, bad bytes are
replaced), and parsing never raises: a body that is not JSON, or JSON nested deeper than
``MAX_DEPTH``, is shown as text with the reason. Bounding the depth here bounds every view of a
parsed body (table cells, tree, pretty printing, field errors), which may recurse once per level.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MAX_DEPTH = 100
"""JSON nested deeper than this is shown as text only; API bodies nest a dozen levels at most."""

SNIPPET = 200
"""Characters of a body (or a link) quoted in a message."""
_HTML_TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"<[^>]*>")
_CHARSET = re.compile(r';\s*charset\s*=\s*"?([^";\s]*)', re.IGNORECASE)


@dataclass(frozen=True)
class ParsedBody:
    """A body parsed as JSON: ``value`` when ``is_json``; ``problem`` says why JSON-looking
    text could not be used as JSON (too deep), None otherwise."""

    is_json: bool
    value: Any = None
    problem: str | None = None


NOT_JSON = ParsedBody(False)


def charset_of(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type header, if it has one."""
    found = _CHARSET.search(content_type or "")
    return found.group(1) if found and found.group(1) else None


def decode(raw: bytes, charset: str | None) -> str:
    """``raw`` as text in ``charset`` (UTF-8 when none is given, or it is unknown or not a text
    encoding, or its codec refuses to replace bad bytes); never fails."""
    try:
        return raw.decode(charset or "utf-8", errors="replace")
    except (LookupError, ValueError):  # "foo", "base64"; idna refuses errors="replace"
        return raw.decode("utf-8", errors="replace")


def parse_json(raw: bytes, text: Callable[[], str]) -> ParsedBody:
    """``raw`` parsed as JSON; bytes that are not UTF-8 are parsed as ``text()`` (the body
    decoded with its declared charset) instead."""
    try:
        value = json.loads(raw)
    except UnicodeDecodeError:
        return _parse_text(text())
    except RecursionError:
        return _too_deep()
    except ValueError:
        return NOT_JSON
    return _bounded(value)


def _parse_text(text: str) -> ParsedBody:
    try:
        return _bounded(json.loads(text))
    except RecursionError:
        return _too_deep()
    except ValueError:
        return NOT_JSON


def _bounded(value: Any) -> ParsedBody:
    return _too_deep() if deeper_than(value, MAX_DEPTH) else ParsedBody(True, value)


def _too_deep() -> ParsedBody:
    return ParsedBody(False, problem=f"JSON nested over {MAX_DEPTH} levels deep: shown as text")


def deeper_than(value: Any, limit: int) -> bool:
    """Whether lists and objects in ``value`` nest more than ``limit`` levels, measured a level
    at a time without recursing, so any depth can be measured. (It runs on every page a
    fetch-all reads: a level's containers in one list comprehension cost half of a stack walk.)"""
    level = [value] if isinstance(value, _CONTAINERS) else []
    for _ in range(limit):
        if not level:
            return False
        level = [
            member
            for item in level
            for member in (item.values() if isinstance(item, dict) else item)
            if isinstance(member, _CONTAINERS)
        ]
    return bool(level)


_CONTAINERS = (dict, list)  # a tuple: isinstance checks it faster than the union dict | list


def flatten_field_errors(body: Any, prefix: str = "") -> dict[str, list[str]]:
    """``{"urns": {"0": ["Invalid URN"]}}`` -> ``{"urns.0": ["Invalid URN"]}``.

    ``non_field_errors`` and ``detail`` belong to their parent (``""`` at the top).
    """
    if isinstance(body, dict):
        found: dict[str, list[str]] = {}
        for key, value in body.items():
            inner = prefix if key in ("non_field_errors", "detail") else _join(prefix, str(key))
            for name, messages in flatten_field_errors(value, inner).items():
                found.setdefault(name, []).extend(messages)
        return found
    if isinstance(body, list) and all(isinstance(item, str) for item in body):
        return {prefix: list(body)} if body else {}
    if isinstance(body, list):
        return flatten_field_errors({str(index): item for index, item in enumerate(body)}, prefix)
    return {prefix: [str(body)]} if body not in (None, "") else {}


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def server_reason(value: Any, is_json: bool, text: str, content_type: str) -> str:
    """The server's reason in its own words: a JSON ``detail``, an HTML page's title, or the
    start of a text body, tags left out (``value`` is the parsed body, ``text`` the decoded one).
    Django's 500 is a bare sentence sent as text/html, so a page without a title is read too."""
    if isinstance(value, dict) and isinstance(value.get("detail"), str):
        return str(value["detail"])
    if is_json:
        return ""
    if "html" in content_type or text.lstrip().startswith("<"):
        title = _HTML_TITLE.search(text)
        if title:
            return " ".join(title.group(1).split())
        text = _HTML_TAG.sub(" ", text)
    text = " ".join(text.split())
    return text[:SNIPPET] + ("…" if len(text) > SNIPPET else "")
