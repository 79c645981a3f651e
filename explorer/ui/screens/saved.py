"""Saved queries: name the explorer's request to run it again, and the profile's list of them,
where Enter runs one, ``r`` renames and ``d`` deletes (after a question).

Names are a person's text and requests may hold a server's: both are shown as plain text with
control characters made visible. The store is read and written off the event loop: it is a
database that another process may hold for a moment.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Static

from explorer.app.saved import name_problem
from explorer.app.store import Store
from explorer.core.history import SavedQuery
from explorer.ui.display import content, rich_text
from explorer.ui.screens.dialog import Dialog
from explorer.ui.screens.history import request_text

COLUMNS = ("Name", "Method", "jq filter", "Request")  # the long one last
HINT = "Enter: run it · r: rename · d: delete · Esc: close"


def what_text(query: SavedQuery) -> str:
    """``GET contacts.json?group=Farmers | jq .results[].name``: the request and its filter."""
    request = f"{query.method} {request_text(query.path, query.query)}"
    return f"{request} | jq {query.jq}" if query.jq else request


def row_cells(query: SavedQuery) -> list[Text]:
    """The query's table cells, as plain text (never markup)."""
    cells = (query.name, query.method, query.jq, request_text(query.path, query.query))
    return [rich_text(cell) for cell in cells]


async def taken_or_failed(store: Store, query: SavedQuery, name: str) -> str:
    """Why the store did not take ``name`` for ``query``: another query has it, or the store
    could not be written (its last problem says why)."""
    if await asyncio.to_thread(store.query, query.profile, name) is not None:
        return f"{name} is taken: choose another name."
    return str(store.problems[-1]) if store.problems else "The query could not be saved."


class SaveQueryScreen(Dialog[SavedQuery | None]):
    """Asks a name for ``query`` and saves it; a name unfit or taken is said in place."""

    CSS_PATH = "saved.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    name_input = getters.query_one("#save-query-name", Input)
    problem = getters.query_one("#save-query-problem", Static)

    def __init__(self, store: Store, query: SavedQuery) -> None:
        super().__init__()
        self.store = store
        self.draft = query  # its name is the one asked for

    def compose(self) -> ComposeResult:
        with Vertical(id="save-query-dialog", classes="saved-dialog"):
            yield Static(content(what_text(self.draft)), id="save-query-what")
            yield Input(placeholder="A name, e.g. Farmers in Kigali", id="save-query-name")
            yield Static("", id="save-query-problem")
            yield Static("Enter: save · Esc: cancel", classes="saved-hint")

    def on_mount(self) -> None:
        self.query_one("#save-query-dialog").border_title = content(
            f"Save the query for {self.draft.profile}"
        )
        self.name_input.focus()

    @on(Input.Submitted, "#save-query-name")
    async def _submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if (problem := name_problem(name)) is not None:
            self.problem.update(problem)
            return
        query = replace(self.draft, name=name)
        if await asyncio.to_thread(self.store.create_query, query):
            self.dismiss(query)
        else:
            self.problem.update(content(await taken_or_failed(self.store, query, name)))


class SavedScreen(Dialog[SavedQuery | None]):
    """The profile's saved queries, by name; the one chosen (Enter) is run by the explorer."""

    CSS_PATH = "saved.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Close"),
        Binding("r", "rename", "Rename"),
        Binding("d", "delete", "Delete"),
        Binding("y", "answer(True)", "Delete it", show=False),
        Binding("n", "answer(False)", "Keep it", show=False),
    ]

    table = getters.query_one("#saved-table", DataTable)
    empty = getters.query_one("#saved-empty", Static)
    new_name = getters.query_one("#saved-rename", Input)
    hint = getters.query_one("#saved-hint", Static)

    def __init__(self, store: Store, profile: str) -> None:
        super().__init__()
        self.store = store
        self.profile = profile
        self.queries: list[SavedQuery] = []  # as shown, by name
        self.deleting: SavedQuery | None = None  # while the question is asked

    def compose(self) -> ComposeResult:
        with Vertical(id="saved-dialog", classes="saved-dialog"):
            yield Static("Reading the saved queries…", id="saved-empty")
            yield DataTable(id="saved-table", cursor_type="row", zebra_stripes=True)
            yield Input(placeholder="The new name, then Enter", id="saved-rename")
            yield Static(HINT, id="saved-hint", classes="saved-hint")

    def on_mount(self) -> None:
        self.query_one("#saved-dialog").border_title = content(f"Saved queries of {self.profile}")
        self.table.add_columns(*COLUMNS)
        self.table.display = self.new_name.display = False
        self.table.focus()
        self.load()

    @work(exclusive=True, group="saved")
    async def load(self, select: str = "") -> None:
        """Read the profile's queries and show them, the cursor on ``select`` if named."""
        self.queries = await asyncio.to_thread(self.store.queries, self.profile)
        self.table.clear()
        for query in self.queries:
            self.table.add_row(*row_cells(query))
        names = [query.name for query in self.queries]
        if select in names:
            self.table.move_cursor(row=names.index(select))
        self.table.display = bool(self.queries)
        self.empty.display = not self.queries
        self.empty.update("No saved queries yet: Ctrl+D in the explorer names the request.")
        self.refresh_bindings()

    @property
    def selected(self) -> SavedQuery | None:
        row = self.table.cursor_row
        return self.queries[row] if self.table.display and 0 <= row < len(self.queries) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Rename and delete act on a selected query, one thing at a time; y and n answer the
        question only while it is asked."""
        if action == "answer":
            return self.deleting is not None
        if action in ("rename", "delete"):
            busy = self.deleting is not None or self.new_name.display
            return not busy and self.selected is not None
        return True

    def action_back(self) -> None:
        """Esc: leave renaming or the question, else close."""
        if self.new_name.display or self.deleting is not None:
            self._done()
        else:
            self.dismiss(None)

    def _done(self, message: str = HINT) -> None:
        self.new_name.display = False
        self.deleting = None
        self.hint.update(content(message))
        self.table.focus()
        self.refresh_bindings()

    def action_rename(self) -> None:
        if (query := self.selected) is not None:
            self.new_name.value = query.name
            self.new_name.display = True
            self.new_name.focus()
            self.hint.update("Enter: rename · Esc: keep the name")
            self.refresh_bindings()

    @on(Input.Submitted, "#saved-rename")
    async def _renamed(self, event: Input.Submitted) -> None:
        event.stop()
        query, name = self.selected, event.value.strip()
        if query is None:
            return
        if (problem := name_problem(name)) is not None:
            self.hint.update(problem)
            return
        if name != query.name and not await asyncio.to_thread(
            self.store.rename_query, self.profile, query.name, name
        ):
            self.hint.update(content(await taken_or_failed(self.store, query, name)))
            return
        self._done()
        self.load(select=name)

    def action_delete(self) -> None:
        if (query := self.selected) is not None:
            self.deleting = query
            self.hint.update(content(f"Delete {query.name}? y: delete · n: keep it"))
            self.refresh_bindings()

    async def action_answer(self, delete: bool) -> None:
        query = self.deleting
        if query is None:
            return
        if delete:
            await asyncio.to_thread(self.store.delete_query, self.profile, query.name)
            self.load()
        self._done(f"Deleted {query.name}." if delete else HINT)

    @on(DataTable.RowSelected, "#saved-table")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.deleting is None and (query := self.selected) is not None:
            self.dismiss(query)
