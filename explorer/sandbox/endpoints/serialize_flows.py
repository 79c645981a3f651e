"""Flows, runs, campaigns, globals and resthooks as the API renders them (see ``serialize``)."""

from __future__ import annotations

from explorer.sandbox.endpoints.serialize import Json, anon_ref, masked, ref
from explorer.sandbox.store import models as m
from explorer.sandbox.store.shapes import iso, iso_micro


def flow(f: m.Flow) -> Json:
    runs = {
        k: f.run_counts.get(k, 0)
        for k in ("active", "waiting", "completed", "expired", "interrupted", "failed")
    }
    return {
        "uuid": f.uuid,
        "name": f.name,
        "type": f.type,
        "archived": f.archived,
        "labels": list(f.labels),
        "expires": f.expires,
        "runs": runs,
        "results": list(f.results),
        "parent_refs": [],
        "created_on": iso(f.created_on),
        "modified_on": iso(f.modified_on),
    }


def flow_start(s: m.FlowStart) -> Json:
    return {
        "uuid": s.uuid,
        "flow": ref(s.flow),
        "status": s.status,
        "progress": {"total": s.total, "started": s.started},
        "groups": [ref(g) for g in s.groups],
        "contacts": [ref(c) for c in s.contacts],
        "params": s.params,
        "created_on": iso(s.created_on),
        "modified_on": iso(s.modified_on),
        "id": s.id,
        "extra": s.params,
        "restart_participants": s.restart_participants,
        "exclude_active": s.exclude_active,
    }


def run(r: m.Run, *, paths: bool = True, anon: bool = False) -> Json:
    return {
        "uuid": r.uuid,
        "flow": ref(r.flow),
        "contact": run_contact(r.contact, anon=anon),
        "start": {"uuid": r.start.uuid} if r.start else None,
        "responded": r.responded,
        "path": [{"node": step["node"], "time": iso_micro(step["time"])} for step in r.path]
        if paths
        else None,
        "values": {
            key: {**value, "time": iso_micro(value["time"])} for key, value in r.values.items()
        },
        "created_on": iso(r.created_on),
        "modified_on": iso(r.modified_on),
        "exited_on": iso(r.exited_on),
        "exit_type": r.exit_type,
        "id": r.id,
    }


def run_contact(c: m.Contact, *, anon: bool) -> Json:
    urn = c.urns[0] if c.urns else None
    if anon:
        return {
            "uuid": c.uuid,
            "name": c.name,
            "urn": masked(urn) if urn else None,
            "urn_display": None,
            "ref": anon_ref(c),
            "anon_display": anon_ref(c),
        }
    return {"uuid": c.uuid, "name": c.name, "urn": urn, "urn_display": _urn_display(urn)}


def _urn_display(urn: str | None) -> str | None:
    if urn is None:
        return None
    scheme, _, path = urn.partition(":")
    if scheme == "tel" and path.startswith("+250") and len(path) == 13:
        return f"0{path[4:7]} {path[7:10]} {path[10:]}"
    return path


def campaign(c: m.Campaign) -> Json:
    return {
        "uuid": c.uuid,
        "name": c.name,
        "archived": c.archived,
        "group": ref(c.group),
        "created_on": iso(c.created_on),
    }


def campaign_event(e: m.CampaignEvent) -> Json:
    field_ref = {"key": e.relative_to.key, "name": e.relative_to.name, "label": e.relative_to.name}
    return {
        "uuid": e.uuid,
        "campaign": ref(e.campaign),
        "relative_to": field_ref,
        "offset": e.offset,
        "unit": e.unit,
        "delivery_hour": e.delivery_hour,
        "flow": ref(e.flow),
        "message": e.message,
        "created_on": iso(e.created_on),
    }


def global_(g: m.Global) -> Json:
    return {"key": g.key, "name": g.name, "value": g.value, "modified_on": iso(g.modified_on)}


def resthook(r: m.Resthook) -> Json:
    return {"resthook": r.slug, "modified_on": iso(r.modified_on), "created_on": iso(r.created_on)}


def resthook_event(e: m.ResthookEvent) -> Json:
    return {"resthook": e.resthook.slug, "data": e.data, "created_on": iso(e.created_on)}


def resthook_subscriber(s: m.ResthookSubscriber) -> Json:
    return {
        "id": s.id,
        "resthook": s.resthook.slug,
        "target_url": s.target_url,
        "created_on": iso(s.created_on),
    }
