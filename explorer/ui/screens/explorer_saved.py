"""The explorer's saved queries: Ctrl+D names the request on screen (and the jq filter on its
answer); F9 lists the profile's, and the one chosen is run: its form filled, sent, and its filter
put on the answer.

``ExplorerSaved`` builds on ``ExplorerFollow``; ``fill_form`` is also how the history re-opens
a request.
"""

from __future__ import annotations

from explorer.app.events import Answered
from explorer.app.saved import form_values, saved_query
from explorer.app.session import history_of
from explorer.core.errors import ValidationError
from explorer.core.history import SavedQuery
from explorer.core.request import ApiRequest
from explorer.ui.screens.explorer_follow import ExplorerFollow


class ExplorerSaved(ExplorerFollow):
    """Save the request on screen by name, and run a saved one."""

    filter_on_answer: tuple[ApiRequest, str] | None = None
    """A saved query's request on its way, and the jq filter its answer gets."""

    async def fill_form(
        self, method: str, path: str, query: dict[str, str], body: dict[str, str]
    ) -> bool:
        """Show the operation ``method`` ``path``, its form holding ``query`` and ``body``;
        False (and said) when the catalog has no such operation."""
        endpoint = self.catalog.endpoint_for_path(path)
        operation = endpoint.operation(method) if endpoint else None
        if operation is None:
            self.notify(f"{method} {path} is not in the catalog.", severity="warning")
            return False
        self.endpoint_tree.select_operation(operation)
        await self._show_operation(operation)
        self.form.set_values(query, body)
        self.show_answer(False)
        self.operation_pane.focus_form()
        return True

    def action_save_query(self) -> None:
        """Name the form's request, with the jq filter on the answer, to run it again."""
        if self.session is None:
            self.notify("Not connected: a query is saved for a profile.", severity="warning")
            return
        try:
            request = self.operation_pane.build()
        except ValidationError:
            self.notify("Not ready: the Request box lists what to fix.", severity="warning")
            return
        if request is not None:
            from explorer.ui.screens.saved import SaveQueryScreen

            jq = self.response_pane.views.body_view.filter_expression
            query = saved_query(self.session.profile.name, "", request, jq)
            self.app.push_screen(SaveQueryScreen(history_of(self.session), query), self._saved)

    def _saved(self, query: SavedQuery | None) -> None:
        if query is not None:
            self.notify(f"Saved as {query.name}. F9 lists the saved queries.")

    def action_saved_queries(self) -> None:
        """The profile's saved queries; the one chosen runs."""
        if self.session is None:
            self.notify("Not connected: saved queries belong to a profile.", severity="warning")
            return
        from explorer.ui.screens.saved import SavedScreen

        screen = SavedScreen(history_of(self.session), self.session.profile.name)
        self.app.push_screen(screen, self._run_saved)

    async def _run_saved(self, query: SavedQuery | None) -> None:
        """Fill the form with ``query`` and send it (a write asks first, as ever)."""
        if query is None or not await self.fill_form(query.method, query.path, *form_values(query)):
            return
        self.filter_on_answer = None
        if query.jq:
            try:
                request = self.operation_pane.build()
            except ValidationError:
                request = None  # the send says what to fix
            self.filter_on_answer = (request, query.jq) if request is not None else None
        self.action_send()

    def _answered(self, event: Answered) -> None:
        """Show the answer; the first one to a saved query's request gets its jq filter."""
        super()._answered(event)
        pending, self.filter_on_answer = self.filter_on_answer, None
        if pending is not None and pending[0] == event.request and event.response.error is None:
            self.response_pane.views.body_view.apply_filter(pending[1])
