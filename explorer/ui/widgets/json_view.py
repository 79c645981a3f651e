"""JsonView: a response body as pretty JSON, instant even for a body of many megabytes.

The body is never rendered whole. :class:`~explorer.core.jsonlines.LineDocument` indexes the
pretty lines in small chunks on the event loop (the first screen appears after the first chunk,
and the app keeps drawing between chunks), and :class:`JsonLines`, a Line API widget, styles only
the lines on screen. Text that is not JSON is shown as plain lines, wrapped to the view's width,
under a note.

Usage::

    view.load(response.text, content_type)   # JsonView.Loaded(line_count) once fully indexed
    view.apply_filter(".results[].name")     # jq output in place of the body; "" restores it
    view.clear()

Keys: arrows, PageUp/PageDown, Home/End (also g/G) move the cursor line; with Shift they select
lines from where the cursor was, as does dragging the mouse; ``/`` searches, ``n`` and ``N`` go to
the next and previous match; ``f`` opens a jq filter; ``y`` copies the selected lines, else the
whole body, and ``c`` the value on the cursor line (OSC 52, so it works over SSH); Escape clears
the selection, else closes the prompt.
"""

from __future__ import annotations

import asyncio
import re
import time
from typing import ClassVar

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Static

from explorer.core.errors import FilterError
from explorer.core.jsonfilter import run_jq_isolated
from explorer.core.jsonlines import Hit, LineDocument, compile_query
from explorer.core.linepaths import LinePaths
from explorer.core.references import JsonPath
from explorer.ui.display import content
from explorer.ui.widgets.json_lines import JsonLines

MAX_HITS = 100_000
"""Search stops counting here; more matches would not help anyone."""
SEARCH_CHUNK_LINES = 50_000
GROWTH_PERIOD = 0.15
"""Seconds between scrollbar and status updates while a body is being indexed."""
COPY_CHUNK_LINES = 5_000
"""Selected lines rendered for copying between two frames: some 20 ms of work."""
REWRAP_DELAY = 0.1
"""Seconds after the last resize before plain text is wrapped to the new width (a drag of the
window's edge sends many resizes, and wrapping a body of megabytes takes a good part of one)."""

PLACEHOLDERS = {
    "search": "Search, then Enter (n / N: next / previous match)",
    "filter": "jq filter, e.g. .results[].name, then Enter (empty: the whole body)",
}


class JsonView(Widget):
    """A response body: pretty JSON lines (or plain text), search, jq filter and copy."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "prompt('search')", "Search", tooltip="Find text in the body"),
        Binding("n", "next_match(1)", "Next match", show=False),
        Binding("N", "next_match(-1)", "Previous match", show=False),
        Binding("f", "prompt('filter')", "jq filter", tooltip="Show a jq filter's output"),
        Binding(
            "y",
            "copy_body",
            "Copy body",
            tooltip="Copy the selected lines (Shift+arrows or drag), else the whole body",
        ),
        Binding("c", "copy_value", "Copy value", tooltip="Copy the value on the cursor line"),
        Binding("escape", "close_prompt", "Close", show=False),
    ]

    class Loaded(Message):
        """The shown document (body or filter output) is fully indexed."""

        def __init__(self, view: JsonView, line_count: int) -> None:
            super().__init__()
            self.view = view
            self.line_count = line_count

        @property
        def control(self) -> JsonView:
            return self.view

    class FilterFailed(Message):
        """A jq filter did not compile or failed on the body; ``message`` says why."""

        def __init__(self, view: JsonView, expression: str, message: str) -> None:
            super().__init__()
            self.view = view
            self.expression = expression
            self.message = message

        @property
        def control(self) -> JsonView:
            return self.view

    lines = getters.query_one("#json-view-lines", JsonLines)
    prompt = getters.query_one("#json-view-prompt", Input)
    status = getters.query_one("#json-view-status", Static)

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.body = LineDocument("", as_json=False)
        self.content_type: str | None = None
        self.filter_expression = ""
        self.hits: list[Hit] = []
        self.hit_index = 0
        self._message = ""
        self._prompt_mode = "search"
        self._rewrap_timer: Timer | None = None
        self._paths = LinePaths(self.body)
        self._cursor_wanted: tuple[int, int] | None = None  # see restore_cursor

    def compose(self) -> ComposeResult:
        yield JsonLines(id="json-view-lines")
        yield Input(id="json-view-prompt")
        yield Static(id="json-view-status")

    def load(self, body: bytes | str, content_type: str | None = None) -> None:
        """Show a new body; lines appear at once and keep coming until it is fully indexed."""
        if not (self.query("#json-view-lines") and self.query("#json-view-status")):
            return  # a body from a worker thread, come while the view is taken down part by part
        self.workers.cancel_group(self, "json-view-filter")
        self.content_type = content_type
        self.body = LineDocument.from_body(body, content_type, wrap=self._wrap_width())
        self._paths = LinePaths(self.body)
        self._cursor_wanted = None
        self.filter_expression = ""
        self._show(self.body)

    def cursor_path(self) -> JsonPath | None:
        """The JSON path of the value on the cursor line; None in a jq filter's output (not the
        body), on plain text, or while the body is still being indexed."""
        if self.lines.document is not self.body:
            return None
        return self._paths.path_at(self.lines.cursor)

    def cursor_place(self) -> tuple[int, int]:
        """The cursor line and the first line shown, to come back to (``restore_cursor``)."""
        return self.lines.cursor, round(self.lines.scroll_y)

    def restore_cursor(self, line: int, top: int) -> None:
        """Put the cursor back on ``line`` with ``top`` the first line shown, as soon as the body
        (just loaded, indexed in chunks) has that many lines."""
        self._cursor_wanted = (line, top)
        self._restore_cursor()

    def _restore_cursor(self) -> None:
        if self._cursor_wanted is None:
            return
        line, top = self._cursor_wanted
        document = self.lines.document
        if line >= document.line_count and not document.complete:
            return
        self._cursor_wanted = None
        self.lines.scroll_to(y=top, animate=False, immediate=True)
        self.lines.move_to(line)

    def _wrap_width(self) -> int | None:
        """Where plain lines wrap: the width of the lines view, once it has one, less its vertical
        scrollbar's even while that is hidden (it appears as lines come, and resizes nothing)."""
        lines = self.lines
        return max(0, lines.content_region.width - lines.styles.scrollbar_size_vertical) or None

    def on_resize(self) -> None:
        if self._rewrap_timer is not None:
            self._rewrap_timer.stop()
        self._rewrap_timer = self.set_timer(REWRAP_DELAY, self._rewrap)

    def _rewrap(self) -> None:
        """Wrap a plain-text body again if the width changed, keeping the cursor, selection and
        current match on the same text. JSON lines never wrap, so neither does a body that is
        partly JSON (its plain part stays wrapped at the width it was loaded at)."""
        width, body = self._wrap_width(), self.body
        if body.plain_from != 0 or not body.text or width is None or width == body.wrap:
            return
        self.body = body.rewrapped(width)
        if self.filter_expression:
            return
        self.lines.rewrap(self.body)
        if self.lines.pattern is not None:
            self._search(self.lines.pattern, keep_current=True)

    def clear(self) -> None:
        """Show nothing."""
        self.load("")

    def apply_filter(self, expression: str) -> None:
        """Show jq ``expression``'s output instead of the body; an empty expression restores it."""
        self.filter_expression = expression.strip()
        if not self.filter_expression:
            self._show(self.body)
            return
        self._set_message(f"Filtering with {self.filter_expression}…")
        self._run_filter(self.filter_expression)

    @work(exclusive=True, group="json-view-filter")
    async def _run_filter(self, expression: str) -> None:
        try:
            output = await run_jq_isolated(self.body.text, expression)
        except FilterError as error:
            self._set_message(str(error), error=True)
            self.post_message(self.FilterFailed(self, expression, str(error)))
            return
        if expression == self.filter_expression:
            self._show(LineDocument(output))

    def _show(self, document: LineDocument) -> None:
        self.hits, self.hit_index = [], 0
        self.workers.cancel_group(self, "json-view-search")
        self.workers.cancel_group(self, "json-view-copy")
        self.lines.show(document)
        self._set_message("")
        self._index(document)

    @work(exclusive=True, group="json-view-index")
    async def _index(self, document: LineDocument) -> None:
        """Extend the index chunk by chunk, letting the app draw in between; the scrollbar and
        the status follow a few times a second (each change of size costs a layout)."""
        shown = 0.0  # the first chunk shows at once
        try:
            while not document.advance():
                if time.monotonic() - shown > GROWTH_PERIOD:
                    self._show_growth()
                    shown = time.monotonic()
                await asyncio.sleep(0)
            self._show_growth()
        except NoMatches:  # the app closed meanwhile and took the lines view with it
            return
        self.post_message(self.Loaded(self, document.line_count))

    def _show_growth(self) -> None:
        self.lines.grown()
        self._restore_cursor()
        self._update_status()

    def action_prompt(self, mode: str) -> None:
        self._prompt_mode = mode
        self.prompt.placeholder = PLACEHOLDERS[mode]
        self.prompt.value = self.filter_expression if mode == "filter" else ""
        self.prompt.add_class("-open")
        self.prompt.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape is only ours while the prompt is open; otherwise it goes to the parents."""
        return action != "close_prompt" or self.prompt.has_class("-open")

    def action_close_prompt(self) -> None:
        self.prompt.remove_class("-open")
        self.lines.focus()

    @on(Input.Submitted, "#json-view-prompt")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_close_prompt()
        if self._prompt_mode == "filter":
            self.apply_filter(event.value)
        else:
            self.search(event.value)

    def search(self, query: str) -> None:
        """Find ``query`` (see :func:`compile_query`) and go to the first match after the cursor."""
        if not query.strip():
            self.hits = []
            self.lines.highlight(None, None)
            self._update_status()
            return
        self._search(compile_query(query))

    @work(exclusive=True, group="json-view-search")
    async def _search(self, pattern: re.Pattern[str], *, keep_current: bool = False) -> None:
        """Find every match of ``pattern`` and go to the first after the cursor; with
        ``keep_current`` the match at the same rank stays current and the cursor stays."""
        document = self.lines.document
        while not document.complete:
            await asyncio.sleep(0.02)
        hits: list[Hit] = []
        for first in range(0, document.line_count, SEARCH_CHUNK_LINES):
            hits += document.search(pattern, first, first + SEARCH_CHUNK_LINES)
            if len(hits) >= MAX_HITS:
                break
            await asyncio.sleep(0)
        self.hits = hits[:MAX_HITS]
        if keep_current:
            self.hit_index = min(self.hit_index, max(0, len(self.hits) - 1))
        else:
            cursor = self.lines.cursor
            after = [number for number, hit in enumerate(self.hits) if hit.line >= cursor]
            self.hit_index = after[0] if after else 0
        current = self.hits[self.hit_index] if self.hits else None
        self.lines.highlight(pattern, current, go_to=not keep_current)
        self._update_status()

    def action_next_match(self, step: int) -> None:
        if not self.hits:
            return
        self.hit_index = (self.hit_index + step) % len(self.hits)
        self.lines.highlight(self.lines.pattern, self.hits[self.hit_index])
        self._update_status()

    def action_copy_body(self) -> None:
        """Copy the selected lines as shown, else the whole body (or filter output) as sent."""
        selection = self.lines.selection
        if selection is not None:
            self._copy_lines(self.lines.document, selection)
            return
        text = self.lines.document.text
        self.app.copy_to_clipboard(text)
        self._set_message(f"Copied {len(text):,} characters")

    @work(exclusive=True, group="json-view-copy")
    async def _copy_lines(self, document: LineDocument, lines: range) -> None:
        """Render ``lines`` a chunk at a time, letting the app draw in between (a million lines
        take seconds), then copy them as :meth:`LineDocument.lines_text` joins them."""
        chunks: list[str] = []
        for first in range(lines.start, lines.stop, COPY_CHUNK_LINES):
            if chunks:
                done = (first - lines.start) / len(lines)
                self._set_message(f"Copying {len(lines):,} lines… {done:.0%}")
                await asyncio.sleep(0)
                chunks.append(document.separator(first))
            chunks.append(document.lines_text(first, min(first + COPY_CHUNK_LINES, lines.stop)))
        text = "".join(chunks)
        self.app.copy_to_clipboard(text)
        count = "1 line" if len(lines) == 1 else f"{len(lines):,} lines"
        self._set_message(f"Copied {count} ({len(text):,} characters)")

    def action_copy_value(self) -> None:
        document = self.lines.document
        if not document.line_count:
            return
        value = document.value_at(self.lines.cursor)
        self.app.copy_to_clipboard(value)
        self._set_message(f"Copied {len(value):,} characters from line {self.lines.cursor + 1:,}")

    @on(JsonLines.CursorMoved)
    def _cursor_moved(self) -> None:
        self._update_status()

    def _set_message(self, message: str, *, error: bool = False) -> None:
        self._message = message
        self.status.set_class(error, "-error")
        self._update_status()

    def _update_status(self) -> None:
        document = self.lines.document
        parts = [self._message or document.note or ""]
        if self.filter_expression and not self._message:
            no_output = "" if document.text else " gave no output"
            parts[0] = f"jq {self.filter_expression}{no_output}"
        if self.hits:
            more = "+" if len(self.hits) >= MAX_HITS else ""
            parts.append(f"match {self.hit_index + 1:,}/{len(self.hits):,}{more}")
        elif self.lines.pattern is not None:
            parts.append("no match")
        selection = self.lines.selection
        if selection is not None:
            parts.append(
                "1 line selected" if len(selection) == 1 else f"{len(selection):,} lines selected"
            )
        position = f"line {self.lines.cursor + 1:,}/{document.line_count:,}"
        if not document.complete:
            position += f" · loading {document.progress:.0%}"
        parts.append(position)
        self.status.update(content(" · ".join(part for part in parts if part)), layout=False)
