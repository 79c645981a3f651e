"""Opening the state store, and copying in once the JSON files older versions kept.

``open_store`` never fails: a database it cannot use (damaged, locked, from a newer version, in an
unwritable state dir) gives a store in memory and a ``StoreProblem`` saying what to do. The old
files (``history.jsonl``, ``ratelimit-<profile>.json``) are read once, what can be read is copied,
what cannot is named in one problem, and the files are left as they were.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

from explorer.app.legacy import read_history_lines, read_rate_file
from explorer.app.store import (
    BUSY_TIMEOUT,
    DB_NAME,
    HISTORY_CAP,
    SCHEMA_VERSION,
    Store,
    StoreProblem,
    StoreRateBook,
    schema_script,
)
from explorer.core import paths
from explorer.core.errors import ConfigError
from explorer.core.ratelimit import MAX_RETRY_AFTER

IN_MEMORY = "Until then this session keeps its history and rate counts in memory only."
_shared: dict[str, Store] = {}
_shared_lock = threading.Lock()


class NewerSchema(Exception):
    """The database was made by a newer version of the app."""


def open_store(path: Path | None = None, *, history_cap: int = HISTORY_CAP) -> Store:
    """The store at ``path`` (default: the state dir's), or one in memory with the problem."""
    path = path or paths.state_dir() / DB_NAME
    try:
        store = Store(_connect(path), path, in_memory=False, history_cap=history_cap)
    except (sqlite3.Error, ConfigError, OSError, NewerSchema) as error:
        memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        memory.executescript(schema_script(memory))
        problem = _open_problem(path, error)
        store = Store(memory, path, in_memory=True, problems=[problem], history_cap=history_cap)
    migrate_history(store, path.parent / "history.jsonl")
    return store


def shared_store() -> Store:
    """This process's store in the current state dir, opened on first use."""
    path = paths.state_dir() / DB_NAME
    with _shared_lock:
        store = _shared.get("store")
        if store is None or store.path != path:
            store = _shared["store"] = open_store(path)
        return store


def _connect(path: Path) -> sqlite3.Connection:
    paths.ensure_dir(path.parent)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))  # private before SQLite writes it
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; a commit needs no fsync
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise NewerSchema(f"it was made by a newer version of textit-explorer ({version})")
        if version < SCHEMA_VERSION:
            db.executescript(f"BEGIN IMMEDIATE; {schema_script(db)} COMMIT;")
    except BaseException:
        db.close()
        raise
    return db


def _open_problem(path: Path, error: Exception) -> StoreProblem:
    """What went wrong opening ``path``, and what the user can do about it."""
    if isinstance(error, ConfigError):
        what, advice = f"{error}", "Make the state directory writable, or set TEXTIT_EXPLORER_HOME."
    elif isinstance(error, NewerSchema):
        what, advice = f"Not used: {error}.", "Update textit-explorer, or move the file aside."
    elif "locked" in str(error):
        what, advice = "Not used: another program holds it locked.", "Close it and restart."
    elif isinstance(error, OSError):
        what = f"Not used: it cannot be opened ({error.strerror or error})."
        advice = "Check its permissions, or move it aside."
    else:
        what = f"Not used: it is not a usable database ({error})."
        advice = "Move it aside; the app makes a new one on the next start."
    return StoreProblem(path, what, f"{advice} {IN_MEMORY}")


def migrate_history(store: Store, path: Path) -> None:
    """Copy the entries of the old ``history.jsonl`` into ``store``, once."""
    if store.migrated(path.name) or not os.path.lexists(path):
        return
    entries, problem = read_history_lines(path)
    store.append_many(entries)
    if problem is not None:
        store.report(problem)
    store.mark_migrated(path.name)


def rate_book(store: Store, key: str, profile: str) -> StoreRateBook:
    """The store's rate book ``key``, with the counts of the old ``ratelimit-<profile>.json``
    copied in on first use (a Retry-After in it bounded like a new one)."""
    book = StoreRateBook(store, key)
    path = store.path.parent / f"ratelimit-{profile}.json"
    if store.migrated(path.name) or not os.path.lexists(path):
        return book
    windows, blocks, problem = read_rate_file(path)
    for scope, moments in windows.items():
        book.add_many(scope, moments)
    latest = time.time() + MAX_RETRY_AFTER
    for scope, until in blocks.items():
        book.block(scope, min(until, latest))
    if problem is not None:
        store.report(problem)
    store.mark_migrated(path.name)
    return book
