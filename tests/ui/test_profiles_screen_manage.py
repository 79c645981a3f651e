"""ProfilesScreen in a tiny host app: delete, edit, switch, and what it dismisses with."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input

from explorer.core.profiles import ProfileStore
from explorer.core.tokens import SERVICE
from explorer.ui.screens.profiles import ProfilesResult
from tests.ui.profiles_support import GOOD, STILL_OPEN, Host, settle_screen, static_text, table_rows


async def test_delete_asks_first_and_forgets_the_token(prod: None, memory_keyring: Any) -> None:
    memory_keyring.passwords[(SERVICE, "prod")] = GOOD
    app = Host()
    async with app.run_test(size=(110, 40)) as pilot:
        await settle_screen(pilot)
        await pilot.press("down", "d")
        assert "Delete profile prod and forget its token?" in static_text(app, "#confirm-text")
        await pilot.click("#confirm-keep")
        await settle_screen(pilot)
        assert len(table_rows(app)) == 2
        await pilot.press("d")
        await pilot.click("#confirm-delete")
        await settle_screen(pilot)
        assert [row[1] for row in table_rows(app)] == ["sandbox"]
        assert memory_keyring.passwords == {}
        assert static_text(app, "#profiles-status") == "Deleted prod."
        assert ProfileStore().all()[1:] == []


async def test_the_sandbox_cannot_be_edited_or_deleted() -> None:
    app = Host()
    async with app.run_test(size=(110, 40)) as pilot:
        await settle_screen(pilot)
        await pilot.press("d")
        assert "cannot be deleted" in static_text(app, "#profiles-status")
        await pilot.press("e")
        assert not app.screen.query_one("#profile-editor").display


async def test_edit_keeps_the_name_and_the_stored_token(prod: None, memory_keyring: Any) -> None:
    memory_keyring.passwords[(SERVICE, "prod")] = GOOD
    app = Host()
    async with app.run_test(size=(110, 40)) as pilot:
        await settle_screen(pilot)
        await pilot.press("down", "e")
        assert app.screen.query_one("#edit-name", Input).disabled
        app.screen.query_one("#edit-rate", Input).value = "50"
        await pilot.click("#save")
        await settle_screen(pilot)
        assert ProfileStore().get("prod").rate_limit == 50
        assert memory_keyring.passwords == {(SERVICE, "prod"): GOOD}
        assert app.verified == []


async def test_enter_switches_and_escape_closes(prod: None) -> None:
    app = Host()
    async with app.run_test(size=(110, 40)) as pilot:
        await settle_screen(pilot)
        await pilot.press("down", "enter")
        assert app.dismissed_with == ProfilesResult("prod", "sandbox")
    app = Host()
    async with app.run_test(size=(110, 40)) as pilot:
        await settle_screen(pilot)
        await pilot.press("a", "escape")
        assert app.dismissed_with == STILL_OPEN  # escape first closes the editor
        await pilot.press("escape")
        assert app.dismissed_with == ProfilesResult(None, "sandbox")


async def test_a_new_token_for_the_current_profile_asks_for_a_reconnect(
    prod: None, memory_keyring: Any
) -> None:
    app = Host(current="prod")
    async with app.run_test(size=(110, 40)) as pilot:
        await settle_screen(pilot)
        await pilot.press("e")
        app.screen.query_one("#edit-token", Input).value = GOOD
        await pilot.click("#save")
        await settle_screen(pilot)
        await pilot.press("escape")
    assert app.dismissed_with == ProfilesResult(None, "prod", current_changed=True)
    assert app.dismissed_with.profile_to_open(connected="prod") == "prod"


async def test_deleting_the_current_profile_falls_back_to_the_sandbox(prod: None) -> None:
    app = Host(current="prod")
    async with app.run_test(size=(110, 40)) as pilot:
        await settle_screen(pilot)
        await pilot.press("d")
        await pilot.click("#confirm-delete")
        await settle_screen(pilot)
        assert table_rows(app)[0][0] == "●"
        await pilot.press("escape")
    assert app.dismissed_with == ProfilesResult(None, "sandbox", current_changed=True)
    assert app.dismissed_with.profile_to_open(connected="prod") == "sandbox"


@pytest.mark.parametrize(
    ("result", "connected", "to_open"),
    [
        (ProfilesResult(None, "prod"), "prod", None),  # looked, changed nothing
        (ProfilesResult(None, "prod"), None, "prod"),  # not connected: try again
        (ProfilesResult("prod", "prod"), "prod", None),  # picked the one in use
        (ProfilesResult("eu", "prod"), "prod", "eu"),
        (ProfilesResult("eu", "prod", current_changed=True), "prod", "eu"),
        (ProfilesResult("prod", "prod", current_changed=True), "prod", "prod"),
        (ProfilesResult(None, None), None, None),
    ],
)
def test_profile_to_open(
    result: ProfilesResult, connected: str | None, to_open: str | None
) -> None:
    assert result.profile_to_open(connected) == to_open
