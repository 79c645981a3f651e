"""UI test helpers: the explorer on the in-process demo sandbox, started and settled."""

from __future__ import annotations

from textual.pilot import Pilot

from explorer.ui.app import ExplorerApp
from explorer.ui.screens.explorer import ExplorerScreen


async def settle(pilot: Pilot[int]) -> None:
    """Let every worker finish and every message be handled."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def explorer_of(app: ExplorerApp) -> ExplorerScreen:
    return app.explorer


async def choose(pilot: Pilot[int], words: str) -> None:
    """Pick an operation as a person would: filter the tree, then Enter."""
    await pilot.press("ctrl+f", *words, "enter")
    await settle(pilot)
