"""Request history and saved queries, as JSON lines in the state dir.

Token-free by construction: an entry has no field that could hold a header or a token, only the
method, path, query string and JSON body. History grows by one appended line per request and is
cut back to its cap by an atomic rewrite; saved queries are rewritten atomically on every change.
A line that cannot be read (one torn by a crash mid-append, a hand edit) is skipped, not fatal.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from explorer.core import paths
from explorer.core.errors import ConfigError

HISTORY_CAP = 500
T = TypeVar("T")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class HistoryEntry:
    """One request that was sent, and how it went."""

    method: str
    path: str  # "/api/v2/contacts.json", without host or query
    query: str = ""  # the raw query string, without "?"
    body: Any = None  # the JSON body as sent, or None
    status: int | None = None  # None: no response (transport error)
    elapsed_ms: float = 0.0
    profile: str = ""
    time: str = field(default_factory=_now)  # ISO 8601, UTC


@dataclass(frozen=True)
class SavedQuery:
    """A request the user named to run again later."""

    name: str
    method: str
    path: str
    query: str = ""
    body: Any = None
    time: str = field(default_factory=_now)


def _read_lines(path: Path, parse: Callable[[dict[str, Any]], T]) -> list[T]:
    """Every readable record in a JSON-lines file; unreadable lines are skipped."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return []
    records: list[T] = []
    for line in lines:
        try:
            records.append(parse(json.loads(line)))
        except (ValueError, TypeError):
            continue
    return records


def _line(record: Any) -> str:
    return json.dumps(asdict(record), ensure_ascii=False) + "\n"


def _write_lines(path: Path, records: Iterable[Any]) -> None:
    paths.atomic_write(path, "".join(_line(record) for record in records))


def _count_lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def _append_line(path: Path, text: str) -> int:
    """Append ``text`` (one line) to ``path``, created private; returns the lines it ended.
    A line torn by a crash is ended first, so it cannot swallow the new one."""
    paths.ensure_dir(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "r+b") as handle:
        torn = _ends_torn(handle)
        handle.write((("\n" if torn else "") + text).encode("utf-8"))
        return 1 + torn


def _ends_torn(handle: BinaryIO) -> bool:
    """Whether the file's last line lacks its newline (a crash cut it short)."""
    if handle.seek(0, os.SEEK_END) == 0:
        return False
    handle.seek(-1, os.SEEK_END)
    return handle.read(1) != b"\n"


class History:
    """The last ``cap`` requests, oldest first, in ``history.jsonl``.

    Each request appends one line (a fetch-all appends one per page, so no rewrite per call);
    the file is cut back to the last ``cap`` entries once it holds twice as many. The file is
    read once to count its lines, then counted here: only this object writes it (another one on
    the same path only delays or hastens a cut). A history that cannot be written never fails
    the request that is being recorded: ``save_error`` says why.
    """

    def __init__(self, path: Path | None = None, cap: int = HISTORY_CAP) -> None:
        self.path = path or paths.state_dir() / "history.jsonl"
        self.cap = cap
        self.save_error: str | None = None
        self._lines: int | None = None  # lines in the file, once counted

    def entries(self) -> list[HistoryEntry]:
        return _read_lines(self.path, lambda record: HistoryEntry(**record))[-self.cap :]

    def append(self, entry: HistoryEntry) -> None:
        try:
            if self._lines is None:
                self._lines = _count_lines(self.path)
            self._lines += _append_line(self.path, _line(entry))
            if self._lines > 2 * self.cap:
                self._cut_back()
            self.save_error = None
        except (OSError, ConfigError) as error:
            self.save_error = str(error)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
        self._lines = 0

    def _cut_back(self) -> None:
        kept = self.entries()
        _write_lines(self.path, kept)
        self._lines = len(kept)


class SavedQueries:
    """Named requests in ``saved_queries.jsonl``; saving a name again replaces it."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.state_dir() / "saved_queries.jsonl"

    def all(self) -> list[SavedQuery]:
        return _read_lines(self.path, lambda record: SavedQuery(**record))

    def get(self, name: str) -> SavedQuery | None:
        return next((query for query in self.all() if query.name == name), None)

    def save(self, query: SavedQuery) -> None:
        _write_lines(self.path, [*self._without(query.name), query])

    def delete(self, name: str) -> bool:
        """Remove ``name``; False when there was no such query."""
        kept = self._without(name)
        if len(kept) == len(self.all()):
            return False
        _write_lines(self.path, kept)
        return True

    def _without(self, name: str) -> list[SavedQuery]:
        return [query for query in self.all() if query.name != name]
