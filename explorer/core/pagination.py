"""The response envelope of a list, read here only; walking a list page by page, collecting or
saving every item.

Cursor endpoints and the limit/offset one (archives) both give an absolute ``next`` URL, used as
given. A crawl stops at a null ``next`` or an empty page (as the official client does). The cursor
of the next page is kept so an interrupted crawl can be resumed; cancelling is the caller's, by
cancelling the task: nothing here needs cleaning up.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from explorer.core.client import ApiResponse
from explorer.core.errors import ApiError
from explorer.core.paths import atomic_write
from explorer.core.request import ApiRequest

CURSOR = "cursor"
JSONL_SUFFIXES = (".jsonl", ".ndjson")
_JSON_STRING = r'"(?:[^"\\]|\\.)*"'
_ENVELOPE_HEAD = re.compile(
    rf'\s*\{{\s*(?:"count"\s*:\s*\d+\s*,\s*)?"next"\s*:\s*(null|{_JSON_STRING})\s*,'
    rf'\s*"previous"\s*:\s*(null|{_JSON_STRING})\s*,\s*"results"\s*:\s*\['
)


@dataclass(frozen=True)
class Envelope:
    """What a list body holds around its items: ``{count?, next, previous, results}``."""

    results: list[Any]
    next_url: str | None
    previous_url: str | None
    paged: bool
    """It has the ``next``/``previous`` links of a paged list (statistics' ``results`` has not)."""
    count: int | None = None  # the total, on limit/offset endpoints only


def read_envelope(body: Any) -> Envelope | None:
    """The envelope of a parsed body, or None when it has no ``results`` list (one object, an
    error body). Links that are not non-empty strings count as absent: the server is untrusted."""
    if not isinstance(body, dict) or not isinstance(results := body.get("results"), list):
        return None
    count = body.get("count")
    return Envelope(
        results=results,
        next_url=_link(body.get("next")),
        previous_url=_link(body.get("previous")),
        paged="next" in body and "previous" in body,
        count=count if isinstance(count, int) and not isinstance(count, bool) else None,
    )


def read_envelope_head(text: str) -> tuple[str | None, str | None] | None:
    """``(previous, next)`` read from the start of a page's text without parsing it all (the API
    writes ``next`` and ``previous`` before ``results``), for bodies too big to parse at once;
    None when the text does not start as a paged list."""
    match = _ENVELOPE_HEAD.match(text)
    if match is None:
        return None
    following, previous = (_link(json.loads(group)) for group in match.groups())
    return previous, following


def _link(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


class PageSource(Protocol):
    """What pages are fetched through: an ``ApiClient``, or a wrapper of one."""

    async def send(self, request: ApiRequest) -> ApiResponse: ...

    async def get_url(self, url: str) -> ApiResponse: ...


@dataclass(frozen=True)
class Page:
    """One page of a list: its items, its links and the response it came in."""

    number: int  # 1 for the first page fetched
    results: list[Any]
    next_url: str | None
    previous_url: str | None
    response: ApiResponse
    count: int | None = None  # the total, on limit/offset endpoints only

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
        page = _page(number, response)
        yield page
        if page.next_url is None or not page.results:
            return
        response = (await client.get_url(page.next_url)).raise_for_error()
        number += 1


def _page(number: int, response: ApiResponse) -> Page:
    envelope = read_envelope(response.json())
    if envelope is None:
        raise ApiError(
            f"The answer from {urlsplit(response.url).path} is not a page of results "
            '(no "results" list), so it cannot be paged through.'
        )
    return Page(
        number=number,
        results=envelope.results,
        next_url=envelope.next_url,
        previous_url=envelope.previous_url,
        response=response,
        count=envelope.count,
    )


@dataclass(frozen=True)
class Progress:
    """How far a ``FetchAll`` has got."""

    pages: int
    items: int
    cursor: str | None  # where the crawl would resume


class FetchAll:
    """Collects every item of a list; what was collected, and where to resume, survive a cancel.

    ``await run()`` again after a cancel or an error continues from ``cursor``.
    """

    def __init__(
        self,
        client: PageSource,
        request: ApiRequest,
        *,
        resume_cursor: str | None = None,
        on_progress: Callable[[Progress], None] | None = None,
    ) -> None:
        self.client = client
        self.request = request
        self.on_progress = on_progress
        self.results: list[Any] = []
        self.pages = 0
        self.cursor = resume_cursor  # the cursor of the first page not yet collected
        self.complete = False

    async def run(self) -> list[Any]:
        """Fetch the remaining pages; returns every item collected so far."""
        async for page in pages(self.client, self.request, resume_cursor=self.cursor):
            self.results.extend(page.results)
            self.pages += 1
            self.cursor = page.cursor
            if self.on_progress is not None:
                self.on_progress(Progress(self.pages, len(self.results), self.cursor))
        self.complete = True
        return self.results


def save_results(results: Iterable[Any], path: Path, *, jsonl: bool | None = None) -> None:
    """Write ``results`` to ``path`` atomically: a JSON array, or JSON Lines for ``.jsonl``."""
    as_lines = path.suffix.lower() in JSONL_SUFFIXES if jsonl is None else jsonl
    if as_lines:
        text = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in results)
    else:
        text = json.dumps(list(results), ensure_ascii=False, indent=2) + "\n"
    atomic_write(path, text)
