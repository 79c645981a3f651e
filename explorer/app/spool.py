"""A fetch-all's items on disk and its resume point in the state store, so that a cancel, an
error or a restart of the app loses nothing and a resumed fetch repeats nothing.

Items go a page at a time to a JSON Lines file in the state dir, named after the profile and the
request (never the token); after each page the store records the link to the next page (its
path and query only: the sandbox's port changes between runs) and how many pages and items the
file holds. Resuming first cuts the file back to that many items, so a page written but not
yet recorded when the app stopped is simply asked again: no duplicates, no gaps.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit, urlunsplit

from explorer.app.store import ResumePoint, Store
from explorer.core import paths
from explorer.core.errors import ConfigError
from explorer.core.history import now_iso
from explorer.core.records import RecordWriter
from explorer.core.request import ApiRequest

SPOOL_DIR = "fetch"
KEEP_DONE = 24 * 3600.0  # seconds a finished fetch-all's file is kept


def request_key(request: ApiRequest) -> str:
    """What names a fetch-all in the store: its method, path and query."""
    query = request.query_string()
    return f"{request.method} {request.path}" + (f"?{query}" if query else "")


def relative_link(url: str) -> str:
    """``url`` without its scheme and host: a link that survives a change of port."""
    parts = urlsplit(url)
    return urlunsplit(("", "", parts.path, parts.query, ""))


def rebased(link: str, base_url: str) -> str:
    """A kept ``relative_link`` on the server of ``base_url``."""
    base, parts = urlsplit(base_url), urlsplit(link)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))


@dataclass(frozen=True)
class Kept:
    """An earlier fetch-all of the same request that can be resumed."""

    point: ResumePoint
    path: Path

    @property
    def next_page(self) -> int:
        return self.point.pages + 1


def spool_name(profile: str, key: str) -> str:
    """The file name of the spool of ``profile``'s fetch-all ``key`` (see ``request_key``)."""
    return hashlib.sha256(f"{profile}\n{key}".encode()).hexdigest()[:24] + ".jsonl"


def prune_spools(store: Store, directory: Path | None = None, *, now: float | None = None) -> None:
    """Remove the spool files of finished fetch-alls (no resume point) older than ``KEEP_DONE``:
    they only served the session that made them. Files another process is writing are young."""
    directory = directory or paths.state_dir() / SPOOL_DIR
    resumable = {spool_name(profile, key) for profile, key in store.resume_requests()}
    oldest = (time.time() if now is None else now) - KEEP_DONE
    with contextlib.suppress(OSError):  # no directory yet, or one that cannot be read
        for path in directory.glob("*.jsonl"):
            with contextlib.suppress(OSError):  # gone meanwhile, or not ours to remove
                if path.name not in resumable and path.stat().st_mtime < oldest:
                    path.unlink()


class Spool:
    """The JSON Lines file and the resume point of one profile's fetch-all of ``request``."""

    def __init__(
        self, store: Store, profile: str, request: ApiRequest, directory: Path | None = None
    ) -> None:
        self.store = store
        self.profile = profile
        self.key = request_key(request)
        self.path = (directory or paths.state_dir() / SPOOL_DIR) / spool_name(profile, self.key)
        self._stream: TextIO | None = None
        self._writer: RecordWriter | None = None

    def kept(self) -> Kept | None:
        """The earlier fetch-all to resume, if its file still holds every item it counted."""
        point = self.store.resume_point(self.profile, self.key)
        if point is None:
            return None
        if _count_lines(self.path) < point.items:  # the file was removed or cut: start again
            self.store.clear_resume(self.profile, self.key)
            return None
        return Kept(point, self.path)

    def open(self, keep: int | None) -> None:
        """Open the file for writing: empty, with no resume point (``keep`` None), or cut back to
        its first ``keep`` items to grow from there."""
        self.close()
        if keep is None:
            self.store.clear_resume(self.profile, self.key)
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (os.O_TRUNC if keep is None else 0)
        try:
            paths.ensure_dir(self.path.parent)
            if keep is not None:
                _cut_after(self.path, keep)
            fd = os.open(self.path, flags, 0o600)
            stream = open(fd, "a", encoding="utf-8")  # noqa: SIM115 (closed by close())
        except OSError as error:
            raise ConfigError(f"Cannot write {self.path}: {error.strerror or error}.") from None
        self._stream, self._writer = stream, RecordWriter(stream, "jsonl")

    def write(self, items: list[Any]) -> None:
        """Append one page's ``items`` (flushed: a restart finds them)."""
        if self._writer is None or self._stream is None:
            raise ConfigError(f"{self.path} is not open for writing.")
        self._writer.write(items)
        self._stream.flush()

    def mark(self, next_url: str | None, pages: int, items: int) -> None:
        """The file holds ``items`` items from ``pages`` pages; ``next_url`` goes on (None: the
        end was reached, nothing to resume)."""
        if next_url is None:
            self.store.clear_resume(self.profile, self.key)
            return
        point = ResumePoint(relative_link(next_url), pages, items, now_iso())
        self.store.save_resume(self.profile, self.key, point)

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
        self._stream = self._writer = None


def read_items(path: Path, max_bytes: int) -> list[Any]:
    """The first items of a spool file, up to about ``max_bytes`` of it."""
    items: list[Any] = []
    read = 0
    for number, line in _lines(path):
        read += len(line)
        if read > max_bytes and items:
            break
        items.append(_item(path, number, line))
    return items


def iter_items(path: Path) -> Iterator[Any]:
    """Every item of a spool file, one at a time (memory stays flat)."""
    return (_item(path, number, line) for number, line in _lines(path))


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    try:
        with path.open("rb") as stream:
            yield from ((n, line) for n, line in enumerate(stream, 1) if line.strip())
    except OSError as error:
        raise ConfigError(f"Cannot read {path}: {error.strerror or error}.") from None


def _item(path: Path, number: int, line: bytes) -> Any:
    try:
        return json.loads(line)
    except ValueError:
        raise ConfigError(
            f"{path} is damaged at line {number}; fetch all again to make it anew."
        ) from None


def _count_lines(path: Path) -> int:
    try:
        with path.open("rb") as stream:
            return sum(1 for _ in stream)
    except OSError:
        return 0


def _cut_after(path: Path, count: int) -> None:
    """Keep only the first ``count`` lines of ``path``; raise ``ConfigError`` if it has fewer
    (resuming would leave a gap)."""
    with path.open("rb+") as stream:
        for _ in range(count):
            if not stream.readline():
                raise ConfigError(
                    f"{path} holds fewer items than the fetch-all counted; start it again."
                )
        stream.truncate(stream.tell())
