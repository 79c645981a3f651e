"""Connecting profiles: the embedded sandbox, tokens, the workspace name, metering and history."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from explorer.core.catalog import load_catalog
from explorer.core.errors import ExplorerError, Forbidden, MissingToken
from explorer.core.history import History
from explorer.core.pagination import FetchAll
from explorer.core.profiles import SANDBOX, Profile
from explorer.core.ratelimit import RateLimiter
from explorer.core.request import ApiRequest
from explorer.core.tokens import SANDBOX_TOKEN, TokenLookup, TokenSource, TokenStore
from explorer.sandbox.app import create_app
from explorer.sandbox.data import build_workspace
from explorer.ui.session import (
    MeteredClient,
    PatientClient,
    ProfileOpener,
    open_session,
    scope_for_path,
    verify_token,
)
from tests.harness.demo import DEMO_NOW, DEMO_URL, FrozenClock, sandbox_opener

CONTACTS = ApiRequest("GET", "/api/v2/contacts.json", endpoint="contacts")


async def test_the_sandbox_profile_starts_the_embedded_server() -> None:
    opener = ProfileOpener(TokenStore())
    try:
        session = await opener(SANDBOX)
        assert session.base_url.startswith("http://127.0.0.1:")
        assert session.workspace == "Healthy Harvest Programme"
        assert session.problem is None
        assert await verify_token(session.profile, SANDBOX_TOKEN) == session.workspace
        await session.client.aclose()
        again = await opener(SANDBOX)  # started once, reused
        assert again.base_url == session.base_url
        await again.client.aclose()
    finally:
        opener.stop()


async def test_a_profile_without_a_token_is_a_missing_token_with_no_key_hint() -> None:
    with pytest.raises(MissingToken, match=r"^Profile 'acme' has no token \(none stored\)\.$"):
        await open_session(Profile("acme", "https://textit.example"))


async def test_a_wrong_token_still_opens_but_names_the_problem() -> None:
    opener = ProfileOpener(TokenStore())
    try:
        sandbox = await opener(SANDBOX)
        await sandbox.client.aclose()
        with pytest.raises(Forbidden):
            await verify_token(sandbox.profile, "0" * 40)
    finally:
        opener.stop()


async def test_every_call_is_counted_in_its_scope_and_recorded() -> None:
    session = await sandbox_opener(FrozenClock(), contacts=30)(SANDBOX)
    response = await session.client.send(CONTACTS.with_param("group", "Farmers"))
    assert response.status == 200 and response.elapsed == pytest.approx(0.042)
    snapshot = session.client.limiter.snapshot()
    assert snapshot["v2.contacts"].used == 1
    assert snapshot["v2"].used == 1  # the workspace lookup on connecting
    entries = History().entries()
    assert [(e.path, e.query) for e in entries] == [
        ("/api/v2/workspace.json", ""),
        ("/api/v2/contacts.json", "group=Farmers"),
    ]
    await session.client.aclose()


async def test_a_429_blocks_its_scope_for_retry_after() -> None:
    clock = FrozenClock()
    session = await sandbox_opener(clock, contacts=30, rate_per_hour=1, local_limit=100)(SANDBOX)
    await session.client.send(CONTACTS)
    clock.advance(3600 - 12)
    throttled = await session.client.send(CONTACTS)
    assert throttled.status == 429
    assert session.client.limiter.wait_time("v2.contacts") == pytest.approx(12)
    assert session.client.limiter.wait_time("v2") == 0
    await session.client.aclose()


async def test_a_patient_fetch_all_waits_out_a_429_and_goes_on() -> None:
    """A server allowing two contacts calls an hour: the third page is throttled, the client
    waits the Retry-After (saying so first), asks again, and the crawl completes."""
    clock = FrozenClock()

    async def sleep(seconds: float) -> None:
        clock.advance(seconds)

    server = create_app(
        build_workspace(600, now=DEMO_NOW), token=SANDBOX_TOKEN, rate_per_hour=2, clock=clock
    )
    session = await open_session(
        replace(SANDBOX, base_url=DEMO_URL),
        find_token=lambda name: TokenLookup(SANDBOX_TOKEN, TokenSource.BUILTIN, "test"),
        transport=httpx.ASGITransport(app=server),
        limiter=RateLimiter(100, clock=clock, sleep=sleep),
    )
    waits: list[tuple[str, float]] = []
    session.client.on_wait = lambda scope, seconds: waits.append((scope, seconds))
    crawl = FetchAll(PatientClient(session.client), CONTACTS)
    results = await crawl.run()
    assert (crawl.pages, crawl.complete) == (3, True)
    assert len({contact["uuid"] for contact in results}) == len(results) > 500
    assert [scope for scope, _ in waits] == ["v2.contacts"]
    assert 3000 < waits[0][1] <= 3600  # the server's Retry-After: until page 1 is an hour old
    statuses = [
        entry.status for entry in History().entries() if entry.path.endswith("contacts.json")
    ]
    assert statuses == [200, 200, 429, 200]
    await session.client.aclose()


async def test_a_call_that_gets_no_answer_is_in_history_too() -> None:
    def server(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("workspace.json"):
            return httpx.Response(200, json={"name": "Acme"})
        raise httpx.ConnectError("connection refused", request=request)

    session = await open_session(
        replace(SANDBOX, base_url=DEMO_URL),
        find_token=lambda name: TokenLookup(SANDBOX_TOKEN, TokenSource.BUILTIN, "test"),
        transport=httpx.MockTransport(server),
    )
    with pytest.raises(ExplorerError):
        await session.client.send(CONTACTS.with_param("group", "Farmers"))
    last = History().entries()[-1]
    assert (last.path, last.query, last.status) == ("/api/v2/contacts.json", "group=Farmers", None)
    assert last.profile == SANDBOX.name
    await session.client.aclose()


def test_scopes_come_from_the_catalog() -> None:
    catalog = load_catalog()
    assert scope_for_path("http://h/api/v2/runs.json?cursor=x", catalog) == "v2.runs"
    assert scope_for_path("/api/v2/messages.json", catalog) == "v2.messages"
    assert scope_for_path("/api/v2/flows.json", catalog) == "v2"
    assert scope_for_path("/elsewhere", catalog) == "v2"


def metered(transport: httpx.AsyncBaseTransport, base_url: str, history: History) -> MeteredClient:
    profile = Profile("acme", base_url)
    limiter = RateLimiter(2500, clock=FrozenClock())
    return MeteredClient(profile, "0" * 40, limiter=limiter, history=history, transport=transport)


async def test_a_cancelled_request_is_recorded_as_unanswered(tmp_path: Path) -> None:
    arrived = asyncio.Event()

    async def never_answers(request: httpx.Request) -> httpx.Response:
        arrived.set()
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    history = History(tmp_path / "history.jsonl")
    client = metered(httpx.MockTransport(never_answers), "https://textit.example", history)
    post = ApiRequest("POST", "/api/v2/contacts.json", body={"name": "Ann"}, endpoint="contacts")
    task = asyncio.create_task(client.send(post))
    await arrived.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    [entry] = history.entries()
    assert (entry.method, entry.path, entry.status) == ("POST", "/api/v2/contacts.json", None)
    await client.aclose()


async def test_history_records_api_paths_under_a_base_url_with_a_path(tmp_path: Path) -> None:
    page: dict[str, object] = {"next": None, "previous": None, "results": []}
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=page))
    history = History(tmp_path / "history.jsonl")
    client = metered(transport, "https://rapidpro.example/org7", history)
    await client.send(CONTACTS)
    await client.get_url("https://rapidpro.example/org7/api/v2/contacts.json?cursor=abc")
    assert [(e.path, e.query) for e in history.entries()] == [
        ("/api/v2/contacts.json", ""),
        ("/api/v2/contacts.json", "cursor=abc"),
    ]
    await client.aclose()
