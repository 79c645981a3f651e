"""Pure text helpers for the response side of the UI: sizes, durations, counts, cells, names.

No Textual here, so each rule is tested on its own and the widgets stay thin.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from explorer.core import errors
from explorer.core.cells import cell_len, char_cells
from explorer.core.pagination import results_of

ELLIPSIS = "…"
_FAILURE_LABELS: dict[type[errors.ExplorerError], str] = {
    errors.RequestTimeout: "timed out",
    errors.TLSError: "TLS failed",
    errors.InsecureURLError: "not sent",
    errors.ConnectError: "no connection",
    errors.TransportError: "no response",
}
PREV_HINT, NEXT_HINT = "[prev", "next]"
"""The paging keys in the status line, each glued to its word so a wrap never parts them."""
CANCELLED = "cancelled"
"""The status of a request cancelled on its way (it may still have reached the server)."""
_EMPTY = 2  # the sort group of null, "", [] and {}
OTHER_SCOPE = "other"
"""What the rate-limit bar calls the ``v2`` scope: every endpoint but contacts, messages, runs."""
NEAR_LIMIT = 0.8  # a scope at or above this share of its limit is shown as a warning
_SLUG = re.compile(r"/api/v2/([a-z_]+)(?:\.json)?/?$")
_UUID = re.compile(r"\b([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)


def format_size(size: int) -> str:
    """``512 B``, ``1.2 KB``, ``3.4 MB``: what a body weighs, in decimal units like browsers."""
    if size < 1000:
        return f"{size} B"
    scaled = size / 1000
    for unit in ("KB", "MB"):
        if scaled < 999.95:
            return f"{scaled:.1f} {unit}"
        scaled /= 1000
    return f"{scaled:.1f} GB"


def format_duration(seconds: float) -> str:
    """``87 ms`` under a second, then ``1.24 s``, then ``1 min 05 s``."""
    if seconds < 1:
        return f"{round(seconds * 1000)} ms"
    if seconds < 60:
        return f"{seconds:.2f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"


def format_count(count: int) -> str:
    """``2,500``: thousands separated, as the API's docs write rates."""
    return f"{count:,}"


def status_class(status: int) -> str:
    """CSS class: ``-success`` 2xx, ``-redirect`` 3xx, ``-warning`` 4xx, ``-error`` otherwise."""
    if 200 <= status < 300:
        return "-success"
    if 300 <= status < 400:
        return "-redirect"
    if 400 <= status < 500:
        return "-warning"
    return "-error"


def scope_label(scope: str) -> str:
    """``v2.contacts`` -> ``contacts``; the default scope ``v2``, shared by every other
    endpoint, is ``other``: people never see the server's internal scope names."""
    return OTHER_SCOPE if scope == "v2" else scope.removeprefix("v2.")


def is_near_limit(used: int, limit: int) -> bool:
    """True when a scope has spent at least ``NEAR_LIMIT`` of its hourly budget."""
    return limit > 0 and used >= NEAR_LIMIT * limit


def format_wait(seconds_left: float) -> str:
    """A countdown: ``37 s``, then ``59:51`` (m:ss), then ``1 h 2 min``; whole seconds rounded
    up, so 0.2 s still reads as 1 s."""
    whole = max(0, math.ceil(seconds_left))
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60}:{whole % 60:02d}"
    hours, minutes = divmod(math.ceil(whole / 60), 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def countdown_text(scope: str, seconds_left: float) -> str:
    """``contacts: waiting 59:51``."""
    return f"{scope_label(scope)}: waiting {format_wait(seconds_left)}"


def waiting_text(seconds_left: float) -> str:
    """What a send shows while it waits for room in its rate limit."""
    return f"waiting for the rate limit ({format_wait(seconds_left)}) — Esc to cancel"


def endpoint_slug(url: str) -> str:
    """The endpoint name in an API URL (``contacts`` for ``…/api/v2/contacts.json?x=1``)."""
    match = _SLUG.search(urlsplit(url).path)
    return match.group(1) if match else "response"


def default_save_name(url: str, now: datetime) -> str:
    """``contacts-20261127-1012.json``: endpoint and minute, so saves sort and rarely collide."""
    return f"{endpoint_slug(url)}-{now:%Y%m%d-%H%M}.json"


def truncate(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` terminal cells with an ellipsis when longer (wide
    characters take two cells, so a cut by characters could overflow the column)."""
    line = " ".join(text.split())
    if cell_len(line) <= width:
        return line
    room, end = width - 1, 0
    for char in line:
        room -= char_cells(char)
        if room < 0:
            break
        end += 1
    return line[:end] + ELLIPSIS


def shorten_uuids(text: str) -> str:
    """Each UUID cut to its first 8 characters (``518c959f…``), like short commit hashes."""
    if len(text) < 36:  # too short to hold one: skip the regex on most cells
        return text
    return _UUID.sub(r"\1" + ELLIPSIS, text)


def compact_value(value: Any) -> str:
    """A JSON value as a short table cell.

    A reference such as ``{"uuid": …, "name": "Nurses"}`` becomes its name, lists are joined
    with commas, other objects read ``{key: value, …}``; a ``null`` cell is empty, a ``null``
    inside a list or object reads ``null`` (``{age: null}``, not ``{age: }``).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ", ".join("null" if item is None else compact_value(item) for item in value)
    if isinstance(value, dict):
        return _compact_object(value)
    return json.dumps(value)


def _compact_object(value: Mapping[str, Any]) -> str:
    for key in ("name", "key", "urn", "uuid", "id"):
        if key in value and value[key] is not None:
            return compact_value(value[key])
    if not value:
        return "{}"
    # "null" inline, not through a helper: one frame less per level of a deep body
    members = (f"{k}: {'null' if v is None else compact_value(v)}" for k, v in value.items())
    return "{" + ", ".join(members) + "}"


def sort_key(value: Any) -> tuple[int, Any]:
    """Orders mixed JSON values: numbers numerically, then text (case-blind), empties last."""
    if value is None or value in ("", [], {}):
        return (_EMPTY, "")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (0, value)
    return (1, compact_value(value).casefold())


def sorted_indices(values: list[Any], *, descending: bool = False) -> list[int]:
    """The positions of ``values`` in sorted order; empty values stay last either way."""
    ascending = sorted(range(len(values)), key=lambda index: sort_key(values[index]))
    if not descending:
        return ascending
    filled = [index for index in ascending if sort_key(values[index])[0] != _EMPTY]
    return filled[::-1] + ascending[len(filled) :]


def result_columns(items: list[Any]) -> list[str]:
    """Every key of the object items, in the order first seen: the columns of a results table."""
    columns: dict[str, None] = {}
    for item in items:
        if isinstance(item, dict):
            columns.update(dict.fromkeys(item))
    return list(columns)


def pretty_json(value: Any) -> str:
    """Indented JSON as a person reads it (non-ASCII kept, so names in any script show)."""
    return json.dumps(value, indent=2, ensure_ascii=False)


def table_rows(body: Any) -> list[Any] | None:
    """What a results table shows: the ``results`` list or a bare list; anything else (one
    object, an error body such as ``{"flow": [...]}``) is no table. The body's own list, not a
    copy, so counting the rows of a fetch-all's items costs nothing."""
    if (results := results_of(body)) is not None:
        return results
    if isinstance(body, list):
        return body
    return None


def status_details(
    elapsed: float, size: int, page: int | None, *, previous: bool, following: bool
) -> str:
    """``312 ms · 118.5 KB · page 2 · [prev · next]``: the facts after the status code, with
    the paging keys that work (``page`` is None for an answer that is not a page of a list)."""
    parts = [format_duration(elapsed), format_size(size)]
    if page is not None:
        parts.append(f"page {page}")
    links = [label for label, present in ((PREV_HINT, previous), (NEXT_HINT, following)) if present]
    return " · ".join(parts + links)


def not_json_label(content_type: str | None) -> str:
    """``not JSON (text/html)``: said of a body that should have been JSON."""
    kind = (content_type or "").split(";")[0].strip() or "no content type"
    return f"not JSON ({kind})"


def error_note(error: errors.ExplorerError) -> str:
    """The one line the pane says about ``error``: a 400 lists the server's objections (they are
    marked on the form too), anything else says what happened and what to do."""
    if isinstance(error, errors.BadRequest) and error.field_errors:
        return "Rejected: " + "; ".join(errors.field_error_lines(error.field_errors))
    return str(error)


def failure_label(error: errors.ExplorerError) -> str:
    """What the status line says when no response came: ``timed out``, ``no connection``…"""
    return next(
        (label for kind, label in _FAILURE_LABELS.items() if isinstance(error, kind)), "not sent"
    )


def body_note(status: int, size: int) -> str:
    """A note for an answer with no body at all; "" when there is a body."""
    if size:
        return ""
    return f"No body (HTTP {status})." if status == 204 else "Empty body."


def parsing_note(size: int) -> str:
    """Shown while a big body is parsed for the Tree and Table."""
    return f"Reading the {format_size(size)} body…"


def too_big_note(size: int) -> str:
    """Said by the Tree and Table of a body too big for them."""
    return f"Too big for this view ({format_size(size)}): use Body, with a jq filter (f)."


def table_note(rows: list[Any] | None, hidden: int) -> str:
    """What the Table tab says above (or instead of) its rows; "" when the rows speak for
    themselves."""
    if rows is None:
        return "No list to tabulate: only a results list or a JSON array makes a table."
    if not rows:
        return "No results on this page."
    if hidden:
        shown, total = format_count(len(rows) - hidden), format_count(len(rows))
        return f"The first {shown} of {total} rows (all are in Body)."
    return ""
