"""ViewPlace: where a person was in the views of an answer, to take them back there."""

from __future__ import annotations

from dataclasses import dataclass

from explorer.core.references import JsonPath


@dataclass(frozen=True)
class ViewPlace:
    """Where a person was in an answer's views, to come back to: the tab, the Body's cursor
    line and first line shown, the Tree's node, the Table's sort and cursor."""

    tab: str
    body_line: int
    body_top: int
    tree_path: JsonPath | None
    table_sort: tuple[str, bool] | None
    table_cursor: tuple[int, int]
