"""POST and DELETE through ASGITransport: statuses, shapes, and what later reads return."""

from __future__ import annotations

from typing import Any

import httpx

from explorer.sandbox.store.workspace import Workspace

UNKNOWN = "00000000-0000-4000-8000-000000000000"


async def post(api: httpx.AsyncClient, url: str, body: Any, status: int = 201) -> Any:
    response = await api.post(url, json=body)
    assert response.status_code == status, response.text
    return response.json() if response.content else None


async def results(api: httpx.AsyncClient, url: str) -> list[dict[str, Any]]:
    response = await api.get(url)
    assert response.status_code == 200, response.text
    page: list[dict[str, Any]] = response.json()["results"]
    return page


async def test_contact_create_update_by_urn_and_delete(api: httpx.AsyncClient) -> None:
    created = await post(
        api,
        "/api/v2/contacts.json",
        {
            "name": "Amina Uwase",
            "language": "kin",
            "urns": ["tel:0788 111 222", "twitter:AMINA"],
            "groups": ["Reporters"],
            "fields": {"age": "30", "nick_name": "Mimi"},
        },
    )
    assert created["urns"] == ["tel:+250788111222", "twitter:amina"]
    assert {g["name"] for g in created["groups"]} == {"Reporters", "Adults"}  # smart group follows
    assert created["fields"]["nick_name"] == "Mimi" and created["fields"]["district"] is None
    updated = await post(
        api, "/api/v2/contacts.json?urn=tel:%2B250788111222", {"fields": {"age": "12"}}, 200
    )
    assert updated["uuid"] == created["uuid"] and updated["name"] == "Amina Uwase"
    assert [g["name"] for g in updated["groups"]] == ["Reporters"]
    newest = (await results(api, "/api/v2/contacts.json"))[0]
    assert newest["uuid"] == created["uuid"]
    fresh = await post(api, "/api/v2/contacts.json?urn=tel:%2B250788000999", {"name": "New"})
    assert fresh["urns"] == ["tel:+250788000999"]
    response = await api.delete(f"/api/v2/contacts.json?uuid={created['uuid']}")
    assert response.status_code == 204 and response.content == b""
    assert await results(api, f"/api/v2/contacts.json?uuid={created['uuid']}") == []


async def test_contact_write_errors(api: httpx.AsyncClient, workspace: Workspace) -> None:
    taken = next(c for c in workspace.contacts if c.is_active and c.urns).urns[0]
    conflict = await post(api, "/api/v2/contacts.json", {"urns": [taken]}, 400)
    assert conflict == {"urns": {"0": ["URN is in use by another contact."]}}
    smart = await post(api, "/api/v2/contacts.json", {"groups": ["Adults"]}, 400)
    assert smart == {"groups": ["Contact group must not be query based: Adults"]}
    field = await post(api, "/api/v2/contacts.json", {"fields": {"shoe_size": "9"}}, 400)
    assert field == {"fields": ["Invalid contact field key: shoe_size"]}
    gone = await api.post(f"/api/v2/contacts.json?uuid={UNKNOWN}", json={"name": "x"})
    assert gone.json() == {"detail": "No Contact matches the given query."}


async def test_groups_labels_topics(api: httpx.AsyncClient, workspace: Workspace) -> None:
    group = await post(api, "/api/v2/groups.json", {"name": "Recorded Group"})
    assert group == {
        "uuid": group["uuid"],
        "name": "Recorded Group",
        "query": None,
        "status": "ready",
        "system": False,
        "count": 0,
    }
    renamed = await post(api, f"/api/v2/groups.json?uuid={group['uuid']}", {"name": "Renamed"}, 200)
    assert renamed["name"] == "Renamed"
    duplicate = await post(api, "/api/v2/groups.json", {"name": "renamed"}, 400)
    assert duplicate == {"name": ["This field must be unique."]}
    quote = await post(api, "/api/v2/labels.json", {"name": 'Say "hi"'}, 400)
    assert quote == {"name": ['Cannot contain the character: "']}
    system = next(g for g in workspace.groups if g.system)
    refused = await api.delete(f"/api/v2/groups.json?uuid={system.uuid}")
    assert (refused.status_code, refused.json()) == (
        403,
        {"detail": "Cannot delete system object."},
    )
    assert (await api.delete(f"/api/v2/groups.json?uuid={group['uuid']}")).status_code == 204
    assert await results(api, f"/api/v2/groups.json?uuid={group['uuid']}") == []
    topic = await post(api, "/api/v2/topics.json", {"name": "Harvest"})
    assert topic["counts"] == {"open": 0, "closed": 0}


async def test_fields_and_globals(api: httpx.AsyncClient, workspace: Workspace) -> None:
    field = await post(
        api, "/api/v2/fields.json", {"label": "Household Head", "value_type": "numeric"}
    )
    assert (field["key"], field["type"], field["value_type"]) == (
        "household_head",
        "number",
        "numeric",
    )
    missing = await post(api, "/api/v2/fields.json", {"type": "text"}, 400)
    assert missing == {"non_field_errors": ["Field 'name' is required."]}
    reserved = await post(api, "/api/v2/fields.json", {"name": "Name", "type": "text"}, 400)
    assert reserved == {"name": ['Generated key "name" is invalid or a reserved name.']}
    contact = (await results(api, "/api/v2/contacts.json"))[0]
    assert contact["fields"]["household_head"] is None
    used = await post(
        api, "/api/v2/fields.json?key=joined", {"name": "Joined", "type": "text"}, 400
    )
    assert used == {"type": ["Can't change type of date field being used by campaign events."]}
    glbl = await post(api, "/api/v2/globals.json", {"name": "Hotline", "value": "+250788000000"})
    assert glbl["key"] == "hotline"
    updated = await post(api, "/api/v2/globals.json?key=hotline", {"value": "114"}, 200)
    assert updated["value"] == "114" and updated["modified_on"] > glbl["modified_on"]
    assert (await results(api, "/api/v2/globals.json"))[0]["key"] == "hotline"


async def test_campaigns_and_events(api: httpx.AsyncClient) -> None:
    campaign = await post(api, "/api/v2/campaigns.json", {"name": "Harvest", "group": "Farmers"})
    assert campaign["group"]["name"] == "Farmers"
    body = {
        "campaign": campaign["uuid"],
        "relative_to": "joined",
        "offset": 2,
        "unit": "days",
        "delivery_hour": 8,
        "message": "Harvest time!",
    }
    event = await post(api, "/api/v2/campaign_events.json", body)
    assert event["message"] == {"eng": "Harvest time!"} and event["flow"] is None
    without_message = {key: value for key, value in body.items() if key != "message"}
    neither = await post(api, "/api/v2/campaign_events.json", without_message, 400)
    assert neither == {"non_field_errors": ["Flow or a message text required."]}
    hour = await post(api, "/api/v2/campaign_events.json", {**body, "delivery_hour": 24}, 400)
    assert hour == {"delivery_hour": ["Ensure this value is less than or equal to 23."]}
    assert (
        await api.delete(f"/api/v2/campaign_events.json?uuid={event['uuid']}")
    ).status_code == 204
    listed = await results(api, f"/api/v2/campaign_events.json?campaign={campaign['uuid']}")
    assert listed == []


async def test_broadcasts_messages_and_flow_starts(
    api: httpx.AsyncClient, workspace: Workspace
) -> None:
    contact = next(c for c in workspace.contacts if c.is_active and c.status == "active")
    missing = await post(api, "/api/v2/broadcasts.json", {"urns": ["tel:+250788000111"]}, 400)
    assert missing == {"non_field_errors": ["Must provide either text or attachments."]}
    broadcast = await post(
        api,
        "/api/v2/broadcasts.json",
        {
            "text": {"eng": "Hello", "fra": "Bonjour"},
            "contacts": [contact.uuid],
            "urns": ["tel:+250788000111"],
        },
    )
    assert broadcast["text"] == {"eng": "Hello", "fra": "Bonjour"}
    assert broadcast["attachments"] == {"eng": [], "fra": []}
    outbox = await results(api, "/api/v2/messages.json?folder=outbox")
    assert {m["broadcast"] for m in outbox[:2]} == {broadcast["id"]}
    message = await post(
        api,
        "/api/v2/messages.json",
        {"contact": contact.uuid, "text": "Hi", "quick_replies": [{"text": "Yes"}, {"text": "No"}]},
    )
    assert message["quick_replies"] == [
        {"type": "text", "text": "Yes"},
        {"type": "text", "text": "No"},
    ]
    bad_reply = await post(
        api,
        "/api/v2/messages.json",
        {"contact": contact.uuid, "text": "x", "quick_replies": [{"type": "form"}]},
        400,
    )
    assert bad_reply == {
        "quick_replies": {"0": ["Quick replies of type 'form' require 'text' and 'extra' values."]}
    }
    flow = next(f for f in workspace.flows if not f.archived)
    start = await post(api, "/api/v2/flow_starts.json", {"flow": flow.uuid, "groups": ["VIP"]})
    assert start["status"] == "pending" and start["restart_participants"] is True
    nobody = await post(api, "/api/v2/flow_starts.json", {"flow": flow.uuid}, 400)
    assert nobody == {"non_field_errors": ["Must specify at least one group, contact or URN"]}
    unknown = await post(api, "/api/v2/flow_starts.json", {"flow": UNKNOWN, "groups": ["VIP"]}, 400)
    assert unknown == {"flow": [f"No such object: {UNKNOWN}"]}


async def test_a_message_to_an_unreachable_contact_fails(api: httpx.AsyncClient) -> None:
    nobody = await post(api, "/api/v2/contacts.json", {"name": "No Phone"})
    message = await post(api, "/api/v2/messages.json", {"contact": nobody["uuid"], "text": "Hi"})
    assert (message["status"], message["urn"], message["channel"]) == ("failed", None, None)
    failed = await results(api, "/api/v2/messages.json?folder=failed")
    assert failed[0]["uuid"] == message["uuid"]


async def test_message_actions_report_failures(
    api: httpx.AsyncClient, workspace: Workspace
) -> None:
    incoming = [m.id for m in workspace.messages if m.direction == "in"][:2]
    partly = await post(
        api,
        "/api/v2/message_actions.json",
        {"messages": [*incoming, 999999], "action": "label", "label_name": "Urgent"},
        200,
    )
    assert partly == {"failures": [999999]}
    label = (await results(api, "/api/v2/labels.json?name=urgent"))[0]
    assert label["count"] == 2
    labelled = await results(api, f"/api/v2/messages.json?label={label['uuid']}")
    assert sorted(m["id"] for m in labelled) == sorted(incoming)
    done = await api.post(
        "/api/v2/message_actions.json", json={"messages": incoming, "action": "archive"}
    )
    assert done.status_code == 204
    outgoing = next(m.id for m in workspace.messages if m.direction == "out")
    refused = await post(
        api,
        "/api/v2/message_actions.json",
        {"messages": [outgoing], "action": "label", "label": "Urgent"},
        400,
    )
    assert refused == {"messages": [f"Not an incoming message: {outgoing}"]}


async def test_contact_and_ticket_actions(api: httpx.AsyncClient, workspace: Workspace) -> None:
    contact = next(c for c in workspace.contacts if c.is_active and c.status == "active")
    no_group = await post(
        api, "/api/v2/contact_actions.json", {"contacts": [contact.uuid], "action": "add"}, 400
    )
    assert no_group == {"group": ['For action "add" you should also specify a group']}
    blocked = await api.post(
        "/api/v2/contact_actions.json", json={"contacts": [contact.uuid], "action": "block"}
    )
    assert blocked.status_code == 204
    shown = (await results(api, f"/api/v2/contacts.json?uuid={contact.uuid}"))[0]
    assert (shown["status"], shown["blocked"], shown["groups"]) == ("blocked", True, [])
    ticket = next(t for t in workspace.tickets if t.status == "open")
    closed = await api.post(
        "/api/v2/ticket_actions.json", json={"tickets": [ticket.uuid], "action": "close"}
    )
    assert closed.status_code == 204
    again = await post(
        api, "/api/v2/ticket_actions.json", {"tickets": [ticket.uuid], "action": "close"}, 200
    )
    assert again == {"failures": [ticket.uuid]}
    assert (await results(api, "/api/v2/tickets.json"))[0]["status"] == "closed"


async def test_media_upload_is_multipart(api: httpx.AsyncClient) -> None:
    files = {"file": ("photo.jpg", b"\xff\xd8\xff fake jpeg", "image/jpeg")}
    media = (await api.post("/api/v2/media.json", files=files)).json()
    assert (media["content_type"], media["filename"], media["size"]) == (
        "image/jpeg",
        "photo.jpg",
        13,
    )
    as_json = await api.post("/api/v2/media.json", json={"file": "x"})
    assert as_json.status_code == 415
    assert as_json.json() == {"detail": 'Unsupported media type "application/json" in request.'}
    text = await api.post("/api/v2/media.json", files={"file": ("a.txt", b"hi", "text/plain")})
    assert text.json() == {"file": ["Unsupported file type."]}
    contact = (await results(api, "/api/v2/contacts.json"))[0]
    sent = await post(
        api, "/api/v2/messages.json", {"contact": contact["uuid"], "attachments": [media["uuid"]]}
    )
    assert sent["attachments"] == [{"content_type": "image/jpeg", "url": media["url"]}]
