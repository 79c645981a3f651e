"""The line index of a body: where each pretty-printed JSON line starts, built in chunks.

A viewer only needs the lines on screen, so the index never builds the whole pretty document.
It keeps the body text and, per pretty line, where the line starts in the text and how deep it is
nested. The index is built by :meth:`LineIndex.advance` in bounded chunks, so a caller on an
event loop can yield between chunks. One C-level regex match per pretty line, and no per-line
Python objects, keep a 20 MB body's index to about a second and a dozen megabytes. Text that is
not JSON, or the rest of a body after the point where it stops being JSON (a truncated
download), is indexed as plain lines. Rendering the lines is ``explorer.core.jsonlines``' part.
"""

from __future__ import annotations

import re
from array import array
from itertools import accumulate, repeat
from operator import and_, eq, rshift, sub
from typing import Self

from explorer.core.cells import line_cuts

WS = r"[ \t\n\r]*"
STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
NUMBER = r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?"
# One pretty line: optional key, then an opening bracket (group 1), an empty container, a closing
# bracket (group 2), a scalar, or any other character (group 3: the text stops being JSON here).
_LINE = re.compile(
    rf"{WS}(?:{STRING}{WS}:{WS})?"
    rf"(?:([\[{{])(?!{WS}[\]}}])|[\[{{]{WS}[\]}}]|([\]}}])"
    rf"|{STRING}|{NUMBER}|true|false|null|([^ \t\n\r]))"
    rf"(?:{WS},)?"
)
_OPEN, _CLOSE, _ERROR = 1, 2, 3
_SPACE = re.compile(WS)
NEWLINE = re.compile(r"\r\n|\r|\n")

INDENT = "  "
DEFAULT_CHUNK = 1 << 17
"""Characters indexed per :meth:`LineIndex.advance` call: a few milliseconds of work."""


class LineIndex:
    """A body as numbered lines: pretty JSON lines, then plain lines for whatever is not JSON.

    ``starts[i]`` is where line ``i`` begins in ``text``; ``depths[i]`` its nesting depth (JSON
    lines only). Lines from ``plain_from`` on are plain text. ``complete`` turns true when the
    whole text is indexed; ``note`` then says what was not JSON, if anything. Plain lines
    wider than ``wrap`` cells become several lines, so they read whole on screen.
    """

    def __init__(self, text: str, *, as_json: bool = True, wrap: int | None = None) -> None:
        self.text = text
        self.wrap = wrap if wrap and wrap > 0 else None
        """Plain lines are cut into pieces at most this many cells wide (None: never)."""
        self.starts = array("q")
        self.depths = array("I")
        self.plain_from: int | None = None
        self.complete = not as_json
        self.note: str | None = None
        self.max_width = 0
        self._pos = 0
        self._depth = 0
        if not as_json:
            self._add_plain_lines(0)

    @property
    def line_count(self) -> int:
        return len(self.starts)

    @property
    def progress(self) -> float:
        """The share of the text indexed so far, from 0 to 1."""
        return 1.0 if self.complete else self._pos / max(1, len(self.text))

    def advance(self, chunk: int = DEFAULT_CHUNK) -> bool:
        """Index about ``chunk`` more characters; returns ``complete``."""
        while not self.complete:
            end = min(len(self.text), self._pos + chunk)
            if self._index_chunk(end):
                break
            chunk *= 2  # a single token longer than the chunk: widen until it fits
        return self.complete

    def index_all(self) -> Self:
        """Index the whole text at once (for scripts and tests)."""
        while not self.advance():
            pass
        return self

    def _index_chunk(self, end: int) -> bool:
        """Index the lines in ``text[pos:end]``; False when no whole line fits before ``end``."""
        final = end == len(self.text)
        codes = [
            (match.end() << 2) | (match.lastindex or 0)
            for match in _LINE.finditer(self.text, self._pos, end)
        ]
        kinds = list(map(and_, codes, repeat(3)))
        good = kinds.index(_ERROR) if _ERROR in kinds else len(kinds)
        if not final:
            good -= 1  # the match before ``end`` (or before an error) may be cut short
            if good <= 0:
                return False
        ends = list(map(rshift, codes[:good], repeat(2)))
        self._add_json_lines([self._pos, *ends[:-1]] if ends else [], ends, kinds[:good])
        if final:
            self._finish(error=good < len(kinds))
        return True

    def _add_json_lines(self, starts: list[int], ends: list[int], kinds: list[int]) -> None:
        if not ends:
            return
        opens = list(map(eq, kinds, repeat(_OPEN)))
        closes = map(eq, kinds, repeat(_CLOSE))
        running = list(accumulate(map(sub, opens, closes), initial=self._depth))
        depths = list(map(sub, running[1:], opens))
        if min(depths) < 0:
            depths = [max(depth, 0) for depth in depths]  # stray closing brackets
        self.starts.extend(starts)
        self.depths.extend(depths)
        self._pos = ends[-1]
        self._depth = max(running[-1], 0)
        widest = max(map(sub, ends, starts))
        # room for the space shown after a key's colon, and a column to spare
        self.max_width = max(self.max_width, widest + len(INDENT) * max(depths) + 2)

    def _finish(self, *, error: bool) -> None:
        """Mark the index complete; after an error the rest of the text becomes plain lines."""
        self.complete = True
        if not error:
            if self._depth:
                self.note = f"The JSON ends early: {self._depth} bracket(s) left open"
            if not self.line_count:
                self._add_plain_lines(0)  # no value at all: one (blank) line, as for plain text
            return
        if self.text.startswith(":", self._skip_space(self._pos)) and self.line_count:
            self._pos = self.starts.pop()  # a key whose value is missing, read as a string line
            self.depths.pop()
        error_at = self._skip_space(self._pos)
        line, column = self._line_column(error_at)
        self.note = f"Not valid JSON from line {line}, column {column}: shown as plain text"
        self._add_plain_lines(error_at)

    def _add_plain_lines(self, start: int) -> None:
        self.plain_from = self.line_count
        starts, ends = [start], []  # where each line starts, and where its text ends (its break)
        for match in NEWLINE.finditer(self.text, start):
            ends.append(match.start())
            starts.append(match.end())
        ends.append(len(self.text))
        if len(starts) > 1 and starts[-1] == len(self.text):
            starts.pop()  # a final line break ends the last line; it does not start a new one
            ends.pop()
        widest = max(map(sub, ends, starts))
        if self.wrap is not None:
            starts = self._wrapped(starts, ends)
            widest = min(widest, self.wrap)
        self.starts.extend(starts)
        self.max_width = max(self.max_width, widest)

    def _wrapped(self, starts: list[int], ends: list[int]) -> list[int]:
        """``starts`` plus the starts of the pieces that lines wider than ``wrap`` cells are cut
        into; an ASCII text without tabs is cut every ``wrap`` characters without a look."""
        assert self.wrap is not None
        limit = self.wrap
        one_cell_each = self.text.isascii() and "\t" not in self.text
        wrapped: list[int] = []
        for start, end in zip(starts, ends, strict=True):
            wrapped.append(start)
            if end - start > limit or not one_cell_each:
                wrapped.extend(start + cut for cut in line_cuts(self.text[start:end], limit))
        return wrapped

    def _skip_space(self, offset: int) -> int:
        return _SPACE.match(self.text, offset).end()  # type: ignore[union-attr]

    def _line_column(self, offset: int) -> tuple[int, int]:
        line = self.text.count("\n", 0, offset) + 1
        return line, offset - (self.text.rfind("\n", 0, offset) + 1) + 1
