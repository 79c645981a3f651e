"""The statistics endpoint: message counts per day and channel, as ``{"results": [...]}``."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from explorer.sandbox.endpoints.validation import day_start, parse_day
from explorer.sandbox.http.failures import bad_query
from explorer.sandbox.store.workspace import Workspace

MAX_DAYS = 366
DEFAULT_DAYS = 90


def statistics(ws: Workspace, since_text: str | None, until_text: str | None) -> dict[str, Any]:
    """Counts for ``since`` (inclusive) to ``until`` (exclusive), days in ascending order."""
    today = ws.now().date()
    since = _day(since_text, "since", today - timedelta(days=DEFAULT_DAYS))
    until = _day(until_text, "until", today + timedelta(days=1))
    if (until - since).days > MAX_DAYS:
        raise bad_query(f"Date range can't be more than {MAX_DAYS} days.")
    start, end = day_start(since), day_start(until)
    days: dict[date, dict[str, dict[str, Any]]] = defaultdict(dict)
    for msg in ws.messages:
        if msg.channel is None or not start <= msg.created_on < end:
            continue
        channel = days[msg.created_on.date()].setdefault(
            msg.channel.uuid, {"type": msg.channel.type}
        )
        key = f"{msg.type}:{msg.direction}"
        channel[key] = channel.get(key, 0) + 1
    return {"results": [{"date": day.isoformat(), "channels": days[day]} for day in sorted(days)]}


def _day(text: str | None, name: str, default: date) -> date:
    if text is None:
        return default
    day = parse_day(text)
    if day is None:
        raise bad_query(f"Invalid date value for '{name}'.")
    return day
