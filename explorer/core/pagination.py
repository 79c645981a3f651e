"""Walking a list endpoint page by page, and collecting or saving every item.

Cursor endpoints and the limit/offset one (archives) both give an absolute ``next`` URL, used as
given. A crawl stops at a null ``next`` or an empty page (as the official client does). Fetch-all
(resumable, retrying) is the application's: ``explorer.app.fetch``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable
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
        page = read_page(number, response)
        yield page
        if page.next_url is None or not page.results:
            return
        response = (await client.get_url(page.next_url)).raise_for_error()
        number += 1


def read_page(number: int, response: ApiResponse) -> Page:
    """Page ``number`` of a list, read from ``response``; raises ``ApiError`` if it is none."""
    body = response.json()
    if not isinstance(body, dict) or not isinstance(body.get("results"), list):
        raise ApiError(
            f"The answer from {urlsplit(response.url).path} is not a page of results "
            '(no "results" list), so it cannot be paged through.'
        )
    count = body.get("count")
    return Page(
        number=number,
        results=body["results"],
        next_url=body.get("next") or None,
        previous_url=body.get("previous") or None,
        response=response,
        count=count if isinstance(count, int) else None,
    )


def save_results(results: Iterable[Any], path: Path, *, jsonl: bool | None = None) -> None:
    """Write ``results`` to ``path`` atomically: a JSON array, or JSON Lines for ``.jsonl``."""
    as_lines = path.suffix.lower() in JSONL_SUFFIXES if jsonl is None else jsonl
    if as_lines:
        text = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in results)
    else:
        text = json.dumps(list(results), ensure_ascii=False, indent=2) + "\n"
    atomic_write(path, text)
