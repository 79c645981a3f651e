"""ResultsTable in a tiny app: columns from keys, compact cells, sorting, opening a row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on
from textual.app import App, ComposeResult

from explorer.ui.widgets.results_table import CELL_WIDTH, MAX_ROWS, ResultsTable

WIDGETS = Path(__file__).parents[2] / "explorer" / "ui" / "widgets"

CONTACTS: list[dict[str, Any]] = [
    {
        "uuid": "eb8d5702-baa0-4912-9755-acb1a7d1b12a",
        "name": "Bulk Contact 300",
        "urns": ["tel:+250789100300"],
        "groups": [{"uuid": "g1", "name": "Nurses"}, {"uuid": "g2", "name": "Doctors"}],
        "fields": {"age": "18"},
        "age": 18,
    },
    {"uuid": "9a8fcef1", "name": None, "urns": [], "groups": [], "fields": {}, "age": 67},
    {"uuid": "cd431b18", "name": "ann " + "x" * 60, "urns": [], "groups": [], "age": 9},
]


class TableApp(App[None]):
    CSS_PATH = WIDGETS / "results_table.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[ResultsTable.RowOpened] = []

    def compose(self) -> ComposeResult:
        yield ResultsTable()

    @on(ResultsTable.RowOpened)
    def remember(self, event: ResultsTable.RowOpened) -> None:
        self.opened.append(event)


def cell_texts(table: ResultsTable, column: str) -> list[str]:
    return [cell.plain for cell in table.get_column(column)]


async def test_columns_come_from_the_keys_and_cells_are_compact() -> None:
    app = TableApp()
    async with app.run_test():
        table = app.query_one(ResultsTable)
        table.load(CONTACTS)
        assert table.columns_keys == ["uuid", "name", "urns", "groups", "fields", "age"]
        assert table.row_count == 3
        assert cell_texts(table, "groups") == ["Nurses, Doctors", "", ""]
        assert cell_texts(table, "uuid")[0] == "eb8d5702…"
        assert cell_texts(table, "fields") == ["{age: 18}", "{}", ""]
        long_name = cell_texts(table, "name")[2]
        assert len(long_name) == CELL_WIDTH and long_name.endswith("…")


async def test_null_fields_read_null_and_every_cut_is_marked() -> None:
    app = TableApp()
    async with app.run_test():
        table = app.query_one(ResultsTable)
        wide = "你好" * 20
        table.load([{"fields": {"age": None, "district": "Gasabo"}, "text": wide}])
        assert cell_texts(table, "fields") == ["{age: null, district: Gasabo}"]
        (cut,) = cell_texts(table, "text")
        assert cut == wide[: CELL_WIDTH // 2 - 1] + "…"  # fits CELL_WIDTH cells, not characters


async def test_sorting_by_the_cursor_column_uses_raw_values_and_reverses() -> None:
    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(ResultsTable)
        table.load(CONTACTS)
        table.focus()
        table.move_cursor(column=5)
        await pilot.press("S")
        assert cell_texts(table, "age") == ["9", "18", "67"]  # numerically, not "18" < "67" < "9"
        assert table.ordered_columns[5].label.plain == "age ▲"
        await pilot.press("S")
        assert cell_texts(table, "age") == ["67", "18", "9"]
        assert table.sorted_by == ("age", True)


async def test_a_header_click_sorts_and_empty_names_stay_last() -> None:
    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(ResultsTable)
        table.load(CONTACTS)
        await pilot.pause()
        name_x = sum(column.get_render_width(table) for column in table.ordered_columns[:1])
        assert await pilot.click(ResultsTable, offset=(name_x + 1, 0))
        await pilot.pause()
        assert table.sorted_by == ("name", False)
        assert cell_texts(table, "name")[-1] == ""


async def test_enter_opens_the_row_under_the_cursor_even_after_sorting() -> None:
    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(ResultsTable)
        table.load(CONTACTS)
        table.sort_by("age")
        table.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert [(event.index, event.item["age"]) for event in app.opened] == [(0, 18)]


async def test_items_that_are_not_objects_get_one_value_column() -> None:
    app = TableApp()
    async with app.run_test():
        table = app.query_one(ResultsTable)
        table.load([3, "x", None])
        assert table.columns_keys == ["value"]
        assert cell_texts(table, "value") == ["3", "x", ""]
        table.load([])
        assert table.columns_keys == [] and table.row_count == 0


async def test_at_most_max_rows_are_drawn_after_sorting_them_all() -> None:
    app = TableApp()
    async with app.run_test():
        table = app.query_one(ResultsTable)
        table.load([{"n": n} for n in range(MAX_ROWS + 5)])
        assert table.row_count == MAX_ROWS and table.hidden_rows == 5
        table.sort_by("n", descending=True)
        assert cell_texts(table, "n")[0] == str(MAX_ROWS + 4)
