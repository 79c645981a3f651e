"""The HTTP core's own costs, without a network: what the app adds on top of the server's time.

- validate: ``build_request`` for every example in the packaged catalog (per request);
- crawl: 40 pages of 250 contacts served by an in-memory transport, walked by ``pages`` through a
  bare ``ApiClient`` and fetched by the app's ``Fetch`` (rate-limit accounting and a history line
  per page, 429s sent again, events), per page; then saving the 10,000 items as JSONL;
- record: ``RateLimiter.record`` in the app's SQLite store already holding a full hour of 2,500
  requests (one insert per request), and the snapshot a rate-bar update reads from it.

Prints medians over a few runs.

    .venv/bin/python tests/bench/bench_http_core.py [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from explorer.app.fetch import Fetch
from explorer.app.session import MeteredClient, Session
from explorer.app.state import open_store
from explorer.app.store import Store, StoreRateBook
from explorer.core.catalog import Kind, load_catalog
from explorer.core.client import ApiClient
from explorer.core.pagination import pages
from explorer.core.profiles import Profile
from explorer.core.ratelimit import RateLimiter
from explorer.core.records import write_records
from explorer.core.request import ApiRequest, build_request, parse_body_text, parse_query_text
from explorer.core.tokens import TokenLookup, TokenSource

BASE = "https://textit.example"
CONTACTS = ApiRequest("GET", "/api/v2/contacts.json")
TOKEN = "t" * 40
PAGES, PAGE_SIZE = 40, 250
CONTACT = {
    "uuid": "429173b8-e781-49b1-af13-568ad0c9ff27",
    "name": "Bulk Contact 050",
    "status": "active",
    "language": "eng",
    "urns": ["tel:+250789100050"],
    "groups": [{"uuid": "ccb72ad8-e863-4e0e-9511-4353dc9a73a5", "name": "Survey Panel"}],
    "fields": {"age": "18", "district": "Musanze"},
    "created_on": "2026-11-27T09:40:10.932896Z",
}


def median_ms(runs: int, action: Callable[[], Any]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def validate_examples() -> int:
    operations = [
        op for op in load_catalog().operations() if all(p.kind is not Kind.FILE for p in op.body)
    ]
    for op in operations:
        body = parse_body_text(json.dumps(op.example_body) if op.example_body else "")
        build_request(op, parse_query_text(op.example_query), body)
    return len(operations)


def page_body(number: int) -> bytes:
    following = f"{BASE}/api/v2/contacts.json?cursor=p{number + 1}" if number < PAGES else None
    return json.dumps(
        {"next": following, "previous": None, "results": [CONTACT] * PAGE_SIZE}
    ).encode()


def serve_pages() -> httpx.MockTransport:
    bodies = {number: page_body(number) for number in range(1, PAGES + 1)}

    def handler(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params.get("cursor", "p1")[1:])
        return httpx.Response(
            200, content=bodies[number], headers={"Content-Type": "application/json"}
        )

    return httpx.MockTransport(handler)


async def crawl_bare() -> int:
    async with ApiClient(BASE, TOKEN, transport=serve_pages()) as client:
        return sum([len(page.results) async for page in pages(client, CONTACTS)])


async def crawl_as_the_app(history: Store) -> int:
    """Through the app's fetch-all; the limiter's store is left out (see ``record``)."""
    metered = MeteredClient(
        Profile("bench", BASE),
        TOKEN,
        limiter=RateLimiter(),
        history=history,
        transport=serve_pages(),
    )
    session = Session(metered.profile, metered, TokenLookup(TOKEN, TokenSource.SESSION, "bench"))
    async with metered:
        crawl = Fetch(session, CONTACTS)
        await crawl.run()
        return crawl.items


def full_limiter(store: Store) -> RateLimiter:
    """A limiter that already counted 2,500 requests this hour, in ``store``."""
    book = StoreRateBook(store, "bench")
    now = time.time()
    book.add_many("v2", [now - 3000 + second for second in range(2500)])
    return RateLimiter(limit_per_hour=5000, book=book)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    count = validate_examples()
    print(f"validate  {median_ms(runs, validate_examples) * 1000 / count:8.1f} µs per request")

    bare = median_ms(runs, lambda: asyncio.run(crawl_bare()))
    print(f"crawl     {bare / PAGES:8.2f} ms per page of {PAGE_SIZE} (bare)")

    with tempfile.TemporaryDirectory() as directory:
        history = open_store(Path(directory) / "state.sqlite3")
        as_app = median_ms(runs, lambda: asyncio.run(crawl_as_the_app(history)))
        print(f"crawl     {as_app / PAGES:8.2f} ms per page of {PAGE_SIZE} (as the app)")
        items = [CONTACT] * PAGES * PAGE_SIZE
        path = Path(directory) / "contacts.jsonl"
        saving = median_ms(runs, lambda: write_records(items, path))
        print(f"save      {saving:8.1f} ms for {len(items)} items as JSONL")
        limiter = full_limiter(history)
        recording = median_ms(runs * 4, lambda: limiter.record("v2"))
        print(f"record    {recording:8.2f} ms per request, 2,500 already saved")
        snapshotting = median_ms(runs * 4, limiter.snapshot)
        print(f"snapshot  {snapshotting:8.2f} ms per rate-bar update, 2,500 in the hour")


if __name__ == "__main__":
    main()
