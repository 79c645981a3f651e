"""Request bodies: JSON for every write, multipart for media, with the server's 400/415 answers."""

from __future__ import annotations

import json
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from starlette.requests import Request

from explorer.core.catalog import Operation
from explorer.sandbox.http.call import Upload
from explorer.sandbox.http.failures import detail, non_field


async def read_body(request: Request, op: Operation) -> tuple[Any, dict[str, Upload]]:
    """The parsed body (JSON object, or form fields) and any uploaded files."""
    content_type = request.headers.get("content-type", "application/json")
    raw = await request.body()
    if op.content_type.startswith("multipart/"):
        if not content_type.startswith("multipart/form-data"):
            media = content_type.split(";")[0].strip()
            raise detail(415, f'Unsupported media type "{media}" in request.')
        return {}, parse_multipart(content_type, raw)
    if not raw.strip():
        return {}, {}
    try:
        body = json.loads(raw)
    except ValueError as error:
        raise detail(400, f"JSON parse error - {error}") from None
    if not isinstance(body, dict):
        raise non_field("Request body should be a single JSON object")
    return body, {}


def parse_multipart(content_type: str, raw: bytes) -> dict[str, Upload]:
    """The files of a multipart/form-data body, read with the standard library's MIME parser."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + raw)
    files: dict[str, Upload] = {}
    for part in message.iter_parts() if message.is_multipart() else ():
        assert isinstance(part, Message)
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        if isinstance(name, str) and filename:
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
            files[name] = Upload(filename, part.get_content_type(), data)
    return files
