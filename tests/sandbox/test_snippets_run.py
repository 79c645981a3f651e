"""Every copy-as snippet made on the sandbox, run as it is in another process against the served
sandbox, gets the status and body that the app's own request got.

A recorder in front of the sandbox keeps each answer; the sandbox behind it is made afresh (same
seed, same frozen clock) before each side's request, so writes answer alike too.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from explorer.core.catalog import load_catalog
from explorer.core.client import ApiClient
from explorer.core.export import ExportFormat, export_request
from explorer.core.profiles import SANDBOX_NAME
from explorer.core.request import ApiRequest, build_request
from explorer.core.tokens import SANDBOX_TOKEN
from explorer.sandbox.app import create_app
from explorer.sandbox.data import build_workspace
from explorer.sandbox.store.workspace import Workspace

from .support import NOW

pytestmark = pytest.mark.slow  # a served sandbox and a process per snippet

SEED = 7
RUNNABLE = [fmt for fmt in ExportFormat if fmt is not ExportFormat.COMMAND_LINE]
SERVED = "served"  # a profile on the served sandbox: `call --profile sandbox` starts its own


def fresh_workspace() -> Workspace:
    return build_workspace(40, seed=SEED, now=NOW)


@dataclass
class Answer:
    status: int
    body: bytes


class Recorder:
    """An ASGI app that passes every request to a fresh sandbox and keeps each answer."""

    def __init__(self) -> None:
        self.answers: list[Answer] = []
        self.sandbox: ASGIApp = self.fresh()

    def fresh(self) -> ASGIApp:
        clock = NOW.timestamp() + 60
        return create_app(fresh_workspace(), token=SANDBOX_TOKEN, clock=lambda: clock)

    def reset(self) -> None:
        self.sandbox = self.fresh()
        self.answers.clear()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        answer = Answer(0, b"")

        async def keep(message: Message) -> None:
            """Keep each part before the client can have it: the answer is whole when it is."""
            if message["type"] == "http.response.start":
                answer.status = message["status"]
                self.answers.append(answer)
            elif message["type"] == "http.response.body":
                answer.body += message.get("body", b"")
            await send(message)

        await self.sandbox(scope, receive, keep)


@dataclass
class Served:
    recorder: Recorder
    base_url: str


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    recorder = Recorder()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(recorder, log_config=None, access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.01)
    yield Served(recorder, f"http://127.0.0.1:{sock.getsockname()[1]}")
    server.should_exit = True
    thread.join(timeout=5)


def requests() -> dict[str, ApiRequest]:
    """Reads and writes, answered 200, 201, 204 and 400, built as the form builds them."""
    ws = fresh_workspace()
    group, label, contact = next(iter(ws.groups)), next(iter(ws.labels)), next(iter(ws.contacts))
    forms: dict[str, tuple[str, dict[str, str], dict[str, str]]] = {
        "contacts in a group": ("contacts.GET", {"group": group.name}, {}),
        "no such contact": ("contacts.GET", {"uuid": "0d3b8d0e-0000-4000-8000-000000000000"}, {}),
        "the workspace": ("workspace.GET", {}, {}),
        "a new group": ("groups.POST", {}, {"name": "Beekeepers 'n' $HOME"}),
        "a group name taken": ("groups.POST", {}, {"name": group.name}),
        "a contact renamed": ("contacts.POST", {"uuid": contact.uuid}, {"name": "O'Neil ☕"}),
        "a label deleted": ("labels.DELETE", {"uuid": label.uuid}, {}),
        "a contact blocked": (
            "contact_actions.POST",
            {},
            {"contacts": contact.uuid, "action": "block"},
        ),
    }
    catalog = load_catalog()
    return {
        name: build_request(catalog.operation(*operation.split(".")), query, body)
        for name, (operation, query, body) in forms.items()
    }


REQUESTS = requests()


def app_answer(served: Served, request: ApiRequest) -> Answer:
    """What the app's own client got for ``request`` from a fresh sandbox."""

    async def send() -> int:
        async with ApiClient(served.base_url, SANDBOX_TOKEN) as client:
            return (await client.send(request)).status

    served.recorder.reset()
    status = asyncio.run(send())
    [answer] = served.recorder.answers
    assert answer.status == status
    return answer


def snippet_answer(served: Served, fmt: ExportFormat, request: ApiRequest) -> Answer:
    """What the snippet, run as it is in a new process with no token in its environment, got."""
    url = request.url(served.base_url)
    code = export_request(fmt, request.method, url, request.body, profile=SANDBOX_NAME)
    command = ["sh", "-c", code] if fmt is ExportFormat.CURL else [sys.executable, "-c", code]
    served.recorder.reset()
    env = {"PATH": os.environ["PATH"]}  # and no token: the code must hold the sandbox's
    subprocess.run(command, env=env, capture_output=True, timeout=60, check=False)
    assert served.recorder.answers, f"the {fmt} snippet sent nothing:\n{code}"
    return served.recorder.answers[0]  # rapidpro-python's .all() asks for every page


@pytest.mark.parametrize("fmt", RUNNABLE)
@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_a_snippet_gets_what_the_app_got(served: Served, fmt: ExportFormat, name: str) -> None:
    if fmt is ExportFormat.CURL and not shutil.which("curl"):
        pytest.skip("curl is not installed")
    request = REQUESTS[name]
    expected = app_answer(served, request)
    assert snippet_answer(served, fmt, request) == expected


def command_line_answer(served: Served, request: ApiRequest, home: Path) -> Answer:
    """What the command line, run in a shell with the token in its environment, got; a write
    to a workspace that is not the built-in sandbox goes only with ``--yes``, as a person adds."""
    url = request.url(served.base_url)
    code = export_request(
        ExportFormat.COMMAND_LINE, request.method, url, request.body, profile=SERVED
    )
    if request.method != "GET":
        code = code.replace("textit-explorer call ", "textit-explorer call --yes ", 1)
    bin_dir = str(Path(sys.executable).parent)  # where the venv put textit-explorer
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "TEXTIT_EXPLORER_HOME": str(home),
        "TEXTIT_API_TOKEN": SANDBOX_TOKEN,
    }
    served.recorder.reset()
    done = subprocess.run(["sh", "-c", code], env=env, capture_output=True, timeout=60, check=False)
    assert served.recorder.answers, f"the command line sent nothing:\n{code}\n{done.stderr!r}"
    return served.recorder.answers[0]


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_the_command_line_gets_what_the_app_got(served: Served, name: str, tmp_path: Path) -> None:
    env = {**os.environ, "TEXTIT_EXPLORER_HOME": str(tmp_path)}
    add = [sys.executable, "-m", "explorer", "profile", "add", SERVED, "--url", served.base_url]
    subprocess.run(add, env=env, capture_output=True, timeout=60, check=True)
    request = REQUESTS[name]
    expected = app_answer(served, request)
    assert command_line_answer(served, request, tmp_path) == expected


def test_the_requests_cover_every_kind_of_answer(served: Served) -> None:
    statuses: set[Any] = {app_answer(served, r).status for r in REQUESTS.values()}
    assert statuses == {200, 201, 204, 400}
