"""The request body limit of the web server in front of RapidPro (nginx's ``client_max_body_size``).

A body over the limit gets nginx's 413 page before the API sees the request: at once when
``Content-Length`` announces it, else as soon as the streamed (chunked) bytes pass it. Like nginx,
the body is buffered up to the limit and then handed on, so memory stays bounded whatever a client
sends. Media uploads get a larger limit than the 25 MB the endpoint allows, so the endpoint's own
400 (``Limit for file uploads is 25.0 MB.``) stays reachable.
"""

from __future__ import annotations

from collections import deque

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MB = 1024 * 1024
BODY_LIMIT = 10 * MB
UPLOAD_LIMIT = 32 * MB
UPLOAD_PATHS = ("/api/v2/media.json", "/api/v2/media.json/")
TOO_LARGE_PAGE = (
    b"<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n"
    b"<center><h1>413 Request Entity Too Large</h1></center>\r\n"
    b"<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


class BodyLimit:
    """ASGI middleware: 413 for a body over ``limit`` (``upload_limit`` for media uploads)."""

    def __init__(
        self, app: ASGIApp, limit: int = BODY_LIMIT, upload_limit: int = UPLOAD_LIMIT
    ) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_limit if scope["path"] in UPLOAD_PATHS else self.limit
        declared = _content_length(scope)
        messages = (
            None if declared is not None and declared > limit else await _buffer(receive, limit)
        )
        if messages is None:
            await _too_large(send)
            return
        await self.app(scope, _replay(messages, receive), send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _buffer(receive: Receive, limit: int) -> deque[Message] | None:
    """The request's messages up to the end of the body; None once the body passes ``limit``."""
    messages: deque[Message] = deque()
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":  # the client went away: the app sees it
            return messages
        size += len(message.get("body", b""))
        if size > limit:
            return None
        if not message.get("more_body", False):
            return messages


def _replay(messages: deque[Message], receive: Receive) -> Receive:
    """A ``receive`` that gives the buffered messages first, then the connection's own."""

    async def replay() -> Message:
        return messages.popleft() if messages else await receive()

    return replay


async def _too_large(send: Send) -> None:
    headers = [
        (b"content-type", b"text/html"),
        (b"content-length", str(len(TOO_LARGE_PAGE)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": TOO_LARGE_PAGE, "more_body": False})
