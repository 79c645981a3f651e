"""One request without a screen, as ``textit-explorer call`` makes it: the same catalog, form
validation, client, rate budget and history as the explorer.

Nothing here knows of argv or a terminal: which operation a method and an endpoint slug name,
the request built and checked exactly as the form checks it (the form's raw editors' parsers,
then ``build_request``), whether a write may go out on a profile, and the answer, or every item
of every page handed to a sink as it comes.
"""

from __future__ import annotations

import asyncio
import contextlib
import difflib
import json
from collections.abc import Iterable
from typing import Any

from explorer.app.fetch import Fetch, ItemSink
from explorer.app.session import MeteredClient, PatientClient, Session, retrieve_outcome
from explorer.core.catalog import Catalog, Operation
from explorer.core.client import ApiResponse
from explorer.core.errors import ExplorerError, ValidationError
from explorer.core.jsonfilter import run_jq
from explorer.core.pagination import read_envelope_head
from explorer.core.profiles import Profile
from explorer.core.request import (
    ApiRequest,
    build_request,
    pair_values,
    parse_body_text,
)

CLOSE_CHOICES = 4  # at most this many near names suggested for a mistyped endpoint
READ_AHEAD_START = 0.001
"""Seconds the event loop is given to send a page asked for ahead (a few of its turns) before
the caller goes on reading the page it has, which it does without yielding."""


class CallRefused(ExplorerError):
    """The call is not made, and nothing is sent: an unknown endpoint or method, a saved query
    that names none, or a write the profile refuses."""


def find_operation(catalog: Catalog, method: str, slug: str) -> Operation:
    """The catalog's operation for ``method`` on endpoint ``slug``; ``CallRefused`` names the
    endpoints close to an unknown slug, or the methods an endpoint takes."""
    slugs = [endpoint.slug for endpoint in catalog.endpoints]
    if slug not in slugs:
        near = difflib.get_close_matches(slug.lower().replace("-", "_"), slugs, CLOSE_CHOICES)
        hint = f"Did you mean {', '.join(near)}?" if near else "See `textit-explorer endpoints`."
        raise CallRefused(f"No endpoint named {slug!r}. {hint}")
    endpoint = catalog.endpoint(slug)
    operation = endpoint.operation(method)
    if operation is None:
        takes = ", ".join(endpoint.methods)
        raise CallRefused(f"The {slug} endpoint takes no {method.upper()!r}; it takes {takes}.")
    return operation


def build_call(
    operation: Operation, params: Iterable[tuple[str, str]], body: str | None
) -> ApiRequest:
    """The request of query ``params`` (a repeated name gives a list) and the JSON ``body``
    text, checked as the form checks it; ``ValidationError`` names every bad field."""
    query = pair_values(params)
    try:
        return build_request(operation, query, parse_body_text(body or ""))
    except ValidationError as error:
        raise ValidationError(_body_fields_pointed_out(operation, query, error)) from None


def _body_fields_pointed_out(
    operation: Operation, query: dict[str, str], error: ValidationError
) -> dict[str, list[str]]:
    """``error``'s messages, a body field given as ``NAME=VALUE`` told to go in the body."""
    moved = {name for name in query if operation.body_field(name) and not operation.param(name)}
    return {
        name: [f"a body field of {operation.method} {operation.endpoint}: give it in --body"]
        if name in moved
        else messages
        for name, messages in error.field_errors.items()
    }


def refusal(profile: Profile, request: ApiRequest) -> CallRefused:
    """Why a read-only ``profile`` does not send ``request``."""
    return CallRefused(
        f"Profile {profile.name!r} is read-only: {request.method} is refused. Allow writes with "
        f"`textit-explorer profile edit {profile.name} --read-write`."
    )


async def send_call(session: Session, request: ApiRequest) -> ApiResponse:
    """Send ``request``, waiting out the rate limit and any 429's ``Retry-After`` (the session's
    events say so) and sending it again: a throttled request was never processed."""
    return await PatientClient(session.client).send(request)


async def fetch_every_page(session: Session, request: ApiRequest, sink: ItemSink) -> Fetch:
    """Every item of every page of ``request`` to ``sink``, page by page; how it ended is the
    session's ``FetchEnded`` event."""
    crawl = Fetch(session, request, sink=sink)
    await crawl.run()
    return crawl


class ReadAhead(MeteredClient):
    """A ``MeteredClient`` that asks for the page a list's ``next`` link names as soon as a page
    comes, so the server makes page n+1 while page n is read and written: fetch-all then takes
    about the server's time alone, not the server's plus the reader's.

    The page asked for ahead goes through the same budget and history, when it is sent; one
    that is not wanted in the end (a cancel, a failure) is cancelled, and may have been sent.
    """

    _ahead: tuple[str, asyncio.Task[ApiResponse]] | None = None

    async def send(self, request: ApiRequest) -> ApiResponse:
        return await self._read_ahead(await super().send(request))

    async def get_url(self, url: str) -> ApiResponse:
        ahead = self._take_ahead()
        if ahead is not None and ahead[0] == url:
            response = await ahead[1]
        else:
            if ahead is not None:
                ahead[1].cancel()
            response = await super().get_url(url)
        return await self._read_ahead(response)

    def _take_ahead(self) -> tuple[str, asyncio.Task[ApiResponse]] | None:
        ahead, self._ahead = self._ahead, None
        return ahead

    async def _read_ahead(self, response: ApiResponse) -> ApiResponse:
        """Ask now for the page after ``response``, if it is a page that names one, and let the
        request go out before the caller reads this page."""
        if response.ok and response.method == "GET":
            link = read_envelope_head(response.text, response.url).next_url
            if link is not None:
                task = asyncio.ensure_future(MeteredClient.get_url(self, link))
                task.add_done_callback(retrieve_outcome)  # a page not wanted may fail unheard
                self._ahead = (link, task)
                await asyncio.wait({task}, timeout=READ_AHEAD_START)
        return response

    async def aclose(self) -> None:
        if (ahead := self._take_ahead()) is not None:
            ahead[1].cancel()
            with contextlib.suppress(asyncio.CancelledError, ExplorerError):
                await ahead[1]
        await super().aclose()


class ItemFilter:
    """A jq filter run on each item of a list, as ``jq`` runs one on JSON Lines: on the items
    of a page, the viewer's ``.[] | EXPR`` on the array of every item gives the same values."""

    def __init__(self, expression: str) -> None:
        # on lines of their own: a comment at the end of ``expression`` cannot eat the ``)``
        self.program = f".[] | (\n{expression}\n)"
        run_jq("[]", self.program)  # a bad filter fails now, before anything is sent

    def __call__(self, items: list[Any]) -> list[Any]:
        output = run_jq(json.dumps(items, ensure_ascii=False), self.program)
        return [json.loads(line) for line in output.splitlines()]
