"""History records: token-free by construction."""

from __future__ import annotations

import dataclasses

from explorer.core.history import HistoryEntry, SavedQuery


def test_records_have_no_field_that_could_hold_a_token_or_header() -> None:
    names = {f.name for f in dataclasses.fields(HistoryEntry)}
    names |= {f.name for f in dataclasses.fields(SavedQuery)}
    assert not {n for n in names if "token" in n or "header" in n or "auth" in n}
    assert {"profile", "base_url"} <= names  # an entry says where it was sent
