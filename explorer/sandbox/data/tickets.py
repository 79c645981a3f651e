"""Tickets: open and closed, on every topic, some assigned, opened by a flow or by a user."""

from __future__ import annotations

from datetime import timedelta

from explorer.sandbox.data import examples
from explorer.sandbox.data.seeding import Seeder
from explorer.sandbox.store import models as m


def add_tickets(seed: Seeder, contacts: int) -> None:
    ws, rng = seed.ws, seed.rng
    topics = list(ws.topics)
    agents = [u for u in ws.users if u.role in ("agent", "administrator")]
    people = ws.contacts.rows
    tickets = []
    for _ in range(min(len(people), max(5, contacts // 40))):
        contact = rng.choice(people)
        opened = seed.moment(0, 60)
        closed = rng.random() < 0.55
        closed_on = opened + timedelta(hours=rng.randrange(1, 72)) if closed else None
        topic = rng.choice(topics)
        assignee = rng.choice(agents) if rng.random() < 0.6 else None
        flow = rng.choice(ws.flows.rows) if rng.random() < 0.3 else None
        # a ticket not opened by a flow was often opened by hand, by an agent or an administrator
        opener = rng.choice(agents) if flow is None and rng.random() < 0.5 else None
        ticket = m.Ticket(
            ws.next_id("tickets"),
            ws.new_uuid7(opened),
            contact,
            "closed" if closed else "open",
            topic,
            assignee,
            opened,
            opener,
            flow,
            closed_on or opened + timedelta(minutes=5),
            closed_on,
        )
        tickets.append(ticket)
    examples.plant_ticket_uuid(tickets)
    ws.tickets.load(tickets)
    _join_open_tickets_group(seed)


def _join_open_tickets_group(seed: Seeder) -> None:
    """Contacts with an open ticket are in the system group ``Open Tickets``."""
    open_group = next(g for g in seed.ws.groups if g.system)
    for ticket in seed.ws.tickets:
        if ticket.status == "open" and open_group not in ticket.contact.groups:
            ticket.contact.groups.append(open_group)
            open_group.members.add(ticket.contact.id)
