"""A damaged profiles file: the app and the profiles screen start on the sandbox and say why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import DataTable, Static

from explorer.app.events import Sink
from explorer.app.session import Session, verify_token
from explorer.core.errors import TokenError
from explorer.core.profiles import SANDBOX, Profile, ProfileStore
from explorer.core.tokens import TokenStore
from explorer.ui.app import ExplorerApp
from explorer.ui.screens.profiles import ProfilesScreen
from tests.harness.scenes import settle

DAMAGE = b"[profiles.prod]\nbase_url = [/b]\x1b[2J\n"


@pytest.fixture
def damaged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bad profiles file in an app home whose path reads as markup."""
    home = tmp_path / "[b]home[/b]"
    monkeypatch.setenv("TEXTIT_EXPLORER_HOME", str(home))
    path = home / "config" / "profiles.toml"
    path.parent.mkdir(parents=True)
    path.write_bytes(DAMAGE)
    return path


async def _refuse(profile: Profile, events: Sink) -> Session:
    raise TokenError("not connecting in this test")


async def test_the_app_starts_on_the_sandbox_and_says_which_file_is_damaged(
    damaged: Path,
) -> None:
    store = ProfileStore()
    assert store.current() == SANDBOX
    app = ExplorerApp(store.current(), _refuse, profiles=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        [notice] = [n for n in app._notifications if n.title == "Profiles"]
        assert notice.message.startswith(f"The profiles file {damaged} cannot be read: ")
        assert "\x1b" not in notice.message and not notice.markup
    assert damaged.read_bytes() == DAMAGE


class Host(App[None]):
    def on_mount(self) -> None:
        self.push_screen(ProfilesScreen(verify=verify_token, tokens=TokenStore()))


async def test_the_profiles_screen_lists_the_sandbox_and_says_what_is_wrong(
    damaged: Path,
) -> None:
    app = Host()
    async with app.run_test(size=(110, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table: DataTable[Any] = app.screen.query_one(DataTable)
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == ["sandbox"]
        status = str(app.screen.query_one("#profiles-status", Static).render())
        assert f"The profiles file {damaged} cannot be read: it is not valid TOML" in status
    assert damaged.read_bytes() == DAMAGE
