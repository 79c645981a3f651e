"""A session on a profile: the token, a client that waits for the rate limit, counts and records
every call, and the one sink its events go to.

``MeteredClient`` is an ``ApiClient``, so paging and fetch-all go through the same budget and
history as a single send. This is the only module of ``app`` that imports the sandbox, to start it
for the sandbox profile.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from explorer.app.events import Problem, ProblemKind, Sink, Throttled, Waiting, ignore
from explorer.app.state import rate_book, shared_store
from explorer.app.store import Store, rate_key
from explorer.core.catalog import Catalog, load_catalog
from explorer.core.client import ApiClient, ApiResponse
from explorer.core.describe import RequestDescription, describe_request
from explorer.core.errors import ExplorerError, MissingToken, RateLimited
from explorer.core.history import HistoryEntry
from explorer.core.profiles import Profile
from explorer.core.ratelimit import RateLimiter, Sleep, resend_throttled
from explorer.core.request import ApiRequest
from explorer.core.tokens import SANDBOX_TOKEN, TokenLookup, TokenStore

if TYPE_CHECKING:
    import httpx

    from explorer.sandbox.serve import RunningSandbox

DEFAULT_SCOPE = "v2"


def scope_for_path(path: str, catalog: Catalog) -> str:
    """The throttle scope of the endpoint at ``path`` (``v2`` for anything unknown)."""
    endpoint = catalog.endpoint_for_path(urlsplit(path).path)
    return endpoint.throttle_scope if endpoint else DEFAULT_SCOPE


class MeteredClient(ApiClient):
    """An ``ApiClient`` whose calls wait their turn, are counted per scope and go into history.

    ``events`` hears of waits, 429s and of history or counts that could not be saved.
    """

    def __init__(
        self,
        profile: Profile,
        token: str,
        *,
        limiter: RateLimiter,
        history: Store,
        transport: httpx.AsyncBaseTransport | None = None,
        events: Sink = ignore,
        fixed_elapsed: float | None = None,
    ) -> None:
        super().__init__(profile.base_url, token, transport=transport)
        self.fixed_elapsed = fixed_elapsed  # demos and snapshots: a stable duration
        self.profile = profile
        self.limiter = limiter
        self.history = history
        self.events = events
        self.catalog = load_catalog()
        self._problems_told = 0  # how many of the state store's problems were told

    async def send(self, request: ApiRequest) -> ApiResponse:
        scope = scope_for_path(request.path, self.catalog)
        counted = await self._wait_turn(scope)
        sent = HistoryEntry(request.method, request.path, request.query_string(), request.body)
        return await self._recorded(scope, counted, sent, super().send(request))

    async def get_url(self, url: str) -> ApiResponse:
        scope = scope_for_path(url, self.catalog)
        counted = await self._wait_turn(scope)
        parts = urlsplit(url)
        path = parts.path.removeprefix(urlsplit(self.base_url).path.rstrip("/"))
        sent = HistoryEntry("GET", path, parts.query)  # the API path, as send() records it
        return await self._recorded(scope, counted, sent, super().get_url(url))

    async def _wait_turn(self, scope: str) -> float:
        """Wait for room in ``scope`` (saying so), then count the call; the moment counted."""
        wait = self.limiter.wait_time(scope)
        if wait > 0:
            self.events(Waiting(scope, wait))
        return await self.limiter.acquire(scope)

    async def _recorded(
        self, scope: str, counted: float, sent: HistoryEntry, call: Awaitable[ApiResponse]
    ) -> ApiResponse:
        """Await ``call`` (counted at ``counted``), note a Retry-After and the limit it taught,
        and append ``sent`` to history with how it went, a call that got no answer too, or was
        cancelled (off the event loop: the history is a database; a cancelled task can await
        nothing more, and one row is quick)."""
        sent = replace(sent, profile=self.profile.name, base_url=self.base_url)
        try:
            response = await call
        except ExplorerError:
            await self._append(sent)  # status None: "no answer"
            raise
        except asyncio.CancelledError:
            self.history.append(sent)  # a cancelled write may still have acted
            raise
        if self.fixed_elapsed is not None:
            response = replace(response, elapsed=self.fixed_elapsed)
        if isinstance(response.error, RateLimited):
            wait = response.error.retry_after
            learned = self.limiter.note_retry_after(scope, wait, counted)
            self.events(Throttled(scope, wait, learned))
        elapsed_ms = round(response.elapsed * 1000, 1)
        await self._append(replace(sent, status=response.status, elapsed_ms=elapsed_ms))
        return response

    async def _append(self, entry: HistoryEntry) -> None:
        """Record ``entry`` (off the event loop: the history is a database)."""
        await asyncio.to_thread(self.history.append, entry)
        self.tell_store_problems()

    def tell_store_problems(self) -> None:
        """Each new problem of the state store (history, the hour's count), told once."""
        problems = self.history.problems
        for problem in problems[self._problems_told :]:
            message = f"{problem} Requests still go out."
            self.events(Problem(ProblemKind.STATE_NOT_SAVED, message))
        self._problems_told = len(problems)


def retrieve_outcome(task: asyncio.Future[Any]) -> None:
    """A done-callback for a task nobody awaits: its failure is taken, so asyncio does not log
    it as never retrieved."""
    if not task.cancelled():
        task.exception()


class PatientClient:
    """A ``MeteredClient`` whose calls answered 429 are sent again, once the metered client has
    waited out the Retry-After (visibly, through its events): fetch-all pauses instead of
    stopping. A throttled request was never processed, so sending it again is safe."""

    def __init__(self, client: MeteredClient) -> None:
        self.client = client

    async def send(self, request: ApiRequest) -> ApiResponse:
        return await resend_throttled(partial(self.client.send, request))

    async def get_url(self, url: str) -> ApiResponse:
        return await resend_throttled(partial(self.client.get_url, url))


@dataclass(frozen=True)
class Backoff:
    """How fetch-all retries a page that failed transiently: ``attempts`` times, waiting
    ``first`` seconds, doubling up to ``cap``."""

    attempts: int = 4
    first: float = 0.5
    cap: float = 8.0
    sleep: Sleep = asyncio.sleep

    def delay(self, attempt: int) -> float:
        """The wait before retry number ``attempt`` (1 for the first)."""
        return float(min(self.first * 2 ** (attempt - 1), self.cap))


@dataclass
class Session:
    """Everything a face needs to talk to one workspace; its events go to ``client.events``."""

    profile: Profile
    client: MeteredClient
    token: TokenLookup
    workspace: str | None = None  # the workspace's name, once known
    timezone: str | None = None  # the workspace's time zone as the server named it, once known
    backoff: Backoff = field(default_factory=Backoff)

    @property
    def base_url(self) -> str:
        return self.client.base_url

    def describe(self, request: ApiRequest) -> RequestDescription:
        """``request`` as the client sends it, the token masked: what a face may show."""
        return describe_request(request, self.base_url, self.token.token or "")

    def keep_rate_limit(self, limit: int) -> None:
        """The profile's hourly limit is now ``limit`` (one a 429 taught, saved): every scope of
        this session keeps to it too, as a new session would."""
        self.profile = replace(self.profile, rate_limit=limit)
        self.client.profile = self.profile
        self.limiter.limit = limit

    @property
    def events(self) -> Sink:
        return self.client.events

    @property
    def limiter(self) -> RateLimiter:
        return self.client.limiter

    async def aclose(self) -> None:
        await self.client.aclose()


def history_of(session: Session | None) -> Store:
    """Where requests are recorded and queries saved: the session's store, or the shared one
    before a session."""
    return session.client.history if session is not None else shared_store()


async def workspace_info(client: ApiClient) -> dict[str, Any]:
    """``GET /api/v2/workspace.json`` (its name, time zone, ...); raises the domain error."""
    request = ApiRequest("GET", "/api/v2/workspace.json", endpoint="workspace")
    body = (await client.send(request)).raise_for_error().json()
    return body if isinstance(body, dict) else {}


async def workspace_name(client: ApiClient) -> str:
    """The workspace's name; raises the domain error."""
    return str((await workspace_info(client)).get("name", ""))


async def verify_token(profile: Profile, token: str) -> str:
    """The profiles screen's check: does ``token`` work on ``profile``'s server? Its workspace."""
    async with ApiClient(profile.base_url, token) as client:
        return await workspace_name(client)


def limiter_for(profile: Profile, token: str, store: Store) -> RateLimiter:
    """The workspace's budget, in the store: shared by every process and kept across runs,
    except the sandbox's (it restarts fresh)."""
    if profile.is_sandbox:
        return RateLimiter(profile.rate_limit)
    book = rate_book(store, rate_key(profile.base_url, token), profile.name)
    return RateLimiter(profile.rate_limit, book=book)


async def open_session(
    profile: Profile,
    *,
    events: Sink = ignore,
    find_token: Callable[[str], TokenLookup] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    limiter: RateLimiter | None = None,
    history: Store | None = None,
    fixed_elapsed: float | None = None,
    name_workspace: bool = True,
    client_type: type[MeteredClient] = MeteredClient,
) -> Session:
    """Find the token (off the event loop: the keyring may hang) and, if ``name_workspace``,
    name the workspace (one request: a one-off ``call`` does without it). ``client_type`` is a
    ``MeteredClient`` that does more, such as ``call``'s read-ahead.

    A missing token raises ``MissingToken``; a workspace that cannot be named is a ``Problem``
    event, and the session opens anyway.
    """
    lookup = await asyncio.to_thread(find_token or TokenStore().lookup, profile.name)
    if lookup.token is None:
        raise MissingToken(profile.name, lookup.note)
    store = await asyncio.to_thread(shared_store)  # opened (and migrated) off the event loop
    if limiter is None:
        limiter = await asyncio.to_thread(limiter_for, profile, lookup.token, store)
    client = client_type(
        profile,
        lookup.token,
        limiter=limiter,
        history=history or store,
        transport=transport,
        events=events,
        fixed_elapsed=fixed_elapsed,
    )
    client.tell_store_problems()  # a damaged store or old file, found on opening it
    session = Session(profile, client, lookup)
    if not name_workspace:
        return session
    try:
        info = await workspace_info(client)
        session.workspace = str(info.get("name", ""))
        zone = info.get("timezone")
        session.timezone = zone if isinstance(zone, str) else None
    except ExplorerError as error:
        events(Problem(ProblemKind.WORKSPACE_UNREACHED, str(error)))
    return session


Opener = Callable[[Profile, Sink], Awaitable[Session]]
"""Connects a profile, sending the session's events to the sink: finds its token (or starts the
sandbox) and names its workspace."""


class ProfileOpener:
    """Opens profiles; the sandbox profile gets the embedded server, started once.

    Call ``stop()`` at the end, to shut the sandbox's server thread down.
    """

    def __init__(self, tokens: TokenStore) -> None:
        self.tokens = tokens
        self._sandbox: RunningSandbox | None = None

    async def __call__(
        self,
        profile: Profile,
        events: Sink = ignore,
        *,
        name_workspace: bool = True,
        client_type: type[MeteredClient] = MeteredClient,
    ) -> Session:
        if profile.is_sandbox:
            profile = replace(profile, base_url=await self._sandbox_url())
        try:
            return await open_session(
                profile,
                events=events,
                find_token=self.tokens.lookup,
                name_workspace=name_workspace,
                client_type=client_type,
            )
        finally:
            if (notice := self.tokens.keyring_notice()) is not None:
                events(Problem(ProblemKind.KEYRING_UNAVAILABLE, notice))

    async def _sandbox_url(self) -> str:
        if self._sandbox is None:
            from explorer.sandbox.serve import start_sandbox  # uvicorn: only when needed

            self._sandbox = await asyncio.to_thread(start_sandbox, token=SANDBOX_TOKEN)
        return self._sandbox.base_url

    def stop(self) -> None:
        if self._sandbox is not None:
            self._sandbox.stop()
            self._sandbox = None
