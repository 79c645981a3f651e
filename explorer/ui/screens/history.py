"""The requests sent so far (``core.history``), newest first; Enter re-opens one in the form.

History is token-free by construction, so showing it is safe on a shared screen.
"""

from __future__ import annotations

from typing import ClassVar

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from explorer.core.history import HistoryEntry
from explorer.core.request import API_PREFIX
from explorer.ui.display import rich_text
from explorer.ui.screens.dialog import Dialog

COLUMNS = ("When", "Method", "Status", "Request", "Profile")  # the long one after the short


def when(entry: HistoryEntry) -> str:
    """``2026-11-27 10:46`` from the entry's ISO time (UTC, as stored)."""
    return entry.time[:16].replace("T", " ")


def request_text(entry: HistoryEntry) -> str:
    """The path and query as sent, without the API prefix (``contacts.json?group=Farmers``)."""
    path = entry.path.removeprefix(API_PREFIX)
    return f"{path}?{entry.query}" if entry.query else path


def status_text(entry: HistoryEntry) -> str:
    return "no answer" if entry.status is None else str(entry.status)


class HistoryScreen(Dialog[HistoryEntry | None]):
    """Pick a past request (Enter) to fill the form with it again; Esc goes back."""

    CSS_PATH = "history.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss(None)", "Close"),
    ]

    table = getters.query_one("#history-table", DataTable)

    def __init__(self, entries: list[HistoryEntry]) -> None:
        super().__init__()
        self.entries = list(reversed(entries))  # newest first

    def compose(self) -> ComposeResult:
        with Vertical(id="history-dialog"):
            if not self.entries:
                yield Static("No requests sent yet.", id="history-empty")
            yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
            yield Static("Enter: open it in the form · Esc: close", id="history-hint")

    def on_mount(self) -> None:
        self.query_one("#history-dialog").border_title = "History (newest first)"
        self.table.add_columns(*COLUMNS)
        for entry in self.entries:
            row = when(entry), entry.method, status_text(entry), request_text(entry), entry.profile
            self.table.add_row(*map(rich_text, row))
        self.table.display = bool(self.entries)
        self.table.focus()

    @on(DataTable.RowSelected, "#history-table")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.dismiss(self.entries[event.cursor_row])
