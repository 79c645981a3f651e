"""A connected profile: a client that waits for the rate limiter, counts and records every call.

``MeteredClient`` is an ``ApiClient``, so pagination's page walker and fetch-all go through the
same budget and history as a single send. No Textual here: the UI only shows what it reports.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from explorer.core import paths
from explorer.core.catalog import Catalog, load_catalog
from explorer.core.client import ApiClient, ApiResponse
from explorer.core.errors import ExplorerError, MissingToken, RateLimited
from explorer.core.history import History, HistoryEntry
from explorer.core.profiles import Profile
from explorer.core.ratelimit import RateLimiter, resend_throttled
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

    ``on_wait(scope, seconds)`` is called before a call has to wait for its scope, so the UI can
    show a countdown.
    """

    def __init__(
        self,
        profile: Profile,
        token: str,
        *,
        limiter: RateLimiter,
        history: History,
        transport: httpx.AsyncBaseTransport | None = None,
        on_wait: Callable[[str, float], None] | None = None,
        fixed_elapsed: float | None = None,
    ) -> None:
        super().__init__(profile.base_url, token, transport=transport)
        self.fixed_elapsed = fixed_elapsed  # demos and snapshots: a stable duration
        self.profile = profile
        self.limiter = limiter
        self.history = history
        self.on_wait = on_wait
        self.catalog = load_catalog()

    async def send(self, request: ApiRequest) -> ApiResponse:
        scope = scope_for_path(request.path, self.catalog)
        await self._wait_turn(scope)
        sent = HistoryEntry(request.method, request.path, request.query_string(), request.body)
        return await self._recorded(scope, sent, super().send(request))

    async def get_url(self, url: str) -> ApiResponse:
        scope = scope_for_path(url, self.catalog)
        await self._wait_turn(scope)
        parts = urlsplit(url)
        path = parts.path.removeprefix(urlsplit(self.base_url).path.rstrip("/"))
        sent = HistoryEntry("GET", path, parts.query)  # the API path, as send() records it
        return await self._recorded(scope, sent, super().get_url(url))

    async def _wait_turn(self, scope: str) -> None:
        wait = self.limiter.wait_time(scope)
        if wait > 0 and self.on_wait is not None:
            self.on_wait(scope, wait)
        await self.limiter.acquire(scope)  # waits for room, then counts the call

    async def _recorded(
        self, scope: str, sent: HistoryEntry, call: Awaitable[ApiResponse]
    ) -> ApiResponse:
        """Await ``call``, note a Retry-After, and append ``sent`` to history with how it went,
        a call that got no answer too, or was cancelled (off the event loop: the history is a
        file; a cancelled task can await nothing more, and one line is quick)."""
        sent = replace(sent, profile=self.profile.name)
        try:
            response = await call
        except ExplorerError:
            await asyncio.to_thread(self.history.append, sent)  # status None: "no answer"
            raise
        except asyncio.CancelledError:
            self.history.append(sent)  # a cancelled write may still have acted
            raise
        if self.fixed_elapsed is not None:
            response = replace(response, elapsed=self.fixed_elapsed)
        if isinstance(response.error, RateLimited):
            self.limiter.note_retry_after(scope, response.error.retry_after)
        elapsed_ms = round(response.elapsed * 1000, 1)
        await asyncio.to_thread(
            self.history.append, replace(sent, status=response.status, elapsed_ms=elapsed_ms)
        )
        return response


class PatientClient:
    """A ``MeteredClient`` whose calls answered 429 are sent again, once the metered client has
    waited out the Retry-After (visibly, through its ``on_wait``): fetch-all pauses instead of
    stopping. A throttled request was never processed, so sending it again is safe."""

    def __init__(self, client: MeteredClient) -> None:
        self.client = client

    async def send(self, request: ApiRequest) -> ApiResponse:
        return await resend_throttled(partial(self.client.send, request))

    async def get_url(self, url: str) -> ApiResponse:
        return await resend_throttled(partial(self.client.get_url, url))


@dataclass
class Session:
    """Everything the explorer needs to talk to one workspace."""

    profile: Profile
    client: MeteredClient
    token: TokenLookup
    workspace: str | None = None  # the workspace's name, once known
    problem: str | None = None  # why the workspace could not be reached, if it could not

    @property
    def base_url(self) -> str:
        return self.client.base_url


async def workspace_name(client: ApiClient) -> str:
    """The workspace's name, from ``GET /api/v2/workspace.json``; raises the domain error."""
    request = ApiRequest("GET", "/api/v2/workspace.json", endpoint="workspace")
    body = (await client.send(request)).raise_for_error().json()
    return str(body.get("name", "")) if isinstance(body, dict) else ""


async def verify_token(profile: Profile, token: str) -> str:
    """The profiles screen's check: does ``token`` work on ``profile``'s server? Its workspace."""
    async with ApiClient(profile.base_url, token) as client:
        return await workspace_name(client)


def limiter_for(profile: Profile) -> RateLimiter:
    """The profile's budget; kept on disk across runs, except the sandbox's (it restarts fresh)."""
    state = None if profile.is_sandbox else paths.state_dir() / f"ratelimit-{profile.name}.json"
    return RateLimiter(profile.rate_limit, state_path=state)


async def open_session(
    profile: Profile,
    *,
    find_token: Callable[[str], TokenLookup] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    limiter: RateLimiter | None = None,
    history: History | None = None,
    fixed_elapsed: float | None = None,
) -> Session:
    """Find the token (off the event loop: the keyring may hang) and name the workspace.

    A missing token raises ``MissingToken``; a workspace that cannot be named leaves ``problem``
    set, so the explorer opens anyway and shows why.
    """
    lookup = await asyncio.to_thread(find_token or TokenStore().lookup, profile.name)
    if lookup.token is None:
        raise MissingToken(profile.name, lookup.note)
    client = MeteredClient(
        profile,
        lookup.token,
        limiter=limiter or limiter_for(profile),
        history=history or History(),
        transport=transport,
        fixed_elapsed=fixed_elapsed,
    )
    session = Session(profile, client, lookup)
    try:
        session.workspace = await workspace_name(client)
    except ExplorerError as error:
        session.problem = str(error)
    return session


class ProfileOpener:
    """Opens profiles for the app; the sandbox profile gets the embedded server, started once.

    Call ``stop()`` when the app ends, to shut the sandbox's server thread down.
    """

    def __init__(self, tokens: TokenStore) -> None:
        self.tokens = tokens
        self._sandbox: RunningSandbox | None = None

    async def __call__(self, profile: Profile) -> Session:
        if profile.is_sandbox:
            profile = replace(profile, base_url=await self._sandbox_url())
        return await open_session(profile, find_token=self.tokens.lookup)

    async def _sandbox_url(self) -> str:
        if self._sandbox is None:
            from explorer.sandbox.serve import start_sandbox  # uvicorn: only when needed

            self._sandbox = await asyncio.to_thread(start_sandbox, token=SANDBOX_TOKEN)
        return self._sandbox.base_url

    def stop(self) -> None:
        if self._sandbox is not None:
            self._sandbox.stop()
            self._sandbox = None
