"""Objects named in request bodies: contacts by UUID or URN, groups and labels by UUID or name...

Each resolver adds the server's field errors (``No such object: <value>``) to the request's
``Errors``, so a handler can report every bad field of a body in one 400, as DRF does.
"""

from __future__ import annotations

from typing import Any, TypeVar

from explorer.sandbox.endpoints.validation import is_uuid, normalize_urn
from explorer.sandbox.http.failures import Errors
from explorer.sandbox.store import models as m
from explorer.sandbox.store.workspace import Table, Workspace

T = TypeVar("T")
Named = TypeVar("Named", m.Group, m.Label)


def no_such(value: Any) -> str:
    return f"No such object: {value}"


def contact(ws: Workspace, value: Any) -> m.Contact | None:
    text = str(value)
    if is_uuid(text):
        found = ws.contacts.get(text.lower())
    else:
        try:
            found = ws.urn_owners.get(normalize_urn(text, ws.info.country))
        except ValueError:
            return None
    return found if found is not None and found.is_active else None


def group(ws: Workspace, value: Any) -> m.Group | None:
    return _by_uuid_or_name(ws.groups, value)


def label(ws: Workspace, value: Any) -> m.Label | None:
    return _by_uuid_or_name(ws.labels, value)


def _by_uuid_or_name(table: Table[Named], value: Any) -> Named | None:
    text = str(value)
    found = (
        table.get(text.lower())
        if is_uuid(text)
        else next(
            (row for row in table if row.name.lower() == text.lower() and row.is_active), None
        )
    )
    return found if found is not None and found.is_active else None


def many(errors: Errors, name: str, values: list[Any], find: Any) -> list[Any]:
    """Resolve a list of references; unknown ones become ``No such object`` errors on ``name``."""
    found = []
    for value in values:
        row = find(value)
        if row is None:
            errors.add(name, no_such(value))
        else:
            found.append(row)
    return found


def one(errors: Errors, name: str, value: Any, find: Any) -> Any:
    if value is None:
        return None
    row = find(value)
    if row is None:
        errors.add(name, no_such(value))
    return row


def manual_groups(ws: Workspace, errors: Errors, name: str, values: list[Any]) -> list[m.Group]:
    """Groups a contact can be put in by hand: smart (query) groups are refused."""
    groups = many(errors, name, values, lambda v: group(ws, v))
    for g in groups:
        if g.query is not None or g.system:
            errors.add(name, f"Contact group must not be query based: {g.name}")
    return groups


def new_contact(ws: Workspace, urns: list[str]) -> m.Contact:
    """A fresh active contact owning ``urns``, with every field present and empty."""
    now = ws.stamp()
    contact = m.Contact(
        ws.next_id("contacts"),
        ws.new_uuid(),
        None,
        "active",
        None,
        [],
        dict.fromkeys(f.key for f in ws.fields),
        now,
        now,
        None,
    )
    ws.contacts.add(contact)
    ws.set_urns(contact, urns)
    return contact


def contact_or_new(ws: Workspace, urn: str) -> m.Contact:
    """The contact owning ``urn``, created on the fly (as flow starts and broadcasts do)."""
    owner = ws.urn_owners.get(urn)
    return owner if owner is not None else new_contact(ws, [urn])


def find_in(table: Table[T], key: Any) -> T | None:
    row = table.get(key)
    return row if row is not None and getattr(row, "is_active", True) else None
