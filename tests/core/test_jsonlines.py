"""The line engine behind the body viewer: pretty lines, incremental index, search, copy."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from rich.cells import cell_len

from explorer.core import jsonlines
from explorer.core.jsonlines import (
    Hit,
    LineDocument,
    Span,
    compile_query,
    cut_spans,
    looks_like_json,
)

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


def lines(document: LineDocument) -> list[str]:
    return [document.line(index) for index in range(document.line_count)]


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


def test_search_finds_compact_and_pretty_spellings_with_rank_on_line() -> None:
    document = LineDocument('{"name":"Ben","names":["ben","Bob"],"x":"ben ben"}').index_all()
    assert document.search(compile_query('"name": "Ben"')) == [(1, 0)]
    assert document.search(compile_query("ben")) == [(1, 0), (3, 0), (6, 0), (6, 1)]
    assert document.search(compile_query("Ben")) == [(1, 0)]
    assert document.search(compile_query("ben"), first=4) == [(6, 0), (6, 1)]
    assert document.search(compile_query("ben"), first=2, last=4) == [(3, 0)]
    assert document.search(compile_query("ben"), first=5, last=99) == [(6, 0), (6, 1)]


def test_blank_query_is_refused() -> None:
    with pytest.raises(ValueError, match="empty search query"):
        compile_query("  ")


def test_query_pattern_matches_rendered_lines() -> None:
    document = LineDocument('{"age":"18"}').index_all()
    assert compile_query('"age":"18"').search(document.line(1))


def test_value_at_gives_what_a_person_wants_to_paste() -> None:
    value = {"uuid": "eb8d", "n": 2.5, "groups": [{"name": "A"}], "none": None}
    document = LineDocument(json.dumps(value, separators=(",", ":"))).index_all()
    shown = lines(document)
    assert document.value_at(shown.index('  "uuid": "eb8d",')) == "eb8d"
    assert document.value_at(shown.index('  "n": 2.5,')) == "2.5"
    assert document.value_at(shown.index('  "none": null')) == "null"
    groups = json.dumps(value["groups"], indent=2)
    assert document.value_at(shown.index('  "groups": [')) == groups
    assert document.value_at(shown.index("  ],")) == groups
    assert document.value_at(0) == json.dumps(value, indent=2)
    assert document.value_at(len(shown) - 1) == json.dumps(value, indent=2)


def test_value_at_on_plain_and_truncated_lines() -> None:
    document = LineDocument('{"a":[1,2').index_all()
    assert document.value_at(1) == '"a": ['
    plain = LineDocument.from_body(b"line one\r\nline two", "text/plain; charset=utf-8")
    assert plain.value_at(0) == "line one"


def test_value_at_of_a_huge_container_is_its_text_as_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonlines, "_BIG_COPY", 20)
    text = '{"a":{"b":[1,2,3],"c":"a long enough string"},"d":[5]}'
    document = LineDocument(text).index_all()
    assert document.value_at(1) == '{"b":[1,2,3],"c":"a long enough string"}'
    assert document.value_at(8) == '{"b":[1,2,3],"c":"a long enough string"}'  # its closing line
    assert document.value_at(9) == "[\n  5\n]"
    assert document.value_at(0) == text


def test_long_plain_lines_wrap_at_the_given_width_and_search_still_finds_them() -> None:
    text = "<h1>502 Bad Gateway</h1>\n" + "Server Error. Site administrators have been notified.\n"
    document = LineDocument.from_body(text, "text/html", wrap=20)
    lines = [document.line(n) for n in range(document.line_count)]
    assert lines == [
        "<h1>502 Bad Gateway<",
        "/h1>",
        "Server Error. Site a",
        "dministrators have b",
        "een notified.",
    ]
    assert "".join(lines) == text.replace("\n", "")
    assert document.search(compile_query("notified")) == [Hit(4, 0)]
    assert LineDocument.from_body(text, "text/html").line_count == 2  # no width: no wrapping


def test_json_lines_never_wrap() -> None:
    document = LineDocument.from_body('{"name": "' + "x" * 50 + '"}', wrap=10).index_all()
    assert document.line_count == 3


@pytest.mark.parametrize("value", VALUES)
def test_lines_text_is_the_pretty_lines_between_two_indexes(value: Any) -> None:
    pretty = json.dumps(value, indent=2, ensure_ascii=False).split("\n")
    document = LineDocument(json.dumps(value, ensure_ascii=False)).index_all()
    last = len(pretty)
    assert document.lines_text(0, last) == "\n".join(pretty)
    assert document.lines_text(1, last + 5) == "\n".join(pretty[1:])
    assert document.lines_text(last - 1, last) == pretty[-1]
    assert document.lines_text(last, last) == ""


def test_lines_text_of_plain_lines_leaves_their_line_breaks_out() -> None:
    document = LineDocument("first\r\nsecond\nthird\n", as_json=False)
    assert document.lines_text(0, 3) == "first\nsecond\nthird"


def shown(document: LineDocument) -> list[str]:
    return [document.line(index) for index in range(document.line_count)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abcdefghij", ["abcdefghij"]),
        ("abcdefghijk", ["abcdefghij", "k"]),  # the last line, without a line break
        ("abcdefghij\nabcdefghijk\r\n", ["abcdefghij", "abcdefghij", "k"]),
    ],
)
def test_plain_lines_wrap_after_exactly_wrap_characters(text: str, expected: list[str]) -> None:
    document = LineDocument(text, as_json=False, wrap=10)
    assert shown(document) == expected
    assert document.max_width == 10  # not one more for the line break


def test_wrapped_pieces_are_at_most_wrap_cells_with_tabs_and_wide_characters() -> None:
    text = "a\tb\tc\td\n" + "名前" * 10 + "\nnaïve café " * 3
    document = LineDocument(text, as_json=False, wrap=10)
    pieces = shown(document)
    assert pieces[:5] == ["a       b", "        c", "        d", "名前名前名", "前名前名前"]
    assert all(0 < cell_len(piece) <= 10 for piece in pieces)
    assert document.lines_text(0, document.line_count) == text


def test_a_character_wider_than_the_wrap_is_a_piece_of_its_own() -> None:
    assert shown(LineDocument("名前", as_json=False, wrap=1)) == ["名", "前"]


def test_copies_of_wrapped_lines_are_the_text_as_sent() -> None:
    text = "<h1>502 Bad Gateway</h1>\r\n\tServer Error. Site administrators have been notified.\n"
    document = LineDocument.from_body(text, "text/html", wrap=20)
    assert shown(document)[2:4] == ["        Server Error", ". Site administrator"]
    assert document.line_count == 6
    assert document.lines_text(0, 6) == text.replace("\r\n", "\n").rstrip("\n")
    assert document.lines_text(1, 4) == "/h1>\n\tServer Error. Site administrator"
    assert [document.separator(index) for index in range(1, 6)] == ["", "\n", "", "", ""]
    whole_line = "\tServer Error. Site administrators have been notified."
    assert [document.value_at(index) for index in range(2, 6)] == [whole_line] * 4
    assert document.value_at(1) == "<h1>502 Bad Gateway</h1>"


def test_plain_text_after_json_starts_a_line_of_its_own() -> None:
    document = LineDocument("[1,2]xyz and more", wrap=5).index_all()
    assert shown(document) == ["[", "  1,", "  2", "]", "xyz a", "nd mo", "re"]
    assert document.separator(4) == "\n" and document.separator(5) == ""
    assert document.lines_text(2, 7) == "  2\n]\nxyz and more"
    assert document.value_at(5) == "xyz and more"


def test_line_at_finds_the_line_showing_an_offset() -> None:
    document = LineDocument("abcdefghijk\nxy", as_json=False, wrap=4)
    assert [document.line_at(offset) for offset in (0, 3, 4, 10, 11, 12, 13)] == [
        0,
        0,
        1,
        2,
        2,
        3,
        3,
    ]
    rewrapped = document.rewrapped(100)
    assert shown(rewrapped) == ["abcdefghijk", "xy"] and rewrapped.text is document.text
