"""JsonLines: the lines of a pretty JSON document, drawn only where they are on screen.

A Line API widget over a :class:`~explorer.core.jsonlines.LineDocument`: a cursor line, a
selection of whole lines, search matches, and a cache of the lines drawn. ``JsonView`` (in
``json_view.py``) puts it under a prompt and above a status line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar, Literal, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from explorer.core.jsonlines import Hit, LineDocument, Role, Span, cut_spans
from explorer.ui.display import visible

LINE_CACHE_SIZE = 1024
"""Lines kept ready to draw: a few screens, for paging back and forth."""
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
    runs are cached per document line, and the styles per combination of cursor, selection, role
    and match, so a frame costs a few segments per line; moving the cursor within the screen
    redraws just the lines involved.

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
        self.virtual_size = Size(self.document.max_width, self.document.line_count)
        if drawn_lines < self.scroll_offset.y + self.size.height:
            self.refresh()

    def rewrap(self, document: LineDocument) -> None:
        """Show ``document``, the same text cut into other lines, with the cursor and the
        selection on the same text and the cursor on the same row of the view."""
        old, row = self.document, self.cursor - round(self.scroll_y)
        self.document = document
        self.cursor = document.line_at(old.starts[self.cursor])
        if self.selection_anchor is not None:
            self.selection_anchor = document.line_at(old.starts[self.selection_anchor])
        self.current_hit = None  # its line number is the old document's
        self._lines.clear()
        self.grown()
        self.scroll_to(y=max(0, self.cursor - row), animate=False, immediate=True)
        self.refresh()
        self.post_message(self.CursorMoved())

    def highlight(
        self, pattern: re.Pattern[str] | None, hit: Hit | None, *, go_to: bool = True
    ) -> None:
        """Mark every visible match of ``pattern``, and ``hit`` as the current one; ``go_to``
        moves the cursor to it."""
        self.pattern, self.current_hit = pattern, hit
        if hit is not None and go_to:
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
        """Line ``index`` of the document, from the cache when it was drawn lately; its control
        characters made visible (JSON escapes C0 ones, but neither C1 nor bidi controls)."""
        line = self._lines.get(index)
        if line is None:
            spans = tuple(Span(role, visible(text)) for role, text in self.document.spans(index))
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
