"""The response envelope of a list, read here only; walking a list page by page, collecting
every item.

Cursor endpoints and the limit/offset one (archives) both give an absolute ``next`` URL, used as
given. The envelope (``results``, ``next``, ``previous``) is read here and nowhere else; a link
that cannot be followed (not a string, not a valid URL, another server) is dropped with the
reason, so the page that carried it is still shown.

A crawl stops at a null ``next`` or an empty page (as the official client does). Fetch-all
(resumable, retrying) is the application's: ``explorer.app.fetch``.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from explorer.core.client import ApiResponse, check_link
from explorer.core.errors import ApiError, InsecureURLError
from explorer.core.request import ApiRequest

CURSOR = "cursor"
_JSON_STRING = r'"(?:[^"\\]|\\.)*"'
_ENVELOPE_HEAD = re.compile(
    rf'\s*\{{\s*(?:"count"\s*:\s*\d+\s*,\s*)?"next"\s*:\s*(null|{_JSON_STRING})\s*,'
    rf'\s*"previous"\s*:\s*(null|{_JSON_STRING})\s*,\s*"results"\s*:\s*\['
)
_SHOWN = 60  # characters of a bad link quoted in a message


class PageSource(Protocol):
    """What pages are fetched through: an ``ApiClient``, or a wrapper of one."""

    async def send(self, request: ApiRequest) -> ApiResponse: ...

    async def get_url(self, url: str) -> ApiResponse: ...


@dataclass(frozen=True)
class Envelope:
    """What a body says about paging: whether it is a page of a list, the links it gave that
    can be followed, and why one it gave cannot be, if one cannot."""

    is_page: bool = False
    previous_url: str | None = None
    next_url: str | None = None
    previous_problem: str | None = None
    next_problem: str | None = None

    @property
    def problem(self) -> str | None:
        return self.next_problem or self.previous_problem


NOT_A_PAGE = Envelope()


def read_envelope(body: Any, page_url: str) -> Envelope:
    """The paging of ``body``, the answer from ``page_url``: the cursor envelope ``{next,
    previous, results}`` or the limit/offset one (with ``count``)."""
    if not isinstance(body, dict):
        return NOT_A_PAGE
    is_page = "next" in body and "previous" in body and isinstance(body.get("results"), list)
    previous, previous_problem = _link(body.get("previous"), "previous", page_url)
    following, next_problem = _link(body.get("next"), "next", page_url)
    return Envelope(is_page, previous, following, previous_problem, next_problem)


def read_envelope_head(text: str, page_url: str) -> Envelope:
    """``read_envelope`` from the start of a page's text, without parsing it all (the API writes
    ``next`` and ``previous`` before ``results``): for bodies too big to parse at once."""
    match = _ENVELOPE_HEAD.match(text)
    if match is None:
        return NOT_A_PAGE
    following, previous = (json.loads(group) for group in match.groups())
    return read_envelope({"next": following, "previous": previous, "results": []}, page_url)


def _link(value: Any, name: str, page_url: str) -> tuple[str | None, str | None]:
    """``(url, None)`` for a link that can be followed, ``(None, why)`` for one that cannot,
    ``(None, None)`` for none."""
    if value is None or value == "":
        return None, None
    if not isinstance(value, str):
        shown = json.dumps(value)[:_SHOWN]
        return None, f'The server\'s "{name}" link is not a URL ({shown}); it cannot be followed.'
    try:
        check_link(value, page_url)
    except InsecureURLError as error:
        return None, f'The "{name}" link cannot be followed. {error}'
    return value, None


@dataclass(frozen=True)
class Page:
    """One page of a list: its items, its links and the response it came in."""

    number: int  # 1 for the first page fetched
    results: list[Any]
    envelope: Envelope
    response: ApiResponse
    count: int | None = None  # the total, on limit/offset endpoints only

    @property
    def next_url(self) -> str | None:
        return self.envelope.next_url

    def following(self) -> str | None:
        """The link a crawl follows from here: None at the end (no ``next``, or an empty page, as
        the official client stops); raises ``ApiError`` when a next page's link cannot be
        followed."""
        if not self.results:
            return None
        if self.envelope.next_problem:
            raise ApiError(self.envelope.next_problem)
        return self.next_url

    @property
    def previous_url(self) -> str | None:
        return self.envelope.previous_url

    @property
    def cursor(self) -> str | None:
        """The ``cursor`` of the next page: where a resumed crawl starts."""
        return cursor_of(self.next_url)


def cursor_of(url: str | None) -> str | None:
    """The ``cursor`` query param of ``url``, if it has one."""
    if not url:
        return None
    values = parse_qs(urlsplit(url).query).get(CURSOR)
    return values[0] if values else None


async def pages(
    client: PageSource,
    request: ApiRequest,
    *,
    resume_cursor: str | None = None,
) -> AsyncIterator[Page]:
    """Each page of ``request``'s results, following ``next``; errors raise as domain errors.

    Waiting for the rate limit, and sending a throttled page again, are ``client``'s to do.
    """
    first = request.with_param(CURSOR, resume_cursor) if resume_cursor else request
    response = (await client.send(first)).raise_for_error()
    number = 1
    while True:
        page = read_page(number, response)
        yield page
        if (link := page.following()) is None:
            return
        response = (await client.get_url(link)).raise_for_error()
        number += 1


def results_of(body: Any) -> list[Any] | None:
    """The items of a list's body (its ``results`` list, not a copy), or None for any other
    body (one object, an error)."""
    results = body.get("results") if isinstance(body, dict) else None
    return results if isinstance(results, list) else None


def read_page(number: int, response: ApiResponse) -> Page:
    """Page ``number`` of a list, read from ``response``; raises ``ApiError`` if it is none."""
    body = response.json()
    results = results_of(body)
    if results is None:
        raise ApiError(
            f"The answer from {urlsplit(response.url).path} is not a page of results "
            '(no "results" list), so it cannot be paged through.'
        )
    count = body.get("count")
    return Page(
        number=number,
        results=results,
        envelope=read_envelope(body, response.url),
        response=response,
        count=count if isinstance(count, int) and not isinstance(count, bool) else None,
    )
