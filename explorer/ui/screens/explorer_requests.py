"""The explorer's request side: send, follow a page link, fetch all, save, and the answers.

``ExplorerRequests`` builds on ``ExplorerSession``. Workers run the application layer's send,
page, fetch-all and save (``explorer.app.fetch``); the session's events come back as
``AppEvent`` messages, and the handlers below are the only code that shows what they carry.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work

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
from explorer.app.session import Session
from explorer.core.describe import RequestDescription
from explorer.core.errors import BadRequest, ValidationError
from explorer.core.pagination import results_of
from explorer.core.request import ApiRequest
from explorer.ui.formatting import format_count, format_wait, scope_label
from explorer.ui.screens.exchange import AppEvent, LastAnswer
from explorer.ui.screens.explorer_session import ExplorerSession

if TYPE_CHECKING:
    from explorer.ui.widgets.response_pane import ResponsePane

REQUEST_GROUP = "request"
FETCH_GROUP = "fetch"
PROBLEM_TITLES = {
    ProblemKind.WORKSPACE_UNREACHED: "Workspace not reached",
    ProblemKind.STATE_NOT_SAVED: "Could not save the history or the rate-limit count",
    ProblemKind.KEYRING_UNAVAILABLE: "Keyring unavailable",
}


class ExplorerRequests(ExplorerSession):
    """Send the form's request, turn pages, fetch all, save, and show what comes back."""

    def on_worker_state_changed(self) -> None:
        self.refresh_bindings()  # "cancel" is offered while a request runs

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
        self.remember_focus()
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
        if not self._answer(event.request, show, event.page):
            return
        self.answer_arrived()
        if isinstance(error, BadRequest):
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

    def _page_results(self) -> list[Any]:
        response = self.response_pane.response
        body = response.json() if response is not None else None
        if (results := results_of(body)) is not None:
            return list(results)
        return [body] if body is not None else []

    @work(group="save")
    async def save(self, session: Session, results: list[Any], path: Path) -> None:
        await fetch.save(session, results, path)
