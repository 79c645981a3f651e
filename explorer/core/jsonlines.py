"""Pretty-printed lines of a JSON body, indexed incrementally so huge bodies show at once.

A viewer only needs the lines on screen, so :class:`LineDocument` never builds the whole pretty
document. It keeps the body text and, per pretty line, where the line starts in the text and how
deep it is nested; a line is rendered (re-tokenised, indented, styled) when asked for. The index
is built by :meth:`LineDocument.advance` in bounded chunks, so a caller on an event loop can yield
between chunks. One C-level regex match per pretty line, and no per-line Python objects, keep a
20 MB body's index to about a second and a dozen megabytes.

Rendering equals ``json.dumps(value, indent=2, ensure_ascii=False)`` for any JSON text whose
strings and numbers are already in that canonical form (the server's compact output is); tokens
are shown exactly as sent. Text that is not JSON, or the rest of a body after the point where it
stops being JSON (a truncated download), is shown as plain lines.
"""

from __future__ import annotations

import json
import re
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import accumulate, compress, repeat
from operator import and_, eq, rshift, sub
from typing import Literal, NamedTuple, TypeVar

from explorer.core.body import MAX_DEPTH, deeper_than

Role = Literal["key", "string", "number", "literal", "punct", "text"]
"""How a piece of a line is styled."""


class Span(NamedTuple):
    """A run of text in a rendered line, with its role."""

    role: Role
    text: str


class Hit(NamedTuple):
    """A search match: its line and its rank among the matches on that line."""

    line: int
    nth: int


MarkT = TypeVar("MarkT")


def cut_spans(
    spans: Iterable[Span], marks: Iterable[tuple[int, int, MarkT]]
) -> Iterator[tuple[Span, MarkT | None]]:
    """``spans`` cut where ``marks`` start and end, each piece with the mark it lies in (None
    outside them). A mark is a range of character offsets in the line the spans make up, with
    a label; marks come in order and do not overlap; empty ones are left out."""
    pending = (mark for mark in marks if mark[1] > mark[0])
    mark = next(pending, None)
    offset = 0
    for role, text in spans:
        end = offset + len(text)
        position = offset
        while position < end:
            if mark is None or position < mark[0]:
                stop, label = end if mark is None else min(end, mark[0]), None
            else:
                stop, label = max(position, min(end, mark[1])), mark[2]
            if stop > position:
                yield Span(role, text[position - offset : stop - offset]), label
            position = stop
            if mark is not None and position >= mark[1]:
                mark = next(pending, None)
        offset = end


_WS = r"[ \t\n\r]*"
_STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_NUMBER = r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?"
# One pretty line: optional key, then an opening bracket (group 1), an empty container, a closing
# bracket (group 2), a scalar, or any other character (group 3: the text stops being JSON here).
_LINE = re.compile(
    rf"{_WS}(?:{_STRING}{_WS}:{_WS})?"
    rf"(?:([\[{{])(?!{_WS}[\]}}])|[\[{{]{_WS}[\]}}]|([\]}}])"
    rf"|{_STRING}|{_NUMBER}|true|false|null|([^ \t\n\r]))"
    rf"(?:{_WS},)?"
)
_OPEN, _CLOSE, _ERROR = 1, 2, 3
_TOKEN = re.compile(
    rf"(?P<string>{_STRING})|(?P<number>{_NUMBER})|(?P<literal>true|false|null)"
    r"|(?P<punct>[\[\]{},:])|[ \t\n\r]+|(?P<text>.)"
)
_SPACE = re.compile(_WS)
_NEWLINE = re.compile(r"\r\n|\r|\n")
_JSON_START = re.compile(rf"{_WS}[\[{{\"\-0-9tfn]")
_BIG_COPY = 1 << 20

INDENT = "  "
TAB_SIZE = 8
"""Columns between tab stops in plain lines, counted from the start of each piece shown."""
DEFAULT_CHUNK = 1 << 17
"""Characters indexed per :meth:`LineDocument.advance` call: a few milliseconds of work."""


def looks_like_json(text: str, content_type: str | None) -> bool:
    """Whether a body should be shown as JSON: a JSON content type, or a JSON-looking start."""
    if content_type and "json" in content_type.lower():
        return True
    if content_type and not content_type.lower().startswith("text/plain"):
        return False
    return _JSON_START.match(text) is not None


def compile_query(query: str) -> re.Pattern[str]:
    """A search pattern for ``query``: literal, case-insensitive unless it has a capital, and
    lenient about the spaces after ``:`` and ``,`` so it matches compact and pretty text alike.
    A blank query is a ``ValueError``: it would match everywhere."""
    if not query.strip():
        raise ValueError("an empty search query matches everything")
    parts = re.split(r"([ \t]+|[:,])", query.strip())
    pattern = "".join(
        _WS if part.isspace() else re.escape(part) + _WS if part in (":", ",") else re.escape(part)
        for part in parts
        if part
    )
    flags = 0 if any(char.isupper() for char in query) else re.IGNORECASE
    return re.compile(pattern, flags)


@lru_cache(maxsize=4096)
def char_cells(char: str) -> int:
    """The terminal cells ``char`` takes, as terminals (and Rich) count them: 2 for East Asian
    wide and full-width characters, 0 for combining marks, controls and format characters,
    else 1. (Rich, which draws the lines, has its own table; they agree on the scripts a body
    is likely to hold: ``tests/core/test_jsonlines.py`` checks.)"""
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Cf", "Cc"):
        return 0
    wide = category != "Cn" and unicodedata.east_asian_width(char) in ("W", "F")
    return 2 if wide else 1


def cell_len(text: str) -> int:
    """The terminal cells ``text`` takes (see ``char_cells``)."""
    return len(text) if text.isascii() else sum(map(char_cells, text))


def _cuts(line: str, limit: int) -> Iterable[int]:
    """Where ``line`` is cut into pieces at most ``limit`` cells wide (a character wider than
    that is a piece of its own); tabs stop every ``TAB_SIZE`` columns from their piece's start."""
    if "\t" in line:
        return () if cell_len(line.expandtabs(TAB_SIZE)) <= limit else _tab_cuts(line, limit)
    if line.isascii() or cell_len(line) == len(line):
        return range(limit, len(line), limit)
    cells = list(accumulate(map(char_cells, line), initial=0))  # before each char
    cuts = [0]
    while (cut := max(cuts[-1] + 1, bisect_right(cells, cells[cuts[-1]] + limit) - 1)) < len(line):
        cuts.append(cut)
    return cuts[1:]


def _tab_cuts(line: str, limit: int) -> Iterator[int]:
    column = 0
    for offset, char in enumerate(line):
        width = TAB_SIZE - column % TAB_SIZE if char == "\t" else char_cells(char)
        if column and column + width > limit:
            yield offset
            column, width = 0, TAB_SIZE if char == "\t" else width
        column += width


class LineDocument:
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

    @classmethod
    def from_body(
        cls, body: bytes | str, content_type: str | None = None, *, wrap: int | None = None
    ) -> LineDocument:
        """A document for an HTTP body; bytes are decoded as UTF-8 (bad bytes replaced); plain
        text is wrapped at ``wrap`` cells."""
        text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
        as_json = looks_like_json(text, content_type)
        document = cls(text, as_json=as_json, wrap=wrap)
        if not as_json and text:
            kind = (content_type or "unknown type").split(";")[0].strip()
            document.note = f"Not JSON ({kind}): shown as plain text"
        return document

    def rewrapped(self, wrap: int | None) -> LineDocument:
        """This plain-text document's text, wrapped at ``wrap`` cells instead."""
        document = LineDocument(self.text, as_json=False, wrap=wrap)
        document.note = self.note
        return document

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

    def index_all(self) -> LineDocument:
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
        for match in _NEWLINE.finditer(self.text, start):
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
                wrapped.extend(start + cut for cut in _cuts(self.text[start:end], limit))
        return wrapped

    def _skip_space(self, offset: int) -> int:
        return _SPACE.match(self.text, offset).end()  # type: ignore[union-attr]

    def _line_column(self, offset: int) -> tuple[int, int]:
        line = self.text.count("\n", 0, offset) + 1
        return line, offset - (self.text.rfind("\n", 0, offset) + 1) + 1

    def is_plain(self, index: int) -> bool:
        """Whether line ``index`` is plain text rather than pretty JSON."""
        return self.plain_from is not None and index >= self.plain_from

    def line_at(self, offset: int) -> int:
        """The line that shows ``text[offset]``."""
        return max(0, bisect_right(self.starts, offset) - 1)

    def separator(self, index: int) -> str:
        """What goes before line ``index`` when it is copied after the line before it: a line
        break, or nothing where it continues a plain line wrapped onto it."""
        start = self.starts[index]
        wrapped = (
            self.is_plain(index) and index != self.plain_from and self.text[start - 1] not in "\r\n"
        )
        return "" if wrapped else "\n"

    def _end(self, index: int) -> int:
        """Where the text behind line ``index`` ends."""
        following = index + 1
        if self.is_plain(index):
            return self.starts[following] if following < self.line_count else len(self.text)
        if following < self.line_count and following != self.plain_from:
            return self.starts[following]
        return self._pos  # the last JSON line

    def _raw(self, index: int) -> str:
        """The text behind line ``index``."""
        return self.text[self.starts[index] : self._end(index)]

    def _tokens(self, index: int) -> list[re.Match[str]]:
        """The JSON tokens of line ``index``, whitespace left out."""
        return [match for match in _TOKEN.finditer(self._raw(index)) if match.lastgroup]

    def spans(self, index: int) -> list[Span]:
        """Line ``index`` as styled runs, indentation included."""
        if self.is_plain(index):
            return [Span("text", self._raw(index).rstrip("\r\n").expandtabs())]
        spans = [Span("text", INDENT * self.depths[index])]
        for token in self._tokens(index):
            text = token.group()
            if text == ":":
                spans[-1] = Span("key", spans[-1].text)
                text = ": "
            spans.append(Span(token.lastgroup, text))  # type: ignore[arg-type]
        return spans

    def line(self, index: int) -> str:
        """Line ``index`` as plain text."""
        return "".join(span.text for span in self.spans(index))

    def lines_text(self, first: int, last: int) -> str:
        """Lines ``first`` to ``last`` (exclusive) for copying: JSON lines as shown, plain lines
        as sent (a wrapped line whole again), each after its :meth:`separator`."""
        return "".join(
            (self.separator(index) if index > first else "") + self._copy_text(index)
            for index in range(first, min(last, self.line_count))
        )

    def _copy_text(self, index: int) -> str:
        return self._raw(index).rstrip("\r\n") if self.is_plain(index) else self.line(index)

    def search(
        self, pattern: re.Pattern[str], first: int = 0, last: int | None = None
    ) -> list[Hit]:
        """Matches of ``pattern`` in lines ``first`` to ``last`` (exclusive), in order."""
        last = self.line_count if last is None else min(last, self.line_count)
        if first >= last:
            return []
        start = self.starts[first]
        end = self.starts[last] if last < self.line_count else len(self.text)
        hits: list[Hit] = []
        previous, nth = -1, 0
        for match in pattern.finditer(self.text, start, end):
            line = bisect_right(self.starts, match.start(), first, last) - 1
            nth = nth + 1 if line == previous else 0
            hits.append(Hit(line, nth))
            previous = line
        return hits

    def value_at(self, index: int) -> str:
        """The value shown on line ``index``, for copying: a string without its quotes, a scalar
        as written, a container (opened or closed on this line) as pretty JSON."""
        if self.is_plain(index):
            return self._whole_line(index)
        opener = self._opener(index)
        start = self._value_offset(opener)
        if self._end(self._closer(opener)) - start > _BIG_COPY:
            return self._raw_value(opener)  # decoding and re-indenting would freeze the caller
        try:
            value, end = json.JSONDecoder().raw_decode(self.text, start)
        except RecursionError:
            return self._raw_value(opener)  # nested too deep to re-indent: as sent
        except ValueError:
            return self.line(index).strip().rstrip(",")
        if isinstance(value, str):
            return value
        if deeper_than(value, MAX_DEPTH):
            return self._raw_value(opener)
        if isinstance(value, dict | list):
            return json.dumps(value, indent=2, ensure_ascii=False)
        return self.text[start:end]

    def _whole_line(self, index: int) -> str:
        """The line of the text that plain line ``index`` shows (a piece of), without its break."""
        assert self.plain_from is not None
        offset, first = self.starts[index], self.starts[self.plain_from]
        start = max(self.text.rfind(char, first, offset) + 1 for char in "\r\n")
        end = _NEWLINE.search(self.text, offset)
        return self.text[max(start, first) : end.start() if end else len(self.text)]

    def _raw_value(self, opener: int) -> str:
        """The text of the container opened on line ``opener``, as sent."""
        text = self.text[self._value_offset(opener) : self._end(self._closer(opener))]
        return text.rstrip(" \t\n\r,")

    def _closer(self, index: int) -> int:
        """The line that closes the container opened on line ``index``, else ``index`` itself."""
        if self.is_plain(index) or self._tokens(index)[-1].group() not in ("[", "{"):
            return index
        depth = self.depths[index]
        last = self.plain_from if self.plain_from is not None else self.line_count
        same_depth = map(eq, self.depths[index + 1 : last], repeat(depth))
        return next(compress(range(index + 1, last), same_depth), last - 1)

    def _opener(self, index: int) -> int:
        """The line that opens the container closed on line ``index``, else ``index`` itself."""
        tokens = self._tokens(index)
        if not tokens or tokens[0].group() not in ("]", "}"):
            return index
        depth = self.depths[index]
        same_depth = map(eq, reversed(self.depths[:index]), repeat(depth))
        return next(compress(range(index - 1, -1, -1), same_depth), index)

    def _value_offset(self, index: int) -> int:
        """Where the value shown on JSON line ``index`` starts in ``text``."""
        tokens = self._tokens(index)
        keyed = len(tokens) > 2 and tokens[1].group() == ":"
        return self.starts[index] + (tokens[2] if keyed else tokens[0]).start()
