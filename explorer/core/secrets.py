"""Showing a token without revealing it: the only form a token may take on a screen or in a log."""

from __future__ import annotations

_SHOWN = 4  # characters kept at each end of a long token


def mask_token(token: str) -> str:
    """``ab12…f9e0`` for a long token; a short one is hidden whole, its ends would give it away."""
    if len(token) < 3 * _SHOWN:
        return "…"
    return f"{token[:_SHOWN]}…{token[-_SHOWN:]}"
