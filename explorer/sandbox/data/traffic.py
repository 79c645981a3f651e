"""Messaging traffic in bulk: messages in every folder, and the broadcasts some of them came from.

Message counts scale with contacts (about one and a half per contact); every folder, direction,
status, label, attachment and quick reply shape the API can return is represented.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from explorer.sandbox.data import examples, pools
from explorer.sandbox.data.seeding import between, pick
from explorer.sandbox.store import models as m
from explorer.sandbox.store.workspace import Workspace, uuid4_from

# (direction, status, visibility, share): inbox, flows, archived, sent..., outbox, failed.
KINDS = (
    ("in", "handled", "visible", 40),
    ("in", "handled-flow", "visible", 15),
    ("in", "handled", "archived", 5),
    ("out", "sent", "visible", 15),
    ("out", "delivered", "visible", 10),
    ("out", "read", "visible", 3),
    ("out", "wired", "visible", 4),
    ("out", "queued", "visible", 3),
    ("out", "errored", "visible", 1),
    ("out", "failed", "visible", 4),
)


def attachment(rng: random.Random) -> str:
    content_type, name = pick(rng, pools.ATTACHMENTS)
    return f"{content_type}:{m.MEDIA_HOST}/attachments/{uuid4_from(rng)}/{name}"


class Traffic:
    def __init__(self, ws: Workspace, rng: random.Random, now: datetime) -> None:
        self.ws = ws
        self.rng = rng
        self.now = now
        self.kinds = [kind for kind in KINDS for _ in range(kind[3])]
        self.message_flows = [f for f in ws.flows if f.type == "message" and not f.archived]
        self.labels = ws.labels.rows
        self.sms_channels = [c for c in ws.channels if c.type in ("android", "whatsapp")]

    def build(self, contacts: int) -> None:
        people = [c for c in self.ws.contacts.rows if c.is_active]
        if not people:
            return
        broadcasts = self._broadcasts(people)
        count = contacts + contacts // 2 + 50
        first_id = self.ws.reserve_ids("messages", count)
        span = 60 * 86400
        offsets = sorted((self.rng.random() * span for _ in range(count)), reverse=True)
        rows = [self._message(first_id + i, offsets[i], people, broadcasts) for i in range(count)]
        examples.plant_incoming_messages(rows)
        self.ws.messages.load(rows)
        for message in rows:
            for label in message.labels:
                label.messages.add(message.id)

    def _broadcasts(self, people: list[m.Contact]) -> list[m.Broadcast]:
        groups = [g for g in self.ws.groups if not g.system]
        out = []
        for index, text in enumerate(pools.BROADCAST_TEXTS):
            created = self.now - timedelta(days=55 - index * 11, seconds=self.rng.randrange(86400))
            group = groups[index % len(groups)]
            direct = self.rng.sample(people, min(2, len(people))) if index % 2 else []
            by_urn = index == 3  # sent to phone numbers rather than to contacts
            has_media = index == 2
            langs = list(text)
            b = m.Broadcast(
                self.ws.next_id("broadcasts"),
                self.ws.new_uuid7(created),
                "completed",
                [c.urns[0] for c in direct if c.urns] if by_urn else [],
                [] if by_urn else direct,
                [group] if not direct else [],
                dict(text),
                {lang: [attachment(self.rng)] if has_media else [] for lang in langs},
                {lang: list(pools.QUICK_REPLIES[0]) if index == 4 else [] for lang in langs},
                "eng",
                created,
                total=len(direct) if direct else len(group.members),
            )
            out.append(self.ws.broadcasts.add(b))
        return out

    def _message(
        self,
        msg_id: int,
        seconds_back: float,
        people: list[m.Contact],
        broadcasts: list[m.Broadcast],
    ) -> m.Message:
        rng = self.rng
        direction, status, visibility, _ = pick(rng, self.kinds)
        contact = pick(rng, people)
        created = self.now - timedelta(seconds=seconds_back + 60)
        flow = None
        if status == "handled-flow":
            status, flow = "handled", pick(rng, self.message_flows)
        incoming = direction == "in"
        text = (
            pick(rng, pools.FLOW_REPLIES if flow else pools.INBOX_TEXTS)
            if incoming
            else pick(rng, pools.OUTGOING_TEXTS)
        )
        broadcast = None
        if not incoming and rng.random() < 0.3:
            chosen = pick(rng, broadcasts)
            broadcast, text = chosen.id, chosen.text["eng"]
        failed = status == "failed" and rng.random() < 0.3
        sent = (
            created + timedelta(seconds=between(rng, 1, 20))
            if status in ("sent", "delivered", "read", "wired")
            else None
        )
        message = m.Message(
            id=msg_id,
            uuid=self.ws.new_uuid7(created),
            contact=contact,
            urn=None if failed or not contact.urns else contact.urns[0],
            channel=None if failed else pick(rng, self.sms_channels),
            direction=direction,
            type="text",
            status=status,
            visibility=visibility,
            text=text,
            flow=flow,
            attachments=[attachment(rng)] if rng.random() < 0.06 else [],
            quick_replies=list(pick(rng, pools.QUICK_REPLIES))
            if not incoming and rng.random() < 0.1
            else [],
            created_on=created,
            sent_on=sent,
            modified_on=(sent or created) + timedelta(microseconds=between(rng, 1, 10**7)),
            broadcast=broadcast,
        )
        if incoming and rng.random() < 0.12:
            message.labels = rng.sample(self.labels, pick(rng, (1, 1, 2)))
        return message
