"""FetchProgress: the progress of a fetch-all (bar, pages, items, elapsed, any rate-limit wait)
with Cancel; the summary wraps on a narrow pane.

The response pane owns it and forwards ``ResponsePane.fetch_started / fetch_progress /
fetch_finished`` to ``start / advance / finish``, and ``show_waiting`` during a fetch to ``wait``
(the countdown to the next page); the Cancel button's ``Button.Pressed`` bubbles up to the
pane, which posts ``ResponsePane.CancelFetchRequested``. Cursor paging has no total, so the
bar is indeterminate unless a total is given (limit/offset endpoints send ``count``). The
bar's animation and the elapsed time read the injected clock, so a frozen clock draws the
same frame.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual import getters
from textual.app import ComposeResult
from textual.clock import Clock as TextualClock
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Button, Label, ProgressBar

from explorer.ui.display import content
from explorer.ui.formatting import format_count, format_duration, waiting_text

Clock = Callable[[], float]


class FetchProgress(Horizontal):
    """Hidden until a fetch starts; stays after it ends to show the outcome."""

    bar = getters.query_one("#fetch-bar", ProgressBar)
    summary = getters.query_one("#fetch-summary", Label)
    cancel_button = getters.query_one("#cancel-fetch", Button)

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
        self._started = 0.0
        self._pages = 0
        self._items = 0
        self._wait_until = 0.0  # a page waits for the rate limit until then
        self._ticker: Timer | None = None
        self.running = False
        """True between ``start`` and ``finish``."""

    def compose(self) -> ComposeResult:
        yield ProgressBar(
            id="fetch-bar",
            show_eta=False,
            show_percentage=False,
            clock=TextualClock(get_time=self._clock),
        )
        yield Label(id="fetch-summary")
        yield Button("Cancel", id="cancel-fetch", compact=True, variant="warning")

    def start(self) -> None:
        """Show an empty, running fetch and start counting seconds."""
        self._started, self._pages, self._items = self._clock(), 0, 0
        self._wait_until = 0.0
        self.running = True
        self.display = True
        self.cancel_button.display = True
        self.bar.update(total=None, progress=0)
        self._ticker = self._ticker or self.set_interval(1, self._show_running)
        self._show_running()

    def advance(self, pages: int, items: int, total: int | None = None) -> None:
        """``pages`` pages and ``items`` items so far, of ``total`` items when the server said."""
        self._pages, self._items = pages, items
        self.bar.update(total=total, progress=items)
        self._show_running()

    def wait(self, seconds: float) -> None:
        """The next page waits ``seconds`` for room in the rate limit: say so, counting down."""
        self._wait_until = self._clock() + seconds
        self._show_running()

    def finish(self, items: int, cancelled: bool, failed: bool = False) -> None:
        """Stop the clock and say how it ended (``failed``: an error stopped it)."""
        self.running = False
        self._items = items
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        self.cancel_button.display = False
        self.bar.update(total=max(items, 1), progress=items if not cancelled else 0)
        outcome = (
            "Stopped by an error after" if failed else "Cancelled after" if cancelled else "Fetched"
        )
        self.summary.update(content(f"{outcome} {self._counts()} · s to save"))

    def _show_running(self) -> None:
        left = self._wait_until - self._clock()
        waiting = f" · {waiting_text(left)}" if left > 0 else ""
        self.summary.update(content(f"Fetching all… {self._counts()}{waiting}"))

    def _counts(self) -> str:
        elapsed = format_duration(self._clock() - self._started)
        pages = "page" if self._pages == 1 else "pages"
        return f"{self._pages} {pages} · {format_count(self._items)} items · {elapsed}"
