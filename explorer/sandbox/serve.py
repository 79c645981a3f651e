"""Serve the sandbox on 127.0.0.1: in a background thread for the app and tests, or in front.

``start_sandbox()`` binds an ephemeral port itself (so the URL is known before the server runs),
starts uvicorn on that socket in a daemon thread and returns once it accepts connections.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import uvicorn

from explorer.core.catalog import DEFAULT_RATE_LIMIT
from explorer.sandbox.app import create_app, new_token
from explorer.sandbox.data import DEFAULT_CONTACTS, DEFAULT_SEED, build_workspace
from explorer.sandbox.limits.faults import Faults
from explorer.sandbox.store.workspace import Workspace

HOST = "127.0.0.1"
STARTUP_TIMEOUT = 10.0


@dataclass
class RunningSandbox:
    """A served sandbox: point any client at ``base_url`` with ``token``; ``stop()`` ends it."""

    base_url: str
    token: str
    workspace: Workspace
    _server: uvicorn.Server = field(repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> RunningSandbox:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


def start_sandbox(
    workspace: Workspace | None = None,
    *,
    contacts: int = DEFAULT_CONTACTS,
    seed: int = DEFAULT_SEED,
    anon: bool = False,
    token: str | None = None,
    port: int = 0,
    rate_per_hour: int = DEFAULT_RATE_LIMIT,
    faults: Faults | None = None,
    clock: Callable[[], float] = time.time,
) -> RunningSandbox:
    """Build (or take) a workspace and serve it in a background thread; returns when ready."""
    ws = workspace if workspace is not None else build_workspace(contacts, seed=seed, anon=anon)
    running, sock = _prepare(
        ws, token, port, quiet=True, rate_per_hour=rate_per_hour, faults=faults, clock=clock
    )
    thread = threading.Thread(
        target=running._server.run, kwargs={"sockets": [sock]}, name="textit-sandbox", daemon=True
    )
    running._thread = thread
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not running._server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the sandbox server did not start")
        time.sleep(0.005)
    return running


def serve_forever(
    announce: Callable[[RunningSandbox], None],
    *,
    contacts: int = DEFAULT_CONTACTS,
    seed: int = DEFAULT_SEED,
    anon: bool = False,
    token: str | None = None,
    port: int = 0,
    rate_per_hour: int = DEFAULT_RATE_LIMIT,
    faults: Faults | None = None,
) -> None:
    """Serve in the foreground until Ctrl-C; ``announce`` is called once the URL is known."""
    ws = build_workspace(contacts, seed=seed, anon=anon)
    running, sock = _prepare(
        ws, token, port, quiet=False, rate_per_hour=rate_per_hour, faults=faults
    )
    announce(running)
    running._server.run(sockets=[sock])


def _prepare(
    ws: Workspace, token: str | None, port: int, *, quiet: bool, **app_options: Any
) -> tuple[RunningSandbox, socket.socket]:
    """The app, its bound socket and an unstarted server; ``quiet`` leaves logging alone."""
    token = token or new_token()
    app = create_app(ws, token=token, **app_options)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, port))
    if quiet:  # in the TUI's process: no logging setup, nothing written to the terminal
        for name in ("uvicorn", "explorer.sandbox"):
            logging.getLogger(name).addHandler(logging.NullHandler())
        config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="off")
    else:
        config = uvicorn.Config(app, log_level="info", access_log=True, lifespan="off")
    server = uvicorn.Server(config)
    return RunningSandbox(f"http://{HOST}:{sock.getsockname()[1]}", token, ws, server), sock
