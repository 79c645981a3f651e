"""The JSON path of each line of a pretty document, against a walk of the parsed value."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core.jsonlines import LineDocument
from explorer.core.linepaths import LinePaths
from explorer.core.references import JsonPath

VALUES: list[Any] = [
    {"next": None, "previous": None, "results": [{"uuid": "a-b", "groups": [{"uuid": "c"}]}]},
    {"empty_list": [], "empty_object": {}, "nested": [[], [{}], [[1, 2], [3]], {"a": [4]}]},
    {'a "quoted" key': {"b:c": "[not] {a} bracket", "d\\e": [True, None]}, "ünï": 1},
    [[[[[]]]]],
    [{"a": 1}, 2, [3, {"b": []}], {}, "x"],
    "just a string",
    {},
]


def line_paths(value: Any, path: JsonPath = ()) -> Iterator[JsonPath]:
    """The path of each line of ``json.dumps(value, indent=2)``, walking the value."""
    members: list[tuple[Any, Any]]
    if isinstance(value, dict):
        members = list(value.items())
    elif isinstance(value, list):
        members = list(enumerate(value))
    else:
        members = []
    yield path
    if not members:
        return
    for segment, member in members:
        yield from line_paths(member, (*path, segment))
    yield path  # the closing bracket


def check(value: Any, *, compact: bool = False) -> None:
    separators = (",", ":") if compact else None
    text = json.dumps(value, ensure_ascii=False, separators=separators)
    document = LineDocument(text).index_all()
    paths = LinePaths(document)
    expected = list(line_paths(value))
    assert document.line_count == len(expected)
    assert [paths.path_at(line) for line in range(document.line_count)] == expected


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("compact", [False, True])
def test_every_line_has_the_path_of_its_value(value: Any, compact: bool) -> None:
    check(value, compact=compact)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=100, deadline=None)
@given(JSON)
def test_any_document(value: Any) -> None:
    check(value, compact=True)


def test_a_contact_s_group_uuid_in_a_page() -> None:
    page = {
        "results": [{"uuid": f"u{n}", "groups": [{"uuid": "g", "name": "G"}]} for n in range(4)]
    }
    document = LineDocument(json.dumps(page)).index_all()
    line = max(n for n in range(document.line_count) if '"g"' in document.line(n))
    assert LinePaths(document).path_at(line) == ("results", 3, "groups", 0, "uuid")


def test_no_path_before_the_index_is_complete_nor_on_plain_lines() -> None:
    document = LineDocument('{"a": [1, 2]}')
    assert LinePaths(document).path_at(0) is None  # not indexed yet
    broken = LineDocument('{"a": 1, oops\nmore').index_all()
    paths = LinePaths(broken)
    assert paths.path_at(1) == ("a",)
    assert broken.plain_from is not None
    assert paths.path_at(broken.plain_from) is None
    assert paths.path_at(10_000) is None


def test_a_document_nested_too_deep_has_no_paths() -> None:
    document = LineDocument("[" * 300 + "]" * 300).index_all()
    assert LinePaths(document).path_at(3) is None
