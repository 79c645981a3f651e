"""The explorer's session side: which session is live, and each operation's last answer.

``ExplorerSession`` builds on the frame (``ExplorerLayout``): it follows the app's session
messages (connecting, opened, failed), tells of the rate limit's waits and learned limits, keeps
per operation the last answer it brought, and shows an operation chosen in the tree with that
answer. ``ExplorerRequests`` builds on it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cached_property, partial
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import events, on

from explorer.app.events import Waiting
from explorer.app.lookups import Lookups
from explorer.app.session import Session
from explorer.core.catalog import Catalog, Operation
from explorer.core.request import ApiRequest
from explorer.ui.display import visible
from explorer.ui.messages import (
    OperationRequested,
    RateLimitSaveRequested,
    SessionConnecting,
    SessionFailed,
    SessionOpened,
)
from explorer.ui.screens.exchange import LastAnswer, operation_name
from explorer.ui.screens.explorer_layout import HEADER_SIDES, ExplorerLayout
from explorer.ui.screens.wait_notice import WaitNotice
from explorer.ui.widgets.endpoint_tree import EndpointTree

if TYPE_CHECKING:
    from datetime import datetime

    from explorer.ui.widgets.results_table import ResultsTable


SEPARATOR = " · "
MIN_WORKSPACE = 6  # cells of the workspace's name kept however narrow the header


def identity_line(session: Session, room: int = sys.maxsize) -> str:
    """The header's sub-title: which workspace is live, and where the token came from, in at
    most ``room`` cells if it can: the words about the mode shorten first, then the workspace's
    name (never the profile, the mode or the token's source)."""
    workspace = visible(session.workspace or "workspace unknown")  # measured as drawn
    profile = session.profile
    if profile.is_sandbox:
        versions = [["SANDBOX", workspace, "local imitation, no real data"], ["SANDBOX", workspace]]
    else:
        token = f"token from {session.token.source}"
        live = "read-only" if profile.read_only else "LIVE: writes change real data"
        short = "read-only" if profile.read_only else "LIVE"
        versions = [[profile.name, workspace, live, token], [profile.name, workspace, short, token]]
    for parts in versions:
        if cell_len(line := SEPARATOR.join(parts)) <= room:
            return line
    parts = versions[-1]
    over = cell_len(SEPARATOR.join(parts)) - room
    name = Text(workspace)
    name.truncate(max(cell_len(workspace) - over, MIN_WORKSPACE), overflow="ellipsis")
    return SEPARATOR.join([parts[0], name.plain, *parts[2:]])


class ExplorerSession(ExplorerLayout):
    """The explorer's frame with the live session and the answers kept per operation."""

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
        self._set_header(f"{event.profile.name} · connecting…")
        self.rate_bar.set_identity(event.profile)
        self.operation_pane.forget_target()
        self.form.connect(None)
        self._results_table().set_workspace_zone(None)

    @on(SessionOpened)
    def _session_opened(self, event: SessionOpened) -> None:
        session = self.session = event.session
        self._show_identity()
        self.rate_bar.set_identity(session.profile, session.workspace)
        self.rate_bar.update_usage(session.limiter.snapshot())
        self.operation_pane.set_target(session.describe)
        lookups = Lookups(session)
        self.form.connect(lookups)
        self._results_table().set_workspace_zone(lookups.zone)

    def _results_table(self) -> ResultsTable:
        from explorer.ui.widgets.results_table import ResultsTable  # built with the panes

        return self.query_one(ResultsTable)

    @on(events.Resize)
    def _show_identity(self) -> None:
        """The header names the live workspace and the token's source, fitted to its width."""
        if self.session is not None:
            self._set_header(identity_line(self.session, self.size.width - HEADER_SIDES))
        else:
            self._set_header(self.sub_title or "")

    def _set_header(self, line: str) -> None:
        """Show ``line`` after the app's name, or alone where both do not fit."""
        self.sub_title = line
        both = f"{self.app.title} — {line}"
        self.title = None if cell_len(both) <= self.size.width - HEADER_SIDES else ""

    @on(SessionFailed)
    def _session_failed(self, event: SessionFailed) -> None:
        self._set_header("not connected · Ctrl+O to choose or fix a profile")
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
        if event.chosen:  # on a narrow screen the tree folds as the focus leaves it
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

    # -- the rate limit -------------------------------------------------------------------------

    def _limit_learned(self, scope: str, limit: int) -> None:
        """Say the server's real limit; offer to keep it in the profile (not the built-in one)."""
        from explorer.ui.screens.limit_learned import SaveLimitScreen, learned_text

        profile = self.session.profile if self.session is not None else None
        if profile is None or profile.is_sandbox:
            self.notify(learned_text(scope, limit), title="Rate limit learned", severity="warning")
            return
        ask = SaveLimitScreen(profile.name, scope, limit, profile.rate_limit)
        self.app.push_screen(ask, partial(self._save_limit, profile.name, limit))

    def _save_limit(self, profile: str, limit: int, save: bool | None) -> None:
        if save:
            self.app.post_message(RateLimitSaveRequested(profile, limit))

    def _waiting(self, event: Waiting) -> None:
        self.rate_bar.start_countdown(event.scope, event.seconds)
        self.response_pane.show_waiting(event.seconds)
        self.wait_notice.waiting(event.scope, event.seconds, event.reserve)

    @cached_property
    def wait_notice(self) -> WaitNotice:
        warn = partial(self.notify, severity="warning")
        return WaitNotice(self.monotonic, warn, self.app.NOTIFICATION_TIMEOUT)
