"""Any form input becomes a request or field errors, never an exception (property tests)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.core.catalog import Operation, load_catalog
from explorer.core.errors import ValidationError
from explorer.core.request import (
    ApiRequest,
    body_text,
    build_request,
    parse_body_text,
    parse_query_text,
    query_text,
)

OPERATIONS = load_catalog().operations()
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)
NASTY = st.sampled_from(
    [
        "[" * 5000,
        "[" * 200 + "]" * 200,
        "1" * 5000,
        "-" + "9" * 4400,
        "NaN",
        "1e999",
        "null",
        "9999-12-31T23:59:59-23:59",
        "0001-01-01T00:00:00+23:59",
        "\x00\x1b[31m\u202e",
        " ",
    ]
)
TEXT = st.text(max_size=40) | JSON_VALUES.map(json.dumps) | NASTY


@st.composite
def form(draw: st.DrawFn) -> tuple[Operation, dict[str, str], dict[str, str]]:
    """An operation with values typed into some of its fields (and a stray name or two)."""
    operation = draw(st.sampled_from(OPERATIONS))
    names = st.sampled_from([p.name for p in operation.params] or ["x"]) | st.text(max_size=8)
    body_names = st.sampled_from([p.name for p in operation.body] or ["x"]) | st.text(max_size=8)
    query = draw(st.dictionaries(names, TEXT, max_size=4))
    body = draw(st.dictionaries(body_names, TEXT, max_size=4))
    return operation, query, body


def built(operation: Operation, query: dict[str, str], body: dict[str, str]) -> Any:
    try:
        request = build_request(operation, query, body)
    except ValidationError as error:
        assert error.field_errors and str(error)
        return error
    assert isinstance(request, ApiRequest)
    assert request.url("https://textit.com").startswith("https://textit.com/api/v2/")
    return request


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(form())
def test_any_form_gives_a_request_or_field_errors(
    case: tuple[Operation, dict[str, str], dict[str, str]],
) -> None:
    operation, query, body = case
    built(operation, query, body)
    assert isinstance(query_text(operation, query), str)
    assert isinstance(body_text(operation, body), str)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=80) | JSON_VALUES.map(json.dumps) | NASTY)
def test_any_raw_text_gives_form_values_or_a_field_error(text: str) -> None:
    assert isinstance(parse_query_text(text), dict)
    try:
        values = parse_body_text(text)
    except ValidationError as error:
        assert error.field_errors
    else:
        assert all(isinstance(value, str) for value in values.values())
