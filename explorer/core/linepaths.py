"""The JSON path of a line of a pretty document: ``results[3].groups[0].uuid``.

A :class:`~explorer.core.lineindex.LineIndex` knows each line's depth, not its path, and a body
of many megabytes has a million lines, so the path is found from the depths without a walk in
Python: the depths as one byte per line (a document nested deeper than 255 levels has no paths),
searched with ``bytes.rfind`` for each ancestor and ``bytes.count`` for an array index, at C
speed, so the path can follow the cursor.
"""

from __future__ import annotations

import json
import re
import sys

from explorer.core.lineindex import STRING, WS, LineIndex
from explorer.core.references import JsonPath, Segment

MAX_LEVEL = 255  # depths must fit in a byte
_KEY = re.compile(rf"{WS}({STRING}){WS}:")
_OPENER = re.compile(rf"{WS}(?:{STRING}{WS}:{WS})?([\[{{])")
_CLOSER = re.compile(rf"{WS}[\]}}]")


class LinePaths:
    """The paths of the lines of ``index``, found once it is fully indexed."""

    def __init__(self, index: LineIndex) -> None:
        self.index = index
        self._levels: bytes | None = None
        self._too_deep = False

    def path_at(self, line: int) -> JsonPath | None:
        """The path of the value on ``line`` (a closing bracket's is its container's); None
        for a plain line, a document not indexed yet, or one nested too deep."""
        levels = self._depth_bytes()
        if levels is None or not 0 <= line < len(levels):
            return None
        if _CLOSER.match(self.index.text, self.index.starts[line]):
            line = levels.rfind(levels[line : line + 1], 0, line)
            if line < 0:
                return None
        segments: list[Segment] = []
        for depth in range(levels[line], 0, -1):
            parent = levels.rfind(bytes([depth - 1]), 0, line)
            segment = self._segment(levels, parent, line, depth)
            if segment is None:
                return None
            segments.append(segment)
            line = parent
        return tuple(reversed(segments))

    def _segment(self, levels: bytes, parent: int, line: int, depth: int) -> Segment | None:
        """How ``line`` (at ``depth``) is reached from the container opened on ``parent``: its
        key, or its index, which is the number of lines at its depth before it that start an
        element (a closing bracket follows a line one level deeper)."""
        opener = _OPENER.match(self.index.text, self.index.starts[parent]) if parent >= 0 else None
        if opener is None:
            return None
        if opener.group(1) == "{":
            return self._key(line)
        lines = levels.count(bytes([depth]), parent + 1, line)
        closers = levels.count(bytes([depth + 1, depth]), parent + 1, line) if depth < 255 else 0
        return lines - closers

    def _key(self, line: int) -> str | None:
        match = _KEY.match(self.index.text, self.index.starts[line])
        if match is None:
            return None
        try:
            key = json.loads(match.group(1))
        except ValueError:
            return None
        return key if isinstance(key, str) else None

    def _depth_bytes(self) -> bytes | None:
        """The depth of each JSON line as one byte, built once the index is complete."""
        index = self.index
        if self._levels is None and index.complete and not self._too_deep:
            depths = index.depths
            if depths and max(depths) > MAX_LEVEL:
                self._too_deep = True
                return None
            size = depths.itemsize  # the low byte of each depth: a slice, at C speed
            low = 0 if sys.byteorder == "little" else size - 1
            self._levels = depths.tobytes()[low::size]
        return self._levels
