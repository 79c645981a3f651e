"""Bodies read defensively: any charset, any bytes, JSON of any depth, and the views that
recurse over a parsed body stay within Python's stack."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.core import errors
from explorer.core.body import MAX_DEPTH, charset_of, decode, deeper_than, flatten_field_errors
from explorer.core.client import ApiResponse
from explorer.core.jsonfilter import run_jq
from explorer.core.jsonlines import LineDocument
from explorer.ui.formatting import compact_value, pretty_json


def response(raw: bytes, content_type: str = "application/json", status: int = 200) -> ApiResponse:
    headers = httpx.Headers({"Content-Type": content_type})
    return ApiResponse("GET", "https://textit.example/api/v2/x.json", status, "OK", headers, raw, 0)


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def from_deep_stack(frames: int, call: Callable[[], Any]) -> Any:
    """``call()`` made ``frames`` calls down: as a widget's handler runs, deep in Textual."""
    return from_deep_stack(frames - 1, call) if frames else call()


@pytest.mark.parametrize("charset", ["foo", "base64", "idna", "undefined", "utf\x008"])
def test_a_bad_charset_falls_back_to_utf8(charset: str) -> None:
    answer = response('{"name": "Zoë"}'.encode(), f"application/json; charset={charset}")
    assert answer.text == '{"name": "Zoë"}'
    assert answer.json() == {"name": "Zoë"}


def test_a_declared_charset_is_used_for_text_and_json() -> None:
    answer = response('{"name": "Zoë"}'.encode("latin-1"), "application/json; charset=latin-1")
    assert answer.text == '{"name": "Zoë"}' and answer.json() == {"name": "Zoë"}


def test_bytes_that_are_not_utf8_are_replaced_not_raised() -> None:
    answer = response(b'{"name": "Zo\xff"}')
    assert answer.text == '{"name": "Zo\ufffd"}' and answer.json() == {"name": "Zo\ufffd"}
    assert decode(b"\xff\xfe\x00", None) == "\ufffd\ufffd\x00"


def test_charset_of_reads_the_parameter() -> None:
    assert charset_of('application/json; Charset="UTF-16"') == "UTF-16"
    assert charset_of("application/json") is None and charset_of(None) is None
    assert charset_of("text/plain; charset=") is None


@pytest.mark.parametrize(
    "text",
    ["[" * 200_000, nested(200_000), nested(MAX_DEPTH + 1)],
    ids=["unclosed-200k", "200k", "just-over"],
)
def test_json_nested_too_deep_is_text_with_a_reason(text: str) -> None:
    answer = response(text.encode())
    assert not answer.is_json and answer.json() is None
    assert answer.json_problem is not None and "too deep" not in answer.text
    assert "nested over" in answer.json_problem


def test_json_at_the_depth_limit_is_json() -> None:
    answer = response(nested(MAX_DEPTH).encode())
    assert answer.is_json and answer.json_problem is None


def test_html_is_not_json_and_has_no_problem() -> None:
    answer = response(b"<html><title>502 Bad Gateway</title></html>", "text/html")
    assert not answer.is_json and answer.json_problem is None


def test_deeper_than_measures_without_recursing() -> None:
    value: Any = []
    for _ in range(100_000):
        value = [value]
    assert deeper_than(value, 99_999) and not deeper_than(value, 100_001)
    assert not deeper_than({"a": [1, {"b": 2}]}, 3) and deeper_than({"a": [1, {"b": []}]}, 3)
    assert not deeper_than("text", 0)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner),
    max_leaves=30,
)


def _depth(value: Any) -> int:
    """Levels of lists and objects, counted recursively (the plain definition)."""
    if isinstance(value, dict):
        value = list(value.values())
    if not isinstance(value, list):
        return 0
    return 1 + max((_depth(member) for member in value), default=0)


@given(JSON_VALUES, st.integers(0, 8))
def test_deeper_than_agrees_with_the_plain_definition(value: Any, limit: int) -> None:
    assert deeper_than(value, limit) == (_depth(value) > limit)


def test_a_400_with_a_deep_body_still_gives_its_error() -> None:
    answer = response(nested(900).encode(), status=400)
    error = answer.error
    assert isinstance(error, errors.BadRequest) and "rejected" in str(error)


def test_views_of_a_body_at_the_limit_fit_in_a_deep_stack() -> None:
    text = nested(MAX_DEPTH)
    value = response(text.encode()).json()
    assert from_deep_stack(600, lambda: compact_value(value)) == ""
    assert from_deep_stack(600, lambda: pretty_json(value)).count("\n") == 2 * MAX_DEPTH - 2
    assert from_deep_stack(600, lambda: flatten_field_errors({"a": value})) == {}
    assert from_deep_stack(600, lambda: run_jq(text, ".")) == text
    assert LineDocument(text).index_all().line_count == 2 * MAX_DEPTH - 1


def test_jq_on_a_body_too_deep_to_show_says_so() -> None:
    with pytest.raises(errors.FilterError, match="nested too deeply"):
        run_jq(nested(9000), ".")
    with pytest.raises(errors.FilterError, match="not valid JSON"):
        run_jq("[" * 200_000, ".")


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 900, 5000])
def test_copying_a_value_of_a_body_too_deep_gives_it_as_sent(depth: int) -> None:
    text = nested(depth)
    document = LineDocument(text).index_all()
    assert from_deep_stack(300, lambda: document.value_at(0)) == text
    assert from_deep_stack(300, lambda: document.value_at(document.line_count - 1)) == text
