"""The explorer's performance figures in one run on one machine, against the issue's targets.

Runs, one after the other with the same interpreter: the launch benchmark (time to the first usable
screen, next to a bare Textual app; needs tmux) and the body-viewer benchmark (1, 5 and 20 MB
contacts-shaped JSON bodies: first screen, longest frame gap, end reachable, PageDown / End latency,
peak memory).

    .venv/bin/python tests/bench/bench_ui.py [--runs N]

Targets: launch within 1.5x the bare app; for 20 MB, first screen < 0.5 s, no frame gap > 100 ms,
end reachable < 2.5 s, PageDown / End < 50 ms, peak memory < 10x the body.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (medians reported)")
    args = parser.parse_args()
    print(f"{platform.node()} · {platform.python_implementation()} {platform.python_version()}")
    steps = [
        ["bench_launch.py", "--runs", str(args.runs)],
        ["bench_json_view.py", "1", "5", "20", "--runs", str(args.runs)],
    ]
    for script, *script_args in steps:
        print(f"\n== {script} {' '.join(script_args)}", flush=True)
        done = subprocess.run([sys.executable, str(HERE / script), *script_args], check=False)
        if done.returncode != 0:
            return done.returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
