"""The explorer's request side: send, follow a page link, fetch all, save, and the answers.

``ExplorerRequests`` builds on ``ExplorerSession``. Workers run the application layer's send,
page, fetch-all and save (``explorer.app.fetch``); the session's events come back as
``AppEvent`` messages, and the handlers below are the only code that shows what they carry.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work

from explorer.app import fetch
from explorer.app.cost import estimate
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
from explorer.app.guard import WriteGuard, write_guard
from explorer.app.session import Session
from explorer.app.spool import Kept, Spool, iter_items, prune_spools, read_items
from explorer.core.client import ApiResponse
from explorer.core.describe import RequestDescription
from explorer.core.errors import BadRequest, ExplorerError, ValidationError
from explorer.core.pagination import results_of
from explorer.core.request import ApiRequest
from explorer.ui.formatting import format_count, format_wait
from explorer.ui.screens.exchange import AppEvent, LastAnswer
from explorer.ui.screens.explorer_session import ExplorerSession
from explorer.ui.widgets.request_preview import problems

if TYPE_CHECKING:
    from explorer.ui.widgets.response_pane import ResponsePane

REQUEST_GROUP = "request"
FETCH_GROUP = "fetch"
FETCH_PREPARE_GROUP = "fetch-prepare"
SHOWN_BYTES = 20_000_000
"""A fetch-all's items shown at most (the Body is instant on 20 MB); the rest stay on disk."""
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
        if (warning := self.operation_pane.warning) is not None:
            self.notify(
                f"The client finds {problems(warning)} (the Request box lists them); raw mode "
                "sends it as typed, so that the server's answer says what it makes of it.",
                title="Raw request",
                severity="warning",
            )
        self.check_names(self.session, request)

    @work(exclusive=True, group=REQUEST_GROUP)
    async def check_names(self, session: Session, request: ApiRequest) -> None:
        """Hold ``request`` back once if it names what the workspace does not have."""
        if unknown := await self.operation_pane.unknown_names(request):
            self.notify(
                f"{'; '.join(unknown)}. Send again to send it anyway (Ctrl+N in the field fetches "
                "the names again).",
                title="Not sent: check the names",
                severity="warning",
            )
            return
        self._send_guarded(session, request)

    def _send_guarded(self, session: Session, request: ApiRequest) -> None:
        """A read-only profile refuses writes; a real workspace asks first."""
        guard = write_guard(session.profile, request)
        if guard is WriteGuard.SEND:
            self.send(request)
        elif guard is WriteGuard.REFUSE:
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
            case Throttled(scope, seconds, learned):
                self.rate_bar.start_countdown(scope, seconds)
                if learned is not None:
                    self._limit_learned(scope, learned)
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
            show = partial(self._show_response, event.response, event.page, event.request)
        else:
            show = partial(self.response_pane.show_error, error)
        if not self._answer(event.request, show, event.page):
            return
        if not (isinstance(error, BadRequest) and self._mark_fields(error)):
            self.answer_arrived()

    def _show_response(self, response: ApiResponse, page: int, request: ApiRequest) -> None:
        """Show ``response``; an empty list for a name the workspace lacks says so."""
        self.response_pane.show_response(response, page)
        lookups = self.form.lookups
        unknown = lookups.unknown(request) if lookups is not None else {}
        if unknown and results_of(response.json()) == []:
            notes = [m for messages in unknown.values() for m in messages]
            self.response_pane.warn(f"Empty, as {'; '.join(notes)}.")

    def _mark_fields(self, error: BadRequest) -> bool:
        """Put the server's field errors on the form, where the focus goes (a narrow screen
        turns back to the form); False when they name no field of it."""
        if not self.operation_pane.reject(error):
            return False
        if self.has_class("-narrow"):
            self.show_answer(False)
            self.notify("The server's objections are marked on the form. F3 shows the answer.")
        return True

    def _cancelled(self, event: Cancelled) -> None:
        """Say "cancelled", unless a newer request already replaced the one cancelled."""
        if not self._request_running():
            self._answer(event.request, self.response_pane.show_cancelled)

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
        response = self.response_pane.response
        if self.session is not None and (shown := self.shown) is not None and response:
            self.prepare_fetch(self.session, shown.request, response)

    @work(exclusive=True, group=FETCH_PREPARE_GROUP)
    async def prepare_fetch(self, session: Session, request: ApiRequest, page: ApiResponse) -> None:
        """Judge the cost from ``page`` and look for an earlier run to resume (off the event
        loop: a database and a file); ask first when either calls for it, else start."""
        store = session.client.history
        spool = Spool(store, session.profile.name, request)
        await asyncio.to_thread(prune_spools, store)
        kept = await asyncio.to_thread(spool.kept)
        cost = estimate(session, request, page)
        if kept is None and not cost.ask_first:
            self._start_fetch(session, request, spool, None)
            return
        from explorer.ui.screens.fetch_all import FetchAllScreen  # dialogs: imported when needed

        target = f"{request.method} {request.endpoint or request.path}"
        dialog = FetchAllScreen(target, cost, kept)
        chosen = partial(self._fetch_chosen, session, request, spool, kept)
        self.app.push_screen(dialog, chosen)

    def _fetch_chosen(
        self,
        session: Session,
        request: ApiRequest,
        spool: Spool,
        kept: Kept | None,
        choice: str | None,
    ) -> None:
        if choice is not None:
            self._start_fetch(session, request, spool, kept if choice == "resume" else None)

    def _start_fetch(
        self, session: Session, request: ApiRequest, spool: Spool, kept: Kept | None
    ) -> None:
        crawl = fetch.Fetch(session, request, spool=spool)
        if kept is not None:
            crawl.resume_kept(kept)
        self.response_pane.fetch_started()
        self.fetch_all(crawl)

    @work(exclusive=True, group=FETCH_GROUP)
    async def fetch_all(self, crawl: fetch.Fetch) -> None:
        """Follow every ``next`` into the spool file; a 429 pauses it (the countdown shows)
        rather than ending it; a transient failure is asked again; a cancel keeps what came, to
        resume later."""
        await crawl.run()

    def _fetch_ended(self, event: FetchEnded) -> None:
        if event.spool is not None and event.items:
            self._read_spool(event, event.spool)
        else:
            self._show_fetched(event, event.results or [], None)

    @work(group="spool-read")
    async def _read_spool(self, event: FetchEnded, spool: Path) -> None:
        """Show the first items of the spool file (past ``SHOWN_BYTES`` the rest stays on disk)."""
        try:
            items = await asyncio.to_thread(read_items, spool, SHOWN_BYTES)
        except ExplorerError as error:
            self.notify(str(error), title="Fetch all", severity="error")
            items = []
        self._show_fetched(event, items, spool)

    def _show_fetched(self, event: FetchEnded, results: list[Any], spool: Path | None) -> None:
        note = ""
        if spool is not None and len(results) < event.items:
            note = (
                f"The first {format_count(len(results))} of the {format_count(event.items)} "
                f"items are shown; all are on disk in {spool} (s saves them all)."
            )
        show = partial(
            self.response_pane.show_collected,
            results,
            complete=event.complete,
            total=event.items,
            note=note,
        )
        on_screen = self._keep_answer(LastAnswer(event.request, 1, results, show, spool))
        failed = event.error is not None
        self.response_pane.fetch_finished(event.items, not event.complete, failed=failed)
        if on_screen:
            show()
        if event.error is None:
            return
        if not event.items:  # nothing to keep: the error is the answer
            self._answer(event.request, partial(self.response_pane.show_error, event.error))
            return
        self.notify(
            f"{event.error} The {format_count(event.items)} items that came are kept: "
            "s saves them; a resumes the fetch.",
            title=f"Fetch all stopped at page {event.pages + 1}",
            severity="error",
        )

    def on_response_pane_cancel_fetch_requested(self) -> None:
        self.workers.cancel_group(self, FETCH_GROUP)

    def on_response_pane_save_requested(self, event: ResponsePane.SaveRequested) -> None:
        """Save what the Body shows: a jq filter's output when one is on, else every item of a
        fetch-all (streamed from its file) or the page's results."""
        if self.session is None:
            return
        view = self.response_pane.views.body_view
        if view.filter_expression:
            self.save_filtered(self.session, view.body.text, view.filter_expression, event.path)
            return
        shown = self.shown
        results: Iterable[Any]
        if shown is not None and shown.spool is not None:
            results = iter_items(shown.spool)  # read in the saving thread: memory stays flat
        elif shown is not None and shown.fetched is not None:
            results = shown.fetched
        else:
            results = self._page_results()
        self.save(self.session, results, event.path)

    def _page_results(self) -> list[Any]:
        response = self.response_pane.response
        body = response.json() if response is not None else None
        if (results := results_of(body)) is not None:
            return list(results)
        return [body] if body is not None else []

    @work(group="save")
    async def save(self, session: Session, results: Iterable[Any], path: Path) -> None:
        await fetch.save(session, results, path)

    @work(group="save")
    async def save_filtered(self, session: Session, text: str, expression: str, path: Path) -> None:
        await fetch.save_filtered(session, text, expression, path)
