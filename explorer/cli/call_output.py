"""``call``'s run: the checked request sent on a session, the answer or every item written to
stdout or a file, and the session's events told on stderr.

Server text reaching a terminal is made visible (``core.visible``); a pipe or a file gets the
data exactly. Messages never show a token (``core.secrets.safe_text``).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO

from explorer.app.call import ItemFilter, ReadAhead, fetch_every_page, send_call
from explorer.app.events import (
    Event,
    FetchEnded,
    FetchProgress,
    FetchRetrying,
    Problem,
    Throttled,
    Waiting,
)
from explorer.app.session import MeteredClient, ProfileOpener, Session
from explorer.core.client import ApiResponse
from explorer.core.errors import ExplorerError, MissingToken
from explorer.core.jsonfilter import run_jq
from explorer.core.pagination import results_of
from explorer.core.paths import atomic_file, atomic_write
from explorer.core.records import RecordWriter, TextSink
from explorer.core.secrets import safe_text
from explorer.core.tokens import TokenStore
from explorer.core.visible import visible

if TYPE_CHECKING:
    from explorer.cli.call import Plan

PROG = "textit-explorer call"
CANCELLED = 130


class Reporter:
    """The session's event sink: waits, 429s, retries and problems as lines on ``stream``;
    fetch-all's progress too when ``progress`` (``stream`` is a terminal)."""

    def __init__(self, stream: TextIO, *, progress: bool) -> None:
        self.stream = stream
        self.progress = progress
        self.ended: FetchEnded | None = None
        self._line_open = False  # a progress line waits for its end

    def __call__(self, event: Event) -> None:
        match event:
            case Waiting(scope, seconds):
                self.say(f"Waiting {seconds:.0f} s for the {scope} rate limit…")
            case Throttled(scope, seconds):
                self.say(f"The server answered 429 (rate limit, {scope}): waiting {seconds:g} s.")
            case FetchRetrying(error=error, attempt=attempt, delay=delay):
                self.say(f"{error} Asking again in {delay:g} s (retry {attempt}).")
            case FetchProgress(pages=pages, items=items) if self.progress:
                self.stream.write(f"\r{items:,} items, {pages:,} pages")
                self.stream.flush()
                self._line_open = True
            case FetchEnded() as ended:
                self.ended = ended
            case Problem(message=message):
                self.say(f"Note: {message}")

    def say(self, text: str) -> None:
        """``text`` on a line of its own, made safe for a terminal."""
        if self._line_open:
            self.stream.write("\n")
            self._line_open = False
        self.stream.write(f"{PROG}: {safe_text(text)}\n")
        self.stream.flush()

    def end_line(self) -> None:
        if self._line_open:
            self.stream.write("\n")
            self._line_open = False


class VisibleText:
    """A terminal's text stream that shows every control character in what is written."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str, /) -> int:
        return self.stream.write(visible(text, multiline=True))

    def flush(self) -> None:
        self.stream.flush()


def run_plan(plan: Plan, reporter: Reporter) -> int:
    """Run ``plan``; its exit status."""
    run = CallRun(plan, reporter)
    try:
        return asyncio.run(run.main())
    except KeyboardInterrupt:
        reporter.end_line()
        reporter.say(run.cancelled())
        return CANCELLED
    except MissingToken as error:
        hint = f"store it with `textit-explorer token set --profile {error.profile}`"
        reporter.say(str(error.with_hint(hint)))
        return 1
    except ExplorerError as error:
        reporter.say(f"{error}{run.kept()}")
        return 1
    except BrokenPipeError:  # the reader left (`| head`); nothing more to say to it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


class CallRun:
    """One run of a plan, and what it wrote (for the message when it stops early)."""

    def __init__(self, plan: Plan, reporter: Reporter) -> None:
        self.plan = plan
        self.reporter = reporter
        self.writer: RecordWriter | None = None

    async def main(self) -> int:
        opener = ProfileOpener(TokenStore())
        try:
            # fetch-all reads ahead: the server makes the next page while this one is written
            client_type = ReadAhead if self.plan.all_pages else MeteredClient
            session = await opener(
                self.plan.profile, self.reporter, name_workspace=False, client_type=client_type
            )
            try:
                if self.plan.all_pages:
                    return await self._every_page(session)
                return await self._one(session)
            finally:
                await session.aclose()
        finally:
            opener.stop()

    async def _one(self, session: Session) -> int:
        response = await send_call(session, self.plan.request)
        if response.error is not None:
            self.reporter.say(str(response.error))
            return 1
        if self.plan.format is None:
            self._write_text(self._answer_text(response))
        else:
            with self._stream() as stream:
                self.writer = RecordWriter(stream, self.plan.format)
                self._write(self._answer_items(response))
        return 0

    def _answer_text(self, response: ApiResponse) -> str:
        """The jq filter's output as the viewer shows it, or the body (as JSON if it is)."""
        if self.plan.jq:
            return run_jq(response.text, self.plan.jq)
        if not response.is_json:
            return response.text
        if self._pretty():
            return json.dumps(response.json(), ensure_ascii=False, indent=2)
        return json.dumps(response.json(), ensure_ascii=False, separators=(",", ":"))

    def _answer_items(self, response: ApiResponse) -> list[Any]:
        """The jq filter's outputs, or the page's items (the body, when it is not a page)."""
        if self.plan.jq:
            return [json.loads(line) for line in run_jq(response.text, self.plan.jq).splitlines()]
        body = response.json()
        results = results_of(body)
        if results is not None:
            return results
        return [] if body is None else [body]

    async def _every_page(self, session: Session) -> int:
        item_filter = ItemFilter(self.plan.jq) if self.plan.jq else None
        assert self.plan.format is not None

        with self._stream() as stream:
            self.writer = writer = RecordWriter(stream, self.plan.format)

            def sink(items: list[Any]) -> None:
                writer.write(item_filter(items) if item_filter else items)
                stream.flush()

            try:
                await fetch_every_page(session, self.plan.request, sink)
                ended = self.reporter.ended
                if ended is not None and ended.error is not None:
                    raise ended.error  # a file is then not written
                writer.finish()
            finally:
                writer.close()
        self.reporter.end_line()
        return 0

    def _write(self, items: list[Any]) -> None:
        assert self.writer is not None
        try:
            self.writer.write(items)
            self.writer.finish()
        finally:
            self.writer.close()

    def _write_text(self, text: str) -> None:
        if not text:
            return
        if self.plan.output is not None:
            atomic_write(self.plan.output, text + "\n")
        else:
            self._stdout().write(text + "\n")

    @contextmanager
    def _stream(self) -> Iterator[TextSink]:
        if self.plan.output is None:
            yield self._stdout()
            sys.stdout.flush()
        else:
            with atomic_file(self.plan.output) as stream:
                yield stream

    def _stdout(self) -> TextSink:
        return VisibleText(sys.stdout) if sys.stdout.isatty() else sys.stdout

    def _pretty(self) -> bool:
        return self.plan.output is not None or sys.stdout.isatty()

    def _written(self) -> str:
        """How many items reached their reader: stdout gets JSON (Lines) as they come; a file,
        or CSV (its columns known only at the end), gets nothing until the end."""
        count = self.writer.count if self.writer is not None else 0
        if self.plan.output is not None:
            return f"{self.plan.output} was not written"
        if self.plan.format == "csv":
            return "no CSV was written (it is written at the end)"
        return f"{count:,} items were written"

    def cancelled(self) -> str:
        if not self.plan.all_pages:
            return "Cancelled; the request may have reached the server."
        return f"Cancelled: {self._written()}."

    def kept(self) -> str:
        """After an error, what a fetch-all wrote before it (nothing to say for one request)."""
        return f" Stopped: {self._written()}." if self.plan.all_pages else ""
