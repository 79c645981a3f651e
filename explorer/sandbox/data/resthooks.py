"""Resthooks, the URLs subscribed to them, and the events flows fired at them.

An event's ``data`` is what the flow posted: the engine's default webhook payload for the run that
reached the resthook action, with the results (values) the run had collected by then.
"""

from __future__ import annotations

from datetime import timedelta

from explorer.sandbox.data import examples, pools
from explorer.sandbox.data.seeding import Seeder
from explorer.sandbox.store import models as m
from explorer.sandbox.store.shapes import (
    Node,
    PayloadStep,
    PayloadUrn,
    Ref,
    ResthookPayload,
    iso_micro,
)

SUBSCRIBED_URLS = ("https://crm.example.org/hooks/registration", "https://alerts.example.org/cases")


def add_resthooks(seed: Seeder, contacts: int) -> None:
    ws = seed.ws
    hooks = []
    ws.reserve_ids("resthook_subscribers", examples.SUBSCRIBER_ID - 1)  # a big server's ids
    for index, slug in enumerate(pools.RESTHOOKS):
        created = seed.moment(200 - index * 30)
        hook = m.Resthook(ws.next_id("resthooks"), slug, created, created + timedelta(hours=index))
        hooks.append(ws.resthooks.add(hook))
    for hook, url in zip(hooks, SUBSCRIBED_URLS, strict=False):
        ws.resthook_subscribers.add(
            m.ResthookSubscriber(
                ws.next_id("resthook_subscribers"), hook, url, hook.created_on + timedelta(1)
            )
        )
    _add_events(seed, hooks, max(10, contacts // 100))


def _add_events(seed: Seeder, hooks: list[m.Resthook], count: int) -> None:
    """Events fired by the latest runs that answered something, each with what the flow posted."""
    answered = [run for run in seed.ws.runs if run.values]
    answered.sort(key=lambda run: max(value["time"] for value in run.values.values()))
    channel = next((c for c in seed.ws.channels if c.type == "android"), None)
    for index, run in enumerate(answered[-count:]):
        payload = resthook_payload(seed, run, channel)
        fired = max(value["time"] for value in run.values.values()) + timedelta(seconds=1)
        seed.ws.resthook_events.add(
            m.ResthookEvent(
                seed.ws.next_id("resthook_events"), hooks[index % len(hooks)], payload, fired
            )
        )


def resthook_payload(seed: Seeder, run: m.Run, channel: m.Channel | None) -> ResthookPayload:
    """The engine's default webhook body for ``run``: contact, flow, path, results and input."""
    contact = run.contact
    urn = contact.urns[0] if contact.urns else None
    last = max(run.values.values(), key=lambda value: value["time"])
    via: Ref | None = {"uuid": channel.uuid, "name": channel.name} if channel else None
    return {
        "contact": {"uuid": contact.uuid, "name": contact.name, "urn": urn},
        "flow": {
            "uuid": run.flow.uuid,
            "name": run.flow.name,
            "revision": run.flow.definition["revision"],
        },
        "path": _path(seed, run),
        "results": {
            key: {
                "name": value["name"],
                "value": value["value"],
                "category": value["category"],
                "node_uuid": value["node"],
                "input": value["value"],
                "created_on": iso_micro(value["time"]),
            }
            for key, value in run.values.items()
        },
        "run": {"uuid": run.uuid, "created_on": iso_micro(run.created_on)},
        "input": {
            "uuid": seed.uuid(),
            "type": "msg",
            "text": last["value"],
            "attachments": [],
            "channel": via,
            "created_on": iso_micro(last["time"]),
            "urn": _urn(urn),
        },
        "channel": via,
    }


def _path(seed: Seeder, run: m.Run) -> list[PayloadStep]:
    """The run's steps, each with the exit it left by (none for the step it waits at)."""
    nodes = {node["uuid"]: node for node in run.flow.definition["nodes"]}
    categories = {value["node"]: value["category"] for value in run.values.values()}
    steps: list[PayloadStep] = []
    for index, step in enumerate(run.path):
        last = index == len(run.path) - 1
        steps.append(
            {
                "uuid": seed.uuid(),
                "node_uuid": step["node"],
                "arrived_on": iso_micro(step["time"]),
                "exit_uuid": None if last else _exit(nodes[step["node"]], categories),
            }
        )
    return steps


def _exit(node: Node, categories: dict[str, str]) -> str:
    """The exit a node was left by: its only one, or its router's category for the answer."""
    router = node.get("router")
    if router is None:
        return node["exits"][0]["uuid"]
    chosen = categories.get(node["uuid"])
    return next(c["exit_uuid"] for c in router["categories"] if c["name"] == chosen)


def _urn(urn: str | None) -> PayloadUrn | None:
    if urn is None:
        return None
    scheme, _, path = urn.partition(":")
    return {"scheme": scheme, "path": path, "display": path}
