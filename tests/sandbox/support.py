"""Helpers shared by the sandbox tests: fixed time, token, fake clock, in-process client."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from explorer.sandbox.app import create_app
from explorer.sandbox.limits.faults import Faults
from explorer.sandbox.store.workspace import Workspace

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
TOKEN = "0123456789abcdef0123456789abcdef01234567"
CONTACTS = 300


class FakeClock:
    """A clock the test moves by hand (seconds since the epoch, like ``time.time``)."""

    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def client_for(
    ws: Workspace, clock: FakeClock, *, rate: int = 2500, faults: Faults | None = None
) -> httpx.AsyncClient:
    app = create_app(ws, token=TOKEN, rate_per_hour=rate, faults=faults, clock=clock)
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://sandbox.test",
        headers={"Authorization": f"Token {TOKEN}"},
    )


async def get(api: httpx.AsyncClient, url: str) -> Any:
    """The JSON of a GET that must succeed."""
    response = await api.get(url)
    assert response.status_code == 200, response.text
    return response.json()
