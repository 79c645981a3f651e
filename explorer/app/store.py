"""The app's one state store: a SQLite database in the state dir, shared by every process.

It holds the request history (searchable, newest first), saved queries, rate-limit windows and
fetch-all resume points. WAL mode and a busy timeout let several processes (two explorers, a
script) read and write it at once; rate counts are rows, so two processes' requests add up.

Nothing here ever fails the caller: a database that cannot be opened (damaged, locked, made by a
newer version, an unwritable state dir) gives an in-memory store instead, and a statement that
fails later is skipped. Either way a ``StoreProblem`` names the file and what to do, in
``Store.problems``. No token is ever stored: rate windows are keyed by a fingerprint of it.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from explorer.core.history import PAGE, HistoryEntry, SavedQuery, now_iso
from explorer.core.ratelimit import WINDOW

T = TypeVar("T")
DB_NAME = "state.sqlite3"
SCHEMA_VERSION = 1
HISTORY_CAP = 100_000
BUSY_TIMEOUT = 3.0  # seconds a write waits for another process's write to finish
FIX_DB = "Move it aside (the app makes a new one) or close the other program using it."

_TABLES = """
CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY, time TEXT NOT NULL, profile TEXT NOT NULL, base_url TEXT NOT NULL,
    method TEXT NOT NULL, path TEXT NOT NULL, query TEXT NOT NULL, body TEXT,
    status INTEGER, elapsed_ms REAL NOT NULL);
CREATE TABLE IF NOT EXISTS saved_queries (
    profile TEXT NOT NULL, name TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
    query TEXT NOT NULL, body TEXT, jq TEXT NOT NULL, time TEXT NOT NULL,
    PRIMARY KEY (profile, name));
CREATE TABLE IF NOT EXISTS rate_sent (
    book TEXT NOT NULL, scope TEXT NOT NULL, moment REAL NOT NULL);
CREATE INDEX IF NOT EXISTS rate_sent_window ON rate_sent (book, scope, moment);
CREATE TABLE IF NOT EXISTS rate_blocks (
    book TEXT NOT NULL, scope TEXT NOT NULL, until REAL NOT NULL, PRIMARY KEY (book, scope));
CREATE TABLE IF NOT EXISTS resume_points (
    profile TEXT NOT NULL, request TEXT NOT NULL, cursor TEXT NOT NULL, pages INTEGER NOT NULL,
    items INTEGER NOT NULL, updated TEXT NOT NULL, PRIMARY KEY (profile, request));
CREATE TABLE IF NOT EXISTS migrated (name TEXT PRIMARY KEY, time TEXT NOT NULL);
"""

_SEARCHED = ("method", "path", "query", "body", "profile", "base_url")


def _searched(row: str = "") -> str:
    """SQL for the text a history search looks in, from the columns of ``row``."""
    return " || ' ' || ".join(f"coalesce({row}{column}, '')" for column in _SEARCHED)


_FTS = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS history_fts USING fts5(text);
CREATE TRIGGER IF NOT EXISTS history_fts_add AFTER INSERT ON history BEGIN
    INSERT INTO history_fts (rowid, text) VALUES (new.id, {_searched("new.")});
END;
CREATE TRIGGER IF NOT EXISTS history_fts_drop AFTER DELETE ON history BEGIN
    DELETE FROM history_fts WHERE rowid = old.id;
END;
"""
_ENTRY_COLUMNS = "method, path, query, body, status, elapsed_ms, profile, base_url, time"
_INSERT_ENTRY = f"INSERT INTO history ({_ENTRY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"


@dataclass(frozen=True)
class StoreProblem:
    """Something wrong with a file of the app's state: which file, what, and what to do."""

    path: Path
    what: str  # e.g. "Not used: another program holds it locked."
    advice: str  # e.g. "Close it and restart."

    def __str__(self) -> str:
        return f"{self.path}: {self.what} {self.advice}".strip()


@dataclass(frozen=True)
class ResumePoint:
    """Where a fetch-all stopped, so that it can go on from there."""

    cursor: str  # the next page's link: its path and query (the host may change)
    pages: int
    items: int
    updated: str  # ISO 8601, UTC


def rate_key(base_url: str, token: str) -> str:
    """The rate book of a server and workspace: the base URL and a non-reversible fingerprint of
    the token (one token, one workspace), so the token itself is never stored."""
    fingerprint = hashlib.sha256(token.encode("utf-8")).hexdigest()[:16]
    return f"{base_url.rstrip('/')} {fingerprint}"


def schema_script(db: sqlite3.Connection) -> str:
    """The statements that make every table (all idempotent), full-text search if available,
    and set the schema version."""
    fts = _FTS if fts5_available(db) else ""
    return f"{_TABLES}{fts}PRAGMA user_version = {SCHEMA_VERSION};"


def fts5_available(db: sqlite3.Connection) -> bool:
    """Whether this SQLite has full-text search (FTS5); without it searches use LIKE."""
    try:
        db.execute("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(text)")
    except sqlite3.OperationalError:  # "no such module: fts5"
        return False
    db.execute("DROP TABLE temp.fts5_probe")
    return True


class Store:
    """The state store on one connection (serialised by a lock, so threads may share it)."""

    def __init__(
        self,
        db: sqlite3.Connection,
        path: Path,
        *,
        in_memory: bool,
        problems: Sequence[StoreProblem] = (),
        history_cap: int = HISTORY_CAP,
    ) -> None:
        self.path = path  # the database file, even when it could not be used
        self.in_memory = in_memory  # True: nothing survives this process
        self.problems: list[StoreProblem] = list(problems)
        self.history_cap = history_cap
        self._db = db
        self._lock = threading.RLock()
        self._fts = _has_table(db, "history_fts")

    # -- running statements safely -----------------------------------------------------------

    def run(self, action: str, work: Callable[[sqlite3.Connection], T], fallback: T) -> T:
        """``work(db)`` under the lock; a database error becomes a problem and ``fallback``."""
        with self._lock:
            try:
                return work(self._db)
            except sqlite3.Error as error:
                self.report(StoreProblem(self.path, f"Could not {action}: {error}.", FIX_DB))
                return fallback

    def change(self, action: str, sql: str, parameters: Sequence[Any]) -> bool:
        """Run a statement that changes rows; whether it changed any (False when it fails)."""
        return self.run(action, lambda db: db.execute(sql, parameters).rowcount > 0, False)

    def rows(self, action: str, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        """The rows of a query (none when it fails: see ``run``)."""
        no_rows: list[Any] = []
        return self.run(action, lambda db: db.execute(sql, parameters).fetchall(), no_rows)

    def report(self, problem: StoreProblem) -> None:
        """Add ``problem`` once (the same failure repeated is one problem)."""
        with self._lock:
            if problem not in self.problems:
                self.problems.append(problem)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- history ----------------------------------------------------------------------------

    def append(self, entry: HistoryEntry) -> None:
        """Record ``entry``; past the cap the oldest go, a tenth of the cap at a time."""
        self.run("record the request in the history", lambda db: self._append(db, entry), None)

    def _append(self, db: sqlite3.Connection, entry: HistoryEntry) -> None:
        newest = db.execute(_INSERT_ENTRY, _entry_row(entry)).lastrowid or 0
        if newest % max(self.history_cap // 10, 1) == 0:
            db.execute("DELETE FROM history WHERE id <= ?", (newest - self.history_cap,))

    def append_many(self, entries: Sequence[HistoryEntry]) -> None:
        """Record ``entries`` (oldest first) in one transaction: a migration's bulk insert."""

        def insert(db: sqlite3.Connection) -> None:
            with _transaction(db):
                rows = [_entry_row(entry) for entry in entries[-self.history_cap :]]
                db.executemany(_INSERT_ENTRY, rows)

        self.run("copy the old history", insert, None)

    def recent(self, limit: int = PAGE) -> list[HistoryEntry]:
        sql = f"SELECT {_ENTRY_COLUMNS} FROM history ORDER BY id DESC LIMIT ?"
        return self._entries("read the history", sql, (limit,))

    def search(self, text: str, limit: int = PAGE) -> list[HistoryEntry]:
        """Entries holding every word of ``text`` (FTS5: words starting so; else: substrings)."""
        words = re.findall(r"\w+", text)
        if not words:
            return self.recent(limit)
        if self._fts:
            match = " ".join(f'"{word}"*' for word in words)
            where = "id IN (SELECT rowid FROM history_fts WHERE history_fts MATCH ?)"
            parameters: list[Any] = [match]
        else:
            like = f"({_searched()}) LIKE ? ESCAPE '\\'"
            where = " AND ".join([like] * len(words))
            parameters = [f"%{_escape_like(word)}%" for word in words]
        sql = f"SELECT {_ENTRY_COLUMNS} FROM history WHERE {where} ORDER BY id DESC LIMIT ?"
        return self._entries("search the history", sql, (*parameters, limit))

    def _entries(self, action: str, sql: str, parameters: Sequence[Any]) -> list[HistoryEntry]:
        return [_entry(row) for row in self.rows(action, sql, parameters)]

    # -- saved queries ----------------------------------------------------------------------

    def create_query(self, query: SavedQuery) -> bool:
        """Save ``query`` under its profile and name; False when that name is taken."""
        row = (query.profile, query.name, query.method, query.path, query.query, _json(query.body))
        sql = "INSERT OR IGNORE INTO saved_queries VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        return self.change("save the query", sql, (*row, query.jq, query.time))

    def queries(self, profile: str) -> list[SavedQuery]:
        """The profile's saved queries, by name."""
        sql = "SELECT * FROM saved_queries WHERE profile = ? ORDER BY name"
        return [_saved_query(row) for row in self.rows("read the saved queries", sql, (profile,))]

    def query(self, profile: str, name: str) -> SavedQuery | None:
        return next((q for q in self.queries(profile) if q.name == name), None)

    def rename_query(self, profile: str, name: str, new_name: str) -> bool:
        """False when there is no ``name`` or ``new_name`` is taken."""
        sql = "UPDATE OR IGNORE saved_queries SET name = ? WHERE profile = ? AND name = ?"
        return self.change("rename the query", sql, (new_name, profile, name))

    def delete_query(self, profile: str, name: str) -> bool:
        """False when there was no such query."""
        sql = "DELETE FROM saved_queries WHERE profile = ? AND name = ?"
        return self.change("delete the query", sql, (profile, name))

    # -- fetch-all resume points -------------------------------------------------------------

    def save_resume(self, profile: str, request: str, point: ResumePoint) -> None:
        """Remember where the fetch-all of ``request`` (e.g. its URL) on ``profile`` stopped."""
        sql = "INSERT OR REPLACE INTO resume_points VALUES (?, ?, ?, ?, ?, ?)"
        row = (profile, request, point.cursor, point.pages, point.items, point.updated)
        self.change("save where the fetch stopped", sql, row)

    def resume_point(self, profile: str, request: str) -> ResumePoint | None:
        sql = "SELECT cursor, pages, items, updated FROM resume_points "
        sql += "WHERE profile = ? AND request = ?"
        rows = self.rows("read where the fetch stopped", sql, (profile, request))
        return ResumePoint(*rows[0]) if rows else None

    def resume_requests(self) -> list[tuple[str, str]]:
        """The (profile, request) of every resume point kept."""
        sql = "SELECT profile, request FROM resume_points"
        return [(profile, request) for profile, request in self.rows("read the resume points", sql)]

    def clear_resume(self, profile: str, request: str) -> None:
        sql = "DELETE FROM resume_points WHERE profile = ? AND request = ?"
        self.change("forget where the fetch stopped", sql, (profile, request))

    # -- migrations --------------------------------------------------------------------------

    def migrated(self, name: str) -> bool:
        """Whether the old file ``name`` was already copied in (once is enough)."""
        sql = "SELECT 1 FROM migrated WHERE name = ?"
        return bool(self.rows("read the migrations", sql, (name,)))

    def mark_migrated(self, name: str) -> None:
        sql = "INSERT OR IGNORE INTO migrated VALUES (?, ?)"
        self.change("remember the migration", sql, (name, now_iso()))


class StoreRateBook:
    """A ``RateBook`` in the store: one server and workspace's send times and blocks, shared by
    every process; rows older than the window go as new ones come."""

    def __init__(self, store: Store, key: str) -> None:
        self.store = store
        self.key = key  # from ``rate_key``: never the token

    def add(self, scope: str, moment: float) -> None:
        def insert(db: sqlite3.Connection) -> None:
            row = (self.key, scope, moment)
            db.execute("INSERT INTO rate_sent VALUES (?, ?, ?)", row)
            sql = "DELETE FROM rate_sent WHERE book = ? AND scope = ? AND moment <= ?"
            db.execute(sql, (self.key, scope, moment - WINDOW))

        self.store.run("count the request", insert, None)

    def remove(self, scope: str, moment: float) -> None:
        sql = "DELETE FROM rate_sent WHERE rowid = (SELECT rowid FROM rate_sent WHERE book = ? "
        sql += "AND scope = ? AND moment = ? LIMIT 1)"
        self.store.change("take the refused request off the count", sql, (self.key, scope, moment))

    def add_many(self, scope: str, moments: Sequence[float]) -> None:
        """Count requests sent at ``moments`` (a migration's bulk insert)."""
        rows = [(self.key, scope, moment) for moment in moments]

        def insert(db: sqlite3.Connection) -> None:
            with _transaction(db):
                db.executemany("INSERT INTO rate_sent VALUES (?, ?, ?)", rows)

        self.store.run("copy the old rate count", insert, None)

    def count_since(self, scope: str, since: float) -> int:
        sql = "SELECT count(*) FROM rate_sent WHERE book = ? AND scope = ? AND moment > ?"
        rows = self.store.rows("read the rate count", sql, (self.key, scope, since))
        return int(rows[0][0]) if rows else 0

    def nth_since(self, scope: str, since: float, index: int) -> float | None:
        sql = "SELECT moment FROM rate_sent WHERE book = ? AND scope = ? AND moment > ? "
        sql += "ORDER BY moment LIMIT 1 OFFSET ?"
        rows = self.store.rows("read the rate count", sql, (self.key, scope, since, index))
        return float(rows[0][0]) if rows else None

    def block(self, scope: str, until: float) -> None:
        sql = "INSERT OR REPLACE INTO rate_blocks VALUES (?, ?, ?)"
        self.store.change("keep the Retry-After", sql, (self.key, scope, until))

    def blocked_until(self, scope: str) -> float:
        sql = "SELECT until FROM rate_blocks WHERE book = ? AND scope = ?"
        rows = self.store.rows("read the Retry-After", sql, (self.key, scope))
        until = rows[0][0] if rows else None
        return float(until) if isinstance(until, int | float) else 0.0

    def scopes(self) -> Sequence[str]:
        sql = "SELECT scope FROM rate_sent WHERE book = ? UNION SELECT scope FROM rate_blocks "
        sql += "WHERE book = ? ORDER BY scope"
        rows = self.store.rows("read the rate count", sql, (self.key, self.key))
        return [scope for (scope,) in rows]


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    sql = "SELECT 1 FROM sqlite_master WHERE name = ?"
    try:
        return bool(db.execute(sql, (name,)).fetchall())
    except sqlite3.Error:
        return False


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on error) on an autocommit connection."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


def _unjson(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _entry_row(entry: HistoryEntry) -> tuple[Any, ...]:
    return (
        entry.method,
        entry.path,
        entry.query,
        _json(entry.body),
        entry.status,
        entry.elapsed_ms,
        entry.profile,
        entry.base_url,
        entry.time,
    )


def _entry(row: Sequence[Any]) -> HistoryEntry:
    method, path, query, body, status, elapsed, profile, base_url, time = row
    return HistoryEntry(
        method, path, query, _unjson(body), status, elapsed, profile, base_url, time
    )


def _saved_query(row: Sequence[Any]) -> SavedQuery:
    profile, name, method, path, query, body, jq, time = row
    return SavedQuery(profile, name, method, path, query, _unjson(body), jq, time)


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
