"""The Table tab shows times in the workspace's time zone on request (z), and so does a row
opened from it; the rows keep what the server sent."""

from __future__ import annotations

from typing import Any

from explorer.core.values import zone_named
from explorer.ui.widgets.results_table import ResultsTable
from tests.ui.test_results_table import TableApp, cell_texts

ROWS: list[dict[str, Any]] = [
    {"name": "Ann", "modified_on": "2026-11-27T09:40:01.965431Z"},
    {"name": "Ben", "modified_on": "2026-11-26T23:00:00Z"},
]


async def test_z_shows_times_in_the_workspace_zone_and_back() -> None:
    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(ResultsTable)
        table.load(ROWS)
        table.focus()
        await pilot.press("z")  # no workspace zone known: nothing to switch to
        assert cell_texts(table, "modified_on")[0] == "2026-11-27T09:40:01.965431Z"
        table.set_workspace_zone(zone_named("Africa/Kigali"))
        await pilot.press("down", "z")
        assert cell_texts(table, "modified_on") == [
            "2026-11-27 11:40:01 CAT",
            "2026-11-27 01:00:00 CAT",
        ]
        assert table.cursor_row == 1  # the cursor stays where it was
        await pilot.press("enter")
        assert app.opened[-1].item == {"name": "Ben", "modified_on": "2026-11-27 01:00:00 CAT"}
        assert table.items == ROWS  # what the server sent stays as it was
        await pilot.press("z")
        assert cell_texts(table, "modified_on")[1] == "2026-11-26T23:00:00Z"


async def test_another_workspace_shows_times_as_sent_again() -> None:
    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(ResultsTable)
        table.load(ROWS)
        table.set_workspace_zone(zone_named("Africa/Kigali"))
        table.focus()
        await pilot.press("z")
        table.set_workspace_zone(None)
        assert table.zone is None
        assert cell_texts(table, "modified_on")[0] == "2026-11-27T09:40:01.965431Z"
