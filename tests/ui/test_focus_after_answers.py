"""Where the focus lands after a send, a page and a zoom: in the answer, so its keys work at once.

Walked with the keyboard against the demo sandbox, at the wide and the narrow layout.
"""

from __future__ import annotations

import pytest
from textual import events

from tests.harness.demo import demo_app
from tests.harness.scenes import choose, settle
from tests.ui.support import field_input, sent_so_far

pytestmark = pytest.mark.slow  # the whole explorer on the demo sandbox

SIZES = [(120, 40), (80, 24)]


@pytest.mark.parametrize("size", SIZES)
async def test_a_send_from_the_tree_puts_the_focus_in_the_answer(size: tuple[int, int]) -> None:
    app = demo_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.explorer
        assert screen.endpoint_tree.operation_tree.has_focus
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.focused is screen.response_pane.views.body_view.lines
        await pilot.press("right_square_bracket")  # the answer's keys work right away
        await settle(pilot)
        assert screen.shown is not None and screen.shown.page == 2
        assert app.focused is screen.response_pane.views.body_view.lines


async def test_a_send_from_the_tree_filter_lets_the_tab_keys_reach_the_answer() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.explorer
        await pilot.press("ctrl+f", *"contacts", "ctrl+s")
        await settle(pilot)
        filter_input = screen.endpoint_tree.filter_input
        assert filter_input.value == "contacts"  # nothing typed after the send went there
        await pilot.press("t")
        await settle(pilot)
        assert filter_input.value == "contacts"
        views = screen.response_pane.views
        assert views.tabs.active == "table" and app.focused is views.results


async def test_a_refused_form_keeps_the_focus_on_the_field_to_fix() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        field_input(app, "uuid").focus()
        await pilot.press(*"not-a-uuid", "ctrl+s")
        await settle(pilot)
        assert app.focused is field_input(app, "uuid")


async def test_the_servers_field_errors_take_the_focus_to_the_form() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await choose(pilot, "add or update a contact")
        groups = app.explorer.form.field("groups")
        assert groups is not None
        groups.input.focus()
        await pilot.press(*"Nope group", "ctrl+s")  # held back: no such group
        await settle(pilot)
        await pilot.press("ctrl+s")  # sent anyway: the server objects
        await settle(pilot)
        assert app.explorer.response_pane.response is not None
        assert app.focused is groups.input


async def test_an_answer_leaves_the_focus_where_the_person_moved_it_meanwhile() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.explorer
        screen.remember_focus()  # a request leaves with the tree focused...
        field_input(app, "group").focus()  # ...and the person turns to the form before it comes
        await pilot.pause()
        screen.answer_arrived()
        await pilot.pause()
        assert app.focused is field_input(app, "group")


@pytest.mark.parametrize("size", SIZES)
async def test_pages_in_the_table_keep_the_focus_in_the_table(size: tuple[int, int]) -> None:
    app = demo_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.explorer
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        table = screen.response_pane.views.results
        assert app.focused is table
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert screen.shown is not None and screen.shown.page == 2
        assert app.focused is table
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.shown is not None and screen.shown.page == 1
        assert app.focused is table
        assert [e.path for e in sent_so_far()].count("/api/v2/contacts.json") == 3


@pytest.mark.parametrize("size", SIZES)
async def test_zoom_a_page_and_back_keeps_the_focus_in_the_table(size: tuple[int, int]) -> None:
    app = demo_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.explorer
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("t", "ctrl+g")
        await settle(pilot)
        table = screen.response_pane.views.results
        assert screen.maximized is screen.response_pane and app.focused is table
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.focused is table
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert screen.maximized is None and app.focused is table


async def test_un_zooming_gives_the_focus_back_to_the_pane_that_was_zoomed() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.explorer
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen.set_focus(None)  # nothing focused: the answer is zoomed, and keeps the focus
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert screen.maximized is screen.response_pane
        assert screen.response_pane.has_focus_within
        screen.set_focus(None)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert screen.maximized is None and screen.response_pane.has_focus_within


def type_at_once(app: object, *keys: str) -> None:
    """Queue ``keys`` as one read of the terminal brings them (tmux, a paste, a laggy SSH link):
    all of them before the app handles the first."""
    for key in keys:
        character = {"space": " ", "enter": "\r"}.get(key, key if len(key) == 1 else None)
        app.post_message(events.Key(key, character))  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", SIZES)
async def test_keys_typed_at_once_after_ctrl_f_go_to_the_filter(size: tuple[int, int]) -> None:
    app = demo_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await choose(pilot, "list contacts")  # the focus in the form
        type_at_once(app, "ctrl+f", *"post", "space", *"messages", "enter")
        await settle(pilot)
        assert app.explorer.operation is not None
        assert app.explorer.operation.name == "messages.POST"


async def test_a_name_typed_at_once_on_the_tree_opens_that_operation() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.explorer.endpoint_tree.operation_tree.has_focus
        type_at_once(app, *"runs", "enter")
        await settle(pilot)
        assert app.explorer.operation is not None and app.explorer.operation.name == "runs.GET"
