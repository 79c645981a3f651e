"""The one exception tree of textit-explorer; the UI and the CLI can show any of them.

ExplorerError                 base; ``str(error)`` is a sentence fit for a user
├── CatalogError              the packaged API catalog is broken
├── ConfigError               a profile or config file cannot be read or written
├── ValidationError           form values that cannot become a request (``field_errors``)
├── TokenError                a token cannot be stored, read or deleted
│   ├── KeyringUnavailable    no usable OS keyring (missing, locked, timed out)
│   └── MissingToken          a profile has no token anywhere (each face says how to add one)
└── ApiError                  talking to the API failed
    ├── TransportError        no HTTP response at all
    │   ├── InsecureURLError  not sent: plain http:// off this machine, another server, no URL
    │   ├── ConnectError      DNS, refused or dropped connection
    │   ├── TLSError          certificate or handshake failure
    │   └── RequestTimeout    the server did not answer in time
    └── HTTPStatusError       a response with a 4xx/5xx status (``response`` is kept)
        ├── BadRequest            400, with ``field_errors`` flattened from the body
        ├── Forbidden             403 (the API never sends 401)
        ├── NotFound              404 (JSON detail, or an HTML page for unknown paths)
        ├── MethodNotAllowed      405, with ``allowed`` from the Allow header
        ├── Conflict              409, a workspace limit was reached
        ├── PayloadTooLarge       413
        ├── RateLimited           429, with ``retry_after`` seconds
        └── ServerError           5xx
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Mapping
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from explorer.core.client import ApiResponse

MAX_RETRY_AFTER = 3600.0
"""The longest wait after a 429: the server's rate window is one hour."""
DEFAULT_RETRY_AFTER = 60.0
"""The wait after a 429 that says nothing usable about it."""
_WAIT_IN_DETAIL = re.compile(r"available in (\d+(?:\.\d+)?) second")


def field_error_lines(field_errors: Mapping[str, list[str]]) -> list[str]:
    """Every message as ``name: message`` (a bare message for ``""``, the request as a whole),
    in order: how a person reads ``field_errors`` in one list."""
    return [
        f"{name}: {message}" if name else message
        for name, messages in field_errors.items()
        for message in messages
    ]


class ExplorerError(Exception):
    """Base of every error this package raises on purpose."""


class CatalogError(ExplorerError):
    """The packaged API catalog failed validation."""


class ConfigError(ExplorerError):
    """A config or profile file is unreadable, invalid or cannot be written."""


class ValidationError(ExplorerError):
    """Form values that cannot become a request.

    ``field_errors`` maps a field name (or ``""`` for the request as a whole) to its messages.
    """

    def __init__(self, field_errors: Mapping[str, list[str]]) -> None:
        self.field_errors = {name: list(messages) for name, messages in field_errors.items()}
        super().__init__("; ".join(field_error_lines(self.field_errors)))


class FilterError(ExplorerError):
    """A jq filter that does not compile, or that fails on the body."""


class TokenError(ExplorerError):
    """A token could not be stored, read or deleted."""


class KeyringUnavailable(TokenError):
    """The OS keyring cannot be used: missing, locked, or did not answer in time."""


class MissingToken(TokenError):
    """``profile`` has no token (``note`` says where none was found).

    The domain cannot know how the person adds one; the CLI and the TUI each say it in
    ``how_to_add`` (see :meth:`with_hint`).
    """

    def __init__(self, profile: str, note: str, how_to_add: str = "") -> None:
        self.profile = profile
        self.note = note
        how = f": {how_to_add}" if how_to_add else ""
        super().__init__(f"Profile {profile!r} has no token ({note}){how}.")

    def with_hint(self, how_to_add: str) -> MissingToken:
        """The same error, saying how to add the token from where the person is."""
        return MissingToken(self.profile, self.note, how_to_add)


class ApiError(ExplorerError):
    """Talking to the API failed."""


class TransportError(ApiError):
    """No HTTP response was received."""


class InsecureURLError(TransportError):
    """A URL the token is not sent to: plain HTTP to a host that is not on this machine, a link
    to another server, or no valid URL at all."""


class ConnectError(TransportError):
    """The connection could not be made or was dropped."""


class TLSError(TransportError):
    """The TLS handshake or certificate check failed."""


class RequestTimeout(TransportError):
    """The server did not answer in time."""


class HTTPStatusError(ApiError):
    """The server answered with an error status; ``response`` holds what it sent."""

    def __init__(self, message: str, response: ApiResponse) -> None:
        super().__init__(message)
        self.response = response

    @property
    def status(self) -> int:
        return self.response.status


class BadRequest(HTTPStatusError):
    """400: ``field_errors`` maps dotted field paths (``urns.0``) to messages; ``""`` is global."""

    def __init__(
        self, message: str, response: ApiResponse, field_errors: Mapping[str, list[str]]
    ) -> None:
        super().__init__(message, response)
        self.field_errors = dict(field_errors)


class Forbidden(HTTPStatusError):
    """403: a missing or bad token, a role without permission, or plain HTTP."""


class NotFound(HTTPStatusError):
    """404: no such object, an invalid cursor, or an unknown path."""


class MethodNotAllowed(HTTPStatusError):
    """405: ``allowed`` lists the methods the endpoint accepts."""

    def __init__(self, message: str, response: ApiResponse, allowed: list[str]) -> None:
        super().__init__(message, response)
        self.allowed = allowed


class Conflict(HTTPStatusError):
    """409: the workspace has reached a limit."""


class PayloadTooLarge(HTTPStatusError):
    """413: the request body is too large."""


class RateLimited(HTTPStatusError):
    """429: wait ``retry_after`` seconds (within [0, ``MAX_RETRY_AFTER``]) before the next
    request in this scope; ``said`` is the Retry-After header as the server sent it, if it did."""

    def __init__(
        self, message: str, response: ApiResponse, retry_after: float, said: str | None = None
    ) -> None:
        super().__init__(message, response)
        self.retry_after = retry_after
        self.said = said


class ServerError(HTTPStatusError):
    """5xx: the server failed."""


def retry_after(said: str | None, detail: str = "", server_date: str | None = None) -> float:
    """Seconds to wait after a 429, within [0, ``MAX_RETRY_AFTER``]: from the Retry-After header
    ``said`` (seconds or an HTTP-date, counted from the response's Date, else from now), else
    from the ``detail`` ("available in 12 seconds"), else ``DEFAULT_RETRY_AFTER``. ``inf``,
    ``1e9`` or a date next year would block a scope for good; ``nan`` and garbage say nothing."""
    seconds = _seconds(said.strip(), server_date) if said is not None else None
    if seconds is None:
        found = _WAIT_IN_DETAIL.search(detail)
        seconds = float(found.group(1)) if found else DEFAULT_RETRY_AFTER
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def said_note(said: str | None, wait: float) -> str:
    """`` (the server said Retry-After: "inf")`` when the wait is not what the header says
    plainly, so the person sees both; "" otherwise."""
    if said is None:
        return ""
    try:
        if float(said) == wait:
            return ""
    except ValueError:
        pass
    return f" (the server said Retry-After: {json.dumps(said.strip()[:40])})"


def _seconds(said: str, server_date: str | None) -> float | None:
    try:
        seconds = float(said)
    except ValueError:
        when = _epoch(said)
        if when is None:
            return None
        seconds = when - (_epoch(server_date or "") or time.time())
    return None if math.isnan(seconds) else seconds


def _epoch(http_date: str) -> float | None:
    """An HTTP-date (``Wed, 21 Oct 2026 07:28:00 GMT``) as epoch seconds; None if it is not one."""
    try:
        when = parsedate_to_datetime(http_date)
        return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
