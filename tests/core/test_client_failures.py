"""ApiClient failures: transport errors become domain errors; URLs and links that would expose
the token, or that httpx cannot use, are refused before anything is sent."""

from __future__ import annotations

import ssl

import httpx
import pytest

from explorer.core import errors
from explorer.core.client import ApiClient
from explorer.core.request import ApiRequest
from tests.core.client_support import BASE, LIST, TOKEN, Handler, client_for, recording


def raising(error: Exception) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error

    return handler


@pytest.mark.parametrize(
    ("failure", "kind", "message"),
    [
        (
            httpx.ReadTimeout("timed out"),
            errors.RequestTimeout,
            "textit.example:443 did not answer within 2.5 s. Try again, or raise the timeout.",
        ),
        (
            httpx.ConnectTimeout("timed out"),
            errors.RequestTimeout,
            "textit.example:443 did not answer within 2.5 s.",
        ),
        (
            httpx.ConnectError("[Errno 111] Connection refused"),
            errors.ConnectError,
            "Could not connect to textit.example:443: [Errno 111] Connection refused. Check",
        ),
        (
            httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"),
            errors.TLSError,
            "The secure connection to textit.example:443 failed: [SSL: CERTIFICATE_VERIFY_FAILED]",
        ),
        (
            httpx.RemoteProtocolError("Server disconnected without sending a response."),
            errors.ConnectError,
            "The connection to textit.example:443 was dropped before the answer was complete.",
        ),
        (
            httpx.ReadError("connection reset"),
            errors.ConnectError,
            "The connection to textit.example:443 was dropped",
        ),
        (
            httpx.UnsupportedProtocol(f"odd failure mentioning {TOKEN}"),
            errors.TransportError,
            "The request to textit.example:443 failed: odd failure mentioning 0123…4567.",
        ),
    ],
)
async def test_transport_failures_become_domain_errors(
    failure: Exception, kind: type[errors.TransportError], message: str
) -> None:
    async with client_for(raising(failure), timeout=2.5) as client:
        with pytest.raises(kind) as caught:
            await client.send(LIST)
    assert type(caught.value) is kind
    assert str(caught.value).startswith(message)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


@pytest.mark.parametrize(
    ("base_url", "where"),
    [
        ("http://127.0.0.1:9", "127.0.0.1:9"),
        ("http://localhost", "localhost:80"),
        ("http://[::1]:8000", "[::1]:8000"),
    ],
)
async def test_connection_failures_name_the_port(base_url: str, where: str) -> None:
    refused = raising(httpx.ConnectError("All connection attempts failed"))
    async with client_for(refused, base_url=base_url) as client:
        with pytest.raises(errors.ConnectError) as caught:
            await client.send(LIST)
    assert str(caught.value).startswith(
        f"Could not connect to {where}: All connection attempts failed. Check the URL"
    )


async def test_tls_failure_is_found_in_the_cause_chain() -> None:
    wrapped = httpx.ConnectError("handshake failed")
    wrapped.__cause__ = ssl.SSLError("wrong version number")
    async with client_for(raising(wrapped)) as client:
        with pytest.raises(errors.TLSError):
            await client.send(LIST)


@pytest.mark.parametrize(
    "url",
    ["http://textit.com", "http://10.0.0.5:8000", "ftp://textit.com", "textit.com", "https://"],
)
def test_urls_that_would_expose_the_token_are_refused(url: str) -> None:
    with pytest.raises(errors.InsecureURLError) as caught:
        ApiClient(url, TOKEN)
    assert TOKEN not in str(caught.value)


@pytest.mark.parametrize(
    "url",
    [
        "https://textit.com",
        "http://127.0.0.1:8000",
        "http://127.4.5.6",
        "http://localhost:9",
        "http://[::1]:80/",
    ],
)
async def test_https_and_loopback_urls_are_accepted(url: str) -> None:
    async with ApiClient(url, TOKEN) as client:
        assert client.base_url == url.rstrip("/")


async def test_get_url_follows_links_on_the_same_server_only() -> None:
    seen, handler = recording(200, {"results": []})
    async with client_for(handler) as client:
        await client.get_url(f"{BASE}/api/v2/contacts.json?cursor=abc")
        await client.get_url("https://TEXTIT.example:443/api/v2/contacts.json?cursor=def")
        with pytest.raises(errors.InsecureURLError, match="link goes to another server"):
            await client.get_url("https://evil.example/api/v2/contacts.json?cursor=abc")
        with pytest.raises(errors.InsecureURLError):
            await client.get_url("http://textit.example/api/v2/contacts.json?cursor=abc")
    assert [str(request.url) for request in seen] == [
        f"{BASE}/api/v2/contacts.json?cursor=abc",
        f"{BASE}/api/v2/contacts.json?cursor=def",
    ]


async def test_the_token_is_masked_in_repr() -> None:
    async with client_for(raising(httpx.ReadTimeout("x"))) as client:
        assert repr(client) == "ApiClient('https://textit.example', token='0123…4567')"
        assert TOKEN not in repr(client)


@pytest.mark.parametrize(
    "url",
    [
        f"{BASE}:99999/api/v2/contacts.json",
        f"{BASE}:http/api/v2/contacts.json",
        "https://[::1/api/v2/contacts.json",
        f"{BASE}/api/v2/contacts.json?cursor=\x1b[31m",
        f"{BASE}/{'a' * 70_000}",
        f"{BASE}/api/v2/contacts.json?cursor=\ud800",
    ],
    ids=[
        "port-out-of-range",
        "port-not-a-number",
        "broken-ipv6",
        "control-char",
        "too-long",
        "lone-surrogate",
    ],
)
async def test_a_link_that_is_no_valid_url_is_refused_with_a_message(url: str) -> None:
    seen, handler = recording(200, {"results": []})
    async with client_for(handler) as client:
        with pytest.raises(errors.InsecureURLError, match="not a valid URL") as caught:
            await client.get_url(url)
    assert seen == [] and "\x1b" not in str(caught.value)


async def test_a_request_whose_url_httpx_refuses_is_not_sent() -> None:
    seen, handler = recording(200, {})
    bad = ApiRequest("GET", "/api/v2/contacts.json", (("name", "\x00"),))
    async with client_for(handler) as client:
        response = await client.send(bad)  # the query is encoded: a NUL is fine there
        assert response.status == 200
        with pytest.raises(errors.InsecureURLError, match="not a valid URL"):
            await client.send(ApiRequest("GET", "/api/v2/\x00.json"))
    assert len(seen) == 1
