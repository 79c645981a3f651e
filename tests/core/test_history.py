"""History records: token-free by construction."""

from __future__ import annotations

import dataclasses

from explorer.core.history import HistoryEntry, SavedQuery, sent_query_values


def test_records_have_no_field_that_could_hold_a_token_or_header() -> None:
    names = {f.name for f in dataclasses.fields(HistoryEntry)}
    names |= {f.name for f in dataclasses.fields(SavedQuery)}
    assert not {n for n in names if "token" in n or "header" in n or "auth" in n}
    assert {"profile", "base_url"} <= names  # an entry says where it was sent


def test_an_entry_gives_its_url_or_the_same_request_on_another_server() -> None:
    entry = HistoryEntry("GET", "/api/v2/contacts.json", "group=VIP", base_url="http://h:1/")
    assert entry.url() == "http://h:1/api/v2/contacts.json?group=VIP"
    assert entry.url("http://h:2") == "http://h:2/api/v2/contacts.json?group=VIP"
    assert HistoryEntry("GET", "/api/v2/groups.json", base_url="http://h:1").url() == (
        "http://h:1/api/v2/groups.json"
    )


def test_a_sent_query_reads_plus_as_a_space_and_a_2b_as_plus() -> None:
    assert sent_query_values("group=VIP+s&urn=tel%3A%2B250&uuid=a&uuid=b") == {
        "group": "VIP s",
        "urn": "tel:+250",
        "uuid": "a, b",
    }
