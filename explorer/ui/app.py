"""ExplorerApp: wiring only. Global keys, the stylesheets, connecting a profile, the screens."""

from __future__ import annotations

import asyncio
import gc
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segments
from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.content import Content
from textual.notifications import SeverityLevel

from explorer.app.session import Opener, ProfileOpener, Session, verify_token
from explorer.core.catalog import load_catalog
from explorer.core.errors import ExplorerError, MissingToken
from explorer.core.profiles import Profile, ProfileStore
from explorer.core.tokens import TokenStore
from explorer.ui.commands import OperationCommands, Palette
from explorer.ui.display import visible
from explorer.ui.formatting import format_count
from explorer.ui.messages import (
    RateLimitSaveRequested,
    SessionConnecting,
    SessionFailed,
    SessionOpened,
)
from explorer.ui.screens.exchange import relay
from explorer.ui.screens.explorer import ExplorerScreen

if TYPE_CHECKING:  # the other screens are imported when first shown: a faster first frame
    from explorer.ui.screens.profiles import ProfilesResult, Verify

HERE = Path(__file__).parent


class ExplorerApp(App[int]):
    """The TextIt API explorer: one explorer screen, plus help, profiles and confirmations."""

    TITLE = "TextIt Explorer"
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        HERE / "app.tcss",
        *sorted((HERE / "widgets").glob("*.tcss")),
        HERE / "screens" / "explorer.tcss",  # as the screen's CSS_PATH: a re-parse of it all
    ]
    COMMANDS = App.COMMANDS | {OperationCommands}
    BINDING_GROUP_TITLE = "Everywhere"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", tooltip="Every key, for the pane you are in and the rest"),
        Binding("ctrl+o", "profiles", "Profiles", tooltip="Add, edit or switch workspaces"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(
        self,
        profile: Profile,
        opener: Opener,
        *,
        profiles: ProfileStore | None = None,
        tokens: TokenStore | None = None,
        verify: Verify = verify_token,
        monotonic: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__()
        self.profile = profile
        self.opener = opener
        self.profiles = profiles or ProfileStore()
        self.tokens = tokens or TokenStore()  # the opener's too: session-only tokens live here
        self.verify = verify
        self.explorer = ExplorerScreen(load_catalog(), monotonic=monotonic, now=now)
        self.session: Session | None = None

    def get_default_screen(self) -> ExplorerScreen:
        """The explorer is the first screen: pushed over Textual's blank one, it would mount
        inside the app's start-up batch, which throws its first frame away."""
        return self.explorer

    def on_mount(self) -> None:
        if self.profiles.problem:  # a damaged profiles file: only the sandbox is available
            self.notify(self.profiles.problem, title="Profiles", severity="warning", markup=False)
        self.call_after_refresh(self.first_frame_drawn)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast, from any widget or screen, shows its text as data: messages carry the
        server's words (errors, names), so markup is never parsed (``markup`` is ignored) and
        controls are made visible."""
        super().notify(
            visible(message, multiline=True),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header, with the workspace name in the sub-title made safe to draw; a screen
        whose header has no room for both blanks its title (see ``ExplorerSession``)."""
        if not title:
            return Content(visible(sub_title))
        return super().format_title(visible(title), visible(sub_title))

    async def first_frame_drawn(self) -> None:
        """Turn garbage collection back on (the command line defers it), let the explorer build
        the rest of its screen, then connect: starting the sandbox sooner would hold the first
        frame back."""
        if not gc.isenabled():
            gc.freeze()  # what launching made lives as long as the app: never scan it again
            gc.enable()
        await self.explorer.build_panes()
        self.connect(self.profile)

    @work(exclusive=True, group="connect")
    async def connect(self, profile: Profile) -> None:
        """Open ``profile`` (closing the previous session) and hand it to the explorer."""
        self.explorer.post_message(SessionConnecting(profile))
        if self.session is not None:
            await self.session.aclose()
            self.session = None
        try:
            self.session = await self.opener(profile, relay(self.explorer))
        except MissingToken as error:
            hint = f"press ctrl+o, choose {error.profile}, then e to add its token"
            self.explorer.post_message(SessionFailed(str(error.with_hint(hint))))
            return
        except ExplorerError as error:
            self.explorer.post_message(SessionFailed(str(error)))
            return
        self.explorer.post_message(SessionOpened(self.session))

    def action_command_palette(self) -> None:
        """Open the palette (Textual's, closing once: see ``Dialog``)."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(Palette(id="--command-palette"))

    def action_help(self) -> None:
        from explorer.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_profiles(self) -> None:
        from explorer.ui.screens.profiles import ProfilesScreen

        screen = ProfilesScreen(
            verify=self.verify,
            tokens=self.tokens,
            profiles=self.profiles,
            current=self.profile.name,
        )
        self.push_screen(screen, self._profiles_closed)

    def _profiles_closed(self, result: ProfilesResult | None) -> None:
        """(Re)connect the profile picked, or the current one if its token or settings changed."""
        connected = self.session.profile.name if self.session else None
        name = result.profile_to_open(connected) if result else None
        if name is None:
            return
        try:
            self.profile = self.profiles.use(name)
        except ExplorerError as error:
            self.notify(str(error), severity="error")
            return
        self.connect(self.profile)

    def on_rate_limit_save_requested(self, event: RateLimitSaveRequested) -> None:
        self.save_rate_limit(event.profile, event.limit)

    @work(group="profiles-write")
    async def save_rate_limit(self, name: str, limit: int) -> None:
        """Write ``limit`` into profile ``name`` (off the event loop: it is a file)."""
        try:
            saved = await asyncio.to_thread(self.profiles.set_rate_limit, name, limit)
        except ExplorerError as error:
            self.notify(str(error), title="Rate limit not saved", severity="error")
            return
        if self.profile.name == name:
            self.profile = saved
        if self.session is not None and self.session.profile.name == name:
            self.session.keep_rate_limit(limit)
        self.notify(f"Profile {name} now keeps to {format_count(limit)} requests an hour.")

    def _fatal_error(self) -> None:
        """Textual's crash exit, with :func:`crash_report` instead of its traceback with locals."""
        from explorer.ui.crash import crash_report  # rich's traceback: only when needed

        self.bell()
        error = sys.exc_info()[1] or self._exception
        if error is not None:
            token = self.session.token.token if self.session else None
            report = crash_report(error, [token] if token else [])
            self._exit_renderables.append(
                Segments(self.console.render(report, self.console.options))
            )
        self._close_messages_no_wait()

    async def on_unmount(self) -> None:
        if self.session is not None:
            await self.session.aclose()


def run_app(profile_name: str | None) -> int:
    """Start the TUI on ``profile_name``, or the last profile used, or the embedded sandbox."""
    store = ProfileStore()
    profile = store.get(profile_name) if profile_name else store.current()
    tokens = TokenStore()
    opener = ProfileOpener(tokens)
    try:
        app = ExplorerApp(profile, opener, profiles=store, tokens=tokens)
        app.run()
    finally:
        opener.stop()
    return app.return_code or 0
