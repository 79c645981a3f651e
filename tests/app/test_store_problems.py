"""A state store that cannot be used: the app goes on in memory and says which file and why."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from explorer.app import state
from explorer.app.state import open_store
from explorer.app.store import DB_NAME, Store, StoreProblem
from explorer.core import paths
from explorer.core.history import HistoryEntry

ENTRY = HistoryEntry("GET", "/api/v2/flows.json", "", None, 200, 1.0, "prod", "https://t.example")


def db_path() -> Path:
    return paths.ensure_dir(paths.state_dir()) / DB_NAME


def assert_in_memory_and_working(store: Store, words: str) -> StoreProblem:
    """The store fell back to memory, still records, and its one problem says ``words``."""
    assert store.in_memory
    [problem] = store.problems
    assert problem.path == db_path() and words in str(problem), str(problem)
    assert "in memory only" in problem.advice
    store.append(ENTRY)
    assert store.recent() == store.search("flows") == [ENTRY]
    return problem


def test_a_damaged_database_is_left_alone_and_named() -> None:
    garbage = b"this is not SQLite " * 300
    db_path().write_bytes(garbage)
    problem = assert_in_memory_and_working(open_store(), "not a usable database")
    assert "Move it aside" in problem.advice
    assert db_path().read_bytes() == garbage


@pytest.fixture
def locked() -> Iterator[None]:
    """Another program holds the database exclusively (its lock is waited for briefly)."""
    open_store().close()
    other = sqlite3.connect(db_path(), isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    yield
    other.execute("ROLLBACK")
    other.close()


def test_a_locked_database_says_to_close_the_other_program(
    locked: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(state, "BUSY_TIMEOUT", 0.05)
    assert_in_memory_and_working(open_store(), "another program holds it locked")


def test_an_unwritable_state_dir_is_named(app_home: Path) -> None:
    app_home.mkdir(parents=True)
    (app_home / "state").write_text("a file where the state directory goes")
    store = open_store(app_home / "state" / DB_NAME)
    assert store.in_memory
    [problem] = store.problems
    assert "TEXTIT_EXPLORER_HOME" in problem.advice and str(app_home / "state") in problem.what


def test_a_database_from_a_newer_version_is_not_touched() -> None:
    with sqlite3.connect(db_path()) as db:
        db.execute("PRAGMA user_version = 99")
    problem = assert_in_memory_and_working(open_store(), "newer version")
    assert "Update textit-explorer" in problem.advice


def test_a_directory_in_place_of_the_database_is_named() -> None:
    db_path().mkdir()
    assert_in_memory_and_working(open_store(), "cannot be opened")


def test_a_statement_that_fails_later_is_a_problem_said_once_not_a_crash() -> None:
    store = open_store()
    store.run("make it read-only", lambda db: db.execute("PRAGMA query_only = ON"), None)
    store.append(ENTRY)
    store.append(ENTRY)
    [problem] = store.problems
    assert problem.path == db_path() and "record the request in the history" in problem.what
    assert store.recent() == []
