"""The save prompt under the response: a full path in the downloads dir, three formats that
follow the suffix (and the other way round), and a question before replacing a file."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import RadioButton

from explorer.core import paths
from explorer.ui.widgets.response_pane import ResponsePane
from tests.ui.response_pane_support import PaneApp, contacts_page
from tests.ui.support import wait_until

PROPOSED = "contacts-20261127-1012.json"


def saved_paths(app: PaneApp) -> list[Path]:
    return [m.path for m in app.messages if isinstance(m, ResponsePane.SaveRequested)]


async def test_the_format_and_the_suffix_follow_each_other() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(ResponsePane)
        pane.show_response(contacts_page(None))
        pane.views.body_view.lines.focus()
        await pilot.press("s")
        prompt = pane.save_prompt
        assert prompt.formats.pressed_index == 0  # JSON
        assert f"as JSON to {paths.downloads_dir() / PROPOSED}" in str(prompt.where.render())
        prompt.formats.query(RadioButton)[2].value = True  # CSV chosen
        await pilot.pause()
        assert prompt.value == str(paths.downloads_dir() / PROPOSED.replace(".json", ".csv"))
        assert "as CSV to" in str(prompt.where.render())
        prompt.path_input.value = "~/out/contacts.jsonl"  # a suffix typed
        await pilot.pause()
        assert prompt.formats.pressed_index == 1  # JSON Lines
        assert str(Path.home() / "out" / "contacts.jsonl") in str(prompt.where.render())


async def test_an_existing_file_is_replaced_only_after_a_second_enter(tmp_path: Path) -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(ResponsePane)
        pane.show_response(contacts_page(None))
        pane.views.body_view.lines.focus()
        await pilot.press("s")
        prompt = pane.save_prompt
        existing = tmp_path / "contacts.json"
        existing.write_text("[]")
        prompt.path_input.value = str(tmp_path)  # a folder: not saved
        await pilot.press("enter")
        assert "is a folder" in str(prompt.where.render()) and prompt.display
        prompt.path_input.value = str(existing)
        await pilot.press("enter")
        await pilot.pause()
        assert saved_paths(app) == [] and prompt.display
        assert "exists. Enter again replaces it" in str(prompt.where.render())
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(saved_paths(app)), "the save asked for")
        assert saved_paths(app) == [existing] and not prompt.display


async def test_with_a_filter_on_the_prompt_says_the_filter_output_is_saved() -> None:
    app = PaneApp()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(ResponsePane)
        pane.show_response(contacts_page(None))
        pane.views.body_view.apply_filter(".results[].name")
        pane.views.body_view.lines.focus()
        await pilot.press("s")
        assert "Saves the output of jq .results[].name as JSON" in str(
            pane.save_prompt.where.render()
        )
