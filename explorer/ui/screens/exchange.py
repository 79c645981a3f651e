"""What the explorer's workers report, and the coroutines they run.

A request's answer (or why there is none), a wait for the rate limit, fetch-all's progress and
end: each is a message the screen's handlers show. Nothing here touches a widget.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from textual.message import Message

from explorer.core.client import ApiResponse
from explorer.core.errors import ExplorerError
from explorer.core.pagination import FetchAll, PageSource, Progress
from explorer.core.request import ApiRequest

Post = Callable[[Message], object]
"""Where a worker's messages go (the screen's ``post_message``)."""


class Outcome(Message):
    """How ``request`` (the operation's request behind a page or fetch) ended, in a subclass."""

    def __init__(self, request: ApiRequest) -> None:
        super().__init__()
        self.request = request


class Answered(Outcome):
    """A response came (any status); ``page`` counts pages of one listing."""

    def __init__(self, request: ApiRequest, response: ApiResponse, page: int) -> None:
        super().__init__(request)
        self.response = response
        self.page = page


class Failed(Outcome):
    """No response: a transport failure, or a refused link."""

    def __init__(self, request: ApiRequest, error: ExplorerError) -> None:
        super().__init__(request)
        self.error = error


class Cancelled(Outcome):
    """A request was cancelled on its way (Escape): it may have reached the server."""


class Waiting(Message):
    """A call waits ``seconds`` for room in its rate-limit ``scope``."""

    def __init__(self, scope: str, seconds: float) -> None:
        super().__init__()
        self.scope = scope
        self.seconds = seconds


class Fetched(Outcome):
    """Fetch-all progress (``results`` None) or its end, with every item that came; ``error``
    is what stopped it early, if anything did."""

    def __init__(
        self,
        request: ApiRequest,
        progress: Progress,
        results: list[Any] | None = None,
        cancelled: bool = False,
        error: ExplorerError | None = None,
    ) -> None:
        super().__init__(request)
        self.progress = progress
        self.results = results
        self.cancelled = cancelled
        self.error = error


@dataclass(frozen=True)
class LastAnswer:
    """What an operation's last request brought, to show it again when the operation is."""

    request: ApiRequest
    page: int
    fetched: list[Any] | None
    show: Callable[[], None]


def operation_name(request: ApiRequest) -> str:
    """The catalog name of the operation ``request`` was built from (``contacts.GET``)."""
    return f"{request.endpoint}.{request.method}"


async def await_answer(
    post: Post, request: ApiRequest, call: Awaitable[ApiResponse], page: int
) -> None:
    """Await ``call`` (a page of ``request``) and post how it ended."""
    try:
        response = await call
    except ExplorerError as error:
        post(Failed(request, error))
    except asyncio.CancelledError:
        post(Cancelled(request))
        raise
    else:
        post(Answered(request, response, page))


async def fetch_all(post: Post, client: PageSource, request: ApiRequest) -> None:
    """Follow every ``next`` of ``request``, posting progress, then everything collected (also
    after a cancel or an error). An error before any item came is posted as ``Failed`` too: there
    is nothing to keep, so the error is the answer."""

    def progressed(progress: Progress) -> None:
        post(Fetched(request, progress))

    crawl = FetchAll(client, request, on_progress=progressed)
    try:
        await crawl.run()
    except ExplorerError as error:
        post(_collected(request, crawl, cancelled=True, error=error))
        if not crawl.results:
            post(Failed(request, error))
        return
    except asyncio.CancelledError:
        post(_collected(request, crawl, cancelled=True))
        raise
    post(_collected(request, crawl, cancelled=False))


def _collected(
    request: ApiRequest, crawl: FetchAll, cancelled: bool, error: ExplorerError | None = None
) -> Fetched:
    progress = Progress(crawl.pages, len(crawl.results), crawl.cursor)
    return Fetched(request, progress, crawl.results, cancelled, error)
