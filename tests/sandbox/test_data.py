"""The seeded workspace: reproducible, realistic, sized by a parameter, references consistent."""

from __future__ import annotations

from collections import Counter

from explorer.sandbox.data import build_workspace
from explorer.sandbox.store.workspace import Workspace

from .support import NOW


def test_same_seed_same_workspace() -> None:
    first, second = build_workspace(50, seed=5, now=NOW), build_workspace(50, seed=5, now=NOW)
    assert [c.uuid for c in first.contacts] == [c.uuid for c in second.contacts]
    assert [m.text for m in first.messages] == [m.text for m in second.messages]
    other = build_workspace(50, seed=6, now=NOW)
    assert [c.uuid for c in other.contacts] != [c.uuid for c in first.contacts]


def test_size_follows_the_contacts_parameter() -> None:
    small = build_workspace(10, seed=1, now=NOW)
    assert len(small.contacts) == 10
    assert len(build_workspace(500, seed=1, now=NOW).messages) > len(small.messages)


def test_variety(workspace: Workspace) -> None:
    schemes = Counter(urn.split(":")[0] for c in workspace.contacts for urn in c.urns)
    assert {"tel", "whatsapp", "telegram", "mailto", "facebook"} <= set(schemes)
    dial_codes = {u[4:8] for c in workspace.contacts for u in c.urns if u.startswith("tel:")}
    assert {"+250", "+254", "+256", "+234"} <= dial_codes
    assert {f.type for f in workspace.fields} == {
        "text",
        "number",
        "datetime",
        "state",
        "district",
        "ward",
    }
    assert {f.type for f in workspace.flows} == {"message", "voice", "background", "survey"}
    assert {c.type for c in workspace.channels} >= {"android", "whatsapp", "telegram"}
    assert any(g.query for g in workspace.groups) and any(g.query is None for g in workspace.groups)
    assert any(m.attachments for m in workspace.messages)
    assert any(m.quick_replies for m in workspace.messages)
    assert {c.status for c in workspace.contacts} == {"active", "blocked", "stopped", "archived"}
    assert any(r.values and r.path for r in workspace.runs)


def test_references_are_consistent(workspace: Workspace) -> None:
    for group in workspace.groups:
        members = {c.id for c in workspace.contacts if group in c.groups}
        assert members == group.members, group.name
    for message in workspace.messages:
        assert workspace.contacts.get(message.contact.uuid) is message.contact
        for label in message.labels:
            assert message.id in label.messages
    for run in workspace.runs:
        nodes = {node["uuid"] for node in run.flow.definition["nodes"]}
        assert {step["node"] for step in run.path} <= nodes
    assert all(workspace.urn_owners[u] is c for c in workspace.contacts for u in c.urns)
