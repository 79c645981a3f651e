"""Sessions: the embedded sandbox, tokens, the workspace name, metering, history and problems."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import httpx
import keyring
import pytest
from keyring.backends import fail

from explorer.app.events import Event, Problem, ProblemKind, Throttled, Waiting
from explorer.app.fetch import Fetch
from explorer.app.session import (
    MeteredClient,
    ProfileOpener,
    open_session,
    scope_for_path,
    verify_token,
)
from explorer.app.state import open_store
from explorer.app.store import Store
from explorer.core.catalog import load_catalog
from explorer.core.errors import ExplorerError, Forbidden, MissingToken
from explorer.core.profiles import SANDBOX, Profile
from explorer.core.ratelimit import RateLimiter
from explorer.core.request import ApiRequest
from explorer.core.tokens import SANDBOX_TOKEN, Storage, TokenLookup, TokenSource, TokenStore
from tests.app.support import BASE_URL, CONTACTS, Clock, sandbox_session, sandbox_transport
from tests.ui.support import sent_so_far


async def test_the_sandbox_profile_starts_the_embedded_server() -> None:
    opener = ProfileOpener(TokenStore())
    events: list[Event] = []
    try:
        session = await opener(SANDBOX, events.append)
        assert session.base_url.startswith("http://127.0.0.1:")
        assert session.workspace == "Healthy Harvest Programme"
        assert events == []
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
    session = await sandbox_session(Clock(), [])
    response = await session.client.send(CONTACTS.with_param("group", "Farmers"))
    assert response.status == 200
    snapshot = session.limiter.snapshot()
    assert snapshot["v2.contacts"].used == 1
    assert snapshot["v2"].used == 1  # the workspace lookup on connecting
    entries = sent_so_far()
    assert [(e.path, e.query) for e in entries] == [
        ("/api/v2/workspace.json", ""),
        ("/api/v2/contacts.json", "group=Farmers"),
    ]
    await session.client.aclose()


async def test_a_429_blocks_its_scope_for_retry_after_and_says_so() -> None:
    clock = Clock()
    events: list[Event] = []
    transport = sandbox_transport(clock, contacts=30, rate_per_hour=1)
    session = await sandbox_session(clock, events, transport=transport, local_limit=100)
    await session.client.send(CONTACTS)
    clock.seconds += 3600 - 12
    throttled = await session.client.send(CONTACTS)
    assert throttled.status == 429
    assert session.limiter.wait_time("v2.contacts") == pytest.approx(12)
    assert session.limiter.wait_time("v2") == 0
    [throttle] = events
    assert isinstance(throttle, Throttled) and throttle.scope == "v2.contacts"
    assert throttle.seconds == pytest.approx(12)
    await session.client.send(CONTACTS)  # waits the 12 s out, saying so first
    wait = events[1]
    assert isinstance(wait, Waiting) and wait.scope == "v2.contacts"
    assert wait.seconds == pytest.approx(12)
    assert clock.slept == [pytest.approx(12)]
    await session.aclose()


async def test_a_fetch_all_waits_out_a_429_and_goes_on() -> None:
    """A server allowing two contacts calls an hour: the third page is throttled, the session
    waits the Retry-After (saying so first), asks again, and the crawl completes."""
    clock = Clock()
    events: list[Event] = []
    transport = sandbox_transport(clock, rate_per_hour=2)
    session = await sandbox_session(clock, events, transport=transport, local_limit=100)
    crawl = Fetch(session, CONTACTS)
    await crawl.run()
    assert (crawl.pages, crawl.complete) == (3, True)
    assert crawl.results is not None
    assert len({contact["uuid"] for contact in crawl.results}) == len(crawl.results) > 500
    waits = [event for event in events if isinstance(event, Waiting)]
    assert [event.scope for event in waits] == ["v2.contacts"]
    assert 3000 < waits[0].seconds <= 3600  # the server's Retry-After: until page 1 is an hour old
    contacts = [entry for entry in sent_so_far() if entry.path.endswith("contacts.json")]
    assert [entry.status for entry in contacts] == [200, 200, 429, 200]
    await session.aclose()


async def test_a_call_that_gets_no_answer_is_in_history_too() -> None:
    def server(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("workspace.json"):
            return httpx.Response(200, json={"name": "Acme"})
        raise httpx.ConnectError("connection refused", request=request)

    session = await open_session(
        replace(SANDBOX, base_url=BASE_URL),
        find_token=lambda name: TokenLookup(SANDBOX_TOKEN, TokenSource.BUILTIN, "test"),
        transport=httpx.MockTransport(server),
    )
    with pytest.raises(ExplorerError):
        await session.client.send(CONTACTS.with_param("group", "Farmers"))
    last = sent_so_far()[-1]
    assert (last.path, last.query, last.status) == ("/api/v2/contacts.json", "group=Farmers", None)
    assert last.profile == SANDBOX.name
    await session.client.aclose()


def test_scopes_come_from_the_catalog() -> None:
    catalog = load_catalog()
    assert scope_for_path("http://h/api/v2/runs.json?cursor=x", catalog) == "v2.runs"
    assert scope_for_path("/api/v2/messages.json", catalog) == "v2.messages"
    assert scope_for_path("/api/v2/flows.json", catalog) == "v2"
    assert scope_for_path("/elsewhere", catalog) == "v2"


def metered(transport: httpx.AsyncBaseTransport, base_url: str, history: Store) -> MeteredClient:
    profile = Profile("acme", base_url)
    limiter = RateLimiter(2500, clock=Clock())
    return MeteredClient(profile, "0" * 40, limiter=limiter, history=history, transport=transport)


async def test_a_cancelled_request_is_recorded_as_unanswered(tmp_path: Path) -> None:
    arrived = asyncio.Event()

    async def never_answers(request: httpx.Request) -> httpx.Response:
        arrived.set()
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    history = open_store(tmp_path / "state.sqlite3")
    client = metered(httpx.MockTransport(never_answers), "https://textit.example", history)
    post = ApiRequest("POST", "/api/v2/contacts.json", body={"name": "Ann"}, endpoint="contacts")
    task = asyncio.create_task(client.send(post))
    await arrived.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    [entry] = history.recent()[::-1]
    assert (entry.method, entry.path, entry.status) == ("POST", "/api/v2/contacts.json", None)
    await client.aclose()


async def test_history_records_api_paths_under_a_base_url_with_a_path(tmp_path: Path) -> None:
    page: dict[str, object] = {"next": None, "previous": None, "results": []}
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=page))
    history = open_store(tmp_path / "state.sqlite3")
    client = metered(transport, "https://rapidpro.example/org7", history)
    await client.send(CONTACTS)
    await client.get_url("https://rapidpro.example/org7/api/v2/contacts.json?cursor=abc")
    assert [(e.path, e.query) for e in history.recent()[::-1]] == [
        ("/api/v2/contacts.json", ""),
        ("/api/v2/contacts.json", "cursor=abc"),
    ]
    await client.aclose()


async def test_a_store_that_cannot_be_written_is_one_problem_event(tmp_path: Path) -> None:
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("")
    events: list[Event] = []
    history = open_store(blocker / "state.sqlite3")  # unusable: kept in memory, one problem
    session = await sandbox_session(Clock(), events, history=history)
    for _ in range(2):
        response = await session.client.send(CONTACTS)
        assert response.status == 200  # requests still go out
    [problem] = events
    assert isinstance(problem, Problem) and problem.kind is ProblemKind.STATE_NOT_SAVED
    assert "Requests still go out" in problem.message
    await session.aclose()


async def test_a_broken_keyring_and_an_unreachable_workspace_are_problem_events() -> None:
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    tokens = TokenStore()
    tokens.set("acme", "0" * 40, Storage.SESSION)
    opener = ProfileOpener(tokens)
    events: list[Event] = []
    session = await opener(Profile("acme", "http://127.0.0.1:9"), events.append)  # nothing there
    assert [event.kind for event in events if isinstance(event, Problem)] == [
        ProblemKind.WORKSPACE_UNREACHED,
        ProblemKind.KEYRING_UNAVAILABLE,
    ]
    assert session.workspace is None
    await session.aclose()
