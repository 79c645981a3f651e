"""Sending, paging and fetch-all on a session, each reporting how it went as events.

Fetch-all streams each page's items to a sink, can be cancelled (by cancelling its task) and
resumed from the next page's link, retries transient failures (no response, a 5xx) with bounded
exponential backoff, and waits out 429s: a throttled page was never processed, so it is asked
again once the Retry-After has passed. It paces itself: it leaves ``reserve`` requests of the
hour's budget to the person's other requests, waiting (visibly) for the window to free them
rather than burning the whole hour in a burst. Given a ``Spool``, its items go to a file and
its resume point to the state store after each page, so it can go on after a restart too.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any

from explorer.app.events import (
    Answered,
    Cancelled,
    Failed,
    FetchEnded,
    FetchProgress,
    FetchRetrying,
    Saved,
    SaveFailed,
    Waiting,
)
from explorer.app.session import PatientClient, Session, scope_for_path
from explorer.app.spool import Kept, Spool, rebased
from explorer.core.client import ApiResponse
from explorer.core.errors import ExplorerError, FilterError, ServerError, TransportError
from explorer.core.jsonfilter import run_jq_isolated
from explorer.core.pagination import CURSOR, Page, cursor_of, read_page
from explorer.core.records import write_records
from explorer.core.request import ApiRequest

ItemSink = Callable[[list[Any]], None]
"""Where fetch-all puts each page's items as they come."""


async def send(session: Session, request: ApiRequest) -> ApiResponse | None:
    """Send ``request``; how it ended is an event. The response, if one came."""
    return await _answer(session, request, session.client.send(request), 1)


async def follow(session: Session, request: ApiRequest, url: str, page: int) -> ApiResponse | None:
    """GET a ``next``/``previous`` link the server gave in answer to ``request`` (page ``page``)."""
    return await _answer(session, request, session.client.get_url(url), page)


async def _answer(
    session: Session, request: ApiRequest, call: Awaitable[ApiResponse], page: int
) -> ApiResponse | None:
    try:
        response = await call
    except ExplorerError as error:
        session.events(Failed(request, error))
        return None
    except asyncio.CancelledError:
        session.events(Cancelled(request))
        raise
    session.events(Answered(request, response, page))
    return response


def is_transient(error: ExplorerError) -> bool:
    """Whether asking again may help: no response at all, or a server error (pages are GETs)."""
    return isinstance(error, TransportError | ServerError)


class Fetch:
    """Every page of ``request``, followed through ``next``; ``run()`` again after a cancel or an
    error goes on from the page it stopped at.

    Items go to ``sink`` (or ``spool``) when one is given, else they are kept in ``results``.
    ``reserve`` requests of the hour are left to others (default: a tenth of the limit).
    """

    def __init__(
        self,
        session: Session,
        request: ApiRequest,
        *,
        sink: ItemSink | None = None,
        spool: Spool | None = None,
        reserve: int | None = None,
    ) -> None:
        self.session = session
        self.request = request
        self.spool = spool
        self.sink = spool.write if spool is not None else sink
        self.results: list[Any] | None = None if self.sink else []
        self.scope = scope_for_path(request.path, session.client.catalog)
        self._reserve = reserve
        self.pages = 0
        self.items = 0
        self.next_url: str | None = None  # the link to the first page not yet collected
        self.complete = False
        self._fresh = True  # nothing fetched yet: the spool starts empty
        self._client = PatientClient(session.client)

    @property
    def reserve(self) -> int:
        """The requests of the hour left to others (a limit learned meanwhile counts)."""
        limiter = self.session.limiter
        return limiter.reserve_for(self.scope) if self._reserve is None else self._reserve

    @property
    def cursor(self) -> str | None:
        """The ``cursor`` of the first page not yet collected: a resume point to keep."""
        return cursor_of(self.next_url)

    def resume_from(self, cursor: str) -> None:
        """Start at the page ``cursor`` points to (one kept from an earlier run)."""
        self.next_url = self.request.with_param(CURSOR, cursor).url(self.session.base_url)

    def resume_kept(self, kept: Kept) -> None:
        """Go on from an earlier run's resume point: its next page, its counts (the spool file
        is cut back to the items it counted)."""
        self.next_url = rebased(kept.point.cursor, self.session.base_url)
        self.pages, self.items = kept.point.pages, kept.point.items
        self._fresh = False

    async def run(self) -> None:
        """Fetch the remaining pages; the end, whatever it is, is a ``FetchEnded`` event."""
        try:
            if self.spool is not None:  # files and a database: off the event loop
                keep = None if self._fresh else self.items
                await asyncio.to_thread(self.spool.open, keep)
                self._fresh = False
            while not self.complete:
                await self._pace()
                self._take(await self._next_page())
        except ExplorerError as error:
            self._ended(error)
            return
        except asyncio.CancelledError:
            self._ended()
            raise
        self._ended()

    async def _pace(self) -> None:
        """Wait while the hour's budget, less the reserve, is used up (the metered client
        itself waits for a Retry-After or a full hour, and says so)."""
        limiter = self.session.limiter
        while limiter.wait_time(self.scope) == 0 and (
            wait := limiter.wait_time(self.scope, self.reserve)
        ):
            self.session.events(Waiting(self.scope, wait, self.reserve))
            await limiter.sleep(wait)

    async def _next_page(self) -> Page:
        """The next page, asking again after a transient failure (up to the backoff's limit)."""
        backoff = self.session.backoff
        attempt = 0
        while True:
            try:
                return read_page(self.pages + 1, await self._get())
            except ExplorerError as error:
                attempt += 1
                if not is_transient(error) or attempt > backoff.attempts:
                    raise
                delay = backoff.delay(attempt)
                self.session.events(FetchRetrying(self.request, error, attempt, delay))
                await backoff.sleep(delay)

    async def _get(self) -> ApiResponse:
        if self.next_url is None:
            response = await self._client.send(self.request)
        else:
            response = await self._client.get_url(self.next_url)
        return response.raise_for_error()

    def _take(self, page: Page) -> None:
        if self.sink is not None:
            self.sink(page.results)
        else:
            assert self.results is not None
            self.results.extend(page.results)
        self.pages += 1
        self.items += len(page.results)
        self.next_url = page.next_url
        if self.spool is not None:
            self.spool.mark(page.next_url if page.results else None, self.pages, self.items)
        event = FetchProgress(self.request, self.pages, self.items, self.cursor)
        self.session.events(event)
        self.complete = page.following() is None  # raises, items kept, on a link not to follow

    def _ended(self, error: ExplorerError | None = None) -> None:
        spool = None
        if self.spool is not None:
            self.spool.close()
            spool = self.spool.path
        # a copy: a resumed run goes on adding to ``results`` while a face shows these
        results = None if self.results is None else list(self.results)
        event = FetchEnded(
            self.request, self.pages, self.items, results, self.complete, error, spool
        )
        self.session.events(event)


def filter_items(output: str) -> list[Any]:
    """The items of a jq filter's output (one JSON value a line): its values, or the elements of
    its one value when that is a list (``[.results[] | {name}]`` saves as ``.results[] | {name}``
    does)."""
    values = [json.loads(line) for line in output.splitlines() if line.strip()]
    return values[0] if len(values) == 1 and isinstance(values[0], list) else values


async def save_filtered(session: Session, text: str, expression: str, path: Path) -> bool:
    """Write what jq ``expression`` shows of the body ``text`` to ``path``, as ``save`` does."""
    try:
        output = await run_jq_isolated(text, expression)
    except FilterError as error:
        session.events(SaveFailed(str(path), error))
        return False
    return await save(session, filter_items(output), path)


async def save(session: Session, results: Iterable[Any], path: Path) -> bool:
    """Write ``results`` to ``path`` (JSON, JSON Lines or CSV, as its suffix says) off the event
    loop; the outcome is an event. Whether it was written."""
    try:
        count = await asyncio.to_thread(write_records, results, path)
    except ExplorerError as error:
        session.events(SaveFailed(str(path), error))
        return False
    session.events(Saved(str(path), count))
    return True
