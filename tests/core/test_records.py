"""Saving items as JSON, JSON Lines and CSV: each format read back gives what was written."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.core.errors import ConfigError
from explorer.core.records import RecordWriter, flatten, format_of, with_format, write_records

CONTACTS: list[Any] = [
    {
        "uuid": "5d4d9ff4-1a6e-4d4f-9b1f-5c1b1a1e2f01",
        "name": "Zoë",
        "fields": {"age": 31, "town": None},
        "groups": [{"uuid": "g1", "name": "Farmers"}],
        "blocked": False,
    },
    {"uuid": "8a1e", "name": '=HYPERLINK("x")', "fields": {"age": None, "shoe": "42"}},
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.json", "json"),
        ("a.JSONL", "jsonl"),
        ("a.ndjson", "jsonl"),
        ("a.csv", "csv"),
        ("a", "json"),
    ],
)
def test_the_suffix_names_the_format(name: str, expected: str) -> None:
    assert format_of(Path(name)) == expected


def test_a_path_takes_the_suffix_of_its_format() -> None:
    assert with_format(Path("runs.json"), "csv") == Path("runs.csv")
    assert with_format(Path("runs.ndjson"), "jsonl") == Path("runs.ndjson")
    assert with_format(Path("runs"), "json") == Path("runs.json")


@given(st.lists(json_values, max_size=6))
def test_json_and_json_lines_read_back_equal(items: list[Any]) -> None:
    for fmt in ("json", "jsonl"):
        stream = io.StringIO()
        writer = RecordWriter(stream, fmt)
        writer.write(items[:2])
        writer.write(items[2:])
        writer.finish()
        text = stream.getvalue()
        read = (
            json.loads(text) if fmt == "json" else [json.loads(line) for line in text.splitlines()]
        )
        assert read == items
        assert writer.count == len(items)


def test_csv_flattens_nested_fields_into_dotted_columns(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    assert write_records(CONTACTS, path) == 2
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [
        "uuid", "name", "fields.age", "fields.town", "groups", "blocked", "fields.shoe"
    ]  # fmt: skip
    assert rows[0]["fields.age"] == "31"
    assert rows[0]["fields.town"] == ""  # null
    assert json.loads(rows[0]["groups"]) == CONTACTS[0]["groups"]
    assert rows[0]["blocked"] == "false"
    assert rows[1]["fields.shoe"] == "42" and rows[0]["fields.shoe"] == ""


def test_csv_cells_never_run_as_a_formula() -> None:
    row = flatten(CONTACTS[1])
    assert row["name"] == '\'=HYPERLINK("x")'
    assert flatten({"n": -3})["n"] == "-3"  # numbers stay numbers
    assert flatten("@sum")["value"] == "'@sum"


@given(st.lists(st.dictionaries(st.sampled_from("abc"), st.text(alphabet='xyz,"\n é'), max_size=3)))
def test_csv_round_trips_flat_text_items(items: list[dict[str, str]]) -> None:
    stream = io.StringIO()
    writer = RecordWriter(stream, "csv")
    writer.write(items)
    writer.finish()
    rows = list(csv.DictReader(io.StringIO(stream.getvalue(), newline="")))
    if not any(items):
        assert rows == []  # no columns at all: an empty file
    else:
        assert [
            {k: v for k, v in r.items() if k in i} for r, i in zip(rows, items, strict=True)
        ] == items


def test_an_empty_collection_is_an_empty_document(tmp_path: Path) -> None:
    assert write_records([], tmp_path / "a.json") == 0
    assert json.loads((tmp_path / "a.json").read_text("utf-8")) == []
    write_records([], tmp_path / "a.csv")
    assert (tmp_path / "a.csv").read_text("utf-8") == ""


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "runs.jsonl"
    path.write_text("old\n", "utf-8")

    def items() -> Any:
        yield {"id": 1}
        raise ConfigError("the fetch stopped")

    with pytest.raises(ConfigError):
        write_records(items(), path)
    assert path.read_text("utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["runs.jsonl"]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_memory_stays_flat_however_many_items_stream_through(tmp_path: Path, fmt: str) -> None:
    def peak_for(count: int) -> int:
        items = ({"uuid": f"{n:032x}", "fields": {"n": n}} for n in range(count))
        tracemalloc.start()
        write_records(items, tmp_path / f"out.{fmt}")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak

    small, large = peak_for(1_000), peak_for(20_000)
    assert large < small * 3  # 20x the items, nowhere near 20x the memory
