"""The main screen: pick an operation, fill its form, send it, read the answer.

Its frame and view keys are ``ExplorerLayout``'s; the session and the answers kept per operation
are ``ExplorerSession``'s; sending, pages, fetch-all, save and the session's events are
``ExplorerRequests``'; following references, back and the path of answers are
``ExplorerFollow``'s; saved queries and filling the form from one are ``ExplorerSaved``'s. This
module adds the key bindings and the dialogs over the explorer: copy as code, history, a row's JSON.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType

from explorer.app.session import history_of
from explorer.core.errors import ValidationError
from explorer.core.history import HistoryEntry, sent_query_values
from explorer.core.request import body_values
from explorer.ui.screens.explorer_saved import ExplorerSaved

if TYPE_CHECKING:
    from explorer.ui.widgets.results_table import ResultsTable


PANES = Binding.Group("Panes")


class ExplorerScreen(ExplorerSaved):
    """Pick an operation, fill its form, send it, read the answer."""

    BINDING_GROUP_TITLE = "Explorer"
    BINDINGS: ClassVar[list[BindingType]] = [  # every key of the screen, in key bar order
        Binding("ctrl+s", "send", "Send", priority=True, tooltip="Send the request"),
        Binding("f5", "send", "Send", show=False, priority=True),
        Binding("f3", "flip", "Form/answer", tooltip="Narrow screens: show the form or the answer"),
        Binding("escape", "cancel", "Cancel", tooltip="Cancel the request on its way"),
        # F6-F8 and alt+arrows reach the app through tmux and common terminals; alt+digits do
        # not: they send Esc 1 for alt+1, which Textual reads as macOS Option+1 (¡)
        Binding(
            "f6",
            "jump('tree')",
            "Tree pane",
            group=PANES,
            priority=True,
            tooltip="Focus the endpoint tree",
        ),
        Binding(
            "f7", "jump('form')", "Form pane", group=PANES, priority=True, tooltip="Focus the form"
        ),
        Binding(
            "f8",
            "jump('answer')",
            "Answer pane",
            group=PANES,
            priority=True,
            tooltip="Focus the answer",
        ),
        Binding("alt+left", "step_pane(-1)", "Pane left", show=False, priority=True),
        Binding("alt+right", "step_pane(1)", "Pane right", show=False, priority=True),
        Binding("f2", "toggle_tree", "Tree", show=False, tooltip="Show or hide the endpoint tree"),
        Binding("ctrl+r", "toggle_raw", "Raw", priority=True, tooltip="Form <-> raw query/body"),
        Binding("ctrl+f", "find", "Find", priority=True, tooltip="Filter the endpoint tree"),
        Binding("ctrl+g", "zoom", "Zoom", tooltip="Maximise the focused pane, or restore it"),
        Binding(
            "ctrl+t",
            "export",
            "Copy as",
            priority=True,
            tooltip="Copy the request as curl, httpx, rapidpro-python or a call command line",
        ),
        # priority: Input and TextArea take Ctrl+E for "end of line" (End still does that)
        Binding(
            "ctrl+e", "clear_form", "Clear", show=False, priority=True, tooltip="Empty every field"
        ),
        Binding("f4", "history", "History", tooltip="Past requests; Enter fills the form again"),
        # as a browser bookmarks a page; priority: Input and TextArea take Ctrl+D for "delete"
        Binding(
            "ctrl+d",
            "save_query",
            "Save query",
            priority=True,
            tooltip="Name this request to run it again",
        ),
        Binding("f9", "saved_queries", "Saved", tooltip="Saved queries: run, rename, delete"),
    ]

    def on_results_table_row_opened(self, event: ResultsTable.RowOpened) -> None:
        """A row of the Table tab opens its JSON over the explorer."""
        from explorer.ui.screens.json_item import JsonItemScreen

        self.app.push_screen(JsonItemScreen(event.item, title=f"Row {event.index + 1}"))

    # -- code and history -----------------------------------------------------------------------

    def action_export(self) -> None:
        """Offer the form's request as code (the token stays out of it)."""
        try:
            request = self.operation_pane.build()
        except ValidationError:
            self.notify("Not ready: the Request box lists what to fix.", severity="warning")
            return
        if request is not None and self.session is not None:
            url = request.url(self.session.base_url)
            from explorer.ui.screens.export import ExportScreen

            profile = self.session.profile.name
            screen = ExportScreen(request.method, url, request.body, request.files, profile=profile)
            self.app.push_screen(screen)

    def action_history(self) -> None:
        """Browse the requests sent so far; the one chosen fills its operation's form again."""
        from explorer.ui.screens.history import HistoryScreen

        session = self.session
        sandbox_url = session.base_url if session and session.profile.is_sandbox else ""
        screen = HistoryScreen(history_of(session), sandbox_url=sandbox_url)
        self.app.push_screen(screen, self._reopen)

    async def _reopen(self, entry: HistoryEntry | None) -> None:
        """Fill the form with ``entry``, once asked if it is a write sent from another profile."""
        if entry is None:
            return
        current = self.session.profile.name if self.session is not None else ""
        if entry.method != "GET" and entry.profile != current:
            from explorer.ui.screens.reopen import ReopenScreen

            self.app.push_screen(
                ReopenScreen(entry, current=current), partial(self._reopen_answered, entry)
            )
            return
        await self._fill_from(entry)

    async def _reopen_answered(self, entry: HistoryEntry, fill: bool | None) -> None:
        if fill:
            await self._fill_from(entry)

    async def _fill_from(self, entry: HistoryEntry) -> None:
        body = body_values(entry.body) if isinstance(entry.body, dict) else {}
        await self.fill_form(entry.method, entry.path, sent_query_values(entry.query), body)
