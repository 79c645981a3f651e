"""ResultsTable: a page of API results as rows, one column per key, sortable, each row openable.

Usage (the response pane does this)::

    table.load(body["results"])          # a list of JSON objects
    @on(ResultsTable.RowOpened)          # enter, or a click on the highlighted cell
    def show(self, event): ... event.item ...

Nested values are shown compactly (a ``{uuid, name}`` reference as its name, lists joined, UUIDs
as their first 8 characters) and cut to ``CELL_WIDTH``; opening a row shows every value in full.
``S`` sorts by the cursor's column (``o`` is the answer's key for following a reference), by
the raw values, so numbers and dates order as they should; at most ``MAX_ROWS`` rows are drawn
(after sorting), to keep a huge ``limit`` responsive.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from explorer.core.values import times_in_zone
from explorer.ui.display import rich_text
from explorer.ui.formatting import (
    compact_value,
    result_columns,
    shorten_uuids,
    sorted_indices,
    truncate,
)

CELL_WIDTH = 32
MAX_ROWS = 1000  # rows drawn; an API page has 250, but archives take any ``limit``
VALUE_COLUMN = "value"  # the one column when the items are not objects
_ARROWS = {False: " ▲", True: " ▼"}


class ResultsTable(DataTable[Text]):
    """The ``results`` of one response as a table; the raw items stay available as ``items``."""

    BINDING_GROUP_TITLE = "Results table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open row", tooltip="Show this row's JSON"),
        Binding(
            "S", "sort_by_cursor_column", "Sort", tooltip="Sort by this column; again reverses"
        ),
        Binding(
            "z",
            "toggle_zone",
            "Local times",
            tooltip="Show times in the workspace's time zone, or as the server sent them (UTC)",
        ),
    ]

    class RowOpened(Message):
        """A row was chosen: ``item`` is its JSON value, ``index`` its place in the response."""

        def __init__(self, table: ResultsTable, item: Any, index: int) -> None:
            super().__init__()
            self.table = table
            self.item = item
            self.index = index

        @property
        def control(self) -> ResultsTable:
            return self.table

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled, cursor_type="cell")
        self.items: list[Any] = []
        """The items shown, in the order the server sent them."""
        self.sorted_by: tuple[str, bool] | None = None
        """The column the rows are sorted by and whether descending; None is the server's order."""
        self.workspace_zone: tzinfo | None = None
        """The workspace's time zone, when known: ``z`` shows times in it."""
        self.zone: tzinfo | None = None
        """The zone times are shown in (rows and opened rows); None: as the server sent them."""

    @property
    def hidden_rows(self) -> int:
        """Items beyond ``MAX_ROWS`` that are not drawn (the Body tab has them all)."""
        return max(len(self.items) - MAX_ROWS, 0)

    @property
    def columns_keys(self) -> list[str]:
        """The column names in display order."""
        return [str(column.key.value) for column in self.ordered_columns]

    def cursor_item(self) -> tuple[int, str | None] | None:
        """The cursor's item (its index in ``items``) and column (None for an item that is not
        an object, shown whole in the one value column); None in an empty table."""
        if not self.row_count:
            return None
        row, column = self.coordinate_to_cell_key(self.cursor_coordinate)
        index = int(str(row.value))
        return index, str(column.value) if isinstance(self.items[index], dict) else None

    def load(self, items: list[Any]) -> None:
        """Show ``items`` (a page of results) in the server's order."""
        self.items = list(items)
        self.sorted_by = None
        self._rebuild(keep_column=0)

    def sort_by(self, column: str, *, descending: bool = False) -> None:
        """Order the rows by one column's raw values (numbers as numbers, empties last)."""
        self.sorted_by = (column, descending)
        self._rebuild(keep_column=self.columns_keys.index(column))

    def action_sort_by_cursor_column(self) -> None:
        """Sort by the cursor's column; a second sort on the same column reverses it."""
        if not self.items:
            return
        column = self.columns_keys[self.cursor_column]
        self.sort_by(column, descending=self.sorted_by == (column, False))

    @on(DataTable.HeaderSelected)
    def _sort_by_clicked_header(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.move_cursor(column=event.column_index)
        self.action_sort_by_cursor_column()

    @on(DataTable.CellSelected)
    def _open_row(self, event: DataTable.CellSelected) -> None:
        event.stop()
        index = int(str(event.cell_key.row_key.value))
        self.post_message(self.RowOpened(self, self._shown(self.items[index]), index))

    def action_toggle_zone(self) -> None:
        """Show times in the workspace's zone, or as sent; the cursor stays where it is."""
        self.zone = None if self.zone is not None else self.workspace_zone
        row, column = self.cursor_row, self.cursor_column
        self._rebuild(keep_column=column)
        self.move_cursor(row=row)
        self.notify(f"Times shown in {self.zone}." if self.zone else "Times shown as sent.")

    def set_workspace_zone(self, zone: tzinfo | None) -> None:
        """Another workspace (or none): times are shown as sent until ``z`` asks otherwise."""
        self.workspace_zone = zone
        if self.zone is not None:
            self.zone = None
            self._rebuild(keep_column=self.cursor_column)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_zone":
            return self.workspace_zone is not None
        return True

    def _shown(self, item: Any) -> Any:
        """``item`` as the table shows it: its times in ``zone`` when one is chosen."""
        return times_in_zone(item, self.zone) if self.zone is not None else item

    def _rebuild(self, keep_column: int) -> None:
        self.clear(columns=True)
        columns = self._column_names()
        for column in columns:
            self.add_column(self._header(column), key=column)
        for index in self._row_order(columns)[:MAX_ROWS]:
            self.add_row(*self._cells(self._shown(self.items[index]), columns), key=str(index))
        self.move_cursor(row=0, column=keep_column)

    def _column_names(self) -> list[str]:
        if self.items and all(isinstance(item, dict) for item in self.items):
            return result_columns(self.items)
        return [VALUE_COLUMN] if self.items else []

    def _header(self, column: str) -> Text:
        if self.sorted_by and self.sorted_by[0] == column:
            return rich_text(column + _ARROWS[self.sorted_by[1]])
        return rich_text(column)

    def _row_order(self, columns: list[str]) -> list[int]:
        if self.sorted_by is None:
            return list(range(len(self.items)))
        column, descending = self.sorted_by
        values = [_cell_value(item, column, columns) for item in self.items]
        return sorted_indices(values, descending=descending)

    @staticmethod
    def _cells(item: Any, columns: list[str]) -> list[Text]:
        cells = []
        for column in columns:
            value = _cell_value(item, column, columns)
            is_number = isinstance(value, int | float) and not isinstance(value, bool)
            text = truncate(shorten_uuids(compact_value(value)), CELL_WIDTH)
            cells.append(rich_text(text, justify="right" if is_number else "left"))
        return cells


def _cell_value(item: Any, column: str, columns: list[str]) -> Any:
    """The raw value of ``item`` in ``column`` (the item itself in the single value column)."""
    if columns == [VALUE_COLUMN] and not isinstance(item, dict):
        return item
    return item.get(column) if isinstance(item, dict) else None
