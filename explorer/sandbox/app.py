"""The sandbox as an ASGI app: a workspace, its tokens, the API server and its middleware.

The front web server's body limit comes first, then the API (``http.server``); fault injection,
when asked for, wraps the whole.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Mapping

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route
from starlette.types import ASGIApp

from explorer.core.catalog import DEFAULT_RATE_LIMIT, load_catalog
from explorer.sandbox.http.server import Server
from explorer.sandbox.limits.body import BodyLimit
from explorer.sandbox.limits.faults import FaultInjector, Faults
from explorer.sandbox.limits.throttle import Throttle
from explorer.sandbox.store.workspace import Workspace

ALL_METHODS = ["GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS"]


TOKEN_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # RapidPro's generate_secret: no 0, 1, I, O


def new_token() -> str:
    """A key like the ones current servers issue: 40 characters of ``TOKEN_ALPHABET``."""
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(40))


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
    server = Server(workspace, load_catalog(), Throttle(rate_per_hour, clock))
    app = Starlette(
        routes=[Route("/{path:path}", server.dispatch, methods=ALL_METHODS)],
        middleware=[Middleware(BodyLimit)],
    )
    app.state.token = token
    app.state.workspace = workspace
    if faults is not None and faults.active:
        return FaultInjector(app, faults)
    return app
