"""JsonView in a tiny app: selecting lines with keys and the mouse, and plain text wrapped to the
view's width."""

from __future__ import annotations

import json
from typing import Any

from textual.pilot import Pilot

from explorer.core.jsonlines import Hit
from explorer.ui.widgets.json_view import JsonView
from tests.ui.json_view_support import (
    BODY,
    BODY_LINES,
    PRETTY,
    SIZE,
    ViewApp,
    app_recording_escapes,
    loaded,
    status,
)
from tests.ui.support import wait_until


async def copied(pilot: Pilot[Any], keys: list[str]) -> str:
    """Press ``keys`` (the last one copies) and wait for the copy to finish."""
    await pilot.press(*keys)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return pilot.app.clipboard


async def test_shift_arrows_select_lines_and_y_copies_them_as_shown() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await loaded(pilot, BODY, "application/json")
        await pilot.press("down", "down", *["shift+down"] * 4, "shift+up")
        assert (view.lines.selection_anchor, view.lines.cursor) == (2, 5)
        assert view.lines.selection == range(2, 6)
        assert status(view) == f"4 lines selected · line 6/{len(PRETTY)}"
        text = "\n".join(PRETTY[2:6])
        assert await copied(pilot, ["y"]) == text
        copied_message = f"Copied 4 lines ({len(text)} characters)"
        assert status(view) == f"{copied_message} · 4 lines selected · line 6/{len(PRETTY)}"
        await pilot.press("shift+up", "shift+up", "shift+up", "shift+up")
        assert view.lines.selection == range(1, 3)  # the cursor passed the anchor
        assert await copied(pilot, ["y"]) == "\n".join(PRETTY[1:3])


async def test_shift_page_and_ends_select_up_to_the_whole_body() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await loaded(pilot, BODY, "application/json")
        await pilot.press("down", "shift+pagedown")
        assert view.lines.selection == range(1, 2 + BODY_LINES)
        await pilot.press("shift+end")
        assert view.lines.selection == range(1, len(PRETTY))
        await pilot.press("shift+home")
        assert view.lines.selection == range(0, 2)
        await pilot.press("home", "shift+end")
        assert await copied(pilot, ["y"]) == "\n".join(PRETTY)
        await pilot.press("shift+pageup")
        assert view.lines.selection == range(0, len(PRETTY) - BODY_LINES)


async def test_escape_and_plain_moves_clear_the_selection_then_y_copies_the_body() -> None:
    app, escapes = app_recording_escapes()
    async with app.run_test(size=SIZE) as pilot:
        view = await loaded(pilot, BODY, "application/json")
        await pilot.press("shift+down", "shift+down", "escape")
        assert view.lines.selection is None and view.lines.cursor == 2
        assert escapes == [] and status(view) == f"line 3/{len(PRETTY)}"
        await pilot.press("escape")
        assert escapes == ["app"]  # with nothing selected Escape goes on to the parents
        await pilot.press("shift+down", "down")
        assert view.lines.selection is None and view.lines.cursor == 4
        await pilot.press("shift+down", "end")
        assert view.lines.selection is None
        await pilot.press("shift+up")
        await pilot.click("#json-view-lines", offset=(3, 4))
        assert view.lines.selection is None
        assert await copied(pilot, ["y"]) == BODY
        assert status(view).startswith(f"Copied {len(BODY):,} characters · ")


async def test_selected_lines_are_drawn_with_the_selection_background() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await loaded(pilot, BODY, "application/json")
        selection = view.lines.get_component_rich_style("json-lines--selection").bgcolor
        assert selection is not None

        def backgrounds(y: int) -> set[object]:
            return {style and style.bgcolor for _, style, _ in view.lines.render_line(y)}

        assert selection not in backgrounds(0) | backgrounds(1)
        await pilot.press("shift+down", "shift+down", "shift+down")
        assert backgrounds(0) == backgrounds(1) == backgrounds(2) == {selection}
        assert selection not in backgrounds(3)  # the cursor line, the moving end, shows as such
        assert selection not in backgrounds(4)
        x = view.lines.region.x + 1
        assert app.screen.get_style_at(x, 1).bgcolor != app.screen.get_style_at(x, 4).bgcolor
        await pilot.press("shift+up", "shift+up")
        assert backgrounds(0) == {selection} and selection not in backgrounds(2)
        await pilot.press("escape")
        assert selection not in backgrounds(0)


async def test_dragging_the_mouse_selects_lines() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await loaded(pilot, BODY, "application/json")
        await pilot.mouse_down("#json-view-lines", offset=(3, 2))
        assert view.lines.cursor == 2 and view.lines.selection is None
        await pilot.hover("#json-view-lines", offset=(5, 6))
        await pilot.hover("#json-view-lines", offset=(5, 5))
        await pilot.mouse_up("#json-view-lines", offset=(5, 5))
        assert view.lines.selection == range(2, 6)
        assert await copied(pilot, ["y"]) == "\n".join(PRETTY[2:6])
        await pilot.hover("#json-view-lines", offset=(5, 9))  # the button is up: no more
        assert view.lines.selection == range(2, 6)


async def test_a_selection_longer_than_a_chunk_is_copied_whole() -> None:
    numbers = list(range(25_000))
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await loaded(pilot, json.dumps(numbers), "application/json")
        text = await copied(pilot, ["shift+end", "y"])
        assert text == json.dumps(numbers, indent=2)
        assert status(view).startswith(f"Copied 25,002 lines ({len(text):,} characters) · ")


PARAGRAPHS = [f"paragraph {number:02}: " + "lorem ipsum " * 14 for number in range(40)]


async def rewrapped(pilot: Pilot[Any], view: JsonView, size: tuple[int, int]) -> None:
    """Resize the app and wait until the plain body is wrapped at the new width."""
    document = view.lines.document
    await pilot.resize_terminal(*size)
    await wait_until(pilot, lambda: view.lines.document is not document, "the body rewrapped")
    await pilot.pause()


async def test_plain_text_wraps_to_the_width_left_of_the_scrollbar() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await loaded(pilot, "x" * 500, "text/plain")
        assert not view.lines.show_vertical_scrollbar
        assert view.lines.document.wrap == view.lines.virtual_size.width == SIZE[0] - 2
        assert not view.lines.show_horizontal_scrollbar
        view = await loaded(pilot, "x" * 5000, "text/plain")
        assert view.lines.show_vertical_scrollbar and not view.lines.show_horizontal_scrollbar
        assert view.lines.document.wrap == view.lines.scrollable_content_region.width


async def test_a_narrower_view_rewraps_plain_text_with_the_cursor_on_the_same_text() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await loaded(pilot, "\n".join(PARAGRAPHS), "text/plain")
        document = view.lines.document
        cursor = document.line_at(document.text.index("paragraph 20"))
        view.lines.move_to(cursor - 2)  # on paragraph 19's second line
        await pilot.press("shift+down", "shift+down")
        row = view.lines.cursor - round(view.lines.scroll_y)
        await rewrapped(pilot, view, (60, 24))
        assert view.lines.document.wrap == 58
        assert view.lines.document.note == document.note
        assert view.lines.cursor - round(view.lines.scroll_y) == row
        cursor_line = view.lines.document.line(view.lines.cursor)
        assert cursor_line.startswith("paragraph 20: lorem")
        selection = view.lines.selection
        assert selection is not None
        selected = view.lines.document.lines_text(selection.start, selection.stop)
        assert selected == f"{PARAGRAPHS[19][58:]}\n{PARAGRAPHS[20][:58]}"
        note = "Not JSON (text/plain): shown as plain text"
        assert status(view) == f"{note} · 4 lines selected · line 81/160"


async def test_a_resize_that_keeps_the_width_keeps_the_wrapped_lines() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await loaded(pilot, "\n".join(PARAGRAPHS), "text/plain")
        document = view.lines.document
        await pilot.press("pagedown", "down")
        rewraps: list[None] = []
        rewrap = view._rewrap

        def counted_rewrap() -> None:
            rewraps.append(None)
            rewrap()

        view._rewrap = counted_rewrap  # type: ignore[method-assign]
        await pilot.resize_terminal(SIZE[0], SIZE[1] + 6)
        await wait_until(pilot, lambda: bool(rewraps), "the resize's rewrap timer fired")
        assert view.lines.document is document and view.body is document
        assert view.lines.cursor == BODY_LINES + 1


async def test_a_rewrap_keeps_the_current_match_and_the_cursor() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await loaded(pilot, "\n".join(PARAGRAPHS), "text/plain")
        view.search("paragraph")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("n", "n", "n", "down")
        assert status(view).endswith("match 4/40 · line 11/120")
        offset = view.lines.document.starts[view.lines.cursor]
        await rewrapped(pilot, view, (60, 24))
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert view.hits[3] == Hit(12, 0) and view.lines.current_hit == Hit(12, 0)
        starts = view.lines.document.starts
        assert starts[view.lines.cursor] <= offset < starts[view.lines.cursor + 1]
        assert status(view).endswith("match 4/40 · line 14/160")


async def test_y_and_c_copy_wrapped_lines_without_the_breaks_the_view_added() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await loaded(pilot, "\n".join(PARAGRAPHS), "text/plain")
        keys = ["down", *["shift+down"] * 4, "y"]
        assert await copied(pilot, keys) == f"{PARAGRAPHS[0][78:]}\n{PARAGRAPHS[1]}"
        assert status(view).startswith("Copied 5 lines (287 characters)")
        assert await copied(pilot, ["escape", "c"]) == PARAGRAPHS[1]
