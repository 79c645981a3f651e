"""ProfilesScreen in a tiny host app, with tokens it accepts or refuses: shared by its tests.

Imported as ``tests.ui.profiles_support``.
"""

from __future__ import annotations

from typing import Any

import httpx
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from explorer.core.client import ApiResponse
from explorer.core.errors import Forbidden
from explorer.core.profiles import Profile
from explorer.core.tokens import TokenStore
from explorer.ui.screens.profiles import ProfilesResult, ProfilesScreen
from tests.ui.support import WIDGET_STYLESHEETS

GOOD = "0123456789abcdef0123456789abcdef01234567"
STILL_OPEN = ProfilesResult("(still open)", None)


def _forbidden() -> Forbidden:
    answer = ApiResponse("GET", "https://x/api/v2/workspace.json", 403, "", httpx.Headers(), b"", 0)
    return Forbidden("The server refused the token: Invalid token.", answer)


class Host(App[None]):
    """Pushes the screen on mount and keeps what it was dismissed with."""

    CSS_PATH = WIDGET_STYLESHEETS  # the screen's panels are widgets, styled as in the app

    def __init__(self, tokens: TokenStore | None = None, current: str = "sandbox") -> None:
        super().__init__()
        self.verified: list[tuple[str, str]] = []
        self.tokens = tokens or TokenStore()
        self.current = current
        self.dismissed_with: ProfilesResult | None = STILL_OPEN

    async def verify(self, profile: Profile, token: str) -> str:
        self.verified.append((profile.name, token))
        if token != GOOD:
            raise _forbidden()
        return "Acme Clinic"

    def on_mount(self) -> None:
        screen = ProfilesScreen(verify=self.verify, tokens=self.tokens, current=self.current)
        self.push_screen(screen, callback=self._dismissed)

    def _dismissed(self, result: ProfilesResult | None) -> None:
        self.dismissed_with = result


def table_rows(app: App[Any]) -> list[list[str]]:
    """The profiles table, cell by cell."""
    table = app.screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def static_text(app: App[Any], selector: str) -> str:
    """What the Static at ``selector`` on the screen says."""
    return str(app.screen.query_one(selector, Static).content)


async def settle_screen(pilot: Pilot[Any]) -> None:
    """Wait for the screen's workers (token checks, keyring calls), then for a redraw."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
