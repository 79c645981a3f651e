"""Cursor and limit/offset pagination, as Django REST framework does it for the real server.

Cursors are DRF's: base64 of a query string ``o=<offset>&r=<reverse>&p=<position>``, where the
position is ``str()`` of the first ordering value (``2026-11-27 09:40:10.961434+00:00``).
The sandbox hands out strictly increasing timestamps, so positions never tie and the offset is
only honoured when a client sends one. Links keep the request's query string, sorted by key, as
DRF's ``replace_query_param`` does.
"""

from __future__ import annotations

import base64
import binascii
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

T = TypeVar("T")
PAGE_SIZE = 250
OFFSET_CUTOFF = 100_000


class InvalidCursor(Exception):
    """The cursor parameter cannot be decoded (the server answers 404 ``Invalid cursor``)."""


@dataclass(frozen=True)
class Cursor:
    offset: int = 0
    reverse: bool = False
    position: str | None = None


def encode_cursor(cursor: Cursor) -> str:
    tokens: dict[str, str] = {}
    if cursor.offset:
        tokens["o"] = str(cursor.offset)
    if cursor.reverse:
        tokens["r"] = "1"
    if cursor.position is not None:
        tokens["p"] = cursor.position
    return base64.b64encode(urlencode(tokens).encode("ascii")).decode("ascii")


def decode_cursor(text: str) -> Cursor:
    try:
        query = base64.b64decode(text.encode("ascii"), validate=False).decode("ascii")
        tokens = parse_qs(query, keep_blank_values=True)
        offset = int(tokens.get("o", ["0"])[0])
        reverse = bool(int(tokens.get("r", ["0"])[0]))
    except (UnicodeError, ValueError, binascii.Error) as error:
        raise InvalidCursor(str(error)) from error
    if offset < 0:
        raise InvalidCursor("negative offset")
    return Cursor(min(offset, OFFSET_CUTOFF), reverse, tokens.get("p", [None])[0])


@dataclass(frozen=True)
class Ordering:
    """The first ordering field of an endpoint (``-created_on`` -> created_on, descending)."""

    attr: str
    descending: bool

    @classmethod
    def parse(cls, spec: str, *, flipped: bool = False) -> Ordering:
        return cls(spec.lstrip("-"), spec.startswith("-") != flipped)

    def position_of(self, row: Any) -> str:
        return str(getattr(row, self.attr))

    def key_of(self, position: str, sample: Any) -> Any:
        """The sortable key for a cursor position, parsed like the column's values."""
        if isinstance(sample, datetime):
            try:
                return (0, datetime.fromisoformat(position))
            except ValueError as error:
                raise InvalidCursor(position) from error
        return (0, position)


@dataclass
class Page(Generic[T]):
    rows: list[T]
    next: Cursor | None
    previous: Cursor | None


def cursor_page(
    rows: Sequence[T],
    keys: Sequence[Any],
    ordering: Ordering,
    cursor: Cursor,
    predicate: Callable[[T], bool] | None = None,
    page_size: int = PAGE_SIZE,
) -> Page[T]:
    """One page of ``rows`` (sorted ascending, ``keys`` parallel) in ``ordering``'s direction."""
    downward = ordering.descending != cursor.reverse
    indices = _indices(rows, keys, ordering, cursor, downward)
    found: list[T] = []
    skip = cursor.offset
    for index in indices:
        row = rows[index]
        if predicate is not None and not predicate(row):
            continue
        if skip:
            skip -= 1
            continue
        found.append(row)
        if len(found) > page_size:
            break
    page = found[:page_size]
    more = len(found) > page_size
    resumed = cursor.position is not None or cursor.offset > 0
    if cursor.reverse:
        page.reverse()
        has_next, has_previous = resumed, more
    else:
        has_next, has_previous = more, resumed
    return Page(
        page,
        _edge(ordering, page[-1] if page else None, cursor, reverse=False) if has_next else None,
        _edge(ordering, page[0] if page else None, cursor, reverse=True) if has_previous else None,
    )


def _indices(
    rows: Sequence[Any], keys: Sequence[Any], ordering: Ordering, cursor: Cursor, downward: bool
) -> range:
    if cursor.position is None:
        return range(len(rows) - 1, -1, -1) if downward else range(len(rows))
    sample = getattr(rows[0], ordering.attr) if rows else None
    key = ordering.key_of(cursor.position, sample)
    if downward:
        return range(bisect_left(keys, key) - 1, -1, -1)
    return range(bisect_right(keys, key), len(rows))


def _edge(ordering: Ordering, row: Any, cursor: Cursor, *, reverse: bool) -> Cursor:
    position = ordering.position_of(row) if row is not None else cursor.position
    return Cursor(0, reverse, position)


def replace_query_param(url: str, key: str, value: str) -> str:
    scheme, netloc, path, query, fragment = urlsplit(url)
    params = parse_qs(query, keep_blank_values=True)
    params[key] = [value]
    return urlunsplit(
        (scheme, netloc, path, urlencode(sorted(params.items()), doseq=True), fragment)
    )


def remove_query_param(url: str, key: str) -> str:
    scheme, netloc, path, query, fragment = urlsplit(url)
    params = parse_qs(query, keep_blank_values=True)
    params.pop(key, None)
    return urlunsplit(
        (scheme, netloc, path, urlencode(sorted(params.items()), doseq=True), fragment)
    )


def cursor_link(url: str, cursor: Cursor | None) -> str | None:
    return None if cursor is None else replace_query_param(url, "cursor", encode_cursor(cursor))


def offset_envelope(url: str, rows: Sequence[Any], limit: int, offset: int) -> dict[str, Any]:
    """DRF ``LimitOffsetPagination``: ``count`` plus limit/offset ``next`` and ``previous``."""
    count = len(rows)
    next_url = None
    if offset + limit < count:
        next_url = replace_query_param(
            replace_query_param(url, "limit", str(limit)), "offset", str(offset + limit)
        )
    previous_url = None
    if offset > 0:
        with_limit = replace_query_param(url, "limit", str(limit))
        previous_url = (
            remove_query_param(with_limit, "offset")
            if offset - limit <= 0
            else replace_query_param(with_limit, "offset", str(offset - limit))
        )
    return {
        "count": count,
        "next": next_url,
        "previous": previous_url,
        "results": list(rows[offset : offset + limit]),
    }
