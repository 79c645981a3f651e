"""Explorer responsiveness on the demo sandbox (in-process): what a person waits for, in ms.

    .venv/bin/python tests/bench/bench_explorer.py [--runs 5]

Prints the medians (wall clock and CPU) of: showing an operation (Down on the tree until the
operation under the cursor is shown, its docs, form and preview rebuilt; the wall time includes
the tree's ``HIGHLIGHT_SETTLE`` rest before it shows one), one keystroke in the endpoint filter,
one keystroke in a form field (preview redrawn), sending ``GET contacts`` until its 250
results are on screen, and opening the command palette (Ctrl+P until its list of operations is
filled and the screen still; the first open of a run, and a later one). Each step starts on a
still screen with no operation waiting to be shown.
Wall time includes Textual's frame pacing and the test driver's waits; app files go to a temp
directory.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from explorer.core.catalog import load_catalog
from explorer.ui.app import ExplorerApp
from explorer.ui.screens.explorer import ExplorerScreen

sys.path.insert(0, str(Path(__file__).parents[2]))  # run as a script: the repository root
from tests.harness.demo import demo_app
from tests.ui.support import settle_tolerating_cancelled

Step = Callable[[Pilot[int]], Awaitable[None]]


def explorer_of(pilot: Pilot[int]) -> ExplorerScreen:
    assert isinstance(pilot.app, ExplorerApp)
    return pilot.app.explorer


async def until_shown(pilot: Pilot[int]) -> None:
    """Until the panes are built and show the operation under the tree's cursor (the tree shows
    it once its cursor rests), then a still screen."""
    explorer = explorer_of(pilot)
    while not explorer.panes_built or explorer.operation is None:
        await pilot.pause(0.005)
    while explorer.operation != explorer.endpoint_tree.cursor_operation:
        await pilot.pause(0.005)
    await settle_tolerating_cancelled(pilot)


async def show_next_operation(pilot: Pilot[int]) -> None:
    before = explorer_of(pilot).operation
    await pilot.press("down")
    await until_shown(pilot)
    assert explorer_of(pilot).operation != before, "Down did not move the tree's cursor"


async def open_palette(pilot: Pilot[int]) -> None:
    await pilot.press("ctrl+p")
    while not isinstance(pilot.app.screen, CommandPalette):
        await pilot.pause(0.001)
    while not pilot.app.screen.query_one(CommandList).option_count:
        await pilot.pause(0.001)


async def close_palette(pilot: Pilot[int]) -> None:
    await pilot.press("escape")
    while isinstance(pilot.app.screen, CommandPalette):
        await pilot.pause(0.001)
    await settle_tolerating_cancelled(pilot)


async def timed(pilot: Pilot[int], step: Step) -> tuple[float, float]:
    """Wall and CPU milliseconds from the key to a still screen (wall includes frame pacing and
    the test driver's waits for idle; CPU is the work the app did)."""
    wall, cpu = time.perf_counter(), time.process_time()
    await step(pilot)
    await settle_tolerating_cancelled(pilot)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


async def measure(runs: int) -> dict[str, list[tuple[float, float]]]:
    results: dict[str, list[tuple[float, float]]] = {
        "show an operation": [],
        "filter keystroke": [],
        "form keystroke": [],
        "send GET contacts": [],
        "palette, first open": [],
        "palette, again": [],
    }
    for _ in range(runs):
        app = demo_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await until_shown(pilot)
            results["show an operation"].append(await timed(pilot, show_next_operation))
            app.explorer.endpoint_tree.filter_input.focus()
            results["filter keystroke"].append(await timed(pilot, lambda p: p.press("c")))
            await pilot.press("backspace")
            await app.explorer.operation_pane.show(load_catalog().operation("contacts", "GET"))
            await settle_tolerating_cancelled(pilot)
            field = app.explorer.form.field("group")
            assert field is not None
            field.input.focus()
            await settle_tolerating_cancelled(pilot)
            results["form keystroke"].append(await timed(pilot, lambda p: p.press("F")))
            await pilot.press("backspace")
            await settle_tolerating_cancelled(pilot)
            results["send GET contacts"].append(await timed(pilot, lambda p: p.press("ctrl+s")))
            results["palette, first open"].append(await timed(pilot, open_palette))
            await close_palette(pilot)
            results["palette, again"].append(await timed(pilot, open_palette))
            await close_palette(pilot)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        os.environ["TEXTIT_EXPLORER_HOME"] = home
        results = asyncio.run(measure(args.runs))
    print(f"explorer responsiveness, {args.runs} runs, 120x40, {os.cpu_count()} cpus")
    for name, times in results.items():
        wall = statistics.median(t[0] for t in times)
        cpu = statistics.median(t[1] for t in times)
        print(f"  {name:<20} wall median {wall:7.1f} ms   cpu median {cpu:7.1f} ms")


if __name__ == "__main__":
    main()
