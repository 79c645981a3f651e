"""Reading the JSON files older versions kept (history lines, rate counts), defensively.

Whatever cannot be read is skipped and named in one ``StoreProblem``; the files are only read.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, TypeGuard

from explorer.app.store import StoreProblem
from explorer.core.history import HistoryEntry

LEFT_AS_IT_IS = "The file was left as it is; remove it once you no longer need it."


def read_history_lines(path: Path) -> tuple[list[HistoryEntry], StoreProblem | None]:
    """The entries of an old ``history.jsonl``, oldest first, and what could not be read."""
    text, problem = _read(path)
    lines = [line for line in text.splitlines() if line.strip()]
    entries = [entry for line in lines if (entry := _history_entry(_loads(line))) is not None]
    skipped = len(lines) - len(entries)
    if problem is None and skipped:
        what = f"{skipped} of {len(lines)} lines are not requests (damaged?) and were skipped."
        problem = StoreProblem(path, what, f"The rest was copied. {LEFT_AS_IT_IS}")
    return entries, problem


def read_rate_file(
    path: Path,
) -> tuple[dict[str, list[float]], dict[str, float], StoreProblem | None]:
    """An old ``ratelimit-<profile>.json``: send times and block ends per scope, and what could
    not be read (every value must be a number; a block may be infinite, never NaN)."""
    text, problem = _read(path)
    state = _loads(text)
    scopes = state.get("scopes") if isinstance(state, dict) and state.get("version") == 1 else None
    windows: dict[str, list[float]] = {}
    blocks: dict[str, float] = {}
    damaged = not isinstance(scopes, dict)
    for scope, saved in scopes.items() if isinstance(scopes, dict) else ():
        sent, until = _rate_scope(saved)
        if sent is not None:
            windows[scope] = sent
        if until is not None:
            blocks[scope] = until
        damaged = damaged or sent is None or until is None
    if problem is None and damaged:
        what = "Not a rate count this version can read (damaged?); what could be read was copied."
        problem = StoreProblem(path, what, LEFT_AS_IT_IS)
    return windows, blocks, problem


def _rate_scope(saved: Any) -> tuple[list[float] | None, float | None]:
    """One scope's send times and block end, each None when damaged."""
    if not isinstance(saved, dict):
        return None, None
    sent, until = saved.get("sent", []), saved.get("blocked_until", 0.0)
    good = isinstance(sent, list) and all(_number(moment, finite=True) for moment in sent)
    moments = sorted(map(float, sent)) if good else None
    return moments, float(until) if _number(until, finite=False) else None


def _read(path: Path) -> tuple[str, StoreProblem | None]:
    """The file's text (undecodable bytes replaced), or a problem saying why there is none."""
    try:
        return path.read_bytes().decode("utf-8", errors="replace"), None
    except IsADirectoryError:
        return "", StoreProblem(path, "It is a directory, not a file: nothing was read.", "")
    except OSError as error:
        what = f"It cannot be read ({error.strerror or error}): nothing was copied."
        return "", StoreProblem(path, what, LEFT_AS_IT_IS)


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _number(value: Any, *, finite: bool) -> TypeGuard[int | float]:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        return False
    return math.isfinite(value) or not finite


def _history_entry(record: Any) -> HistoryEntry | None:
    """An entry from one old history line, if every field has its type."""
    if not isinstance(record, dict):
        return None
    texts = [record.get(name, "") for name in ("method", "path", "query", "profile", "time")]
    status, elapsed = record.get("status"), record.get("elapsed_ms", 0.0)
    if not all(isinstance(text, str) for text in texts) or not texts[0] or not texts[1]:
        return None
    if status is not None and (isinstance(status, bool) or not isinstance(status, int)):
        return None
    if not _number(elapsed, finite=True):
        return None
    method, path, query, profile, time = texts
    body = record.get("body")
    return HistoryEntry(method, path, query, body, status, float(elapsed), profile, "", time)
