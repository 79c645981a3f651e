"""The definitions endpoint's export document: flows, and campaigns with what they depend on."""

from __future__ import annotations

from typing import Any

from explorer.sandbox.store import models as m
from explorer.sandbox.store.workspace import Workspace


def export(ws: Workspace, flows: list[m.Flow], campaigns: list[m.Campaign]) -> dict[str, Any]:
    """The definitions endpoint's export document for these flows and campaigns."""
    return {
        "version": "13",
        "site": "https://textit.com",
        "flows": [flow.definition for flow in flows],
        "campaigns": [_campaign_export(ws, c) for c in campaigns],
        "triggers": [],
        "fields": [{"key": f.key, "name": f.name, "type": f.type} for f in ws.fields]
        if campaigns
        else [],
        "groups": [
            {"uuid": c.group.uuid, "name": c.group.name, "query": c.group.query} for c in campaigns
        ],
    }


def _campaign_export(ws: Workspace, campaign: m.Campaign) -> dict[str, Any]:
    events = [e for e in ws.campaign_events if e.campaign is campaign and e.is_active]
    return {
        "uuid": campaign.uuid,
        "name": campaign.name,
        "group": {"uuid": campaign.group.uuid, "name": campaign.group.name},
        "events": [
            {
                "uuid": e.uuid,
                "offset": e.offset,
                "unit": e.unit[0].upper(),
                "event_type": "F" if e.flow else "M",
                "delivery_hour": e.delivery_hour,
                "relative_to": {"key": e.relative_to.key, "label": e.relative_to.name},
                "message": e.message,
                "flow": {"uuid": e.flow.uuid, "name": e.flow.name} if e.flow else None,
            }
            for e in events
        ],
    }
