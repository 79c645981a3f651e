"""Explorer responsiveness on the demo sandbox (in-process): what a person waits for, in ms.

    .venv/bin/python tests/bench/bench_explorer.py [--runs 5]

Prints the medians (wall clock and CPU) of: showing an operation (tree cursor moves; docs,
form and preview rebuilt), one keystroke in the endpoint filter, one keystroke in a form field
(preview redrawn), and sending ``GET contacts`` until its 250 results are on screen. Wall time
includes Textual's frame pacing and the test driver's waits; app files go to a temp directory.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable

from textual.pilot import Pilot

from explorer.core.catalog import load_catalog
from explorer.ui.demo import demo_app

Step = Callable[[Pilot[int]], Awaitable[None]]


async def settle(pilot: Pilot[int]) -> None:
    """Until every message is handled and every worker done (no fixed sleeps)."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def timed(pilot: Pilot[int], step: Step) -> tuple[float, float]:
    """Wall and CPU milliseconds from the key to a still screen (wall includes frame pacing and
    the test driver's waits for idle; CPU is the work the app did)."""
    wall, cpu = time.perf_counter(), time.process_time()
    await step(pilot)
    await settle(pilot)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


async def measure(runs: int) -> dict[str, list[tuple[float, float]]]:
    results: dict[str, list[tuple[float, float]]] = {
        "show an operation": [],
        "filter keystroke": [],
        "form keystroke": [],
        "send GET contacts": [],
    }
    for _ in range(runs):
        app = demo_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            results["show an operation"].append(await timed(pilot, lambda p: p.press("down")))
            app.explorer.endpoint_tree.filter_input.focus()
            results["filter keystroke"].append(await timed(pilot, lambda p: p.press("c")))
            await pilot.press("backspace")
            await app.explorer.operation_pane.show(load_catalog().operation("contacts", "GET"))
            await settle(pilot)
            field = app.explorer.form.field("group")
            assert field is not None
            field.input.focus()
            await settle(pilot)
            results["form keystroke"].append(await timed(pilot, lambda p: p.press("F")))
            await pilot.press("backspace")
            await settle(pilot)
            results["send GET contacts"].append(await timed(pilot, lambda p: p.press("ctrl+s")))
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
