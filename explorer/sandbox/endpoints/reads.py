"""GET handlers: each endpoint's filters, as the server's views apply them.

Query parameter rules common to all (UUID and integer checks, exclusive groups) come from the
catalog through ``validation``; what each filter means is written here, one function per endpoint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from explorer.sandbox.endpoints import serialize as s
from explorer.sandbox.endpoints import serialize_flows as sf
from explorer.sandbox.endpoints.definitions import export
from explorer.sandbox.endpoints.listing import (
    Predicate,
    by_uuid,
    cursor_listing,
    date_range,
    never,
    ordering_for,
)
from explorer.sandbox.endpoints.pagination import offset_envelope
from explorer.sandbox.endpoints.statistics import statistics
from explorer.sandbox.endpoints.validation import (
    bool_param,
    check_exclusive,
    int_param,
    is_uuid,
    normalize_urn,
    refuse_anonymous_urn_lookup,
    uuid_param,
)
from explorer.sandbox.http.call import Call, Reply
from explorer.sandbox.http.failures import bad_query
from explorer.sandbox.store import models as m

Json = dict[str, Any]
SENT = ("wired", "sent", "delivered", "read")
OUTBOX = ("queued", "errored", "initializing", "pending")


def handle(call: Call) -> Reply:
    check_exclusive(call.op, call.query)
    reader = READERS[call.endpoint.alias_of or call.endpoint.slug]
    return Reply(200, reader(call))


def _eq(attr: str, value: Any) -> Predicate:
    return lambda row: getattr(row, attr) == value


def _id_filter(call: Call) -> list[Predicate]:
    wanted = int_param(call.query, "id")
    return [] if wanted is None else [_eq("id", wanted)]


def workspace(call: Call) -> Json:
    return s.workspace(call.ws)


def archives(call: Call) -> Json:
    kind = call.query.get("type") or call.query.get("archive_type")
    period = call.query.get("period")
    rows = [
        a
        for a in call.ws.archives
        if (not kind or a.type == kind)
        and (period not in ("daily", "monthly") or a.period == period)
    ]
    for check in date_range(call, "start_moment"):
        rows = [a for a in rows if check(a)]
    rows.sort(key=lambda a: (a.start_date, a.id), reverse=True)
    limit = _positive(call.query.get("limit"), 250) or 250
    offset = _positive(call.query.get("offset"), 0)
    envelope = offset_envelope(call.url, rows, limit, offset)
    envelope["results"] = [s.archive(a) for a in envelope["results"]]
    return envelope


def _positive(text: str | None, default: int) -> int:
    try:
        return max(int(text), 0) if text is not None else default
    except ValueError:
        return default


def boundaries(call: Call) -> Json:
    return cursor_listing(call, call.ws.boundaries, s.boundary)


def broadcasts(call: Call) -> Json:
    source = by_uuid(call.ws.broadcasts, uuid_param(call.query, "uuid"))
    return cursor_listing(
        call,
        source,
        lambda b: s.broadcast(b, anon=call.ws.info.anon),
        [*_id_filter(call), *date_range(call, "created_on")],
    )


def campaigns(call: Call) -> Json:
    source = by_uuid(call.ws.campaigns, uuid_param(call.query, "uuid"))
    return cursor_listing(call, source, sf.campaign, [lambda c: not c.archived])


def campaign_events(call: Call) -> Json:
    source = by_uuid(call.ws.campaign_events, uuid_param(call.query, "uuid"))
    predicates: list[Predicate] = [lambda e: e.is_active and not e.campaign.archived]
    if (wanted := call.query.get("campaign")) is not None:
        predicates.append(lambda e: wanted in (e.campaign.uuid, e.campaign.name))
    return cursor_listing(call, source, sf.campaign_event, predicates)


def channels(call: Call) -> Json:
    source = by_uuid(call.ws.channels, uuid_param(call.query, "uuid"))
    address = call.query.get("address")
    return cursor_listing(call, source, s.channel, [_eq("address", address)] if address else [])


def channel_events(call: Call) -> Json:
    predicates = [*_id_filter(call), *date_range(call, "created_on")]
    if (contact := uuid_param(call.query, "contact")) is not None:
        predicates.append(lambda e: e.contact.uuid == contact)
    return cursor_listing(call, call.ws.channel_events, s.channel_event, predicates)


def contacts(call: Call) -> Json:
    ws = call.ws
    uuid = uuid_param(call.query, "uuid")
    source: Any = by_uuid(ws.contacts, uuid)
    if (urn := call.query.get("urn")) is not None:
        refuse_anonymous_urn_lookup(ws)
        try:
            owner = ws.urn_owners.get(normalize_urn(urn, ws.info.country))
        except ValueError:
            raise bad_query(f"Invalid URN: {urn}") from None
        source = [owner] if owner is not None and uuid in (None, owner.uuid) else []
    deleted = bool_param(call.query, "deleted")
    predicates: list[Predicate] = [
        lambda c: c.is_active != deleted,
        *date_range(call, "modified_on"),
    ]
    if (wanted := call.query.get("group")) is not None:
        group = _group(call, wanted)
        predicates.append((lambda c: c.id in group.members) if group else never)
    expand, anon = bool_param(call.query, "expand_urns"), ws.info.anon
    return cursor_listing(call, source, lambda c: _contact(c, anon, expand), predicates)


def _contact(contact: m.Contact, anon: bool, expand: bool) -> Json:
    data = s.contact(contact, anon=anon)
    if expand:
        data["urns"] = [s.expanded_urn(urn) for urn in data["urns"]]
    return data


def _group(call: Call, wanted: str) -> m.Group | None:
    if is_uuid(wanted):
        return call.ws.groups.get(wanted.lower())
    return next((g for g in call.ws.groups if g.name.lower() == wanted.lower()), None)


def definitions(call: Call) -> Json:
    dependencies = call.query.get("dependencies", "all")
    if dependencies not in ("none", "flows", "all"):
        raise bad_query("dependencies must be one of none, flows, all")
    flows = [f for uuid in call.query.getlist("flow") if (f := call.ws.flows.get(uuid.lower()))]
    campaigns = [
        c for uuid in call.query.getlist("campaign") if (c := call.ws.campaigns.get(uuid.lower()))
    ]
    if dependencies == "all":
        flows += [
            e.flow
            for c in campaigns
            for e in call.ws.campaign_events
            if e.campaign is c and e.flow and e.flow not in flows
        ]
    return export(call.ws, flows, campaigns)


def fields(call: Call) -> Json:
    key = call.query.get("key")
    source = ([f] if (f := call.ws.fields.get(key)) else []) if key else call.ws.fields
    return cursor_listing(call, source, lambda f: s.field(call.ws, f))


def flows(call: Call) -> Json:
    source = by_uuid(call.ws.flows, uuid_param(call.query, "uuid"))
    predicates = date_range(call, "modified_on")
    if (kind := call.query.get("type")) is not None:
        predicates.append(_eq("type", kind))
    if "archived" in call.query:
        predicates.append(_eq("archived", bool_param(call.query, "archived")))
    return cursor_listing(call, source, sf.flow, predicates)


def flow_starts(call: Call) -> Json:
    source = by_uuid(call.ws.flow_starts, uuid_param(call.query, "uuid"))
    return cursor_listing(call, source, sf.flow_start, date_range(call, "modified_on"))


def globals_(call: Call) -> Json:
    key = call.query.get("key")
    source = ([g] if (g := call.ws.globals.get(key)) else []) if key else call.ws.globals
    return cursor_listing(call, source, sf.global_, date_range(call, "modified_on"))


def groups(call: Call) -> Json:
    source = by_uuid(call.ws.groups, uuid_param(call.query, "uuid"))
    predicates: list[Predicate] = [lambda g: g.is_active]
    if (name := call.query.get("name")) is not None:
        predicates.append(lambda g: g.name.lower() == name.lower())
    if bool_param(call.query, "manual_only"):
        predicates.append(lambda g: g.query is None and not g.system)
    return cursor_listing(call, source, s.group, predicates)


def labels(call: Call) -> Json:
    source = by_uuid(call.ws.labels, uuid_param(call.query, "uuid"))
    predicates: list[Predicate] = [lambda lb: lb.is_active]
    if (name := call.query.get("name")) is not None:
        predicates.append(lambda lb: lb.name.lower() == name.lower())
    return cursor_listing(call, source, s.label, predicates)


def messages(call: Call) -> Json:
    ws = call.ws
    wanted_uuid = uuid_param(call.query, "uuid")
    source: Any = [x for x in ws.messages if x.uuid == wanted_uuid] if wanted_uuid else ws.messages
    folder = (call.query.get("folder") or "").lower()
    predicates = [
        _folder(folder) if "folder" in call.query else _listed,
        *_id_filter(call),
        *date_range(call, "created_on"),
    ]
    if (broadcast := int_param(call.query, "broadcast")) is not None:
        predicates.append(_eq("broadcast", broadcast))
    if (contact := uuid_param(call.query, "contact")) is not None:
        predicates.append(lambda x: x.contact.uuid == contact)
    if (wanted := call.query.get("label")) is not None:
        label = next((lb for lb in ws.labels if wanted in (lb.uuid, lb.name)), None)
        predicates.append((lambda x: x.id in label.messages) if label else never)
    ordering = ordering_for(call, "-sent_on" if folder == "sent" else None)
    anon = ws.info.anon
    return cursor_listing(call, source, lambda x: s.message(x, anon=anon), predicates, ordering)


def _listed(msg: m.Message) -> bool:
    return msg.visibility in ("visible", "archived") and not (
        msg.direction == "in" and msg.status == "pending"
    )


FOLDERS: dict[str, Predicate] = {
    "inbox": lambda x: x.direction == "in" and x.visibility == "visible" and x.flow is None,
    "flows": lambda x: x.direction == "in" and x.visibility == "visible" and x.flow is not None,
    "archived": lambda x: x.direction == "in" and x.visibility == "archived",
    "outbox": lambda x: x.direction == "out" and x.visibility == "visible" and x.status in OUTBOX,
    "sent": lambda x: x.direction == "out" and x.visibility == "visible" and x.status in SENT,
    "failed": lambda x: x.direction == "out" and x.visibility == "visible" and x.status == "failed",
}


def _folder(name: str) -> Predicate:
    return FOLDERS.get(name, never)


def resthooks(call: Call) -> Json:
    return cursor_listing(call, call.ws.resthooks, sf.resthook)


def resthook_events(call: Call) -> Json:
    slug = call.query.get("resthook")
    predicates = [lambda e: e.resthook.slug == slug] if slug else []
    return cursor_listing(call, call.ws.resthook_events, sf.resthook_event, predicates)


def resthook_subscribers(call: Call) -> Json:
    slug = call.query.get("resthook")
    predicates: list[Predicate] = [lambda x: x.is_active, *_id_filter(call)]
    if slug:
        predicates.append(lambda x: x.resthook.slug == slug)
    return cursor_listing(call, call.ws.resthook_subscribers, sf.resthook_subscriber, predicates)


def runs(call: Call) -> Json:
    source = by_uuid(call.ws.runs, uuid_param(call.query, "uuid"))
    predicates = [*_id_filter(call), *date_range(call, "modified_on")]
    if (flow := uuid_param(call.query, "flow")) is not None:
        predicates.append(lambda r: r.flow.uuid == flow)
    if (contact := uuid_param(call.query, "contact")) is not None:
        predicates.append(lambda r: r.contact.uuid == contact)
    if bool_param(call.query, "responded"):
        predicates.append(lambda r: r.responded)
    paths = bool_param(call.query, "paths", default=True)
    anon = call.ws.info.anon
    return cursor_listing(call, source, lambda r: sf.run(r, paths=paths, anon=anon), predicates)


def tickets(call: Call) -> Json:
    wanted = call.query.get("uuid")
    source: Any = ([t] if (t := call.ws.tickets.get(wanted)) else []) if wanted else call.ws.tickets
    predicates: list[Predicate] = []
    if (contact := call.query.get("contact")) is not None:
        predicates.append(lambda t: t.contact.uuid == contact)
    return cursor_listing(call, source, s.ticket, predicates)


def topics(call: Call) -> Json:
    return cursor_listing(call, call.ws.topics, lambda t: s.topic(call.ws, t))


def users(call: Call) -> Json:
    uuids = call.query.getlist("uuid")
    if len(uuids) > 100:
        raise bad_query("Param 'uuid' can have a maximum of 100 values.")
    for value in uuids:
        if not is_uuid(value):
            raise bad_query(f"Param 'uuid': {value} is not a valid UUID.")
    emails = {e.lower() for e in call.query.getlist("email")}
    roles = set(call.query.getlist("role"))
    predicates: list[Predicate] = []
    if uuids:
        predicates.append(lambda u: u.uuid in {v.lower() for v in uuids})
    if emails:
        predicates.append(lambda u: u.email.lower() in emails)
    if roles:
        predicates.append(lambda u: u.role in roles)
    return cursor_listing(call, call.ws.users, s.user, predicates)


def _statistics(call: Call) -> Json:
    return statistics(call.ws, call.query.get("since"), call.query.get("until"))


READERS: dict[str, Callable[[Call], Any]] = {
    "archives": archives,
    "boundaries": boundaries,
    "broadcasts": broadcasts,
    "campaigns": campaigns,
    "campaign_events": campaign_events,
    "channels": channels,
    "channel_events": channel_events,
    "contacts": contacts,
    "definitions": definitions,
    "fields": fields,
    "flows": flows,
    "flow_starts": flow_starts,
    "globals": globals_,
    "groups": groups,
    "labels": labels,
    "messages": messages,
    "resthooks": resthooks,
    "resthook_events": resthook_events,
    "resthook_subscribers": resthook_subscribers,
    "runs": runs,
    "statistics": _statistics,
    "tickets": tickets,
    "topics": topics,
    "users": users,
    "workspace": workspace,
}
