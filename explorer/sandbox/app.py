"""The TextIt API v2 as an ASGI app: routing, auth, throttling, errors and rendering.

One catch-all route reproduces the server's order of checks: unknown paths get Django's HTML 404;
an unsupported method is 405 before authentication (as the server's permission class does it);
then the token (403, never 401), then the throttle (429 with ``Retry-After``), then the handler.
Every API answer carries ``Allow``, ``Vary`` and, once authenticated, ``X-Temba-Workspace``.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import time
from collections.abc import Callable, Mapping
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from explorer.core.catalog import DEFAULT_RATE_LIMIT, Catalog, Endpoint, load_catalog
from explorer.sandbox import docs, reads, writes
from explorer.sandbox.auth import authenticate
from explorer.sandbox.call import Call, Reply
from explorer.sandbox.failures import NOT_FOUND_HTML, SERVER_ERROR_TEXT, ApiFailure, detail
from explorer.sandbox.faults import FaultInjector, Faults
from explorer.sandbox.store import Workspace
from explorer.sandbox.throttle import Throttle, throttled_detail
from explorer.sandbox.uploads import read_body

LOG = logging.getLogger(__name__)
API_ROLES = ("administrator", "editor")
ENDPOINT_PATH = re.compile(r"^/api/v2/(?P<slug>[a-z_]+)(?P<suffix>\.json)?/?$")
EXPLORER_PATH = "/api/v2/explorer"
ROOT_PATHS = ("/api/v2", "/api/v2/", "/api/v2/.json", "/api/v2/.json/")
ALL_METHODS = ["GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS"]
SECURITY_HEADERS = {
    "Vary": "Accept, Cookie",
    "Content-Language": "en-us",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def new_token() -> str:
    """A 40-character key like the server's API tokens."""
    return secrets.token_hex(20)


def create_app(
    workspace: Workspace,
    *,
    token: str | None = None,
    rate_per_hour: int = DEFAULT_RATE_LIMIT,
    faults: Faults | None = None,
    clock: Callable[[], float] = time.time,
    user_tokens: Mapping[str, str] | None = None,
) -> ASGIApp:
    """The sandbox API for ``workspace``; ``token`` belongs to its administrator.

    ``user_tokens`` maps more tokens to users' emails, e.g. an agent's, whose token the server
    refuses with 403 as only administrators' and editors' tokens may use the API.
    """
    token = token or new_token()
    users = {u.email: u for u in workspace.users}
    workspace.tokens[token] = next(u for u in workspace.users if u.role == "administrator")
    workspace.tokens.update({key: users[email] for key, email in (user_tokens or {}).items()})
    workspace.clock = clock
    server = _Server(workspace, load_catalog(), Throttle(rate_per_hour, clock))
    app = Starlette(routes=[Route("/{path:path}", server.dispatch, methods=ALL_METHODS)])
    app.state.token = token
    app.state.workspace = workspace
    if faults is not None and faults.active:
        return FaultInjector(app, faults)
    return app


class _Server:
    def __init__(self, ws: Workspace, catalog: Catalog, throttle: Throttle) -> None:
        self.ws = ws
        self.catalog = catalog
        self.throttle = throttle

    async def dispatch(self, request: Request) -> Response:
        try:
            return await self._route(request)
        except ApiFailure as failure:
            return self._json(request, failure.status, failure.data, failure.headers)
        except Exception:  # the server's 500 page for anything unexpected
            LOG.exception("sandbox error on %s %s", request.method, request.url)
            return Response(SERVER_ERROR_TEXT, 500, media_type="text/html")

    async def _route(self, request: Request) -> Response:
        path = request.url.path
        if path in ("/api", "/api/"):
            return RedirectResponse("/api/v2/", 302)
        if path in ROOT_PATHS:
            return self._root(request, as_json=".json" in path)
        if path.rstrip("/") == EXPLORER_PATH:  # needs a logged-in web session, which we never have
            return RedirectResponse(f"/users/login/?next={EXPLORER_PATH}/", 302)
        match = ENDPOINT_PATH.match(path)
        endpoint = self._endpoint(match.group("slug")) if match else None
        if match is None or endpoint is None:
            return Response(NOT_FOUND_HTML, 404, media_type="text/html")
        request.state.allow = _allow(endpoint)
        if request.method not in endpoint.methods:
            raise ApiFailure(405, {"detail": f'Method "{request.method}" not allowed.'})
        if not match.group("suffix"):
            return self._docs(request, endpoint)
        return await self._api(request, endpoint)

    def _endpoint(self, slug: str) -> Endpoint | None:
        return next((e for e in self.catalog.endpoints if e.slug == slug), None)

    async def _api(self, request: Request, endpoint: Endpoint) -> Response:
        user = self._authenticated(request, required=True)
        assert user is not None
        self._check_throttle(endpoint.throttle_scope)
        if not _accepts_json(request):
            raise detail(406, "Could not satisfy the request Accept header.")
        op = endpoint.operation(request.method)
        assert op is not None
        call = Call(
            self.ws,
            endpoint,
            op,
            request.query_params,
            str(request.url),
            user,
            user_agent=request.headers.get("user-agent", ""),
        )
        if request.method == "POST":
            call.body, call.files = await read_body(request, op)
        reply = reads.handle(call) if request.method == "GET" else writes.handle(call)
        return self._reply(request, reply)

    def _authenticated(self, request: Request, *, required: bool) -> Any:
        user, problem = authenticate(request.headers.get("authorization"), self.ws)
        if problem is not None:
            raise detail(403, problem)
        if user is None and required:
            raise detail(403, "Authentication credentials were not provided.")
        if user is not None and user.role not in API_ROLES:
            raise detail(403, "You do not have permission to perform this action.")
        request.state.user = user
        return user

    def _check_throttle(self, scope: str) -> None:
        wait = self.throttle.check(self.ws.info.uuid, scope)
        if wait is not None:
            raise ApiFailure(429, {"detail": throttled_detail(wait)}, {"Retry-After": str(wait)})

    def _root(self, request: Request, *, as_json: bool) -> Response:
        request.state.allow = "GET, HEAD, OPTIONS"
        user = self._authenticated(request, required=False)
        if user is not None:
            self._check_throttle("v2")
        if request.method not in ("GET", "HEAD"):
            return self._html(request, docs.root_page(self.catalog), 405)
        if as_json or _wants_json(request):
            base = str(request.base_url).rstrip("/")
            return self._json(request, 200, docs.root_listing(self.catalog, base))
        return self._html(request, docs.root_page(self.catalog), 200)

    def _docs(self, request: Request, endpoint: Endpoint) -> Response:
        user = self._authenticated(request, required=False)
        if user is not None:
            self._check_throttle(endpoint.throttle_scope)
        if request.method != "GET":
            return self._html(request, docs.endpoint_page(endpoint), 403)
        if _wants_json(request):
            return self._json(request, 200, docs.docs_mode_data(endpoint))
        return self._html(request, docs.endpoint_page(endpoint), 200)

    def _reply(self, request: Request, reply: Reply) -> Response:
        if reply.status == 204:
            # The recorded server sends DRF's '""' with bulk 204s; HTTP/1.1 servers such as
            # uvicorn (h11) refuse a 204 body, so only its JSON content type is kept.
            media_type = "application/json" if reply.json_empty else None
            response = Response(b"", 204, media_type=media_type)
            self._decorate(request, response)
            return response
        return self._json(request, reply.status, reply.data)

    def _json(
        self, request: Request, status: int, data: Any, headers: dict[str, str] | None = None
    ) -> Response:
        indent = _indent(request.headers.get("accept", ""))
        separators = (",", ": ") if indent else (",", ":")
        body = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)
        response = Response(body.encode("utf-8"), status, headers, media_type="application/json")
        self._decorate(request, response)
        return response

    def _html(self, request: Request, page: str, status: int) -> Response:
        response = Response(page, status, media_type="text/html")
        self._decorate(request, response)
        return response

    def _decorate(self, request: Request, response: Response) -> None:
        response.headers.update(SECURITY_HEADERS)
        allow = getattr(request.state, "allow", None)
        if allow:
            response.headers["Allow"] = allow
        if getattr(request.state, "user", None) is not None:
            response.headers["X-Temba-Workspace"] = self.ws.info.uuid


def _allow(endpoint: Endpoint) -> str:
    methods = list(endpoint.methods)
    if "GET" in methods:
        methods.append("HEAD")
    return ", ".join([*methods, "OPTIONS"])


def _accepts_json(request: Request) -> bool:
    accept = request.headers.get("accept", "*/*")
    kinds = [part.split(";")[0].strip() for part in accept.split(",")]
    return any(k in ("*/*", "application/*", "application/json", "") for k in kinds)


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept or request.query_params.get("format") == "json"


def _indent(accept: str) -> int | None:
    match = re.search(r"indent=(\d+)", accept)
    return min(int(match.group(1)), 8) if match else None
