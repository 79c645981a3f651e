"""The lookup cache on an in-process sandbox: each list fetched once through the metered client
(counted and recorded), every page followed up to a bound, refreshed on request; contacts found
on demand; a request's unknown names found before it is sent."""

from __future__ import annotations

import asyncio

from explorer.app.events import Event
from explorer.app.lookups import Item, Listing, Lookups, read_item
from explorer.core.catalog import Reference
from explorer.core.request import ApiRequest
from tests.app.support import Clock, FlakyTransport, sandbox_session, sandbox_transport

GROUPS = Reference("groups", "name")
FLOWS = Reference("flows", "uuid")
CONTACTS = Reference("contacts", "uuid")


def wire(transport: FlakyTransport, slug: str) -> list[str]:
    return [url for url in transport.urls if f"/{slug}.json" in url]


async def lookups_on_sandbox(contacts: int = 600) -> tuple[Lookups, FlakyTransport]:
    clock = Clock()
    transport = FlakyTransport(sandbox_transport(clock, contacts=contacts))
    session = await sandbox_session(clock, [], transport=transport)
    return Lookups(session), transport


async def test_groups_are_fetched_once_counted_and_offered_by_prefix() -> None:
    lookups, transport = await lookups_on_sandbox()
    before = lookups.session.limiter.snapshot()
    first, again = await asyncio.gather(
        lookups.candidates(GROUPS, "Fa"), lookups.candidates(GROUPS, "v")
    )
    assert [item.name for item in first] == ["Farmers"]
    assert [item.name for item in again] == ["VIP", "Survey Panel"]  # prefix first, then within
    assert len(wire(transport, "groups")) == 1  # two pickers at once share one fetch
    await lookups.candidates(GROUPS, "Rep")
    assert len(wire(transport, "groups")) == 1
    assert lookups.session.limiter.snapshot() != before  # counted against the budget
    recorded = lookups.session.client.history.recent(5)
    assert any(entry.path == "/api/v2/groups.json" for entry in recorded)


async def test_refresh_fetches_again() -> None:
    lookups, transport = await lookups_on_sandbox()
    await lookups.listing("flows")
    lookups.refresh()
    assert lookups.cached("flows") is None
    flows = await lookups.listing("flows")
    assert len(wire(transport, "flows")) == 2
    assert all(item.value and item.name for item in flows.items)


async def test_every_page_is_followed_up_to_the_bound() -> None:
    lookups, transport = await lookups_on_sandbox(contacts=600)
    everything = await lookups._fetch("contacts", {}, 10_000)
    assert everything.complete and len(wire(transport, "contacts")) == 3  # pages of 250
    assert len({item.value for item in everything.items}) == len(everything.items) > 500
    partial = await lookups._fetch("contacts", {}, 300)
    assert len(partial.items) == 300 and not partial.complete


async def test_contacts_by_name_among_recent_and_by_urn_exactly() -> None:
    lookups, transport = await lookups_on_sandbox()
    recent = (await lookups.listing("contacts")).items
    assert len(recent) == 250 and len(wire(transport, "contacts")) == 1  # not all 600
    wanted = next(item for item in recent if item.name and item.detail)
    by_name = await lookups.candidates(CONTACTS, wanted.name[:4].lower())
    assert wanted in by_name and all(wanted.name[:4] in item.name for item in by_name)
    urn = wanted.detail
    by_urn = await lookups.candidates(CONTACTS, urn)
    assert [item.value for item in by_urn] == [wanted.value]
    assert f"urn={urn.replace(':', '%3A').replace('+', '%2B')}" in wire(transport, "contacts")[-1]


async def test_an_unknown_group_name_is_found_before_sending() -> None:
    lookups, _ = await lookups_on_sandbox()
    request = ApiRequest(
        "GET", "/api/v2/contacts.json", (("group", "NoSuchGroup"),), endpoint="contacts"
    )
    assert await lookups.check(request) == {
        "group": ["no group is named 'NoSuchGroup' in this workspace"]
    }
    known = ApiRequest("GET", "/api/v2/contacts.json", (("group", "farmers"),))
    assert await lookups.check(known) == {}  # names compare case-insensitively, as the API does


async def test_unknown_items_of_a_body_list_and_an_unknown_uuid() -> None:
    lookups, _ = await lookups_on_sandbox()
    farmers = (await lookups.listing("groups")).find("Farmers")
    assert farmers is not None
    body = {"text": "hi", "groups": [farmers.value, "Nobody"]}
    broadcast = ApiRequest("POST", "/api/v2/broadcasts.json", body=body)
    assert await lookups.check(broadcast) == {
        "groups": ["no group is named 'Nobody' in this workspace"]
    }
    flow = "00000000-0000-4000-8000-000000000000"
    runs = ApiRequest("GET", "/api/v2/runs.json", (("flow", flow),))
    assert await lookups.check(runs) == {
        "flow": [f"no flow has the UUID '{flow}' in this workspace"]
    }


async def test_a_list_that_cannot_be_fetched_lets_the_request_go() -> None:
    clock = Clock()
    transport = FlakyTransport(sandbox_transport(clock), fail={2, 3, 4, 5, 6})
    events: list[Event] = []
    session = await sandbox_session(clock, events, transport=transport)
    lookups = Lookups(session)
    request = ApiRequest("GET", "/api/v2/contacts.json", (("group", "NoSuchGroup"),))
    assert await lookups.check(request) == {}
    assert lookups.cached("groups") is None  # asked again next time


async def test_a_partial_list_does_not_call_a_name_unknown() -> None:
    lookups, _ = await lookups_on_sandbox()
    lookups.max_items = 2
    request = ApiRequest("GET", "/api/v2/contacts.json", (("group", "NoSuchGroup"),))
    assert await lookups.check(request) == {}
    groups = lookups.cached("groups")
    assert groups is not None and not groups.complete and len(groups.items) == 2


async def test_the_workspace_time_zone_comes_with_the_session() -> None:
    lookups, _ = await lookups_on_sandbox()
    assert lookups.zone_name == "Africa/Kigali"


def test_hostile_items_are_kept_as_text_or_dropped() -> None:
    assert read_item("groups", {"uuid": 3, "name": "x"}) is None
    assert read_item("groups", ["not", "an", "object"]) is None
    assert read_item("groups", {"uuid": "u", "name": {"nested": 1}}) == Item("u", "")
    assert read_item("fields", {"key": "age", "label": "Age"}) == Item("age", "Age")
    hostile = read_item("groups", {"uuid": "u", "name": "[b]x\x1b[2J"})
    assert hostile is not None and hostile.name == "[b]x\x1b[2J"


def test_matching_puts_prefixes_first() -> None:
    listing = Listing((Item("1", "Youth Club"), Item("2", "Club Med"), Item("3", "Other")))
    assert [i.name for i in listing.matching("club")] == ["Club Med", "Youth Club"]
    assert [i.name for i in listing.matching("")] == ["Youth Club", "Club Med", "Other"]


async def test_a_urn_still_being_typed_searches_the_recent_contacts() -> None:
    lookups, transport = await lookups_on_sandbox()
    await lookups.candidates(CONTACTS, "tel:+2507")
    assert not any("urn=" in url for url in wire(transport, "contacts"))


async def test_choosing_fills_the_name_where_the_api_takes_one_and_it_is_plain() -> None:
    lookups, _ = await lookups_on_sandbox()
    farmers = (await lookups.listing("groups")).find("Farmers")
    assert farmers is not None
    assert lookups.fill(GROUPS, farmers) == "Farmers"
    assert lookups.fill(Reference("groups", "uuid"), farmers) == farmers.value
    for odd in ("Farmers, North", " Farmers", "Far\x1bmers", ""):
        assert lookups.fill(GROUPS, Item(farmers.value, odd)) == farmers.value
    twin = Item("another-uuid", "FARMERS")
    assert lookups.fill(GROUPS, twin) == "another-uuid"  # two groups would answer to it


async def test_a_partial_list_is_said_to_be_partial() -> None:
    lookups, _ = await lookups_on_sandbox()
    lookups.max_items = 2
    await lookups.candidates(GROUPS, "")
    assert lookups.limit_note(GROUPS, "") == (
        "only the first 2 groups are searched: there are more"
    )
    await lookups.candidates(CONTACTS, "a")
    note = lookups.limit_note(CONTACTS, "a")
    assert note is not None and note.startswith("only the 250 most recently changed contacts")
    assert lookups.limit_note(CONTACTS, "tel:+250788123123") is None
    assert lookups.limit_note(FLOWS, "") is None  # not fetched: nothing to say
