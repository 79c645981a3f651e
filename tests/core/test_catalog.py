"""The packaged catalog: complete against our API research, consistent, and checked on load."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from explorer.core.catalog import (
    DEFAULT_RATE_LIMIT,
    GROUPS,
    Kind,
    Response,
    Status,
    load_catalog,
    parse_catalog,
)
from explorer.core.errors import CatalogError

RESEARCH = json.loads((Path(__file__).parent / "data" / "research_catalog_names.json").read_text())


def packaged_data() -> dict[str, Any]:
    path = Path(__file__).parents[2] / "explorer" / "core" / "endpoints.json"
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def test_every_researched_endpoint_method_and_parameter_is_in_the_catalog() -> None:
    catalog = load_catalog()
    missing: list[str] = []
    ignored_by_server = {("flow_starts", "GET", "id")}  # the explorer lists it; the view ignores it
    for slug, methods in RESEARCH["endpoints"].items():
        for method, names in methods.items():
            operation = catalog.endpoint(slug).operation(method)
            if operation is None:
                missing.append(f"{method} {slug}")
                continue
            have_params = {p.name for p in operation.params}
            have_body = {p.name for p in operation.body}
            missing += [
                f"{method} {slug} ?{n}"
                for n in names["params"]
                if n not in have_params and (slug, method, n) not in ignored_by_server
            ]
            missing += [f"{method} {slug} body.{n}" for n in names["body"] if n not in have_body]
    assert missing == []


def test_all_thirty_routes_with_org_as_a_deprecated_alias() -> None:
    catalog = load_catalog()
    assert len(catalog.endpoints) == 30
    org = catalog.endpoint("org")
    assert org.status is Status.DEPRECATED
    assert org.alias_of == "workspace"
    unlisted = {e.slug for e in catalog.endpoints if e.status is Status.UNLISTED}
    assert unlisted == {"boundaries", "statistics"}


def test_every_endpoint_is_in_a_known_group_and_every_group_is_used() -> None:
    by_group = load_catalog().by_group()
    assert set(by_group) == set(GROUPS)
    assert all(by_group[group] for group in GROUPS)
    assert {e.slug for e in by_group["Contacts"]} >= {"contacts", "groups", "fields"}


def test_response_shapes_follow_the_server() -> None:
    catalog = load_catalog()
    assert catalog.operation("archives", "GET").response is Response.OFFSET
    assert catalog.operation("contacts", "GET").response is Response.CURSOR
    assert catalog.operation("workspace", "GET").response is Response.OBJECT
    assert catalog.operation("statistics", "GET").response is Response.RESULTS
    assert catalog.operation("contacts", "DELETE").response is Response.EMPTY
    assert catalog.operation("message_actions", "POST").response is Response.BULK


def test_throttle_scopes() -> None:
    catalog = load_catalog()
    scopes = {e.slug: e.throttle_scope for e in catalog.endpoints}
    assert scopes["contacts"] == "v2.contacts"
    assert scopes["messages"] == "v2.messages"
    assert scopes["runs"] == "v2.runs"
    assert scopes["flows"] == "v2"


def test_the_catalog_follows_the_code_where_the_explorer_disagrees() -> None:
    catalog = load_catalog()
    assert catalog.operation("campaign_events", "POST").body_field("campaign").required  # type: ignore[union-attr]
    delete = catalog.operation("campaign_events", "DELETE")
    assert delete.lookup == ("uuid",) and delete.lookup_required
    actions = catalog.operation("ticket_actions", "POST").body_field("action")
    assert actions is not None
    assert {"add_note", "change_topic"} <= set(actions.choices)
    assert catalog.operation("flow_starts", "GET").param("uuid") is not None
    assert catalog.operation("flow_starts", "GET").param("id") is None
    text = catalog.operation("broadcasts", "POST").body_field("text")
    assert text is not None and not text.required
    assert ("text", "attachments") in catalog.operation("broadcasts", "POST").one_of


def test_typed_parameters() -> None:
    catalog = load_catalog()
    contacts = catalog.operation("contacts", "POST")
    urns = contacts.body_field("urns")
    assert urns is not None and urns.kind is Kind.LIST and urns.item is Kind.URN
    assert urns.max_items == 100
    assert contacts.param("urn") is not None and contacts.param("urn").kind is Kind.URN  # type: ignore[union-attr]
    hour = catalog.operation("campaign_events", "POST").body_field("delivery_hour")
    assert hour is not None and (hour.min_value, hour.max_value) == (-1, 23)
    folder = catalog.operation("messages", "GET").param("folder")
    assert folder is not None and folder.kind is Kind.CHOICE and "inbox" in folder.choices


def test_every_operation_has_a_title_summary_and_an_example_where_it_takes_input() -> None:
    for op in load_catalog().operations():
        assert op.title and op.summary, op.name
        takes_body = op.method == "POST" and op.content_type == "application/json"
        if takes_body:
            assert op.example_body, op.name


def test_examples_name_only_known_parameters() -> None:
    for op in load_catalog().operations():
        body_names = {p.name for p in op.body}
        assert set(op.example_body or {}) <= body_names, op.name
        query_names = {pair.split("=")[0] for pair in op.example_query.split("&") if pair}
        assert query_names <= {p.name for p in op.params}, op.name


def test_a_broken_catalog_is_a_clear_error() -> None:
    data = packaged_data()
    bad_group = copy.deepcopy(data)
    bad_group["endpoints"][0]["group"] = "Nowhere"
    with pytest.raises(CatalogError, match="unknown group 'Nowhere'"):
        parse_catalog(bad_group)

    bad_kind = copy.deepcopy(data)
    bad_kind["endpoints"][0]["operations"][0]["params"][0]["kind"] = "banana"
    with pytest.raises(CatalogError, match="parameter 'type' is invalid"):
        parse_catalog(bad_kind)

    missing_key = copy.deepcopy(data)
    del missing_key["endpoints"][1]["operations"][0]["response"]
    with pytest.raises(CatalogError, match="malformed"):
        parse_catalog(missing_key)

    bad_group_name = copy.deepcopy(data)
    contacts = next(e for e in bad_group_name["endpoints"] if e["slug"] == "contacts")
    contacts["operations"][1]["exclusive"] = [["uuid", "nope"]]
    with pytest.raises(CatalogError, match="'nope' names no parameter"):
        parse_catalog(bad_group_name)


def test_lookup_by_path() -> None:
    catalog = load_catalog()
    assert catalog.endpoint_for_path("/api/v2/contacts.json/") is catalog.endpoint("contacts")
    assert catalog.endpoint_for_path("/api/v2/nope.json") is None
    with pytest.raises(CatalogError):
        catalog.endpoint("classifiers")


def test_the_published_default_rate_is_written_once() -> None:
    """Profiles, the limiter, the sandbox and the CLI import it from the catalog."""
    package = Path(__file__).parents[2] / "explorer"
    written = [
        str(path.relative_to(package))
        for path in sorted(package.rglob("*.py"))
        if re.search(rf"\b{DEFAULT_RATE_LIMIT}\b", path.read_text(encoding="utf-8"))
    ]
    assert written == ["core/catalog.py"]
