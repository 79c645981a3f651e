"""The history screen's cells: plain text, whatever a request held."""

from __future__ import annotations

from explorer.core.history import HistoryEntry
from explorer.ui.screens.history import row_cells


def test_cells_are_plain_text_with_control_characters_made_visible() -> None:
    query = "name=[bold red]Ann[/]\x1b[2J\u202e"
    entry = HistoryEntry("GET", "/api/v2/contacts.json", query, None, None, 0.0, "p\x07", time="t")
    cells = row_cells(entry)
    assert [cell.plain for cell in cells] == [
        "t",
        "GET",
        "no answer",
        "p\u2407",  # ␇ for BEL
        "contacts.json?name=[bold red]Ann[/]\u241b[2J\\u202e",  # ␛ for ESC
    ]
    assert all(not cell.spans for cell in cells)
