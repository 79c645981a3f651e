"""ProfilesScreen in a tiny host app: list, add with a verified token, keyring fallbacks, and that
it fits 80x24."""

from __future__ import annotations

import inspect
import stat
import threading
from collections.abc import Iterator
from typing import Any

import keyring
import keyring.backend
import pytest
from keyring.backends import fail
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input

from explorer.app.session import verify_token
from explorer.core.profiles import Profile, ProfileStore
from explorer.core.tokens import SERVICE, TokenSource, TokenStore, credentials_path
from explorer.ui.screens.profiles import ProfilesScreen
from tests.ui.profiles_support import GOOD, Host, settle_screen, static_text, table_rows

CURRENT = "PKLGZZ2YZAQVR32FCAAJETLFNUE3UG7UNS5HC6V3"  # the format current servers issue
BAD = "badbadbadbadbadbadbadbadbadbadbadbadbad0"


async def _add_profile(pilot: Pilot[Any], name: str, token: str) -> None:
    await pilot.press("a")
    await pilot.press(*name)
    pilot.app.screen.query_one("#edit-url", Input).value = "https://textit.example.org"
    pilot.app.screen.query_one("#edit-token", Input).value = token
    await pilot.click("#save")
    await settle_screen(pilot)


async def test_lists_the_sandbox_first_with_masked_token_sources(
    prod: None, memory_keyring: Any
) -> None:
    memory_keyring.passwords[(SERVICE, "prod")] = GOOD
    app = Host()
    async with app.run_test(size=(110, 40)) as pilot:
        await settle_screen(pilot)
        rows = table_rows(app)
        assert rows[0] == [
            "●",
            "sandbox",
            "builtin sand…0000",
            "sandbox",
            "2500",
            "built-in, local",
        ]
        assert rows[1] == [
            "",
            "prod",
            "keyring 0123…4567",
            "read-write",
            "100",
            "textit.example.org",
        ]
        assert GOOD not in str(rows)
        assert static_text(app, "#profiles-note") == (
            "sandbox: built-in, local; token the sandbox's built-in token"
        )
        await pilot.press("down")
        assert static_text(app, "#profiles-note") == (
            "prod: https://textit.example.org; token in the system keyring"
        )


async def test_the_mode_column_says_what_writes_do_on_each_profile(prod: None) -> None:
    ProfileStore().add(Profile("audit", "https://textit.example.org", read_only=True))
    app = Host()
    async with app.run_test(size=(110, 40)) as pilot:
        await settle_screen(pilot)
        modes = {row[1]: row[3] for row in table_rows(app)}
        assert modes == {"sandbox": "sandbox", "audit": "read-only", "prod": "read-write"}


async def test_a_profile_without_a_token_says_to_press_e(prod: None) -> None:
    app = Host()
    async with app.run_test(size=(110, 40)) as pilot:
        await settle_screen(pilot)
        await pilot.press("down")
        assert static_text(app, "#profiles-note").endswith("token none stored; press e to add one")
        assert table_rows(app)[1][2] == "none (no token)"


async def test_add_verifies_the_token_then_stores_it_in_the_keyring(memory_keyring: Any) -> None:
    app = Host()
    async with app.run_test(size=(110, 40)) as pilot:
        await settle_screen(pilot)
        assert app.screen.query_one("#edit-token", Input).password
        await _add_profile(pilot, "clinic", GOOD)
        assert app.verified == [("clinic", GOOD)]
        assert memory_keyring.passwords == {(SERVICE, "clinic"): GOOD}
        assert ProfileStore().get("clinic").base_url == "https://textit.example.org"
        assert [row[1] for row in table_rows(app)] == ["sandbox", "clinic"]
        assert "Saved clinic; token 0123…4567 in the system keyring" in static_text(
            app, "#profiles-status"
        )
        assert not app.screen.query_one("#profile-editor").display


async def test_a_rejected_token_is_stored_only_when_the_user_insists(memory_keyring: Any) -> None:
    app = Host()
    async with app.run_test(size=(110, 40)) as pilot:
        await settle_screen(pilot)
        await _add_profile(pilot, "clinic", BAD)
        assert "Token not accepted: The server refused the token" in static_text(
            app, "#editor-status"
        )
        assert memory_keyring.passwords == {}
        assert [p.name for p in ProfileStore().all()] == ["sandbox"]
        save_anyway = app.screen.query_one("#save-anyway", Button)
        assert save_anyway.display
        await pilot.click("#save-anyway")
        await settle_screen(pilot)
        assert memory_keyring.passwords == {(SERVICE, "clinic"): BAD}
        assert app.verified == [("clinic", BAD)]  # not verified a second time


async def test_an_unreachable_server_is_not_a_refused_token(memory_keyring: Any) -> None:
    app = Host()
    app.verify = verify_token  # type: ignore[method-assign]  # the real check, port 9 is closed
    async with app.run_test(size=(110, 40)) as pilot:
        await settle_screen(pilot)
        await pilot.press("a", *"closed")
        app.screen.query_one("#edit-url", Input).value = "http://127.0.0.1:9"
        app.screen.query_one("#edit-token", Input).value = GOOD
        await pilot.click("#save")
        await settle_screen(pilot)
        status = static_text(app, "#editor-status")
        assert status.startswith("Could not check the token: could not connect to 127.0.0.1:9")
        assert "not accepted" not in status
        assert app.screen.query_one("#save-anyway", Button).display
        assert memory_keyring.passwords == {}


async def test_a_value_that_is_not_a_token_is_not_sent_to_the_server(
    memory_keyring: Any,
) -> None:
    app = Host()
    async with app.run_test(size=(110, 40)) as pilot:
        await settle_screen(pilot)
        await _add_profile(pilot, "clinic", "short")
        assert static_text(app, "#editor-status") == (
            "This does not look like an API token: TextIt / RapidPro API tokens are 40 "
            "characters: capital letters and digits 2-9 (current servers) or hexadecimal 0-9, "
            "a-f (older servers); this one has 5."
        )
        assert app.verified == [] and memory_keyring.passwords == {}
        await pilot.click("#save-anyway")
        await settle_screen(pilot)
        assert memory_keyring.passwords == {(SERVICE, "clinic"): "short"}
        assert table_rows(app)[1][2] == "keyring (5 characters)"


async def test_a_bad_port_is_named_and_nothing_is_saved() -> None:
    app = Host()
    async with app.run_test(size=(110, 40)) as pilot:
        await settle_screen(pilot)
        await pilot.press("a", *"eu")
        app.screen.query_one("#edit-url", Input).value = "https://eu.example.org:70000"
        await pilot.press("enter")
        await settle_screen(pilot)
        assert static_text(app, "#editor-status") == "Base URL: The port 70000 is outside 1-65535."
        assert app.verified == [] and [p.name for p in ProfileStore().all()] == ["sandbox"]


async def test_a_token_in_the_current_format_is_checked_with_the_server() -> None:
    app = Host()
    async with app.run_test(size=(110, 40)) as pilot:
        await settle_screen(pilot)
        await _add_profile(pilot, "clinic", CURRENT)
        assert app.verified == [("clinic", CURRENT)]


async def test_invalid_fields_are_shown_and_nothing_is_saved() -> None:
    app = Host()
    async with app.run_test(size=(110, 40)) as pilot:
        await settle_screen(pilot)
        await pilot.press("a", *"bad name", "enter")
        await settle_screen(pilot)
        assert "Name: Use 1 to 64 letters" in static_text(app, "#editor-status")
        app.screen.query_one("#edit-name", Input).value = "ok"
        app.screen.query_one("#edit-url", Input).value = "notaurl"
        await pilot.press("enter")
        await settle_screen(pilot)
        assert static_text(app, "#editor-status").startswith("Base URL: Give a URL such as")
        assert app.verified == []
        assert ProfileStore().all()[1:] == []


async def test_without_keyring_the_help_is_shown_once_with_file_and_session_options(
    app_home: Any,
) -> None:
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    app = Host()
    async with app.run_test(size=(110, 50)) as pilot:
        await settle_screen(pilot)
        await _add_profile(pilot, "clinic", GOOD)
        assert not app.screen.query_one("#profiles-table").display  # the panel needs the room
        help_text = static_text(app, "#keyring-help")
        assert help_text.startswith("System keyring not available")
        assert "dbus-run-session -- $SHELL" in help_text
        await pilot.click("#to-file")
        await settle_screen(pilot)
        assert stat.S_IMODE(credentials_path().stat().st_mode) == 0o600
        assert table_rows(app)[1][2] == "file 0123…4567"
        assert "Saved clinic; token 0123…4567 in " in static_text(app, "#profiles-status")

        await _add_profile(pilot, "other", GOOD)
        assert static_text(app, "#keyring-help") == (
            "System keyring not available: no system keyring (Secret Service) is available "
            "on this machine."
        )
        await pilot.click("#to-session")
        await settle_screen(pilot)
        assert app.tokens.lookup("other").source is TokenSource.SESSION
        assert "other" not in credentials_path().read_text()


def test_the_screen_cannot_make_its_own_token_store() -> None:
    """A store of its own would keep "this session only" tokens where the app never looks."""
    tokens = inspect.signature(ProfilesScreen).parameters["tokens"]
    assert tokens.default is inspect.Parameter.empty


async def test_the_keyring_choice_focuses_its_first_option(app_home: Any) -> None:
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    app = Host()
    async with app.run_test(size=(110, 50)) as pilot:
        await settle_screen(pilot)
        await _add_profile(pilot, "clinic", GOOD)
        buttons = sorted(app.screen.query("#keyring-choice Button"), key=lambda b: b.region.x)
        assert app.focused is buttons[0] and buttons[0].id == "to-session"
        await pilot.press("enter")
        await settle_screen(pilot)
        assert app.tokens.lookup("clinic").source is TokenSource.SESSION


def _fits(widget: Widget, width: int, height: int) -> bool:
    region = widget.region
    return widget.display and region.area > 0 and region.right <= width and region.bottom <= height


async def test_everything_fits_80x24(memory_keyring: Any) -> None:
    ProfileStore().add(Profile("programme-east", "https://textit.example.org", rate_limit=2500))
    memory_keyring.passwords[(SERVICE, "programme-east")] = GOOD
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_screen(pilot)
        table = app.screen.query_one(DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert all(_fits(b, 80, 24) for b in app.screen.query("#profiles-actions Button"))
        await pilot.press("down", "e")
        await pilot.pause()
        for selector in ("#edit-token", "#edit-read-only", "#save", "#cancel"):
            assert _fits(app.screen.query_one(selector), 80, 24), selector


async def test_the_keyring_help_and_its_choices_fit_80x24(app_home: Any) -> None:
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_screen(pilot)
        await _add_profile(pilot, "clinic", GOOD)
        assert "dbus-run-session" in static_text(app, "#keyring-help")  # the long, first-time help
        assert all(_fits(b, 80, 24) for b in app.screen.query("#keyring-choice Button"))


class HangingKeyring(keyring.backend.KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(30)
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait(30)

    def delete_password(self, service: str, username: str) -> None:
        self.release.wait(30)


@pytest.fixture
def hanging() -> Iterator[HangingKeyring]:
    backend = HangingKeyring()
    keyring.set_keyring(backend)
    yield backend
    backend.release.set()


async def test_a_hanging_keyring_does_not_freeze_the_screen(
    prod: None, hanging: HangingKeyring
) -> None:
    app = Host(TokenStore(timeout=1.0))
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.press("a")  # answered while the token lookup waits on the keyring
        assert app.screen.query_one("#profile-editor").display
        assert "did not answer" not in static_text(app, "#profiles-status")  # it is waiting still
        await settle_screen(pilot)
        assert "did not answer within 1 s" in static_text(app, "#profiles-status")
