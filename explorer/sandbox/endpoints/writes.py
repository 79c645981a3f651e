"""POST and DELETE: lookups, then creates (201), updates (200) and deletes (204).

``handle`` checks the lookup parameters (``?uuid=``, ``?urn=``, ``?key=``, ``?id=``) and the body
against the catalog, finds the object (404 ``No <Model> matches the given query.``) and hands over
to the endpoint's writer. Sends (broadcasts, messages, flow starts, media) live in ``sends``, bulk
actions in ``actions``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from explorer.sandbox.endpoints import actions, refs, sends
from explorer.sandbox.endpoints import serialize as s
from explorer.sandbox.endpoints import serialize_flows as sf
from explorer.sandbox.endpoints.contacts import delete_contact, write_contact
from explorer.sandbox.endpoints.validation import (
    int_param,
    lookup_param,
    normalize_urn,
    refuse_anonymous_urn_lookup,
    uuid_param,
    validate_body,
)
from explorer.sandbox.http.call import Call, Reply
from explorer.sandbox.http.failures import (
    Errors,
    bad_query,
    detail,
    field_errors,
    limit_reached,
    no_match,
    non_field,
)
from explorer.sandbox.store import models as m
from explorer.sandbox.store.workspace import Workspace

LIMITS = {"fields": 250, "globals": 250, "groups": 250, "labels": 250, "topics": 50}
RESERVED_KEYS = frozenset(
    [
        "has",
        "is",
        "uuid",
        "name",
        "language",
        "created_on",
        "created_by",
        "id",
        "first_name",
        "keys",
        "values",
        "fields",
        "groups",
        "urns",
        "status",
        "flow",
    ]
)
Writer = Callable[[Call, dict[str, Any], Any], Reply]


def handle(call: Call) -> Reply:
    slug = call.endpoint.slug
    lookup = lookup_param(call.op, call.query)
    target = _find(call, lookup) if lookup else None
    if call.op.method == "DELETE":
        DELETERS[slug](call, target)
        return Reply(204)
    if slug == "media":
        return sends.media(call)
    body = validate_body(call.op, call.body, call.errors)
    if slug in actions.ACTIONS:
        return actions.ACTIONS[slug](call, body)
    return WRITERS[slug](call, body, target)


def _find(call: Call, lookup: str) -> Any:
    ws, slug = call.ws, call.endpoint.slug
    if lookup == "urn":
        refuse_anonymous_urn_lookup(ws)
        text = call.query.get("urn", "")
        try:
            urn = normalize_urn(text, ws.info.country)
        except ValueError:
            raise bad_query(f"Invalid URN: {text}") from None
        owner = ws.urn_owners.get(urn)
        if owner is None and call.op.method == "POST":
            return urn  # the contact writer creates a contact with this URN
        return _found(slug, owner)
    if lookup == "id":
        return _found(slug, refs.find_in(ws.resthook_subscribers, int_param(call.query, "id")))
    value = uuid_param(call.query, "uuid") if lookup == "uuid" else call.query.get(lookup)
    row = refs.find_in(getattr(ws, slug), value)
    if isinstance(row, m.Campaign) and row.archived:
        row = None
    return _found(slug, row)


def _found(slug: str, row: Any) -> Any:
    if row is None or not getattr(row, "is_active", True):
        raise no_match(slug)
    return row


# -- named things: groups, labels, topics -------------------------------------------------------


def check_name(errors: Errors, name: str, taken: list[str], current: str | None = None) -> None:
    """The server's checks of a new name: its characters, and unique among ``taken``."""
    if name != name.strip():
        errors.add("name", "Cannot begin or end with whitespace.")
    for char in ('"', "\\", "\0"):
        if char in name:
            errors.add("name", f"Cannot contain the character: {char}")
    if name.lower() != (current or "").lower() and name.lower() in (t.lower() for t in taken):
        errors.add("name", "This field must be unique.")


def _named(table_name: str, make: Callable[[Call, str], Any], render: Callable[..., Any]) -> Writer:
    def write(call: Call, body: dict[str, Any], target: Any) -> Reply:
        table = getattr(call.ws, table_name)
        if target is not None and getattr(target, "system", False):
            raise detail(403, "Cannot modify system object.")
        live = [row.name for row in table if getattr(row, "is_active", True)]
        if "name" in body:
            check_name(call.errors, body["name"], live, target.name if target else None)
        call.errors.raise_if_any()
        if target is not None:
            target.name = body["name"]
            return Reply(200, render(call.ws, target))
        if len(live) >= LIMITS[table_name]:
            raise limit_reached()
        return Reply(201, render(call.ws, table.add(make(call, body["name"]))))

    return write


def _new_group(call: Call, name: str) -> m.Group:
    return m.Group(
        call.ws.next_id("groups"), call.ws.new_uuid(), name, None, False, call.ws.stamp()
    )


def _new_label(call: Call, name: str) -> m.Label:
    return m.Label(call.ws.next_id("labels"), call.ws.new_uuid(), name, call.ws.stamp())


def _new_topic(call: Call, name: str) -> m.Topic:
    return m.Topic(call.ws.next_id("topics"), call.ws.new_uuid(), name, False, call.ws.stamp())


def delete_group(call: Call, group: m.Group) -> None:
    if group.system:
        raise detail(403, "Cannot delete system object.")
    if any(c.group is group and not c.archived for c in call.ws.campaigns):
        raise bad_query("Group is being used by campaigns which must be archived first.")
    group.is_active = False
    for contact in call.ws.contacts:
        if group in contact.groups:
            contact.groups.remove(group)
    group.members.clear()


def delete_label(call: Call, label: m.Label) -> None:
    label.is_active = False
    for message_id in label.messages:
        message = call.ws.messages.get(message_id)
        if message is not None and label in message.labels:
            message.labels.remove(label)
    label.messages.clear()


# -- fields and globals ---------------------------------------------------------------------------


def key_for(name: str) -> str:
    return re.sub(r"[^a-z0-9_]", "", name.strip().lower().replace(" ", "_").replace("-", "_"))


def write_field(call: Call, body: dict[str, Any], target: m.ContactField | None) -> Reply:
    name = body.get("name") or body.get("label")
    kind = body.get("type") or {"numeric": "number"}.get(
        body.get("value_type", ""), body.get("value_type")
    )
    if name:
        _check_field_name(call, name, target)
    call.errors.raise_if_any()
    if not name:
        raise non_field("Field 'name' is required.")
    if not kind:
        raise non_field("Field 'type' is required.")
    key = key_for(name)
    if target is not None:
        in_use = any(e.relative_to is target and e.is_active for e in call.ws.campaign_events)
        if in_use and kind != "datetime":
            raise field_errors(
                {"type": ["Can't change type of date field being used by campaign events."]}
            )
        target.name, target.type = name, kind
        return Reply(200, s.field(call.ws, target))
    if len(call.ws.fields) >= LIMITS["fields"]:
        raise limit_reached()
    created = m.ContactField(
        call.ws.next_id("fields"), key, name, kind, False, 0, "view", call.ws.stamp()
    )
    call.ws.fields.add(created)
    for contact in call.ws.contacts:
        contact.fields.setdefault(key, None)
    return Reply(201, s.field(call.ws, created))


def _check_field_name(call: Call, name: str, target: m.ContactField | None) -> None:
    errors = Errors()
    if not re.fullmatch(r"[\w\- ]+", name) or "_" in name:
        errors.add("name", "Can only contain letters, numbers and hypens.")
    key = key_for(name)
    if target is None and (key in RESERVED_KEYS or not key or not key[0].isalpha()):
        errors.add("name", f'Generated key "{key}" is invalid or a reserved name.')
    if not errors:
        check_name(errors, name, [f.name for f in call.ws.fields], target.name if target else None)
    call.errors.update(errors)


def write_global(call: Call, body: dict[str, Any], target: m.Global | None) -> Reply:
    if target is None:
        _check_global_name(call, body.get("name"))
    call.errors.raise_if_any()
    if target is not None:
        target.value = body["value"]
        target.modified_on = call.ws.stamp()
        call.ws.globals.touch()
        return Reply(200, sf.global_(target))
    name = body["name"]
    key = key_for(name)
    if len(call.ws.globals) >= LIMITS["globals"]:
        raise limit_reached()
    now = call.ws.stamp()
    created = call.ws.globals.add(
        m.Global(call.ws.next_id("globals"), key, name, body["value"], now, now)
    )
    return Reply(201, sf.global_(created))


def _check_global_name(call: Call, name: Any) -> None:
    if "name" in call.errors:
        return
    if not name:
        call.errors.add("name", "This field is required.")
    elif not re.fullmatch(r"[\w\- ]+", name) or not key_for(name):
        call.errors.add(
            "name", "Can only contain letters, numbers, underscores, hypens and spaces."
        )
    elif call.ws.globals.get(key_for(name)) is not None:
        call.errors.add("name", "Must be unique.")


# -- campaigns and their events ----------------------------------------------------------------


def write_campaign(call: Call, body: dict[str, Any], target: m.Campaign | None) -> Reply:
    group = refs.one(call.errors, "group", body.get("group"), lambda v: refs.group(call.ws, v))
    call.errors.raise_if_any()
    if target is not None:
        target.name, target.group = body["name"], group
        return Reply(200, sf.campaign(target))
    created = m.Campaign(
        call.ws.next_id("campaigns"), call.ws.new_uuid(), body["name"], group, call.ws.stamp()
    )
    return Reply(201, sf.campaign(call.ws.campaigns.add(created)))


def write_campaign_event(call: Call, body: dict[str, Any], target: m.CampaignEvent | None) -> Reply:
    ws, errors = call.ws, call.errors
    campaign = refs.one(
        errors,
        "campaign",
        body.get("campaign"),
        lambda v: refs.find_in(ws.campaigns, str(v).lower()),
    )
    field = refs.one(errors, "relative_to", body.get("relative_to"), ws.fields.get)
    flow = refs.one(errors, "flow", body.get("flow"), lambda v: ws.flows.get(str(v).lower()))
    message = _translations(ws, errors, body.get("message"))
    errors.raise_if_any()
    if (body.get("message") is None) == (flow is None):
        raise non_field("Flow or a message text required.")
    if target is not None and campaign is not target.campaign:
        raise field_errors({"campaign": ["Cannot change campaign for existing events"]})
    values = (field, int(body["offset"]), body["unit"], int(body["delivery_hour"]), flow, message)
    if target is not None:
        (
            target.relative_to,
            target.offset,
            target.unit,
            target.delivery_hour,
            target.flow,
            target.message,
        ) = values
        return Reply(200, sf.campaign_event(target))
    created = m.CampaignEvent(
        ws.next_id("campaign_events"), ws.new_uuid(), campaign, *values, ws.stamp()
    )
    return Reply(201, sf.campaign_event(ws.campaign_events.add(created)))


def _translations(ws: Workspace, errors: Errors, value: Any) -> dict[str, str] | None:
    """A campaign message's texts by language; the workspace's primary language is required."""
    if value is None:
        return None
    texts = value if isinstance(value, dict) else {ws.info.primary_language: value}
    if ws.info.primary_language not in texts:
        errors.add("message", "Message text in default flow language is required.")
    return dict(texts)


def _deactivate(call: Call, row: Any) -> None:
    row.is_active = False


def write_subscriber(call: Call, body: dict[str, Any], target: Any) -> Reply:
    hook = call.ws.resthooks.get(body.get("resthook"))
    if hook is None and "resthook" in body:
        call.errors.add("resthook", f"No resthook with slug: {body['resthook']}")
    call.errors.raise_if_any()
    assert hook is not None  # resthook is required: a missing one is in the errors raised
    if any(
        x.resthook is hook and x.target_url == body["target_url"] and x.is_active
        for x in call.ws.resthook_subscribers
    ):
        raise non_field("URL is already subscribed to this event.")
    created = m.ResthookSubscriber(
        call.ws.next_id("resthook_subscribers"), hook, body["target_url"], call.ws.stamp()
    )
    return Reply(201, sf.resthook_subscriber(call.ws.resthook_subscribers.add(created)))


WRITERS: dict[str, Writer] = {
    "contacts": write_contact,
    "groups": _named("groups", _new_group, lambda _ws, group: s.group(group)),
    "labels": _named("labels", _new_label, lambda _ws, label: s.label(label)),
    "topics": _named("topics", _new_topic, s.topic),
    "fields": write_field,
    "globals": write_global,
    "campaigns": write_campaign,
    "campaign_events": write_campaign_event,
    "resthook_subscribers": write_subscriber,
    "broadcasts": sends.broadcast,
    "messages": sends.message,
    "flow_starts": sends.flow_start,
}
DELETERS: dict[str, Callable[[Call, Any], None]] = {
    "contacts": delete_contact,
    "groups": delete_group,
    "labels": delete_label,
    "campaign_events": _deactivate,
    "resthook_subscribers": _deactivate,
}
