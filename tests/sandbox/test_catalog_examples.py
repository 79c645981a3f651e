"""Every operation's pre-filled example, sent as the explorer sends it, succeeds on a fresh sandbox.

The examples are the server's web-explorer examples (``endpoints.json``); the seeded workspace holds
the objects they name (``explorer.sandbox.examples``). Each operation gets its own fresh workspace,
so a DELETE cannot hide a later GET. Every GET example must also find something.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from explorer.core.catalog import Kind, Operation, load_catalog
from explorer.core.client import ApiClient, ApiResponse
from explorer.core.request import build_request, parse_body_text, parse_query_text
from explorer.sandbox.app import create_app
from explorer.sandbox.data import DEFAULT_SEED, build_workspace

from .support import NOW, TOKEN, FakeClock

CONTACTS = 1000  # a small workspace whose message ids reach the examples' 1234 and 1235
OPERATIONS = [op for endpoint in load_catalog().endpoints for op in endpoint.operations]


def _name(op: Operation) -> str:
    return f"{op.method} {op.endpoint}"


async def _send_example(op: Operation, extra_body: dict[str, str]) -> ApiResponse:
    """Build the example with the explorer's own request code and send it to a fresh sandbox."""
    body_text = json.dumps(op.example_body) if op.example_body is not None else ""
    request = build_request(
        op,
        parse_query_text(op.example_query),
        {**parse_body_text(body_text), **extra_body},
    )
    workspace = build_workspace(CONTACTS, seed=DEFAULT_SEED, now=NOW)
    app = create_app(workspace, token=TOKEN, clock=FakeClock(NOW.timestamp() + 60))
    transport = httpx.ASGITransport(app=app)
    async with ApiClient("http://127.0.0.1:8000", TOKEN, transport=transport) as client:
        return await client.send(request)


def _failures(response: ApiResponse) -> list[object]:
    """The objects a bulk action could not act on (it still answers 200)."""
    body = response.json() if response.is_json else None
    return list(body.get("failures", [])) if isinstance(body, dict) else []


def _results(response: ApiResponse) -> object:
    body = response.json()
    return body.get("results") if isinstance(body, dict) else body


def _upload_for(op: Operation, tmp_path: Path) -> dict[str, str]:
    """A file for each file field: an example cannot carry one, a person picks it."""
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    return {param.name: str(picture) for param in op.body if param.kind is Kind.FILE}


@pytest.mark.parametrize("op", OPERATIONS, ids=_name)
async def test_the_example_works_on_a_fresh_sandbox(op: Operation, tmp_path: Path) -> None:
    response = await _send_example(op, _upload_for(op, tmp_path))
    assert 200 <= response.status < 300, f"{_name(op)}: {response.status} {response.text}"
    assert not _failures(response), response.text
    if op.method == "GET":
        assert _results(response) != [], f"{_name(op)} found nothing"


async def test_the_examples_act_on_the_planted_objects() -> None:
    operations = {(op.method, op.endpoint): op for op in OPERATIONS}
    started = (await _send_example(operations["POST", "flow_starts"], {})).json()
    assert started["flow"]["name"] == "Registration"
    sent = (await _send_example(operations["POST", "messages"], {})).json()
    assert sent["urn"] == "tel:+250788123123" and sent["contact"]["name"]


@pytest.mark.parametrize("seed", [1, 2, 3, DEFAULT_SEED])
def test_every_seed_plants_the_named_objects(seed: int) -> None:
    workspace = build_workspace(60, seed=seed, now=NOW)
    for urn in ("tel:+250788123123", "tel:+250788123124"):
        assert workspace.urn_owners[urn].status == "active"
    assert workspace.tickets.get("55b6606d-9e89-45d1-a3e2-dc11f19f78df") is not None
    assert workspace.flows.get("f5901b62-ba76-4003-9c62-72fdacc1b7b7") is not None
    assert workspace.fields.get("last_hit") is not None
    proposed_event = (
        "0d5a0f5e-2b8c-4f3e-9a77-6c1e2f4b8d10"  # for the DELETE campaign_events example
    )
    assert workspace.campaign_events.get(proposed_event) is not None
