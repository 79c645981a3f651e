"""A body with several bad fields gets every field's messages in one 400, as DRF's serializers
give them: checks by kind and lookups alike, in the serializer's field order."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from explorer.core.catalog import load_catalog

NO_UUID = "00000000-0000-4000-8000-000000000000"
NOT_FOUND = f"No such object: {NO_UUID}"


@pytest.mark.parametrize(
    ("slug", "body", "expected"),
    [
        (
            "broadcasts",
            {"text": "", "contacts": ["nobody"], "groups": ["No Such Group"]},
            {
                "text": ["This field may not be blank."],
                "contacts": ["No such object: nobody"],
                "groups": ["No such object: No Such Group"],
            },
        ),
        (
            "flow_starts",
            {"flow": NO_UUID, "groups": ["Nope"], "restart_participants": "maybe"},
            {
                "flow": [NOT_FOUND],
                "groups": ["No such object: Nope"],
                "restart_participants": ["Must be a valid boolean."],
            },
        ),
        (
            "contacts",
            {"language": "english", "groups": ["Nope"], "urns": ["1234"]},
            {
                "language": ["Not a valid ISO639-3 language code."],
                "urns": {"0": ["Invalid URN: 1234. Ensure phone numbers contain country codes."]},
                "groups": ["No such object: Nope"],
            },
        ),
        (
            "fields",
            {"name": "bad_name!", "type": "shoe"},
            {
                "name": ["Can only contain letters, numbers and hypens."],
                "type": ['"shoe" is not a valid choice.'],
            },
        ),
        (
            "campaign_events",
            {
                "campaign": NO_UUID,
                "relative_to": "nope",
                "offset": "x",
                "unit": "days",
                "delivery_hour": 99,
            },
            {
                "campaign": [NOT_FOUND],
                "relative_to": ["No such object: nope"],
                "offset": ["A valid integer is required."],
                "delivery_hour": ["Ensure this value is less than or equal to 23."],
            },
        ),
        (
            "ticket_actions",
            {"tickets": [NO_UUID], "action": "nope"},
            {"tickets": [NOT_FOUND], "action": ['"nope" is not a valid choice.']},
        ),
        (
            "resthook_subscribers",
            {"resthook": "nope", "target_url": "ftp:x"},
            {"resthook": ["No resthook with slug: nope"], "target_url": ["Enter a valid URL."]},
        ),
    ],
)
async def test_every_bad_field_is_reported_at_once(
    api: httpx.AsyncClient, slug: str, body: dict[str, Any], expected: dict[str, Any]
) -> None:
    answer = await api.post(f"/api/v2/{slug}.json", json=body)
    assert answer.status_code == 400
    assert answer.json() == expected
    assert list(answer.json()) == list(expected)  # the serializer's field order


async def test_object_checks_come_only_once_the_fields_are_valid(api: httpx.AsyncClient) -> None:
    fields_first = await api.post("/api/v2/broadcasts.json", json={"groups": ["Nope"]})
    assert fields_first.json() == {"groups": ["No such object: Nope"]}
    then_object = await api.post("/api/v2/broadcasts.json", json={"groups": ["VIP"]})
    assert then_object.json() == {"non_field_errors": ["Must provide either text or attachments."]}


FILLERS: tuple[Any, ...] = (None, [], {}, True, "", "x", 5, ["x"], [{}])


async def test_no_body_of_wrong_types_makes_a_server_error(api: httpx.AsyncClient) -> None:
    """Every POST body field set to every kind of wrong value: a 4xx, never the 500 page."""
    server_errors = []
    for endpoint in load_catalog().endpoints:
        op = endpoint.operation("POST")
        if op is None or endpoint.slug == "media":
            continue
        for filler in FILLERS:
            bodies = [{p.name: filler for p in op.body}, *({p.name: filler} for p in op.body)]
            for body in bodies:
                answer = await api.post(f"/api/v2/{endpoint.slug}.json", json=body)
                if answer.status_code >= 500:
                    server_errors.append((endpoint.slug, body))
    assert server_errors == []


async def test_unknown_field_keys_and_bad_values_together(api: httpx.AsyncClient) -> None:
    body = {"fields": {"nope": "x", "age": "a\u0000"}}
    answer = await api.post("/api/v2/contacts.json", json=body)
    assert answer.json() == {"fields": ["Invalid contact field key: nope"]}
    nulls = await api.post("/api/v2/contacts.json", json={"fields": {"age": "a\u0000"}})
    assert nulls.json() == {"fields": {"age": ["Null characters are not allowed."]}}
