"""Building requests from form values: conversion, operation rules and the packaged examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.core.catalog import Kind, Operation, Response, load_catalog
from explorer.core.errors import ValidationError
from explorer.core.request import (
    ApiRequest,
    build_request,
    parse_body_text,
    parse_query_text,
)
from tests.core.request_support import (
    CONTACT_LOOKUP,
    LIST_CONTACTS,
    WRITE_CONTACT,
    field,
    operation,
)

DELETE_CONTACT = operation(
    "DELETE",
    "contacts",
    Response.EMPTY,
    204,
    params=CONTACT_LOOKUP,
    lookup=("uuid", "urn"),
    lookup_required=True,
)
SEND_MESSAGE = operation(
    "POST",
    "messages",
    Response.OBJECT,
    201,
    body=(
        field("contact", Kind.REF, required=True),
        field("text", Kind.STRING, max_length=4096),
        field("attachments", Kind.LIST, item=Kind.STRING, max_items=10),
    ),
    one_of=(("text", "attachments"),),
)
UPLOAD_MEDIA = operation(
    "POST",
    "media",
    Response.OBJECT,
    201,
    body=(field("file", Kind.FILE, required=True),),
    content_type="multipart/form-data",
)
UUID = "5a2f0e3c-8b8a-4c5e-9f43-1a2b3c4d5e6f"


def errors_of(
    operation: Operation, query: dict[str, str], body: dict[str, str]
) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        build_request(operation, query, body)
    return caught.value.field_errors


def test_a_list_request_has_canonical_query_values() -> None:
    request = build_request(
        LIST_CONTACTS,
        {"urn": "tel:+250 788 123 123", "deleted": "yes", "after": "2016-10-13", "group": ""},
        {},
    )
    assert request == ApiRequest(
        method="GET",
        path="/api/v2/contacts.json",
        query=(
            ("urn", "tel:+250788123123"),
            ("deleted", "true"),
            ("after", "2016-10-13T00:00:00.000000Z"),
        ),
    )
    assert request.body is None
    assert request.query_string() == (
        "urn=tel%3A%2B250788123123&deleted=true&after=2016-10-13T00%3A00%3A00.000000Z"
    )
    assert request.url("https://textit.com/") == (
        "https://textit.com/api/v2/contacts.json?" + request.query_string()
    )


def test_a_list_param_becomes_repeated_query_params() -> None:
    list_users = operation(
        "GET", "users", Response.CURSOR, 200, params=(field("email", Kind.LIST, item=Kind.EMAIL),)
    )
    request = build_request(list_users, {"email": "a@x.org, b@x.org"}, {})
    assert request.query == (("email", "a@x.org"), ("email", "b@x.org"))
    assert request.url("http://127.0.0.1:8000") == (
        "http://127.0.0.1:8000/api/v2/users.json?email=a%40x.org&email=b%40x.org"
    )


def test_a_post_body_is_json_values_and_null() -> None:
    request = build_request(
        WRITE_CONTACT,
        {},
        {
            "name": "null",
            "language": "ENG",
            "urns": "tel:+250788123123, whatsapp:250788123123",
            "fields": '{"age": "23"}',
            "groups": "",
        },
    )
    assert request.body == {
        "name": None,
        "language": "eng",
        "urns": ["tel:+250788123123", "whatsapp:250788123123"],
        "fields": {"age": "23"},
    }
    assert not request.is_update


def test_a_post_with_a_lookup_param_is_an_update() -> None:
    request = build_request(WRITE_CONTACT, {"uuid": UUID.upper()}, {"name": "Ann"})
    assert request.is_update
    assert request.query == (("uuid", UUID),)
    assert request.body == {"name": "Ann"}


def test_all_errors_are_collected_by_field() -> None:
    errors = errors_of(
        WRITE_CONTACT,
        {"uuid": "nope", "urn": "tel:+250788123123"},
        {"name": "x" * 65, "urns": "tel:123", "colour": "red"},
    )
    assert errors == {
        "uuid": ["expected a UUID like 5a2f0e3c-8b8a-4c5e-9f43-1a2b3c4d5e6f, not 'nope'"],
        "name": ["expected at most 64 characters (got 65)"],
        "urns": [
            "item 1: expected a phone number in E.164 form like tel:+250788123123"
            " (+ then 7 to 15 digits)"
        ],
        "colour": ["not a field of this request (known: name, language, urns, groups, fields)"],
        "": ["Give only one of uuid, urn to say which object to update."],
    }


def test_validation_error_message_names_each_field() -> None:
    with pytest.raises(ValidationError) as caught:
        build_request(LIST_CONTACTS, {"after": "last week"}, {})
    assert str(caught.value) == "after: expected a date and time like 2016-10-13T11:54:32.525277Z"


def test_required_fields_and_one_of_groups() -> None:
    assert errors_of(SEND_MESSAGE, {}, {"contact": "  "}) == {
        "contact": ["a value is required"],
        "": ["Give at least one of text, attachments."],
    }
    request = build_request(SEND_MESSAGE, {}, {"contact": "tel:+250788123123", "attachments": "a"})
    assert request.body == {"contact": "tel:+250788123123", "attachments": ["a"]}


def test_exclusive_groups_allow_one() -> None:
    assert errors_of(LIST_CONTACTS, {"uuid": UUID, "urn": "tel:+250788123123"}, {}) == {
        "": ["Give at most one of uuid, urn (got uuid, urn)."]
    }
    assert build_request(LIST_CONTACTS, {"uuid": UUID}, {}).query == (("uuid", UUID),)


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ({}, "Give one of uuid, urn to say which object to delete."),
        ({"uuid": UUID, "urn": "tel:+250788123123"}, "Give only one of uuid, urn to say which"),
    ],
)
def test_delete_needs_exactly_one_lookup(query: dict[str, str], problem: str) -> None:
    assert errors_of(DELETE_CONTACT, query, {})[""][0].startswith(problem)


def test_delete_with_one_lookup_has_no_body() -> None:
    request = build_request(DELETE_CONTACT, {"urn": "tel:+250788123123"}, {})
    assert (request.method, request.query, request.body) == (
        "DELETE",
        (("urn", "tel:+250788123123"),),
        None,
    )


def test_a_file_field_becomes_a_multipart_upload(tmp_path: Path) -> None:
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG")
    request = build_request(UPLOAD_MEDIA, {}, {"file": str(picture)})
    assert request.body == {}
    assert [(f.field, f.path, f.content_type) for f in request.files] == [
        ("file", picture, "image/png")
    ]


def test_with_param_replaces_earlier_values() -> None:
    request = ApiRequest("GET", "/api/v2/runs.json", (("cursor", "a"), ("flow", UUID)))
    assert request.with_param("cursor", "b").query == (("flow", UUID), ("cursor", "b"))


EXAMPLES = [  # an upload's example cannot name a file on this machine
    op for op in load_catalog().operations() if all(p.kind is not Kind.FILE for p in op.body)
]


@pytest.mark.parametrize("operation", EXAMPLES, ids=lambda op: op.name)
def test_every_packaged_example_is_a_valid_request(operation: Operation) -> None:
    example_body = json.dumps(operation.example_body) if operation.example_body else ""
    request = build_request(
        operation, parse_query_text(operation.example_query), parse_body_text(example_body)
    )
    assert request.path == load_catalog().endpoint(operation.endpoint).path


def test_two_lookups_that_are_also_exclusive_are_one_problem() -> None:
    delete = load_catalog().operation("contacts", "DELETE")
    assert ("uuid", "urn") in delete.exclusive  # the overlap this guards against
    assert errors_of(delete, {"uuid": UUID, "urn": "tel:+250788123123"}, {}) == {
        "": ["Give only one of uuid, urn to say which object to delete."]
    }


CONTACT_ACTIONS = load_catalog().operation("contact_actions", "POST")
MESSAGE_ACTIONS = load_catalog().operation("message_actions", "POST")
CONTACTS = '["tel:+250788123123"]'


@pytest.mark.parametrize(
    ("body", "problems"),
    [
        (
            {"action": "delete", "group": "Reporters"},
            {"group": ['Only for action add or remove: leave it empty for "delete".']},
        ),
        ({"action": "add"}, {"group": ['For action "add" give a group.']}),
        ({"action": "Remove"}, {"group": ['For action "remove" give a group.']}),
    ],
)
def test_contact_actions_take_a_group_only_to_add_or_remove(
    body: dict[str, str], problems: dict[str, list[str]]
) -> None:
    assert errors_of(CONTACT_ACTIONS, {}, {"contacts": CONTACTS, **body}) == problems


def test_a_choice_rule_accepts_any_of_its_fields() -> None:
    ok = {"messages": "[101, 102]", "action": "label", "label_name": "Spam"}
    assert build_request(MESSAGE_ACTIONS, {}, ok).body is not None
    assert errors_of(MESSAGE_ACTIONS, {}, {**ok, "action": "archive"}) == {
        "label_name": ['Only for action label or unlabel: leave it empty for "archive".']
    }
    assert build_request(CONTACT_ACTIONS, {}, {"contacts": CONTACTS, "action": "block"}).body
