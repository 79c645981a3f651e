"""ApiClient against real loopback servers that misbehave as real ones do: a kept-alive
connection closed while idle, bytes dripped slowly, a body cut short."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import pytest

from explorer.core import errors
from explorer.core.client import ApiClient
from explorer.core.request import ApiRequest

TOKEN = "0123456789abcdef0123456789abcdef01234567"
LIST = ApiRequest("GET", "/api/v2/contacts.json")
ANSWER = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def read_request(reader: asyncio.StreamReader) -> bool:
    """Read one request (head and body); False when the client closed the connection."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return False
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            await reader.readexactly(int(value))
    return True


@asynccontextmanager
async def serving(handler: Handler) -> AsyncIterator[ApiClient]:
    """A client for a server on 127.0.0.1 that answers each connection with ``handler``."""

    async def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await handler(reader, writer)
        finally:
            writer.close()

    server = await asyncio.start_server(connected, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with ApiClient(f"http://127.0.0.1:{port}", TOKEN, timeout=5) as client:
            yield client
    finally:
        server.close()


class OneRequestPerConnection:
    """Answers the first request of a connection, and closes it when a second one comes: the
    race of a server closing a kept-alive connection as the client reuses it."""

    def __init__(self) -> None:
        self.connections = 0
        self.answered = 0

    async def __call__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        if await read_request(reader):
            writer.write(ANSWER)
            await writer.drain()
            self.answered += 1
        await read_request(reader)  # the next request on this connection: closed unanswered


async def test_a_get_on_a_connection_closed_while_idle_is_sent_again() -> None:
    server = OneRequestPerConnection()
    async with serving(server) as client:
        for _ in range(3):
            response = await client.send(LIST)
            assert response.status == 200 and response.json() == {}
    assert server.answered == 3 and server.connections >= 3


async def test_a_post_on_a_connection_closed_while_idle_is_not_sent_again() -> None:
    server = OneRequestPerConnection()
    async with serving(server) as client:
        await client.send(LIST)
        with pytest.raises(errors.ConnectError, match="dropped"):
            await client.send(ApiRequest("POST", "/api/v2/groups.json", body={"name": "A"}))
    assert server.answered == 1


async def test_a_body_cut_short_is_a_dropped_connection_and_not_resent() -> None:
    requests = 0

    async def cut_short(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal requests
        await read_request(reader)
        requests += 1
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + b'{"results": [')
        await writer.drain()

    async with serving(cut_short) as client:
        with pytest.raises(errors.ConnectError, match="dropped before the answer was complete"):
            await client.send(LIST)
    assert requests == 1


async def test_a_server_that_drips_bytes_is_cut_off_at_the_deadline() -> None:
    async def drip(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
        for _ in range(1000):
            writer.write(b" ")
            await writer.drain()
            await asyncio.sleep(0.02)  # each read is quick: only a total deadline ends this

    async with serving(drip) as client:
        client.deadline = 0.3
        started = time.perf_counter()
        with pytest.raises(errors.RequestTimeout, match=r"did not finish answering within 0\.3 s"):
            await client.send(LIST)
    assert time.perf_counter() - started < 3
