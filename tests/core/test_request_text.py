"""The raw editors: query and body text to form values and back."""

from __future__ import annotations

import json

import pytest

from explorer.core.errors import ValidationError
from explorer.core.request import (
    body_text,
    body_values,
    build_raw_request,
    build_request,
    parse_body_text,
    parse_query_text,
    query_text,
)
from tests.core.request_support import LIST_CONTACTS, WRITE_CONTACT


def test_parse_query_text_groups_repeated_names() -> None:
    assert parse_query_text("?uuid=a&uuid=b&urn=tel%3A%2B250788123123&group=") == {
        "uuid": "a, b",
        "urn": "tel:+250788123123",
        "group": "",
    }
    assert parse_query_text("name=a%2Cb&name=c") == {"name": '["a,b", "c"]'}


@pytest.mark.parametrize(
    "text",
    [
        "urn=tel:+250788123123&deleted=1",
        "?urn=tel%3A%2B250788123123&deleted=1&",
        "https://textit.com/api/v2/contacts.json?urn=tel:+250788123123&deleted=1",
    ],
)
def test_parse_query_text_takes_plus_as_typed_and_accepts_a_url(text: str) -> None:
    assert parse_query_text(text) == {"urn": "tel:+250788123123", "deleted": "1"}


def test_a_question_mark_in_a_value_is_kept() -> None:
    assert parse_query_text("name=Who?&x=1") == {"name": "Who?", "x": "1"}


def test_query_text_round_trips_through_the_form() -> None:
    values = {"urn": "tel:+250788123123", "deleted": "no", "group": "", "after": "oops"}
    text = query_text(LIST_CONTACTS, values)
    assert text == "urn=tel%3A%2B250788123123&deleted=false&after=oops"
    assert parse_query_text(text) == {
        "urn": "tel:+250788123123",
        "deleted": "false",
        "after": "oops",
    }


def test_body_text_round_trips_through_the_form() -> None:
    values = {"name": "Ann", "urns": "tel:+250788123123", "fields": '{"age": "23"}', "language": ""}
    text = body_text(WRITE_CONTACT, values)
    assert json.loads(text) == {
        "name": "Ann",
        "urns": ["tel:+250788123123"],
        "fields": {"age": "23"},
    }
    form = parse_body_text(text)
    assert form == {"name": "Ann", "urns": '["tel:+250788123123"]', "fields": '{"age": "23"}'}
    assert build_request(WRITE_CONTACT, {}, form).body == json.loads(text)


def test_body_text_keeps_values_that_do_not_convert_as_typed() -> None:
    assert json.loads(body_text(WRITE_CONTACT, {"language": "english", "name": "null"})) == {
        "language": "english",
        "name": None,
    }
    assert body_text(WRITE_CONTACT, {"name": " "}) == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"name": "Ann",\n "urns": [}', "The body is invalid JSON at line 2, column 11: "),
        ('["Ann"]', 'The body must be a JSON object like {"name": "Ann"}.'),
    ],
)
def test_parse_body_text_rejects_what_is_not_an_object(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_body_text(text)
    assert caught.value.field_errors[""][0].startswith(message)


def test_parse_body_text_of_nothing_is_no_values() -> None:
    assert parse_body_text("  \n") == {}
    assert parse_body_text('{"name": null, "blocked": true, "n": 2}') == {
        "name": "null",
        "blocked": "true",
        "n": "2",
    }


def test_body_values_keep_strings_and_write_the_rest_as_json() -> None:
    body = {"text": "Hi", "urns": ["tel:+250788123123"], "fields": {"age": 3}, "flag": None}
    assert body_values(body) == {
        "text": "Hi",
        "urns": '["tel:+250788123123"]',
        "fields": '{"age": 3}',
        "flag": "null",
    }
    assert parse_body_text('{"text": "Hi", "n": 2}') == body_values({"text": "Hi", "n": 2})


def test_raw_mode_sends_what_validation_refuses_and_says_why() -> None:
    """``uuid=not-a-uuid`` and an unknown ``cursor`` go as typed, so the server's own 400 shows."""
    query = {"uuid": "not-a-uuid", "cursor": "garbage", "deleted": "true"}
    request, warning = build_raw_request(LIST_CONTACTS, query, {})
    assert request.query == (("uuid", "not-a-uuid"), ("cursor", "garbage"), ("deleted", "true"))
    assert warning is not None and set(warning.field_errors) == {"uuid", "cursor"}
    with pytest.raises(ValidationError):
        build_request(LIST_CONTACTS, query, {})  # the form keeps refusing


def test_raw_mode_sends_a_valid_request_as_the_form_does_without_warning() -> None:
    body = {"name": "Ann", "urns": "tel:+250788123123"}
    request, warning = build_raw_request(WRITE_CONTACT, {}, body)
    assert (request, warning) == (build_request(WRITE_CONTACT, {}, body), None)
    request, warning = build_raw_request(WRITE_CONTACT, {}, {**body, "language": "english"})
    assert request.body == {"name": "Ann", "urns": ["tel:+250788123123"], "language": "english"}
    assert warning is not None and list(warning.field_errors) == ["language"]
