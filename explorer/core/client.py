"""The HTTP client: the only place where statuses and transport failures become domain errors.

``ApiClient.send`` returns every HTTP answer as an ``ApiResponse`` (an error status too, since an
explorer shows it); ``ApiResponse.error`` is the mapped ``HTTPStatusError`` and
``raise_for_error()`` raises it. Failures with no answer raise a ``TransportError``. The token goes
into one header and nowhere else: not in an error message, a repr or a log line.
"""

from __future__ import annotations

import asyncio
import json
import ssl
import time
from dataclasses import dataclass
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import explorer
from explorer.core import errors
from explorer.core.body import (
    SNIPPET,
    ParsedBody,
    charset_of,
    decode,
    flatten_field_errors,
    parse_json,
    server_reason,
)
from explorer.core.request import ApiRequest, FileUpload
from explorer.core.secrets import mask_token
from explorer.core.urls import is_loopback

if TYPE_CHECKING:
    import httpx

DEFAULT_TIMEOUT = 30.0  # seconds; large exports and slow workspaces need more than httpx's 5
DEFAULT_DEADLINE = 90.0
"""Seconds a whole exchange may last: a server dripping a byte at a time never times a read out."""
_RESENDABLE = ("GET", "HEAD")  # sending these twice changes nothing on the server
USER_AGENT = f"textit-explorer/{explorer.__version__}"
_DEFAULT_PORTS = {"https": 443, "http": 80}


@dataclass(frozen=True)
class ApiResponse:
    """What the server answered, kept whole so any body (JSON, HTML, text, nothing) can be shown."""

    method: str
    url: str
    status: int
    reason: str
    headers: httpx.Headers
    raw: bytes
    elapsed: float  # seconds from sending to the last byte

    @property
    def size(self) -> int:
        return len(self.raw)

    @cached_property
    def text(self) -> str:
        """The body decoded with its declared charset (UTF-8 otherwise), never failing."""
        return decode(self.raw, charset_of(self.headers.get("Content-Type")))

    @cached_property
    def _parsed(self) -> ParsedBody:
        return parse_json(self.raw, lambda: self.text)

    @property
    def is_json(self) -> bool:
        """Whether the body is JSON (an HTML 404 page or a 204 is not, nor JSON too deep)."""
        return self._parsed.is_json

    def json(self) -> Any:
        """The parsed body, or None when it is not JSON (check ``is_json``)."""
        return self._parsed.value

    @property
    def json_problem(self) -> str | None:
        """Why a JSON body is shown as text only (nested too deep), if it is."""
        return self._parsed.problem

    @property
    def ok(self) -> bool:
        return self.status < 400

    @cached_property
    def error(self) -> errors.HTTPStatusError | None:
        """The domain error for an error status, or None for a success."""
        return None if self.ok else _status_error(self)

    def raise_for_error(self) -> ApiResponse:
        """Raise ``error`` if there is one; otherwise return this response."""
        if self.error is not None:
            raise self.error
        return self


class ApiClient:
    """One connection pool to one server, with one token. Use ``async with`` or ``aclose()``."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        deadline: float = DEFAULT_DEADLINE,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.deadline = deadline
        _checked_origin(self.base_url)  # an insecure base URL is refused now, not at a send
        self._token = token
        import httpx  # not at import time: httpx (with rich and click) slows the launch

        self._http = httpx.AsyncClient(
            transport=transport,
            timeout=timeout,
            headers={
                "Authorization": f"Token {token}",
                "Accept": "application/json",
                "User-Agent": user_agent,
            },
        )

    def __repr__(self) -> str:
        return f"ApiClient({self.base_url!r}, token={mask_token(self._token)!r})"

    async def __aenter__(self) -> ApiClient:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def send(self, request: ApiRequest) -> ApiResponse:
        """Send ``request``; an HTTP error status is in the response, no answer at all raises."""
        url = request.url(self.base_url)
        if request.files:
            files = {upload.field: await _file_part(upload) for upload in request.files}
            return await self._exchange(request.method, url, data=request.body, files=files)
        return await self._exchange(request.method, url, json=request.body)

    async def get_url(self, url: str) -> ApiResponse:
        """GET an absolute URL the server gave (a ``next`` link), if it is on the same server."""
        check_link(url, self.base_url)
        return await self._exchange("GET", url)

    async def _exchange(self, method: str, url: str, **content: Any) -> ApiResponse:
        import httpx  # imported already: a client exists

        try:
            outgoing = self._http.build_request(method, url, **content)
        except (httpx.InvalidURL, UnicodeError) as error:  # a control character, too long
            raise errors.InsecureURLError(f"{_quoted(url)} is not a valid URL: {error}.") from None
        started = time.perf_counter()
        try:
            async with asyncio.timeout(self.deadline):
                answer = await self._answer(outgoing)
        except TimeoutError:
            raise errors.RequestTimeout(
                f"{_host_and_port(outgoing.url)} did not finish answering within "
                f"{self.deadline:g} s. Try again later."
            ) from None
        except httpx.HTTPError as error:
            raise self._transport_error(error, outgoing) from None
        return ApiResponse(
            method=outgoing.method,
            url=str(outgoing.url),
            status=answer.status_code,
            reason=answer.reason_phrase,
            headers=answer.headers,
            raw=answer.content,
            elapsed=time.perf_counter() - started,
        )

    async def _answer(self, outgoing: httpx.Request) -> httpx.Response:
        """The whole answer to ``outgoing``. A GET or HEAD that met a closed connection before
        any answer came (a kept-alive connection the server dropped while it was idle) is sent
        once more (the pool has let the dead connection go); a failure once the answer has
        begun is not retried."""
        import httpx  # imported already: a client exists

        try:
            answer = await self._http.send(outgoing, stream=True)
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError):
            if outgoing.method not in _RESENDABLE:
                raise
            answer = await self._http.send(outgoing, stream=True)
        try:
            await answer.aread()
        finally:
            await answer.aclose()
        return answer

    def _reason(self, error: BaseException) -> str:
        """httpx's own words for a failure, with the token masked should it ever appear."""
        words = str(error).strip().rstrip(".") or type(error).__name__
        return words.replace(self._token, mask_token(self._token)) if self._token else words

    def _transport_error(self, error: httpx.HTTPError, outgoing: httpx.Request) -> errors.ApiError:
        """The domain error for a failure with no answer, naming host and port (raised
        ``from None``: httpx's error holds the request, and so the token)."""
        import httpx  # imported already: a client exists

        host = _host_and_port(outgoing.url)
        reason = self._reason(error)
        if isinstance(error, httpx.TimeoutException):
            return errors.RequestTimeout(
                f"{host} did not answer within {self.timeout:g} s. Try again, or raise the timeout."
            )
        if _is_tls_failure(error):
            return errors.TLSError(
                f"The secure connection to {host} failed: {reason}. "
                "Check the URL and the server's certificate."
            )
        if isinstance(error, httpx.ConnectError):
            return errors.ConnectError(
                f"Could not connect to {host}: {reason}. "
                "Check the URL and your network, or that the server is running."
            )
        if isinstance(error, httpx.NetworkError | httpx.RemoteProtocolError):
            return errors.ConnectError(
                f"The connection to {host} was dropped before the answer was complete. Try again."
            )
        return errors.TransportError(f"The request to {host} failed: {reason}.")


def _host_and_port(url: httpx.URL) -> str:
    """``127.0.0.1:9`` or ``textit.com:443``: the port tells a wrong port from a server down."""
    host = f"[{url.host}]" if ":" in url.host else url.host
    return f"{host}:{url.port or (443 if url.scheme == 'https' else 80)}"


def check_link(url: str, base_url: str) -> None:
    """Raise ``InsecureURLError`` unless ``url`` is a valid URL on ``base_url``'s server: the
    token is only ever sent to the profile's own server."""
    if _checked_origin(url) != _checked_origin(base_url):
        raise errors.InsecureURLError(
            f"The server's link goes to another server ({_quoted(urlsplit(url).netloc)}); "
            "the token is only ever sent to the profile's own server."
        )


def _checked_origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of ``url``, refusing anything but HTTPS off this machine."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname or "", parts.port
        url.encode()  # a lone surrogate (from a JSON "\ud800") cannot be sent
    except ValueError as error:  # a bad port or IPv6 host; UnicodeEncodeError is one too
        raise errors.InsecureURLError(f"{_quoted(url)} is not a valid URL: {error}.") from None
    if (parts.scheme == "https" and host) or (parts.scheme == "http" and is_loopback(host)):
        return parts.scheme, host, port or _DEFAULT_PORTS[parts.scheme]
    if parts.scheme == "http":
        raise errors.InsecureURLError(
            f"{_quoted(url)} uses plain http://, which would expose the token; use https:// "
            "(plain http is only allowed for this machine, such as the sandbox)."
        )
    raise errors.InsecureURLError(
        f"{_quoted(url)} is not a server URL; give one like https://textit.com."
    )


def _quoted(text: str) -> str:
    """``text`` (from a server, perhaps) quoted with every control character escaped."""
    return json.dumps(text[:SNIPPET])


def _is_tls_failure(error: BaseException) -> bool:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLError) or "SSL" in str(seen) or "CERTIFICATE" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


async def _file_part(upload: FileUpload) -> tuple[str, bytes, str]:
    content = await asyncio.to_thread(upload.path.read_bytes)
    return upload.path.name, content, upload.content_type


# -- statuses -> domain errors ---------------------------------------------------------------

_IGNORED_METHODS = ("HEAD", "OPTIONS")  # in Allow, but the API answers them with 405 too


def _status_error(response: ApiResponse) -> errors.HTTPStatusError:
    """The one mapping of an error status to the domain error a person can act on."""
    status = response.status
    detail = server_reason(
        response.json(), response.is_json, response.text, response.headers.get("Content-Type", "")
    )
    if status == 400:
        found = flatten_field_errors(response.json() if response.is_json else detail)
        listed = "; ".join(f"{name}: {m}" if name else m for name, ms in found.items() for m in ms)
        return errors.BadRequest(
            f"The server rejected the request: {_sentence(listed)} Fix it and send again.",
            response,
            found,
        )
    if status == 403:
        return errors.Forbidden(_forbidden_message(response, detail), response)
    if status == 404:
        return errors.NotFound(_not_found_message(response, detail), response)
    if status == 405:
        allowed = [
            method.strip().upper()
            for method in response.headers.get("Allow", "").split(",")
            if method.strip() and method.strip().upper() not in _IGNORED_METHODS
        ]
        accepts = ", ".join(allowed) or "no method this app knows"
        message = f"{_path(response)} does not accept {response.method}; it accepts {accepts}."
        return errors.MethodNotAllowed(message, response, allowed)
    if status == 409:
        return errors.Conflict(
            f"The workspace has reached a limit: {_sentence(detail)} "
            "Delete or archive unused objects first.",
            response,
        )
    if status == 413:
        return errors.PayloadTooLarge(
            "The request is too large for the server (HTTP 413). Send less: a smaller file or "
            "fewer items.",
            response,
        )
    if status == 429:
        said = response.headers.get("Retry-After")
        wait = errors.retry_after(said, detail, response.headers.get("Date"))
        return errors.RateLimited(
            f"The workspace's rate limit was reached: {_sentence(detail)} "
            f"Wait {wait:g} s before sending again{errors.said_note(said, wait)}.",
            response,
            wait,
            said,
        )
    if status >= 500:
        return errors.ServerError(
            f"The server failed (HTTP {status} {response.reason}): {_sentence(detail)} "
            "Try again later.",
            response,
        )
    return errors.HTTPStatusError(
        f"The server answered HTTP {status} {response.reason}: {_sentence(detail)}", response
    )


def _forbidden_message(response: ApiResponse, detail: str) -> str:
    if not response.is_json:
        return (
            "The server refused the request (HTTP 403). Check that the server URL uses https:// "
            "and that the path ends with .json."
        )
    if "token" in detail.lower() or "credentials" in detail.lower():
        return f"The server refused the token: {_sentence(detail)} Check the profile's token."
    if "permission" in detail.lower():
        return (
            f"The server refused the request: {_sentence(detail)} The token's user needs the "
            "Administrator or Editor role in the workspace."
        )
    return f"The server refused the request: {_sentence(detail)}"


def _not_found_message(response: ApiResponse, detail: str) -> str:
    if not response.is_json:
        return (
            f"The server has no page at {_path(response)} (HTTP 404). "
            "Check the server URL and the endpoint name."
        )
    if detail == "Invalid cursor":
        return (
            "The server does not recognise the page cursor (Invalid cursor). "
            "Start again from the first page."
        )
    return f"Nothing matched: {_sentence(detail)} Check the values that pick the object."


def _path(response: ApiResponse) -> str:
    return urlsplit(response.url).path


def _sentence(text: str) -> str:
    """``text`` ending with a full stop, or a stand-in when the server gave no reason."""
    text = text.strip() or "no reason given"
    return text if text[-1] in ".!?…" else f"{text}."
