"""Response pane costs: showing a page, tabulating it, sorting it, and a very large results list.

Runs the pane headless (``App.run_test``) on sandbox contacts and prints the median and max of each
step over a few runs, in milliseconds: "parse" decodes and parses the body (cached on the response,
so a worker can do it off the event loop); "show" is ``show_response`` until the app is idle (the
body view indexes in chunks and draws in between); "table" is switching to the Table tab, which
tabulates then (at most 1,000 rows); "sort" re-sorts the table by name.

    .venv/bin/python tests/bench/bench_response_pane.py [--runs 5] [--rows 250 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import ClassVar

import httpx
from textual.app import App, ComposeResult

from explorer.core.client import ApiClient, ApiResponse
from explorer.core.request import ApiRequest
from explorer.sandbox.app import create_app
from explorer.sandbox.data import build_workspace
from explorer.ui.widgets.response_pane import ResponsePane

sys.path.insert(0, str(Path(__file__).parents[2]))  # run as a script: the repository root
from tests.ui.support import WIDGET_STYLESHEETS

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
BASE_URL = "http://127.0.0.1:8000"
TOKEN = "bench0000000000000000000000000000000000"


class PaneApp(App[None]):
    CSS_PATH: ClassVar[list[str | PurePath]] = WIDGET_STYLESHEETS

    def __init__(self) -> None:
        super().__init__()
        self.animation_level = "none"  # time the work, not the tab underline's slide

    def compose(self) -> ComposeResult:
        yield ResponsePane()


async def contacts_body(rows: int) -> bytes:
    """A page of ``rows`` contacts: the sandbox's first page, repeated as needed."""
    app = create_app(build_workspace(300, now=NOW), token=TOKEN)
    async with ApiClient(BASE_URL, TOKEN, transport=httpx.ASGITransport(app=app)) as client:
        page = (await client.send(ApiRequest("GET", "/api/v2/contacts.json"))).json()
    contacts = page["results"]
    page["results"] = [contacts[i % len(contacts)] for i in range(rows)]
    return json.dumps(page).encode()


def as_response(raw: bytes) -> ApiResponse:
    headers = httpx.Headers({"Content-Type": "application/json"})
    url = f"{BASE_URL}/api/v2/contacts.json"
    return ApiResponse("GET", url, 200, "OK", headers, raw, 0.05)


async def timed(step: Callable[[], Awaitable[None]]) -> float:
    started = time.perf_counter()
    await step()
    return (time.perf_counter() - started) * 1000


async def one_run(raw: bytes) -> dict[str, float]:
    app = PaneApp()
    figures: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.query_one(ResponsePane)
        response = as_response(raw)

        async def parse() -> None:
            response.json()  # cached: a worker can pay this off the event loop
            assert response.text

        async def show() -> None:
            pane.show_response(response, page_number=1)
            await pilot.pause()

        async def table() -> None:
            pane.action_show_tab("table")
            await pilot.pause()

        async def sort() -> None:
            pane.views.results.sort_by("name")
            await pilot.pause()

        figures["parse"] = await timed(parse)
        figures["show"] = await timed(show)
        figures["table"] = await timed(table)
        figures["sort"] = await timed(sort)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, nargs="+", default=[250, 10_000])
    args = parser.parse_args()
    for rows in args.rows:
        raw = asyncio.run(contacts_body(rows))
        runs = [asyncio.run(one_run(raw)) for _ in range(args.runs)]
        cells = [
            f"{step} {statistics.median(r[step] for r in runs):7.1f} ms"
            f" (max {max(r[step] for r in runs):7.1f})"
            for step in runs[0]
        ]
        print(f"{rows:>6} rows, {len(raw) / 1e6:5.1f} MB: " + " · ".join(cells))


if __name__ == "__main__":
    main()
