"""What a value in an answer refers to, on items recorded from a real RapidPro server
(``data/real_items.json``: one item per endpoint, from ``shared/textit-api/real-responses``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from explorer.core.catalog import load_catalog
from explorer.core.references import (
    PLACES,
    JsonPath,
    Target,
    answer_crumb,
    endpoint_of,
    targets,
)
from explorer.core.request import build_request

ITEMS: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "real_items.json").read_text("utf-8")
)


def page(endpoint: str, item: str | None = None) -> dict[str, Any]:
    """A page of ``endpoint`` whose fourth result is the recorded item."""
    recorded = ITEMS[item or endpoint]
    return {"next": None, "previous": None, "results": [{}, {}, {}, recorded]}


def opened(endpoint: str, path: JsonPath, item: str | None = None) -> list[tuple[str, str]]:
    """``(request, crumb)`` of each target, the request as ``GET groups?uuid=…``."""
    return [(_request(t), t.crumb) for t in targets(endpoint, page(endpoint, item), path)]


def _request(target: Target) -> str:
    query = "&".join(f"{name}={value}" for name, value in target.params)
    return f"GET {target.endpoint}" + (f"?{query}" if query else "")


# -- the objects an item refers to, every kind ---------------------------------------------------


@pytest.mark.parametrize(
    ("endpoint", "path", "item", "first"),
    [
        # contact
        (
            "runs",
            ("results", 3, "contact", "uuid"),
            None,
            ("GET contacts?uuid=7a56bfcd-ce69-4c69-9167-de8e6c3d6981", "contact Ben Haggerty"),
        ),
        # group: a reference object in a list, the cursor on the object itself
        (
            "contacts",
            ("results", 3, "groups", 1),
            None,
            ("GET groups?uuid=5cb332df-9bc3-43a0-8274-899c4c8e973c", "group Adults"),
        ),
        # flow: the cursor on the reference's name
        (
            "contacts",
            ("results", 3, "flow", "name"),
            None,
            ("GET flows?uuid=2c400801-8fbd-4534-983a-791056335791", "flow Colors"),
        ),
        # label
        (
            "messages",
            ("results", 3, "labels", 0, "uuid"),
            None,
            ("GET labels?uuid=a871af3d-5877-4b58-8bb0-c3a14aa33e63", "label Important"),
        ),
        # campaign
        (
            "campaign_events",
            ("results", 3, "campaign"),
            None,
            (
                "GET campaigns?uuid=d8e899a3-75c8-4e74-9fcc-25170aaa5e4e",
                "campaign Reporter Follow-ups",
            ),
        ),
        # campaign event: its own uuid in a listing of them
        (
            "campaign_events",
            ("results", 3, "uuid"),
            None,
            (
                "GET campaign_events?uuid=447c65a8-b221-4983-9dfc-9a72aff4a1b2",
                "campaign event 447c65a8…",
            ),
        ),
        # channel
        (
            "messages",
            ("results", 3, "channel", "uuid"),
            None,
            ("GET channels?uuid=2060df34-d808-480d-842b-7358c3e91799", "channel Android Phone"),
        ),
        # field: a campaign event's relative_to, by key
        (
            "campaign_events",
            ("results", 3, "relative_to", "key"),
            None,
            ("GET fields?key=joined", "field Joined On"),
        ),
        # field: a key of a contact's fields
        (
            "contacts",
            ("results", 3, "fields", "district"),
            None,
            ("GET fields?key=district", "field district"),
        ),
        # global, by its own key
        (
            "globals",
            ("results", 3, "key"),
            None,
            ("GET globals?key=clinic_hours", "global Clinic Hours"),
        ),
        # topic: the API cannot pick one, so all of them
        ("tickets", ("results", 3, "topic", "uuid"), None, ("GET topics", "topics")),
        # ticket, by its own uuid
        (
            "tickets",
            ("results", 3, "uuid"),
            None,
            ("GET tickets?uuid=01a21c60-500f-7242-88ad-fb984ab73e89", "ticket 01a21c60…"),
        ),
        # user: a ticket's assignee, by email
        (
            "tickets",
            ("results", 3, "assignee"),
            None,
            ("GET users?email=agent@example.com", "user Agnes Agent"),
        ),
        # broadcast: a message's broadcast id
        (
            "messages",
            ("results", 3, "broadcast"),
            "sent_message",
            ("GET broadcasts?id=2", "broadcast 2"),
        ),
        # flow start: a run's start
        (
            "runs",
            ("results", 3, "start", "uuid"),
            None,
            ("GET flow_starts?uuid=b32153af-852b-459b-a0d6-6557953d2954", "flow start b32153af…"),
        ),
        # message, by its own uuid
        (
            "messages",
            ("results", 3, "uuid"),
            None,
            ("GET messages?uuid=01a213cb-ee3c-7132-a2b6-b27c462677c0", "message 01a213cb…"),
        ),
        # run, by its own uuid
        (
            "runs",
            ("results", 3, "uuid"),
            None,
            ("GET runs?uuid=8f2f85b7-b759-4897-9452-77bc772f771c", "run 8f2f85b7…"),
        ),
    ],
)
def test_each_kind_of_reference_opens_with_its_get(
    endpoint: str, path: JsonPath, item: str | None, first: tuple[str, str]
) -> None:
    assert opened(endpoint, path, item)[0] == first


def test_an_items_own_uuid_opens_it_with_its_related_listings() -> None:
    assert opened("groups", ("results", 3, "uuid")) == [
        ("GET groups?uuid=5cb332df-9bc3-43a0-8274-899c4c8e973c", "group Adults"),
        ("GET contacts?group=5cb332df-9bc3-43a0-8274-899c4c8e973c", "contacts in Adults"),
    ]


def test_a_contact_offers_its_messages_and_runs() -> None:
    uuid = "743e51f0-c50f-4860-8585-4d8b1ab8cebb"
    assert opened("tickets", ("results", 3, "contact")) == [
        (f"GET contacts?uuid={uuid}", "contact Grace Uwase"),
        (f"GET messages?contact={uuid}", "messages of Grace Uwase"),
        (f"GET runs?contact={uuid}", "runs of Grace Uwase"),
    ]


def test_a_flow_offers_its_runs() -> None:
    found = targets("flows", page("flows"), ("results", 3, "name"))
    assert [(t.title, t.crumb) for t in found] == [
        ("the flow Registration", "flow Registration"),
        ("runs of Registration", "runs of Registration"),
    ]
    assert found[1].query == {"flow": "05b92713-1045-4298-9f38-258db2b55705"}


@pytest.mark.parametrize(
    ("endpoint", "path", "first"),
    [
        ("fields", ("results", 3, "key"), ("GET fields?key=nickname", "field Nickname")),
        (
            "users",
            ("results", 3, "uuid"),
            ("GET users?email=agent@example.com", "user Agnes Agent"),
        ),
        (
            "channels",
            ("results", 3),
            ("GET channels?uuid=2060df34-d808-480d-842b-7358c3e91799", "channel Android Phone"),
        ),
        (
            "labels",
            ("results", 3, "name"),
            ("GET labels?uuid=625e7f07-69f6-4cc7-85ba-4100e3811245", "label Spam"),
        ),
        (
            "campaigns",
            ("results", 3, "group", "uuid"),
            ("GET groups?uuid=3eb5b50a-a954-4a18-bac1-306fc594c5be", "group Reporters"),
        ),
        (
            "broadcasts",
            ("results", 3, "uuid"),
            ("GET broadcasts?uuid=01a21c60-4c48-711b-94ff-914d3d1a0a12", "broadcast 01a21c60…"),
        ),
        (
            "flow_starts",
            ("results", 3, "contacts", 0, "name"),
            ("GET contacts?uuid=7a56bfcd-ce69-4c69-9167-de8e6c3d6981", "contact Ben Haggerty"),
        ),
        ("topics", ("results", 3, "uuid"), ("GET topics", "topics")),
    ],
)
def test_more_places_from_the_real_shapes(
    endpoint: str, path: JsonPath, first: tuple[str, str]
) -> None:
    assert opened(endpoint, path)[0] == first


def test_a_list_of_references_offers_each_of_them() -> None:
    """A table cell (or the line) of a contact's groups: each group and its contacts."""
    crumbs = [crumb for _, crumb in opened("contacts", ("results", 3, "groups"))]
    assert crumbs == [
        "group Reporters",
        "contacts in Reporters",
        "group Adults",
        "contacts in Adults",
    ]


def test_an_object_answer_is_its_own_item() -> None:
    """A POST answers with the object it made: its uuid opens it."""
    created = ITEMS["groups"]
    found = targets("groups", created, ("uuid",))
    assert [t.crumb for t in found] == ["group Adults", "contacts in Adults"]


def test_a_fetch_alls_collected_items_are_a_page() -> None:
    body = {"results": [ITEMS["runs"]]}
    assert targets("runs", body, ("results", 0, "flow"))[0].crumb == "flow Colors"


@pytest.mark.parametrize(
    ("endpoint", "path"),
    [
        ("flows", ("results", 3, "labels")),  # flow labels: no endpoint lists them
        ("users", ("results", 3, "team", "uuid")),  # teams neither
        ("contacts", ("results", 3, "urns", 0)),  # a URN is not a reference
        ("contacts", ("results", 3, "created_on")),
        ("contacts", ("results", 3, "groups", 7)),  # past the end of the list
        ("contacts", ("results", 3, "fields", "nickname", "x")),
        ("contacts", ("next",)),
        ("contacts", ()),
        ("contacts", ("results",)),
        ("runs", ("results", 3, "path", 0, "node")),  # a node of the flow, not an object
        ("workspace", ("uuid",)),  # the workspace cannot be asked for by uuid
    ],
)
def test_values_that_refer_to_nothing_openable(endpoint: str, path: JsonPath) -> None:
    assert targets(endpoint, page(endpoint) if endpoint in ITEMS else {}, path) == []


@pytest.mark.parametrize(
    "reference",
    [
        {"uuid": "not-a-uuid", "name": "x"},
        {"uuid": 5, "name": "x"},
        {"uuid": None, "name": "x"},
        {"uuid": "5cb332df-9bc3-43a0-8274-899c4c8e973c\n", "name": "x"},
        "5cb332df-9bc3-43a0-8274-899c4c8e973c",
    ],
)
def test_an_implausible_identifier_is_no_reference(reference: Any) -> None:
    """The answer is untrusted: only a real UUID goes into a request."""
    body = {"results": [{"uuid": "7a56bfcd-ce69-4c69-9167-de8e6c3d6981", "flow": reference}]}
    assert targets("contacts", body, ("results", 0, "flow")) == []


def test_a_hostile_field_key_is_refused() -> None:
    body = {"results": [{"fields": {"a\x1b]52;c;x\x07": "1", " padded": "2", "ok": "3"}}]}
    found = targets("contacts", body, ("results", 0, "fields"))
    assert [t.query for t in found] == [{"key": "ok"}]


def test_a_missing_name_falls_back_to_the_identifier() -> None:
    body = {"results": [{"flow": {"uuid": "2c400801-8fbd-4534-983a-791056335791", "name": ""}}]}
    assert targets("contacts", body, ("results", 0, "flow"))[0].crumb == "flow 2c400801…"


def test_every_target_is_a_valid_get_of_the_catalog() -> None:
    """Each request built here passes the form's own validation for its operation."""
    catalog = load_catalog()
    seen = 0
    for endpoint in PLACES:
        for key in (endpoint, "sent_message"):
            if key not in ITEMS or (key == "sent_message" and endpoint != "messages"):
                continue
            item = ITEMS[key]
            for member in item:
                for target in targets(endpoint, page(endpoint, key), ("results", 3, member)):
                    operation = catalog.operation(target.endpoint, "GET")
                    build_request(operation, target.query, {})
                    seen += 1
    assert seen > 30


def test_the_first_crumb_names_the_operation() -> None:
    assert answer_crumb("GET", "contacts") == "contacts"
    assert answer_crumb("POST", "groups") == "POST groups"


@pytest.mark.parametrize(
    ("url", "endpoint"),
    [
        ("https://textit.com/api/v2/contacts.json?group=x", "contacts"),
        ("https://host/rapidpro/api/v2/flow_starts.json/", "flow_starts"),
        ("http://127.0.0.1:8000/api/v2/runs.json?cursor=abc", "runs"),
        ("https://textit.com/api/v2/contacts", None),
        ("https://textit.com/api/v2/contacts.json/extra", None),
        ("not a url", None),
    ],
)
def test_the_endpoint_of_an_answer_is_read_from_its_url(url: str, endpoint: str | None) -> None:
    assert endpoint_of(url) == endpoint
