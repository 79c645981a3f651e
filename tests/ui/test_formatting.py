"""The pure text rules behind the response pane, results table and rate-limit bar."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from explorer.core import errors
from explorer.ui import formatting as f


@pytest.mark.parametrize(
    ("size", "text"),
    [(0, "0 B"), (999, "999 B"), (1000, "1.0 KB"), (118_462, "118.5 KB"), (999_960, "1.0 MB")],
)
def test_sizes_use_decimal_units(size: int, text: str) -> None:
    assert f.format_size(size) == text


def test_huge_sizes_stop_at_gigabytes() -> None:
    assert f.format_size(12_345_000_000_000) == "12345.0 GB"


@pytest.mark.parametrize(
    ("seconds", "text"), [(0.0874, "87 ms"), (1.2449, "1.24 s"), (65.2, "1 min 05 s")]
)
def test_durations(seconds: float, text: str) -> None:
    assert f.format_duration(seconds) == text


@pytest.mark.parametrize(
    ("status", "css"),
    [
        (200, "-success"),
        (204, "-success"),
        (302, "-redirect"),
        (404, "-warning"),
        (429, "-warning"),
        (500, "-error"),
        (503, "-error"),
    ],
)
def test_status_classes(status: int, css: str) -> None:
    assert f.status_class(status) == css


def test_scope_labels_and_near_limit() -> None:
    assert [f.scope_label(s) for s in ("v2.contacts", "v2.runs", "v2")] == [
        "contacts",
        "runs",
        "other",
    ]
    assert f.format_count(2500) == "2,500"
    assert not f.is_near_limit(1999, 2500)
    assert f.is_near_limit(2000, 2500)
    assert not f.is_near_limit(5, 0)


def test_countdown_rounds_up_and_never_goes_negative() -> None:
    assert f.countdown_text("v2.contacts", 36.2) == "contacts: waiting 37 s"
    assert f.countdown_text("v2", 0.1) == "other: waiting 1 s"
    assert f.countdown_text("v2", -3) == "other: waiting 0 s"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(59.2, "1:00"), (60, "1:00"), (3591, "59:51"), (3600, "1 h"), (3720, "1 h 2 min")],
)
def test_long_waits_read_as_minutes_and_hours(seconds: float, text: str) -> None:
    assert f.format_wait(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(7140, "1 h 59 min"), (7141, "2 h"), (7170, "2 h"), (7199, "2 h"), (7201, "2 h 1 min")],
)
def test_minutes_rounded_up_carry_into_the_hour(seconds: float, text: str) -> None:
    assert f.format_wait(seconds) == text


def test_waiting_text_says_how_long_and_how_to_stop() -> None:
    assert f.waiting_text(3591) == "waiting for the rate limit (59:51) — Esc to cancel"


def test_save_name_from_the_endpoint_and_the_minute() -> None:
    now = datetime(2026, 11, 27, 10, 12, 59)
    url = "https://textit.com/api/v2/contacts.json?group=Nurses&cursor=abc"
    assert f.default_save_name(url, now) == "contacts-20261127-1012.json"
    assert f.endpoint_slug("http://127.0.0.1:8000/api/v2/flow_starts.json/") == "flow_starts"
    assert f.endpoint_slug("http://127.0.0.1:8000/nowhere") == "response"


def test_truncate_keeps_one_line_within_the_width() -> None:
    assert f.truncate("short", 10) == "short"
    assert f.truncate("a\nb  c", 10) == "a b c"
    assert f.truncate("abcdefghijkl", 5) == "abcd…"
    assert f.truncate("你好你好你好", 6) == "你好…"  # 2 cells each: 4 + the ellipsis fit 6
    assert f.truncate("你好你好你好", 12) == "你好你好你好"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "true"),
        (41, "41"),
        ("Ann", "Ann"),
        ({"uuid": "5a1…", "name": "Nurses"}, "Nurses"),
        ([{"uuid": "1", "name": "A"}, {"uuid": "2", "name": "B"}], "A, B"),
        (
            ["tel:+250788123123", "whatsapp:250788123123"],
            "tel:+250788123123, whatsapp:250788123123",
        ),
        ({"key": "age", "label": "Age"}, "age"),
        ({"age": "18", "district": None}, "{age: 18, district: null}"),
        (["a", None], "a, null"),
        ({}, "{}"),
        ([], ""),
    ],
)
def test_compact_values(value: Any, text: str) -> None:
    assert f.compact_value(value) == text


def test_sort_key_orders_numbers_then_text_then_empties() -> None:
    values: list[Any] = [None, "b", 10, "A", 9.5, [], {"name": "c"}]
    ordered = sorted(values, key=f.sort_key)
    assert ordered[:5] == [9.5, 10, "A", "b", {"name": "c"}]
    assert ordered[5:] in ([None, []], [[], None])


def test_result_columns_union_in_first_seen_order() -> None:
    items: list[Any] = [{"uuid": 1, "name": "a"}, {"uuid": 2, "urns": []}, "not an object"]
    assert f.result_columns(items) == ["uuid", "name", "urns"]


def test_sorted_indices_keep_empties_last_in_both_directions() -> None:
    values: list[Any] = [3, None, 1, "", 2]
    assert f.sorted_indices(values) == [2, 4, 0, 1, 3]
    assert f.sorted_indices(values, descending=True) == [0, 4, 2, 1, 3]


def test_table_rows_are_the_results_or_a_bare_list() -> None:
    page = {"next": "https://x/api/v2/runs.json?cursor=b", "previous": None, "results": [{"a": 1}]}
    assert f.table_rows(page) is page["results"]  # not copied: the tab label counts it
    assert f.table_rows({"name": "Nyaruka"}) is None  # one object is no table
    assert f.table_rows({"flow": ["No such object"]}) is None  # nor an error body
    assert f.table_rows([1, 2]) == [1, 2]
    assert f.table_rows("text") is None


def test_status_details_list_what_is_there() -> None:
    assert (
        f.status_details(0.312, 118_462, 2, previous=True, following=True)
        == f"312 ms · 118.5 KB · page 2 · {f.PREV_HINT} · {f.NEXT_HINT}"
    )
    assert f.status_details(1.5, 12, None, previous=False, following=False) == "1.50 s · 12 B"


def test_pretty_json_keeps_non_ascii() -> None:
    assert f.pretty_json({"name": "Amélie"}) == '{\n  "name": "Amélie"\n}'


def test_uuids_are_shortened_wherever_they_are_in_the_text() -> None:
    one = "518c959f-ca9b-476d-8981-67711c76c5bb"
    assert f.shorten_uuids(one) == "518c959f…"
    assert f.shorten_uuids(f"{one}, B66C1B49-381C-455C-BBEA-EC5A9BE00001") == "518c959f…, B66C1B49…"
    assert f.shorten_uuids("tel:+250788123123") == "tel:+250788123123"


def test_failure_labels_name_the_most_specific_failure() -> None:
    assert f.failure_label(errors.RequestTimeout("x")) == "timed out"
    assert f.failure_label(errors.ConnectError("x")) == "no connection"
    assert f.failure_label(errors.TransportError("x")) == "no response"
    assert f.failure_label(errors.ValidationError({"": ["bad"]})) == "not sent"


def test_not_json_labels_name_the_content_type() -> None:
    assert f.not_json_label("text/html; charset=utf-8") == "not JSON (text/html)"
    assert f.not_json_label(None) == "not JSON (no content type)"


def test_body_and_table_notes() -> None:
    assert (f.body_note(204, 0), f.body_note(200, 0), f.body_note(200, 5)) == (
        "No body (HTTP 204).",
        "Empty body.",
        "",
    )
    assert f.table_note(None, 0).startswith("No list to tabulate")
    assert f.table_note([], 0) == "No results on this page."
    assert f.table_note([1, 2], 0) == ""
    assert (
        f.table_note(list(range(1500)), 500) == "The first 1,000 of 1,500 rows (all are in Body)."
    )
