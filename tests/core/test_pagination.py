"""Paging through a fake cursor API served by httpx.MockTransport: pages, resume, save."""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import httpx
import pytest

from explorer.core.client import ApiClient
from explorer.core.errors import ApiError, NotFound, RateLimited
from explorer.core.pagination import (
    NOT_A_PAGE,
    Envelope,
    Page,
    cursor_of,
    pages,
    read_envelope,
    read_envelope_head,
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
        self.throttle_page: int | None = None  # this page is answered 429 once

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(str(request.url))
        cursor = request.url.params.get("cursor")
        start = offset_of(cursor) if cursor is not None else 0
        if start is None:
            return httpx.Response(404, json={"detail": "Invalid cursor"})
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


NEXT = "https://x/api/v2/runs.json?cursor=b"


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


async def test_a_throttled_page_raises_from_the_crawl() -> None:
    api = FakeCursorApi(total=5, size=2)
    api.throttle_page = 1
    async with client_for(httpx.MockTransport(api)) as client:
        with pytest.raises(RateLimited):
            await collect(client)


def test_a_real_servers_cursor_survives_the_round_trip() -> None:
    link = (  # a `previous` link exactly as a RapidPro server sent it
        "https://rapidpro.example/api/v2/contacts.json?cursor="
        "cj0xJnA9MjAyNi0xMS0yNyswOSUzQTQwJTNBMTAuOTMzMDczJTJCMDAlM0EwMA%3D%3D"
    )
    cursor = cursor_of(link)
    assert cursor == "cj0xJnA9MjAyNi0xMS0yNyswOSUzQTQwJTNBMTAuOTMzMDczJTJCMDAlM0EwMA=="
    resumed = ApiRequest("GET", "/api/v2/contacts.json").with_param("cursor", cursor)
    assert resumed.url("https://rapidpro.example") == link


PAGE_URL = f"{BASE}/api/v2/runs.json?cursor=a"
NEXT = f"{BASE}/api/v2/runs.json?cursor=b"


def test_the_envelope_gives_the_paging_of_a_page_only() -> None:
    page = {"next": NEXT, "previous": None, "results": [{"a": 1}]}
    assert read_envelope(page, PAGE_URL) == Envelope(True, None, NEXT)
    assert read_envelope({**page, "count": 3}, PAGE_URL).is_page
    assert read_envelope({"next": "", "previous": None}, PAGE_URL) == NOT_A_PAGE
    assert not read_envelope({"results": []}, PAGE_URL).is_page  # statistics: not paged
    assert read_envelope(["not", "paged"], PAGE_URL) == NOT_A_PAGE


def test_the_envelope_of_a_big_body_comes_from_its_first_bytes() -> None:
    head = (
        '{"next":"https://textit.example/runs.json?a=1\\u0026cursor=b","previous":null,"results":['
    )
    found = read_envelope_head(head, PAGE_URL)
    assert found == Envelope(True, None, "https://textit.example/runs.json?a=1&cursor=b")
    offset = '{"count": 9, "next": null, "previous": "https://textit.example/a.json", "results": ['
    assert read_envelope_head(offset, PAGE_URL) == Envelope(True, "https://textit.example/a.json")
    nested = '{"results": [{"next": "x", "previous": null, "results": ['
    assert read_envelope_head(nested, PAGE_URL) == NOT_A_PAGE


@pytest.mark.parametrize(
    ("link", "why"),
    [
        (5, "is not a URL (5)"),
        ([NEXT], "is not a URL"),
        ({"url": NEXT}, "is not a URL"),
        (f"{BASE}:99999/api/v2/runs.json", "not a valid URL"),
        (f"{BASE}:abc/api/v2/runs.json", "not a valid URL"),
        ("https://evil.example/api/v2/runs.json", "another server"),
        ("http://textit.example/api/v2/runs.json", "plain http"),
    ],
    ids=["number", "list", "object", "port-99999", "port-abc", "other-host", "plain-http"],
)
def test_a_link_that_cannot_be_followed_is_dropped_with_the_reason(link: object, why: str) -> None:
    found = read_envelope({"next": link, "previous": None, "results": [1]}, PAGE_URL)
    assert found.is_page and found.next_url is None
    assert found.next_problem is not None and why in found.next_problem
    assert found.problem == found.next_problem and '"next"' in found.problem


async def test_a_crawl_that_meets_a_bad_link_keeps_its_pages_and_says_why() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("cursor") is None:
            return httpx.Response(200, json={"next": NEXT, "previous": None, "results": [1, 2]})
        return httpx.Response(200, json={"next": 5, "previous": None, "results": [3]})

    results: list[object] = []
    async with client_for(httpx.MockTransport(handler)) as client:
        with pytest.raises(ApiError, match='"next" link is not a URL'):
            async for page in pages(client, LIST):
                results += page.results
    assert results == [1, 2, 3]
