"""ResponsePane: what the server answered, as a status line and five tabs, plus fetch-all and save.

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

Tabs: Body (``JsonView``; a non-JSON body shows as wrapped text with a note), Tree (``JsonTree``),
Table (``ResultsTable``: a ``results`` list or a top-level list; a row opens its JSON), Headers,
Request (token masked). A body over ``EAGER_PARSE_BYTES`` is not parsed on the UI thread: its
paging links are read from its first bytes, and it is parsed in a thread only when the Tree or
Table tab is opened (over ``MAX_VIEW_BYTES`` those two tabs say to use Body and jq instead).
``clock`` (monotonic seconds) and ``now`` (wall time, for save names) are injectable for
deterministic tests.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, TabbedContent, TabPane
from textual.widgets._tabbed_content import ContentTabs

from explorer.core import errors
from explorer.core.client import ApiResponse
from explorer.core.jsonlines import looks_like_json
from explorer.ui import formatting as fmt
from explorer.ui.screens.json_item import JsonItemScreen
from explorer.ui.widgets.fetch_progress import FetchProgress
from explorer.ui.widgets.json_tree import JsonTree
from explorer.ui.widgets.json_view import JsonView
from explorer.ui.widgets.results_table import ResultsTable

if TYPE_CHECKING:
    import httpx

Clock = Callable[[], float]
EAGER_PARSE_BYTES = 1_000_000
"""Bodies up to this size are parsed when shown (about 15 ms); bigger ones only for Tree/Table."""
MAX_VIEW_BYTES = 64_000_000
"""Above this size the Tree and Table are skipped (Body and jq still work)."""
PARSE_GROUP = "response-parse"
_UNPARSED: Any = object()  # a big JSON body not parsed yet
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
        self._wait_until: float | None = None  # a rate-limit wait before sending ends then
        self._body: Any = None  # the parsed body (``_UNPARSED`` while a big one is not parsed)
        self._is_json = False
        self._collected: list[Any] | None = None  # every item of a fetch-all, when shown
        self._stale_views: set[str] = set()  # "tree", "table": built before the body changed
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
        self._pending_since = self._wait_until = self._clock() + seconds
        self._show_pending_time()

    def show_response(self, response: ApiResponse, page_number: int | None = None) -> None:
        """Show any answer: JSON or not, success or error status, empty or huge."""
        self._stop_pending()
        self.response = response
        self._collected = None
        is_page = self._read_body(response)
        self._set_status(f"{response.status} {response.reason}", fmt.status_class(response.status))
        details = fmt.status_details(
            response.elapsed,
            response.size,
            page_number if is_page else None,
            previous=self.previous_url is not None,
            following=self.next_url is not None,
        )
        if response.size and not self._is_json:
            details += " · " + fmt.not_json_label(response.headers.get("Content-Type"))
        self.status_details.update(details)
        self._set_note(fmt.body_note(response.status, response.size), "-info")
        if response.raw:
            self.body_view.load(response.text, response.headers.get("Content-Type"))
        else:
            self.body_view.clear()
        self._views_changed()
        self.headers_text.update(_header_content(_as_sent(response.headers)))
        if not self._request_shown:
            self.request_text.update(_request_content(response.method, response.url, (), None))
        self._request_shown = False
        self.refresh_bindings()

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
        self._collected = None
        self._body = None
        self._is_json = False
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

    def fetch_finished(self, items: int, cancelled: bool, results: list[Any] | None = None) -> None:
        """The fetch-all ended (complete or cancelled); offer to save, and show ``results`` (every
        item fetched) as one body, so jq, the Tree and the Table work over the whole listing."""
        self.fetch.finish(items, cancelled)
        if results is not None:
            self.show_collected(results, complete=not cancelled)
        self.refresh_bindings()

    def show_collected(self, results: list[Any], *, complete: bool = True) -> None:
        """Show ``results`` as the body ``{"results": [...]}`` (the list is shared, not copied);
        ``complete`` False: the fetch was cancelled, these are the pages that came."""
        self._collected = results
        self._body = {"results": results}
        self._is_json = True
        self.previous_url = self.next_url = None
        self._set_status("all pages" if complete else "pages so far", "-success")
        self.status_details.update(f"{fmt.format_count(len(results))} items fetched")
        self._set_note("", "-info")
        self.body_view.clear()
        self._views_changed()
        self._serialize_collected(results)
        self.refresh_bindings()

    # -- keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that cannot act now are dimmed in the footer (None) or skipped (False)."""
        available = {
            "next_page": self.next_url is not None and not self.fetch.running,
            "previous_page": self.previous_url is not None and not self.fetch.running,
            "fetch_all": self.next_url is not None and not self.fetch.running,
            "save": self._is_json and not self.fetch.running,
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
        """Focus the view of ``tab`` (the scroll area of Headers and Request)."""
        views: dict[str, Widget] = {
            "body": self.body_view.lines,
            "tree": self.tree_view,
            "table": self.results,
        }
        pane = self.tabs.get_pane(tab)
        target = views.get(tab) or next((w for w in pane.query("*") if w.focusable), None)
        if target is not None and target.focusable:
            target.focus()
        elif target is not None:  # an empty table: stay in the pane, on the tab bar
            self.tabs.query_one(ContentTabs).focus()

    # -- events ---------------------------------------------------------------------------

    @on(Input.Submitted, "#save-path")
    def _save_to(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            path = Path(event.value.strip()).expanduser().absolute()
            self.post_message(self.SaveRequested(self, path))
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

    def _show_failure(self, label: str, why: str, *, no_answer: bool) -> None:
        self._stop_pending()
        self.response = None
        self._collected = None
        self._body = None
        self._is_json = False
        self.previous_url = self.next_url = None
        self._set_status(label, "-error")
        self.status_details.update("The request got no answer." if no_answer else "")
        self._set_note(why, "-error")
        self._clear_views()
        self.refresh_bindings()

    def _show_pending_time(self) -> None:
        if self._pending_since is None:
            return
        now = self._clock()
        if self._wait_until is not None and now < self._wait_until:
            self.status_details.update(fmt.waiting_text(self._wait_until - now))
            return
        elapsed = fmt.format_duration(now - self._pending_since)
        self.status_details.update(f"sending… {elapsed}")

    def _stop_pending(self) -> None:
        if self._pending_timer is not None:
            self._pending_timer.stop()
        self._pending_timer = None
        self._pending_since = self._wait_until = None

    def _read_body(self, response: ApiResponse) -> bool:
        """Parse a small body now (a big one later, off the UI thread) and find its paging
        links; returns whether it is a page of a list."""
        self.workers.cancel_group(self, PARSE_GROUP)
        content_type = response.headers.get("Content-Type")
        if response.size <= EAGER_PARSE_BYTES:
            self._is_json = response.is_json
            self._body = response.json()
            self.previous_url, self.next_url = fmt.page_links(self._body)
            return fmt.is_page(self._body)
        self._is_json = looks_like_json(response.text[:64], content_type)
        self._body = _UNPARSED if self._is_json else None
        is_page, self.previous_url, self.next_url = fmt.head_page_links(response.text[:4096])
        return is_page

    def _views_changed(self) -> None:
        """The body changed: the Tree and Table are rebuilt when next shown."""
        self._stale_views = {"tree", "table"}
        rows = fmt.table_rows(self._body) if self._body is not _UNPARSED else None
        count = f" {fmt.format_count(len(rows))}" if rows else ""
        self.tabs.get_tab("table").label = f"Table{count}"
        if self.tabs.active in ("tree", "table"):
            self._fill_views()

    @on(TabbedContent.TabActivated, pane="#tree")
    @on(TabbedContent.TabActivated, pane="#table")
    def _fill_views(self) -> None:
        """Build the Tree or Table that is shown, from the parsed body (parsed first if big)."""
        active = self.tabs.active
        if active not in self._stale_views:
            return
        if self._body is _UNPARSED and self.response is not None:
            self._parse_big_body(self.response)
            return
        self._stale_views.discard(active)
        if active == "tree":
            self.tree_view.load(self._body if self._is_json else None)
        else:
            self._fill_table(fmt.table_rows(self._body))

    def _fill_table(self, rows: list[Any] | None) -> None:
        self.results.load(rows or [])
        self.results.display = bool(rows)
        self.table_note.update(fmt.table_note(rows, self.results.hidden_rows))
        self.table_note.display = bool(self.table_note.content)

    @work(thread=True, exclusive=True, group=PARSE_GROUP)
    def _parse_big_body(self, response: ApiResponse) -> None:
        """Parse a big body in a thread (the JSON parser lets the UI draw meanwhile); a body too
        big for the Tree and Table gets a note there instead."""
        if response.size > MAX_VIEW_BYTES:
            self.app.call_from_thread(self._too_big, response)
            return
        self.app.call_from_thread(self._reading, response)
        value = response.json()
        self.app.call_from_thread(self._parsed, response, value)

    def _reading(self, response: ApiResponse) -> None:
        note = fmt.parsing_note(response.size)
        self.tree_view.load(None, empty_label=note)
        self.table_note.update(note)
        self.table_note.display = True

    def _parsed(self, response: ApiResponse, value: Any) -> None:
        if response is self.response and self._collected is None:
            self._body = value
            self._views_changed()

    def _too_big(self, response: ApiResponse) -> None:
        if response is self.response:
            self._body = None
            self._stale_views.clear()
            note = fmt.too_big_note(response.size)
            self.tree_view.load(None, empty_label=note)
            self._fill_table(None)
            self.table_note.update(note)

    @work(thread=True, exclusive=True, group=PARSE_GROUP)
    def _serialize_collected(self, results: list[Any]) -> None:
        """The collected items as compact JSON text for the Body tab, written off the UI thread."""
        text = json.dumps({"results": results}, ensure_ascii=False, separators=(",", ":"))
        self.app.call_from_thread(self._show_collected_text, results, text)

    def _show_collected_text(self, results: list[Any], text: str) -> None:
        if results is self._collected:
            self.body_view.load(text, "application/json")

    def _clear_views(self) -> None:
        self.workers.cancel_group(self, PARSE_GROUP)
        self.body_view.clear()
        self._body = None
        self._views_changed()
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
