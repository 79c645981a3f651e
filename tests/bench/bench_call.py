"""``textit-explorer call GET contacts --all`` beside the official client, rapidpro-python.

For each size (10,000 and 100,000 contacts by default) one sandbox is served in its own process
with its rate limit lifted (``textit-explorer sandbox --rate``); then, one after the other and
each as a whole process reading every contact from it:

- ``call``: ``textit-explorer call GET contacts --all`` (JSON lines to /dev/null), on a profile
  pointing at the sandbox, its own rate limit lifted too;
- ``iterfetches``: ``TembaClient.get_contacts().iterfetches()``, which streams page by page;
- ``all``: ``TembaClient.get_contacts().all()``, which keeps every contact.

Printed per run: contacts, seconds, contacts per second, and peak memory (the maximum resident
set size of the whole process, from GNU time), then ``call``'s speed against the official
client's faster one. Targets: at least 1.5x its items/s, under 100 MB at 100,000 contacts.

    .venv/bin/python tests/bench/bench_call.py [--contacts 10000 100000] [--runs 1]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO

import httpx

TOKEN = "BENCHZZ2YZAQVR32FCAAJETLFNUE3UG7UNS5HC6V"
LIFTED = 10**9  # requests per hour: no limit in practice
GNU_TIME = "/usr/bin/time"  # apt-get install time
STARTUP_TIMEOUT = 300.0  # seconds; building 100,000 contacts takes a while
OFFICIAL = """
import sys
from temba_client.v2 import TembaClient
client = TembaClient(sys.argv[1], sys.argv[2])
query = client.get_contacts()
if sys.argv[3] == "all":
    count = len(query.all(retry_on_rate_exceed=True))
else:
    count = sum(len(batch) for batch in query.iterfetches(retry_on_rate_exceed=True))
print(count)
"""


@dataclass(frozen=True)
class Run:
    name: str
    items: int
    seconds: float
    cpu: float  # seconds of CPU, user and system: the rest of ``seconds`` it waited
    peak_mb: float

    @property
    def rate(self) -> float:
        return self.items / self.seconds


@contextmanager
def served(contacts: int) -> Iterator[str]:
    """A sandbox of ``contacts`` contacts in its own process, its log in a file (a pipe left
    unread would stall it); its base URL, once it has answered (and sorted) a first page."""
    argv = ["sandbox", "--contacts", str(contacts), "--rate", str(LIFTED), "--token", TOKEN]
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "explorer", *argv], stdout=log, stderr=subprocess.DEVNULL
        )
        try:
            base_url = _announced(log)
            headers = {"Authorization": f"Token {TOKEN}"}
            first = httpx.get(f"{base_url}/api/v2/contacts.json", headers=headers, timeout=300)
            first.raise_for_status()  # the sandbox sorts its contacts on the first read
            yield base_url
        finally:
            process.terminate()
            process.wait()


def _announced(log: IO[str]) -> str:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        log.seek(0)
        if match := re.search(r"(http://\S+)/api/v2/", log.read()):
            return match.group(1)
        time.sleep(0.1)
    raise SystemExit("the sandbox did not start")


def measured(
    name: str, argv: list[str], env: dict[str, str], count: Callable[[IO[str]], int]
) -> Run:
    """Run ``argv`` to the end under GNU time, for the peak RSS of that process alone (a child
    of this process would start from this one's: Linux keeps the high-water mark across exec),
    then ``count`` the items in its stdout a line at a time (this process stays small)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as peak:
        timed = [GNU_TIME, "--format=%M", f"--output={_fd_path(peak)}", *argv]
        process = subprocess.Popen(timed, stdout=out, env=env, pass_fds=(peak.fileno(),))
        _, status, usage = os.wait4(process.pid, 0)  # time's usage holds its child's
        seconds = time.perf_counter() - started
        if (code := os.waitstatus_to_exitcode(status)) != 0:
            raise SystemExit(f"{name} failed with exit status {code}")
        out.seek(0)
        peak.seek(0)
        peak_kb = int(peak.read().split()[-1])
        cpu = usage.ru_utime + usage.ru_stime
        return Run(name, count(out), seconds, cpu, peak_kb / 1024)


def _fd_path(file: IO[str]) -> str:
    return f"/dev/fd/{file.fileno()}"


def _lines(out: IO[str]) -> int:
    return sum(1 for _ in out)


def _number(out: IO[str]) -> int:
    return int(out.read())


def call_run(base_url: str, home: Path) -> Run:
    env = {**os.environ, "TEXTIT_EXPLORER_HOME": str(home), "TEXTIT_API_TOKEN_BENCH": TOKEN}
    cli = [sys.executable, "-m", "explorer"]
    profile = ["profile", "add", "bench", "--url", base_url, "--rate-limit", str(LIFTED)]
    subprocess.run([*cli, *profile], env=env, check=True, capture_output=True)
    argv = [*cli, "call", "--profile", "bench", "GET", "contacts", "--all"]
    return measured("call --all", argv, env, _lines)


def official_run(base_url: str, how: str) -> Run:
    argv = [sys.executable, "-c", OFFICIAL, base_url, TOKEN, how]
    return measured(f"rapidpro-python {how}()", argv, dict(os.environ), _number)


def bench(contacts: int, runs: int) -> None:
    print(f"\n{contacts:,} contacts in the sandbox")
    with served(contacts) as base_url, tempfile.TemporaryDirectory() as home:
        results: list[Run] = []
        for number in range(runs):
            clients: list[Callable[[], Run]] = [
                partial(call_run, base_url, Path(home) / f"home-{number}"),
                partial(official_run, base_url, "iterfetches"),
                partial(official_run, base_url, "all"),
            ]
            shift = number % len(clients)  # each goes first in turn: none always meets a cold cache
            results += [client() for client in clients[shift:] + clients[:shift]]
    for run in results:
        print(
            f"  {run.name:<30} {run.items:>8,} items {run.seconds:7.2f} s "
            f"{run.rate:>9,.0f} items/s  CPU {run.cpu:6.2f} s  peak {run.peak_mb:6.1f} MB"
        )
    ours = max(run.rate for run in results if run.name.startswith("call"))
    theirs = max(run.rate for run in results if not run.name.startswith("call"))
    print(f"  call --all is {ours / theirs:.2f}x the official client's best items/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    for contacts in args.contacts:
        bench(contacts, args.runs)


if __name__ == "__main__":
    main()
