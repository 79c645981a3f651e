"""What widget tests, snapshots and benches share: the app's widget stylesheets, bounded waits,
form fields and focus.

Imported as ``tests.ui.support``: pytest puts the repository root on ``sys.path``
(``pythonpath`` in pyproject.toml); a bench run as a script puts it there itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input

from explorer.app.state import shared_store
from explorer.core.history import HistoryEntry
from explorer.ui.app import ExplorerApp
from explorer.ui.widgets.param_inputs import ParamField

WIDGET_STYLESHEETS: list[str | PurePath] = [
    path for path in ExplorerApp.CSS_PATH if PurePath(path).parent.name == "widgets"
]
"""Every widget stylesheet, in the app's order: a widget under test looks as it does in the app,
and a stylesheet added or renamed needs no test edited."""


def sent_so_far() -> list[HistoryEntry]:
    """The history of this test's state dir, oldest first."""
    return shared_store().recent()[::-1]


WAIT_LIMIT = 10.0  # seconds: far more than any state takes, even on a busy machine
POLL = 0.01  # seconds between two looks at the state


async def wait_until(
    pilot: Pilot[Any], condition: Callable[[], bool], what: str, limit: float = WAIT_LIMIT
) -> None:
    """Let the app run until ``condition()`` holds; fail, naming ``what`` was awaited, if it does
    not within ``limit`` seconds. A test waits for a state, never a time. It returns at once (no
    wait for idle), so a state on the way (a body still loading) can be seen."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {limit:g} s: {what}")
        await pilot.pause(POLL)


async def settle_tolerating_cancelled(pilot: Pilot[Any]) -> None:
    """Wait until no worker runs (a cancelled or failed one included) and the screen is redrawn.

    It polls: ``workers.wait_for_complete`` (what ``tests.harness.scenes.settle`` uses) raises when
    a worker was cancelled. Unlike that one, it does not wait for timers.
    """
    workers = pilot.app.workers
    await wait_until(pilot, lambda: not any(w.is_running for w in workers), "workers to finish")
    await pilot.pause()


def field_input(app: object, name: str) -> Input:
    """The text input of the explorer's form field ``name``."""
    screen = app.explorer  # type: ignore[attr-defined]
    found = screen.form.field(name)
    assert isinstance(found, ParamField)
    widget = found.input
    assert isinstance(widget, Input)
    return widget


def focus_within(widget: Widget) -> None:
    """Focus the first focusable widget inside ``widget``, as Tab would."""
    next(w for w in widget.query("*") if w.focusable).focus()


def record_toasts(app: App[Any]) -> list[str]:
    """Every toast message ``app`` shows from now on, kept after the toast expires (a toast
    lives a few seconds, which a busy machine can spend before a test looks)."""
    told: list[str] = []
    notify = app.notify

    def record(message: str, **options: Any) -> None:
        told.append(message)
        notify(message, **options)

    app.notify = record  # type: ignore[method-assign]
    return told
