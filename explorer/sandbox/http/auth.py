"""Token and Basic authentication with the server's (DRF's) exact failure messages.

``Authorization: Token <key>`` (keyword case-insensitive) or ``Basic base64(email:key)``; any
other scheme, ``Bearer`` included, counts as no credentials at all.
"""

from __future__ import annotations

import base64
import binascii

from explorer.sandbox.store import models as m
from explorer.sandbox.store.workspace import Workspace

Outcome = tuple[m.User | None, str | None]


def authenticate(header: str | None, ws: Workspace) -> Outcome:
    """(user, None) when valid, (None, message) when refused, (None, None) without credentials."""
    parts = (header or "").split()
    if not parts:
        return None, None
    keyword = parts[0].lower()
    if keyword == "token":
        return _token(parts, ws)
    if keyword == "basic":
        return _basic(parts, ws)
    return None, None


def _token(parts: list[str], ws: Workspace) -> Outcome:
    if len(parts) == 1:
        return None, "Invalid token header. No credentials provided."
    if len(parts) > 2:
        return None, "Invalid token header. Token string should not contain spaces."
    user = ws.tokens.get(parts[1])
    return (user, None) if user is not None else (None, "Invalid token")


def _basic(parts: list[str], ws: Workspace) -> Outcome:
    if len(parts) == 1:
        return None, "Invalid basic header. No credentials provided."
    if len(parts) > 2:
        return None, "Invalid basic header. Credentials string should not contain spaces."
    try:
        email, sep, key = base64.b64decode(parts[1], validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None, "Invalid basic header. Credentials not correctly base64 encoded."
    if not sep:
        return None, "Invalid basic header. Credentials not correctly base64 encoded."
    user = ws.tokens.get(key)
    if user is None or user.email.lower() != email.lower():
        return None, "Invalid token or email"
    return user, None
