"""Records as the API renders them: exact key order, nulls, nested refs and datetime strings.

Shapes follow the recorded responses of a real server. Datetimes are UTC ``...ssssssZ``; like DRF,
a value whose microsecond is 0 has no fraction, except run paths and values, which always carry six
digits.
"""

from __future__ import annotations

from typing import Any

from explorer.sandbox.store import models as m
from explorer.sandbox.store.shapes import iso
from explorer.sandbox.store.workspace import Workspace

Json = dict[str, Any]


def ref(obj: Any) -> Json | None:
    return None if obj is None else {"uuid": obj.uuid, "name": obj.name}


def user_ref(user: m.User | None) -> Json | None:
    return None if user is None else {"email": user.email, "name": user.name}


def workspace(ws: Workspace) -> Json:
    info = ws.info
    return {
        "uuid": info.uuid,
        "name": info.name,
        "country": info.country,
        "languages": list(info.languages),
        "timezone": info.timezone,
        "date_style": info.date_style,
        "anon": info.anon,
        "credits": {"used": -1, "remaining": -1},
        "primary_language": info.primary_language,
    }


def user(u: m.User) -> Json:
    return {
        "uuid": u.uuid,
        "name": u.name,
        "email": u.email,
        "role": u.role,
        "team": u.team,
        "created_on": iso(u.created_on),
        "avatar": None,
        "first_name": u.first_name,
        "last_name": u.last_name,
    }


def channel(c: m.Channel) -> Json:
    return {
        "uuid": c.uuid,
        "name": c.name,
        "address": c.address,
        "type": c.type,
        "country": c.country,
        "device": c.device,
        "last_seen": iso(c.last_seen),
        "created_on": iso(c.created_on),
    }


def channel_event(e: m.ChannelEvent) -> Json:
    return {
        "id": e.id,
        "type": e.type,
        "contact": ref(e.contact),
        "channel": ref(e.channel),
        "extra": e.extra,
        "occurred_on": iso(e.occurred_on),
        "created_on": iso(e.created_on),
    }


def field(ws: Workspace, f: m.ContactField) -> Json:
    usages = sum(1 for e in ws.campaign_events if e.relative_to is f and e.is_active)
    value_type = "numeric" if f.type == "number" else f.type
    return {
        "key": f.key,
        "name": f.name,
        "type": f.type,
        "featured": f.featured,
        "priority": f.priority,
        "usages": {"flows": 0, "groups": 0, "campaign_events": usages},
        "agent_access": f.agent_access,
        "label": f.name,
        "value_type": value_type,
    }


def group(g: m.Group) -> Json:
    return {
        "uuid": g.uuid,
        "name": g.name,
        "query": g.query,
        "status": "ready",
        "system": g.system,
        "count": len(g.members),
    }


def label(lb: m.Label) -> Json:
    return {"uuid": lb.uuid, "name": lb.name, "count": len(lb.messages)}


def masked(urn: str) -> str:
    """A URN as anonymous workspaces show it: the scheme only."""
    return f"{urn.partition(':')[0]}:********"


def anon_ref(c: m.Contact) -> str:
    return f"{c.id:010d}"


def contact(c: m.Contact, *, anon: bool = False) -> Json:
    """A contact; deleted ones keep only their identity and dates, as the server shows them."""
    data: Json = {"uuid": c.uuid, "name": c.name if c.is_active else None}
    if anon:
        data["ref"] = data["anon_display"] = anon_ref(c)
    active = c.is_active
    data.update(
        {
            "status": c.status if active else None,
            "language": c.language if active else None,
            "urns": [masked(u) if anon else u for u in c.urns] if active else [],
            "groups": [ref(g) for g in c.groups] if active else [],
            "notes": [note(n) for n in c.notes] if active else [],
            "fields": dict(c.fields) if active else {},
            "flow": ref(c.flow) if active else None,
            "created_on": iso(c.created_on),
            "modified_on": iso(c.modified_on),
            "last_seen_on": iso(c.last_seen_on),
            "blocked": c.status == "blocked" if active else None,
            "stopped": c.status == "stopped" if active else None,
        }
    )
    return data


def note(n: m.Note) -> Json:
    return {"text": n.text, "created_on": iso(n.created_on), "created_by": user_ref(n.created_by)}


def expanded_urn(urn: str) -> Json:
    scheme, _, path = urn.partition(":")
    return {"channel": None, "scheme": scheme, "path": path, "display": None}


def attachment(text: str) -> Json:
    content_type, _, url = text.partition(":")
    return {"content_type": content_type, "url": url}


def message(msg: m.Message, *, anon: bool = False) -> Json:
    return {
        "uuid": msg.uuid,
        "contact": ref(msg.contact),
        "urn": None if anon else msg.urn,
        "channel": ref(msg.channel),
        "direction": msg.direction,
        "type": msg.type,
        "status": msg.status,
        "archived": msg.visibility == "archived",
        "visibility": msg.visibility,
        "text": msg.text,
        "labels": [ref(lb) for lb in msg.labels],
        "flow": ref(msg.flow),
        "attachments": [attachment(a) for a in msg.attachments],
        "quick_replies": list(msg.quick_replies),
        "created_on": iso(msg.created_on),
        "sent_on": iso(msg.sent_on),
        "modified_on": iso(msg.modified_on),
        "media": msg.attachments[0] if msg.attachments else None,
        "id": msg.id,
        "broadcast": msg.broadcast,
    }


def broadcast(b: m.Broadcast, *, anon: bool = False) -> Json:
    return {
        "uuid": b.uuid,
        "status": b.status,
        "progress": {"total": b.total, "started": b.total},
        "urns": None if anon else list(b.urns),
        "contacts": [ref(c) for c in b.contacts],
        "groups": [ref(g) for g in b.groups],
        "text": dict(b.text),
        "attachments": dict(b.attachments),
        "quick_replies": dict(b.quick_replies),
        "base_language": b.base_language,
        "created_on": iso(b.created_on),
        "id": b.id,
    }


def topic(ws: Workspace, t: m.Topic) -> Json:
    tickets = [ticket for ticket in ws.tickets if ticket.topic is t]
    open_count = sum(1 for ticket in tickets if ticket.status == "open")
    return {
        "uuid": t.uuid,
        "name": t.name,
        "counts": {"open": open_count, "closed": len(tickets) - open_count},
        "system": t.system,
        "created_on": iso(t.created_on),
    }


def ticket(t: m.Ticket) -> Json:
    return {
        "uuid": t.uuid,
        "contact": ref(t.contact),
        "status": t.status,
        "topic": ref(t.topic),
        "body": None,
        "assignee": user_ref(t.assignee),
        "opened_on": iso(t.opened_on),
        "opened_by": user_ref(t.opened_by),
        "opened_in": ref(t.opened_in),
        "modified_on": iso(t.modified_on),
        "closed_on": iso(t.closed_on),
    }


def archive(a: m.Archive) -> Json:
    url = (
        f"https://sandbox-archives.textit.example/{a.type}_{a.period}_{a.start_date}.jsonl.gz"
        if a.hash
        else None
    )
    return {
        "type": a.type,
        "start_date": a.start_date.isoformat(),
        "period": a.period,
        "record_count": a.record_count,
        "size": a.size,
        "hash": a.hash,
        "download_url": url,
        "archive_type": a.type,
    }


def boundary(b: m.Boundary) -> Json:
    parent = {"osm_id": b.parent.osm_id, "name": b.parent.name} if b.parent else None
    return {
        "osm_id": b.osm_id,
        "name": b.name,
        "parent": parent,
        "level": b.level,
        "aliases": list(b.aliases),
        "geometry": b.geometry,
    }


def media(md: m.Media) -> Json:
    return {
        "uuid": md.uuid,
        "content_type": md.content_type,
        "url": md.url,
        "filename": md.filename,
        "size": md.size,
    }
