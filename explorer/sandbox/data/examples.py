"""The objects the catalog's example requests name, planted in every seeded workspace.

The API explorer pre-fills each operation with the server's own web-explorer examples (a flow
``f5901b62-…``, a contact ``tel:+250788123123``, the label ``Important``…). A new user's first send
goes to the sandbox, so the seeded workspace holds those very objects and the examples just work.
Each generated object keeps its random draws, so planting an identity changes nothing else.
"""

from __future__ import annotations

from explorer.sandbox.store import models as m
from explorer.sandbox.store.workspace import Workspace

FLOW_UUID = "f5901b62-ba76-4003-9c62-72fdacc1b7b7"
FLOW_NAME = "Registration"
CAMPAIGN_UUID = "f14e4ff0-724d-43fe-a953-1d16aefd1c00"
CAMPAIGN_NAME = "New Member Follow-up"
# The campaign event the DELETE campaign_events example names.
CAMPAIGN_EVENT_UUID = "0d5a0f5e-2b8c-4f3e-9a77-6c1e2f4b8d10"
GROUP_UUID = "5f05311e-8f81-4a67-a5b5-1501b6d6496a"
GROUP_NAME = "Survey Panel"  # in no campaign, so the DELETE example can remove it
LABEL_UUID = "fdd156ca-233a-48c1-896d-a9d594d59b95"
LABEL_NAME = "Important"
TICKET_UUID = "55b6606d-9e89-45d1-a3e2-dc11f19f78df"
SUBSCRIBER_ID = 10404055
CONTACT_NUMBERS = ("+250788123123", "+250788123124")
MESSAGE_IDS = (1234, 1235)  # labelled by the message_actions example: incoming ones

NAMED_UUIDS = {
    ("flows", FLOW_NAME): FLOW_UUID,
    ("campaigns", CAMPAIGN_NAME): CAMPAIGN_UUID,
    ("groups", GROUP_NAME): GROUP_UUID,
    ("labels", LABEL_NAME): LABEL_UUID,
    ("campaign_events", f"{CAMPAIGN_NAME} +30 minutes"): CAMPAIGN_EVENT_UUID,
}


def uuid_for(table: str, name: str, drawn: str) -> str:
    """The example's UUID for the object ``name`` of ``table``, else the ``drawn`` one."""
    return NAMED_UUIDS.get((table, name), drawn)


def plant_flow_uuid(flows: list[m.Flow]) -> None:
    """Give the example flow its UUID, in the row and in its exported definition."""
    for flow in flows:
        flow.uuid = uuid_for("flows", flow.name, flow.uuid)
        flow.definition["uuid"] = flow.uuid


def plant_ticket_uuid(tickets: list[m.Ticket]) -> None:
    """Give the first open ticket (else the first one) the examples' UUID."""
    ticket = next((t for t in tickets if t.status == "open"), tickets[0] if tickets else None)
    if ticket is not None:
        ticket.uuid = TICKET_UUID


def plant_contact_urns(ws: Workspace) -> None:
    """Give the first active Rwandan contacts the examples' phone numbers (and WhatsApp URNs)."""
    reachable = (
        c
        for c in ws.contacts
        if c.is_active and c.status == "active" and c.urns[0].startswith("tel:+250")
    )
    for contact, number in zip(reachable, CONTACT_NUMBERS, strict=False):
        old = contact.urns[0][len("tel:") :]
        renamed = {f"tel:{old}": f"tel:{number}", f"whatsapp:{old[1:]}": f"whatsapp:{number[1:]}"}
        for urn in contact.urns:
            ws.urn_owners.pop(urn, None)
        contact.urns = [renamed.get(urn, urn) for urn in contact.urns]
        ws.urn_owners.update(dict.fromkeys(contact.urns, contact))


def plant_incoming_messages(rows: list[m.Message]) -> None:
    """Make the examples' message ids name incoming messages (only those take labels).

    An outgoing holder swaps ids and places with the nearest incoming message, so ``rows`` stays
    in id order and the conversation's times barely move.
    """
    position = {row.id: index for index, row in enumerate(rows)}
    taken: set[int] = set()
    for wanted in MESSAGE_IDS:
        here = position.get(wanted)
        found = None if here is None else _nearest_incoming(rows, here, taken)
        if here is None or found is None:
            continue
        rows[here].id, rows[found].id = rows[found].id, rows[here].id
        rows[here], rows[found] = rows[found], rows[here]
        taken.add(here)


def _nearest_incoming(rows: list[m.Message], here: int, taken: set[int]) -> int | None:
    for distance in range(len(rows)):
        for index in (here - distance, here + distance):
            if 0 <= index < len(rows) and index not in taken and rows[index].direction == "in":
                return index
    return None
