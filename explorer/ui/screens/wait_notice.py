"""One toast per rate-limit wait, however often ``ctrl+s`` is pressed while it lasts.

Each send during a wait replaces the waiting one (the newest form goes when the wait ends) and
says it waits again; a toast each time would stack "Waiting 29 s…" on "Waiting 31 s…". The
rate-limit bar and the response pane count the wait down, so a toast is only needed when none
is on screen: the first of a wait, or "already waiting" once the last one has faded.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from explorer.ui.formatting import format_count, format_wait, scope_label

NEVER = (-math.inf, -math.inf)


@dataclass
class WaitNotice:
    """Tells of waits through ``notify``, at most one toast per ``toast_seconds`` and scope
    (``clock``: monotonic seconds, the rate bar's)."""

    clock: Callable[[], float]
    notify: Callable[[str], None]
    toast_seconds: float
    _told: dict[str, tuple[float, float]] = field(default_factory=dict)  # scope: (told, until)

    def waiting(self, scope: str, seconds: float, reserve: int = 0) -> None:
        """A call waits ``seconds`` for room in ``scope`` (a fetch-all: leaving ``reserve``)."""
        now = self.clock()
        told, until = self._told.get(scope, NEVER)
        if now - told < self.toast_seconds:
            return  # its toast is still up, and the bar and the pane count down
        self._told[scope] = (now, now + seconds)
        wait, label = format_wait(seconds), scope_label(scope)
        if reserve:
            self.notify(
                f"Fetch all pauses {wait}: it leaves {format_count(reserve)} {label} requests of "
                "the hour to your own. Esc cancels; what came is kept."
            )
        elif until > now:
            self.notify(f"Already waiting: {wait} left for the {label} rate limit. Esc cancels.")
        else:
            self.notify(f"Waiting {wait} for the {label} rate limit before sending. Esc cancels.")
