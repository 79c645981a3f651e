"""The history screen: plain text cells, whatever a request held; any entry as code."""

from __future__ import annotations

from textual.app import App
from textual.widgets import DataTable

from explorer.app.state import shared_store
from explorer.core.history import HistoryEntry
from explorer.core.tokens import SANDBOX_TOKEN
from explorer.ui.screens.export import ExportScreen
from explorer.ui.screens.history import HistoryScreen, row_cells
from tests.ui.support import wait_until


def test_cells_are_plain_text_with_control_characters_made_visible() -> None:
    query = "name=[bold red]Ann[/]\x1b[2J\u202e"
    entry = HistoryEntry("GET", "/api/v2/contacts.json", query, None, None, 0.0, "p\x07", time="t")
    cells = row_cells(entry)
    assert [cell.plain for cell in cells] == [
        "t",
        "GET",
        "no answer",
        "p\u2407",  # ␇ for BEL
        "contacts.json?name=[bold red]Ann[/]\u241b[2J\\u202e",  # ␛ for ESC
    ]
    assert all(not cell.spans for cell in cells)


class HistoryApp(App[None]):
    """The history screen alone, over ``entries`` (oldest first)."""

    def __init__(self, entries: list[HistoryEntry], sandbox_url: str = "") -> None:
        super().__init__()
        self.history = shared_store()
        self.history.append_many(entries)
        self.sandbox_url = sandbox_url

    def on_mount(self) -> None:
        self.push_screen(HistoryScreen(self.history, sandbox_url=self.sandbox_url))


ACME_POST = HistoryEntry(
    "POST",
    "/api/v2/contacts.json",
    "uuid=c1",
    {"name": "O'Neil"},
    200,
    profile="acme",
    base_url="https://textit.example.org",
)
SANDBOX_GET = HistoryEntry(
    "GET", "/api/v2/groups.json", "name=VIP", None, 200, profile="sandbox", base_url="http://x:1"
)


async def test_ctrl_t_copies_the_selected_entry_for_its_own_profile() -> None:
    app = HistoryApp([ACME_POST, SANDBOX_GET], sandbox_url="http://127.0.0.1:4321")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.screen.query_one(DataTable).row_count == 2, "rows")
        await pilot.press("down", "ctrl+t")  # the older one: the POST to acme
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen), "the dialog")
        await pilot.press("l")
        line = 'textit-explorer call --profile acme --body \'{"name": "O\'"\'"\'Neil"}\' '
        assert app.clipboard == line + "POST contacts uuid=c1\n"
        await pilot.press("c")
        assert app.clipboard.startswith(
            "curl -sS -X POST 'https://textit.example.org/api/v2/contacts.json?uuid=c1' \\\n"
            '  -H "Authorization: Token $TEXTIT_API_TOKEN"'
        )
        await pilot.press("escape", "up", "ctrl+t")  # the sandbox's GET: on this run's sandbox
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen), "the dialog")
        await pilot.press("h")
        assert '"http://127.0.0.1:4321/api/v2/groups.json"' in app.clipboard
        assert SANDBOX_TOKEN in app.clipboard
