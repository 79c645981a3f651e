"""The line engine behind the body viewer: pretty lines, incremental index, plain bodies, spans
and cell widths."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from explorer.core.jsonlines import (
    LineDocument,
    Span,
    cut_spans,
    looks_like_json,
)
from tests.core.jsonlines_support import lines

VALUES: list[Any] = [
    {"next": None, "previous": None, "results": [{"uuid": "a-b", "name": "Ben", "age": 3}]},
    {"empty_list": [], "empty_object": {}, "nested": [[], [{}], [[1, 2], [3]]]},
    {"unicode": "Ñandú ☺ 中文 🎉", "escapes": 'quote " backslash \\ newline \n tab \t \u0001'},
    {"colon: in key": "a, b: [c] {d}", "numbers": [0, -1, 2.5, -0.125, 1e300, 12345678901234567]},
    {"literals": [True, False, None], "deep": {"a": {"b": {"c": {"d": [{"e": []}]}}}}},
    [],
    {},
    "just a string",
    -42,
    None,
    [[[[[]]]]],
]


def pretty(value: Any) -> list[str]:
    return json.dumps(value, indent=2, ensure_ascii=False).split("\n")


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize(
    "dump_options",
    [
        {"separators": (",", ":"), "ensure_ascii": False},  # the server's compact form
        {"ensure_ascii": False},  # Python's default ", " and ": "
        {"indent": 4, "ensure_ascii": False},  # already pretty, wider indent
    ],
)
def test_lines_equal_json_dumps_indent_2(value: Any, dump_options: dict[str, Any]) -> None:
    document = LineDocument(json.dumps(value, **dump_options)).index_all()
    assert lines(document) == pretty(value)
    assert document.complete and document.note is None


def test_escaped_text_is_shown_as_sent() -> None:
    document = LineDocument('{"name":"caf\\u00e9 \\"x\\""}').index_all()
    assert lines(document) == ["{", '  "name": "caf\\u00e9 \\"x\\""', "}"]


@pytest.mark.parametrize("chunk", [1, 7, 64])
def test_small_chunks_index_the_same_lines(chunk: int) -> None:
    value = {"results": [VALUES[2], VALUES[3], {"long": "x" * 500}]}
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    document = LineDocument(text)
    calls = 0
    while not document.advance(chunk):
        calls += 1
    assert calls > 1
    assert lines(document) == pretty(value)


def random_value(rng: random.Random, depth: int = 0) -> Any:
    """A random JSON value with tricky strings (escapes, brackets, unicode) and numbers."""
    kind = rng.randrange(8 if depth < 4 else 5)
    if kind == 0:
        return rng.choice(['a\\"b', "[{,:}]", "Ñ☺🎉", "", "\\", "x" * rng.randrange(40)])
    if kind == 1:
        return rng.choice([0, -7, 123456789, 2.5, -1e-07, 1e300])
    if kind == 2:
        return rng.choice([True, False, None])
    if kind in (3, 4):
        return rng.choice(["tel:+250788", "2026-11-27T09:40:17.663185Z"])
    if kind == 5:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {f"k{n}": random_value(rng, depth + 1) for n in range(rng.randrange(4))}


@pytest.mark.parametrize("seed", range(40))
def test_random_values_and_chunk_sizes_give_json_dumps_lines(seed: int) -> None:
    rng = random.Random(seed)
    value = random_value(rng)
    ascii_only = bool(seed % 2)
    expected = json.dumps(value, indent=2, ensure_ascii=ascii_only).split("\n")
    for options in ({"separators": (",", ":")}, {"indent": 3}):
        document = LineDocument(json.dumps(value, ensure_ascii=ascii_only, **options))
        while not document.advance(rng.randrange(1, 60)):
            pass
        assert lines(document) == expected


def test_lines_appear_before_the_index_is_complete() -> None:
    value = {"results": [{"index": index} for index in range(200)]}
    document = LineDocument(json.dumps(value, separators=(",", ":")))
    assert not document.advance(100)
    assert 0 < document.progress < 1
    assert 0 < document.line_count < len(pretty(value))
    assert lines(document) == pretty(value)[: document.line_count]


def test_several_top_level_values_are_a_stream() -> None:
    document = LineDocument('"a"\n{"b":[1]}\n3\n').index_all()
    assert lines(document) == ['"a"', "{", '  "b": [', "    1", "  ]", "}", "3"]


def test_truncated_body_keeps_its_json_lines_and_shows_the_rest_plainly() -> None:
    document = LineDocument('{"a":[1,2],"b":"unfinish').index_all()
    assert lines(document) == ["{", '  "a": [', "    1,", "    2", "  ],", '"b":"unfinish']
    assert document.plain_from == 5
    assert document.note == "Not valid JSON from line 1, column 12: shown as plain text"


def test_body_cut_between_tokens_says_brackets_are_left_open() -> None:
    document = LineDocument('{"a":[1,').index_all()
    assert lines(document) == ["{", '  "a": [', "    1,"]
    assert document.note == "The JSON ends early: 2 bracket(s) left open"


def test_html_error_page_is_plain_text_with_a_note() -> None:
    html = "<!DOCTYPE html>\n<html>\n\t<body>Not Found</body>\n</html>\n"
    document = LineDocument.from_body(html.encode(), "text/html; charset=utf-8")
    assert document.complete
    assert lines(document) == [line.expandtabs() for line in html.splitlines()]
    assert document.note == "Not JSON (text/html): shown as plain text"


def test_server_error_text_claiming_json_is_shown_plainly() -> None:
    document = LineDocument.from_body(b"Server Error. Site administrators", "application/json")
    document.index_all()
    assert lines(document) == ["Server Error. Site administrators"]
    assert document.note == "Not valid JSON from line 1, column 1: shown as plain text"


def test_empty_body_is_one_empty_line() -> None:
    document = LineDocument.from_body(b"", None)
    assert document.complete and lines(document) == [""] and document.note is None


@pytest.mark.parametrize("text", ["", "  \n"])
def test_json_text_without_a_value_is_one_blank_line(text: str) -> None:
    document = LineDocument(text).index_all()
    assert lines(document) == [text.rstrip("\n")] and document.note is None


def test_bytes_that_are_not_utf8_are_replaced() -> None:
    document = LineDocument.from_body(b'{"a":"\xff"}', "application/json").index_all()
    assert lines(document) == ["{", '  "a": "\ufffd"', "}"]


@pytest.mark.parametrize(
    ("text", "content_type", "expected"),
    [
        ("<html>", "application/json", True),
        ('{"a":1}', "text/html", False),
        ('  {"a":1}', None, True),
        ("[1]", "text/plain", True),
        ("Server Error.", None, False),
    ],
)
def test_looks_like_json(text: str, content_type: str | None, expected: bool) -> None:
    assert looks_like_json(text, content_type) is expected


def test_max_width_bounds_every_line() -> None:
    document = LineDocument(json.dumps(VALUES, separators=(",", ":"))).index_all()
    assert max(len(line) for line in lines(document)) <= document.max_width


def test_spans_mark_keys_and_value_kinds() -> None:
    document = LineDocument('{"n":1,"s":"x","t":true}').index_all()
    assert [(span.role, span.text) for span in document.spans(1)] == [
        ("text", "  "),
        ("key", '"n"'),
        ("punct", ": "),
        ("number", "1"),
        ("punct", ","),
    ]
    assert [span.role for span in document.spans(2)][-2] == "string"
    assert [span.role for span in document.spans(3)][-1] == "literal"


def test_cut_spans_splits_runs_at_the_edges_of_marks() -> None:
    spans = [
        Span("text", "  "),
        Span("key", '"name"'),
        Span("punct", ": "),
        Span("string", '"Ben"'),
    ]
    # '  "name": "Ben"': one mark inside the key, one from the key across ": " into the string
    pieces = list(cut_spans(spans, [(3, 5, "a"), (6, 12, "b")]))
    assert [(span.role, span.text, mark) for span, mark in pieces] == [
        ("text", "  ", None),
        ("key", '"', None),
        ("key", "na", "a"),
        ("key", "m", None),
        ("key", 'e"', "b"),
        ("punct", ": ", "b"),
        ("string", '"B', "b"),
        ("string", 'en"', None),
    ]


def test_cut_spans_without_marks_or_with_empty_ones_keeps_the_runs() -> None:
    spans = [Span("key", '"a"'), Span("punct", ","), Span("text", "")]
    kept = [(span, None) for span in spans[:2]]
    assert list(cut_spans(spans, [])) == kept
    assert list(cut_spans(spans, [(1, 1, "empty"), (2, 2, "empty")])) == kept
    assert list(cut_spans(spans, [(0, 4, "all")])) == [(span, "all") for span in spans[:2]]


@pytest.mark.parametrize("value", VALUES)
def test_lines_text_is_the_pretty_lines_between_two_indexes(value: Any) -> None:
    pretty = json.dumps(value, indent=2, ensure_ascii=False).split("\n")
    document = LineDocument(json.dumps(value, ensure_ascii=False)).index_all()
    last = len(pretty)
    assert document.lines_text(0, last) == "\n".join(pretty)
    assert document.lines_text(1, last + 5) == "\n".join(pretty[1:])
    assert document.lines_text(last - 1, last) == pretty[-1]
    assert document.lines_text(last, last) == ""
