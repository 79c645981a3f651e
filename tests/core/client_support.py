"""An ApiClient over a MockTransport, shared by the client tests.

Imported as ``tests.core.client_support``.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from explorer.core.client import ApiClient
from explorer.core.request import ApiRequest

TOKEN = "0123456789abcdef0123456789abcdef01234567"
BASE = "https://textit.example"
LIST = ApiRequest("GET", "/api/v2/contacts.json", (("group", "Survey Panel"),))
Handler = Callable[[httpx.Request], httpx.Response]


def client_for(handler: Handler, base_url: str = BASE, timeout: float = 30.0) -> ApiClient:
    return ApiClient(base_url, TOKEN, transport=httpx.MockTransport(handler), timeout=timeout)


def recording(status: int, body: object) -> tuple[list[httpx.Request], Handler]:
    """A handler answering ``status`` with JSON ``body``, and the list of requests it saw."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(status, json=body)

    return seen, handler
