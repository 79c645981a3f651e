"""The main screen: pick an operation, fill its form, send it, read the answer.

Its frame and view keys are ``ExplorerLayout``'s. Workers do the I/O (send, follow a page, fetch
all, save) with the coroutines of ``exchange`` and post its messages; the handlers below are the
only code that shows what they carry.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType

from explorer.core.catalog import Catalog, Operation
from explorer.core.describe import credential_header, describer
from explorer.core.errors import BadRequest, ExplorerError, RateLimited, ValidationError
from explorer.core.history import History, HistoryEntry
from explorer.core.pagination import read_envelope, save_results
from explorer.core.request import ApiRequest, body_values, parse_query_text
from explorer.ui.formatting import format_count, format_wait, scope_label
from explorer.ui.messages import (
    OperationRequested,
    SessionConnecting,
    SessionFailed,
    SessionOpened,
)
from explorer.ui.screens import exchange
from explorer.ui.screens.exchange import (
    Answered,
    Cancelled,
    Failed,
    Fetched,
    LastAnswer,
    Outcome,
    Waiting,
    operation_name,
)
from explorer.ui.screens.explorer_layout import ExplorerLayout
from explorer.ui.session import PatientClient, Session, scope_for_path
from explorer.ui.widgets.endpoint_tree import EndpointTree

if TYPE_CHECKING:
    from datetime import datetime

    from explorer.ui.widgets.response_pane import ResponsePane

REQUEST_GROUP = "request"
FETCH_GROUP = "fetch"


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
        self.save_problem_told: str | None = None  # the file-writing problem last reported

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
        session.client.on_wait = self._report_wait
        self.sub_title = identity_line(session)
        self.rate_bar.set_identity(session.profile, session.workspace)
        self.rate_bar.update_usage(session.client.limiter.snapshot())
        self.operation_pane.set_target(describer(session.base_url, session.token.token or ""))
        if session.problem:
            self.notify(session.problem, title="Workspace not reached", severity="warning")

    def _report_wait(self, scope: str, seconds: float) -> None:
        """Called by the client (in a worker) before it waits for room in ``scope``."""
        self.post_message(Waiting(scope, seconds))

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

    def _answer(self, event: Outcome, show: Callable[[], None], page: int = 1) -> bool:
        """Keep ``show`` (see ``_keep_answer``) and show it when its operation is on screen."""
        on_screen = self._keep_answer(LastAnswer(event.request, page, None, show))
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
        self._show_pending(request.method, request.url(self.session.base_url), request.body)
        await exchange.await_answer(
            self.post_message, request, self.session.client.send(request), 1
        )

    def _show_pending(self, method: str, url: str, body: Any) -> None:
        assert self.session is not None
        self.show_answer(True)
        headers = dict([credential_header(self.session.token.token or "")])
        self.response_pane.show_pending(method, url, headers=headers, body=body)

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

    @on(Answered)
    def _answered(self, event: Answered) -> None:
        error = event.response.error
        if error is None:
            show = partial(self.response_pane.show_response, event.response, event.page)
        else:
            show = partial(self.response_pane.show_error, error)
        if self._answer(event, show, event.page) and isinstance(error, BadRequest):
            self._mark_fields(error)
        if isinstance(error, RateLimited):
            scope = scope_for_path(event.response.url, self.catalog)
            self.rate_bar.start_countdown(scope, error.retry_after)
        self._update_usage()

    def _mark_fields(self, error: BadRequest) -> None:
        """Put the server's field errors on the form; a narrow screen turns back to the form."""
        if self.operation_pane.reject(error) and self.has_class("-narrow"):
            self.show_answer(False)
            self.notify("The server's objections are marked on the form. F3 shows the answer.")

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self._answer(event, partial(self.response_pane.show_error, event.error))
        self._update_usage()

    @on(Cancelled)
    def _cancelled(self, event: Cancelled) -> None:
        """Say "cancelled", unless a newer request already replaced the one cancelled."""
        if not self._request_running():
            self._answer(event, self.response_pane.show_cancelled)
            self._update_usage()

    @on(Waiting)
    def _waiting(self, event: Waiting) -> None:
        self.rate_bar.start_countdown(event.scope, event.seconds)
        self.response_pane.show_waiting(event.seconds)
        self.notify(
            f"Waiting {format_wait(event.seconds)} for the {scope_label(event.scope)} "
            "rate limit before sending. Esc cancels.",
            severity="warning",
        )

    def _update_usage(self) -> None:
        """Show the rate-limit usage after a call, and say once if the files that keep it and
        the history could not be written."""
        if self.session is None:
            return
        client = self.session.client
        self.rate_bar.update_usage(client.limiter.snapshot())
        problem = client.history.save_error or client.limiter.save_error
        if problem is not None and problem != self.save_problem_told:
            self.notify(
                f"{problem}. Requests still go out; the history and the hour's count may not "
                "survive a restart.",
                title="Could not save the history or the rate-limit count",
                severity="warning",
                timeout=15,
            )
        self.save_problem_told = problem

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
        self._show_pending("GET", url, None)
        await exchange.await_answer(
            self.post_message, request, self.session.client.get_url(url), page
        )

    def on_response_pane_fetch_all_requested(self) -> None:
        if self.session is not None and (shown := self.shown) is not None:
            self.response_pane.fetch_started()
            self.fetch_all(self.session, shown.request)

    @work(exclusive=True, group=FETCH_GROUP)
    async def fetch_all(self, session: Session, request: ApiRequest) -> None:
        """Follow every ``next`` of ``request``; a 429 pauses it (the countdown shows) rather
        than ending it; a cancel keeps what came."""
        await exchange.fetch_all(self.post_message, PatientClient(session.client), request)

    @on(Fetched)
    def _fetched(self, event: Fetched) -> None:
        if event.results is None:
            self.response_pane.fetch_progress(event.progress.pages, event.progress.items)
        else:
            complete = not event.cancelled
            show = partial(self.response_pane.show_collected, event.results, complete=complete)
            last = LastAnswer(event.request, 1, event.results, show)
            shown = event.results if self._keep_answer(last) else None
            failed = event.error is not None
            self.response_pane.fetch_finished(
                event.progress.items, event.cancelled, results=shown, failed=failed
            )
            if event.error is not None and event.results:
                self.notify(
                    f"{event.error} The {format_count(len(event.results))} items that came "
                    "are kept: s saves them.",
                    title=f"Fetch all stopped at page {event.progress.pages + 1}",
                    severity="error",
                )
        self._update_usage()

    def on_response_pane_cancel_fetch_requested(self) -> None:
        self.workers.cancel_group(self, FETCH_GROUP)

    def on_response_pane_save_requested(self, event: ResponsePane.SaveRequested) -> None:
        fetched = self.shown.fetched if self.shown is not None else None
        results = fetched if fetched is not None else self._page_results()
        self.save(results, event.path)

    def _page_results(self) -> list[Any]:
        response = self.response_pane.response
        body = response.json() if response is not None else None
        if (envelope := read_envelope(body)) is not None:
            return list(envelope.results)
        return [body] if body is not None else []

    @work(thread=True, group="save")
    def save(self, results: list[Any], path: Path) -> None:
        try:
            save_results(results, path)
        except ExplorerError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        self.app.call_from_thread(self.notify, f"Saved {len(results)} items to {path}.")

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
        history = self.session.client.history if self.session else History()
        from explorer.ui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(history.entries()), self._reopen)

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
