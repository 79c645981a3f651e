"""Any bytes, any headers, any JSON as an answer: read, mapped, paged, tabulated and filtered
without an exception other than the domain's own (property tests)."""

from __future__ import annotations

import json
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.core.client import ApiResponse
from explorer.core.errors import FilterError, HTTPStatusError
from explorer.core.jsonfilter import run_jq
from explorer.core.pagination import read_envelope, read_envelope_head
from explorer.ui.formatting import compact_value, result_columns, sorted_indices, table_rows

URL = "https://textit.example/api/v2/contacts.json"
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=12,
)
LINKS = (
    st.none()
    | st.integers()
    | st.text(max_size=30)
    | st.sampled_from(
        [
            URL + "?cursor=b",
            URL + "?cursor=\ud800",
            "https://textit.example:99999/x",
            "https://evil.example/x",
            "http://[::1",
        ]
    )
)
PAGES = st.fixed_dictionaries(
    {"next": LINKS, "previous": LINKS, "results": st.lists(JSON_VALUES, max_size=4)}
)
NASTY = st.sampled_from(
    [b"[" * 200_000, b"[" * 2000 + b"]" * 2000, b"\xff\xfe\x00", b'{"a": 1', b"<html>", b""]
)
BODIES = (
    st.binary(max_size=120)
    | JSON_VALUES.map(lambda value: json.dumps(value).encode())
    | PAGES.map(lambda page: json.dumps(page).encode())
    | NASTY
)
CONTENT_TYPES = st.sampled_from(
    [b"application/json", b"application/json; charset=foo", b"text/html; charset=idna", b"x"]
)
HEADERS = st.lists(
    st.tuples(st.binary(min_size=1, max_size=12), st.binary(max_size=40))
    | st.tuples(st.just(b"Content-Type"), CONTENT_TYPES)
    | st.tuples(st.just(b"Retry-After"), st.binary(max_size=20)),
    max_size=5,
)


def response(status: int, headers: list[tuple[bytes, bytes]], raw: bytes) -> ApiResponse:
    return ApiResponse("GET", URL, status, "", httpx.Headers(headers), raw, 0.01)


def tabulate(body: Any) -> None:
    rows = table_rows(body) or []
    columns = result_columns(rows)
    for row in rows:
        cells = row if isinstance(row, dict) else {"": row}
        assert all(isinstance(compact_value(cells.get(name)), str) for name in columns)
    first = columns[0] if columns else ""
    sorted_indices([row.get(first) if isinstance(row, dict) else row for row in rows])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(status=st.integers(100, 599), headers=HEADERS, raw=BODIES)
def test_any_answer_is_read_mapped_and_paged(
    status: int, headers: list[tuple[bytes, bytes]], raw: bytes
) -> None:
    answer = response(status, headers, raw)
    assert isinstance(answer.text, str) and isinstance(answer.is_json, bool)
    error = answer.error
    assert error is None or (isinstance(error, HTTPStatusError) and str(error))
    envelope = read_envelope(answer.json(), answer.url)
    assert envelope.next_url is None or isinstance(envelope.next_url, str)
    read_envelope_head(answer.text[:4096], answer.url)
    tabulate(answer.json())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=BODIES, expression=st.sampled_from([".", ".results", ".[0]", "..", ".a.b", "map(.)"]))
def test_any_body_filters_or_says_why(raw: bytes, expression: str) -> None:
    text = response(200, [], raw).text
    try:
        assert isinstance(run_jq(text, expression), str)
    except FilterError as error:
        assert str(error)
