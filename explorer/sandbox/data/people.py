"""Contacts in bulk: names, URNs of several schemes, E164 numbers of several countries, fields.

Every choice comes from precomputed pools and one ``random.Random``; phone numbers embed the row
number so they are unique without a lookup. Group membership follows simple rules (smart groups by
their query, manual groups by chance), and only active contacts are members, as on the server.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from explorer.sandbox.data import pools
from explorer.sandbox.data.seeding import between, pick
from explorer.sandbox.store import models as m
from explorer.sandbox.store.workspace import Workspace, uuid4_from

STATUSES = ("active",) * 92 + ("blocked",) * 3 + ("stopped",) * 3 + ("archived",) * 2
MANUAL_GROUP_ODDS = {
    "Reporters": 0.05,
    "Farmers": 0.18,
    "VIP": 0.01,
    "Survey Panel": 0.1,
    "Pending Appointments": 0.0,
}


class ContactFactory:
    def __init__(self, ws: Workspace, rng: random.Random, now: datetime) -> None:
        self.ws = ws
        self.rng = rng
        self.now = now
        self.countries = [c for c in pools.COUNTRIES for _ in range(c.weight)]
        self.places = [
            (state, district, ward)
            for state, districts in pools.ADMIN_TREE.items()
            for district, wards in districts.items()
            for ward in wards
        ]
        self.groups = {g.name: g for g in ws.groups}
        self.field_keys = [f.key for f in ws.fields]
        self.recent = now - timedelta(days=30)  # last_hit: seen in the past month

    def build(self, count: int) -> list[m.Contact]:
        first_id = self.ws.reserve_ids("contacts", count)
        span = 380 * 86400
        created_offsets = sorted(self.rng.random() * span for _ in range(count))
        contacts = [
            self._contact(first_id + i, created_offsets[count - 1 - i]) for i in range(count)
        ]
        for contact in contacts:
            for urn in contact.urns:
                self.ws.urn_owners[urn] = contact
        return contacts

    def _contact(self, contact_id: int, seconds_back: float) -> m.Contact:
        rng = self.rng
        country = pick(rng, self.countries)
        created = self.now - timedelta(seconds=seconds_back + 3600)
        modified = created + timedelta(seconds=rng.random() * min(seconds_back, 90 * 86400))
        name = f"{pick(rng, country.first_names)} {pick(rng, country.last_names)}"
        if rng.random() < 0.02:
            name = ""
        age = between(rng, 12, 80)
        fields = self._fields(age, created)
        contact = m.Contact(
            id=contact_id,
            uuid=uuid4_from(rng),
            name=name or None,
            status=pick(rng, STATUSES),
            language=pick(rng, country.languages),
            urns=self._urns(contact_id, country),
            fields=fields,
            created_on=created,
            modified_on=modified,
            last_seen_on=modified - timedelta(seconds=rng.randrange(86400))
            if rng.random() < 0.85
            else None,
        )
        if contact.last_seen_on is not None and contact.last_seen_on > self.recent:
            fields["last_hit"] = _local_iso(contact.last_seen_on.replace(second=0, microsecond=0))
        if rng.random() < 0.01:
            contact.is_active = False
        elif contact.status == "active":
            self._join_groups(contact, age, fields)
        return contact

    def _urns(self, contact_id: int, country: pools.Country) -> list[str]:
        number = f"{country.dial}{pick(self.rng, country.mobile_prefixes)}{contact_id:06d}"
        urns = [f"tel:{number}"]
        roll = self.rng.random()
        if roll < 0.25:
            urns.append(f"whatsapp:{number[1:]}")
        elif roll < 0.32:
            urns.append(f"telegram:{700000000 + contact_id}")
        elif roll < 0.36:
            urns.append(f"facebook:{2000000000000 + contact_id * 7}")
        elif roll < 0.4:
            urns.insert(0, f"mailto:member{contact_id}@example.org")
        return urns

    def _fields(self, age: int, created: datetime) -> dict[str, str | None]:
        rng = self.rng
        state, district, ward = pick(rng, self.places)
        values: dict[str, str | None] = dict.fromkeys(self.field_keys)
        values["age"] = str(age)
        values["gender"] = pick(rng, ("F", "M", "F", "M", "Other"))
        values["joined"] = _local_iso(created.replace(microsecond=0, second=0))
        if rng.random() < 0.2:
            days = between(rng, -10, 40)
            values["next_appointment"] = _local_iso(
                (self.now + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
            )
        if rng.random() < 0.9:
            values["state"], values["district"] = state, district
            values["ward"] = ward if rng.random() < 0.7 else None
        values["occupation"] = pick(rng, pools.OCCUPATIONS) if rng.random() < 0.6 else None
        values["household_size"] = str(between(rng, 1, 12)) if rng.random() < 0.5 else None
        values["nick_name"] = pick(rng, pools.NICKNAMES) if rng.random() < 0.05 else None
        return values

    def _join_groups(self, contact: m.Contact, age: int, fields: dict[str, str | None]) -> None:
        rng = self.rng
        chosen = [
            self.groups[name] for name, odds in MANUAL_GROUP_ODDS.items() if rng.random() < odds
        ]
        if fields["next_appointment"]:
            chosen.append(self.groups["Pending Appointments"])
        if age < 25 and rng.random() < 0.3:
            chosen.append(self.groups["Youth Club"])
        if age >= 18:
            chosen.append(self.groups["Adults"])
        if fields["state"] == "Kigali City":
            chosen.append(self.groups["Kigali Residents"])
        contact.groups = chosen
        for group in chosen:
            group.members.add(contact.id)


def _local_iso(moment: datetime) -> str:
    """A datetime field value as the engine stores it: workspace-local with its offset."""
    local = (moment + timedelta(hours=2)).replace(tzinfo=None)
    return local.isoformat(timespec="seconds") + "+02:00"
