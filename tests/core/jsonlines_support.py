"""What a LineDocument shows, line by line: shared by the line engine tests.

Imported as ``tests.core.jsonlines_support``.
"""

from __future__ import annotations

from explorer.core.jsonlines import LineDocument


def lines(document: LineDocument) -> list[str]:
    return [document.line(index) for index in range(document.line_count)]
