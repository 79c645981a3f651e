"""KeyBar: which keys it shows, in what order, what happens when they do not fit, the mouse."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input

from explorer.ui.widgets.key_bar import KeyBar

WIDGETS = Path(__file__).parents[2] / "explorer" / "ui" / "widgets"


class QueryInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("f6", "check", "Check")]

    def action_check(self) -> None:
        pass


class BarApp(App[None]):
    CSS_PATH = WIDGETS / "key_bar.tcss"
    AUTO_FOCUS = None
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "send", "Send", tooltip="Send the request"),
        Binding("f5", "send", "Send again"),  # the same action: only its first key is shown
        Binding("ctrl+g", "erase", "Erase"),
        Binding("ctrl+x", "hidden", "Hidden", show=False),
        Binding("ctrl+l", "locked", "Locked"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sent = 0

    def compose(self) -> ComposeResult:
        yield QueryInput(id="query")
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "locked" else True  # None: shown, but disabled

    def action_send(self) -> None:
        self.sent += 1


def described(bar: KeyBar) -> list[str]:
    return [f"{hint.display} {hint.description}" for hint in bar.hints]


async def test_shows_each_action_once_in_binding_order_with_the_palette_last() -> None:
    app = BarApp()
    async with app.run_test(size=(120, 5)) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        assert described(bar) == ["^s Send", "^g Erase", "^l Locked", "^p palette"]
        assert [hint.enabled for hint in bar.hints] == [True, True, False, True]
        line = bar.render().plain
        assert line.startswith(" ^s Send  ^g Erase  ^l Locked ")
        assert line.endswith("▏^p palette ") and len(line) == 120


async def test_the_focused_widgets_keys_come_first_and_follow_the_focus() -> None:
    app = BarApp()
    async with app.run_test(size=(160, 5)) as pilot:
        bar = app.query_one(KeyBar)
        app.query_one(QueryInput).focus()
        await pilot.pause()
        assert described(bar)[:2] == ["f6 Check", "^s Send"]
        app.set_focus(None)
        await pilot.pause()
        assert described(bar)[0] == "^s Send"


@pytest.mark.parametrize(
    ("width", "keys"),
    [
        (28, " ^s Send " + " " * 7),  # Erase would need 10 more columns
        (30, " ^s Send  ^g Erase"),  # it fits once its last space goes
    ],
)
async def test_keys_that_do_not_fit_are_left_out_whole_and_the_palette_stays(
    width: int, keys: str
) -> None:
    app = BarApp()
    async with app.run_test(size=(width, 5)) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        assert bar.render().plain == keys + "▏^p palette "
        assert described(bar)[-1] == "^p palette"


async def test_a_click_presses_the_key_and_a_disabled_one_only_rings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = BarApp()
    rings: list[None] = []
    monkeypatch.setattr(app, "bell", lambda: rings.append(None))
    async with app.run_test(size=(120, 5)) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        await pilot.click(KeyBar, offset=(2, 0))  # on "^s"
        assert (app.sent, len(rings)) == (1, 0)
        locked = bar.render().plain.index("^l")
        await pilot.click(KeyBar, offset=(locked, 0))
        assert (app.sent, len(rings)) == (1, 1)
        await pilot.click(KeyBar, offset=(60, 0))  # between the keys and the palette: nothing
        assert (app.sent, len(rings)) == (1, 1)


async def test_hovering_a_key_shows_its_tooltip_and_highlights_it() -> None:
    app = BarApp()
    async with app.run_test(size=(120, 5)) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        plain_style = str(bar.render().get_style_at_offset(app.console, 1))
        await pilot.hover(KeyBar, offset=(3, 0))
        assert bar.tooltip == "Send the request"
        assert str(bar.render().get_style_at_offset(app.console, 1)) != plain_style
        erase = bar.render().plain.index("Erase")
        await pilot.hover(KeyBar, offset=(erase, 0))
        assert bar.tooltip == "Erase"  # no tooltip given: the description
        await pilot.hover(KeyBar, offset=(60, 0))
        assert bar.tooltip is None


PANES = Binding.Group("Panes")


class GroupApp(App[None]):
    CSS_PATH = WIDGETS / "key_bar.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f6", "jump('tree')", "Tree pane", group=PANES),
        Binding("f7", "jump('form')", "Form pane", group=PANES, tooltip="Focus the form"),
        Binding("f8", "jump('answer')", "Answer pane", group=PANES),
        Binding("ctrl+s", "send", "Send"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.jumps: list[str] = []

    def compose(self) -> ComposeResult:
        yield KeyBar()

    def action_jump(self, pane: str) -> None:
        self.jumps.append(pane)


async def test_the_keys_of_a_group_share_its_description_and_each_key_is_clicked_alone() -> None:
    app = GroupApp()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        line = bar.render().plain
        assert line.startswith(" f6  f7  f8 Panes  ^s Send ")
        assert [hint.key for hint in bar.hints] == ["f6", "f7", "f8", "ctrl+s", "ctrl+p"]
        await pilot.click(KeyBar, offset=(line.index("f7"), 0))
        await pilot.pause()
        assert app.jumps == ["form"]
        await pilot.hover(KeyBar, offset=(line.index("f7") + 1, 0))
        assert bar.tooltip == "Focus the form"
        await pilot.click(KeyBar, offset=(line.index("Panes"), 0))  # the group's word: no key
        await pilot.pause()
        assert app.jumps == ["form"]


class FormScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "send", "Send"),
        Binding("ctrl+d", "bookmark", "Save query", priority=True),  # Input binds Ctrl+D too
    ]

    def compose(self) -> ComposeResult:
        yield QueryInput(id="query")
        yield KeyBar()


class ScreenApp(App[None]):
    CSS_PATH = WIDGETS / "key_bar.tcss"

    def on_mount(self) -> None:
        self.push_screen(FormScreen())


async def test_a_screen_key_that_a_focused_input_also_binds_keeps_the_screens_order() -> None:
    app = ScreenApp()
    async with app.run_test(size=(120, 5)) as pilot:
        app.screen.query_one(QueryInput).focus()
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        assert described(bar)[:3] == ["f6 Check", "^s Send", "^d Save query"]
