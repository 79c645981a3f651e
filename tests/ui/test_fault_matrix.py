"""Every fault a real or hostile server was seen to commit, met by the whole app: it keeps
running, the response pane says what happened, the form keeps what was typed and the pages
fetched earlier stay. The sandbox answers through a transport that misbehaves on demand."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace

import httpx
from textual.pilot import Pilot

from explorer.app.events import Sink
from explorer.app.session import Session, open_session
from explorer.core.profiles import SANDBOX, Profile
from explorer.core.ratelimit import RateLimiter
from explorer.core.tokens import SANDBOX_TOKEN, TokenLookup, TokenSource
from explorer.sandbox.app import create_app
from explorer.sandbox.data import build_workspace
from explorer.ui.screens.fetch_all import FetchAllScreen
from explorer.ui.widgets.response_pane import ResponsePane
from tests.harness.demo import DEMO_ELAPSED, DEMO_NOW, DEMO_URL, DemoApp, FrozenClock
from tests.harness.scenes import settle
from tests.ui.support import (
    field_input,
    focus_within,
    settle_tolerating_cancelled,
    wait_until,
)

Inner = httpx.AsyncBaseTransport
Fault = Callable[[httpx.Request, Inner], Awaitable[httpx.Response]]
TYPED = "Farmers"  # typed into the group field before every fault
JSON = "application/json"


class FaultyTransport(httpx.AsyncBaseTransport):
    """The sandbox, except that the next request whose URL holds ``where`` meets ``fault``."""

    def __init__(self, inner: Inner) -> None:
        self.inner = inner
        self.fault: Fault | None = None
        self.where = ""

    def arm(self, fault: Fault, where: str = "/contacts.json") -> None:
        self.fault, self.where = fault, where

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.fault is not None and self.where in str(request.url):
            fault, self.fault = self.fault, None
            return await fault(request, self.inner)
        return await self.inner.handle_async_request(request)


def faulty_app(contacts: int = 30) -> tuple[DemoApp, FaultyTransport]:
    """The demo explorer on a sandbox of ``contacts`` behind a ``FaultyTransport``."""
    clock = FrozenClock()
    workspace = build_workspace(contacts, now=DEMO_NOW)
    sandbox = create_app(workspace, token=SANDBOX_TOKEN, clock=clock)
    transport = FaultyTransport(httpx.ASGITransport(app=sandbox))

    async def opener(profile: Profile, events: Sink) -> Session:
        return await open_session(
            replace(profile, base_url=DEMO_URL, rate_limit=2500),
            events=events,
            find_token=lambda _: TokenLookup(SANDBOX_TOKEN, TokenSource.BUILTIN, "demo"),
            transport=transport,
            limiter=RateLimiter(2500, clock=clock),
            fixed_elapsed=DEMO_ELAPSED,
        )

    return DemoApp(SANDBOX, opener, clock), transport


# -- the faults ---------------------------------------------------------------------------------


def answer(
    status: int, body: bytes, content_type: str = "application/json", **headers: str
) -> Fault:
    async def fault(request: httpx.Request, inner: Inner) -> httpx.Response:
        return httpx.Response(
            status, content=body, headers={"Content-Type": content_type, **headers}
        )

    return fault


class CutShort(httpx.AsyncByteStream):
    """Ten bytes of a body announced as a hundred, then the connection drops."""

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b'{"results"'
        raise httpx.RemoteProtocolError("peer closed connection without sending complete body")


async def cut_short(request: httpx.Request, inner: Inner) -> httpx.Response:
    return httpx.Response(200, headers={"Content-Length": "100"}, stream=CutShort())


async def drips(request: httpx.Request, inner: Inner) -> httpx.Response:
    await asyncio.sleep(30)  # a byte now and then: only the total deadline ends it
    raise AssertionError("the deadline should have ended the exchange")


async def closed_while_idle(request: httpx.Request, inner: Inner) -> httpx.Response:
    raise httpx.RemoteProtocolError("Server disconnected without sending a response.")


def next_link(link: object) -> Fault:
    """The real page, with its ``next`` replaced by ``link``."""

    async def fault(request: httpx.Request, inner: Inner) -> httpx.Response:
        real = await inner.handle_async_request(request)
        body = json.loads(await real.aread())
        return httpx.Response(200, json={**body, "next": link})

    return fault


# name: (fault, status label shown, words the pane shows in its status line or note)
BODY_FAULTS: dict[str, tuple[Fault, str, str]] = {
    "unknown-charset": (
        answer(200, b'{"results": []}', "application/json; charset=foo"),
        "200",
        "",
    ),
    "not-utf8": (answer(200, b'{"results": [{"name": "Zo\xff"}]}'), "200", ""),
    "200k-open-brackets": (answer(200, b"[" * 200_000), "200", "nested over"),
    "900-levels": (answer(200, b"[" * 900 + b"]" * 900), "200", "nested over"),
    "cut-short": (cut_short, "no connection", "dropped before the answer was complete"),
    "html-502": (
        answer(502, b"<html><title>502 Bad Gateway</title></html>", "text/html"),
        "502",
        "Bad Gateway",
    ),
    "text-502": (answer(502, b"upstream [/] error [link=", "text/plain"), "502", "upstream [/]"),
    "markup-content-type": (answer(200, b"ok", "text/[b]x[/y"), "200", "not JSON (text/[b]x[/y)"),
    "429-no-retry-after": (answer(429, b""), "429", "Wait 60 s"),
    "empty-200": (answer(200, b""), "200", "Empty body."),
    "drips": (drips, "timed out", "did not finish answering"),
    "closed-while-idle": (closed_while_idle, "200", ""),
    **{
        f"retry-after-{said}": (answer(429, b"{}", **{"Retry-After": said}), "429", said)
        for said in ("inf", "nan", "-1", "1e9", "garbage", "Wed, 21 Oct 2099 07:28:00 GMT")
    },
}
BAD_LINKS: dict[str, object] = {
    "number": 5,
    "list": [f"{DEMO_URL}/api/v2/contacts.json?cursor=x"],
    "object": {"url": "x"},
    "port-99999": "http://127.0.0.1:99999/api/v2/contacts.json?cursor=x",
    "port-abc": "http://127.0.0.1:abc/api/v2/contacts.json?cursor=x",
    "other-host": "https://evil.example/api/v2/contacts.json?cursor=x",
}


def words_shown(pane: ResponsePane) -> str:
    return " ".join(
        str(widget.content) for widget in (pane.status_code, pane.status_details, pane.note)
    )


async def type_into(app: DemoApp, pilot: Pilot[int], field: str, text: str) -> None:
    field_input(app, field).focus()
    await pilot.press(*text)


async def send(pilot: Pilot[int]) -> None:
    await pilot.press("ctrl+s")
    await settle_tolerating_cancelled(pilot)


def assert_still_usable(app: DemoApp, label: str, words: str, typed: str = TYPED) -> None:
    """The app runs, says ``label`` and ``words``, and the form keeps ``typed``."""
    pane = app.explorer.response_pane
    assert app.is_running
    assert str(pane.status_code.content).startswith(label), words_shown(pane)
    assert words in words_shown(pane)
    assert field_input(app, "group").value == typed


async def test_every_faulty_answer_gives_a_message_and_keeps_the_form() -> None:
    app, transport = faulty_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.session is not None
        app.session.client.deadline = 0.5
        await type_into(app, pilot, "group", TYPED)
        for name, (fault, label, words) in BODY_FAULTS.items():
            transport.arm(fault)
            await send(pilot)
            assert transport.fault is None, name
            assert_still_usable(app, label, words)
            app.clock.advance(3601)  # past any Retry-After, bounded to an hour
        await send(pilot)  # and the next request goes out as usual
        assert_still_usable(app, "200", "page 1")


async def test_a_bad_next_link_keeps_the_page_and_says_why() -> None:
    app, transport = faulty_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_into(app, pilot, "group", TYPED)
        pane = app.explorer.response_pane
        for name, link in BAD_LINKS.items():
            transport.arm(next_link(link))
            await send(pilot)
            assert_still_usable(app, "200", '"next" link')
            assert pane.next_url is None, name
        assert pane.response is not None
        shown = pane.response.json()["results"]
        focus_within(pane)
        await pilot.press("right_square_bracket", "a")  # nothing to follow
        await settle_tolerating_cancelled(pilot)
        assert pane.response is not None and pane.response.json()["results"] == shown


async def test_fetch_all_meeting_a_bad_link_keeps_the_pages_that_came() -> None:
    app, transport = faulty_app(contacts=260)  # two pages of 250
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_into(app, pilot, "before", "2099-01-01")  # keeps them all
        await send(pilot)
        transport.arm(next_link(5), where="cursor=")  # page 2 says its next is 5
        pane = app.explorer.response_pane
        focus_within(pane)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, FetchAllScreen), "the cost")
        await pilot.press("y")  # a cursor list: its cost cannot be known, so it asks
        await settle_tolerating_cancelled(pilot)
        assert app.explorer.shown is not None and app.explorer.shown.fetched is not None
        assert len(app.explorer.shown.fetched) == 260  # pages 1 and 2 stay
        assert str(pane.fetch.summary.content).startswith("Stopped by an error after 2 pages")
        assert any('"next" link is not a URL' in n.message for n in app._notifications)
        assert app.is_running and field_input(app, "before").value == "2099-01-01"
