"""The copy-as-code dialog shows the whole snippet: long lines wrap inside the box, a long
snippet scrolls, and the note under it stays in view, at 80x24 too."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App
from textual.containers import ScrollableContainer

from explorer.ui.screens.export import ExportScreen
from tests.ui.support import WIDGET_STYLESHEETS, wait_until

LONG_URL = (
    "https://rapidpro.example.org/api/v2/contacts.json?group=Farmers%20of%20the%20East"
    "&after=2026-01-01T00:00:00Z&before=2026-12-31T23:59:59Z"
)
BODY = {"name": "Ann", "fields": {f"field_{n}": "a value " * 4 for n in range(60)}}


class Host(App[None]):
    CSS_PATH = WIDGET_STYLESHEETS

    def on_mount(self) -> None:
        self.push_screen(ExportScreen("POST", LONG_URL, BODY))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_line_wraps_inside_the_box_and_the_rest_scrolls(size: Any) -> None:
    app = Host()
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen), "the dialog")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        box = screen.query_one("#export-scroll", ScrollableContainer)
        await wait_until(pilot, lambda: box.max_scroll_y > 0, "the snippet laid out")
        assert box.max_scroll_x == 0  # nothing is cut at the right edge
        assert screen.code.region.right <= box.region.right
        snippet = str(screen.code.content)
        assert screen.code.size.height > snippet.count("\n") + 1  # the long lines wrapped
        note = screen.query_one("#export-note")
        assert note.region.bottom <= size[1] and note.region.height > 0
        await pilot.press("end")  # the long body scrolls instead
        await wait_until(pilot, lambda: box.scroll_y == box.max_scroll_y, "the end in view")
