"""Writes that send: broadcasts, single messages, flow starts; and media uploads.

Mailroom does the sending on the real server; here a new message is ``queued`` on the workspace's
first SMS channel, or ``failed`` with no channel and no URN when the contact cannot be reached.
"""

from __future__ import annotations

import json
from typing import Any

from explorer.sandbox.endpoints import refs
from explorer.sandbox.endpoints import serialize as s
from explorer.sandbox.endpoints import serialize_flows as sf
from explorer.sandbox.endpoints.validation import as_bool, normalize_urn, present
from explorer.sandbox.http.call import Call, Reply
from explorer.sandbox.http.failures import Errors, field_errors, non_field
from explorer.sandbox.store import models as m
from explorer.sandbox.store.workspace import Workspace

MEDIA_TYPES = ("image/apng", "image/avif", "image/gif", "image/jpeg", "image/png", "image/webp")
MAX_UPLOAD = 25 * 1024 * 1024
SENDABLE = ("tel", "whatsapp", "telegram", "facebook")


def broadcast(call: Call, body: dict[str, Any], _target: Any) -> Reply:
    ws, errors = call.ws, call.errors
    contacts = refs.many(
        errors, "contacts", body.get("contacts") or [], lambda v: refs.contact(ws, v)
    )
    groups = refs.many(errors, "groups", body.get("groups") or [], lambda v: refs.group(ws, v))
    attachments = _attachments(ws, errors, body.get("attachments"))
    errors.raise_if_any()
    if not present(("text", "attachments"), body):
        raise non_field("Must provide either text or attachments.")
    if not present(("urns", "contacts", "groups"), body):
        raise non_field("Must provide either urns, contacts or groups.")
    primary = ws.info.primary_language
    text = _per_language(body.get("text"), primary, "")
    base = body.get("base_language") or primary
    if text and base not in text:
        raise field_errors({"base_language": ["No text translation provided in base language."]})
    urns = [normalize_urn(u, ws.info.country) for u in body.get("urns") or []]
    created = ws.stamp()
    langs = list(text) or [base]
    item = m.Broadcast(
        ws.next_id("broadcasts"),
        ws.new_uuid7(created),
        "queued",
        urns,
        contacts,
        groups,
        text,
        {lang: list(attachments.get(lang, [])) for lang in langs},
        _per_language(body.get("quick_replies"), primary, []) or {lang: [] for lang in langs},
        base,
        created,
        total=len(urns) + len(contacts) + sum(len(g.members) for g in groups),
    )
    ws.broadcasts.add(item)
    for contact in [*contacts, *(refs.contact_or_new(ws, urn) for urn in urns)]:
        _send(
            ws, contact, text.get(contact.language or base) or text.get(base, ""), [], [], item.id
        )
    return Reply(201, s.broadcast(item, anon=ws.info.anon))


def _per_language(value: Any, primary: str, empty: Any) -> dict[str, Any]:
    if value is None or value == empty:
        return {}
    return dict(value) if isinstance(value, dict) else {primary: value}


def _attachments(ws: Workspace, errors: Errors, value: Any) -> dict[str, list[str]]:
    by_language = _per_language(value, ws.info.primary_language, [])
    return {
        lang: [_attachment(ws, errors, item) for item in items]
        for lang, items in by_language.items()
    }


def _attachment(ws: Workspace, errors: Errors, value: Any) -> str:
    """A media UUID or a ``content-type:url`` string, as stored on messages."""
    text = str(value)
    media = ws.media.get(text.lower())
    if media is not None:
        return f"{media.content_type}:{media.url}"
    if ":" not in text or "/" not in text.split(":", 1)[0]:
        errors.add("attachments", refs.no_such(text))
    return text


def message(call: Call, body: dict[str, Any], _target: Any) -> Reply:
    ws, errors = call.ws, call.errors
    contact = refs.one(errors, "contact", body.get("contact"), lambda v: refs.contact(ws, v))
    attachments = [_attachment(ws, errors, a) for a in body.get("attachments") or []]
    replies = _quick_replies(errors, body.get("quick_replies") or [])
    errors.raise_if_any()
    if not present(("text", "attachments"), body):
        raise non_field("Must provide either text or attachments.")
    sent = _send(ws, contact, body.get("text") or "", attachments, replies, None)
    return Reply(201, s.message(sent, anon=ws.info.anon))


def _quick_replies(errors: Errors, items: list[Any]) -> list[dict[str, str]]:
    replies, problems = [], {}
    for index, item in enumerate(items):
        reply = {"type": "text", "text": item} if isinstance(item, str) else dict(item)
        kind = reply.setdefault("type", "text")
        if kind in ("form", "url") and not (reply.get("text") and reply.get("extra")):
            problems[str(index)] = [
                f"Quick replies of type '{kind}' require 'text' and 'extra' values."
            ]
        elif kind == "text" and not reply.get("text"):
            problems[str(index)] = ["Quick replies of type 'text' require a 'text' value."]
        elif len(str(reply.get("text", ""))) > 64:
            problems[str(index)] = ["Ensure this field has no more than 64 characters."]
        replies.append(reply)
    if problems:
        errors["quick_replies"] = problems
    return replies


def _send(
    ws: Workspace,
    contact: m.Contact,
    text: str,
    attachments: list[str],
    replies: list[dict[str, str]],
    broadcast_id: int | None,
) -> m.Message:
    urn = next((u for u in contact.urns if u.split(":", 1)[0] in SENDABLE), None)
    channel = next((c for c in ws.channels if c.type in ("android", "whatsapp")), None)
    reachable = urn is not None and channel is not None and contact.status == "active"
    now = ws.stamp()
    msg = m.Message(
        ws.next_id("messages"),
        ws.new_uuid7(now),
        contact,
        urn if reachable else None,
        channel if reachable else None,
        "out",
        "text",
        "queued" if reachable else "failed",
        "visible",
        text,
        None,
        attachments,
        replies,
        now,
        None,
        now,
        broadcast_id,
    )
    ws.messages.add(msg)
    return msg


def flow_start(call: Call, body: dict[str, Any], _target: Any) -> Reply:
    ws, errors = call.ws, call.errors
    flow = refs.one(errors, "flow", body.get("flow"), lambda v: ws.flows.get(str(v).lower()))
    groups = refs.many(errors, "groups", body.get("groups") or [], lambda v: refs.group(ws, v))
    contacts = refs.many(
        errors, "contacts", body.get("contacts") or [], lambda v: refs.contact(ws, v)
    )
    params = body.get("params", body.get("extra")) or {}
    if len(json.dumps(params)) > 10000:
        errors.add("params", "Ensure this field has no more than 10000 characters.")
    errors.raise_if_any()
    if not present(("groups", "contacts", "urns"), body):
        raise non_field("Must specify at least one group, contact or URN")
    contacts += [
        refs.contact_or_new(ws, normalize_urn(u, ws.info.country)) for u in body.get("urns") or []
    ]
    now = ws.stamp()
    start = m.FlowStart(
        ws.next_id("flow_starts"),
        ws.new_uuid(),
        flow,
        "pending",
        groups,
        contacts,
        params,
        as_bool(body.get("restart_participants", True)),
        as_bool(body.get("exclude_active", False)),
        now,
        now,
    )
    return Reply(201, sf.flow_start(ws.flow_starts.add(start)))


def media(call: Call) -> Reply:
    upload = call.files.get("file")
    if upload is None:
        raise field_errors({"file": ["No file was submitted."]})
    allowed = upload.content_type in MEDIA_TYPES or upload.content_type.split("/")[0] in (
        "audio",
        "video",
    )
    if not allowed:
        raise field_errors({"file": ["Unsupported file type."]})
    if len(upload.data) > MAX_UPLOAD:
        raise field_errors({"file": ["Limit for file uploads is 25.0 MB."]})
    uuid = call.ws.new_uuid()
    content_type = "audio/mp4" if upload.filename.endswith(".m4a") else upload.content_type
    item = m.Media(
        uuid,
        content_type,
        f"{m.MEDIA_HOST}/media/{uuid}/{upload.filename}",
        upload.filename,
        len(upload.data),
    )
    return Reply(201, s.media(call.ws.media.add(item)))
