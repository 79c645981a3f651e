"""Saving: a fetch-all's spool file as JSON, JSON Lines or CSV (nested fields flattened), and a
jq filter's output, each read back equal."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from explorer.app.events import Event, SaveFailed
from explorer.app.fetch import Fetch, filter_items, save, save_filtered
from explorer.app.spool import Spool, iter_items, read_items
from explorer.app.state import open_store
from explorer.core.errors import ConfigError
from explorer.core.records import flatten
from tests.app.support import CONTACTS, Clock, sandbox_session


async def spooled_contacts(tmp_path: Path) -> Path:
    store = open_store(tmp_path / "state.sqlite3")
    session = await sandbox_session(Clock(), [], history=store)
    spool = Spool(store, "sandbox", CONTACTS, directory=tmp_path / "fetch")
    await Fetch(session, CONTACTS, spool=spool).run()
    await session.aclose()
    return spool.path


@pytest.mark.parametrize("suffix", [".json", ".jsonl", ".csv"])
async def test_a_spooled_fetch_saves_in_each_format_and_reads_back(
    tmp_path: Path, suffix: str
) -> None:
    spooled = await spooled_contacts(tmp_path)
    items = list(iter_items(spooled))
    session = await sandbox_session(Clock(), [])
    target = tmp_path / f"contacts{suffix}"
    assert await save(session, iter_items(spooled), target)
    text = target.read_text(encoding="utf-8")
    back: list[Any]
    if suffix == ".json":
        back = json.loads(text)
    elif suffix == ".jsonl":
        back = [json.loads(line) for line in text.splitlines()]
    else:
        rows = list(csv.DictReader(text.splitlines(keepends=True)))
        back = [{k: v for k, v in row.items() if v} for row in rows]
        items = [{k: v for k, v in flatten(item).items() if v} for item in items]
        assert "fields.age" in rows[0]  # a nested field, flattened
    assert back == items and len(items) > 500  # three pages
    await session.aclose()


async def test_a_filter_output_is_saved_as_its_items(tmp_path: Path) -> None:
    events: list[Event] = []
    session = await sandbox_session(Clock(), events)
    body = json.dumps({"results": [{"uuid": "a", "name": "Ann"}, {"uuid": "b", "name": None}]})
    target = tmp_path / "names.jsonl"
    assert await save_filtered(session, body, ".results[] | {name}", target)
    assert [json.loads(line) for line in target.read_text().splitlines()] == [
        {"name": "Ann"},
        {"name": None},
    ]
    assert await save_filtered(session, body, "[.results[].uuid]", target)
    assert target.read_text().splitlines() == ['"a"', '"b"']
    assert not await save_filtered(session, body, ".results[", target)
    assert isinstance(events[-1], SaveFailed) and "Bad jq filter" in str(events[-1].error)
    await session.aclose()


def test_filter_items_takes_values_or_one_list() -> None:
    assert filter_items('1\n"x"\n') == [1, "x"]
    assert filter_items("[1,2]") == [1, 2]
    assert filter_items("") == []


async def test_a_damaged_spool_file_is_a_failed_save_not_a_crash(tmp_path: Path) -> None:
    events: list[Event] = []
    session = await sandbox_session(Clock(), events)
    spooled = tmp_path / "spool.jsonl"
    spooled.write_text('{"uuid": "a"}\n{"uuid": \n')
    target = tmp_path / "contacts.csv"
    assert not await save(session, iter_items(spooled), target)
    assert isinstance(events[-1], SaveFailed) and "damaged at line 2" in str(events[-1].error)
    assert not target.exists()
    with pytest.raises(ConfigError, match="damaged at line 2"):
        read_items(spooled, 1000)
    spooled.unlink()
    with pytest.raises(ConfigError, match="Cannot read"):
        read_items(spooled, 1000)
    await session.aclose()
