"""Following references in the answer, back, and the path of answers, walked with the keyboard
against the demo sandbox."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from explorer.core.references import JsonPath
from explorer.ui.screens.explorer import ExplorerScreen
from explorer.ui.screens.follow_choice import FollowChoiceScreen
from explorer.ui.widgets.answer_path import AnswerPath
from explorer.ui.widgets.key_bar import KeyBar
from tests.harness.demo import demo_app
from tests.harness.scenes import settle
from tests.ui.support import sent_so_far, wait_until

pytestmark = pytest.mark.slow  # the whole explorer on the demo sandbox


def body_line(screen: ExplorerScreen, wanted: JsonPath) -> int:
    """The Body's line whose value is at ``wanted``."""
    view = screen.response_pane.views.body_view
    document = view.lines.document
    return next(n for n in range(document.line_count) if view._paths.path_at(n) == wanted)


def first_with(results: list[dict[str, Any]], member: str) -> int:
    """The index of the first result whose ``member`` is set (a non-empty list or an object)."""
    return next(n for n, item in enumerate(results) if item.get(member))


def crumbs(screen: ExplorerScreen) -> tuple[str, ...] | None:
    """The path of answers drawn over the answer (None while it is hidden)."""
    path = screen.response_pane.query_one(AnswerPath)
    return path.crumbs if path.display else None


def key_descriptions(screen: ExplorerScreen) -> list[str]:
    return [hint.description for hint in screen.query_one(KeyBar).hints]


async def send_contacts(pilot: Pilot[Any]) -> ExplorerScreen:
    """Send ``GET contacts`` as it is and put the focus in the Body."""
    await settle(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)
    screen: ExplorerScreen = pilot.app.explorer  # type: ignore[attr-defined]
    screen.response_pane.focus_answer()
    await pilot.pause()
    return screen


async def test_o_on_a_group_opens_it_through_the_form_and_history() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await send_contacts(pilot)
        results = screen.response_pane.response.json()["results"]  # type: ignore[union-attr]
        row = first_with(results, "groups")
        group = results[row]["groups"][0]
        view = screen.response_pane.views.body_view
        view.lines.move_to(body_line(screen, ("results", row, "groups", 0, "uuid")))
        await pilot.pause()
        assert "Open" in key_descriptions(screen)
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, FollowChoiceScreen), "a chooser")
        chooser = app.screen
        assert isinstance(chooser, FollowChoiceScreen)
        assert [t.title for t in chooser.targets] == [
            f"the group {group['name']}",
            f"contacts in {group['name']}",
        ]
        await pilot.press("enter")
        await settle(pilot)
        assert screen.operation is not None and screen.operation.name == "groups.GET"
        assert screen.form.values() == ({"uuid": group["uuid"]}, {})
        response = screen.response_pane.response
        assert response is not None and response.json()["results"][0]["uuid"] == group["uuid"]
        assert sent_so_far()[-1].query == f"uuid={group['uuid']}"
        assert crumbs(screen) == ("contacts", f"group {group['name']}")


async def test_back_restores_the_answer_its_form_tab_and_cursor() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await send_contacts(pilot)
        first = screen.response_pane.response
        assert first is not None
        results = first.json()["results"]
        row = first_with(results, "flow")
        view = screen.response_pane.views.body_view
        line = body_line(screen, ("results", row, "flow", "name"))
        view.lines.move_to(line)
        await pilot.pause()
        await pilot.press("o")  # a flow: the flow, or its runs
        await wait_until(pilot, lambda: isinstance(app.screen, FollowChoiceScreen), "a chooser")
        await pilot.press("down", "enter")  # its runs
        await settle(pilot)
        assert screen.operation is not None and screen.operation.name == "runs.GET"
        flow = results[row]["flow"]
        assert crumbs(screen) == ("contacts", f"runs of {flow['name']}")
        assert "Back" in key_descriptions(screen)
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.operation is not None and screen.operation.name == "contacts.GET"
        assert screen.response_pane.response is first
        assert screen.form.values() == ({}, {})
        assert view.lines.cursor == line
        assert screen.response_pane.views.tabs.active == "body"
        assert crumbs(screen) is None  # a path of one answer is not drawn
        assert "Back" not in key_descriptions(screen)


async def test_a_chain_of_follows_from_the_table_and_back_along_it() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await send_contacts(pilot)
        results = screen.response_pane.response.json()["results"]  # type: ignore[union-attr]
        row = first_with(results, "groups")
        group = results[row]["groups"]
        await pilot.press("t")
        await settle(pilot)
        table = screen.response_pane.views.results
        table.move_cursor(row=row, column=table.columns_keys.index("groups"))
        await pilot.pause()
        await pilot.press("o")  # each group of the contact, and its contacts
        await wait_until(pilot, lambda: isinstance(app.screen, FollowChoiceScreen), "a chooser")
        await pilot.press("enter")  # the first group
        await settle(pilot)
        assert screen.operation is not None and screen.operation.name == "groups.GET"
        assert screen.response_pane.views.tabs.active == "table"
        table.move_cursor(row=0, column=table.columns_keys.index("uuid"))
        await pilot.pause()
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, FollowChoiceScreen), "a chooser")
        await pilot.press("down", "enter")  # its contacts
        await settle(pilot)
        name = group[0]["name"]
        assert crumbs(screen) == ("contacts", f"group {name}", f"contacts in {name}")
        assert screen.form.values() == ({"group": group[0]["uuid"]}, {})
        members = screen.response_pane.response.json()["results"]  # type: ignore[union-attr]
        assert members and all(
            any(g["uuid"] == group[0]["uuid"] for g in c["groups"]) for c in members
        )
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.operation is not None and screen.operation.name == "groups.GET"
        assert crumbs(screen) == ("contacts", f"group {name}")
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.operation is not None and screen.operation.name == "contacts.GET"
        assert screen.response_pane.views.tabs.active == "table"
        assert table.cursor_coordinate == (row, table.columns_keys.index("groups"))


async def test_open_is_offered_only_on_a_reference() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await send_contacts(pilot)
        view = screen.response_pane.views.body_view
        view.lines.move_to(body_line(screen, ("results", 0, "created_on")))
        await pilot.pause()
        assert "Open" not in key_descriptions(screen)
        sent = len(sent_so_far())
        await pilot.press("o")
        await settle(pilot)
        assert len(sent_so_far()) == sent
        view.lines.move_to(body_line(screen, ("results", 0, "uuid")))  # the contact itself
        await pilot.pause()
        assert "Open" in key_descriptions(screen)


async def test_from_the_tree_and_back_to_the_same_node() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await send_contacts(pilot)
        results = screen.response_pane.response.json()["results"]  # type: ignore[union-attr]
        row = first_with(results, "flow")
        await pilot.press("e")  # the Tree
        await settle(pilot)
        tree = screen.response_pane.views.tree_view
        tree.select_path(("results", row, "flow", "uuid"))
        await pilot.pause()
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, FollowChoiceScreen), "a chooser")
        await pilot.press("enter")  # the flow itself
        await settle(pilot)
        assert screen.operation is not None and screen.operation.name == "flows.GET"
        assert screen.form.values() == ({"uuid": results[row]["flow"]["uuid"]}, {})
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.response_pane.views.tabs.active == "tree"
        assert tree.cursor_path() == ("results", row, "flow", "uuid")
        assert tree.has_focus


async def test_back_waits_for_the_request_on_its_way(monkeypatch: pytest.MonkeyPatch) -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await send_contacts(pilot)
        view = screen.response_pane.views.body_view
        view.lines.move_to(body_line(screen, ("results", 0, "uuid")))
        await pilot.pause()
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, FollowChoiceScreen), "a chooser")
        await pilot.press("enter")
        await settle(pilot)
        shown = screen.shown
        monkeypatch.setattr(screen, "_request_running", lambda: True)  # one on its way
        await pilot.press("backspace")
        await pilot.pause()
        assert len(screen.visits) == 1 and screen.shown is shown
        monkeypatch.undo()
        await pilot.press("backspace")
        await settle(pilot)
        assert not screen.visits and screen.form.values() == ({}, {})


async def test_another_profile_forgets_the_answers_to_go_back_to() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await send_contacts(pilot)
        view = screen.response_pane.views.body_view
        view.lines.move_to(body_line(screen, ("results", 0, "uuid")))
        await pilot.pause()
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, FollowChoiceScreen), "a chooser")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.visits and crumbs(screen) is not None
        app.connect(app.profile)  # what choosing a profile does
        await settle(pilot)
        assert not screen.visits and crumbs(screen) is None
        screen.response_pane.focus_answer()
        await pilot.pause()
        assert "Back" not in key_descriptions(screen)
