"""Oversized bodies get the front web server's 413 without being read into memory."""

from __future__ import annotations

import socket
import tracemalloc
from collections.abc import AsyncIterator

import httpx
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from explorer.sandbox.limits.body import BODY_LIMIT, BodyLimit
from explorer.sandbox.serve import start_sandbox
from explorer.sandbox.store.workspace import Workspace

from .support import FakeClock, client_for

CHUNK = 64 * 1024


class Stream:
    """A generated chunked body of ``total`` bytes that counts how much of it was read."""

    def __init__(self, total: int, chunk: int = CHUNK) -> None:
        self.total = total
        self.chunk = chunk
        self.sent = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.sent < self.total:
            self.sent += self.chunk
            yield bytes(self.chunk)  # a fresh object each time: holding them all would show


async def test_a_large_chunked_body_is_refused_with_memory_bounded(
    workspace: Workspace, clock: FakeClock
) -> None:
    body = Stream(4 * BODY_LIMIT)
    async with client_for(workspace, clock) as api:
        tracemalloc.start()
        try:
            answer = await api.post("/api/v2/contacts.json", content=body)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert answer.status_code == 413
    assert answer.headers["content-type"] == "text/html"
    assert "413 Request Entity Too Large" in answer.text
    assert body.sent <= BODY_LIMIT + CHUNK  # never read past the limit
    assert peak < 1.5 * BODY_LIMIT


def test_a_declared_content_length_over_the_limit_is_refused_before_the_body() -> None:
    with start_sandbox(contacts=20) as sandbox:
        port = int(sandbox.base_url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
            conn.sendall(
                b"POST /api/v2/contacts.json HTTP/1.1\r\nHost: sandbox\r\n"
                b"Content-Type: application/json\r\nContent-Length: 300000000\r\n\r\n"
            )
            head = conn.recv(4096)  # answered without a byte of the announced body
    assert head.startswith(b"HTTP/1.1 413 ")
    assert b"connection: close" in head.lower()


async def echo_size(scope: Scope, receive: Receive, send: Send) -> None:
    body = await Request(scope, receive).body()
    await Response(str(len(body)))(scope, receive, send)


async def test_media_uploads_have_the_larger_limit() -> None:
    app = BodyLimit(echo_size, limit=1000, upload_limit=5000)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox.test") as client:
        upload = await client.post("/api/v2/media.json", content=bytes(3000))
        json_body = await client.post("/api/v2/contacts.json", content=bytes(3000))
        too_big = await client.post("/api/v2/media.json", content=Stream(6000, 1000))
        small = await client.post("/api/v2/contacts.json", content=Stream(900, 300))
    assert (upload.status_code, upload.text) == (200, "3000")
    assert json_body.status_code == 413
    assert too_big.status_code == 413
    assert (small.status_code, small.text) == (200, "900")
