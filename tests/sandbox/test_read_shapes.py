"""GET endpoints through ASGITransport: objects with the recorded servers' keys in order, the root
listing, the envelopes, and anonymous workspaces."""

from __future__ import annotations

import re

import httpx
import pytest

from explorer.sandbox.data import build_workspace

from .support import NOW, FakeClock, client_for, get

# First-object keys, in order, of every list a real server returned (recorded responses).
RECORDED_KEYS = {
    "broadcasts": [
        "uuid",
        "status",
        "progress",
        "urns",
        "contacts",
        "groups",
        "text",
        "attachments",
        "quick_replies",
        "base_language",
        "created_on",
        "id",
    ],
    "campaign_events": [
        "uuid",
        "campaign",
        "relative_to",
        "offset",
        "unit",
        "delivery_hour",
        "flow",
        "message",
        "created_on",
    ],
    "campaigns": ["uuid", "name", "archived", "group", "created_on"],
    "channels": ["uuid", "name", "address", "type", "country", "device", "last_seen", "created_on"],
    "contacts": [
        "uuid",
        "name",
        "status",
        "language",
        "urns",
        "groups",
        "notes",
        "fields",
        "flow",
        "created_on",
        "modified_on",
        "last_seen_on",
        "blocked",
        "stopped",
    ],
    "fields": [
        "key",
        "name",
        "type",
        "featured",
        "priority",
        "usages",
        "agent_access",
        "label",
        "value_type",
    ],
    "flow_starts": [
        "uuid",
        "flow",
        "status",
        "progress",
        "groups",
        "contacts",
        "params",
        "created_on",
        "modified_on",
        "id",
        "extra",
        "restart_participants",
        "exclude_active",
    ],
    "flows": [
        "uuid",
        "name",
        "type",
        "archived",
        "labels",
        "expires",
        "runs",
        "results",
        "parent_refs",
        "created_on",
        "modified_on",
    ],
    "globals": ["key", "name", "value", "modified_on"],
    "groups": ["uuid", "name", "query", "status", "system", "count"],
    "labels": ["uuid", "name", "count"],
    "messages": [
        "uuid",
        "contact",
        "urn",
        "channel",
        "direction",
        "type",
        "status",
        "archived",
        "visibility",
        "text",
        "labels",
        "flow",
        "attachments",
        "quick_replies",
        "created_on",
        "sent_on",
        "modified_on",
        "media",
        "id",
        "broadcast",
    ],
    "resthooks": ["resthook", "modified_on", "created_on"],
    "runs": [
        "uuid",
        "flow",
        "contact",
        "start",
        "responded",
        "path",
        "values",
        "created_on",
        "modified_on",
        "exited_on",
        "exit_type",
        "id",
    ],
    "tickets": [
        "uuid",
        "contact",
        "status",
        "topic",
        "body",
        "assignee",
        "opened_on",
        "opened_by",
        "opened_in",
        "modified_on",
        "closed_on",
    ],
    "topics": ["uuid", "name", "counts", "system", "created_on"],
    "users": [
        "uuid",
        "name",
        "email",
        "role",
        "team",
        "created_on",
        "avatar",
        "first_name",
        "last_name",
    ],
    "workspace": [
        "uuid",
        "name",
        "country",
        "languages",
        "timezone",
        "date_style",
        "anon",
        "credits",
        "primary_language",
    ],
}
DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$")


async def test_root_lists_public_endpoints_as_absolute_urls(api: httpx.AsyncClient) -> None:
    listing = await get(api, "/api/v2/.json")
    assert list(listing)[:4] == ["archives", "broadcasts", "campaigns", "campaign_events"]
    assert len(listing) == 25 and "boundaries" not in listing and "org" not in listing
    assert listing["contacts"] == "http://sandbox.test/api/v2/contacts"


async def test_workspace_and_org_are_the_same_bare_object(api: httpx.AsyncClient) -> None:
    workspace = await get(api, "/api/v2/workspace.json")
    assert workspace == await get(api, "/api/v2/org.json")
    assert list(workspace) == RECORDED_KEYS["workspace"]


async def test_contacts_have_the_real_key_order_and_datetime_format(api: httpx.AsyncClient) -> None:
    page = await get(api, "/api/v2/contacts.json")
    assert list(page) == ["next", "previous", "results"]
    contact = page["results"][0]
    assert list(contact) == RECORDED_KEYS["contacts"]
    assert DATETIME.match(contact["created_on"]) and DATETIME.match(contact["modified_on"])
    message = (await get(api, "/api/v2/messages.json"))["results"][0]
    assert list(message) == RECORDED_KEYS["messages"]


@pytest.mark.parametrize(
    "slug",
    [
        "boundaries",
        "broadcasts",
        "campaigns",
        "campaign_events",
        "channels",
        "channel_events",
        "fields",
        "flow_starts",
        "globals",
        "groups",
        "labels",
        "resthooks",
        "resthook_events",
        "resthook_subscribers",
        "tickets",
        "topics",
        "users",
    ],
)
async def test_every_list_endpoint_has_data(api: httpx.AsyncClient, slug: str) -> None:
    page = await get(api, f"/api/v2/{slug}.json")
    assert page["results"], slug
    assert list(page) == ["next", "previous", "results"]


@pytest.mark.parametrize("slug", sorted(RECORDED_KEYS))
async def test_objects_have_the_recorded_servers_keys_in_order(
    api: httpx.AsyncClient, slug: str
) -> None:
    data = await get(api, f"/api/v2/{slug}.json")
    first = data["results"][0] if "results" in data else data
    assert list(first) == RECORDED_KEYS[slug]


async def test_anonymous_workspaces_hide_urns(clock: FakeClock) -> None:
    workspace = build_workspace(40, seed=3, now=NOW, anon=True)
    async with client_for(workspace, clock) as api:
        contact = (await get(api, "/api/v2/contacts.json"))["results"][0]
        assert list(contact)[:4] == ["uuid", "name", "ref", "anon_display"]
        assert all(urn.endswith(":********") for urn in contact["urns"])
        assert {m["urn"] for m in (await get(api, "/api/v2/messages.json"))["results"]} == {None}
        lookup = await api.get("/api/v2/contacts.json?urn=tel:%2B250788000001")
        assert lookup.json() == {"detail": "URN lookups not allowed for anonymous organizations"}
