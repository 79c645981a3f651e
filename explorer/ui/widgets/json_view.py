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
from collections.abc import Iterator
from typing import ClassVar, Literal, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events, getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.css.query import NoMatches
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Static

from explorer.core.errors import FilterError
from explorer.core.jsonfilter import run_jq_isolated
from explorer.core.jsonlines import Hit, LineDocument, Role, Span, compile_query, cut_spans

MAX_HITS = 100_000
"""Search stops counting here; more matches would not help anyone."""
SEARCH_CHUNK_LINES = 50_000
GROWTH_PERIOD = 0.15
"""Seconds between scrollbar and status updates while a body is being indexed."""
LINE_CACHE_SIZE = 1024
"""Lines kept ready to draw: a few screens, for paging back and forth."""
COPY_CHUNK_LINES = 5_000
"""Selected lines rendered for copying between two frames: some 20 ms of work."""

PLACEHOLDERS = {
    "search": "Search, then Enter (n / N: next / previous match)",
    "filter": "jq filter, e.g. .results[].name, then Enter (empty: the whole body)",
}
_ROLES: tuple[Role, ...] = ("key", "string", "number", "literal", "punct")


class _Line(NamedTuple):
    """A document line as the view keeps it: its styled runs, its text and its width in cells."""

    spans: tuple[Span, ...]
    text: str
    cells: int


_Mark = Literal["match", "match-current"] | None
"""The kind of search match a run is part of, if any."""


class JsonLines(ScrollView, can_focus=True):
    """The lines of a :class:`LineDocument`, with a cursor line, a selection of whole lines and
    search highlights.

    Only the lines on screen are rendered, each into a single strip of the view's width. A line's
    runs are cached per document line (as tuples of strings, which the garbage collector stops
    tracking), and the styles per combination of cursor, selection, role and match, so a frame
    costs a few segments per line; moving the cursor within the screen redraws just the lines
    involved.

    The selection runs from ``selection_anchor`` (where the cursor was when it started) to the
    cursor; it replaces Textual's text selection here, which a Line API widget would have to map
    to offsets.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *(f"json-lines--{role}" for role in _ROLES),
        "json-lines--cursor",
        "json-lines--selection",
        "json-lines--match",
        "json-lines--match-current",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,g", "edge(0)", "First line", show=False),
        Binding("end,G", "edge(1)", "Last line", show=False),
        # ⇧ keeps the keys as narrow as the others in the help screen's key column
        Binding("shift+up", "move(-1, True)", "Select up", show=False, key_display="⇧↑"),
        Binding("shift+down", "move(1, True)", "Select down", show=False, key_display="⇧↓"),
        Binding(
            "shift+pageup", "page(-1, True)", "Select page up", show=False, key_display="⇧pgup"
        ),
        Binding(
            "shift+pagedown", "page(1, True)", "Select page down", show=False, key_display="⇧pgdn"
        ),
        Binding("shift+home", "edge(0, True)", "Select to top", show=False, key_display="⇧home"),
        Binding("shift+end", "edge(1, True)", "Select to end", show=False, key_display="⇧end"),
        Binding("escape", "clear_selection", "Clear the selection", show=False),
    ]

    class CursorMoved(Message):
        """The cursor line or the selection changed (the owner shows them)."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.document = LineDocument("", as_json=False)
        self.cursor = 0
        self.selection_anchor: int | None = None
        """The line the selection started from (None: nothing selected)."""
        self.pattern: re.Pattern[str] | None = None
        self.current_hit: Hit | None = None
        self._dragging = False  # the left button went down on a line and is held
        self._lines: LRUCache[int, _Line] = LRUCache(LINE_CACHE_SIZE)
        self._styles: dict[tuple[bool, bool, Role, _Mark], Style] = {}

    @property
    def selection(self) -> range | None:
        """The selected lines, from the anchor to the cursor both included; None without one."""
        anchor = self.selection_anchor
        if anchor is None:
            return None
        return range(min(anchor, self.cursor), max(anchor, self.cursor) + 1)

    def show(self, document: LineDocument) -> None:
        """Show ``document`` from its top; call :meth:`grown` as its index extends."""
        self.document = document
        self.cursor = 0
        self.selection_anchor = None
        self.pattern = None
        self.current_hit = None
        self._lines.clear()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.grown()

    def grown(self) -> None:
        """The document has more lines (or a wider bound) than when last drawn."""
        self._lines.clear()  # the last line indexed can turn out to be the start of plain text
        drawn_lines = self.virtual_size.height
        self.virtual_size = Size(self.document.max_width + 1, self.document.line_count)
        if drawn_lines < self.scroll_offset.y + self.size.height:
            self.refresh()

    def highlight(self, pattern: re.Pattern[str] | None, hit: Hit | None) -> None:
        """Mark every visible match of ``pattern``, and ``hit`` as the current one."""
        self.pattern, self.current_hit = pattern, hit
        if hit is not None:
            self.move_to(hit.line, center=True)
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def move_to(self, line: int, *, center: bool = False, select: bool = False) -> None:
        """Put the cursor on ``line`` (clamped) and scroll it into view; ``select`` extends the
        selection to it (starting one where the cursor was), else the selection is dropped."""
        line = max(0, min(line, self.document.line_count - 1))
        previous, self.cursor = self.cursor, line
        if select and self.selection_anchor is None:
            self.selection_anchor = previous
        elif not select and self.selection_anchor is not None:
            self.selection_anchor = None
            self.refresh()
        height = self.scrollable_content_region.height
        top = round(self.scroll_y)
        if center and not top <= line < top + height:
            self.scroll_to(y=max(0, line - height // 2), animate=False, immediate=True)
        elif line < top:
            self.scroll_to(y=line, animate=False, immediate=True)
        elif line >= top + height:
            self.scroll_to(y=line - height + 1, animate=False, immediate=True)
        # a scroll has already asked for the whole view
        if select:  # every line between the two joins or leaves the selection
            self.refresh_lines(min(previous, line), abs(line - previous) + 1)
        else:
            self.refresh_line(previous)
            self.refresh_line(line)
        self.post_message(self.CursorMoved())

    def clear_selection(self) -> None:
        """Select nothing (the cursor stays)."""
        if self.selection_anchor is not None:
            self.selection_anchor = None
            self.refresh()
            self.post_message(self.CursorMoved())

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A press puts the cursor on the line under the mouse, where a drag selects from."""
        if event.button != 1:
            return
        self.move_to(round(self.scroll_y) + event.y)
        self._dragging = True
        self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Dragging selects from the pressed line to the one under the mouse."""
        if not self._dragging:
            return
        line = round(self.scroll_y) + event.y
        if line != self.cursor:
            self.move_to(line, select=True)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape is only ours while lines are selected; otherwise it goes to the parents."""
        return action != "clear_selection" or self.selection_anchor is not None

    def action_clear_selection(self) -> None:
        self.clear_selection()

    def action_move(self, delta: int, select: bool = False) -> None:
        self.move_to(self.cursor + delta, select=select)

    def action_page(self, direction: int, select: bool = False) -> None:
        height = max(1, self.scrollable_content_region.height)
        self.scroll_to(y=self.scroll_y + direction * height, animate=False, immediate=True)
        self.move_to(self.cursor + direction * height, select=select)

    def action_edge(self, end: int, select: bool = False) -> None:
        self.move_to(self.document.line_count - 1 if end else 0, select=select)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        anchor, cursor = self.selection_anchor, self.cursor
        on_cursor = index == cursor
        selected = anchor is not None and (anchor <= index <= cursor or cursor <= index <= anchor)
        if index >= self.document.line_count:
            return Strip.blank(width, self._segment_style(False, False, "text", None))
        line = self._line(index)
        style = self._segment_style
        if self.pattern is None:
            segments = [
                Segment(text, style(on_cursor, selected, role, None)) for role, text in line.spans
            ]
        else:
            segments = [
                Segment(text, style(on_cursor, selected, role, mark))
                for (role, text), mark in self._marked(index, line)
            ]
        pad = style(on_cursor, selected, "text", None)
        if scroll_x or line.cells > width:
            return Strip(segments, line.cells).crop_extend(scroll_x, scroll_x + width, pad)
        if line.cells < width:
            segments.append(Segment(" " * (width - line.cells), pad))
        return Strip(segments, width)

    def _line(self, index: int) -> _Line:
        """Line ``index`` of the document, from the cache when it was drawn lately."""
        line = self._lines.get(index)
        if line is None:
            spans = tuple(self.document.spans(index))
            text = "".join(span.text for span in spans)
            line = self._lines[index] = _Line(spans, text, cell_len(text))
        return line

    def _marked(self, index: int, line: _Line) -> Iterator[tuple[Span, _Mark]]:
        """The runs of ``line``, cut where the search pattern's matches start and end, each
        with the kind of match it is part of (None outside the matches)."""
        assert self.pattern is not None
        marks: list[tuple[int, int, _Mark]] = [
            (*match.span(), "match-current" if self.current_hit == (index, rank) else "match")
            for rank, match in enumerate(self.pattern.finditer(line.text))
        ]
        return cut_spans(line.spans, marks)

    def _segment_style(self, on_cursor: bool, selected: bool, role: Role, mark: _Mark) -> Style:
        """The style of a run: the widget's, then the selection's, then the cursor line's (so
        the moving end of a selection shows), then the role's colour and text style (so those
        backgrounds show), then the match's; cached until styles change."""
        key = (on_cursor, selected, role, mark)
        style = self._styles.get(key)
        if style is None:
            style = self.rich_style
            if selected:
                style += self.get_component_rich_style("json-lines--selection")
            if on_cursor:
                style += self.get_component_rich_style("json-lines--cursor")
            if role in _ROLES:
                colour = self.get_component_rich_style(f"json-lines--{role}")
                style += Style(color=colour.color, bold=colour.bold, italic=colour.italic)
            if mark is not None:
                style += self.get_component_rich_style(f"json-lines--{mark}")
            self._styles[key] = style
        return style


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

    def compose(self) -> ComposeResult:
        yield JsonLines(id="json-view-lines")
        yield Input(id="json-view-prompt")
        yield Static(id="json-view-status", markup=False)

    def load(self, body: bytes | str, content_type: str | None = None) -> None:
        """Show a new body; lines appear at once and keep coming until it is fully indexed."""
        if not (self.query("#json-view-lines") and self.query("#json-view-status")):
            return  # a body from a worker thread, come while the view is taken down part by part
        self.workers.cancel_group(self, "json-view-filter")
        self.content_type = content_type
        self.body = LineDocument.from_body(body, content_type, wrap=self._wrap_width())
        self.filter_expression = ""
        self._show(self.body)

    def _wrap_width(self) -> int | None:
        """Where plain lines wrap: the width of the lines view, once it has one."""
        return self.lines.scrollable_content_region.width or None

    def on_resize(self) -> None:
        """Wrap a plain-text body again at the new width (JSON lines never wrap)."""
        width, body = self._wrap_width(), self.body
        if not body.text or body.plain_from is None or width == body.wrap or not body.complete:
            return
        self.body = LineDocument.from_body(self.body.text, self.content_type, wrap=width)
        if not self.filter_expression:
            self._show(self.body)

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
    async def _search(self, pattern: re.Pattern[str]) -> None:
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
        after = [number for number, hit in enumerate(self.hits) if hit.line >= self.lines.cursor]
        self.hit_index = after[0] if after else 0
        self.lines.highlight(pattern, self.hits[self.hit_index] if self.hits else None)
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
        take seconds), then copy them joined with newlines."""
        chunks: list[str] = []
        size = 0  # in UTF-8 bytes, counted per chunk to spread the work too
        for first in range(lines.start, lines.stop, COPY_CHUNK_LINES):
            if chunks:
                done = (first - lines.start) / len(lines)
                self._set_message(f"Copying {len(lines):,} lines… {done:.0%}")
                await asyncio.sleep(0)
            chunks.append(document.lines_text(first, min(first + COPY_CHUNK_LINES, lines.stop)))
            size += len(chunks[-1].encode())
        self.app.copy_to_clipboard("\n".join(chunks))
        count = "1 line" if len(lines) == 1 else f"{len(lines):,} lines"
        self._set_message(f"Copied {count} ({size + len(chunks) - 1:,} bytes)")

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
        self.status.update(" · ".join(part for part in parts if part), layout=False)
