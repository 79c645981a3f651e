"""Every converter of ``explorer.core.values`` with values a person might type, good and bad."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from explorer.core.catalog import Kind, Param
from explorer.core.values import InvalidValue, convert, load_json


def param(kind: Kind, **options: Any) -> Param:
    return Param(name="field", kind=kind, help="", **options)


GOOD: list[tuple[Param, str, Any]] = [
    (param(Kind.STRING), "  Ann  ", "  Ann  "),
    (param(Kind.STRING, max_length=3), "abc", "abc"),
    (param(Kind.INT), "42", 42),
    (param(Kind.INT, min_value=-1, max_value=23), "-1", -1),
    (param(Kind.INT, min_value=-1, max_value=23), " 23 ", 23),
    (param(Kind.BOOL), "true", True),
    (param(Kind.BOOL), "Yes", True),
    (param(Kind.BOOL), "1", True),
    (param(Kind.BOOL), "FALSE", False),
    (param(Kind.BOOL), "no", False),
    (param(Kind.BOOL), "0", False),
    (param(Kind.CHOICE, choices=("inbox", "sent")), "Sent", "sent"),
    (
        param(Kind.UUID),
        "5A2F0E3C-8B8A-4C5E-9F43-1A2B3C4D5E6F",
        "5a2f0e3c-8b8a-4c5e-9f43-1a2b3c4d5e6f",
    ),
    (param(Kind.DATETIME), "2016-10-13T11:54:32.525277Z", "2016-10-13T11:54:32.525277Z"),
    (param(Kind.DATETIME), "2016-10-13T11:54:32Z", "2016-10-13T11:54:32.000000Z"),
    (param(Kind.DATETIME), "2016-10-13T13:54:32+02:00", "2016-10-13T11:54:32.000000Z"),
    (param(Kind.DATETIME), "2016-10-13T11:54:32", "2016-10-13T11:54:32.000000Z"),
    (param(Kind.DATETIME), "2016-10-13", "2016-10-13T00:00:00.000000Z"),
    (param(Kind.DATE), "2016-02-29", "2016-02-29"),
    (param(Kind.URN), "tel:+250 788-123-123", "tel:+250788123123"),
    (param(Kind.URN), "TEL:+2507881231", "tel:+2507881231"),
    (param(Kind.URN), "whatsapp:250788123123", "whatsapp:250788123123"),
    (param(Kind.URN), "mailto:ann@example.com", "mailto:ann@example.com"),
    (param(Kind.LANGUAGE), "eng", "eng"),
    (param(Kind.LANGUAGE), "FRA", "fra"),
    (param(Kind.EMAIL), "ann@example.com", "ann@example.com"),
    (param(Kind.URL), "https://example.com/hook", "https://example.com/hook"),
    (param(Kind.URL), "http://localhost:8000/x", "http://localhost:8000/x"),
    (param(Kind.REF), " Customers ", "Customers"),
    (param(Kind.LIST, item=Kind.STRING), "a, b\nc", ["a", "b", "c"]),
    (param(Kind.LIST, item=Kind.STRING), '["a, b", "c"]', ["a, b", "c"]),
    (param(Kind.LIST, item=Kind.INT, max_items=2), "[1, 2]", [1, 2]),
    (param(Kind.LIST, item=Kind.INT), "3, 4", [3, 4]),
    (param(Kind.LIST, item=Kind.URN), "tel:+250788123123", ["tel:+250788123123"]),
    (param(Kind.LIST, item=Kind.JSON), '[{"text": "Yes"}]', [{"text": "Yes"}]),
    (param(Kind.TRANSLATABLE), "Hello", "Hello"),
    (
        param(Kind.TRANSLATABLE, max_length=5),
        '{"eng": "Hello", "fra": "Salut"}',
        {"eng": "Hello", "fra": "Salut"},
    ),
    (param(Kind.TRANSLATABLE_LIST, item=Kind.STRING), "a, b", ["a", "b"]),
    (
        param(Kind.TRANSLATABLE_LIST, item=Kind.STRING),
        '{"eng": ["Yes", "No"], "fra": ["Oui"]}',
        {"eng": ["Yes", "No"], "fra": ["Oui"]},
    ),
    (param(Kind.JSON), '{"a": [1, 2]}', {"a": [1, 2]}),
    (param(Kind.JSON, max_length=13), '{ "a" : 1 , "b" : 2 }', {"a": 1, "b": 2}),
    (param(Kind.STRING, nullable=True), "null", None),
    (param(Kind.LANGUAGE, nullable=True), " null ", None),
]


@pytest.mark.parametrize(("field", "text", "expected"), GOOD)
def test_good_values_convert(field: Param, text: str, expected: Any) -> None:
    assert convert(field, text) == expected


BAD: list[tuple[Param, str, str]] = [
    (param(Kind.STRING, max_length=3), "abcd", "expected at most 3 characters (got 4)"),
    (param(Kind.INT), "4.5", "expected a whole number like 42"),
    (param(Kind.INT), "4_2", "expected a whole number like 42"),
    (param(Kind.DATETIME), "0001-01-01T00:00:00+01:00", "expected a date and time like"),
    (param(Kind.INT, min_value=-1, max_value=23), "24", "expected a number from -1 to 23"),
    (param(Kind.INT, min_value=0), "-3", "expected a number of at least 0"),
    (param(Kind.INT, max_value=9), "10", "expected a number of at most 9"),
    (param(Kind.BOOL), "maybe", "expected true or false (or yes/no, 1/0)"),
    (param(Kind.CHOICE, choices=("inbox", "sent")), "drafts", "expected one of inbox, sent"),
    (param(Kind.UUID), "1234", "expected a UUID like"),
    (
        param(Kind.DATETIME),
        "yesterday",
        "expected a date and time like 2016-10-13T11:54:32.525277Z",
    ),
    (param(Kind.DATETIME), "2016-13-01", "expected a date and time like"),
    (param(Kind.DATE), "2016-02-30", "expected a date like 2016-10-13"),
    (param(Kind.DATE), "20161013", "expected a date like 2016-10-13"),
    (param(Kind.URN), "+250788123123", "expected a URN like tel:+250788123123"),
    (param(Kind.URN), "tel:", "expected a URN like"),
    (param(Kind.URN), "sms:+250788123123", "unknown URN scheme 'sms'; expected one of tel,"),
    (param(Kind.URN), "tel:0788123123", "expected a phone number in E.164 form"),
    (param(Kind.URN), "tel:+123456", "expected a phone number in E.164 form"),
    (param(Kind.URN), "tel:+1234567890123456", "expected a phone number in E.164 form"),
    (param(Kind.LANGUAGE), "en", "expected a 3-letter ISO 639-3 language code like eng"),
    (param(Kind.LANGUAGE), "english", "expected a 3-letter ISO 639-3"),
    (param(Kind.EMAIL), "ann.example.com", "expected an email address like name@example.com"),
    (param(Kind.URL), "ftp://example.com", "expected an http:// or https:// URL"),
    (param(Kind.URL), "https://", "expected an http:// or https:// URL"),
    (param(Kind.LIST, item=Kind.INT, max_items=2), "1, 2, 3", "expected at most 2 items (got 3)"),
    (param(Kind.LIST, item=Kind.INT), "1, x", "item 2: expected a whole number"),
    (param(Kind.LIST, item=Kind.URN), '["tel:+250788123123", 5]', "item 2: expected a URN"),
    (param(Kind.LIST, item=Kind.STRING), '[{"a": 1}]', "item 1: expected a string value"),
    (param(Kind.LIST, item=Kind.STRING), '["a",', "invalid JSON at line 1, column 6"),
    (param(Kind.TRANSLATABLE), '{"english": "Hi"}', "'english' is not a 3-letter ISO 639-3"),
    (param(Kind.TRANSLATABLE), '{"eng": " "}', "the 'eng' translation must be non-blank text"),
    (param(Kind.TRANSLATABLE), '{"eng": 5}', "the 'eng' translation must be non-blank text"),
    (
        param(Kind.TRANSLATABLE, max_length=2),
        '{"eng": "Hello"}',
        "expected at most 2 characters in the 'eng' translation (got 5)",
    ),
    (param(Kind.TRANSLATABLE), '{"eng": "Hi"', "invalid JSON at line 1, column 13"),
    (param(Kind.TRANSLATABLE), "{}", "expected translations keyed by language"),
    (
        param(Kind.TRANSLATABLE_LIST, item=Kind.STRING),
        '{"eng": "Yes"}',
        "the 'eng' translation must be a JSON array",
    ),
    (
        param(Kind.TRANSLATABLE_LIST, item=Kind.STRING, max_items=1),
        '{"eng": ["a", "b"]}',
        "in a translation: expected at most 1 items (got 2)",
    ),
    (param(Kind.JSON), "[1]", "expected a JSON object like"),
    (param(Kind.JSON), "{\n  'a': 1\n}", "invalid JSON at line 2, column 3"),
    (param(Kind.JSON, max_length=5), '{"a": 123}', "at most 5 characters when encoded as JSON"),
    (param(Kind.JSON, max_items=1), '{"a": 1, "b": 2}', "expected at most 1 keys (got 2)"),
    (param(Kind.LIST, item=Kind.JSON), "Yes, No", 'item 1: expected a JSON object like {"key"'),
    (param(Kind.FILE), "/no/such/file.png", "expected the path of an existing file"),
    (param(Kind.STRING), "null", "__no error__"),
]


@pytest.mark.parametrize(("field", "text", "message"), BAD)
def test_bad_values_say_what_is_expected(field: Param, text: str, message: str) -> None:
    if message == "__no error__":  # a field that is not nullable takes "null" as plain text
        assert convert(field, text) == "null"
        return
    with pytest.raises(InvalidValue) as caught:
        convert(field, text)
    assert message in str(caught.value)


def test_file_kind_gives_the_path(tmp_path: Path) -> None:
    picture = tmp_path / "photo.jpg"
    picture.write_bytes(b"\xff\xd8")
    assert convert(param(Kind.FILE), f" {picture} ") == picture


def test_load_json_names_line_and_column() -> None:
    with pytest.raises(InvalidValue, match=r"line 3, column 1: Expecting value"):
        load_json('{"a":\n\n}')


@pytest.mark.parametrize("text", ["[" * 5000, "a\x00b"], ids=["name-too-long", "nul-byte"])
def test_a_file_path_the_system_cannot_look_up_is_an_invalid_value(text: str) -> None:
    param = Param("file", Kind.FILE, help="")
    with pytest.raises(InvalidValue, match="expected the path of an existing file"):
        convert(param, text)
