"""The state store: history (newest first, searchable, capped), saved queries, resume points."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.app import store as store_module
from explorer.app.state import open_store, shared_store
from explorer.app.store import DB_NAME, SCHEMA_VERSION, ResumePoint, Store
from explorer.core import paths
from explorer.core.history import HistoryEntry, SavedQuery

WHEN = "2026-11-27T10:00:00.000+00:00"
URL = "https://textit.example"


def entry(query: str, *, method: str = "GET", body: object = None) -> HistoryEntry:
    return HistoryEntry(method, "/api/v2/contacts.json", query, body, 200, 12.5, "prod", URL, WHEN)


def test_the_store_is_one_private_versioned_wal_database_in_the_state_dir() -> None:
    store = shared_store()
    assert store.path == paths.state_dir() / DB_NAME and not store.in_memory
    assert shared_store() is store
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_history_round_trips_newest_first_across_opens() -> None:
    post = entry("", method="POST", body={"name": "Café ☕", "tags": [1, None]})
    store = open_store()
    store.append(entry("page=1"))
    store.append(post)
    assert open_store().recent() == [post, entry("page=1")]
    assert open_store().recent(1) == [post]
    assert store.problems == []


def test_history_keeps_far_more_than_500_and_prunes_the_oldest_in_bulk(tmp_path: Path) -> None:
    store = open_store(tmp_path / DB_NAME, history_cap=20)
    counts = []
    for number in range(1, 45):
        store.append(entry(f"page={number}"))
        counts.append(len(store.recent(100)))
    assert counts[19:23] == [20, 21, 20, 21]  # cut back every tenth of the cap, two at a time
    assert [e.query for e in store.recent(100)][-1] == "page=25"
    assert len(open_store().recent(1000)) == 0  # another path: another store
    big = open_store(tmp_path / "big.sqlite3")
    for number in range(600):
        big.append(entry(f"page={number}"))
    assert len(big.recent(1000)) == 600


@pytest.fixture(params=["fts5", "like"])
def searchable(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Store:
    """A store with a few entries, searched with FTS5 or (as without it) with LIKE."""
    if request.param == "like":
        monkeypatch.setattr(store_module, "fts5_available", lambda db: False)
    store = open_store()
    store.append(entry("group=Farmers"))
    store.append(entry("", method="POST", body={"name": "Beekeepers"}))
    store.append(HistoryEntry("GET", "/api/v2/flows.json", "", None, 200, 1.0, "staging", URL))
    store.append(entry("name=50%_off"))
    return store


def test_search_finds_every_word_newest_first(searchable: Store) -> None:
    def found(text: str) -> list[str]:
        return [f"{e.method} {e.path} {e.query}".strip() for e in searchable.search(text)]

    assert found("farm") == ["GET /api/v2/contacts.json group=Farmers"]
    assert found("beekeepers post") == ["POST /api/v2/contacts.json"]
    assert found("staging") == ["GET /api/v2/flows.json"]
    assert found("contacts.json")[:2] == [
        "GET /api/v2/contacts.json name=50%_off",
        "POST /api/v2/contacts.json",
    ]
    assert found("50") == ["GET /api/v2/contacts.json name=50%_off"]
    assert found('" OR * (') == []  # the search's own syntax is never the user's
    assert len(found("")) == len(found(" ;")) == 4
    assert found("nothing-like-it") == []


def test_search_uses_fts5_when_sqlite_has_it() -> None:
    store = open_store()
    with sqlite3.connect(store.path) as db:
        names = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert "history_fts" in names


def test_saved_queries_per_profile_create_list_get_rename_delete() -> None:
    store = open_store()
    runs = SavedQuery("prod", "recent", "GET", "/api/v2/runs.json", "responded=true", jq=".results")
    group = SavedQuery("prod", "new group", "POST", "/api/v2/groups.json", "", {"name": "VIP"})
    assert store.create_query(runs) and store.create_query(group)
    assert not store.create_query(runs)  # the name is taken
    assert store.create_query(SavedQuery("staging", "recent", "GET", "/api/v2/runs.json"))
    again = open_store()
    assert [q.name for q in again.queries("prod")] == ["new group", "recent"]
    assert again.query("prod", "recent") == runs
    assert again.rename_query("prod", "recent", "responded")
    assert not again.rename_query("prod", "responded", "new group")  # taken
    assert not again.rename_query("prod", "gone", "anything")
    assert again.delete_query("prod", "responded") and not again.delete_query("prod", "responded")
    assert [q.name for q in again.queries("prod")] == ["new group"]
    assert [q.name for q in again.queries("staging")] == ["recent"]


def test_resume_points_save_get_clear() -> None:
    store = open_store()
    request = "GET /api/v2/contacts.json?group=Farmers"
    point = ResumePoint(f"{URL}/api/v2/contacts.json?cursor=abc", 3, 750, WHEN)
    assert store.resume_point("prod", request) is None
    store.save_resume("prod", request, point)
    store.save_resume("prod", request, ResumePoint("next", 4, 1000, WHEN))
    assert open_store().resume_point("prod", request) == ResumePoint("next", 4, 1000, WHEN)
    assert store.resume_point("staging", request) is None
    store.clear_resume("prod", request)
    assert store.resume_point("prod", request) is None


def test_importing_the_store_loads_no_textual_or_rich() -> None:
    script = (
        "import sys\nimport explorer.app.state, explorer.app.store\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr
