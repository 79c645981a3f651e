"""Contact writes, standing in for mailroom: create, update by UUID or URN, delete, smart groups.

Only the keys a body carries are changed. URN conflicts, unknown fields and smart groups give the
server's field errors; smart group membership follows the simple ``key op value`` queries the
seeded groups use.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from typing import Any

from explorer.sandbox.endpoints import refs
from explorer.sandbox.endpoints import serialize as s
from explorer.sandbox.endpoints.validation import normalize_urn
from explorer.sandbox.http.call import Call, Reply
from explorer.sandbox.http.failures import Errors
from explorer.sandbox.store import models as m
from explorer.sandbox.store.workspace import Workspace

QUERY = re.compile(r'^(?P<key>\w+)\s*(?P<op>>=|<=|>|<|=)\s*"?(?P<value>[^"]*)"?$')
OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "=": operator.eq,
}
LANGUAGE = re.compile(r"^[a-z]{3}$")


def write_contact(call: Call, body: dict[str, Any], target: m.Contact | str | None) -> Reply:
    """Create (no lookup, or ``?urn=`` nobody has: 201) or update the looked-up contact (200)."""
    ws, errors = call.ws, call.errors
    urn_lookup = isinstance(target, str) or "urn" in call.query
    if urn_lookup and "urns" in body:
        errors.add("urns", "Cannot change URNs when looking up by URN.")
    contact = target if isinstance(target, m.Contact) else None
    changes = _changes(ws, errors, body, contact)
    errors.raise_if_any()
    status = 200
    if contact is None:
        contact = refs.new_contact(ws, [target] if isinstance(target, str) else [])
        status = 201
    _apply(ws, contact, body, changes, call.user)
    return Reply(status, s.contact(contact, anon=ws.info.anon))


def _changes(ws: Workspace, errors: Errors, body: dict[str, Any], contact: m.Contact | None) -> Any:
    language = body.get("language")
    if language is not None and not LANGUAGE.match(str(language)):
        errors.add("language", "Not a valid ISO639-3 language code.")
    urns = [normalize_urn(u, ws.info.country) for u in body.get("urns") or []]
    taken = {
        str(i): ["URN is in use by another contact."]
        for i, urn in enumerate(urns)
        if ws.urn_owners.get(urn) not in (None, contact)
    }
    if taken:
        errors["urns"] = taken
    groups = refs.manual_groups(ws, errors, "groups", body.get("groups") or [])
    fields = body.get("fields") or {}
    _check_fields(ws, errors, fields)
    return urns, groups, fields


def _check_fields(ws: Workspace, errors: Errors, fields: dict[str, Any]) -> None:
    """Unknown keys first (a list of messages); values only when every key is known (by key)."""
    unknown = [key for key in fields if ws.fields.get(key) is None]
    for key in unknown:
        errors.add("fields", f"Invalid contact field key: {key}")
    nulls = {
        key: ["Null characters are not allowed."]
        for key, value in fields.items()
        if isinstance(value, str) and "\0" in value
    }
    if nulls and not unknown:
        errors["fields"] = nulls


def _apply(
    ws: Workspace, contact: m.Contact, body: dict[str, Any], changes: Any, author: m.User
) -> None:
    urns, groups, fields = changes
    if "name" in body:
        contact.name = body["name"]
    if "language" in body:
        contact.language = body["language"]
    if "urns" in body:
        ws.set_urns(contact, urns)
    if fields:
        contact.fields.update({k: None if v in (None, "") else str(v) for k, v in fields.items()})
    if "groups" in body:
        smart = [g for g in contact.groups if g.query is not None]
        ws.set_groups(contact, [*groups, *smart])
    if body.get("note"):
        contact.notes.append(m.Note(str(body["note"]), ws.now(), author))
    refresh_smart_groups(ws, contact)
    ws.touch_contact(contact)


def refresh_smart_groups(ws: Workspace, contact: m.Contact) -> None:
    """Re-evaluate the seeded smart groups' queries against the contact's fields."""
    for group in ws.groups:
        if group.query is None or group.system or not group.is_active:
            continue
        inside = contact.status == "active" and matches(group.query, contact.fields)
        if inside and group not in contact.groups:
            contact.groups.append(group)
            group.members.add(contact.id)
        elif not inside and group in contact.groups:
            contact.groups.remove(group)
            group.members.discard(contact.id)


def matches(query: str, fields: dict[str, str | None]) -> bool:
    parsed = QUERY.match(query)
    if parsed is None:
        return False
    value = fields.get(parsed.group("key"))
    if value is None:
        return False
    wanted: Any = parsed.group("value")
    actual: Any = value
    if wanted.lstrip("-").isdigit():
        try:
            actual, wanted = float(value), float(wanted)
        except ValueError:
            return False
    return bool(OPERATORS[parsed.group("op")](actual, wanted))


def delete_contact(call: Call, contact: m.Contact) -> None:
    release(call.ws, contact)


def release(ws: Workspace, contact: m.Contact) -> None:
    """Delete a contact: no groups, no URNs, shown with nulls under ``?deleted=true``."""
    ws.set_groups(contact, [])
    ws.set_urns(contact, [])
    contact.is_active = False
    contact.flow = None
    ws.touch_contact(contact)
