"""The explorer's references side: open what a value refers to, go back, show the path.

``ExplorerFollow`` builds on ``ExplorerRequests``. ``o`` on a reference in the answer (the
response tabs find the GETs, ``explorer.core.references``) opens it through the normal send
path: the operation is chosen in the tree, its form filled, the request sent and kept in
history. A chooser offers the related listings when there are several ("the group Farmers",
"contacts in Farmers"). The answer left is kept (``Visit``) on a bounded stack; Backspace in
the answer returns to it as a browser does: its operation, its form, the answer itself, its tab
and cursor. The path of answers followed is drawn over the answer (``AnswerPath``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from textual import on

from explorer.core.catalog import Catalog, Operation
from explorer.core.errors import CatalogError, ValidationError
from explorer.core.references import Target, answer_crumb
from explorer.core.request import ApiRequest, build_request, parse_query_text
from explorer.ui.messages import SessionConnecting
from explorer.ui.screens.exchange import LastAnswer
from explorer.ui.screens.explorer_requests import ExplorerRequests
from explorer.ui.widgets.answer_path import AnswerPath
from explorer.ui.widgets.response_tabs import ResponseTabs
from explorer.ui.widgets.view_place import ViewPlace

MAX_VISITS = 50
"""Answers kept to go back to; the oldest is dropped beyond."""
FormValues = dict[str, str]


@dataclass(frozen=True)
class Visit:
    """An answer left by following a reference, with all it takes to show it again."""

    operation: Operation
    form: tuple[FormValues, FormValues]  # query and body values
    answer: LastAnswer
    place: ViewPlace
    crumbs: tuple[str, ...]  # the path of answers that led to it


class ExplorerFollow(ExplorerRequests):
    """Follow references in the answer, come back, and show the path of answers."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        monotonic: Callable[[], float],
        now: Callable[[], datetime],
    ) -> None:
        super().__init__(catalog, monotonic=monotonic, now=now)
        self.visits: list[Visit] = []
        """The answers to go back to, the last left last."""
        self.crumbs: tuple[str, ...] = ()
        """The path of answers that led to the answer of ``trail_request``."""
        self.trail_request: ApiRequest | None = None
        self._refocus = False  # a reference was followed from the answer, which keeps the focus

    # -- following ----------------------------------------------------------------------------

    async def on_response_tabs_follow_requested(self, event: ResponseTabs.FollowRequested) -> None:
        """One target opens at once; several are offered in a chooser first."""
        if len(event.targets) == 1:
            await self.follow_reference(event.targets[0])
            return
        from explorer.ui.screens.follow_choice import FollowChoiceScreen

        self.app.push_screen(FollowChoiceScreen(event.targets), self._chosen)

    async def _chosen(self, target: Target | None) -> None:
        if target is not None:
            await self.follow_reference(target)

    async def follow_reference(self, target: Target) -> None:
        """Keep the answer shown, then send ``target``'s GET from its operation's form."""
        shown = self.shown
        if self.session is None or self.operation is None or shown is None:
            return
        try:
            operation = self.catalog.operation(target.endpoint, "GET")
            request = build_request(operation, target.query, {})
        except (CatalogError, ValidationError) as error:
            self.notify(f"{target.title} cannot be opened: {error}", severity="warning")
            return
        self._keep_visit(self._visit(self.operation, shown))
        self.crumbs = (*self._crumbs_of(shown), target.crumb)
        self.trail_request = request
        self._refocus = self.response_pane.has_focus_within
        self.endpoint_tree.select_operation(operation)
        await self._show_operation(operation)
        self.form.set_values(target.query, {})
        self.send(request)
        self._show_path(request)

    def _visit(self, operation: Operation, shown: LastAnswer) -> Visit:
        try:
            query, body = self.form.values()
        except ValidationError:  # a raw body that is not JSON: the request sent stands for it
            query, body = parse_query_text(shown.request.query_string()), {}
        place = self.response_pane.views.place()
        return Visit(operation, (dict(query), dict(body)), shown, place, self._crumbs_of(shown))

    def _keep_visit(self, visit: Visit) -> None:
        self.visits = [*self.visits, visit][-MAX_VISITS:]
        self.response_pane.views.can_go_back = True

    def _crumbs_of(self, answer: LastAnswer) -> tuple[str, ...]:
        """The path of answers to ``answer``: the trail, or the request alone (sent from the
        form, or from history)."""
        if answer.request == self.trail_request:
            return self.crumbs
        return (answer_crumb(answer.request.method, answer.request.endpoint),)

    # -- back -----------------------------------------------------------------------------------

    async def on_response_tabs_back_requested(self) -> None:
        """Show the answer left by the last reference followed, where it was left."""
        if not self.visits:
            return
        if self._request_running():
            self.notify("A request is on its way: Esc cancels it first.", severity="warning")
            return
        visit, self.visits = self.visits[-1], self.visits[:-1]
        self.response_pane.views.can_go_back = bool(self.visits)
        self.crumbs, self.trail_request = visit.crumbs, visit.answer.request
        self.answers[visit.operation.name] = visit.answer
        self.endpoint_tree.select_operation(visit.operation)
        await self.operation_pane.show(visit.operation)
        self.form.set_values(*visit.form)
        visit.answer.show()
        self._after_show(visit.answer)
        self.response_pane.views.restore_place(visit.place)
        self.show_answer(True)

    @on(SessionConnecting)
    def _forget_visits(self) -> None:
        """Another profile: the answers kept to go back to are another server's."""
        self.visits = []
        self.crumbs, self.trail_request = (), None
        self.response_pane.views.can_go_back = False
        self._show_path(None)

    # -- the path of answers --------------------------------------------------------------------

    async def _show_operation(self, operation: Operation) -> None:
        await super()._show_operation(operation)
        if (shown := self.shown) is not None:
            self._after_show(shown)
        else:
            self._show_path(None)

    def _keep_answer(self, last: LastAnswer) -> bool:
        on_screen = super()._keep_answer(last)
        if on_screen:
            self._after_show(last)
        return on_screen

    def _after_show(self, answer: LastAnswer) -> None:
        """An answer is shown: its endpoint to the views (a fetch-all's items have no URL to
        read it from), and its path over it."""
        if answer.request.endpoint:
            self.response_pane.views.endpoint = answer.request.endpoint
        self._show_path(answer.request)
        if self._refocus and answer.request == self.trail_request:
            self._refocus = False
            if self.focused is None:  # the view emptied while the answer was on its way
                self.call_after_refresh(self.response_pane.focus_answer)

    def _show_path(self, request: ApiRequest | None) -> None:
        """The path over the answer to ``request``: the trail when it is the trail's answer."""
        crumbs = self.crumbs if request is not None and request == self.trail_request else ()
        self.response_pane.query_one(AnswerPath).show_path(crumbs)
