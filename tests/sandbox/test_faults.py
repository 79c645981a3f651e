"""Fault injection: off by default, each kind visible to a client, reproducible with a seed."""

from __future__ import annotations

import json
import re
import time

import httpx
import pytest

from explorer.sandbox.limits.faults import Faults, parse_faults
from explorer.sandbox.serve import start_sandbox
from explorer.sandbox.store.workspace import Workspace

from .support import FakeClock, client_for


def test_parse_faults() -> None:
    faults = parse_faults("latency=0.25, errors=0.1,seed=4")
    assert (faults.latency, faults.errors, faults.seed) == (0.25, 0.1, 4)
    assert not parse_faults("").active
    with pytest.raises(ValueError, match="unknown fault"):
        parse_faults("explode=1")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("errors=2", "errors=2: a share of requests is a probability from 0 to 1"),
        ("drop=-0.1", "drop=-0.1: a share of requests is a probability from 0 to 1"),
        ("latency=-1", "latency=-1: cannot be negative"),
        ("garbage=lots", "garbage='lots': expected a number"),
        ("seed=1.5", "seed='1.5': expected a whole number"),
        ("errors=0.6,drop=0.6", "add up to more than 1"),
    ],
)
def test_parse_faults_refuses_values_out_of_range(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=re.escape(words)):
        parse_faults(text)


def test_draws_are_reproducible_with_a_seed() -> None:
    first = Faults(errors=0.3, truncate=0.3, seed=9)
    second = Faults(errors=0.3, truncate=0.3, seed=9)
    draws = [first.draw() for _ in range(50)]
    assert draws == [second.draw() for _ in range(50)]
    assert {"errors", "truncate", None} == set(draws)


async def test_server_errors(workspace: Workspace, clock: FakeClock) -> None:
    async with client_for(workspace, clock, faults=Faults(errors=1.0)) as api:
        response = await api.get("/api/v2/fields.json")
    assert response.status_code == 500
    assert response.text == "Server Error. Site administrators have been notified."
    assert response.headers["content-type"] == "text/html; charset=utf-8"


async def test_truncated_and_garbage_bodies(workspace: Workspace, clock: FakeClock) -> None:
    async with client_for(workspace, clock, faults=Faults(truncate=1.0)) as api:
        truncated = await api.get("/api/v2/fields.json")
    assert truncated.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        truncated.json()
    async with client_for(workspace, clock, faults=Faults(garbage=1.0)) as api:
        garbage = await api.get("/api/v2/fields.json")
    assert garbage.status_code == 200 and garbage.text.startswith("<html>")


async def test_dropped_connection(workspace: Workspace, clock: FakeClock) -> None:
    async with client_for(workspace, clock, faults=Faults(drop=1.0)) as api:
        with pytest.raises(ConnectionAbortedError):
            await api.get("/api/v2/fields.json")


def test_over_http_drops_and_drips_reach_the_client() -> None:
    headers = {"Authorization": "Token " + "d" * 40}
    with (
        start_sandbox(contacts=20, token="d" * 40, faults=Faults(drop=1.0)) as running,
        httpx.Client() as http,
        pytest.raises(httpx.RemoteProtocolError),
    ):
        http.get(f"{running.base_url}/api/v2/fields.json", headers=headers)
    slow = Faults(drip=1.0, drip_delay=0.01, latency=0.05)
    with start_sandbox(contacts=20, faults=slow) as running, httpx.Client() as http:
        started = time.perf_counter()
        response = http.get(
            f"{running.base_url}/api/v2/fields.json",
            headers={"Authorization": f"Token {running.token}"},
        )
        elapsed = time.perf_counter() - started
    assert response.json()["results"]
    assert elapsed >= 0.05 + 0.01 * (len(response.content) // 64)
