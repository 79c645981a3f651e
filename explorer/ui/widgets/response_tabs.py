"""ResponseTabs: the five views of one answer, Body, Tree, Table, Headers and Request.

The response pane fills them and reads back what the body says about paging::

    tabs.show_request("GET", url, headers=client_headers, body=None)  # before sending
    paging = tabs.show_response(response)    # every tab; paging.next_url, paging.is_page
    tabs.show_collected(all_items)           # a fetch-all's items as one body
    tabs.clear_answer() / tabs.clear()       # no answer (the request stays) / nothing at all
    tabs.show("table")                       # switch tab and move the focus into it

Body is a ``JsonView`` (a non-JSON body shows as wrapped text), Tree a ``JsonTree``, Table a
``ResultsTable`` (a ``results`` list or a top-level list; its ``RowOpened`` goes up to the screen,
which opens the row's JSON; an answer with no list leaves it for Body); Headers and
Request are text, the token masked. The Tree and Table are built only when shown. A body over
``EAGER_PARSE_BYTES`` is not parsed when shown: its paging links are read from its first bytes,
and it is parsed only when the Tree or Table tab is opened, after a "Reading…" note is drawn
(over ``MAX_VIEW_BYTES`` those two tabs say to use Body and jq instead).

``o`` on a reference (see ``explorer.core.references``) posts ``FollowRequested`` with the GETs
that open it, Backspace ``BackRequested``; ``place()`` and ``restore_place()`` take the person
back to where they were in an answer shown again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, ClassVar

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Static, TabbedContent, TabPane, Tree
from textual.widgets._tabbed_content import ContentTabs

from explorer.core.client import ApiResponse
from explorer.core.jsonlines import looks_like_json
from explorer.core.pagination import Envelope, read_envelope, read_envelope_head, results_of
from explorer.core.references import JsonPath, Target, endpoint_of, targets
from explorer.ui import formatting as fmt
from explorer.ui.widgets.exchange_text import header_content, headers_as_sent, request_content
from explorer.ui.widgets.json_lines import JsonLines
from explorer.ui.widgets.json_tree import JsonTree
from explorer.ui.widgets.json_view import JsonView
from explorer.ui.widgets.results_table import ResultsTable
from explorer.ui.widgets.view_place import ViewPlace

EAGER_PARSE_BYTES = 1_000_000
"""Bodies up to this size are parsed when shown (about 15 ms); bigger ones only for Tree/Table."""
MAX_VIEW_BYTES = 64_000_000
"""Above this size the Tree and Table are skipped (Body and jq still work)."""
PARSE_GROUP = "response-parse"
_UNPARSED: Any = object()  # a big JSON body not parsed yet


class ResponseTabs(Vertical):
    """The tabs of the response pane: one answer (or one fetch-all's items) seen five ways."""

    BINDING_GROUP_TITLE = "References in the answer"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "follow", "Open", tooltip="Open what the value under the cursor refers to"),
        Binding(
            "backspace", "back", "Back", tooltip="Back to the answer before the last one opened"
        ),
    ]

    class FollowRequested(Message):
        """``o`` on a reference: ``targets`` are the GETs that open it (the object first)."""

        def __init__(self, tabs: ResponseTabs, targets: list[Target]) -> None:
            super().__init__()
            self.tabs = tabs
            self.targets = targets

        @property
        def control(self) -> ResponseTabs:
            return self.tabs

    class BackRequested(Message):
        """Backspace: the answer before the last reference opened, please."""

    tabs = getters.query_one("#response-tabs", TabbedContent)
    body_view = getters.query_one("#body-view", JsonView)
    tree_view = getters.query_one("#tree-view", JsonTree)
    results = getters.query_one("#results-table", ResultsTable)
    table_note = getters.query_one("#table-note", Static)
    headers_text = getters.query_one("#headers-text", Static)
    request_text = getters.query_one("#request-text", Static)

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._response: ApiResponse | None = None  # the answer whose body is shown
        self._request_shown = False  # show_request filled the Request tab for the next answer
        self._body: Any = None  # the parsed body (``_UNPARSED`` while a big one is not parsed)
        self._is_json = False
        self._collected: list[Any] | None = None  # every item of a fetch-all, when shown
        self._stale_views: set[str] = set()  # "tree", "table": built before the body changed
        self.endpoint: str | None = None
        """The endpoint the answer shown came from: read from its URL, and set by the screen
        for a fetch-all's items, which have none."""
        self._place_wanted: ViewPlace | None = None  # see restore_place
        self.can_go_back = False
        """Whether there is an answer to go back to (the screen knows; Backspace asks it)."""

    def compose(self) -> ComposeResult:
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

    @property
    def is_json(self) -> bool:
        """Whether the body shown is JSON (so there is something to save)."""
        return self._is_json

    # -- what the pane calls --------------------------------------------------------------

    def show_request(
        self, method: str, url: str, *, headers: Mapping[str, str] | None = None, body: Any = None
    ) -> None:
        """Show the request on its way in the Request tab (the answer keeps it there)."""
        self.request_text.update(request_content(method, url, (headers or {}).items(), body))
        self._request_shown = True

    def show_response(self, response: ApiResponse) -> Envelope:
        """Fill every tab from ``response``, JSON or not, empty or huge; returns its paging."""
        self._response = response
        self.endpoint = endpoint_of(response.url)
        self._collected = None
        paging = self._read_body(response)
        if response.raw:
            self.body_view.load(response.text, response.headers.get("Content-Type"))
        else:
            self.body_view.clear()
        self._views_changed()
        if self.tabs.active == "table" and self._body is not _UNPARSED:
            self._leave_table_without_rows()
        self.headers_text.update(header_content(headers_as_sent(response.headers)))
        if not self._request_shown:
            self.request_text.update(request_content(response.method, response.url, (), None))
        self._request_shown = False
        return paging

    def show_collected(self, results: list[Any]) -> None:
        """Show ``results`` as the body ``{"results": [...]}`` (the list is shared, not copied)."""
        self._collected = results
        self._body = {"results": results}
        self._is_json = True
        self.body_view.clear()
        self._views_changed()
        self._serialize_collected(results)

    def clear_answer(self) -> None:
        """Empty the body and headers; the Request tab keeps a request that got no answer."""
        self.workers.cancel_group(self, PARSE_GROUP)
        self._response = None
        self._collected = None
        self._body = None
        self._is_json = False
        self.body_view.clear()
        self._views_changed()
        self.headers_text.update("")

    def clear(self) -> None:
        """Empty every tab, the Request tab too."""
        self.clear_answer()
        self.request_text.update("")
        self._request_shown = False

    # -- following references ---------------------------------------------------------------

    def targets_at_cursor(self) -> list[Target]:
        """The GETs that open what the value under the cursor of the tab shown refers to."""
        path = self._cursor_path()
        if path is None or self.endpoint is None or self._body is _UNPARSED:
            return []
        return targets(self.endpoint, self._body, path)

    def _cursor_path(self) -> JsonPath | None:
        if self.tabs.active == "body":
            return self.body_view.cursor_path()
        if self.tabs.active == "tree":
            return self.tree_view.cursor_path()
        if self.tabs.active == "table" and (cell := self.results.cursor_item()) is not None:
            index, column = cell
            prefix: JsonPath = ("results",) if results_of(self._body) is not None else ()
            return (*prefix, index) if column is None else (*prefix, index, column)
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``o`` is in the key bar only on a reference, Backspace only with somewhere to go."""
        if action == "follow":
            return bool(self.targets_at_cursor())
        if action == "back":
            return self.can_go_back
        return True

    def action_follow(self) -> None:
        if found := self.targets_at_cursor():
            self.post_message(self.FollowRequested(self, found))

    def action_back(self) -> None:
        self.post_message(self.BackRequested())

    @on(JsonLines.CursorMoved)
    @on(JsonView.Loaded)
    @on(Tree.NodeHighlighted)
    @on(DataTable.CellHighlighted)
    @on(TabbedContent.TabActivated)
    def _cursor_moved(self) -> None:
        self.refresh_bindings()  # the cursor may have come onto a reference, or left one

    def place(self) -> ViewPlace:
        """Where the person is in the views, for ``restore_place``."""
        line, top = self.body_view.cursor_place()
        return ViewPlace(
            tab=self.tabs.active,
            body_line=line,
            body_top=top,
            tree_path=self.tree_view.cursor_path() if "tree" not in self._stale_views else None,
            table_sort=self.results.sorted_by,
            table_cursor=self.results.cursor_coordinate,
        )

    def restore_place(self, place: ViewPlace) -> None:
        """Go back to ``place`` in the answer just shown again: its tab, then its cursor in each
        view as that view is built (the Body is indexed in chunks, the Tree and Table when their
        tab is shown)."""
        self.body_view.restore_cursor(place.body_line, place.body_top)
        self._place_wanted = place
        if self.tabs.active == place.tab:
            self._restore_view(place.tab)
        self.show(place.tab)

    def _restore_view(self, tab: str) -> None:
        place = self._place_wanted
        if place is None or place.tab != tab or tab in self._stale_views:
            return
        self._place_wanted = None
        if tab == "tree" and place.tree_path is not None:
            self.tree_view.select_path(place.tree_path)
        elif tab == "table" and self.results.row_count:
            if place.table_sort is not None:
                column, descending = place.table_sort
                self.results.sort_by(column, descending=descending)
            self.results.move_cursor(row=place.table_cursor[0], column=place.table_cursor[1])

    def focus_view(self) -> None:
        """Focus the view of the tab shown (it is laid out already: no need to wait)."""
        self._focus_tab(self.tabs.active)

    def show(self, tab: str) -> None:
        """Show ``tab`` and move the focus into it, so the pane's keys keep working."""
        self.tabs.active = tab
        self.call_after_refresh(self._focus_tab, tab)

    # -- events ---------------------------------------------------------------------------

    @on(TabbedContent.TabActivated, pane="#tree")
    @on(TabbedContent.TabActivated, pane="#table")
    def _fill_views(self) -> None:
        """Build the Tree or Table that is shown, from the parsed body (parsed first if big)."""
        active = self.tabs.active
        if active not in self._stale_views:
            return
        if self._body is _UNPARSED and self._response is not None:
            self._read_big_body(self._response)
            return
        self._stale_views.discard(active)
        if active == "tree":
            self.tree_view.load(self._body if self._is_json else None)
        else:
            self._fill_table(fmt.table_rows(self._body))
        self._restore_view(active)

    # -- helpers --------------------------------------------------------------------------

    def _focus_tab(self, tab: str) -> None:
        """Focus the view of ``tab`` (the scroll area of Headers and Request)."""
        views: dict[str, Widget] = {
            "body": self.body_view.lines,
            "tree": self.tree_view,
            "table": self.results,
        }
        pane = self.tabs.get_pane(tab)
        target = views.get(tab) or next((w for w in pane.query("*") if w.focusable), None)
        if target is not None and target.focusable and target.display:
            target.focus()
        elif target is not None:  # a hidden (empty) table: stay in the pane, on the tab bar
            self.tabs.query_one(ContentTabs).focus()

    def _read_body(self, response: ApiResponse) -> Envelope:
        """Parse a small body now (a big one only for the Tree or Table) and find its paging."""
        self.workers.cancel_group(self, PARSE_GROUP)
        content_type = response.headers.get("Content-Type")
        if response.size <= EAGER_PARSE_BYTES:
            self._is_json = response.is_json
            self._body = response.json()
            return read_envelope(self._body, response.url)
        self._is_json = looks_like_json(response.text[:64], content_type)
        self._body = _UNPARSED if self._is_json else None
        return read_envelope_head(response.text[:4096], response.url)

    def _views_changed(self) -> None:
        """The body changed: the Tree and Table are rebuilt when next shown."""
        self._stale_views = {"tree", "table"}
        rows = fmt.table_rows(self._body) if self._body is not _UNPARSED else None
        count = f" {fmt.format_count(len(rows))}" if rows else ""
        self.tabs.get_tab("table").label = f"Table{count}"
        if self.tabs.active in ("tree", "table"):
            self._fill_views()

    def _leave_table_without_rows(self) -> None:
        """An answer with no list (one created object, an error, no body) switches the Table
        tab left open by the last listing to Body, taking the table's focus along."""
        if fmt.table_rows(self._body) is not None:
            return
        if self.app.focused is self.results:
            self.show("body")
        else:
            self.tabs.active = "body"

    def _fill_table(self, rows: list[Any] | None) -> None:
        self.results.load(rows or [])
        self.results.display = bool(rows)
        self.table_note.update(fmt.table_note(rows, self.results.hidden_rows))
        self.table_note.display = bool(self.table_note.content)

    def _read_big_body(self, response: ApiResponse) -> None:
        """A big body for the Tree and Table: too big a one gets a note there instead; else they
        say "Reading the … body…", and the parse starts after the next refresh, since it stops
        the drawing (see ``_parse_big_body``)."""
        if response.size > MAX_VIEW_BYTES:
            self._too_big(response)
            return
        note = fmt.parsing_note(response.size)
        self.tree_view.load(None, empty_label=note)
        self.table_note.update(note)
        self.table_note.display = True
        self.call_after_refresh(self._parse_if_current, response)

    def _parse_if_current(self, response: ApiResponse) -> None:
        if response is self._response and self._body is _UNPARSED:
            self._parse_big_body(response)

    @work(thread=True, exclusive=True, group=PARSE_GROUP)
    def _parse_big_body(self, response: ApiResponse) -> None:
        """Parse a big body in a worker thread, whose result is dropped if another answer came
        meanwhile. ``json.loads`` holds the GIL for the whole parse, so the UI does not draw or
        take keys until it ends (about 0.9 s for 35 MB)."""
        value = response.json()
        self.app.call_from_thread(self._parsed, response, value)

    def _parsed(self, response: ApiResponse, value: Any) -> None:
        if response is self._response and self._collected is None:
            self._body = value
            self._views_changed()

    def _too_big(self, response: ApiResponse) -> None:
        self._body = None
        self._stale_views.clear()
        note = fmt.too_big_note(response.size)
        self.tree_view.load(None, empty_label=note)
        self._fill_table(None)
        self.table_note.update(note)

    @work(thread=True, exclusive=True, group=PARSE_GROUP)
    def _serialize_collected(self, results: list[Any]) -> None:
        """The collected items as compact JSON text for the Body tab, written in a worker thread
        whose result is dropped if the body changed meanwhile. ``json.dumps`` holds the GIL for
        the whole call, so the UI does not draw until it ends."""
        text = json.dumps({"results": results}, ensure_ascii=False, separators=(",", ":"))
        self.app.call_from_thread(self._show_collected_text, results, text)

    def _show_collected_text(self, results: list[Any], text: str) -> None:
        if results is self._collected:
            self.body_view.load(text, "application/json")
