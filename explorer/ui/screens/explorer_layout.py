"""The explorer screen's frame: tree | operation | response, and the keys that move around it.

``ExplorerSession`` builds on it with the session, ``ExplorerRequests`` with the requests, and
``ExplorerScreen`` with the keys and dialogs. Wide (120 columns or more) the three panes sit side
by side; narrow, the tree folds away once the focus is in the form or the answer (F6, F2 or
Ctrl+F bring it back) and the form and the answer take turns (F3).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, cast

from textual import getters
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header

from explorer.core.catalog import Catalog, Operation
from explorer.ui.widgets.endpoint_tree import EndpointTree
from explorer.ui.widgets.key_bar import KeyBar
from explorer.ui.widgets.rate_limit_bar import RateLimitBar

if TYPE_CHECKING:  # imported by build_panes, after the first frame
    from explorer.ui.widgets.operation_pane import OperationPane
    from explorer.ui.widgets.param_form import ParamForm
    from explorer.ui.widgets.response_pane import ResponsePane

PANES = ("tree", "form", "answer")
HEADER_SIDES = 18  # cells of the header that are not its title: Textual's icon (8) and clock space


class ExplorerLayout(Screen[None]):
    """The panes, built in two steps (``build_panes``), and the view actions."""

    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 (Textual declares it as a plain class attribute)
        (0, "-narrow"),
        (120, "-wide"),
    ]

    endpoint_tree = getters.query_one(EndpointTree)
    work_area = getters.query_one("#work-area", Vertical)
    rate_bar = getters.query_one(RateLimitBar)

    def __init__(
        self,
        catalog: Catalog,
        *,
        monotonic: Callable[[], float],
        now: Callable[[], datetime],
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.monotonic = monotonic
        self.now = now
        self.panes_built = False  # see build_panes
        self._focus_at_request: Widget | None = None  # see remember_focus
        self._tree_folded = False  # folded by a narrow screen, not by F2: see _fold_tree

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        with Horizontal(id="body"):
            yield EndpointTree(self.catalog, id="endpoint-tree")
            yield Vertical(id="work-area")  # the panes come after the first frame: build_panes
        yield RateLimitBar(clock=self.monotonic, id="rate-bar")
        yield KeyBar()

    def on_resize(self) -> None:
        self.refresh_bindings()  # "flip" is offered on narrow screens only
        self._fold_tree()

    def on_descendant_focus(self) -> None:
        self._fold_tree()

    def on_screen_resume(self) -> None:
        """Back from a dialog: the terminal may have narrowed meanwhile (its class is set by
        then, its focus given back without a focus event here)."""
        self._fold_tree()

    def _fold_tree(self) -> None:
        """Narrow, the tree folds once the focus is in the form or the answer, which then get
        the width; wide again, a tree folded so comes back."""
        tree = self.endpoint_tree
        if not self.has_class("-narrow"):
            if self._tree_folded:
                tree.display = True
                self._tree_folded = False
        elif tree.display and self.focused is not None and not tree.has_focus_within:
            tree.display = False
            self._tree_folded = True

    def on_mount(self) -> None:
        self.endpoint_tree.border_title = "Endpoints"
        self.endpoint_tree.operation_tree.focus()

    async def build_panes(self) -> None:
        """Mount the operation and response panes. The app calls this once the first frame is
        drawn: their few hundred widgets would hold that frame back, and the tree is usable
        without them, as is the first frame without their modules' imports."""
        from explorer.ui.widgets.operation_pane import OperationPane
        from explorer.ui.widgets.response_pane import ResponsePane

        operation_pane = OperationPane(self.catalog, now=self.now, id="operation-pane")
        response_pane = ResponsePane(clock=self.monotonic, now=self.now, id="response-pane")
        response_pane.border_title = "Response"
        await self.work_area.mount_all([operation_pane, response_pane])
        self.panes_built = True
        self.refresh_bindings()

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Flip only when the panes share the space; until the panes are built, only the tree's
        keys work (and are in the key bar)."""
        if not self.panes_built and action != "find":
            return False
        if action == "flip":
            return self.has_class("-narrow")
        if action == "clear_form":  # elsewhere (the jq filter) Ctrl+E keeps its editing meaning
            return self.operation_pane.has_focus_within
        return True

    def action_toggle_tree(self) -> None:
        """Hide or show the tree; shown on a narrow screen, it takes the focus (it would fold
        again as soon as the focus moved in the form)."""
        tree = self.endpoint_tree
        tree.display = not tree.display
        self._tree_folded = False
        if not tree.display and tree.has_focus_within:
            self.operation_pane.focus_form()
        elif tree.display and self.has_class("-narrow"):
            tree.operation_tree.focus()

    def action_find(self) -> None:
        """Focus the endpoint filter, its text selected: typing starts a new search. The focus
        moves at once (``Widget.focus`` waits a turn), so keys that came in the same read of the
        terminal (tmux, a laggy SSH link) go to the filter too, not where the focus was."""
        self.endpoint_tree.display = True
        self.set_focus(self.endpoint_tree.filter_input)
        self.endpoint_tree.filter_input.select_all()

    def action_toggle_raw(self) -> None:
        if not self.form.toggle_raw():
            self.notify(
                "Still raw: the form cannot hold what is typed (see above).", severity="warning"
            )

    def action_clear_form(self) -> None:
        self.form.clear_values()

    def action_step_pane(self, step: int) -> None:
        """Move the focus to the pane left or right of the focused one (tree, form, answer),
        past a form with no field to focus (an operation without parameters)."""
        here = self.endpoint_tree.has_focus_within, self.operation_pane.has_focus_within
        current = 0 if here[0] else 1 if here[1] else 2
        target = min(max(current + step, 0), 2)
        if PANES[target] == "form" and not (self.form.raw or self.form.fields()):
            target = min(max(target + step, 0), 2)
        self.action_jump(PANES[target])

    def action_jump(self, pane: str) -> None:
        """Put the focus straight into the tree, the form or the answer (no Tab walk)."""
        if pane == "tree":
            self.endpoint_tree.display = True
            self.set_focus(self.endpoint_tree.operation_tree)  # at once: see action_find
        elif pane == "form":
            self.show_answer(False)
            self.operation_pane.focus_form()
        else:
            self.show_answer(True)
            self.focus_shown()

    def action_flip(self) -> None:
        self.show_answer(not self.has_class("-answer"))

    def show_answer(self, shown: bool) -> None:
        """On a narrow screen the form and the answer share the space: show one of them."""
        self.set_class(shown, "-answer")
        if self.has_class("-narrow"):
            self.call_after_refresh(self.focus_shown)

    def focus_shown(self) -> None:
        """Put the focus in the pane that is shown now (a send shows the answer, and its field
        errors the form again, before this runs). Hiding the focused pane has already taken
        the focus away (Textual blurs a hidden widget), so "not in the shown pane" is the test."""
        if self.has_class("-answer"):
            if not self.response_pane.has_focus_within:
                self.response_pane.focus_answer()
        elif not self.operation_pane.has_focus_within:
            self.operation_pane.focus_form()

    def remember_focus(self) -> None:
        """A request leaves: note where the focus is, for ``answer_arrived``."""
        self._focus_at_request = self.focused

    def answer_arrived(self) -> None:
        """An answer is shown: put the focus in its view, so its keys (``]``, ``t``, ...) work at
        once, unless the person moved the focus elsewhere while it was on its way."""
        focused = self.focused
        here = focused is None or focused is self._focus_at_request
        if here or self.response_pane.has_focus_within:
            self.response_pane.focus_answer()

    def action_zoom(self) -> None:
        """Let the focused pane fill the screen (Textual's maximize), or restore the layout;
        the focus stays in the pane, and with nothing focused the answer is zoomed, focused."""
        pane = self.maximized
        if pane is None:
            panes = [self.endpoint_tree, self.operation_pane, self.response_pane]
            pane = next((p for p in panes if p.has_focus_within), self.response_pane)
            self.maximized = pane
        else:
            self.minimize()
        if not pane.has_focus_within:
            self.call_after_refresh(self._focus_pane, pane)

    def _focus_pane(self, pane: Widget) -> None:
        if pane is self.endpoint_tree:
            self.action_jump("tree")
        elif pane is self.operation_pane:
            self.operation_pane.focus_form()
        else:
            self.response_pane.focus_answer()
