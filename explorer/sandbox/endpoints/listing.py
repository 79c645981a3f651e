"""Shared machinery of the list endpoints: filters as predicates, then one cursor page.

A reader names its rows (a whole table, or a few rows already narrowed by a lookup), its
predicates and its serializer; ``cursor_listing`` applies the endpoint's catalog ordering (flipped
by ``?reverse=`` where the endpoint has it) and renders the envelope with absolute links.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from explorer.sandbox.endpoints.pagination import (
    Cursor,
    InvalidCursor,
    Ordering,
    cursor_link,
    cursor_page,
    decode_cursor,
)
from explorer.sandbox.endpoints.validation import bool_param, parse_moment
from explorer.sandbox.http.call import Call
from explorer.sandbox.http.failures import detail
from explorer.sandbox.store.workspace import Table, sort_value

T = TypeVar("T")
Predicate = Callable[[Any], bool]


def never(_row: Any) -> bool:
    return False


def date_range(call: Call, attr: str) -> list[Predicate]:
    """Inclusive ``after``/``before`` on ``attr``; an unparseable bound matches nothing."""
    predicates: list[Predicate] = []
    for name, keep in (("after", lambda v, b: v >= b), ("before", lambda v, b: v <= b)):
        text = call.query.get(name)
        if text is None:
            continue
        bound = parse_moment(text)
        if bound is None:
            return [never]
        predicates.append(_compare(attr, bound, keep))
    return predicates


def _compare(attr: str, bound: datetime, keep: Callable[[Any, datetime], bool]) -> Predicate:
    def check(row: Any) -> bool:
        value = getattr(row, attr)
        return value is not None and bool(keep(value, bound))

    return check


def ordering_for(call: Call, spec: str | None = None) -> Ordering:
    spec = spec or call.op.ordering[0]
    flipped = call.op.param("reverse") is not None and bool_param(call.query, "reverse")
    return Ordering.parse(spec, flipped=flipped)


def cursor_listing(
    call: Call,
    source: Table[T] | Sequence[T],
    serialize: Callable[[T], Any],
    predicates: Sequence[Predicate] = (),
    ordering: Ordering | None = None,
) -> dict[str, Any]:
    """The ``{"next", "previous", "results"}`` envelope for one page of ``source``."""
    ordering = ordering or ordering_for(call)
    rows, keys = _sorted(source, ordering.attr)
    page = cursor_page(rows, keys, ordering, _cursor(call), _combine(predicates))
    return {
        "next": cursor_link(call.url, page.next),
        "previous": cursor_link(call.url, page.previous),
        "results": [serialize(row) for row in page.rows],
    }


def _cursor(call: Call) -> Cursor:
    text = call.query.get("cursor")
    if not text:
        return Cursor()
    try:
        return decode_cursor(text)
    except InvalidCursor:
        raise detail(404, "Invalid cursor") from None


def _sorted(source: Table[T] | Sequence[T], attr: str) -> tuple[Sequence[T], Sequence[Any]]:
    if isinstance(source, Table):
        return source.sorted_by(attr)
    rows = sorted(source, key=lambda row: (sort_value(getattr(row, attr)), getattr(row, "id", 0)))
    return rows, [sort_value(getattr(row, attr)) for row in rows]


def _combine(predicates: Sequence[Predicate]) -> Predicate | None:
    if not predicates:
        return None
    if len(predicates) == 1:
        return predicates[0]
    return lambda row: all(check(row) for check in predicates)


def by_uuid(source: Table[T], uuid: str | None) -> Sequence[T] | Table[T]:
    """Narrow to the row with this UUID when one is asked for."""
    if uuid is None:
        return source
    row = source.get(uuid)
    return [row] if row is not None else []
