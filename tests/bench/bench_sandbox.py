"""The sandbox's speed: workspace generation, time to the first answer, paging a big workspace.

- generate: ``build_workspace`` for the default size (3,000 contacts) and for 100,000;
- first request: from nothing to the first ``/contacts.json`` page answered over HTTP by a served
  default sandbox (generation + server start + request), and that request alone;
- paging: every page of ``/contacts.json`` (then ``/messages.json``) of the 100,000-contact
  sandbox over loopback HTTP with httpx, following ``next``; pages per minute.

    .venv/bin/python tests/bench/bench_sandbox.py [--contacts 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

import httpx

from explorer.sandbox.data import DEFAULT_CONTACTS, build_workspace
from explorer.sandbox.serve import start_sandbox


def generation(contacts: int, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        build_workspace(contacts)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def first_request() -> tuple[float, float]:
    started = time.perf_counter()
    with start_sandbox(contacts=DEFAULT_CONTACTS) as running:
        asked = time.perf_counter()
        response = httpx.get(
            f"{running.base_url}/api/v2/contacts.json",
            headers={"Authorization": f"Token {running.token}"},
        )
        answered = time.perf_counter()
        response.raise_for_status()
    return answered - started, answered - asked


def paging(contacts: int, slug: str) -> tuple[int, int, float]:
    workspace = build_workspace(contacts)
    with (
        start_sandbox(workspace, rate_per_hour=10**9) as running,
        httpx.Client(headers={"Authorization": f"Token {running.token}"}) as http,
    ):
        http.get(f"{running.base_url}/api/v2/{slug}.json").raise_for_status()  # sort once
        url: str | None = f"{running.base_url}/api/v2/{slug}.json"
        pages = items = 0
        started = time.perf_counter()
        while url:
            page = http.get(url).json()
            pages, items = pages + 1, items + len(page["results"])
            url = page["next"]
        return pages, items, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    default = generation(DEFAULT_CONTACTS, args.runs)
    print(f"generate {DEFAULT_CONTACTS:>7,} contacts: {default:7.3f} s (median of {args.runs})")
    print(f"generate {args.contacts:>7,} contacts: {generation(args.contacts, 1):7.3f} s")
    total, alone = first_request()
    print(
        f"first request, from nothing: {total * 1000:7.0f} ms (the request alone: "
        f"{alone * 1000:.0f} ms)"
    )
    for slug in ("contacts", "messages"):
        pages, items, elapsed = paging(args.contacts, slug)
        print(
            f"paging {slug}: {pages} pages, {items:,} items in {elapsed:.1f} s = "
            f"{pages / elapsed * 60:,.0f} pages/minute ({elapsed / pages * 1000:.1f} ms/page)"
        )


if __name__ == "__main__":
    main()
