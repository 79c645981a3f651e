"""Seeded flows with real-looking definitions (flow spec 14: nodes, actions, routers, results).

Each ``FlowSpec`` prompt becomes a send_msg node followed by a wait-and-switch node whose categories
are the result's categories; the definition is what the definitions endpoint exports and the node
UUIDs are what runs' paths and values point at.
"""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta

from explorer.sandbox.data import pools
from explorer.sandbox.store import models as m
from explorer.sandbox.store.shapes import (
    Case,
    Category,
    Exit,
    FlowDefinition,
    FlowResult,
    Node,
    Router,
)
from explorer.sandbox.store.workspace import Workspace, uuid4_from

SPEC_VERSION = "14.4.1"
FLOW_TYPES = {
    "message": "messaging",
    "voice": "voice",
    "background": "messaging_background",
    "survey": "messaging_offline",
}


def result_key(name: str) -> str:
    """The snake-case key the engine derives from a result name (``Household Size`` -> ...)."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def build_flows(ws: Workspace, rng: random.Random, now: datetime) -> list[m.Flow]:
    flows = []
    for index, spec in enumerate(pools.FLOWS):
        created = now - timedelta(days=390 - index * 30, seconds=rng.randrange(86400))
        modified = created + timedelta(days=rng.randrange(1, 20), seconds=rng.randrange(86400))
        definition, results = _definition(rng, spec)
        flows.append(
            m.Flow(
                ws.next_id("flows"),
                definition["uuid"],
                spec.name,
                spec.type,
                spec.archived,
                spec.expires,
                results,
                definition,
                created,
                modified,
            )
        )
    return flows


def _definition(
    rng: random.Random, spec: pools.FlowSpec
) -> tuple[FlowDefinition, list[FlowResult]]:
    nodes: list[Node] = []
    results: list[FlowResult] = []
    for question, result_name, categories in spec.prompts:
        ask, wait = _prompt_nodes(rng, question, result_name, categories)
        if nodes:
            nodes[-1]["exits"][0]["destination_uuid"] = ask["uuid"]
        nodes.extend((ask, wait))
        results.append(
            {
                "key": result_key(result_name),
                "name": result_name,
                "categories": list(categories),
                "node_uuids": [wait["uuid"]],
            }
        )
    if not nodes:
        nodes.append(
            _action_node(
                rng,
                {
                    "type": "set_contact_field",
                    "uuid": uuid4_from(rng),
                    "field": {"key": "occupation", "name": "Occupation"},
                    "value": "@fields.occupation",
                },
            )
        )
    ui: dict[str, object] = {
        "nodes": {
            node["uuid"]: {
                "position": {"left": 0, "top": i * 160},
                "type": "wait_for_response" if "router" in node else "execute_actions",
            }
            for i, node in enumerate(nodes)
        },
        "stickies": {},
    }
    definition: FlowDefinition = {
        "_ui": ui,
        "expire_after_minutes": spec.expires,
        "language": "eng",
        "localization": {},
        "name": spec.name,
        "nodes": nodes,
        "spec_version": SPEC_VERSION,
        "type": FLOW_TYPES[spec.type],
        "uuid": uuid4_from(rng),
        "revision": 1 + rng.randrange(12),
    }
    return definition, results


def _action_node(rng: random.Random, action: dict[str, object]) -> Node:
    return {"actions": [action], "exits": [{"uuid": uuid4_from(rng)}], "uuid": uuid4_from(rng)}


def _prompt_nodes(
    rng: random.Random, question: str, result_name: str, categories: tuple[str, ...]
) -> tuple[Node, Node]:
    ask = _action_node(
        rng, {"text": question, "type": "send_msg", "uuid": uuid4_from(rng), "quick_replies": []}
    )
    exits: list[Exit] = [{"uuid": uuid4_from(rng)} for _ in categories]
    cats: list[Category] = [
        {"exit_uuid": ex["uuid"], "name": name, "uuid": uuid4_from(rng)}
        for ex, name in zip(exits, categories, strict=True)
    ]
    cases: list[Case] = [
        {
            "arguments": [name.lower()],
            "category_uuid": cat["uuid"],
            "type": "has_any_word",
            "uuid": uuid4_from(rng),
        }
        for name, cat in zip(categories[:-1], cats, strict=False)
    ]
    router: Router = {
        "cases": cases,
        "categories": cats,
        "default_category_uuid": cats[-1]["uuid"],
        "operand": "@input.text",
        "result_name": result_name,
        "type": "switch",
        "wait": {"type": "msg"},
    }
    wait: Node = {"exits": exits, "router": router, "uuid": uuid4_from(rng), "actions": []}
    return ask, wait
