"""The line engine behind the body viewer: search, copy, and plain lines wrapped to a width."""

from __future__ import annotations

import json

import pytest
from rich.cells import cell_len

from explorer.core import jsonlines
from explorer.core.jsonlines import (
    Hit,
    LineDocument,
    compile_query,
)
from tests.core.jsonlines_support import lines


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
    shown = lines(document)
    assert shown == [
        "<h1>502 Bad Gateway<",
        "/h1>",
        "Server Error. Site a",
        "dministrators have b",
        "een notified.",
    ]
    assert "".join(shown) == text.replace("\n", "")
    assert document.search(compile_query("notified")) == [Hit(4, 0)]
    assert LineDocument.from_body(text, "text/html").line_count == 2  # no width: no wrapping


def test_json_lines_never_wrap() -> None:
    document = LineDocument.from_body('{"name": "' + "x" * 50 + '"}', wrap=10).index_all()
    assert document.line_count == 3


def test_lines_text_of_plain_lines_leaves_their_line_breaks_out() -> None:
    document = LineDocument("first\r\nsecond\nthird\n", as_json=False)
    assert document.lines_text(0, 3) == "first\nsecond\nthird"


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
    assert lines(document) == expected
    assert document.max_width == 10  # not one more for the line break


def test_wrapped_pieces_are_at_most_wrap_cells_with_tabs_and_wide_characters() -> None:
    text = "a\tb\tc\td\n" + "名前" * 10 + "\nnaïve café " * 3
    document = LineDocument(text, as_json=False, wrap=10)
    pieces = lines(document)
    assert pieces[:5] == ["a       b", "        c", "        d", "名前名前名", "前名前名前"]
    assert all(0 < cell_len(piece) <= 10 for piece in pieces)
    assert document.lines_text(0, document.line_count) == text


def test_a_character_wider_than_the_wrap_is_a_piece_of_its_own() -> None:
    assert lines(LineDocument("名前", as_json=False, wrap=1)) == ["名", "前"]


def test_copies_of_wrapped_lines_are_the_text_as_sent() -> None:
    text = "<h1>502 Bad Gateway</h1>\r\n\tServer Error. Site administrators have been notified.\n"
    document = LineDocument.from_body(text, "text/html", wrap=20)
    assert lines(document)[2:4] == ["        Server Error", ". Site administrator"]
    assert document.line_count == 6
    assert document.lines_text(0, 6) == text.replace("\r\n", "\n").rstrip("\n")
    assert document.lines_text(1, 4) == "/h1>\n\tServer Error. Site administrator"
    assert [document.separator(index) for index in range(1, 6)] == ["", "\n", "", "", ""]
    whole_line = "\tServer Error. Site administrators have been notified."
    assert [document.value_at(index) for index in range(2, 6)] == [whole_line] * 4
    assert document.value_at(1) == "<h1>502 Bad Gateway</h1>"


def test_plain_text_after_json_starts_a_line_of_its_own() -> None:
    document = LineDocument("[1,2]xyz and more", wrap=5).index_all()
    assert lines(document) == ["[", "  1,", "  2", "]", "xyz a", "nd mo", "re"]
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
    assert lines(rewrapped) == ["abcdefghijk", "xy"] and rewrapped.text is document.text
