"""What the application layer reports to a face (the TUI, the command line), as typed events.

A session sends every event through its one ``Sink``: how a request ended, a wait for the rate
limit, fetch-all's progress and end, and problems the person should hear of once. A face turns
them into what it shows; nothing here knows how.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from explorer.core.client import ApiResponse
from explorer.core.errors import ExplorerError
from explorer.core.request import ApiRequest


@dataclass(frozen=True)
class Answered:
    """A response came (any status) to ``request``; ``page`` counts pages of one listing."""

    request: ApiRequest
    response: ApiResponse
    page: int = 1


@dataclass(frozen=True)
class Failed:
    """No response to ``request``: a transport failure, or a refused link."""

    request: ApiRequest
    error: ExplorerError


@dataclass(frozen=True)
class Cancelled:
    """``request`` was cancelled on its way: it may have reached the server."""

    request: ApiRequest


@dataclass(frozen=True)
class Throttled:
    """The server answered 429: nothing goes in ``scope`` for ``seconds``.

    ``learned``: the scope's real hourly limit, when this 429 came before the local count
    reached the limit (the session keeps to it from now on).
    """

    scope: str
    seconds: float
    learned: int | None = None


@dataclass(frozen=True)
class Waiting:
    """A call waits ``seconds`` for room in its rate-limit ``scope`` before it goes; a fetch-all
    waits so, once the hour's budget is used down to the ``reserve`` it leaves to others."""

    scope: str
    seconds: float
    reserve: int = 0


@dataclass(frozen=True)
class FetchProgress:
    """Fetch-all of ``request`` has ``items`` items from ``pages`` pages; ``cursor`` resumes it."""

    request: ApiRequest
    pages: int
    items: int
    cursor: str | None


@dataclass(frozen=True)
class FetchRetrying:
    """A page failed transiently (``error``); it is asked again after ``delay`` seconds."""

    request: ApiRequest
    error: ExplorerError
    attempt: int
    delay: float


@dataclass(frozen=True)
class FetchEnded:
    """Fetch-all of ``request`` stopped: complete, cancelled, or ended by ``error``.

    ``results`` is every item collected (None when they went to a sink instead); ``spool`` the
    JSON Lines file that holds them, when a spool did.
    """

    request: ApiRequest
    pages: int
    items: int
    results: list[Any] | None
    complete: bool
    error: ExplorerError | None = None
    spool: Path | None = None


@dataclass(frozen=True)
class Saved:
    """``count`` items were written to ``path``."""

    path: str
    count: int


@dataclass(frozen=True)
class SaveFailed:
    """Writing to ``path`` failed; ``error`` says why."""

    path: str
    error: ExplorerError


class ProblemKind(Enum):
    """What went wrong beside the request itself."""

    WORKSPACE_UNREACHED = "workspace not reached"
    STATE_NOT_SAVED = "history or rate-limit count not saved"
    KEYRING_UNAVAILABLE = "keyring unavailable"


@dataclass(frozen=True)
class Problem:
    """Something the person should hear of once; ``message`` is a sentence for them."""

    kind: ProblemKind
    message: str


Event = (
    Answered
    | Failed
    | Cancelled
    | Throttled
    | Waiting
    | FetchProgress
    | FetchRetrying
    | FetchEnded
    | Saved
    | SaveFailed
    | Problem
)
Sink = Callable[[Event], None]
"""Where a session's events go: the face's one callback."""


def ignore(event: Event) -> None:
    """A sink for callers that want no events."""
