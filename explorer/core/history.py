"""What was sent, and the requests a user named: token-free records, and where history goes.

Token-free by construction: an entry has no field that could hold a header or a token, only the
method, path, query string, JSON body, the profile's name and the server's base URL. The app's
store (``explorer.app.store``) implements ``History``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from explorer.core.request import parse_query_text

PAGE = 500  # entries a history screen asks for at a time


def now_iso() -> str:
    """The current time as stored in records: ISO 8601, UTC, milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def sent_query_values(query: str) -> dict[str, str]:
    """Form values from a query string as a request sent it: URL-encoded, so a ``+`` is a space
    there (``parse_query_text`` reads text a person typed, where ``+`` is a plus)."""
    return parse_query_text(query.replace("+", "%20"))


@dataclass(frozen=True)
class HistoryEntry:
    """One request that was sent, and how it went."""

    method: str
    path: str  # "/api/v2/contacts.json", without host or query
    query: str = ""  # the raw query string, without "?"
    body: Any = None  # the JSON body as sent, or None
    status: int | None = None  # None: no response (transport error)
    elapsed_ms: float = 0.0
    profile: str = ""
    base_url: str = ""  # the server, e.g. "https://textit.com"
    time: str = field(default_factory=now_iso)  # ISO 8601, UTC

    def url(self, base_url: str = "") -> str:
        """The absolute URL it was sent to, or the same request's on ``base_url`` (the sandbox
        of this run, say: a recorded one's port is gone)."""
        base = (base_url or self.base_url).rstrip("/")
        return base + self.path + (f"?{self.query}" if self.query else "")


@dataclass(frozen=True)
class SavedQuery:
    """A request the user named, per profile, to run again later."""

    profile: str
    name: str
    method: str
    path: str
    query: str = ""  # URL-encoded, as sent
    body: Any = None  # the JSON body; a file's field holds its path
    jq: str = ""  # the filter applied to the answer, if any
    time: str = field(default_factory=now_iso)


class History(Protocol):
    """Where sent requests are recorded and found again, newest first."""

    def append(self, entry: HistoryEntry) -> None:
        """Record ``entry``; never fails the request being recorded."""

    def recent(self, limit: int = PAGE) -> list[HistoryEntry]:
        """The newest ``limit`` entries, newest first."""

    def search(self, text: str, limit: int = PAGE) -> list[HistoryEntry]:
        """The newest ``limit`` entries holding every word of ``text``, newest first."""
