"""How the Headers and Request tabs draw an exchange: header names as sent, the token masked,
every server string made visible (``explorer.ui.display``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from textual.content import Content

from explorer.core.secrets import masked_headers
from explorer.ui import formatting as fmt
from explorer.ui.display import content, visible


class RawHeaders(Protocol):
    """Headers that keep their names as sent (``httpx.Headers``)."""

    @property
    def raw(self) -> list[tuple[bytes, bytes]]: ...


def headers_as_sent(headers: RawHeaders) -> list[tuple[str, str]]:
    """Header pairs with their names spelt as the server sent them (httpx lower-cases items())."""
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, value in headers.raw]


def header_content(headers: Iterable[tuple[str, str]]) -> Content:
    """One ``Name: value`` line per header, a token in ``Authorization`` masked."""
    lines = [
        Content.assemble((visible(name), "bold"), ": ", visible(value))
        for name, value in masked_headers(headers)
    ]
    return Content("\n").join(lines)


def request_content(
    method: str, url: str, headers: Iterable[tuple[str, str]], body: Any
) -> Content:
    """The request line, its headers, and its JSON body if it has one."""
    parts = [Content.assemble((visible(method), "bold"), " ", visible(url))]
    if header_lines := header_content(headers):
        parts.append(header_lines)
    if body is not None:
        parts += [Content(""), content(fmt.pretty_json(body), multiline=True)]
    return Content("\n").join(parts)
