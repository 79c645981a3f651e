"""A request as the client will send it, described for a person: the token masked.

The client puts the token into one header; a preview, a confirmation or a Request tab shows that
header from here, so no face builds an ``Authorization`` header or keeps a token to show one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from explorer.core.request import ApiRequest, FileUpload
from explorer.core.secrets import mask_token


@dataclass(frozen=True)
class RequestDescription:
    """What ``ApiClient.send`` sends for a request, safe to show."""

    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    """The headers a reader needs (the credential masked, the content type), in sending order."""
    body: Any
    files: tuple[FileUpload, ...]


Describe = Callable[[ApiRequest], RequestDescription]


def credential_header(token: str) -> tuple[str, str]:
    """The header that carries ``token``, as it may be shown."""
    return "Authorization", f"Token {mask_token(token)}"


def describe_request(request: ApiRequest, base_url: str, token: str) -> RequestDescription:
    """``request`` as sent to ``base_url`` with ``token``, the token masked."""
    headers = [credential_header(token)]
    if request.files:
        headers.append(("Content-Type", "multipart/form-data"))
    elif request.body is not None:
        headers.append(("Content-Type", "application/json"))
    return RequestDescription(
        request.method, request.url(base_url), tuple(headers), request.body, tuple(request.files)
    )


def describer(base_url: str, token: str) -> Describe:
    """:func:`describe_request` for one server and token, to hand to code that must not keep
    the token (a closure: unlike a ``partial``, its repr does not show it)."""

    def describe(request: ApiRequest) -> RequestDescription:
        return describe_request(request, base_url, token)

    return describe
