"""The requests sent so far, newest first, searchable; Enter re-opens one in the form, Ctrl+T
copies one as code.

The entries come from the app's store (``core.history.History``), read in a thread so that a large
history never blocks the screen. History is token-free by construction, so showing it is safe on a
shared screen; its text is still shown as plain text, control characters made visible.
"""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import urlsplit

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from explorer.core.history import History, HistoryEntry
from explorer.core.profiles import SANDBOX_NAME
from explorer.core.request import API_PREFIX
from explorer.ui.display import rich_text, visible
from explorer.ui.formatting import truncate
from explorer.ui.screens.dialog import Dialog

COLUMNS = ("When", "Method", "Status", "Where", "Request")  # the long one last
PROFILE_WIDTH = 12  # cells; so that "Where" leaves the request room at 80 columns
HOST_WIDTH = 18


def when(entry: HistoryEntry) -> str:
    """``2026-11-27 10:46`` from the entry's ISO time (UTC, as stored)."""
    return entry.time[:16].replace("T", " ")


def request_text(path: str, query: str) -> str:
    """The path and query as sent, without the API prefix (``contacts.json?group=Farmers``)."""
    path = path.removeprefix(API_PREFIX)
    return f"{path}?{query}" if query else path


def status_text(entry: HistoryEntry) -> str:
    return "no answer" if entry.status is None else str(entry.status)


def host_of(base_url: str) -> str:
    """``textit.com`` from ``https://www.textit.com/``: the server as a person names it."""
    try:
        netloc = urlsplit(base_url).netloc.rpartition("@")[2]
    except ValueError:  # a damaged record: show what it holds
        return base_url
    return netloc.lower().removeprefix("www.")


def where_text(entry: HistoryEntry) -> str:
    """``acme · textit.com``: the profile and host the request went to, each cut to fit."""
    profile = truncate(visible(entry.profile), PROFILE_WIDTH)
    host = truncate(visible(host_of(entry.base_url)), HOST_WIDTH)
    return " · ".join(part for part in (profile, host) if part)


def row_cells(entry: HistoryEntry) -> list[Text]:
    """The entry's table cells, as plain text (never markup)."""
    request = request_text(entry.path, entry.query)
    cells = (when(entry), entry.method, status_text(entry), where_text(entry), request)
    return [rich_text(cell) for cell in cells]


class HistoryScreen(Dialog[HistoryEntry | None]):
    """Pick a past request (Enter) to fill the form with it again; Ctrl+T copies it as code;
    ``/`` searches; Esc goes back."""

    CSS_PATH = "history.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss(None)", "Close"),
        Binding("slash", "search", "Search"),
        Binding("ctrl+t", "export", "Copy as", tooltip="Copy the request as code or `call`"),
    ]

    table = getters.query_one("#history-table", DataTable)
    search = getters.query_one("#history-search", Input)
    empty = getters.query_one("#history-empty", Static)

    class Loaded(Message):
        """Entries read from the history for ``text`` (a search, or "" for the newest)."""

        def __init__(self, text: str, entries: list[HistoryEntry]) -> None:
            super().__init__()
            self.text = text
            self.entries = entries

    def __init__(self, history: History, *, sandbox_url: str = "") -> None:
        super().__init__()
        self.history = history
        self.sandbox_url = sandbox_url  # the running sandbox's, if any: its entries' code uses it
        self.entries: list[HistoryEntry] = []  # as shown, newest first

    def compose(self) -> ComposeResult:
        with Vertical(id="history-dialog"):
            yield Input(placeholder="Search: words of the request or profile", id="history-search")
            yield Static("Reading the history…", id="history-empty")
            yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
            yield Static(
                "Enter: open it in the form · Ctrl+T: copy as code · /: search · Esc: close",
                id="history-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#history-dialog").border_title = "History (newest first)"
        self.table.add_columns(*COLUMNS)
        self.table.display = False
        self.table.focus()
        self.load("")

    @work(thread=True, exclusive=True, group="history")
    def load(self, text: str) -> None:
        """Read the newest entries, or those matching ``text``, off the event loop."""
        entries = self.history.search(text) if text.strip() else self.history.recent()
        self.post_message(self.Loaded(text, entries))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        if event.text != self.search.value:
            return  # typed on since: a newer load is coming
        self.entries = event.entries
        self.table.clear()
        for entry in self.entries:
            self.table.add_row(*row_cells(entry))
        self.table.display = bool(self.entries)
        self.empty.display = not self.entries
        self.empty.update("Nothing matches." if event.text.strip() else "No requests sent yet.")

    def action_search(self) -> None:
        self.search.focus()

    @on(Input.Changed, "#history-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.load(event.value)

    @on(Input.Submitted, "#history-search")
    def _search_done(self) -> None:
        if self.entries:
            self.table.focus()

    def action_export(self) -> None:
        """The selected request as code for its own profile (a sandbox one: on this sandbox)."""
        if not (self.entries and self.table.display):
            return
        entry = self.entries[self.table.cursor_row]
        url = entry.url(self.sandbox_url if entry.profile == SANDBOX_NAME else "")
        from explorer.ui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(entry.method, url, entry.body, profile=entry.profile))

    @on(DataTable.RowSelected, "#history-table")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.dismiss(self.entries[event.cursor_row])
