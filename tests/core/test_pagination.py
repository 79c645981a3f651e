"""Paging through a fake cursor API served by httpx.MockTransport: pages, resume, cancel, save."""

from __future__ import annotations

import asyncio
import base64
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from explorer.core.client import ApiClient
from explorer.core.errors import ApiError, NotFound, RateLimited
from explorer.core.pagination import (
    FetchAll,
    Page,
    Progress,
    cursor_of,
    pages,
    read_envelope,
    read_envelope_head,
    save_results,
)
from explorer.core.request import ApiRequest

BASE = "https://textit.example"
LIST = ApiRequest("GET", "/api/v2/runs.json", (("flow", "f1"),))


class FakeCursorApi:
    """``total`` items served ``size`` at a time, with opaque cursors like the real API's."""

    def __init__(self, total: int, size: int) -> None:
        self.items = [{"id": index} for index in range(total)]
        self.size = size
        self.urls: list[str] = []
        self.hold_page: int | None = None  # this page waits for ``release``
        self.throttle_page: int | None = None  # this page is answered 429 once
        self.release = asyncio.Event()

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(str(request.url))
        cursor = request.url.params.get("cursor")
        start = offset_of(cursor) if cursor is not None else 0
        if start is None:
            return httpx.Response(404, json={"detail": "Invalid cursor"})
        if self.hold_page == start // self.size + 1:
            await self.release.wait()
        if self.throttle_page == start // self.size + 1:
            self.throttle_page = None
            return httpx.Response(429, json={"detail": "Slow down."}, headers={"Retry-After": "9"})
        return httpx.Response(200, json=self.envelope(request, start))

    def envelope(self, request: httpx.Request, start: int) -> dict[str, object]:
        end = start + self.size
        return {
            "next": self.link(request, end) if end < len(self.items) else None,
            "previous": self.link(request, start - self.size) if start else None,
            "results": self.items[start:end],
        }

    def link(self, request: httpx.Request, start: int) -> str:
        params = [(k, v) for k, v in request.url.params.multi_items() if k != "cursor"]
        cursor = base64.b64encode(f"o={max(start, 0)}".encode()).decode()
        return f"{BASE}{request.url.path}?{urlencode([*params, ('cursor', cursor)])}"


def offset_of(cursor: str) -> int | None:
    try:
        decoded = base64.b64decode(cursor, validate=True).decode()
    except ValueError:
        return None
    return int(decoded[2:]) if decoded.startswith("o=") else None


def cursor_for(start: int) -> str:
    return base64.b64encode(f"o={start}".encode()).decode()


def client_for(handler: httpx.MockTransport) -> ApiClient:
    return ApiClient(BASE, "t" * 40, transport=handler)


async def collect(client: ApiClient, resume_cursor: str | None = None) -> list[Page]:
    return [page async for page in pages(client, LIST, resume_cursor=resume_cursor)]


async def test_pages_follow_next_until_it_is_null() -> None:
    api = FakeCursorApi(total=7, size=3)
    async with client_for(httpx.MockTransport(api)) as client:
        found = await collect(client)
    assert [page.number for page in found] == [1, 2, 3]
    assert [[item["id"] for item in page.results] for page in found] == [[0, 1, 2], [3, 4, 5], [6]]
    assert [page.cursor for page in found] == [cursor_for(3), cursor_for(6), None]
    assert found[0].previous_url is None and found[1].previous_url is not None
    assert found[-1].next_url is None
    assert all("flow=f1" in url for url in api.urls)  # the filter is kept on every page
    assert found[1].response.url == api.urls[1]


async def test_an_empty_page_stops_the_walk_even_with_a_next_link() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, json={"next": f"{BASE}/api/v2/runs.json?cursor=x", "results": []}
        )

    async with client_for(httpx.MockTransport(handler)) as client:
        found = await collect(client)
    assert [(page.number, page.results) for page in found] == [(1, [])]


async def test_a_next_link_that_is_not_a_string_ends_the_walk() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"next": 42, "previous": None, "results": [1]})

    async with client_for(httpx.MockTransport(handler)) as client:
        found = await collect(client)
    assert [(page.number, page.next_url) for page in found] == [(1, None)]


NEXT = "https://x/api/v2/runs.json?cursor=b"


def test_the_envelope_follows_the_api_shapes() -> None:
    page: dict[str, Any] = {"next": NEXT, "previous": None, "results": [{"a": 1}]}
    envelope = read_envelope(page)
    assert envelope is not None and envelope.paged
    assert envelope.results is page["results"]  # not copied: a table counts it
    assert (envelope.previous_url, envelope.next_url) == (None, NEXT)
    counted = read_envelope({**page, "count": 3})
    assert counted is not None and counted.count == 3
    odd = read_envelope({"next": "", "previous": 3, "count": True, "results": []})
    assert odd is not None and (odd.next_url, odd.previous_url, odd.count) == (None, None, None)
    statistics = read_envelope({"results": []})
    assert statistics is not None and not statistics.paged  # a list, but not paged
    assert read_envelope({"uuid": "x"}) is None
    assert read_envelope(["not", "paged"]) is None


def test_the_links_of_a_big_body_come_from_its_first_bytes() -> None:
    head = '{"next":"https://x/runs.json?a=1\\u0026cursor=b","previous":null,"results":[{"a":'
    assert read_envelope_head(head) == (None, "https://x/runs.json?a=1&cursor=b")
    offset = '{"count": 9, "next": null, "previous": "https://x/archives.json", "results": ['
    assert read_envelope_head(offset) == ("https://x/archives.json", None)
    assert read_envelope_head('{"results": [{"next": "x", "previous": null, "results": [') is None


async def test_a_crawl_resumes_from_a_cursor() -> None:
    api = FakeCursorApi(total=7, size=3)
    async with client_for(httpx.MockTransport(api)) as client:
        found = await collect(client, resume_cursor=cursor_for(3))
    assert [[item["id"] for item in page.results] for page in found] == [[3, 4, 5], [6]]
    assert cursor_of(api.urls[0]) == cursor_for(3)


async def test_limit_offset_pages_carry_the_count() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", "0"))
        following = f"{BASE}/api/v2/archives.json?limit=2&offset={offset + 2}"
        return httpx.Response(
            200,
            json={
                "count": 3,
                "next": following if offset + 2 < 3 else None,
                "previous": None,
                "results": [{"n": n} for n in range(offset, min(offset + 2, 3))],
            },
        )

    archives = ApiRequest("GET", "/api/v2/archives.json", (("limit", "2"),))
    async with client_for(httpx.MockTransport(handler)) as client:
        found = [page async for page in pages(client, archives)]
    assert [(page.count, len(page.results), page.cursor) for page in found] == [
        (3, 2, None),
        (3, 1, None),
    ]


async def test_an_error_page_raises_its_domain_error() -> None:
    api = FakeCursorApi(total=7, size=3)
    async with client_for(httpx.MockTransport(api)) as client:
        with pytest.raises(NotFound, match="Invalid cursor"):
            await collect(client, resume_cursor="garbage")


async def test_an_answer_that_is_not_a_page_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"name": "Workspace"})

    async with client_for(httpx.MockTransport(handler)) as client:
        with pytest.raises(ApiError, match='not a page of results \\(no "results" list\\)'):
            await collect(client)


async def test_fetch_all_reports_progress_and_collects_everything() -> None:
    api = FakeCursorApi(total=5, size=2)
    seen: list[Progress] = []
    async with client_for(httpx.MockTransport(api)) as client:
        fetch = FetchAll(client, LIST, on_progress=seen.append)
        results = await fetch.run()
    assert [item["id"] for item in results] == [0, 1, 2, 3, 4]
    assert seen == [
        Progress(1, 2, cursor_for(2)),
        Progress(2, 4, cursor_for(4)),
        Progress(3, 5, None),
    ]
    assert fetch.complete and fetch.cursor is None


async def test_a_cancelled_fetch_keeps_its_items_and_resumes_where_it_stopped() -> None:
    api = FakeCursorApi(total=5, size=2)
    api.hold_page = 2
    async with client_for(httpx.MockTransport(api)) as client:
        fetch = FetchAll(client, LIST)
        task = asyncio.create_task(fetch.run())
        async with asyncio.timeout(10):  # until page 2 has been asked for and is being held
            while len(api.urls) < 2:
                await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert ([item["id"] for item in fetch.results], fetch.cursor) == ([0, 1], cursor_for(2))
        assert not fetch.complete
        api.hold_page = None
        results = await fetch.run()  # the same client still works after the cancel
    assert [item["id"] for item in results] == [0, 1, 2, 3, 4]
    assert cursor_of(api.urls[2]) == cursor_for(2)


async def test_a_throttled_page_raises_from_the_crawl() -> None:
    api = FakeCursorApi(total=5, size=2)
    api.throttle_page = 1
    async with client_for(httpx.MockTransport(api)) as client:
        with pytest.raises(RateLimited):
            await collect(client)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("runs.json", '[\n  {\n    "id": 1\n  },\n  {\n    "name": "Zoë"\n  }\n]\n'),
        ("runs.jsonl", '{"id": 1}\n{"name": "Zoë"}\n'),
    ],
)
def test_results_are_saved_as_json_or_json_lines(tmp_path: Path, name: str, expected: str) -> None:
    path = tmp_path / "exports" / name
    save_results([{"id": 1}, {"name": "Zoë"}], path)
    assert path.read_text("utf-8") == expected
    assert [p.name for p in path.parent.iterdir()] == [name]  # no temporary file left behind


def test_saving_replaces_an_old_export_whole(tmp_path: Path) -> None:
    path = tmp_path / "runs.json"
    path.write_text("old", "utf-8")
    save_results(iter([{"id": 2}]), path, jsonl=True)
    assert [json.loads(line) for line in path.read_text("utf-8").splitlines()] == [{"id": 2}]


def test_a_real_servers_cursor_survives_the_round_trip() -> None:
    link = (  # a `previous` link exactly as a RapidPro server sent it
        "https://rapidpro.example/api/v2/contacts.json?cursor="
        "cj0xJnA9MjAyNi0xMS0yNyswOSUzQTQwJTNBMTAuOTMzMDczJTJCMDAlM0EwMA%3D%3D"
    )
    cursor = cursor_of(link)
    assert cursor == "cj0xJnA9MjAyNi0xMS0yNyswOSUzQTQwJTNBMTAuOTMzMDczJTJCMDAlM0EwMA=="
    resumed = ApiRequest("GET", "/api/v2/contacts.json").with_param("cursor", cursor)
    assert resumed.url("https://rapidpro.example") == link
