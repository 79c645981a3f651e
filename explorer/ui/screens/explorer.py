"""The main screen: endpoint tree | operation (docs, form, preview) | response; rate-limit bar.

Workers do the I/O (send, follow a page, fetch all, save) and post the screen's own messages;
the handlers below are the only code that touches widgets.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header

from explorer.core.catalog import Catalog, Operation
from explorer.core.client import ApiResponse
from explorer.core.errors import BadRequest, ExplorerError, RateLimited, ValidationError
from explorer.core.history import History, HistoryEntry
from explorer.core.pagination import FetchAll, Progress, save_results
from explorer.core.request import ApiRequest, parse_body_text, parse_query_text
from explorer.ui.formatting import format_wait, scope_label
from explorer.ui.messages import (
    OperationRequested,
    SessionConnecting,
    SessionFailed,
    SessionOpened,
)
from explorer.ui.session import PatientClient, Session, scope_for_path
from explorer.ui.widgets.endpoint_tree import EndpointTree
from explorer.ui.widgets.rate_limit_bar import RateLimitBar

if TYPE_CHECKING:  # imported by build_panes, after the first frame
    from explorer.ui.widgets.operation_pane import OperationPane
    from explorer.ui.widgets.param_form import ParamForm
    from explorer.ui.widgets.response_pane import ResponsePane

REQUEST_GROUP = "request"
FETCH_GROUP = "fetch"


@dataclass(frozen=True)
class LastAnswer:
    """What an operation's last request brought, to show it again when the operation is."""

    request: ApiRequest
    page: int
    fetched: list[Any] | None
    show: Callable[[], None]


def operation_name(request: ApiRequest) -> str:
    """The catalog name of the operation ``request`` was built from (``contacts.GET``)."""
    return f"{request.endpoint}.{request.method}"


def identity_line(session: Session) -> str:
    """The header's sub-title: which workspace is live, and where the token came from."""
    workspace = session.workspace or "workspace unknown"
    if session.profile.is_sandbox:
        return f"SANDBOX · {workspace} · local imitation, no real data"
    mode = "read-only" if session.profile.read_only else "LIVE: writes change real data"
    return f"{session.profile.name} · {workspace} · {mode} · token from {session.token.source}"


class ExplorerScreen(Screen[None]):
    """Pick an operation, fill its form, send it, read the answer."""

    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 (Textual declares it as a plain class attribute)
        (0, "-narrow"),
        (120, "-wide"),
    ]
    BINDING_GROUP_TITLE = "Explorer"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "send", "Send", priority=True, tooltip="Send the request"),
        Binding("f5", "send", "Send", show=False, priority=True),
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
        Binding("f3", "flip", "Form/answer", tooltip="Narrow screens: show the form or the answer"),
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

    class Outcome(Message):
        """How ``request`` (the operation's request behind a page or fetch) ended, in a subclass."""

        def __init__(self, request: ApiRequest) -> None:
            super().__init__()
            self.request = request

    class Answered(Outcome):
        """A response came (any status); ``page`` counts pages of one listing."""

        def __init__(self, request: ApiRequest, response: ApiResponse, page: int) -> None:
            super().__init__(request)
            self.response = response
            self.page = page

    class Failed(Outcome):
        """No response: a transport failure, or a refused link."""

        def __init__(self, request: ApiRequest, error: ExplorerError) -> None:
            super().__init__(request)
            self.error = error

    class Cancelled(Outcome):
        """A request was cancelled on its way (Escape): it may have reached the server."""

    class Waiting(Message):
        """A call waits ``seconds`` for room in its rate-limit ``scope``."""

        def __init__(self, scope: str, seconds: float) -> None:
            super().__init__()
            self.scope = scope
            self.seconds = seconds

    class Fetched(Outcome):
        """Fetch-all progress (``results`` None) or its end, with every item that came."""

        def __init__(
            self,
            request: ApiRequest,
            progress: Progress,
            results: list[Any] | None = None,
            cancelled: bool = False,
        ) -> None:
            super().__init__(request)
            self.progress = progress
            self.results = results
            self.cancelled = cancelled

    endpoint_tree = getters.query_one(EndpointTree)
    work_area = getters.query_one("#work-area", Vertical)
    rate_bar = getters.query_one(RateLimitBar)

    def __init__(
        self,
        catalog: Catalog,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.monotonic = monotonic
        self.now = now
        self.session: Session | None = None
        self.not_connected: str | None = None  # why there is no session, when connecting failed
        self.sent: ApiRequest | None = None  # the request behind the response shown
        self.page = 1
        self.fetched: list[Any] | None = None  # every item of the last fetch-all
        self.answers: dict[str, LastAnswer] = {}  # per operation name, for this profile
        self.panes_built = False  # see build_panes
        self.early_choice: EndpointTree.OperationSelected | None = None  # made before that

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        with Horizontal(id="body"):
            yield EndpointTree(self.catalog, id="endpoint-tree")
            yield Vertical(id="work-area")  # the panes come after the first frame: build_panes
        yield RateLimitBar(clock=self.monotonic, id="rate-bar")
        yield Footer()

    def on_worker_state_changed(self) -> None:
        self.refresh_bindings()  # "cancel" is offered while a request runs

    def on_resize(self) -> None:
        self.refresh_bindings()  # "flip" is offered on narrow screens only

    def on_mount(self) -> None:
        self.endpoint_tree.operation_tree.focus()

    async def build_panes(self) -> None:
        """Mount the operation and response panes. The app calls this once the first frame is
        drawn: their few hundred widgets would hold that frame back, and the tree is usable
        without them, as is the first frame without their modules' imports. Then show the
        operation chosen meanwhile, or the one under the cursor."""
        from explorer.ui.widgets.operation_pane import OperationPane
        from explorer.ui.widgets.response_pane import ResponsePane

        operation_pane = OperationPane(self.catalog, now=self.now, id="operation-pane")
        response_pane = ResponsePane(clock=self.monotonic, now=self.now, id="response-pane")
        response_pane.border_title = "Response"
        await self.work_area.mount_all([operation_pane, response_pane])
        self.panes_built = True
        self.refresh_bindings()
        if self.early_choice is not None:
            await self._operation_selected(self.early_choice)
        elif (operation := self.endpoint_tree.cursor_operation) is not None:
            await self._show_operation(operation)

    # -- connecting ---------------------------------------------------------------------------

    @on(SessionConnecting)
    def _session_connecting(self, event: SessionConnecting) -> None:
        self.session = None
        self.not_connected = None
        self.answers.clear()  # another profile: another server's answers
        self.sent, self.fetched = None, None
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
        self.operation_pane.set_target(session.base_url, session.masked_token)
        if session.problem:
            self.notify(session.problem, title="Workspace not reached", severity="warning")

    def _report_wait(self, scope: str, seconds: float) -> None:
        """Called by the client (in a worker) before it waits for room in ``scope``."""
        self.post_message(self.Waiting(scope, seconds))

    @on(SessionFailed)
    def _session_failed(self, event: SessionFailed) -> None:
        self.sub_title = "not connected · Ctrl+O to choose or fix a profile"
        self.not_connected = event.reason
        hint = "" if "ctrl+o" in event.reason.lower() else " Ctrl+O opens the profiles."
        self.notify(
            f"{event.reason}{hint}",
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
            self._show_answer(False)
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
        self.sent, self.page, self.fetched = last.request, last.page, last.fetched
        last.show()

    def _keep_answer(self, last: LastAnswer) -> bool:
        """Keep ``last`` as its operation's last answer; True when that operation is on screen
        (the caller shows it now), False when it was left meanwhile (shown on its return)."""
        name = operation_name(last.request)
        self.answers[name] = last
        on_screen = self.operation is None or self.operation.name == name
        if on_screen:
            self.sent, self.page, self.fetched = last.request, last.page, last.fetched
        return on_screen

    def _answer(self, event: Outcome, show: Callable[[], None], page: int = 1) -> bool:
        """Keep ``show`` (see ``_keep_answer``) and show it when its operation is on screen."""
        on_screen = self._keep_answer(LastAnswer(event.request, page, None, show))
        if on_screen:
            show()
        return on_screen

    @property
    def operation_pane(self) -> OperationPane:
        return cast("OperationPane", self.query_one("#operation-pane"))

    @property
    def response_pane(self) -> ResponsePane:
        return cast("ResponsePane", self.query_one("#response-pane"))

    @property
    def operation(self) -> Operation | None:
        return self.operation_pane.operation

    @property
    def form(self) -> ParamForm:
        return self.operation_pane.form

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
            from explorer.ui.screens.confirm import ConfirmScreen  # (the dialogs: see build_panes)

            confirm = ConfirmScreen(
                request,
                workspace=session.workspace or session.profile.name,
                base_url=session.base_url,
                masked_token=session.masked_token,
            )
            self.app.push_screen(confirm, partial(self._confirmed, request))

    def _confirmed(self, request: ApiRequest, send: bool | None) -> None:
        if send:
            self.send(request)

    @work(exclusive=True, group=REQUEST_GROUP)
    async def send(self, request: ApiRequest) -> None:
        """Send ``request``; the answer, or why there is none, comes back as a message."""
        assert self.session is not None
        self.sent, self.fetched = request, None
        self._show_pending(request.method, request.url(self.session.base_url), request.body)
        await self._exchange(request, self.session.client.send(request), page=1)

    def _show_pending(self, method: str, url: str, body: Any) -> None:
        assert self.session is not None
        self._show_answer(True)
        headers = {"Authorization": f"Token {self.session.token.token or ''}"}
        self.response_pane.show_pending(method, url, headers=headers, body=body)

    async def _exchange(self, request: ApiRequest, call: Any, page: int) -> None:
        try:
            response = await call
        except ExplorerError as error:
            self.post_message(self.Failed(request, error))
        except asyncio.CancelledError:
            self.post_message(self.Cancelled(request))
            raise
        else:
            self.post_message(self.Answered(request, response, page))

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, REQUEST_GROUP)

    def _request_running(self) -> bool:
        return any(w.group == REQUEST_GROUP and w.is_running for w in self.workers)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Cancel only while a request runs; flip only when the panes share the space; until
        the panes are built, only the tree's keys work (and are in the footer)."""
        if not self.panes_built and action != "find":
            return False
        if action == "cancel":
            return self._request_running()
        if action == "flip":
            return self.has_class("-narrow")
        if action == "clear_form":  # elsewhere (the jq filter) Ctrl+E keeps its editing meaning
            return self.operation_pane.has_focus_within
        return True

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
            self._show_answer(False)
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
        if self.session is not None:
            self.rate_bar.update_usage(self.session.client.limiter.snapshot())

    # -- pages, fetch-all, save ---------------------------------------------------------------

    # (handlers named by Textual's convention: ResponsePane's messages need no import here)
    def on_response_pane_next_page_requested(self, event: ResponsePane.NextPageRequested) -> None:
        self._turn_page(event.url, 1)

    def on_response_pane_previous_page_requested(
        self, event: ResponsePane.PreviousPageRequested
    ) -> None:
        self._turn_page(event.url, -1)

    def _turn_page(self, url: str, step: int) -> None:
        if self.sent is not None:
            self.follow(self.sent, url, max(self.page + step, 1))

    @work(exclusive=True, group=REQUEST_GROUP)
    async def follow(self, request: ApiRequest, url: str, page: int) -> None:
        """GET a ``next``/``previous`` link the server gave in answer to ``request``."""
        assert self.session is not None
        self._show_pending("GET", url, None)
        await self._exchange(request, self.session.client.get_url(url), page=page)

    def on_response_pane_fetch_all_requested(self) -> None:
        if self.session is not None and self.sent is not None:
            self.response_pane.fetch_started()
            self.fetch_all(self.session, self.sent)

    @work(exclusive=True, group=FETCH_GROUP)
    async def fetch_all(self, session: Session, request: ApiRequest) -> None:
        """Follow every ``next`` of ``request``, reporting progress; a 429 pauses it (the
        countdown shows) rather than ending it; a cancel keeps what came."""
        progressed = partial(self._report_progress, request)
        crawl = FetchAll(PatientClient(session.client), request, on_progress=progressed)
        try:
            await crawl.run()
        except ExplorerError as error:
            self._post_fetched(request, crawl, cancelled=True)  # keep what came, then say why
            self.post_message(self.Failed(request, error))
            return
        except asyncio.CancelledError:
            self._post_fetched(request, crawl, cancelled=True)
            raise
        self._post_fetched(request, crawl, cancelled=False)

    def _report_progress(self, request: ApiRequest, progress: Progress) -> None:
        self.post_message(self.Fetched(request, progress))

    def _post_fetched(self, request: ApiRequest, crawl: FetchAll, cancelled: bool) -> None:
        progress = Progress(crawl.pages, len(crawl.results), crawl.cursor)
        self.post_message(self.Fetched(request, progress, crawl.results, cancelled))

    @on(Fetched)
    def _fetched(self, event: Fetched) -> None:
        if event.results is None:
            self.response_pane.fetch_progress(event.progress.pages, event.progress.items)
        else:
            complete = not event.cancelled
            show = partial(self.response_pane.show_collected, event.results, complete=complete)
            last = LastAnswer(event.request, 1, event.results, show)
            shown = event.results if self._keep_answer(last) else None
            self.response_pane.fetch_finished(event.progress.items, event.cancelled, results=shown)
        self._update_usage()

    def on_response_pane_cancel_fetch_requested(self) -> None:
        self.workers.cancel_group(self, FETCH_GROUP)

    def on_response_pane_save_requested(self, event: ResponsePane.SaveRequested) -> None:
        results = self.fetched if self.fetched is not None else self._page_results()
        self.save(results, event.path)

    def _page_results(self) -> list[Any]:
        response = self.response_pane.response
        body = response.json() if response is not None else None
        if isinstance(body, dict) and isinstance(body.get("results"), list):
            return list(body["results"])
        return [body] if body is not None else []

    @work(thread=True, group="save")
    def save(self, results: list[Any], path: Path) -> None:
        try:
            save_results(results, path)
        except ExplorerError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        self.app.call_from_thread(self.notify, f"Saved {len(results)} items to {path}.")

    # -- view keys ----------------------------------------------------------------------------

    def action_toggle_tree(self) -> None:
        self.endpoint_tree.display = not self.endpoint_tree.display
        if not self.endpoint_tree.display and self.endpoint_tree.has_focus_within:
            self.operation_pane.focus_form()

    def action_find(self) -> None:
        """Focus the endpoint filter, its text selected: typing starts a new search."""
        self.endpoint_tree.display = True
        self.endpoint_tree.filter_input.focus()
        self.endpoint_tree.filter_input.select_all()

    def action_toggle_raw(self) -> None:
        if not self.form.toggle_raw():
            self.notify(
                "Still raw: the form cannot hold what is typed (see above).", severity="warning"
            )

    def action_clear_form(self) -> None:
        self.form.clear_values()

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

            self.app.push_screen(ExportScreen(request.method, url, request.body))

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
        body = parse_body_text(json.dumps(entry.body)) if isinstance(entry.body, dict) else {}
        self.form.set_values(parse_query_text(entry.query), body)
        self._show_answer(False)
        self.operation_pane.focus_form()

    def action_step_pane(self, step: int) -> None:
        """Move the focus to the pane left or right of the focused one (tree, form, answer)."""
        panes = ["tree", "form", "answer"]
        here = self.endpoint_tree.has_focus_within, self.operation_pane.has_focus_within
        current = 0 if here[0] else 1 if here[1] else 2
        self.action_jump(panes[min(max(current + step, 0), 2)])

    def action_jump(self, pane: str) -> None:
        """Put the focus straight into the tree, the form or the answer (no Tab walk)."""
        if pane == "tree":
            self.endpoint_tree.display = True
            self.endpoint_tree.operation_tree.focus()
        elif pane == "form":
            self._show_answer(False)
            self.operation_pane.focus_form()
        else:
            self._show_answer(True)
            self._focus_shown(answer=True)

    def action_flip(self) -> None:
        self._show_answer(not self.has_class("-answer"))

    def _show_answer(self, shown: bool) -> None:
        """On a narrow screen the form and the answer share the space: show one of them."""
        self.set_class(shown, "-answer")
        if self.has_class("-narrow"):
            self.call_after_refresh(self._focus_shown, shown)

    def _focus_shown(self, answer: bool) -> None:
        """Keep the focus on the pane that is shown, never in a hidden one."""
        if answer and not self.response_pane.has_focus_within:
            focusable = [w for w in self.response_pane.query("*") if w.focusable]
            if focusable:
                focusable[0].focus()
        elif not answer and self.response_pane.has_focus_within:
            self.operation_pane.focus_form()

    def action_zoom(self) -> None:
        """Let the focused pane fill the screen (Textual's maximize), or restore the layout."""
        if self.maximized is not None:
            self.minimize()
            return
        panes = [self.endpoint_tree, self.operation_pane, self.response_pane]
        self.maximized = next((p for p in panes if p.has_focus_within), self.response_pane)
