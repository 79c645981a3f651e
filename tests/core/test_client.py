"""ApiClient over real httpx exchanges (MockTransport): headers, bodies and error mapping."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

import explorer
from explorer.core import errors
from explorer.core.body import flatten_field_errors
from explorer.core.client import ApiResponse
from explorer.core.request import ApiRequest, FileUpload
from tests.core.client_support import BASE, LIST, TOKEN, client_for, recording


async def answer(response: httpx.Response, request: ApiRequest = LIST) -> ApiResponse:
    async with client_for(lambda _: response) as client:
        return await client.send(request)


async def test_headers_query_and_json_body_are_sent() -> None:
    seen, handler = recording(201, {"uuid": "x"})
    post = ApiRequest("POST", "/api/v2/groups.json", (("uuid", "u1"),), {"name": "Ann's"})
    async with client_for(handler) as client:
        response = await client.send(post)
    sent = seen[0]
    assert str(sent.url) == f"{BASE}/api/v2/groups.json?uuid=u1"
    assert sent.headers["Authorization"] == f"Token {TOKEN}"
    assert sent.headers["Accept"] == "application/json"
    assert sent.headers["User-Agent"] == f"textit-explorer/{explorer.__version__}"
    assert sent.headers["Content-Type"] == "application/json"
    assert json.loads(sent.content) == {"name": "Ann's"}
    assert (response.status, response.reason, response.json()) == (201, "Created", {"uuid": "x"})
    assert response.ok and response.error is None and response.raise_for_error() is response
    assert response.method == "POST" and response.url == str(sent.url)
    assert response.size == len(b'{"uuid":"x"}') and response.elapsed >= 0


async def test_a_get_sends_no_body() -> None:
    seen, handler = recording(200, {"results": []})
    async with client_for(handler) as client:
        await client.send(LIST)
    assert seen[0].content == b"" and "Content-Type" not in seen[0].headers


async def test_a_file_is_uploaded_as_multipart(tmp_path: Path) -> None:
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG-bytes")
    seen, handler = recording(201, {})
    upload = ApiRequest(
        "POST",
        "/api/v2/media.json",
        body={"note": "true"},
        files=(FileUpload("file", picture, "image/png"),),
    )
    async with client_for(handler) as client:
        await client.send(upload)
    sent = seen[0]
    assert sent.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert b'name="file"; filename="photo.png"' in sent.content
    assert b"Content-Type: image/png\r\n\r\n\x89PNG-bytes" in sent.content
    assert b'name="note"\r\n\r\ntrue' in sent.content


async def test_non_json_bodies_are_kept_as_text() -> None:
    html = "<html><head><title>Page not found at /api/v2/nope.json</title></head></html>"
    response = await answer(httpx.Response(404, html=html))
    assert not response.is_json and response.json() is None
    assert response.text == html
    empty = await answer(httpx.Response(204))
    assert (empty.is_json, empty.text, empty.size, empty.error) == (False, "", 0, None)
    latin = await answer(
        httpx.Response(
            200,
            content="café".encode("latin-1"),
            headers={"Content-Type": "text/plain; charset=latin-1"},
        )
    )
    assert latin.text == "café"


ERROR_CASES: list[tuple[httpx.Response, type[errors.HTTPStatusError], str]] = [
    (
        httpx.Response(
            400, json={"name": ["This field is required."], "urns": {"0": ["Invalid URN: 1234."]}}
        ),
        errors.BadRequest,
        "The server rejected the request: name: This field is required.; urns.0: Invalid URN: 1234."
        " Fix it and send again.",
    ),
    (
        httpx.Response(400, json={"detail": "Param 'uuid': xyz is not a valid UUID."}),
        errors.BadRequest,
        "The server rejected the request: Param 'uuid': xyz is not a valid UUID. Fix it"
        " and send again.",
    ),
    (
        httpx.Response(403, json={"detail": "Invalid token"}),
        errors.Forbidden,
        "The server refused the token: Invalid token. Check the profile's token.",
    ),
    (
        httpx.Response(403, json={"detail": "Authentication credentials were not provided."}),
        errors.Forbidden,
        "The server refused the token: Authentication credentials were not provided."
        " Check the profile's token.",
    ),
    (
        httpx.Response(403, json={"detail": "You do not have permission to perform this action."}),
        errors.Forbidden,
        "The server refused the request: You do not have permission to perform this"
        " action. The token's "
        "user needs the Administrator or Editor role in the workspace.",
    ),
    (
        httpx.Response(403, json={"detail": "Cannot modify system object."}),
        errors.Forbidden,
        "The server refused the request: Cannot modify system object.",
    ),
    (
        httpx.Response(403, html="<html><title>Contacts Endpoint</title></html>"),
        errors.Forbidden,
        "The server refused the request (HTTP 403). Check that the server URL uses"
        " https:// and that"
        " the path ends with .json.",
    ),
    (
        httpx.Response(404, json={"detail": "Invalid cursor"}),
        errors.NotFound,
        "The server does not recognise the page cursor (Invalid cursor). Start again"
        " from the first page.",
    ),
    (
        httpx.Response(404, json={"detail": "No Contact matches the given query."}),
        errors.NotFound,
        "Nothing matched: No Contact matches the given query. Check the values that pick"
        " the object.",
    ),
    (
        httpx.Response(404, html="<h1>Not Found</h1>"),
        errors.NotFound,
        "The server has no page at /api/v2/contacts.json (HTTP 404). Check the server"
        " URL and the endpoint name.",
    ),
    (
        httpx.Response(
            405,
            json={"detail": 'Method "DELETE" not allowed.'},
            headers={"Allow": "GET, POST, HEAD, OPTIONS"},
        ),
        errors.MethodNotAllowed,
        "/api/v2/contacts.json does not accept GET; it accepts GET, POST.",
    ),
    (
        httpx.Response(
            409, json={"detail": "Cannot create object because workspace has reached limit."}
        ),
        errors.Conflict,
        "The workspace has reached a limit: Cannot create object because workspace has"
        " reached limit."
        " Delete or archive unused objects first.",
    ),
    (
        httpx.Response(413, text="Request Entity Too Large"),
        errors.PayloadTooLarge,
        "The request is too large for the server (HTTP 413). Send less: a smaller file"
        " or fewer items.",
    ),
    (
        httpx.Response(
            429,
            json={"detail": "Request was throttled. Expected available in 12 seconds."},
            headers={"Retry-After": "12"},
        ),
        errors.RateLimited,
        "The workspace's rate limit was reached: Request was throttled. Expected"
        " available in 12 seconds."
        " Wait 12 s before sending again.",
    ),
    (
        httpx.Response(500, text="Server Error. Site administrators have been notified."),
        errors.ServerError,
        "The server failed (HTTP 500 Internal Server Error): Server Error. Site administrators have"
        " been notified. Try again later.",
    ),
    (
        httpx.Response(500, html="Server Error. Site administrators have been notified."),
        errors.ServerError,
        "The server failed (HTTP 500 Internal Server Error): Server Error. Site administrators have"
        " been notified. Try again later.",
    ),
    (
        httpx.Response(503, html="<html><body><h1>Down for\n maintenance</h1></body></html>"),
        errors.ServerError,
        "The server failed (HTTP 503 Service Unavailable): Down for maintenance. Try again later.",
    ),
    (
        httpx.Response(502, html="<html><head><title>502 Bad Gateway</title></head></html>"),
        errors.ServerError,
        "The server failed (HTTP 502 Bad Gateway): 502 Bad Gateway. Try again later.",
    ),
    (
        httpx.Response(406, json={"detail": "Could not satisfy the request Accept header."}),
        errors.HTTPStatusError,
        "The server answered HTTP 406 Not Acceptable: Could not satisfy the request Accept header.",
    ),
]


@pytest.mark.parametrize(("http_response", "kind", "message"), ERROR_CASES)
async def test_each_error_status_maps_to_its_error(
    http_response: httpx.Response, kind: type[errors.HTTPStatusError], message: str
) -> None:
    response = await answer(http_response)
    error = response.error
    assert type(error) is kind
    assert str(error) == message
    assert error.response is response and error.status == http_response.status_code
    with pytest.raises(kind):
        response.raise_for_error()


async def test_error_details_are_kept_on_the_error() -> None:
    bad = (
        await answer(httpx.Response(400, json={"non_field_errors": ["Must provide text."]}))
    ).error
    assert isinstance(bad, errors.BadRequest) and bad.field_errors == {"": ["Must provide text."]}
    limited = await answer(
        httpx.Response(
            429, json={"detail": "Request was throttled. Expected available in 7 seconds."}
        )
    )
    assert isinstance(limited.error, errors.RateLimited) and limited.error.retry_after == 7
    header = await answer(httpx.Response(429, headers={"Retry-After": "30"}))
    assert isinstance(header.error, errors.RateLimited) and header.error.retry_after == 30
    refused = await answer(httpx.Response(405, headers={"Allow": "GET, HEAD, OPTIONS"}))
    assert isinstance(refused.error, errors.MethodNotAllowed) and refused.error.allowed == ["GET"]


@pytest.mark.parametrize(
    ("body", "flat"),
    [
        ({"urns": {"0": ["Invalid URN"]}}, {"urns.0": ["Invalid URN"]}),
        (
            {"message": {"eng": ["This field may not be blank."]}},
            {"message.eng": ["This field may not be blank."]},
        ),
        ({"non_field_errors": ["Nope."], "name": ["Bad."]}, {"": ["Nope."], "name": ["Bad."]}),
        ({"quick_replies": [{}, {"text": ["Too long."]}]}, {"quick_replies.1.text": ["Too long."]}),
        ({"qr": {"0": {"non_field_errors": ["Needs text."]}}}, {"qr.0": ["Needs text."]}),
        (
            ["Request body should be a single JSON object"],
            {"": ["Request body should be a single JSON object"]},
        ),
        ({"detail": "JSON parse error"}, {"": ["JSON parse error"]}),
        ("Bad Request", {"": ["Bad Request"]}),
    ],
)
def test_field_errors_are_flattened_to_dotted_names(
    body: object, flat: dict[str, list[str]]
) -> None:
    assert flatten_field_errors(body) == flat
