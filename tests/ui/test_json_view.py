"""JsonView in a tiny app: loading, moving, search, jq filter, copy and non-JSON bodies."""

from __future__ import annotations

import json

from explorer.ui.widgets.json_view import JsonView
from tests.ui.json_view_support import (
    BODY,
    BODY_LINES,
    CONTACTS,
    PRETTY,
    SIZE,
    ViewApp,
    app_recording_escapes,
    loaded,
    status,
)
from tests.ui.support import wait_until


def screen_lines(view: JsonView) -> list[str]:
    return [view.lines.render_line(y).text.rstrip() for y in range(view.lines.size.height)]


async def test_load_shows_pretty_lines_and_posts_loaded() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await loaded(pilot, BODY.encode(), "application/json")
        assert view.lines.size.height == BODY_LINES
        assert screen_lines(view) == PRETTY[:BODY_LINES]
        assert [type(message) for message in app.messages] == [JsonView.Loaded]
        assert app.messages[0].line_count == len(PRETTY)  # type: ignore[attr-defined]
        assert status(view) == f"line 1/{len(PRETTY)}"


async def test_cursor_keys_page_and_ends() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await loaded(pilot, BODY, "application/json")
        await pilot.press("down", "down")
        assert view.lines.cursor == 2
        await pilot.press("pagedown")
        assert view.lines.cursor == 2 + BODY_LINES
        assert view.lines.scroll_y == BODY_LINES
        await pilot.press("end")
        assert view.lines.cursor == len(PRETTY) - 1
        assert screen_lines(view)[-1] == PRETTY[-1]
        await pilot.press("g")
        assert (view.lines.cursor, view.lines.scroll_y) == (0, 0)
        await pilot.press("G", "pageup", "up")
        assert view.lines.cursor == len(PRETTY) - 2 - BODY_LINES
        assert status(view) == f"line {view.lines.cursor + 1}/{len(PRETTY)}"
        await pilot.click("#json-view-lines", offset=(3, 4))
        assert view.lines.cursor == round(view.lines.scroll_y) + 4


async def test_moving_the_cursor_redraws_the_line_it_leaves() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await loaded(pilot, BODY, "application/json")
        x = view.lines.region.x + 1

        def backgrounds() -> list[object]:
            return [app.screen.get_style_at(x, y).bgcolor for y in range(3)]

        cursor, plain, _ = backgrounds()
        assert cursor != plain
        await pilot.press("down")
        assert backgrounds() == [plain, cursor, plain]
        await pilot.press("down", "up", "up")
        assert backgrounds() == [cursor, plain, plain]


async def test_long_lines_are_cut_at_the_view_width_and_scroll_sideways() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        value = "".join(f"{number:>10}" for number in range(20))
        view = await loaded(pilot, json.dumps([value, "名前" * 60]), "application/json")
        width = view.lines.scrollable_content_region.width
        pretty = f'  "{value}",'
        assert view.lines.render_line(1).text == pretty[:width]
        assert view.lines.render_line(2).cell_length == width
        view.lines.scroll_to(x=15, animate=False, immediate=True)
        assert view.lines.render_line(1).text == pretty[15 : 15 + width]
        assert view.lines.render_line(2).cell_length == width
        view.lines.scroll_to(x=len(pretty) - 5, animate=False, immediate=True)
        assert view.lines.render_line(1).text == pretty[-5:] + " " * (width - 5)


async def test_search_counts_matches_and_n_moves_between_them() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await loaded(pilot, BODY, "application/json")
        await pilot.press("slash")
        assert view.prompt.has_focus and view.prompt.display
        await pilot.press("escape")
        assert view.lines.has_focus and not view.prompt.display
        await pilot.press("slash", *"ben", "enter")
        await wait_until(pilot, lambda: status(view).startswith("match "), "the search done")
        ben_lines = [number for number, line in enumerate(PRETTY) if "Ben" in line]
        assert len(ben_lines) == 20
        assert status(view).startswith("match 1/20 · ")
        assert view.lines.cursor == ben_lines[0] and view.lines.has_focus
        await pilot.press("n", "n")
        assert view.lines.cursor == ben_lines[2]
        assert status(view).startswith("match 3/20 · ")
        await pilot.press("N", "N", "N")
        assert view.lines.cursor == ben_lines[-1]
        assert status(view).startswith("match 20/20 · ")


async def test_current_match_is_styled_differently_from_other_matches() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await loaded(pilot, '["Ben Ben"]', "application/json")
        view.search("ben")
        await wait_until(pilot, lambda: status(view).startswith("match "), "the search done")
        matches = [segment for segment in view.lines.render_line(1) if segment.text == "Ben"]
        current = view.lines.get_component_rich_style("json-lines--match-current")
        first, second = matches
        assert first.style is not None and first.style.bgcolor == current.bgcolor
        assert second.style is not None and second.style.bgcolor != current.bgcolor


async def test_a_match_across_key_colon_and_value_is_marked_whole() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await loaded(pilot, '{"name":"Ben","other":"Ben"}', "application/json")
        view.search('name": "Ben')
        await wait_until(pilot, lambda: status(view).startswith("match "), "the search done")
        current = view.lines.get_component_rich_style("json-lines--match-current").bgcolor

        def backgrounds(y: int) -> list[tuple[str, object]]:
            return [(text, style and style.bgcolor) for text, style, _ in view.lines.render_line(y)]

        line = backgrounds(1)
        marked = [text for text, background in line if background == current]
        assert "".join(text for text, _ in line).rstrip() == '  "name": "Ben",'
        assert "".join(marked) == 'name": "Ben' and len(marked) == 3  # key, ": ", string
        assert current not in {background for _, background in backgrounds(2)}


async def test_search_with_no_match_says_so() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await loaded(pilot, BODY, "application/json")
        view.search("zebra")
        await wait_until(pilot, lambda: status(view).startswith("no match"), "the search done")
        assert status(view).startswith("no match · ")
        await pilot.press("n")
        assert view.lines.cursor == 0


async def test_filter_shows_jq_output_and_an_empty_filter_restores() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await loaded(pilot, BODY, "application/json")
        await pilot.press("f")
        assert view.prompt.has_focus
        view.prompt.value = ".results[:2][].name"
        await pilot.press("enter")
        await wait_until(pilot, lambda: status(view).startswith("jq "), "the filter applied")
        assert screen_lines(view)[:3] == ['"Ben"', '"Ann"', ""]
        assert status(view) == "jq .results[:2][].name · line 1/2"
        view.apply_filter("empty")
        await wait_until(pilot, lambda: status(view).startswith("jq empty"), "the filter applied")
        assert status(view) == "jq empty gave no output · line 1/1"
        view.apply_filter("")
        await wait_until(pilot, lambda: not status(view).startswith("jq "), "the filter removed")
        assert screen_lines(view) == PRETTY[:BODY_LINES]


async def test_bad_filter_reports_and_keeps_the_body() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await loaded(pilot, BODY, "application/json")
        app.messages.clear()
        view.apply_filter(".results[")
        await wait_until(pilot, lambda: bool(app.messages), "the filter refused")
        assert screen_lines(view) == PRETTY[:BODY_LINES]
        [failure] = app.messages
        assert isinstance(failure, JsonView.FilterFailed)
        assert failure.expression == ".results["
        assert failure.message.startswith("Bad jq filter: syntax error")
        assert status(view).startswith("Bad jq filter: syntax error")
        assert view.status.has_class("-error")


async def test_y_copies_the_body_and_c_the_value_on_the_cursor_line() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await loaded(pilot, BODY, "application/json")
        await pilot.press("y")
        assert app.clipboard == BODY
        await pilot.press(*["down"] * 6, "c")
        assert PRETTY[6] == '      "name": "Ben",'
        assert app.clipboard == "Ben"
        assert status(view) == "Copied 3 characters from line 7 · line 7/" + str(len(PRETTY))
        await pilot.press("up", "up", "c")
        assert json.loads(app.clipboard) == CONTACTS["results"][0]


async def test_html_body_is_plain_text_under_a_note() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        html = "<!DOCTYPE html>\n<html>\n<title>Page not found</title>\n</html>\n"
        view = await loaded(pilot, html, "text/html; charset=utf-8")
        assert screen_lines(view)[:5] == [*html.splitlines(), ""]
        assert status(view) == "Not JSON (text/html): shown as plain text · line 1/4"


async def test_clear_and_reload() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await loaded(pilot, BODY, "application/json")
        await pilot.press("end")
        view.clear()
        await pilot.pause()
        assert screen_lines(view)[:2] == ["", ""]
        assert view.lines.cursor == 0 and view.lines.document.text == ""
        view = await loaded(pilot, "[1]", None)
        assert screen_lines(view)[:3] == ["[", "  1", "]"]


async def test_first_lines_show_while_a_big_body_is_still_indexed() -> None:
    rows = [{"uuid": f"uuid-{number}", "name": f"Contact {number}"} for number in range(100_000)]
    body = json.dumps({"results": rows}, separators=(",", ":"))  # about 5 MB, 400,000 lines
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(JsonView)
        view.load(body, "application/json")
        first = ["{", '  "results": [', "    {"]

        def shown_while_loading() -> bool:
            return screen_lines(view)[:3] == first and " · loading " in status(view)

        await wait_until(pilot, shown_while_loading, "the first lines shown while indexing")
        await wait_until(pilot, lambda: bool(app.messages), "the body indexed", limit=60)
        assert view.lines.document.line_count == 400_004


async def test_escape_goes_to_the_parents_when_the_prompt_is_closed() -> None:
    app, escapes = app_recording_escapes()
    async with app.run_test(size=SIZE) as pilot:
        view = await loaded(pilot, BODY, "application/json")
        assert view.lines.has_focus
        await pilot.press("slash", "escape")
        assert escapes == [] and view.lines.has_focus
        await pilot.press("escape")
        assert escapes == ["app"]


async def test_closing_the_app_while_a_big_body_is_indexed_is_quiet() -> None:
    rows = [{"uuid": f"uuid-{number}", "name": f"Contact {number}"} for number in range(400_000)]
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(JsonView)
        view.load(json.dumps({"results": rows}), "application/json")
        # indexing goes on past the first growth update
        await wait_until(pilot, lambda: view.lines.document.progress > 0, "indexing under way")
    assert app.return_code in (None, 0)  # run_test re-raises a worker's error on exit


async def test_a_body_arriving_while_the_view_is_taken_down_is_dropped() -> None:
    app = ViewApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await loaded(pilot, "[1]", None)
        await view.status.remove()  # the app closing: the view's parts go one by one
        view.load(BODY, "application/json")
        assert view.lines.document.text == "[1]"


"""A plain body of lines wider than the view (each wraps onto three lines at 80 columns)."""
