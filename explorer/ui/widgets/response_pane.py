"""ResponsePane: what the server answered, as a status line and five tabs, plus fetch-all and save.

The explorer screen drives it with methods and listens to its messages; it never does I/O::

    pane.show_pending("GET", url, headers=client_headers, body=None)  # before sending
    pane.show_response(response, page_number=1)                      # an ApiResponse
    pane.show_error(error)                                           # any ExplorerError
    pane.fetch_started() / fetch_progress(pages, items) / fetch_finished(items, cancelled)

    @on(ResponsePane.NextPageRequested)      -> client.get_url(event.url), then show_response
    @on(ResponsePane.PreviousPageRequested)  -> idem
    @on(ResponsePane.FetchAllRequested)      -> start the fetch-all worker
    @on(ResponsePane.CancelFetchRequested)   -> cancel that worker
    @on(ResponsePane.SaveRequested)          -> write event.path through pagination's saver

Tabs: Body (``JsonView``; a non-JSON body shows as text with a note), Tree (``JsonTree``), Table
(``ResultsTable``; a row opens its JSON), Headers, Request (token masked). ``clock`` (monotonic
seconds) and ``now`` (wall time, for save names) are injectable for deterministic tests.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

import httpx
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, TabbedContent, TabPane

from explorer.core import errors
from explorer.core.client import ApiResponse
from explorer.ui import formatting as fmt
from explorer.ui.screens.json_item import JsonItemScreen
from explorer.ui.widgets.fetch_progress import FetchProgress
from explorer.ui.widgets.json_tree import JsonTree
from explorer.ui.widgets.json_view import JsonView
from explorer.ui.widgets.results_table import ResultsTable

Clock = Callable[[], float]
_STATUS_CLASSES = ("-success", "-redirect", "-warning", "-error", "-pending")


class ResponsePane(Vertical):
    """The right-hand (or lower) pane of the explorer: the last response and what to do next."""

    BINDING_GROUP_TITLE = "Response"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right_square_bracket", "next_page", "Next page", tooltip="Fetch the next page"),
        Binding("left_square_bracket", "previous_page", "Prev page", tooltip="The previous page"),
        Binding("a", "fetch_all", "Fetch all", tooltip="Follow every next link"),
        Binding("s", "save", "Save", tooltip="Save the results to a JSON file"),
        # priority: the focused body view would otherwise take Escape for its own prompt
        Binding("escape", "cancel_fetch", "Cancel fetch", priority=True),
        Binding("escape", "close_save_prompt", "Close the save prompt", show=False),
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
    tabs = getters.query_one("#response-tabs", TabbedContent)
    body_view = getters.query_one("#body-view", JsonView)
    tree_view = getters.query_one("#tree-view", JsonTree)
    results = getters.query_one("#results-table", ResultsTable)
    table_note = getters.query_one("#table-note", Static)
    headers_text = getters.query_one("#headers-text", Static)
    request_text = getters.query_one("#request-text", Static)
    fetch = getters.query_one(FetchProgress)
    save_prompt = getters.query_one("#save-path", Input)

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
        self._pending_since: float | None = None
        self._pending_timer: Timer | None = None
        self._request_shown = False  # show_pending filled the Request tab for the next response
        self._focus_before_save: Widget | None = None
        self._table_rows: list[Any] | None = None
        self._table_stale = False  # rows arrived that the Table tab has not tabulated yet
        self.response: ApiResponse | None = None
        """The response shown, if any."""
        self.previous_url: str | None = None
        self.next_url: str | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="status-line"):
            yield Label("", id="status-code")
            yield Label("Send a request to see the answer here.", id="status-details")
        yield Static("", id="response-note")
        with TabbedContent(id="response-tabs"):
            with TabPane("Body", id="body"):
                yield JsonView(id="body-view")
            with TabPane("Tree", id="tree"):
                yield JsonTree(id="tree-view")
            with TabPane("Table", id="table"):
                yield Static("", id="table-note")
                yield ResultsTable(id="results-table")
            with TabPane("Headers", id="headers"), VerticalScroll():
                yield Static("", id="headers-text")
            with TabPane("Request", id="request"), VerticalScroll():
                yield Static("", id="request-text")
        yield FetchProgress(clock=self._clock)
        yield Input(id="save-path", placeholder="file to save the results to")

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
        self.request_text.update(_request_content(method, url, (headers or {}).items(), body))
        self._pending_since = self._clock()
        self._request_shown = True
        self._pending_timer = self.set_interval(0.25, self._show_waiting)
        self._show_waiting()

    def show_response(self, response: ApiResponse, page_number: int | None = None) -> None:
        """Show any answer: JSON or not, success or error status, empty or huge."""
        self._stop_pending()
        self.response = response
        body = response.json() if response.is_json else None
        self.previous_url, self.next_url = fmt.page_links(body)
        self._set_status(f"{response.status} {response.reason}", fmt.status_class(response.status))
        self.status_details.update(
            fmt.status_details(
                response.elapsed,
                response.size,
                page_number,
                previous=self.previous_url is not None,
                following=self.next_url is not None,
            )
        )
        self._set_note(fmt.body_note(response.status, response.size), "-info")
        if response.raw:
            self.body_view.load(response.text, response.headers.get("Content-Type"))
        else:
            self.body_view.clear()
        self.tree_view.load(body if response.is_json else None)
        self._set_table_rows(fmt.table_rows(body) if response.is_json else None)
        self.headers_text.update(_header_content(_as_sent(response.headers)))
        if not self._request_shown:
            self.request_text.update(_request_content(response.method, response.url, (), None))
        self._request_shown = False
        self.refresh_bindings()

    def show_error(self, error: errors.ExplorerError) -> None:
        """An HTTP error shows its response plus a one-line why; anything else says what to do."""
        if isinstance(error, errors.HTTPStatusError):
            self.show_response(error.response)
            self._set_note(str(error), fmt.status_class(error.status))
            return
        self._stop_pending()
        self.response = None
        self.previous_url = self.next_url = None
        self._set_status(fmt.failure_label(error), "-error")
        no_answer = isinstance(error, errors.TransportError)
        self.status_details.update("The request got no answer." if no_answer else "")
        self._set_note(str(error), "-error")
        self._clear_views()
        self.refresh_bindings()

    def clear(self) -> None:
        """Back to the empty pane (before the first request, or on a new operation)."""
        self._stop_pending()
        self.response = None
        self.previous_url = self.next_url = None
        self._set_status("", "")
        self.status_details.update("Send a request to see the answer here.")
        self._set_note("", "-info")
        self._clear_views()
        self.request_text.update("")
        self._request_shown = False
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

    def fetch_finished(self, items: int, cancelled: bool) -> None:
        """The fetch-all ended (complete or cancelled); offer to save."""
        self.fetch.finish(items, cancelled)
        self.refresh_bindings()

    # -- keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that cannot act now are dimmed in the footer (None) or skipped (False)."""
        available = {
            "next_page": self.next_url is not None and not self.fetch.running,
            "previous_page": self.previous_url is not None and not self.fetch.running,
            "fetch_all": self.next_url is not None and not self.fetch.running,
            "save": self.response is not None and self.response.is_json and not self.fetch.running,
        }
        if action in available:
            return True if available[action] else None
        if action == "cancel_fetch":  # an open search prompt keeps its own Escape
            return self.fetch.running and not isinstance(self.screen.focused, Input)
        if action == "close_save_prompt":
            return bool(self.save_prompt.display)
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
        """Ask where to save, suggesting ``<endpoint>-<date>-<time>.json`` here."""
        url = self.response.url if self.response else ""
        self.save_prompt.value = fmt.default_save_name(url, self._now())
        self.save_prompt.border_title = "Save the results to (Enter saves, Esc cancels)"
        self._focus_before_save = self.screen.focused
        self.save_prompt.display = True
        self.save_prompt.focus()
        self.refresh_bindings()

    def action_close_save_prompt(self) -> None:
        """Hide the prompt and give the focus back to where it was."""
        self.save_prompt.display = False
        if self._focus_before_save is not None:
            self._focus_before_save.focus()
        self._focus_before_save = None
        self.refresh_bindings()

    def action_show_tab(self, tab: str) -> None:
        """Show ``tab`` and move the focus into it, so the pane's keys keep working."""
        self.tabs.active = tab
        self.call_after_refresh(self._focus_tab, tab)

    def _focus_tab(self, tab: str) -> None:
        pane = self.tabs.get_pane(tab)
        target = next((widget for widget in pane.query("*") if widget.focusable), None)
        if target is not None:
            target.focus()

    # -- events ---------------------------------------------------------------------------

    @on(Input.Submitted, "#save-path")
    def _save_to(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.post_message(self.SaveRequested(self, Path(event.value.strip()).expanduser()))
            self.action_close_save_prompt()

    @on(Button.Pressed, "#cancel-fetch")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel_fetch()

    @on(ResultsTable.RowOpened)
    def _open_row(self, event: ResultsTable.RowOpened) -> None:
        event.stop()
        self.app.push_screen(JsonItemScreen(event.item, title=f"Row {event.index + 1}"))

    # -- helpers --------------------------------------------------------------------------

    def _set_status(self, text: str, css_class: str) -> None:
        self.status_code.update(text)
        self.status_code.remove_class(*_STATUS_CLASSES)
        if css_class:
            self.status_code.add_class(css_class)

    def _set_note(self, text: str, css_class: str) -> None:
        self.note.update(text)
        self.note.set_classes(css_class)
        self.note.display = bool(text)

    def _show_waiting(self) -> None:
        if self._pending_since is None:
            return
        elapsed = fmt.format_duration(self._clock() - self._pending_since)
        self.status_details.update(f"sending… {elapsed}")

    def _stop_pending(self) -> None:
        if self._pending_timer is not None:
            self._pending_timer.stop()
        self._pending_timer = None
        self._pending_since = None

    def _set_table_rows(self, rows: list[Any] | None) -> None:
        """Keep the rows for the Table tab (its label counts them); they are tabulated when the
        tab is first shown."""
        self._table_rows = rows
        self._table_stale = True
        count = f" {fmt.format_count(len(rows))}" if rows else ""
        self.tabs.get_tab("table").label = f"Table{count}"
        if self.tabs.active == "table":
            self._fill_table()

    @on(TabbedContent.TabActivated, pane="#table")
    def _fill_table(self) -> None:
        if not self._table_stale:
            return
        self._table_stale = False
        rows = self._table_rows
        self.results.load(rows or [])
        self.results.display = bool(rows)
        self.table_note.update(fmt.table_note(rows, self.results.hidden_rows))
        self.table_note.display = bool(self.table_note.content)

    def _clear_views(self) -> None:
        self.body_view.clear()
        self.tree_view.load(None)
        self._set_table_rows(None)
        self.headers_text.update("")


def _as_sent(headers: httpx.Headers) -> list[tuple[str, str]]:
    """Header pairs with their names spelt as the server sent them (httpx lower-cases items())."""
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, value in headers.raw]


def _header_content(headers: Iterable[tuple[str, str]]) -> Content:
    lines = [
        Content.assemble((name, "bold"), ": ", value) for name, value in fmt.masked_headers(headers)
    ]
    return Content("\n").join(lines)


def _request_content(
    method: str, url: str, headers: Iterable[tuple[str, str]], body: Any
) -> Content:
    parts = [Content.assemble((method, "bold"), " ", url)]
    if header_lines := _header_content(headers):
        parts.append(header_lines)
    if body is not None:
        parts += [Content(""), Content(fmt.pretty_json(body))]
    return Content("\n").join(parts)
