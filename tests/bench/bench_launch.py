"""Launch time: textit-explorer on its sandbox against a bare Textual app, as a person sees it.

Each command runs in a detached tmux pane; the pane is polled every few milliseconds until the
expected text is on screen. The programs take turns, so a busy machine slows both alike. Prints
each program's median, min and max, and the ratio (target: the explorer within 1.5x the bare
app). Needs tmux.

    .venv/bin/python tests/bench/bench_launch.py [--runs 7] [--size 120x40] [--socket NAME]
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

BARE_APP = """
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("bare textual app ready")
        yield Footer()

Bare().run()
"""


def time_until_text(
    command: str, expect: re.Pattern[str], size: tuple[int, int], socket: str
) -> float:
    session = f"bench-{uuid.uuid4().hex[:8]}"
    tmux = ["tmux", "-L", socket]
    started = time.perf_counter()
    subprocess.run(
        [
            *tmux,
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            str(size[0]),
            "-y",
            str(size[1]),
            command,
        ],
        check=True,
    )
    try:
        while time.perf_counter() - started < 30:
            screen = subprocess.run(
                [*tmux, "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            if expect.search(screen):
                return time.perf_counter() - started
            time.sleep(0.005)
        raise SystemExit(f"{command!r}: {expect.pattern!r} not on screen within 30 s")
    finally:
        subprocess.run([*tmux, "kill-session", "-t", session], capture_output=True)


def measure(
    commands: dict[str, tuple[str, str]], runs: int, size: tuple[int, int], socket: str
) -> dict[str, list[float]]:
    """Time each ``name: (command, expected text)`` ``runs`` times, the programs taking turns."""
    patterns = {name: (command, re.compile(expect)) for name, (command, expect) in commands.items()}
    for command, pattern in patterns.values():
        time_until_text(command, pattern, size, socket)  # warm-up: file caches, .pyc
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, pattern) in patterns.items():
            times[name].append(time_until_text(command, pattern, size, socket))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--size", default="120x40")
    parser.add_argument(
        "--socket",
        default=f"bench-launch-{os.getpid()}",
        help="tmux socket name (default: one per run, so parallel benches never share a server)",
    )
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    # a session that outlives every timed one: the server would otherwise exit between runs
    subprocess.run(
        ["tmux", "-L", args.socket, "new-session", "-d", "-s", "keep", "cat"], check=True
    )
    try:
        results = run_both(args.runs, (width, height), args.socket)
    finally:
        subprocess.run(["tmux", "-L", args.socket, "kill-server"], capture_output=True)
    print(
        f"launch to first usable screen, {args.runs} runs each, terminal {args.size}, "
        f"{os.cpu_count()} cpus"
    )
    for name, times in results.items():
        print(
            f"  {name:<28} median {statistics.median(times):.3f} s  "
            f"min {min(times):.3f} s  max {max(times):.3f} s"
        )
    bare_median, ours = (statistics.median(t) for t in results.values())
    print(f"  ratio explorer / bare: {ours / bare_median:.2f}x (target <= 1.5x)")
    return 0


def run_both(runs: int, size: tuple[int, int], socket: str) -> dict[str, list[float]]:
    """Time the bare app, then the explorer on the sandbox (in a throwaway home)."""
    python = sys.executable
    explorer = str(Path(python).with_name("textit-explorer"))
    with tempfile.TemporaryDirectory() as home:
        bare = Path(home) / "bare_app.py"
        bare.write_text(BARE_APP)
        # as installed: the warm-up run leaves .pyc files, as pip's install does
        env = f"env -u PYTHONDONTWRITEBYTECODE TEXTIT_EXPLORER_HOME={shlex.quote(home)} "
        commands = {
            "bare Textual app": (f"{env}{shlex.quote(python)} {bare}", "bare textual app ready"),
            "textit-explorer (sandbox)": (env + shlex.quote(explorer), r"Contacts[\s\S]*\^p"),
        }
        return measure(commands, runs, size, socket)


if __name__ == "__main__":
    raise SystemExit(main())
