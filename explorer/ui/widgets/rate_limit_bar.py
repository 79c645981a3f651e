"""RateLimitBar: one always-visible line with the profile, the workspace and each scope's usage.

``sandbox · Demo │ contacts 41/2,500 · messages 3/2,500 · runs 0/2,500 · other 12/2,500`` and,
after a 429, ``contacts: waiting 59:51`` counting down each second (``other`` is the server's
``v2`` scope, shared by every endpoint but contacts, messages and runs: internal scope names are
never shown). A limit learned from a 429 (the server allowed fewer than the profile says) is
marked ``contacts 5/5 (learned from a 429)``. A scope turns warning-coloured at 80 % of its
limit. On a narrow terminal the idle scopes go first, then the reasons of the waits, which limits
were learned, the workspace name, and only then the limits.

Usage (the explorer screen does this)::

    bar.set_identity(profile, workspace_name)      # on start and on a profile switch
    bar.update_usage(limiter.snapshot())           # after every response
    bar.start_countdown(scope, error.retry_after)  # on RateLimited

``clock`` (monotonic seconds) is injectable so tests and snapshots can freeze or advance time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from textual.content import Content
from textual.style import Style as VisualStyle
from textual.timer import Timer
from textual.widget import Widget

from explorer.core.catalog import THROTTLE_SCOPES
from explorer.core.profiles import Profile
from explorer.core.ratelimit import ScopeUsage
from explorer.ui.display import visible
from explorer.ui.formatting import countdown_text, format_count, is_near_limit, scope_label

Clock = Callable[[], float]
SEPARATOR = " · "
DIVIDER = " │ "
RETRY_AFTER = "Retry-After"
HOURLY_LIMIT = "hourly limit"
LEARNED = "learned from a 429"
_DETAIL_LEVELS = (  # (limits, learned, reasons, idle scopes, workspace), fullest first
    (True, True, True, True, True),
    (True, True, True, False, True),
    (True, True, False, False, True),
    (True, False, False, False, True),
    (True, False, False, False, False),  # the header names the workspace too
    (False, False, False, False, False),
)


@dataclass(frozen=True)
class _Usage:
    used: int
    limit: int
    learned: bool = False  # the limit is the server's, learned from a 429


class RateLimitBar(Widget):
    """The rate-limit line at the bottom of the explorer; not focusable, it only informs."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "rate-limit-bar--identity",
        "rate-limit-bar--sandbox",
        "rate-limit-bar--scope",
        "rate-limit-bar--near-limit",
        "rate-limit-bar--waiting",
        "rate-limit-bar--divider",
    }

    def __init__(
        self,
        *,
        clock: Clock = time.monotonic,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._clock = clock
        self._profile: Profile | None = None
        self._workspace: str | None = None
        self._usage: dict[str, _Usage] = {}
        self._deadlines: dict[str, float] = {}
        self._reasons: dict[str, str] = {}
        self._ticker: Timer | None = None

    def set_identity(self, profile: Profile, workspace: str | None = None) -> None:
        """Show whose budget this is; every scope starts at 0 of the profile's limit."""
        self._profile = profile
        self._workspace = workspace
        self._usage = {scope: _Usage(0, profile.rate_limit) for scope in THROTTLE_SCOPES}
        self._deadlines.clear()
        self.refresh()

    def update_usage(self, snapshot: Mapping[str, ScopeUsage]) -> None:
        """Take a ``RateLimiter.snapshot()``; a scope that must wait starts its countdown."""
        for scope, usage in snapshot.items():
            self._usage[scope] = _Usage(usage.used, usage.limit, usage.learned)
            if usage.wait > 0:
                self.start_countdown(scope, usage.wait, server_said=usage.server_said_wait)
        self.refresh()

    def start_countdown(self, scope: str, seconds: float, *, server_said: bool = True) -> None:
        """Show ``<scope>: waiting 59:51`` until ``seconds`` have passed, ticking every second.

        ``server_said``: the wait is a 429's Retry-After, not this app's own hourly budget.
        """
        self._deadlines[scope] = self._clock() + seconds
        self._reasons[scope] = RETRY_AFTER if server_said else HOURLY_LIMIT
        if self._ticker is None:
            self._ticker = self.set_interval(1, self.tick)
        self.refresh()

    def waiting(self) -> dict[str, float]:
        """Seconds left per scope that is still waiting."""
        now = self._clock()
        return {scope: deadline - now for scope, deadline in self._deadlines.items()}

    def tick(self) -> None:
        """Drop finished countdowns and redraw; the timer stops when nothing waits."""
        self._deadlines = {
            scope: deadline
            for scope, deadline in self._deadlines.items()
            if deadline > self._clock()
        }
        if not self._deadlines and self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        self.refresh()

    def render(self) -> Content:
        """The fullest line that fits: idle scopes go first, then the reasons of the waits, which
        limits were learned, the workspace name, and the limits last."""
        candidates = [self._line(*level) for level in _DETAIL_LEVELS]
        if self._deadlines:
            candidates.append(
                Content.assemble(self._identity(False), self._divider(), self._countdowns(False))
            )
        for line in candidates:
            if line.cell_length <= self.size.width:
                return line
        return candidates[-1]

    def _line(
        self, limits: bool, learned: bool, reasons: bool, idle: bool, workspace: bool
    ) -> Content:
        parts: list[Content] = [self._identity(workspace)]
        scopes = self._scopes(limits, learned, idle)
        if scopes.cell_length:
            parts += [self._divider(), scopes]
        countdowns = self._countdowns(reasons)
        if countdowns.cell_length:
            parts += [self._divider(), countdowns]
        return Content.assemble(*parts)

    def _identity(self, workspace: bool) -> Content:
        if self._profile is None:
            return Content("no profile")
        shown = self._workspace if workspace else None
        label = visible(self._profile.name + (f" · {shown}" if shown else ""))
        component = "sandbox" if self._profile.is_sandbox else "identity"
        return Content.styled(label, self._style(component))

    def _scopes(self, limits: bool, learned: bool, idle: bool) -> Content:
        """Each scope's usage; ``learned``: say which limits were learned from a 429; ``idle``:
        also the scopes with nothing used and nothing to wait."""
        pieces = []
        for scope, usage in self._usage.items():
            if not idle and not usage.used and scope not in self._deadlines:
                continue
            text = f"{scope_label(scope)} {format_count(usage.used)}"
            if limits:
                text += f"/{format_count(usage.limit)}"
            if limits and learned and usage.learned:
                text += f" ({LEARNED})"
            near = is_near_limit(usage.used, usage.limit)
            pieces.append(Content.styled(text, self._style("near-limit" if near else "scope")))
        return Content(SEPARATOR).join(pieces)

    def _countdowns(self, reasons: bool) -> Content:
        pieces = [
            Content.styled(
                countdown_text(scope, left) + (f" ({self._reasons[scope]})" if reasons else ""),
                self._style("waiting"),
            )
            for scope, left in self.waiting().items()
            if left > 0
        ]
        return Content(SEPARATOR).join(pieces)

    def _divider(self) -> Content:
        return Content.styled(DIVIDER, self._style("divider"))

    def _style(self, component: str) -> VisualStyle:
        return self.get_visual_style(f"rate-limit-bar--{component}", partial=True)
