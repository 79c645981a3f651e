"""Showing a token without revealing it: the only form a token may take on a screen or in a log."""

from __future__ import annotations

_SHOWN = 4  # characters kept at each end of a long token
_LONG = 5 * _SHOWN  # shorter tokens are hidden whole: their ends would give too much away


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
