"""The explorer over an in-process sandbox with frozen clocks: same pixels on every run.

Tests, snapshot tests and ``scripts/screenshots.py`` use it; the sandbox app is mounted through
``httpx.ASGITransport`` at a fixed base URL, so no port, no thread and no wall clock is involved.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import httpx
from textual import events
from textual.widgets import Input, TextArea

from explorer.app.events import Sink
from explorer.app.session import Opener, Session, open_session
from explorer.core.catalog import DEFAULT_RATE_LIMIT
from explorer.core.profiles import SANDBOX, Profile
from explorer.core.ratelimit import RateLimiter
from explorer.core.tokens import SANDBOX_TOKEN, TokenLookup, TokenSource
from explorer.sandbox.app import create_app
from explorer.sandbox.data import build_workspace
from explorer.ui.app import ExplorerApp

DEMO_URL = "http://127.0.0.1:8000"
DEMO_NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
DEMO_CONTACTS = 600
DEMO_ELAPSED = 0.042  # seconds shown for every answer, instead of the measured time


@dataclass
class FrozenClock:
    """Seconds that only move when told to; shared by the sandbox, the limiter and the UI."""

    seconds: float = DEMO_NOW.timestamp()

    def __call__(self) -> float:
        return self.seconds

    def advance(self, seconds: float) -> None:
        self.seconds += seconds

    def now(self) -> datetime:
        return DEMO_NOW + timedelta(seconds=self.seconds - DEMO_NOW.timestamp())


def sandbox_opener(
    clock: FrozenClock,
    *,
    contacts: int = DEMO_CONTACTS,
    rate_per_hour: int = DEFAULT_RATE_LIMIT,
    local_limit: int | None = None,
) -> Opener:
    """Opens any profile against one in-process sandbox (the profile's name and flags are kept).

    ``local_limit`` (default: the server's rate) is the app's own budget; set it higher than
    ``rate_per_hour`` to meet the server's 429, as when other clients share the workspace.
    """
    workspace = build_workspace(contacts, now=DEMO_NOW)
    app = create_app(workspace, token=SANDBOX_TOKEN, rate_per_hour=rate_per_hour, clock=clock)
    transport = httpx.ASGITransport(app=app)

    async def opener(profile: Profile, events: Sink) -> Session:
        return await open_session(
            replace(profile, base_url=DEMO_URL, rate_limit=local_limit or rate_per_hour),
            events=events,
            find_token=_demo_token,
            transport=transport,
            limiter=RateLimiter(local_limit or rate_per_hour, clock=clock),
            fixed_elapsed=DEMO_ELAPSED,
        )

    return opener


def _demo_token(profile_name: str) -> TokenLookup:
    """Every demo profile, sandbox or not, uses the sandbox's token."""
    source = TokenSource.BUILTIN if profile_name == SANDBOX.name else TokenSource.SESSION
    return TokenLookup(SANDBOX_TOKEN, source, "the demo sandbox's token")


class DemoApp(ExplorerApp):
    """The explorer on the demo sandbox; ``clock`` moves time for the sandbox and the app."""

    def __init__(self, profile: Profile, opener: Opener, clock: FrozenClock) -> None:
        super().__init__(profile, opener, monotonic=clock, now=clock.now)
        self.clock = clock
        # a scroll still animating when the picture is taken (focus scrolls a field into view)
        # would draw a frame between two places: jump there instead
        self.animation_level = "none"

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A blinking cursor depends on the wall clock: keep it steady for stable pictures."""
        if isinstance(event.widget, Input | TextArea):
            event.widget.cursor_blink = False


def demo_app(
    *,
    profile: Profile = SANDBOX,
    clock: FrozenClock | None = None,
    rate_per_hour: int = DEFAULT_RATE_LIMIT,
    local_limit: int | None = None,
    contacts: int = DEMO_CONTACTS,
) -> DemoApp:
    """An explorer on the demo sandbox, every clock frozen at ``DEMO_NOW``."""
    clock = clock or FrozenClock()
    opener = sandbox_opener(
        clock, contacts=contacts, rate_per_hour=rate_per_hour, local_limit=local_limit
    )
    return DemoApp(profile, opener, clock)
