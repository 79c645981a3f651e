"""Pretty-printed lines of a JSON body, rendered from its line index when asked for.

:class:`LineDocument` is a :class:`~explorer.core.lineindex.LineIndex` (which finds where each
line starts, in chunks) that renders a line (re-tokenised, indented, styled) only when it is
shown, and searches and copies straight from the body text, so huge bodies show at once. Cell
widths and the wrapping of plain lines are ``explorer.core.cells``'.

Rendering equals ``json.dumps(value, indent=2, ensure_ascii=False)`` for any JSON text whose
strings and numbers are already in that canonical form (the server's compact output is); tokens
are shown exactly as sent. Text that is not JSON, or the rest of a body after the point where it
stops being JSON (a truncated download), is shown as plain lines.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from itertools import compress, repeat
from operator import eq
from typing import Literal, NamedTuple, TypeVar

from explorer.core.body import MAX_DEPTH, deeper_than
from explorer.core.lineindex import INDENT, NEWLINE, NUMBER, STRING, WS, LineIndex

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


_TOKEN = re.compile(
    rf"(?P<string>{STRING})|(?P<number>{NUMBER})|(?P<literal>true|false|null)"
    r"|(?P<punct>[\[\]{},:])|[ \t\n\r]+|(?P<text>.)"
)
_JSON_START = re.compile(rf"{WS}[\[{{\"\-0-9tfn]")
_BIG_COPY = 1 << 20


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
        WS if part.isspace() else re.escape(part) + WS if part in (":", ",") else re.escape(part)
        for part in parts
        if part
    )
    flags = 0 if any(char.isupper() for char in query) else re.IGNORECASE
    return re.compile(pattern, flags)


class LineDocument(LineIndex):
    """A body's indexed lines (see ``LineIndex``), rendered, searched and copied on demand."""

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
        end = NEWLINE.search(self.text, offset)
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
