"""Showing a token without revealing it: the only form a token may take on a screen or in a log."""

from __future__ import annotations

import re
from collections.abc import Iterable

_SHOWN = 4  # characters kept at each end of a long token
_LONG = 5 * _SHOWN  # shorter tokens are hidden whole: their ends would give too much away
_SCHEMED = re.compile(r"^(\s*(?:token|basic|bearer)\s+)(\S+)$", re.IGNORECASE)


def mask_token(token: str) -> str:
    """``ab12…f9e0`` for a long token; a short one is hidden whole, its ends would give it away."""
    if len(token) < _LONG:
        return "…"
    return f"{token[:_SHOWN]}…{token[-_SHOWN:]}"


def describe_token(token: str) -> str:
    """Like :func:`mask_token`, but a short token says how long it is (``(5 characters)``),
    so a person can tell a stored typo from a real token without seeing either."""
    if len(token) < _LONG:
        return f"({len(token)} character{'s' if len(token) != 1 else ''})"
    return mask_token(token)


def mask_header(name: str, value: str) -> str:
    """A header value safe to show: the credential in ``Authorization`` is masked."""
    if name.lower() != "authorization":
        return value
    match = _SCHEMED.match(value)
    if not match:
        return mask_token(value)
    return match.group(1) + mask_token(match.group(2))


def masked_headers(headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Header pairs fit for a screen or a log: every credential masked."""
    return [(name, mask_header(name, value)) for name, value in headers]
