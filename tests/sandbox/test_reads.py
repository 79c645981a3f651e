"""GET endpoints through ASGITransport: filters, cursors, folders, exports and parameter errors."""

from __future__ import annotations

import base64
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from explorer.sandbox.store.workspace import Workspace

from .support import get


async def all_pages(api: httpx.AsyncClient, url: str) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url:
        page = await get(api, next_url)
        assert len(page["results"]) <= 250
        results.extend(page["results"])
        next_url = page["next"]
    return results


async def test_cursor_pages_cover_every_active_contact_newest_first(
    api: httpx.AsyncClient, workspace: Workspace
) -> None:
    contacts = await all_pages(api, "/api/v2/contacts.json")
    active = [c for c in workspace.contacts if c.is_active]
    assert sorted(c["uuid"] for c in contacts) == sorted(c.uuid for c in active)
    modified = [c["modified_on"] for c in contacts]
    assert modified == sorted(modified, reverse=True)


async def test_cursor_is_drf_base64_and_links_keep_the_query_sorted(
    api: httpx.AsyncClient,
) -> None:
    first = await get(api, "/api/v2/messages.json?before=2030-01-01&after=2020-01-01")
    next_url = first["next"]
    query = parse_qs(urlsplit(next_url).query)
    assert list(query) == ["after", "before", "cursor"]
    decoded = base64.b64decode(query["cursor"][0]).decode()
    assert decoded.startswith("p=") and "+00:00" in parse_qs(decoded)["p"][0]
    second = await get(api, next_url)
    back = await get(api, second["previous"])
    assert back["results"] == first["results"]
    assert back["previous"] is None


async def test_reverse_flips_modified_on_ordering(api: httpx.AsyncClient) -> None:
    oldest_first = await all_pages(api, "/api/v2/contacts.json?reverse=true")
    modified = [c["modified_on"] for c in oldest_first]
    assert modified == sorted(modified)


async def test_invalid_cursor_is_404(api: httpx.AsyncClient) -> None:
    response = await api.get("/api/v2/contacts.json?cursor=!!notbase64")
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid cursor"}


async def test_contact_filters(api: httpx.AsyncClient, workspace: Workspace) -> None:
    ben = next(c for c in workspace.contacts if c.is_active and c.groups and c.urns)
    by_uuid = await get(api, f"/api/v2/contacts.json?uuid={ben.uuid}")
    assert [c["uuid"] for c in by_uuid["results"]] == [ben.uuid]
    urn = ben.urns[0].replace("+", "%2B")
    assert (await get(api, f"/api/v2/contacts.json?urn={urn}"))["results"][0]["uuid"] == ben.uuid
    group = ben.groups[0]
    by_name = await all_pages(api, f"/api/v2/contacts.json?group={group.name.upper()}")
    by_group_uuid = await all_pages(api, f"/api/v2/contacts.json?group={group.uuid}")
    assert by_name == by_group_uuid and len(by_name) == len(group.members)
    assert (await get(api, "/api/v2/contacts.json?group=Nobody"))["results"] == []
    deleted = await all_pages(api, "/api/v2/contacts.json?deleted=true")
    assert deleted and all(c["name"] is None and c["status"] is None for c in deleted)


async def test_before_and_after_are_inclusive_and_lenient(
    api: httpx.AsyncClient, workspace: Workspace
) -> None:
    contact = next(c for c in workspace.contacts if c.is_active)
    moment = contact.modified_on.isoformat()
    both = await get(
        api, f"/api/v2/contacts.json?after={moment}&before={moment}".replace("+", "%2B")
    )
    assert [c["uuid"] for c in both["results"]] == [contact.uuid]
    assert (await get(api, "/api/v2/contacts.json?before=garbage"))["results"] == []
    assert (await get(api, "/api/v2/contacts.json?after=2030-01-01"))["results"] == []


@pytest.mark.parametrize(
    ("folder", "direction", "statuses", "visibility"),
    [
        ("inbox", "in", {"handled"}, "visible"),
        ("flows", "in", {"handled"}, "visible"),
        ("archived", "in", {"handled"}, "archived"),
        ("outbox", "out", {"queued", "errored"}, "visible"),
        ("sent", "out", {"wired", "sent", "delivered", "read"}, "visible"),
        ("failed", "out", {"failed"}, "visible"),
    ],
)
async def test_message_folders(
    api: httpx.AsyncClient, folder: str, direction: str, statuses: set[str], visibility: str
) -> None:
    messages = await all_pages(api, f"/api/v2/messages.json?folder={folder.upper()}")
    assert messages
    assert {m["direction"] for m in messages} == {direction}
    assert {m["status"] for m in messages} <= statuses
    assert {m["visibility"] for m in messages} == {visibility}
    key = "sent_on" if folder == "sent" else "created_on"
    stamps = [m[key] for m in messages]
    assert stamps == sorted(stamps, reverse=True)


async def test_unknown_folder_is_an_empty_list(api: httpx.AsyncClient) -> None:
    assert (await get(api, "/api/v2/messages.json?folder=spam"))["results"] == []


async def test_query_parameter_errors(api: httpx.AsyncClient) -> None:
    bad_uuid = await api.get("/api/v2/flows.json?uuid=xyz")
    assert bad_uuid.status_code == 400
    assert bad_uuid.json() == {"detail": "Param 'uuid': xyz is not a valid UUID."}
    both = await api.get(f"/api/v2/runs.json?contact={'0' * 32}&flow=x")
    assert both.json() == {"detail": "You may only specify one of the contact, flow parameters"}
    bad_id = await api.get("/api/v2/messages.json?id=one")
    assert bad_id.json() == {"detail": "Value for id must be an integer"}
    bad_urn = await api.get("/api/v2/contacts.json?urn=12345")
    assert bad_urn.json() == {"detail": "Invalid URN: 12345"}


async def test_runs_filters_and_paths(api: httpx.AsyncClient, workspace: Workspace) -> None:
    flow = max(workspace.flows, key=lambda f: sum(f.run_counts.values()))
    runs = await all_pages(api, f"/api/v2/runs.json?flow={flow.uuid}&responded=true")
    assert runs and all(r["flow"]["uuid"] == flow.uuid and r["responded"] for r in runs)
    assert all(re.match(r".*\.\d{6}Z$", step["time"]) for r in runs for step in r["path"])
    without = await get(api, f"/api/v2/runs.json?flow={flow.uuid}&paths=false")
    assert all(r["path"] is None for r in without["results"])


async def test_archives_use_limit_offset_with_count(api: httpx.AsyncClient) -> None:
    page = await get(api, "/api/v2/archives.json?limit=5&type=message")
    assert list(page) == ["count", "next", "previous", "results"]
    assert len(page["results"]) == 5 and page["count"] > 5
    assert {a["type"] for a in page["results"]} == {"message"}
    second = await get(api, page["next"])
    assert second["previous"].endswith("limit=5&type=message")
    assert "offset=10" in second["next"]


async def test_statistics_and_its_errors(api: httpx.AsyncClient) -> None:
    stats = await get(api, "/api/v2/statistics.json?since=2026-11-01&until=2026-11-28")
    dates = [day["date"] for day in stats["results"]]
    assert dates == sorted(dates) and dates[0] >= "2026-11-01" and dates[-1] < "2026-11-28"
    assert list(stats) == ["results"]
    bad = await api.get("/api/v2/statistics.json?since=yesterday")
    assert bad.json() == {"detail": "Invalid date value for 'since'."}
    wide = await api.get("/api/v2/statistics.json?since=2024-01-01&until=2026-01-01")
    assert wide.json() == {"detail": "Date range can't be more than 366 days."}


async def test_definitions_export_the_asked_flows(
    api: httpx.AsyncClient, workspace: Workspace
) -> None:
    flow = workspace.flows.rows[0]
    export = await get(api, f"/api/v2/definitions.json?flow={flow.uuid}&dependencies=none")
    assert [f["uuid"] for f in export["flows"]] == [flow.uuid]
    assert list(export) == ["version", "site", "flows", "campaigns", "triggers", "fields", "groups"]
    bad = await api.get("/api/v2/definitions.json?dependencies=some")
    assert bad.json() == {"detail": "dependencies must be one of none, flows, all"}


async def test_users_accept_repeated_filters(api: httpx.AsyncClient) -> None:
    users = await get(api, "/api/v2/users.json?role=agent&role=editor")
    assert {u["role"] for u in users["results"]} == {"agent", "editor"}
    by_email = await get(api, "/api/v2/users.json?email=ADMIN@example.com")
    assert [u["email"] for u in by_email["results"]] == ["admin@example.com"]


async def test_definitions_with_campaigns_pull_in_their_dependencies(
    api: httpx.AsyncClient, workspace: Workspace
) -> None:
    campaign = next(c for c in workspace.campaigns if c.name == "New Member Follow-up")
    export = await get(api, f"/api/v2/definitions.json?campaign={campaign.uuid}")
    assert [c["name"] for c in export["campaigns"]] == [campaign.name]
    event_flows = {e["flow"]["uuid"] for e in export["campaigns"][0]["events"] if e["flow"]}
    assert event_flows and event_flows <= {f["uuid"] for f in export["flows"]}
    assert export["groups"] == [{"uuid": campaign.group.uuid, "name": "Reporters", "query": None}]
    assert "joined" in {f["key"] for f in export["fields"]}


async def test_simple_filters(api: httpx.AsyncClient, workspace: Workspace) -> None:
    async def only(url: str) -> list[dict[str, Any]]:
        return await all_pages(api, url)

    assert [g["name"] for g in await only("/api/v2/groups.json?name=vip")] == ["VIP"]
    manual = await only("/api/v2/groups.json?manual_only=true")
    assert manual and all(g["query"] is None and not g["system"] for g in manual)
    assert [lb["name"] for lb in await only("/api/v2/labels.json?name=SPAM")] == ["Spam"]
    assert [f["key"] for f in await only("/api/v2/fields.json?key=age")] == ["age"]
    assert [g["key"] for g in await only("/api/v2/globals.json?key=clinic_hours")] == [
        "clinic_hours"
    ]
    assert {f["type"] for f in await only("/api/v2/flows.json?type=voice")} == {"voice"}
    assert {f["archived"] for f in await only("/api/v2/flows.json?archived=no")} == {False}
    assert len(await only("/api/v2/channels.json?address=%2B250785551212")) == 1
    hook_events = await only("/api/v2/resthook_events.json?resthook=case-reported")
    assert hook_events and {e["resthook"] for e in hook_events} == {"case-reported"}
    subscribers = await only("/api/v2/resthook_subscribers.json?resthook=new-registration")
    assert [x["resthook"] for x in subscribers] == ["new-registration"]
    campaign_events = await only("/api/v2/campaign_events.json?campaign=Appointment Reminders")
    assert len(campaign_events) == 3
    ticket = workspace.tickets.rows[0]
    by_contact = await only(f"/api/v2/tickets.json?contact={ticket.contact.uuid}")
    assert ticket.uuid in {t["uuid"] for t in by_contact}
    broadcast = workspace.broadcasts.rows[0]
    sent = await only(f"/api/v2/messages.json?broadcast={broadcast.id}")
    assert sent and {m["broadcast"] for m in sent} == {broadcast.id}
    assert len(await only(f"/api/v2/broadcasts.json?uuid={broadcast.uuid}")) == 1
    user = workspace.users.rows[0]
    assert [u["email"] for u in await only(f"/api/v2/users.json?uuid={user.uuid}")] == [user.email]
    oldest_runs = [r["modified_on"] for r in await only("/api/v2/runs.json?reverse=true")]
    assert oldest_runs == sorted(oldest_runs)
