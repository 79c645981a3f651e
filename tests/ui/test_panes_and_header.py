"""The explorer's frame: which pane has the focus shows, Tab stops only where input goes, the
tree folds on a narrow screen, and the header keeps where the token came from."""

from __future__ import annotations

from types import SimpleNamespace
from typing import cast

import pytest
from textual.color import Color
from textual.widget import Widget
from textual.widgets import DataTable, Input, Select, TextArea, Tree
from textual.widgets._collapsible import CollapsibleTitle
from textual.widgets._header import HeaderTitle
from textual.widgets._tabs import Tabs

from explorer.app.session import Session
from explorer.core.profiles import SANDBOX, Profile
from explorer.ui.screens.explorer_session import identity_line
from explorer.ui.widgets.json_lines import JsonLines
from tests.harness.demo import demo_app
from tests.harness.scenes import LIVE, choose, settle

pytestmark = pytest.mark.slow  # the whole explorer on the demo sandbox

TAKES_INPUT = (Input, Select, TextArea, Tree, Tabs, CollapsibleTitle, JsonLines, DataTable)


def frame_colour(pane: Widget) -> Color:
    return pane.styles.border_top[1]


async def test_the_focused_pane_has_the_accent_frame_and_a_filled_title() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.explorer
        panes = {"f6": screen.endpoint_tree, "f7": screen.operation_pane}
        panes["f8"] = screen.response_pane
        assert screen.endpoint_tree.border_title == "Endpoints"
        accent = Color.parse(app.theme_variables["accent"])
        for key, focused in panes.items():
            await pilot.press(key)
            await settle(pilot)
            assert focused.has_focus_within, key
            assert frame_colour(focused) == accent, key
            assert focused.styles.border_title_background.a > 0, key
            for other in panes.values():
                if other is not focused:
                    assert frame_colour(other) != accent, (key, other)
                    assert other.styles.border_title_background.a == 0, (key, other)


@pytest.mark.parametrize("operation", ["list contacts", "send a message"])
async def test_tab_stops_only_where_input_goes(operation: str) -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await choose(pilot, operation)
        await pilot.press("ctrl+s")
        await settle(pilot)
        visited: list[Widget] = []
        for _ in range(len(app.explorer.focus_chain) + 1):
            await pilot.press("tab")
            await pilot.pause()
            assert app.focused is not None
            visited.append(app.focused)
        strays = [w for w in visited if not isinstance(w, TAKES_INPUT)]
        assert not strays
        assert app.explorer.operation_pane.preview not in visited


async def test_a_narrow_send_from_the_tree_folds_it_beside_the_answer() -> None:
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.explorer
        assert screen.endpoint_tree.display and screen.endpoint_tree.has_focus_within
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not screen.endpoint_tree.display
        assert screen.response_pane.region.width == 80


async def test_a_screen_made_narrow_folds_the_tree_and_wide_again_brings_it_back() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.explorer
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.endpoint_tree.display
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not screen.endpoint_tree.display
        assert screen.response_pane.has_focus_within
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert screen.endpoint_tree.display


async def test_a_screen_made_narrow_under_a_dialog_folds_the_tree_when_it_closes() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.explorer
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f9")  # the saved queries, over the explorer
        await settle(pilot)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert screen.response_pane.has_focus_within
        assert not screen.endpoint_tree.display


async def test_the_tree_shown_again_on_a_narrow_screen_takes_the_focus() -> None:
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.explorer
        await choose(pilot, "list contacts")
        assert not screen.endpoint_tree.display
        await pilot.press("f2")
        await settle(pilot)
        assert screen.endpoint_tree.display and screen.endpoint_tree.has_focus_within
        await pilot.press("f7")  # to the form: the tree folds again
        await settle(pilot)
        assert not screen.endpoint_tree.display


def header_text(app: object) -> str:
    return str(app.explorer.query_one(HeaderTitle).content)  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_header_keeps_the_profile_mode_and_token_source(size: tuple[int, int]) -> None:
    app = demo_app(profile=LIVE)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        shown = header_text(app)
        assert shown.startswith(("TextIt Explorer — acme · ", "acme · ")), shown
        assert "· LIVE" in shown and shown.endswith("· token from session"), shown
        assert len(shown) <= size[0] - 18, shown


def session_on(profile: Profile, workspace: str, source: str = "keyring") -> Session:
    token = SimpleNamespace(source=source)
    return cast(Session, SimpleNamespace(profile=profile, workspace=workspace, token=token))


def test_the_identity_line_gives_up_the_mode_words_then_the_workspace_name() -> None:
    acme = Profile("acme", "https://textit.example")
    session = session_on(acme, "Healthy Harvest Programme")
    full = "acme · Healthy Harvest Programme · LIVE: writes change real data · token from keyring"
    assert identity_line(session) == full
    short = "acme · Healthy Harvest Programme · LIVE · token from keyring"
    assert identity_line(session, 60) == short
    assert identity_line(session, 51) == "acme · Healthy Harvest… · LIVE · token from keyring"
    assert identity_line(session, 10).endswith("· LIVE · token from keyring")  # the name: 6 cells
    sandbox = session_on(SANDBOX, "Healthy Harvest Programme", "builtin")
    assert identity_line(sandbox, 40) == "SANDBOX · Healthy Harvest Programme"
