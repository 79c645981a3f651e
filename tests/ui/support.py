"""What widget tests, snapshots and benches share: the app's widget stylesheets, and a settle.

Imported as ``tests.ui.support``: pytest puts the repository root on ``sys.path``
(``pythonpath`` in pyproject.toml); a bench run as a script puts it there itself.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from textual.pilot import Pilot

from explorer.ui.app import ExplorerApp

WIDGET_STYLESHEETS: list[str | PurePath] = [
    path for path in ExplorerApp.CSS_PATH if PurePath(path).parent.name == "widgets"
]
"""Every widget stylesheet, in the app's order: a widget under test looks as it does in the app,
and a stylesheet added or renamed needs no test edited."""


async def settle_tolerating_cancelled(pilot: Pilot[Any]) -> None:
    """Wait until no worker runs (a cancelled or failed one included) and the screen is redrawn.

    It polls: ``workers.wait_for_complete`` (what ``tests.harness.scenes.settle`` uses) raises when
    a worker was cancelled. Unlike that one, it does not wait for timers.
    """
    while any(worker.is_running for worker in pilot.app.workers):
        await pilot.pause(0.01)
    await pilot.pause()
