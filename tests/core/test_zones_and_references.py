"""Date-times typed without a zone are read in the workspace's zone; which parameters name
objects of the workspace (and whether by name or UUID)."""

from __future__ import annotations

from datetime import UTC

import pytest

from explorer.core.catalog import Kind, Param, Reference, load_catalog, reference_of
from explorer.core.request import build_request, query_text
from explorer.core.values import convert, in_zone, lacks_zone, times_in_zone, zone_named

KIGALI = zone_named("Africa/Kigali")
WHEN = Param("before", Kind.DATETIME, "")


def test_a_datetime_without_a_zone_is_read_in_the_zone_given() -> None:
    assert KIGALI is not None
    assert convert(WHEN, "2026-01-02 10:00", KIGALI) == "2026-01-02T08:00:00.000000Z"
    assert convert(WHEN, "2026-01-02 10:00") == "2026-01-02T10:00:00.000000Z"  # UTC by default
    assert convert(WHEN, "2026-01-02T10:00+01:00", KIGALI) == "2026-01-02T09:00:00.000000Z"


def test_the_request_and_its_raw_text_use_the_zone() -> None:
    assert KIGALI is not None
    contacts = load_catalog().operation("contacts", "GET")
    request = build_request(contacts, {"before": "2026-01-02 10:00"}, {}, zone=KIGALI)
    assert request.query == (("before", "2026-01-02T08:00:00.000000Z"),)
    raw = query_text(contacts, {"before": "2026-01-02 10:00"}, KIGALI)
    assert raw == "before=2026-01-02T08%3A00%3A00.000000Z"


def test_lacks_zone() -> None:
    assert lacks_zone("2026-01-02 10:00")
    assert lacks_zone("2026-01-02")
    assert not lacks_zone("2026-01-02T10:00:00Z")
    assert not lacks_zone("not a date")


@pytest.mark.parametrize(
    "name",
    [None, 3, "", "Mars/Olympus", "../../etc/passwd", "/etc/localtime", "A" * 100, "\x1b[2J"],
)
def test_a_zone_name_from_a_server_that_is_no_zone_is_none(name: object) -> None:
    assert zone_named(name) is None


def test_zone_names() -> None:
    assert zone_named("UTC") is UTC
    assert str(zone_named("America/Argentina/Buenos_Aires")) == "America/Argentina/Buenos_Aires"


@pytest.mark.parametrize(
    ("slug", "method", "name", "expected"),
    [
        ("contacts", "GET", "group", Reference("groups", "name")),
        ("broadcasts", "POST", "groups", Reference("groups", "name")),
        ("flow_starts", "POST", "flow", Reference("flows", "uuid")),
        ("runs", "GET", "flow", Reference("flows", "uuid")),
        ("messages", "GET", "label", Reference("labels", "name")),
        ("messages", "POST", "contact", Reference("contacts", "uuid")),
        ("ticket_actions", "POST", "topic", Reference("topics", "uuid")),
        ("channels", "GET", "uuid", Reference("channels", "uuid")),
        ("fields", "GET", "key", Reference("fields", "key")),
        ("groups", "GET", "name", Reference("groups", "name")),
        ("groups", "POST", "name", None),  # the new name of a group, not a reference
        ("fields", "POST", "label", None),  # a legacy alias of the field's name
        ("contacts", "GET", "urn", None),
    ],
)
def test_references(slug: str, method: str, name: str, expected: Reference | None) -> None:
    operation = load_catalog().operation(slug, method)
    param = operation.param(name) or operation.body_field(name)
    assert param is not None
    assert reference_of(operation, param) == expected


def test_api_datetimes_shown_in_a_zone() -> None:
    assert KIGALI is not None
    assert in_zone("2026-11-27T09:40:01.965431Z", KIGALI) == "2026-11-27 11:40:01 CAT"
    assert in_zone("2020-01-01T00:00:00Z", KIGALI) == "2020-01-01 02:00:00 CAT"
    assert in_zone("2026-10-13T11:40:00+02:00", UTC) == "2026-10-13 09:40:00 UTC"
    for other in ("2026-11-27", "Farmers", "2026-11-27T09:40:01", "9999-12-31T23:59:59Z x"):
        assert in_zone(other, KIGALI) is None
    assert in_zone("9999-12-31T23:59:59-23:59", KIGALI) is None  # out of range: as it came


def test_times_in_zone_converts_nested_strings_only() -> None:
    assert KIGALI is not None
    row = {
        "name": "2026-11-27T09:40:01Z",
        "fields": {"joined": "2026-10-13T11:40:00+02:00", "age": 3},
        "path": [{"time": "2026-11-27T09:40:01.000000Z"}],
    }
    assert times_in_zone(row, KIGALI) == {
        "name": "2026-11-27 11:40:01 CAT",
        "fields": {"joined": "2026-10-13 11:40:00 CAT", "age": 3},
        "path": [{"time": "2026-11-27 11:40:01 CAT"}],
    }
    deep: list[object] = []
    for _ in range(5000):
        deep = [deep]
    assert times_in_zone(deep, KIGALI) is deep
