"""``textit-explorer endpoints``: the terminal counterpart of the API's root listing."""

from __future__ import annotations

import json

import pytest

from explorer.cli import main
from explorer.core.catalog import load_catalog


def test_endpoints_json_lists_every_endpoint_with_methods_and_fields(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["endpoints", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    slugs = [e["slug"] for e in data["endpoints"]]
    assert slugs == [e.slug for e in load_catalog().endpoints]
    contacts = next(e for e in data["endpoints"] if e["slug"] == "contacts")
    assert contacts["path"] == "/api/v2/contacts.json"
    assert set(contacts["methods"]) == {"GET", "POST", "DELETE"}
    assert "urn" in contacts["methods"]["GET"]["params"]
    assert "urns" in contacts["methods"]["POST"]["body"]
    messages = next(e for e in data["endpoints"] if e["slug"] == "messages")
    assert messages["methods"]["POST"]["required"] == ["contact"]


def test_endpoints_text_is_grouped_and_marks_unlisted(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["endpoints"]) == 0
    out = capsys.readouterr().out
    assert out.index("Contacts\n") < out.index("/api/v2/contacts.json")
    assert "/api/v2/statistics.json  [unlisted]" in out
    assert "/api/v2/org.json  [deprecated]" in out
    assert "body.urns: list[urn]" in out
