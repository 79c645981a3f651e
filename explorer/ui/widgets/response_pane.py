"""ResponsePane: the status of the last answer over its ``ResponseTabs``, plus fetch-all and save.

The explorer screen drives it with methods and listens to its messages; it never does I/O::

    pane.show_pending("GET", url, headers=client_headers, body=None)  # before sending
    pane.show_waiting(seconds)          # the pending request waits for its rate limit (countdown)
    pane.show_response(response, page_number=1)                      # an ApiResponse
    pane.show_error(error)                                           # any ExplorerError
    pane.show_cancelled()                                            # Esc while it was on its way
    pane.fetch_started() / fetch_progress(pages, items)
    pane.fetch_finished(items, cancelled, results=all_items)  # results: shown as one body

    @on(ResponsePane.NextPageRequested)      -> client.get_url(event.url), then show_response
    @on(ResponsePane.PreviousPageRequested)  -> idem
    @on(ResponsePane.FetchAllRequested)      -> start the fetch-all worker
    @on(ResponsePane.CancelFetchRequested)   -> cancel that worker
    @on(ResponsePane.SaveRequested)          -> write event.path (absolute) through the saver

The pane owns the status line, the note, the pending countdown, the fetch progress, the save
prompt and the keys (b, e, t, h, r switch tabs); ``ResponseTabs`` owns everything about showing
the body (Body, Tree, Table, Headers, Request). ``clock`` (monotonic seconds) and ``now`` (wall
time, for save names) are injectable for deterministic tests.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from explorer.core import errors, paths
from explorer.core.client import ApiResponse
from explorer.ui import formatting as fmt
from explorer.ui.display import content
from explorer.ui.widgets.answer_path import AnswerPath
from explorer.ui.widgets.fetch_progress import FetchProgress
from explorer.ui.widgets.response_tabs import ResponseTabs
from explorer.ui.widgets.save_prompt import SavePrompt

Clock = Callable[[], float]
_STATUS_CLASSES = ("-success", "-redirect", "-warning", "-error", "-pending")


class ResponsePane(Vertical):
    """The right-hand (or lower) pane of the explorer: the last response and what to do next."""

    BINDING_GROUP_TITLE = "Response"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right_square_bracket", "next_page", "Next page", tooltip="Fetch the next page"),
        Binding("left_square_bracket", "previous_page", "Prev page", tooltip="The previous page"),
        Binding("a", "fetch_all", "Fetch all", tooltip="Follow every next link"),
        Binding("s", "save", "Save", tooltip="Save the results as JSON, JSON Lines or CSV"),
        # priority: the focused body view would otherwise take Escape for its own prompt
        Binding("escape", "cancel_fetch", "Cancel fetch", priority=True),
        Binding("b", "show_tab('body')", "Body tab", show=False),
        Binding("e", "show_tab('tree')", "Tree tab", show=False),
        Binding("t", "show_tab('table')", "Table tab", show=False),
        Binding("h", "show_tab('headers')", "Headers tab", show=False),
        Binding("r", "show_tab('request')", "Request tab", show=False),
    ]

    class PaneMessage(Message):
        """A request from the pane to its screen; ``control`` (and ``pane``) is the pane."""

        def __init__(self, pane: ResponsePane) -> None:
            super().__init__()
            self.pane = pane

        @property
        def control(self) -> ResponsePane:
            return self.pane

    class NextPageRequested(PaneMessage):
        """The person asked for the page at ``url`` (the response's ``next``)."""

        def __init__(self, pane: ResponsePane, url: str) -> None:
            super().__init__(pane)
            self.url = url

    class PreviousPageRequested(NextPageRequested):
        """The person asked for the page at ``url`` (the response's ``previous``)."""

    class FetchAllRequested(PaneMessage):
        """Fetch every page from the one shown, following ``next``."""

        def __init__(self, pane: ResponsePane, url: str) -> None:
            super().__init__(pane)
            self.url = url
            """The URL of the page shown, where the fetch starts."""

    class CancelFetchRequested(PaneMessage):
        """Stop the running fetch-all."""

    class SaveRequested(PaneMessage):
        """Write the results (all fetched pages, or the page shown) to ``path``."""

        def __init__(self, pane: ResponsePane, path: Path) -> None:
            super().__init__(pane)
            self.path = path

    status_code = getters.query_one("#status-code", Label)
    status_details = getters.query_one("#status-details", Label)
    note = getters.query_one("#response-note", Static)
    views = getters.query_one(ResponseTabs)
    fetch = getters.query_one(FetchProgress)
    save_prompt = getters.query_one(SavePrompt)

    def __init__(
        self,
        *,
        clock: Clock = time.monotonic,
        now: Callable[[], datetime] = datetime.now,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._clock = clock
        self._now = now
        self._pending_since: float | None = None  # in the future while a rate-limit wait lasts
        self._pending_timer: Timer | None = None
        self._focus_before_save: Widget | None = None
        self.response: ApiResponse | None = None
        """The response shown, if any."""
        self.previous_url: str | None = None
        self.next_url: str | None = None
        self.resumable = False
        """The pages of a stopped fetch-all are shown: fetch all again may resume it."""

    def compose(self) -> ComposeResult:
        yield AnswerPath()
        with Horizontal(id="status-line"):
            yield Label("", id="status-code")
            yield Label("Send a request to see the answer here.", id="status-details")
        yield Static("", id="response-note")
        yield ResponseTabs()
        yield FetchProgress(clock=self._clock)
        yield SavePrompt()

    # -- what the screen calls ------------------------------------------------------------

    def show_pending(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        body: Any = None,
    ) -> None:
        """Say a request is on its way, counting seconds, and show it in the Request tab."""
        self.clear()
        self._set_status("…", "-pending")
        self.views.show_request(method, url, headers=headers, body=body)
        self._pending_since = self._clock()
        self._pending_timer = self.set_interval(0.25, self._show_pending_time)
        self._show_pending_time()

    def show_waiting(self, seconds: float) -> None:
        """The pending request waits ``seconds`` for room in its rate limit: count that down
        (``waiting for the rate limit (59:51) — Esc to cancel``), then count the sending time.
        During a fetch-all the fetch line says it instead, and the page shown stays."""
        if self.fetch.running:
            self.fetch.wait(seconds)
            return
        if self._pending_since is None:
            self._set_status("…", "-pending")
            self._pending_timer = self.set_interval(0.25, self._show_pending_time)
        self._pending_since = self._clock() + seconds
        self._show_pending_time()

    def show_response(self, response: ApiResponse, page_number: int | None = None) -> None:
        """Show any answer: JSON or not, success or error status, empty or huge."""
        self._stop_pending()
        self.response = response
        paging = self.views.show_response(response)
        self.previous_url, self.next_url = paging.previous_url, paging.next_url
        self.resumable = False
        self._set_status(f"{response.status} {response.reason}", fmt.status_class(response.status))
        details = fmt.status_details(
            response.elapsed,
            response.size,
            page_number if paging.is_page else None,
            previous=self.previous_url is not None,
            following=self.next_url is not None,
        )
        if response.size and not self.views.is_json:
            kind = response.json_problem or fmt.not_json_label(response.headers.get("Content-Type"))
            details += " · " + kind
        self.status_details.update(content(details))  # the content type is the server's
        self._set_note(fmt.body_note(response.status, response.size), "-info")
        if paging.problem:  # a link that cannot be followed: the page stays, without it
            self._set_note(paging.problem, "-warning")
        self.refresh_bindings()

    def warn(self, text: str) -> None:
        """Our note on the answer shown (an empty list for a name that matches nothing)."""
        self._set_note(text, "-warning")

    def show_error(self, error: errors.ExplorerError) -> None:
        """An HTTP error shows its response plus a one-line why; anything else says what to do."""
        if isinstance(error, errors.HTTPStatusError):
            self.show_response(error.response)
            self._set_note(fmt.error_note(error), fmt.status_class(error.status))
            return
        no_answer = isinstance(error, errors.TransportError)
        self._show_failure(fmt.failure_label(error), str(error), no_answer=no_answer)

    def show_cancelled(self) -> None:
        """The request was cancelled on its way: it may have reached the server."""
        self._show_failure(
            fmt.CANCELLED,
            "Cancelled before the answer came; the server may still have acted on it.",
            no_answer=True,
        )

    def clear(self) -> None:
        """Back to the empty pane (before the first request, or on a new operation)."""
        self._stop_pending()
        self.response = None
        self.previous_url = self.next_url = None
        self.resumable = False
        self._set_status("", "")
        self.status_details.update("Send a request to see the answer here.")
        self._set_note("", "-info")
        self.views.clear()
        self.save_prompt.display = False
        self.fetch.display = self.fetch.running
        self.refresh_bindings()

    def fetch_started(self) -> None:
        """A fetch-all began: show its progress and a Cancel button."""
        self.fetch.start()
        self.refresh_bindings()

    def fetch_progress(self, pages: int, items: int, total: int | None = None) -> None:
        """``pages`` pages / ``items`` items fetched so far (of ``total`` if the server said)."""
        self.fetch.advance(pages, items, total)

    def fetch_finished(
        self, items: int, cancelled: bool, results: list[Any] | None = None, failed: bool = False
    ) -> None:
        """The fetch-all ended (complete, cancelled, or ``failed``: stopped by an error); offer to
        save, and show ``results`` (every item fetched) as one body, so jq, the Tree and the Table
        work over the whole listing."""
        self.fetch.finish(items, cancelled, failed)
        if results is not None:
            self.show_collected(results, complete=not cancelled)
        self.refresh_bindings()

    def show_collected(
        self, results: list[Any], *, complete: bool = True, total: int | None = None, note: str = ""
    ) -> None:
        """Show ``results`` as the body ``{"results": [...]}`` (the list is shared, not copied);
        ``complete`` False: the fetch was cancelled, these are the pages that came; ``total``:
        the items fetched, when only the first ones are shown (``note`` says where the rest are)."""
        self.previous_url = self.next_url = None
        self.resumable = not complete and self.response is not None  # its first page's
        self._set_status("all pages" if complete else "pages so far", "-success")
        fetched = len(results) if total is None else total
        self.status_details.update(f"{fmt.format_count(fetched)} items fetched")
        self._set_note(note, "-info")
        self.views.show_collected(results)
        self.refresh_bindings()

    # -- keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that cannot act now are dimmed in the key bar (None) or skipped (False)."""
        available = {
            "next_page": self.next_url is not None and not self.fetch.running,
            "previous_page": self.previous_url is not None and not self.fetch.running,
            "fetch_all": (self.next_url is not None or self.resumable) and not self.fetch.running,
            "save": self.views.is_json and not self.fetch.running,
        }
        if action in available:
            return True if available[action] else None
        if action == "cancel_fetch":  # an open search prompt keeps its own Escape
            return self.fetch.running and not isinstance(self.screen.focused, Input)
        return True

    def action_next_page(self) -> None:
        if self.next_url:
            self.post_message(self.NextPageRequested(self, self.next_url))

    def action_previous_page(self) -> None:
        if self.previous_url:
            self.post_message(self.PreviousPageRequested(self, self.previous_url))

    def action_fetch_all(self) -> None:
        if self.response is not None:
            self.post_message(self.FetchAllRequested(self, self.response.url))

    def action_cancel_fetch(self) -> None:
        self.post_message(self.CancelFetchRequested(self))

    def action_save(self) -> None:
        """Ask where to save, proposing ``<endpoint>-<date>-<time>.json`` in the downloads dir;
        with a jq filter on, what the filter shows is saved."""
        url = self.response.url if self.response else ""
        name = fmt.default_save_name(url, self._now())
        expression = self.views.body_view.filter_expression
        what = f"the output of jq {expression}" if expression else "the results"
        self._focus_before_save = self.screen.focused
        self.save_prompt.open(paths.downloads_dir() / name, what)
        self.refresh_bindings()

    @on(SavePrompt.Closed)
    def _close_save_prompt(self) -> None:
        """Give the focus back to where it was before the prompt."""
        if self._focus_before_save is not None:
            self._focus_before_save.focus()
        self._focus_before_save = None
        self.refresh_bindings()

    def action_show_tab(self, tab: str) -> None:
        """Show ``tab`` and move the focus into it, so the pane's keys keep working."""
        self.views.show(tab)

    def focus_answer(self) -> None:
        """Focus the view of the tab shown (the body, usually): its keys (/, f, y) work at once."""
        self.views.focus_view()

    # -- events ---------------------------------------------------------------------------

    @on(SavePrompt.Chosen)
    def _save_to(self, event: SavePrompt.Chosen) -> None:
        event.stop()
        self.post_message(self.SaveRequested(self, event.path))
        self._close_save_prompt()

    @on(Button.Pressed, "#cancel-fetch")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel_fetch()

    # -- helpers --------------------------------------------------------------------------

    def _set_status(self, text: str, css_class: str) -> None:
        self.status_code.update(content(text))
        self.status_code.remove_class(*_STATUS_CLASSES)
        if css_class:
            self.status_code.add_class(css_class)

    def _set_note(self, text: str, css_class: str) -> None:
        self.note.update(content(text, multiline=True))
        self.note.set_classes(css_class)
        self.note.display = bool(text)

    def _show_failure(self, label: str, why: str, *, no_answer: bool) -> None:
        self._stop_pending()
        self.response = None
        self.previous_url = self.next_url = None
        self.resumable = False
        self._set_status(label, "-error")
        self.status_details.update("The request got no answer." if no_answer else "")
        self._set_note(why, "-error")
        self.views.clear_answer()
        self.refresh_bindings()

    def _show_pending_time(self) -> None:
        if self._pending_since is None:
            return
        now = self._clock()
        if now < self._pending_since:  # a rate-limit wait: sending starts when it ends
            self.status_details.update(fmt.waiting_text(self._pending_since - now))
            return
        elapsed = fmt.format_duration(now - self._pending_since)
        self.status_details.update(f"sending… {elapsed}")

    def _stop_pending(self) -> None:
        if self._pending_timer is not None:
            self._pending_timer.stop()
        self._pending_timer = None
        self._pending_since = None
