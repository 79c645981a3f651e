"""ExplorerApp: wiring only. Global keys, the stylesheets, connecting a profile, the screens."""

from __future__ import annotations

import gc
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType

from explorer.core.catalog import load_catalog
from explorer.core.errors import ExplorerError, MissingToken
from explorer.core.profiles import Profile, ProfileStore
from explorer.core.tokens import TokenStore
from explorer.ui.commands import OperationCommands
from explorer.ui.messages import SessionConnecting, SessionFailed, SessionOpened
from explorer.ui.screens.explorer import ExplorerScreen
from explorer.ui.session import ProfileOpener, Session, verify_token

if TYPE_CHECKING:  # the other screens are imported when first shown: a faster first frame
    from explorer.ui.screens.profiles import ProfilesResult, Verify

HERE = Path(__file__).parent
Opener = Callable[[Profile], Awaitable[Session]]
"""Connects a profile: finds its token (or starts the sandbox) and names its workspace."""


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
        self.call_after_refresh(self.first_frame_drawn)

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
            await self.session.client.aclose()
            self.session = None
        try:
            self.session = await self.opener(profile)
        except MissingToken as error:
            hint = f"press ctrl+o, choose {error.profile}, then e to add its token"
            self.explorer.post_message(SessionFailed(str(error.with_hint(hint))))
            return
        except ExplorerError as error:
            self.explorer.post_message(SessionFailed(str(error)))
            return
        self.explorer.post_message(SessionOpened(self.session))

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

    async def on_unmount(self) -> None:
        if self.session is not None:
            await self.session.client.aclose()


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
