"""The JSON files older versions kept: copied in once, damage skipped and named, never rewritten."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from explorer.app.state import open_store, rate_book
from explorer.app.store import Store
from explorer.core import paths
from explorer.core.history import HistoryEntry
from explorer.core.ratelimit import MAX_RETRY_AFTER, RateLimiter

WHEN = "2026-11-27T10:00:00.000+00:00"
GOOD = {
    "method": "GET",
    "path": "/api/v2/contacts.json",
    "query": "group=Farmers",
    "body": None,
    "status": 200,
    "elapsed_ms": 12.5,
    "profile": "prod",
    "time": WHEN,
}


def old_file(name: str, content: str | bytes) -> Path:
    path = paths.ensure_dir(paths.state_dir()) / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def lines(*records: object) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def test_the_old_history_is_copied_once_and_left_in_place() -> None:
    post = {**GOOD, "method": "POST", "query": "", "body": {"name": "Café"}, "status": 201}
    path = old_file("history.jsonl", lines(GOOD, post))
    before = path.read_bytes()
    store = open_store()
    expected = HistoryEntry(
        "GET", "/api/v2/contacts.json", "group=Farmers", None, 200, 12.5, "prod", "", WHEN
    )
    assert store.recent()[1] == expected
    assert store.recent()[0].body == {"name": "Café"}
    assert store.problems == []
    assert path.read_bytes() == before
    path.write_text(lines(GOOD) * 3)  # written on by an old version: not copied again
    assert len(open_store().recent()) == 2


@pytest.mark.parametrize(
    "damage",
    [
        '["not", "an", "object"]\n',
        '{"method": "GET"}\n',  # no path
        '{"method": "GET", "path": "/x", "status": "200"}\n',  # a status that is not a number
        '{"method": "GET", "path": "/x", "elapsed_ms": NaN}\n',
        '{"method": 5, "path": "/x"}\n',
        "garbage\n",
        '{"truncated": \n',
    ],
)
def test_damaged_history_lines_are_skipped_and_named_once(damage: str) -> None:
    path = old_file("history.jsonl", lines(GOOD) + damage + lines(GOOD))
    before = path.read_bytes()
    store = open_store()
    assert len(store.recent()) == 2
    [problem] = store.problems
    assert problem.path == path and "1 of 3 lines" in problem.what
    assert "left as it is" in problem.advice
    assert path.read_bytes() == before
    assert open_store().problems == []  # said once: the migration is remembered


def test_a_binary_history_file_is_skipped_without_a_crash() -> None:
    old_file("history.jsonl", bytes(range(256)) * 8)
    store = open_store()
    assert store.recent() == []
    assert [p.path.name for p in store.problems] == ["history.jsonl"]


def test_a_directory_in_place_of_the_history_is_named_and_left_alone() -> None:
    path = paths.ensure_dir(paths.state_dir() / "history.jsonl")
    store = open_store()
    [problem] = store.problems
    assert problem.path == path and "directory" in problem.what
    assert path.is_dir() and not store.in_memory


def rate_file(content: str, profile: str = "prod") -> Path:
    return old_file(f"ratelimit-{profile}.json", content)


def limiter(store: Store, clock: float) -> RateLimiter:
    return RateLimiter(10, clock=lambda: clock, book=rate_book(store, "book", "prod"))


def test_old_rate_counts_are_copied_once_with_an_infinite_retry_after_bounded() -> None:
    """The old app saved ``Retry-After: inf`` and crashed on every later launch reading it."""
    now = time.time()
    scopes = {
        "v2.contacts": {"sent": [now - 10, now - 5], "blocked_until": 0.0},
        "v2": {"sent": [], "blocked_until": float("inf")},
    }
    state = {"version": 1, "scopes": scopes}
    path = rate_file(json.dumps(state))  # json writes inf as Infinity
    store = open_store()
    counted = limiter(store, now)
    assert counted.used("v2.contacts") == 2
    assert 0 < counted.wait_time("v2") <= MAX_RETRY_AFTER
    assert store.problems == []
    assert limiter(open_store(), now).used("v2.contacts") == 2  # not copied twice
    assert json.loads(path.read_text())["scopes"]["v2"]["blocked_until"] == float("inf")


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[]",
        '{"version": 1, "scopes": {"v2": {"sent": ["soon"]}}}',
        '{"version": 1, "scopes": {"v2": 5}}',
        '{"version": 1, "scopes": {"v2": {"sent": [1], "blocked_until": NaN}}}',
        '{"version": 99, "scopes": {"v2": {"sent": [1]}}}',
        "",
    ],
)
def test_a_damaged_rate_file_is_named_and_never_rewritten(content: str) -> None:
    path = rate_file(content)
    store = open_store()
    counted = limiter(store, 10.0)
    assert counted.wait_time("v2") == 0
    [problem] = store.problems
    assert problem.path == path and "left as it is" in problem.advice
    assert path.read_text() == content


def test_a_directory_in_place_of_a_rate_file_is_named() -> None:
    path = paths.ensure_dir(paths.state_dir() / "ratelimit-prod.json")
    store = open_store()
    limiter(store, 10.0).record("v2")
    assert [p.path for p in store.problems] == [path] and "directory" in store.problems[0].what
