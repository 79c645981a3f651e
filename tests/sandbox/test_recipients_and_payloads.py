"""Shapes a real server shows that the seeded workspace must show too: broadcasts to URNs,
resthook events with the payload a flow posted, tickets opened by a user."""

from __future__ import annotations

from typing import Any

import httpx

from explorer.sandbox.store.workspace import Workspace


async def results(api: httpx.AsyncClient, path: str) -> list[dict[str, Any]]:
    answer = await api.get(path)
    assert answer.status_code == 200
    found: list[dict[str, Any]] = answer.json()["results"]
    return found


async def test_a_broadcast_sent_to_urns_lists_them(api: httpx.AsyncClient) -> None:
    broadcasts = await results(api, "/api/v2/broadcasts.json")
    to_urns = [b for b in broadcasts if b["urns"]]
    assert to_urns, "no seeded broadcast was sent to URNs"
    for broadcast in to_urns:
        assert all(urn.startswith("tel:+") for urn in broadcast["urns"])
        assert broadcast["progress"]["total"] == len(broadcast["urns"])


async def test_a_broadcast_posted_to_urns_keeps_them(api: httpx.AsyncClient) -> None:
    body = {"text": "Hello", "urns": ["tel:+250788111222", "tel:0788111223"]}
    created = await api.post("/api/v2/broadcasts.json", json=body)
    assert created.status_code == 201
    assert created.json()["urns"] == ["tel:+250788111222", "tel:+250788111223"]
    assert created.json()["contacts"] == []


async def test_resthook_events_carry_what_the_flow_posted(
    api: httpx.AsyncClient, workspace: Workspace
) -> None:
    events = await results(api, "/api/v2/resthook_events.json")
    assert events
    for event in events:
        data = event["data"]
        assert list(data) == ["contact", "flow", "path", "results", "run", "input", "channel"]
        run = workspace.runs.get(data["run"]["uuid"])
        assert run is not None and run.flow.uuid == data["flow"]["uuid"]
        assert data["contact"]["uuid"] == run.contact.uuid
        posted = {key: value["value"] for key, value in data["results"].items()}
        assert posted == {key: value["value"] for key, value in run.values.items()}
        assert [step["node_uuid"] for step in data["path"]] == [s["node"] for s in run.path]
        assert data["input"]["text"] in posted.values()
        assert event["created_on"] > max(v["created_on"] for v in data["results"].values())


async def test_some_tickets_were_opened_by_a_user(
    api: httpx.AsyncClient, workspace: Workspace
) -> None:
    tickets = await results(api, "/api/v2/tickets.json")
    by_users = [t for t in tickets if t["opened_by"] is not None]
    assert by_users, "no seeded ticket was opened by a user"
    emails = {u.email: u.name for u in workspace.users}
    for ticket in by_users:
        assert list(ticket["opened_by"]) == ["email", "name"]
        assert emails[ticket["opened_by"]["email"]] == ticket["opened_by"]["name"]
        assert ticket["opened_in"] is None
