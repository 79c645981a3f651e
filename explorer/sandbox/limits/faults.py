"""Fault injection for the sandbox: what a flaky network or a failing server does to a client.

Off by default. ``Faults`` holds shares (0..1) of requests that get a 500 page, a truncated JSON
body, a non-JSON body, a dropped connection or a slow drip, plus a fixed added latency. Draws come
from one ``random.Random(seed)`` in request order, so a run is reproducible.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field, fields
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from explorer.sandbox.http.failures import SERVER_ERROR_TEXT

GARBAGE = b"<html><body><h1>502 Bad Gateway</h1>nginx</body></html>"
DRIP_CHUNK = 64
HTML = b"text/html; charset=utf-8"
SHARES = ("errors", "truncate", "garbage", "drop", "drip")  # probabilities, 0..1 each


@dataclass
class Faults:
    latency: float = 0.0  # seconds added to every request
    errors: float = 0.0  # share of 500 answers
    truncate: float = 0.0  # share of bodies cut in half (Content-Length matches the cut)
    garbage: float = 0.0  # share of 200 answers whose body is an HTML proxy page
    drop: float = 0.0  # share of connections closed after the headers
    drip: float = 0.0  # share of bodies sent in small chunks with pauses
    drip_delay: float = 0.05  # pause between drip chunks, seconds
    seed: int = 0
    _rng: random.Random = field(default_factory=random.Random, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    @property
    def active(self) -> bool:
        return any((self.latency, self.errors, self.truncate, self.garbage, self.drop, self.drip))

    def draw(self) -> str | None:
        """The fault for the next request, or None."""
        roll = self._rng.random()
        for name in SHARES:
            share = float(getattr(self, name))
            if roll < share:
                return name
            roll -= share
        return None


def parse_faults(text: str) -> Faults:
    """``latency=0.2,errors=0.1,seed=3`` -> Faults; ValueError naming a bad part."""
    known = {f.name for f in fields(Faults) if not f.name.startswith("_")}
    values: dict[str, Any] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, raw = part.partition("=")
        if not sep or name not in known:
            raise ValueError(f"unknown fault {part!r}; known: {', '.join(sorted(known))}")
        values[name] = _fault_value(name, raw.strip())
    if sum(values.get(name, 0.0) for name in SHARES) > 1:
        raise ValueError(f"the shares {', '.join(SHARES)} add up to more than 1")
    return Faults(**values)


def _fault_value(name: str, raw: str) -> int | float:
    """One checked value: ``seed`` a whole number, a share 0..1, a delay in seconds >= 0."""
    try:
        value = int(raw) if name == "seed" else float(raw)
    except ValueError:
        kind = "a whole number" if name == "seed" else "a number"
        raise ValueError(f"{name}={raw!r}: expected {kind}") from None
    if name in SHARES and not 0 <= value <= 1:
        raise ValueError(f"{name}={raw}: a share of requests is a probability from 0 to 1")
    if value < 0:
        raise ValueError(f"{name}={raw}: cannot be negative")
    return value


class FaultInjector:
    """ASGI middleware that spoils a share of the wrapped app's responses."""

    def __init__(self, app: ASGIApp, faults: Faults) -> None:
        self.app = app
        self.faults = faults
        self.state = getattr(app, "state", None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.faults.latency:
            await asyncio.sleep(self.faults.latency)
        fault = self.faults.draw()
        if fault == "errors":
            await _send_whole(send, 500, HTML, SERVER_ERROR_TEXT.encode())
            return
        if fault == "garbage":
            await _send_whole(send, 200, HTML, GARBAGE)
            return
        if fault is None:
            await self.app(scope, receive, send)
            return
        start, body = await _capture(self.app, scope, receive)
        await self._spoil(fault, start, body, send)

    async def _spoil(self, fault: str, start: Message, body: bytes, send: Send) -> None:
        if fault == "truncate":
            body = body[: len(body) // 2]
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        if fault != "drop":
            headers.append((b"content-length", str(len(body)).encode()))
        await send({**start, "headers": headers})
        if fault == "drop":
            raise ConnectionAbortedError("sandbox fault: connection dropped")
        if fault == "drip":
            for offset in range(0, len(body), DRIP_CHUNK):
                await send(
                    {
                        "type": "http.response.body",
                        "body": body[offset : offset + DRIP_CHUNK],
                        "more_body": True,
                    }
                )
                await asyncio.sleep(self.faults.drip_delay)
            body = b""
        await send({"type": "http.response.body", "body": body, "more_body": False})


async def _capture(app: ASGIApp, scope: Scope, receive: Receive) -> tuple[Message, bytes]:
    """Run the app and keep its response start message and whole body."""
    start: Message = {}
    chunks: list[bytes] = []

    async def keep(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, keep)
    return start, b"".join(chunks)


async def _send_whole(send: Send, status: int, content_type: bytes, body: bytes) -> None:
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})
