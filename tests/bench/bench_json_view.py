"""Benchmark: JsonView on 1, 5 and 20 MB contacts-shaped bodies in a headless Textual app.

Run: ``.venv/bin/python tests/bench/bench_json_view.py [sizes in MB...] [--runs N]``. For each
size it prints the median over N runs (and the best, which is what the code can do on a machine
with no other load) of

- first screen: from ``load()`` to the first body line drawn;
- longest frame gap: the longest stall of the event loop while the body is indexed, seen by a
  ticker task that wakes every 5 ms (a stall over 100 ms would be visible as a frozen screen),
  and the most CPU time this process used within one gap (on a busy machine a gap can be much
  longer than the work done in it);
- end reachable: from ``load()`` until the index is complete (``JsonView.Loaded``), then End
  must draw the last line;
- PageDown / End latency: from the key event posted to the app until the body's next frame is
  drawn (its bottom row rendered: each key measured scrolls the view, which redraws it whole; a
  cursor move within the screen redraws just two lines); the headless driver does not write to
  a terminal. Each key is sent right after the previous frame, and Textual draws at most 60
  frames a second, so its frame comes one frame period (about 17 ms) after the previous one at
  the earliest; "PageDown CPU" is the work done per key (CPU time from the key to its frame);
- peak memory: tracemalloc's peak during load and full indexing, in a separate pass (tracemalloc
  slows Python down, so no time is taken from that pass), as a multiple of the body size.

Garbage collection runs as in the app (``explorer.cli`` and ``ExplorerApp.first_frame_drawn``):
off until the first frame, then what exists is frozen and collection is turned on; every figure
is taken with it on, so its pauses count.

Targets (20 MB): first screen < 0.5 s, no gap > 100 ms, end < 2.5 s, keys < 50 ms, memory < 10x.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import statistics
import sys
import time
import tracemalloc
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path, PurePath
from typing import Any, ClassVar

from textual import events
from textual.app import App, ComposeResult
from textual.strip import Strip

from explorer.ui.widgets.json_lines import JsonLines
from explorer.ui.widgets.json_view import JsonView

sys.path.insert(0, str(Path(__file__).parents[2]))  # run as a script: the repository root
from tests.ui.support import WIDGET_STYLESHEETS

MB = 1_000_000
SCREEN = (120, 40)


def contact(number: int, rng: random.Random) -> dict[str, Any]:
    """One contact shaped like the real server's (see GET_contacts), with some non-ASCII names."""
    return {
        "uuid": str(uuid.UUID(int=rng.getrandbits(128))),
        "name": f"Contact {number} Ñandú" if number % 7 == 0 else f"Bulk Contact {number}",
        "status": "active",
        "language": rng.choice(["eng", "fra", "kin"]),
        "urns": [f"tel:+250789{number:06d}"],
        "groups": [{"uuid": str(uuid.UUID(int=rng.getrandbits(128))), "name": "Reporters"}]
        if number % 3 == 0
        else [],
        "notes": [],
        "fields": {
            "age": str(18 + number % 60),
            "gender": rng.choice(["M", "F"]),
            "joined": None,
            "next_appointment": None,
            "district": rng.choice(["Gasabo", "Musanze", "Huye"]),
            "nickname": None,
        },
        "flow": None,
        "created_on": "2026-11-27T09:40:17.663185Z",
        "modified_on": "2026-11-27T09:40:17.663360Z",
        "last_seen_on": "2026-11-24T16:40:09.621912Z",
        "blocked": False,
        "stopped": False,
    }


def contacts_body(size: int) -> bytes:
    """A compact ``{"next","previous","results"}`` body of about ``size`` bytes."""
    rng = random.Random(size)
    head = '{"next":"https://textit.example/api/v2/contacts.json?cursor=cD0yMDI2","previous":null'

    def items() -> Iterator[str]:
        total, number = len(head), 0
        while total < size:
            item = json.dumps(contact(number, rng), separators=(",", ":"), ensure_ascii=False)
            total += len(item) + 1
            number += 1
            yield item

    return (head + ',"results":[' + ",".join(items()) + "]}").encode()


class BenchApp(App[None]):
    CSS_PATH: ClassVar[list[str | PurePath]] = WIDGET_STYLESHEETS

    def __init__(self) -> None:
        super().__init__()
        self.loaded = asyncio.Event()

    def compose(self) -> ComposeResult:
        yield JsonView()

    def on_json_view_loaded(self) -> None:
        self.loaded.set()


class DrawWatch:
    """Wraps a JsonLines instance's ``render_line`` to time what is drawn: the first body line
    after a load, and each complete frame (its bottom row)."""

    def __init__(self, lines: JsonLines) -> None:
        self.lines = lines
        self.first_line: float | None = None
        self.frames = 0
        self.frame_done = asyncio.Event()
        self._render_line = lines.render_line
        lines.render_line = self._recording  # type: ignore[method-assign]

    def _recording(self, y: int) -> Strip:
        strip = self._render_line(y)
        now = time.perf_counter()
        if self.first_line is None and y == 0 and self.lines.document.line_count:
            self.first_line = now
        if y == self.lines.size.height - 1:
            self.frames += 1
            self.frame_done.set()
        return strip

    async def latency(self, app: App[None], key: str) -> float:
        """Seconds from a key event posted to the app until the next frame of the lines is drawn."""
        return (await self.timed_key(app, key))[0]

    async def timed_key(self, app: App[None], key: str) -> tuple[float, float]:
        """(wall, CPU) seconds from a key event posted to the app until the lines' next frame."""
        self.frame_done.clear()
        start, start_cpu = time.perf_counter(), time.process_time()
        app.post_message(events.Key(key, None))
        await asyncio.wait_for(self.frame_done.wait(), timeout=5)
        return time.perf_counter() - start, time.process_time() - start_cpu


@asynccontextmanager
async def running(app: BenchApp) -> AsyncIterator[JsonView]:
    """``app`` running headless with garbage collection as in the real app; yields its view once
    the first frame is drawn; afterwards unfreezes and collects, so runs do not add up."""
    gc.disable()
    try:
        async with app.run_test(size=SCREEN) as pilot:
            view = app.query_one(JsonView)
            view.lines.focus()
            await pilot.pause()
            gc.freeze()
            gc.enable()
            yield view
    finally:
        gc.unfreeze()
        gc.enable()
        gc.collect()


async def ticker(gaps: list[tuple[float, float]], stop: asyncio.Event) -> None:
    """Record (wall, CPU) seconds between wake-ups; CPU much below wall means this process was
    waiting for a core (another process's load), not busy."""
    last, last_cpu = time.perf_counter(), time.process_time()
    while not stop.is_set():
        await asyncio.sleep(0.005)
        now, cpu = time.perf_counter(), time.process_time()
        gaps.append((now - last, cpu - last_cpu))
        last, last_cpu = now, cpu


async def latencies(watch: DrawWatch, app: App[None], keys: list[str]) -> list[float]:
    return [await watch.latency(app, key) for key in keys]


async def measure(body: bytes) -> dict[str, float]:
    app = BenchApp()
    async with running(app) as view:
        watch = DrawWatch(view.lines)
        gaps: list[tuple[float, float]] = []
        stop = asyncio.Event()
        tick = asyncio.create_task(ticker(gaps, stop))
        start = time.perf_counter()
        view.load(body, "application/json")
        await app.loaded.wait()
        loaded = time.perf_counter()
        stop.set()
        await tick
        first_end = await watch.latency(app, "end")
        end_reachable = time.perf_counter() - start
        document = view.lines.document
        assert view.lines.cursor == document.line_count - 1
        bottom = view.lines.render_line(view.lines.size.height - 1).text.strip()
        assert bottom == document.line(document.line_count - 1), bottom
        await latencies(watch, app, ["home"])
        page_down_timed = [await watch.timed_key(app, "pagedown") for _ in range(30)]
        page_down = [wall for wall, _ in page_down_timed]
        ends = (await latencies(watch, app, ["home", "end"] * 15))[1::2]
        assert watch.first_line is not None
        return {
            "first screen s": watch.first_line - start,
            "longest frame gap ms": max(wall for wall, _ in gaps) * 1000,
            "most CPU in a gap ms": max(cpu for _, cpu in gaps) * 1000,
            "index complete s": loaded - start,
            "end reachable s": end_reachable,
            "End first press ms": first_end * 1000,
            "PageDown mean ms": statistics.mean(page_down) * 1000,
            "PageDown worst ms": max(page_down) * 1000,
            "PageDown CPU mean ms": statistics.mean(cpu for _, cpu in page_down_timed) * 1000,
            "End mean ms": statistics.mean(ends) * 1000,
            "End worst ms": max(ends) * 1000,
            "lines": document.line_count,
        }


async def peak_memory(body: bytes) -> float:
    """tracemalloc's peak, in bytes, from ``load()`` until the index is complete."""
    app = BenchApp()
    async with running(app) as view:
        tracemalloc.start()
        view.load(body, "application/json")
        await app.loaded.wait()
        await DrawWatch(view.lines).latency(app, "end")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak


def main(sizes: list[int], runs: int) -> None:
    print(f"each figure: median of {runs} runs (best in brackets); memory from one extra run")
    for size_mb in sizes:
        body = contacts_body(size_mb * MB)
        results = [asyncio.run(measure(body)) for _ in range(runs)]
        peak = asyncio.run(peak_memory(body))
        print(f"\n{size_mb} MB body ({len(body):,} bytes, {results[0].pop('lines'):,.0f} lines)")
        for name in results[0]:
            values = [result[name] for result in results]
            print(f"  {name:<24}{statistics.median(values):10.3f}  ({min(values):.3f})")
        print(f"  {'peak memory MB':<24}{peak / MB:10.1f}  ({peak / len(body):.1f}x the body)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1, 5, 20], help="body sizes in MB")
    parser.add_argument("--runs", type=int, default=3, help="runs per size (median reported)")
    arguments = parser.parse_args()
    main(arguments.sizes, arguments.runs)
