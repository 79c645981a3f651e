"""The main screen: pick an operation, fill its form, send it, read the answer.

Its frame and view keys are ``ExplorerLayout``'s. Workers run the application layer's send, page,
fetch-all and save (``explorer.app.fetch``); the session's events come back as ``AppEvent``
messages, and the handlers below are the only code that shows what they carry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType

from explorer.app import fetch
from explorer.app.events import (
    Answered,
    Cancelled,
    Failed,
    FetchEnded,
    FetchProgress,
    FetchRetrying,
    Problem,
    ProblemKind,
    Saved,
    SaveFailed,
    Throttled,
    Waiting,
)
from explorer.app.session import Session, history_of
from explorer.core.catalog import Catalog, Operation
from explorer.core.describe import RequestDescription
from explorer.core.errors import BadRequest, ValidationError
from explorer.core.history import HistoryEntry
from explorer.core.pagination import results_of
from explorer.core.request import ApiRequest, body_values, parse_query_text
from explorer.ui.formatting import format_count, format_wait, scope_label
from explorer.ui.messages import (
    OperationRequested,
    SessionConnecting,
    SessionFailed,
    SessionOpened,
)
from explorer.ui.screens.exchange import AppEvent, LastAnswer, operation_name
from explorer.ui.screens.explorer_layout import ExplorerLayout
from explorer.ui.widgets.endpoint_tree import EndpointTree

if TYPE_CHECKING:
    from datetime import datetime

    from explorer.ui.widgets.response_pane import ResponsePane
    from explorer.ui.widgets.results_table import ResultsTable

REQUEST_GROUP = "request"
FETCH_GROUP = "fetch"
PROBLEM_TITLES = {
    ProblemKind.WORKSPACE_UNREACHED: "Workspace not reached",
    ProblemKind.STATE_NOT_SAVED: "Could not save the history or the rate-limit count",
    ProblemKind.KEYRING_UNAVAILABLE: "Keyring unavailable",
}


def identity_line(session: Session) -> str:
    """The header's sub-title: which workspace is live, and where the token came from."""
    workspace = session.workspace or "workspace unknown"
    if session.profile.is_sandbox:
        return f"SANDBOX · {workspace} · local imitation, no real data"
    mode = "read-only" if session.profile.read_only else "LIVE: writes change real data"
    return f"{session.profile.name} · {workspace} · {mode} · token from {session.token.source}"


class ExplorerScreen(ExplorerLayout):
    """Pick an operation, fill its form, send it, read the answer."""

    BINDING_GROUP_TITLE = "Explorer"
    BINDINGS: ClassVar[list[BindingType]] = [  # every key of the screen, in key bar order
        Binding("ctrl+s", "send", "Send", priority=True, tooltip="Send the request"),
        Binding("f5", "send", "Send", show=False, priority=True),
        Binding("f3", "flip", "Form/answer", tooltip="Narrow screens: show the form or the answer"),
        Binding("escape", "cancel", "Cancel", tooltip="Cancel the request on its way"),
        Binding("f2", "toggle_tree", "Tree", tooltip="Show or hide the endpoint tree"),
        Binding("ctrl+r", "toggle_raw", "Raw", priority=True, tooltip="Form <-> raw query/body"),
        Binding("ctrl+f", "find", "Find", priority=True, tooltip="Filter the endpoint tree"),
        Binding("ctrl+g", "zoom", "Zoom", tooltip="Maximise the focused pane, or restore it"),
        Binding(
            "ctrl+t",
            "export",
            "Copy as",
            priority=True,
            tooltip="Copy the request as curl, httpx or rapidpro-python code",
        ),
        # alt+arrows reach the panes in every terminal and in tmux; alt+digits in most others
        Binding("alt+left", "step_pane(-1)", "Pane left", show=False, priority=True),
        Binding("alt+right", "step_pane(1)", "Pane right", show=False, priority=True),
        Binding("alt+1", "jump('tree')", "Tree pane", show=False, priority=True),
        Binding("alt+2", "jump('form')", "Form pane", show=False, priority=True),
        Binding("alt+3", "jump('answer')", "Answer pane", show=False, priority=True),
        # priority: Input and TextArea take Ctrl+E for "end of line" (End still does that)
        Binding(
            "ctrl+e", "clear_form", "Clear", show=False, priority=True, tooltip="Empty every field"
        ),
        Binding("f4", "history", "History", tooltip="Past requests; Enter fills the form again"),
    ]

    def __init__(
        self,
        catalog: Catalog,
        *,
        monotonic: Callable[[], float],
        now: Callable[[], datetime],
    ) -> None:
        super().__init__(catalog, monotonic=monotonic, now=now)
        self.session: Session | None = None
        self.not_connected: str | None = None  # why there is no session, when connecting failed
        self.answers: dict[str, LastAnswer] = {}  # per operation name, for this profile
        self.early_choice: EndpointTree.OperationSelected | None = None  # before build_panes

    def on_worker_state_changed(self) -> None:
        self.refresh_bindings()  # "cancel" is offered while a request runs

    async def build_panes(self) -> None:
        """Build the panes, then show the operation chosen meanwhile, or the one under the
        tree's cursor."""
        await super().build_panes()
        if (choice := self.early_choice) is not None:
            self.early_choice = None
            await self._operation_selected(choice)
        elif (operation := self.endpoint_tree.cursor_operation) is not None:
            await self._show_operation(operation)

    # -- connecting ---------------------------------------------------------------------------

    @on(SessionConnecting)
    def _session_connecting(self, event: SessionConnecting) -> None:
        self.session = None
        self.not_connected = None
        self.answers.clear()  # another profile: another server's answers
        self.response_pane.clear()
        self.sub_title = f"{event.profile.name} · connecting…"
        self.rate_bar.set_identity(event.profile)
        self.operation_pane.forget_target()

    @on(SessionOpened)
    def _session_opened(self, event: SessionOpened) -> None:
        session = self.session = event.session
        self.sub_title = identity_line(session)
        self.rate_bar.set_identity(session.profile, session.workspace)
        self.rate_bar.update_usage(session.limiter.snapshot())
        self.operation_pane.set_target(session.describe)

    @on(SessionFailed)
    def _session_failed(self, event: SessionFailed) -> None:
        self.sub_title = "not connected · Ctrl+O to choose or fix a profile"
        self.not_connected = event.reason
        self.notify(
            event.reason,  # the header says Ctrl+O fixes it
            title="Not connected",
            severity="error",
            timeout=15,
        )

    # -- choosing an operation ----------------------------------------------------------------

    @on(EndpointTree.OperationSelected)
    async def _operation_selected(self, event: EndpointTree.OperationSelected) -> None:
        if not self.panes_built:
            self.early_choice = event
            return
        await self._show_operation(event.operation)
        if event.chosen:
            if self.has_class("-narrow"):
                self.endpoint_tree.display = False  # give the form the whole width
            self.show_answer(False)
            self.operation_pane.focus_form()

    @on(OperationRequested)
    async def _operation_requested(self, event: OperationRequested) -> None:
        self.endpoint_tree.select_operation(event.operation)
        if not self.panes_built:
            return  # build_panes shows the operation under the tree's cursor
        await self._show_operation(event.operation)
        self.operation_pane.focus_form()

    async def _show_operation(self, operation: Operation) -> None:
        """Show ``operation`` with its own last answer (or an empty response pane)."""
        if self.operation is not None and self.operation.name == operation.name:
            return
        await self.operation_pane.show(operation)
        last = self.answers.get(operation.name)
        if last is None:
            self.response_pane.clear()
            return
        last.show()

    @property
    def shown(self) -> LastAnswer | None:
        """The answer on screen: the last one of the operation shown."""
        return self.answers.get(self.operation.name) if self.operation is not None else None

    def _keep_answer(self, last: LastAnswer) -> bool:
        """Keep ``last`` as its operation's last answer; True when that operation is on screen
        (the caller shows it now), False when it was left meanwhile (shown on its return)."""
        name = operation_name(last.request)
        self.answers[name] = last
        return self.operation is None or self.operation.name == name

    def _answer(self, request: ApiRequest, show: Callable[[], None], page: int = 1) -> bool:
        """Keep ``show`` (see ``_keep_answer``) and show it when its operation is on screen."""
        on_screen = self._keep_answer(LastAnswer(request, page, None, show))
        if on_screen:
            show()
        return on_screen

    # -- the request --------------------------------------------------------------------------

    def action_send(self) -> None:
        """Validate, guard writes, then send in a worker."""
        try:
            request = self.operation_pane.build()
        except ValidationError as error:
            self.operation_pane.reject(error)
            where = "the Request box lists them" if self.form.raw else "they are marked"
            self.notify(f"Not sent: fix the problems first ({where}).", severity="warning")
            return
        if request is None:
            return
        if self.session is None:
            reason = self.not_connected or "Still connecting; try again in a moment."
            self.notify(reason, title="Not sent", severity="warning")
            return
        self.form.show_errors({})
        self._send_guarded(self.session, request)

    def _send_guarded(self, session: Session, request: ApiRequest) -> None:
        """A read-only profile refuses writes; a real workspace asks first."""
        if request.method == "GET" or session.profile.is_sandbox:
            self.send(request)
        elif session.profile.read_only:
            self.notify(
                f"Profile {session.profile.name!r} is read-only: {request.method} is refused. "
                "Edit the profile to allow writes.",
                title="Read-only profile",
                severity="error",
            )
        else:
            from explorer.ui.screens.confirm import ConfirmScreen  # dialogs: imported when needed

            confirm = ConfirmScreen(
                self.operation_pane.target(request),
                workspace=session.workspace or session.profile.name,
            )
            self.app.push_screen(confirm, partial(self._confirmed, request))

    def _confirmed(self, request: ApiRequest, send: bool | None) -> None:
        if send:
            self.send(request)

    @work(exclusive=True, group=REQUEST_GROUP)
    async def send(self, request: ApiRequest) -> None:
        """Send ``request``; the answer, or why there is none, comes back as a message."""
        assert self.session is not None
        self._show_pending(self.session.describe(request))
        await fetch.send(self.session, request)

    def _show_pending(self, sent: RequestDescription) -> None:
        self.show_answer(True)
        headers = dict(sent.headers)
        self.response_pane.show_pending(sent.method, sent.url, headers=headers, body=sent.body)

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, REQUEST_GROUP)

    def _request_running(self) -> bool:
        return any(w.group == REQUEST_GROUP and w.is_running for w in self.workers)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Cancel only while a request runs; the view keys are ``ExplorerLayout``'s to judge."""
        if action == "cancel" and self.panes_built:
            return self._request_running()
        return super().check_action(action, parameters)

    # -- answers ------------------------------------------------------------------------------

    @on(AppEvent)
    def _app_event(self, message: AppEvent) -> None:
        """Show an event of the session, then the rate-limit usage it may have changed."""
        match message.event:
            case Answered() as event:
                self._answered(event)
            case Failed() as event:
                self._answer(event.request, partial(self.response_pane.show_error, event.error))
            case Cancelled() as event:
                self._cancelled(event)
            case Throttled(scope, seconds):
                self.rate_bar.start_countdown(scope, seconds)
            case Waiting() as event:
                self._waiting(event)
            case FetchProgress(pages=pages, items=items):
                self.response_pane.fetch_progress(pages, items)
            case FetchRetrying() as event:
                self.notify(
                    f"{event.error} Asking again in {format_wait(event.delay)}.",
                    title=f"Fetch all: retry {event.attempt}",
                    severity="warning",
                )
            case FetchEnded() as event:
                self._fetch_ended(event)
            case Saved(path, count):
                self.notify(f"Saved {count} items to {path}.")
            case SaveFailed(error=error):
                self.notify(str(error), severity="error")
            case Problem(kind, text):
                self.notify(text, title=PROBLEM_TITLES[kind], severity="warning", timeout=15)
        if self.session is not None:
            self.rate_bar.update_usage(self.session.limiter.snapshot())

    def _answered(self, event: Answered) -> None:
        error = event.response.error
        if error is None:
            show = partial(self.response_pane.show_response, event.response, event.page)
        else:
            show = partial(self.response_pane.show_error, error)
        if self._answer(event.request, show, event.page) and isinstance(error, BadRequest):
            self._mark_fields(error)

    def _mark_fields(self, error: BadRequest) -> None:
        """Put the server's field errors on the form; a narrow screen turns back to the form."""
        if self.operation_pane.reject(error) and self.has_class("-narrow"):
            self.show_answer(False)
            self.notify("The server's objections are marked on the form. F3 shows the answer.")

    def _cancelled(self, event: Cancelled) -> None:
        """Say "cancelled", unless a newer request already replaced the one cancelled."""
        if not self._request_running():
            self._answer(event.request, self.response_pane.show_cancelled)

    def _waiting(self, event: Waiting) -> None:
        self.rate_bar.start_countdown(event.scope, event.seconds)
        self.response_pane.show_waiting(event.seconds)
        self.notify(
            f"Waiting {format_wait(event.seconds)} for the {scope_label(event.scope)} "
            "rate limit before sending. Esc cancels.",
            severity="warning",
        )

    # -- pages, fetch-all, save ---------------------------------------------------------------

    # (handlers named by Textual's convention: ResponsePane's messages need no import here)
    def on_response_pane_next_page_requested(self, event: ResponsePane.NextPageRequested) -> None:
        self._turn_page(event.url, 1)

    def on_response_pane_previous_page_requested(
        self, event: ResponsePane.PreviousPageRequested
    ) -> None:
        self._turn_page(event.url, -1)

    def _turn_page(self, url: str, step: int) -> None:
        if (shown := self.shown) is not None:
            self.follow(shown.request, url, max(shown.page + step, 1))

    @work(exclusive=True, group=REQUEST_GROUP)
    async def follow(self, request: ApiRequest, url: str, page: int) -> None:
        """GET a ``next``/``previous`` link the server gave in answer to ``request``."""
        assert self.session is not None
        self._show_pending(replace(self.session.describe(request), url=url))  # a list's GET
        await fetch.follow(self.session, request, url, page)

    def on_response_pane_fetch_all_requested(self) -> None:
        if self.session is not None and (shown := self.shown) is not None:
            self.response_pane.fetch_started()
            self.fetch_all(fetch.Fetch(self.session, shown.request))

    @work(exclusive=True, group=FETCH_GROUP)
    async def fetch_all(self, crawl: fetch.Fetch) -> None:
        """Follow every ``next``; a 429 pauses it (the countdown shows) rather than ending it; a
        transient failure is asked again; a cancel keeps what came."""
        await crawl.run()

    def _fetch_ended(self, event: FetchEnded) -> None:
        results = event.results or []
        show = partial(self.response_pane.show_collected, results, complete=event.complete)
        shown = results if self._keep_answer(LastAnswer(event.request, 1, results, show)) else None
        failed = event.error is not None
        self.response_pane.fetch_finished(
            event.items, not event.complete, results=shown, failed=failed
        )
        if event.error is None:
            return
        if not results:  # nothing to keep: the error is the answer
            self._answer(event.request, partial(self.response_pane.show_error, event.error))
            return
        self.notify(
            f"{event.error} The {format_count(len(results))} items that came are kept: "
            "s saves them.",
            title=f"Fetch all stopped at page {event.pages + 1}",
            severity="error",
        )

    def on_response_pane_cancel_fetch_requested(self) -> None:
        self.workers.cancel_group(self, FETCH_GROUP)

    def on_response_pane_save_requested(self, event: ResponsePane.SaveRequested) -> None:
        fetched = self.shown.fetched if self.shown is not None else None
        results = fetched if fetched is not None else self._page_results()
        if self.session is not None:
            self.save(self.session, results, event.path)

    def on_results_table_row_opened(self, event: ResultsTable.RowOpened) -> None:
        """A row of the Table tab opens its JSON over the explorer."""
        from explorer.ui.screens.json_item import JsonItemScreen

        self.app.push_screen(JsonItemScreen(event.item, title=f"Row {event.index + 1}"))

    def _page_results(self) -> list[Any]:
        response = self.response_pane.response
        body = response.json() if response is not None else None
        if (results := results_of(body)) is not None:
            return list(results)
        return [body] if body is not None else []

    @work(group="save")
    async def save(self, session: Session, results: list[Any], path: Path) -> None:
        await fetch.save(session, results, path)

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

            self.app.push_screen(ExportScreen(request.method, url, request.body, request.files))

    def action_history(self) -> None:
        """Browse the requests sent so far; the one chosen fills its operation's form again."""
        from explorer.ui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(history_of(self.session)), self._reopen)

    async def _reopen(self, entry: HistoryEntry | None) -> None:
        if entry is None:
            return
        endpoint = self.catalog.endpoint_for_path(entry.path)
        operation = endpoint.operation(entry.method) if endpoint else None
        if operation is None:
            self.notify(f"{entry.method} {entry.path} is not in the catalog.", severity="warning")
            return
        self.endpoint_tree.select_operation(operation)
        await self._show_operation(operation)
        body = body_values(entry.body) if isinstance(entry.body, dict) else {}
        self.form.set_values(parse_query_text(entry.query), body)
        self.show_answer(False)
        self.operation_pane.focus_form()
