"""Saved queries round-trip: a request saved in the store comes back as the same request."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from explorer.app.saved import MAX_NAME, form_values, name_problem, saved_query, saved_request
from explorer.app.state import shared_store
from explorer.core.catalog import load_catalog
from explorer.core.errors import ValidationError
from explorer.core.request import build_request

CATALOG = load_catalog()
U1, U2 = "5a2f0e3c-8b8a-4c5e-9f43-1a2b3c4d5e6f", "6b2f0e3c-8b8a-4c5e-9f43-1a2b3c4d5e6f"
FORMS = [
    ("contacts", "GET", {"group": "Farmers and friends", "before": "2026-01-01T00:00:00Z"}, {}),
    ("messages", "GET", {"folder": "inbox"}, {}),
    ("contacts", "POST", {"urn": "tel:+250788123123"}, {"name": "O'Neil & co", "language": "eng"}),
    ("users", "GET", {"role": "agent, editor", "email": "a+b@x.org"}, {}),
    ("contact_actions", "POST", {}, {"contacts": f"{U1}, {U2}", "action": "add", "group": "g 1"}),
    ("broadcasts", "POST", {}, {"text": "a+b=c ☕", "urns": '["tel:+15551234567"]'}),
    ("labels", "DELETE", {"uuid": U1}, {}),
]


@pytest.mark.parametrize(("slug", "method", "query", "body"), FORMS)
def test_a_saved_query_comes_back_as_the_request_it_named(
    slug: str, method: str, query: dict[str, str], body: dict[str, str]
) -> None:
    request = build_request(CATALOG.operation(slug, method), query, body)
    store = shared_store()
    assert store.create_query(saved_query("prod", "mine", request, ".results[].uuid"))
    found = store.query("prod", "mine")
    assert found is not None and found.jq == ".results[].uuid"
    assert saved_request(found, CATALOG) == request
    assert store.query("other", "mine") is None  # per profile


def test_a_file_is_saved_by_its_path(tmp_path: Path) -> None:
    photo = tmp_path / "farm photo.jpg"
    photo.write_bytes(b"jpeg")
    operation = CATALOG.operation("media", "POST")
    request = build_request(operation, {}, {"file": str(photo)})
    saved = saved_query("prod", "photo", request)
    assert saved.body == {"file": str(photo)}
    assert saved_request(saved, CATALOG) == request


def test_the_form_gets_the_values_as_typed() -> None:
    values = {"role": "agent, editor", "email": "a+b@x.org", "uuid": "O'Neil & co"}
    request = build_request(CATALOG.operation("users", "GET"), {"role": "agent, editor"}, {})
    request = replace(
        request, query=(*request.query, ("email", "a+b@x.org"), ("uuid", values["uuid"]))
    )
    assert form_values(saved_query("p", "n", request)) == (values, {})


def test_a_query_that_no_longer_fits_says_what_is_wrong() -> None:
    request = build_request(CATALOG.operation("groups", "GET"), {"name": "VIP"}, {})
    saved = saved_query("p", "n", request)
    with pytest.raises(ValidationError) as gone:
        saved_request(replace(saved, path="/api/v2/gone.json"), CATALOG)
    assert "GET /api/v2/gone.json is not an operation" in str(gone.value)
    with pytest.raises(ValidationError) as unknown:
        saved_request(replace(saved, query="name=VIP&colour=red"), CATALOG)
    assert list(unknown.value.field_errors) == ["colour"]


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("Farmers in Kigali", None),
        ("  ", "Give the query a name."),
        ("x" * (MAX_NAME + 1), f"at most {MAX_NAME} characters"),
        ("a\x1b[2Jb", "control"),
        ("a\u202eb", "control"),
    ],
)
def test_a_name_is_a_short_plain_line(name: str, problem: str | None) -> None:
    found = name_problem(name)
    assert found == problem if problem is None else problem in (found or "")
