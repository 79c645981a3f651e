"""History and saved queries: round trip, cap, corrupt lines, no field for a token."""

from __future__ import annotations

import dataclasses
import json
import stat
from pathlib import Path

from explorer.core import paths
from explorer.core.history import History, HistoryEntry, SavedQueries, SavedQuery

WHEN = "2026-11-27T10:00:00.000+00:00"


def _entry(number: int) -> HistoryEntry:
    return HistoryEntry(
        "GET", "/api/v2/contacts.json", f"page={number}", None, 200, 12.5, "prod", time=WHEN
    )


def test_entries_round_trip_in_order_in_the_state_dir() -> None:
    history = History()
    post = HistoryEntry("POST", "/api/v2/groups.json", "", {"name": "Café ☕"}, 201, 80.0, "prod")
    history.append(_entry(1))
    history.append(post)
    assert History().entries() == [_entry(1), post]
    assert history.path.parent == paths.state_dir()
    assert stat.S_IMODE(history.path.stat().st_mode) == 0o600
    assert "Café ☕" in history.path.read_text(encoding="utf-8")


def _json_line(number: int) -> str:
    return json.dumps(dataclasses.asdict(_entry(number)), ensure_ascii=False)


def test_history_keeps_only_the_newest_entries_up_to_the_cap() -> None:
    history = History(cap=3)
    lines = []
    for number in range(9):
        history.append(_entry(number))
        lines.append(len(history.path.read_text().splitlines()))
    assert lines == [1, 2, 3, 4, 5, 6, 3, 4, 5]  # cut back to the cap past twice the cap
    assert [entry.query for entry in history.entries()] == ["page=6", "page=7", "page=8"]


def test_corrupt_lines_are_skipped_and_a_torn_line_does_not_swallow_the_next() -> None:
    history = History()
    history.append(_entry(1))
    with history.path.open("a") as handle:
        handle.write('["not", "an", "object"]\n{"method": "GET"}\ngarbage\n{"truncated": ')
    history.append(_entry(2))
    assert History().entries() == [_entry(1), _entry(2)]


def test_corrupt_lines_in_the_file_count_and_go_when_it_is_cut_back() -> None:
    history = History(cap=2)
    history.path.parent.mkdir(parents=True, exist_ok=True)
    history.path.write_text(_json_line(1) + "\n" + "garbage\n" * 2)
    for number in (2, 3):  # the fifth line is past twice the cap
        history.append(_entry(number))
    assert history.path.read_text().splitlines() == [_json_line(2), _json_line(3)]


def test_a_history_that_cannot_be_written_says_why_and_raises_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    history = History(blocker / "history.jsonl")
    history.append(_entry(1))
    assert history.save_error is not None and "not-a-dir" in history.save_error


def test_a_missing_file_is_empty_and_clear_removes_the_file() -> None:
    history = History()
    assert history.entries() == []
    history.append(_entry(1))
    history.clear()
    assert not history.path.exists()
    assert history.entries() == []


def test_entries_have_no_field_that_could_hold_a_token_or_header() -> None:
    names = {f.name for f in dataclasses.fields(HistoryEntry)}
    names |= {f.name for f in dataclasses.fields(SavedQuery)}
    assert not {n for n in names if "token" in n or "header" in n or "auth" in n}


def test_saved_queries_save_replace_get_delete() -> None:
    queries = SavedQueries()
    queries.save(SavedQuery("recent", "GET", "/api/v2/runs.json", "responded=true"))
    queries.save(SavedQuery("new group", "POST", "/api/v2/groups.json", "", {"name": "VIP"}))
    queries.save(SavedQuery("recent", "GET", "/api/v2/runs.json", "responded=false"))
    reloaded = SavedQueries()
    assert [q.name for q in reloaded.all()] == ["new group", "recent"]
    recent = reloaded.get("recent")
    assert recent is not None and recent.query == "responded=false"
    assert reloaded.delete("recent")
    assert not reloaded.delete("recent")
    assert reloaded.get("recent") is None
    assert queries.path.parent == paths.state_dir()
