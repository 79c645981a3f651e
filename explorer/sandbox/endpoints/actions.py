"""Bulk actions on contacts, messages and tickets: 204 when all applied, else 200 ``failures``.

The 204 keeps DRF's rendered ``""`` body (Content-Length 2), as the recorded server sends it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from explorer.sandbox.endpoints import refs
from explorer.sandbox.endpoints.contacts import refresh_smart_groups, release
from explorer.sandbox.http.call import Call, Reply
from explorer.sandbox.http.failures import Errors, field_errors, non_field
from explorer.sandbox.store import models as m
from explorer.sandbox.store.workspace import Workspace

GROUP_ACTIONS = ("add", "remove")
LABEL_ACTIONS = ("label", "unlabel")


def _done(failures: list[Any]) -> Reply:
    return Reply(200, {"failures": failures}) if failures else Reply(204, json_empty=True)


def contact_actions(call: Call, body: dict[str, Any]) -> Reply:
    ws, errors = call.ws, call.errors
    action = "archive_messages" if body.get("action") == "archive" else str(body.get("action"))
    if body.get("contacts") == []:
        errors.add("contacts", "This list may not be empty.")
    contacts = refs.many(
        errors, "contacts", body.get("contacts") or [], lambda v: refs.contact(ws, v)
    )
    group = _action_group(call, action, body) if "action" in body else None
    errors.raise_if_any()
    for contact in contacts:
        CONTACT_ACTIONS[action](ws, contact, group)
        if contact.is_active:
            ws.touch_contact(contact)
    return _done([])


def _action_group(call: Call, action: str, body: dict[str, Any]) -> m.Group | None:
    """The manual group an add or remove names; other actions must name none."""
    if action not in GROUP_ACTIONS:
        if body.get("group") is not None:
            call.errors.add("group", f'For action "{action}" you should not specify a group')
        return None
    if body.get("group") is None:
        call.errors.add("group", f'For action "{action}" you should also specify a group')
        return None
    return next(iter(refs.manual_groups(call.ws, call.errors, "group", [body["group"]])), None)


def _add(ws: Workspace, contact: m.Contact, group: m.Group | None) -> None:
    if group is not None and group not in contact.groups and contact.status == "active":
        ws.set_groups(contact, [*contact.groups, group])


def _remove(ws: Workspace, contact: m.Contact, group: m.Group | None) -> None:
    ws.set_groups(contact, [g for g in contact.groups if g is not group])


def _set_status(status: str) -> Callable[[Workspace, m.Contact, m.Group | None], None]:
    def apply(ws: Workspace, contact: m.Contact, _group: m.Group | None) -> None:
        contact.status = status
        if status != "active":
            ws.set_groups(contact, [g for g in contact.groups if g.system])
            contact.flow = None
        refresh_smart_groups(ws, contact)

    return apply


def _interrupt(ws: Workspace, contact: m.Contact, _group: m.Group | None) -> None:
    contact.flow = None


def _archive_messages(ws: Workspace, contact: m.Contact, _group: m.Group | None) -> None:
    for message in ws.messages:
        if message.contact is contact and message.direction == "in":
            message.visibility = "archived"


def _delete(ws: Workspace, contact: m.Contact, _group: m.Group | None) -> None:
    release(ws, contact)


CONTACT_ACTIONS: dict[str, Callable[[Workspace, m.Contact, m.Group | None], None]] = {
    "add": _add,
    "remove": _remove,
    "block": _set_status("blocked"),
    "unblock": _set_status("active"),
    "interrupt": _interrupt,
    "archive_messages": _archive_messages,
    "delete": _delete,
}


def message_actions(call: Call, body: dict[str, Any]) -> Reply:
    call.errors.raise_if_any()
    ws, action = call.ws, body["action"]
    label = _message_label(ws, action, body)
    found, failures = [], []
    for raw in body["messages"]:
        message = ws.messages.get(int(raw))
        if message is None or message.visibility == "deleted":
            failures.append(int(raw))
        else:
            found.append(message)
    outgoing = [x.id for x in found if x.direction == "out"]
    if action in LABEL_ACTIONS and outgoing:
        raise field_errors({"messages": [f"Not an incoming message: {outgoing[0]}"]})
    for message in found:
        _apply_to_message(ws, message, action, label)
    ws.messages.touch()
    return _done(failures)


def _message_label(ws: Workspace, action: str, body: dict[str, Any]) -> m.Label | None:
    label_ref, label_name = body.get("label"), body.get("label_name")
    if label_ref is not None and label_name is not None:
        raise non_field("Can't specify both label and label_name.")
    if action not in LABEL_ACTIONS:
        if label_ref is not None or label_name is not None:
            raise field_errors({"label": [f'For action "{action}" you should not specify a label']})
        return None
    if label_ref is None and label_name is None:
        raise field_errors({"label": [f'For action "{action}" you should also specify a label']})
    if label_ref is not None:
        errors = Errors()
        found = refs.one(errors, "label", label_ref, lambda v: refs.label(ws, v))
        errors.raise_if_any()
        return found  # type: ignore[no-any-return]
    existing = refs.label(ws, label_name)
    if existing is not None or action == "unlabel":
        return existing
    created = m.Label(ws.next_id("labels"), ws.new_uuid(), str(label_name), ws.stamp())
    return ws.labels.add(created)


def _apply_to_message(
    ws: Workspace, message: m.Message, action: str, label: m.Label | None
) -> None:
    if action == "label" and label is not None and label not in message.labels:
        ws.set_labels(message, [*message.labels, label])
    elif action == "unlabel" and label is not None:
        ws.set_labels(message, [lb for lb in message.labels if lb is not label])
    elif action in ("archive", "restore", "delete"):
        message.visibility = {"archive": "archived", "restore": "visible", "delete": "deleted"}[
            action
        ]
        if action == "delete":
            ws.set_labels(message, [])
    message.modified_on = ws.stamp()


def ticket_actions(call: Call, body: dict[str, Any]) -> Reply:
    ws, errors = call.ws, call.errors
    tickets = refs.many(
        errors, "tickets", body.get("tickets") or [], lambda v: ws.tickets.get(str(v).lower())
    )
    assignee = refs.one(
        errors,
        "assignee",
        body.get("assignee"),
        lambda v: next((u for u in ws.users if u.email.lower() == str(v).lower()), None),
    )
    topic = refs.one(
        errors, "topic", body.get("topic") or None, lambda v: ws.topics.get(str(v).lower())
    )
    errors.raise_if_any()
    action = body["action"]
    if action == "assign" and "assignee" not in body:
        raise non_field("Assignee is required for action assign.")
    if action == "change_topic" and topic is None:
        raise non_field("Topic is required for action change_topic.")
    if action == "add_note" and not body.get("note"):
        raise non_field("Note is required for action add_note.")
    failures = [t.uuid for t in tickets if not _apply_to_ticket(ws, t, action, assignee, topic)]
    ws.tickets.touch()
    return _done(failures)


def _apply_to_ticket(
    ws: Workspace, ticket: m.Ticket, action: str, assignee: m.User | None, topic: m.Topic | None
) -> bool:
    """Apply one action; False when it changes nothing (e.g. closing a closed ticket)."""
    if action == "close" and ticket.status == "open":
        ticket.status, ticket.closed_on = "closed", ws.stamp()
    elif action == "reopen" and ticket.status == "closed":
        ticket.status, ticket.closed_on = "open", None
    elif action == "assign" and ticket.assignee is not assignee:
        ticket.assignee = assignee
    elif action == "change_topic" and topic is not None and ticket.topic is not topic:
        ticket.topic = topic
    elif action != "add_note":
        return False
    ticket.modified_on = ws.stamp()
    return True


ACTIONS: dict[str, Callable[[Call, dict[str, Any]], Reply]] = {
    "contact_actions": contact_actions,
    "message_actions": message_actions,
    "ticket_actions": ticket_actions,
}
