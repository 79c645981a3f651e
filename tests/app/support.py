"""The application layer on an in-process sandbox, with a clock that moves only when told.

Imported as ``tests.app.support``. The sandbox is mounted through ``httpx.ASGITransport``; a
``FlakyTransport`` around it fails chosen requests, as a flaky network or server would.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import httpx

from explorer.app.events import Event
from explorer.app.session import Backoff, MeteredClient, Session, open_session
from explorer.app.store import Store
from explorer.core.profiles import SANDBOX
from explorer.core.ratelimit import RateLimiter
from explorer.core.request import ApiRequest
from explorer.core.tokens import SANDBOX_TOKEN, TokenLookup, TokenSource
from explorer.sandbox.app import create_app
from explorer.sandbox.data import build_workspace

BASE_URL = "http://127.0.0.1:8000"
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
CONTACTS = ApiRequest("GET", "/api/v2/contacts.json", endpoint="contacts")


@dataclass
class Clock:
    """Seconds that move only when told to (or when something sleeps on them)."""

    seconds: float = NOW.timestamp()
    slept: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        return self.seconds

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.seconds += seconds


class FlakyTransport(httpx.AsyncBaseTransport):
    """Passes requests to ``inner``, except those numbered in ``drop`` (no answer: the
    connection drops) and ``fail`` (a 500 page); request ``hold`` waits for ``release``.
    Requests count from 1."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        drop: set[int] | None = None,
        fail: set[int] | None = None,
        hold: int | None = None,
    ) -> None:
        self.inner = inner
        self.drop = drop or set()
        self.fail = fail or set()
        self.hold = hold
        self.held = asyncio.Event()  # set once request ``hold`` has arrived
        self.release = asyncio.Event()
        self.urls: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(str(request.url))
        number = len(self.urls)
        if number == self.hold:
            self.held.set()
            await self.release.wait()
        if number in self.drop:
            raise httpx.ConnectError("connection reset by peer", request=request)
        if number in self.fail:
            return httpx.Response(500, text="<h1>Server Error (500)</h1>")
        return await self.inner.handle_async_request(request)


def sandbox_transport(
    clock: Clock, *, contacts: int = 600, rate_per_hour: int = 2500
) -> httpx.ASGITransport:
    workspace = build_workspace(contacts, now=NOW)
    app = create_app(workspace, token=SANDBOX_TOKEN, rate_per_hour=rate_per_hour, clock=clock)
    return httpx.ASGITransport(app=app)


async def sandbox_session(
    clock: Clock,
    events: list[Event],
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    local_limit: int = 2500,
    history: Store | None = None,
    client_type: type[MeteredClient] = MeteredClient,
) -> Session:
    """A session on the sandbox profile whose events are appended to ``events``; every wait
    (rate limit, backoff) moves ``clock`` instead of taking time."""
    session = await open_session(
        replace(SANDBOX, base_url=BASE_URL),
        events=events.append,
        find_token=lambda name: TokenLookup(SANDBOX_TOKEN, TokenSource.BUILTIN, "test"),
        transport=transport or sandbox_transport(clock),
        limiter=RateLimiter(local_limit, clock=clock, sleep=clock.sleep),
        history=history,
        client_type=client_type,
    )
    session.backoff = Backoff(sleep=clock.sleep)
    return session
