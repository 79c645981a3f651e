"""The terminal cells text takes, and where a plain line is cut to fit a width.

The line index (``explorer.core.lineindex``) wraps plain text with these, so a wrapped piece
fits the cells the viewer gives it.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import accumulate

TAB_SIZE = 8
"""Columns between tab stops in plain lines, counted from the start of each piece shown."""


@lru_cache(maxsize=4096)
def char_cells(char: str) -> int:
    """The terminal cells ``char`` takes, as terminals (and Rich) count them: 2 for East Asian
    wide and full-width characters, 0 for combining marks, controls and format characters,
    else 1. (Rich, which draws the lines, has its own table; they agree on the scripts a body
    is likely to hold: ``tests/core/test_cells.py`` checks.)"""
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Cf", "Cc"):
        return 0
    wide = category != "Cn" and unicodedata.east_asian_width(char) in ("W", "F")
    return 2 if wide else 1


def cell_len(text: str) -> int:
    """The terminal cells ``text`` takes (see ``char_cells``)."""
    return len(text) if text.isascii() else sum(map(char_cells, text))


def line_cuts(line: str, limit: int) -> Iterable[int]:
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
