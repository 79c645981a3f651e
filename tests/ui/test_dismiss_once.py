"""Enter pressed twice in one read (a key repeat, a paste, a slow machine) closes a dialog once:
the second press meets the screen below, never a second dismiss of the same dialog."""

from __future__ import annotations

from textual import events
from textual.command import CommandPalette

from explorer.ui.screens.fetch_all import FetchAllScreen
from explorer.ui.screens.history import HistoryScreen
from explorer.ui.screens.profiles import ProfilesScreen
from tests.harness.demo import DemoApp, demo_app
from tests.harness.scenes import settle


def press_twice_at_once(app: DemoApp, key: str = "enter") -> None:
    """Queue two presses of ``key`` as one read from the terminal would, with no wait between."""
    assert app._driver is not None
    for _ in range(2):
        event = events.Key(key, "\r" if key == "enter" else None)
        event.set_sender(app)
        app._driver.send_message(event)


def back_on_the_explorer(app: DemoApp) -> bool:
    """The app runs, with the explorer on top: the dialog closed, and only it."""
    top: object = app.screen
    return app.is_running and top is app.explorer


async def test_the_history_closes_once() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        press_twice_at_once(app)
        await settle(pilot)
        assert back_on_the_explorer(app)


async def test_the_profiles_screen_closes_once() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, ProfilesScreen)
        press_twice_at_once(app)
        await settle(pilot)
        assert back_on_the_explorer(app)


async def test_the_command_palette_closes_once() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"list groups")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("down")  # the first match highlighted: Enter runs it
        press_twice_at_once(app)
        await settle(pilot)
        assert back_on_the_explorer(app)
        assert app.explorer.operation is not None and app.explorer.operation.name == "groups.GET"


async def test_the_fetch_all_dialog_closes_once() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        app.explorer.response_pane.focus_answer()
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FetchAllScreen)
        press_twice_at_once(app, "escape")
        await settle(pilot)
        assert back_on_the_explorer(app) and not app.explorer.response_pane.fetch.running
