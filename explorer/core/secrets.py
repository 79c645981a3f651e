"""Showing a token without revealing it: the only form a token may take on a screen or in a log.

And :func:`safe_text` for text that may quote a token by accident, such as an error's message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from explorer.core.visible import visible

_SHOWN = 4  # characters kept at each end of a long token
_LONG = 5 * _SHOWN  # shorter tokens are hidden whole: their ends would give too much away
# Current servers issue 40 characters of this alphabet (no 0, 1, I, O); older ones issued 40 hex.
TOKEN_LENGTH = 40
TOKEN_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
TOKEN_SHAPE = re.compile(rf"[{TOKEN_ALPHABET}]{{{TOKEN_LENGTH}}}|[0-9a-fA-F]{{{TOKEN_LENGTH}}}")
_TOKEN_IN_TEXT = re.compile(rf"(?<![0-9A-Za-z])(?:{TOKEN_SHAPE.pattern})(?![0-9A-Za-z])")
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


def redact_tokens(text: str, known: Iterable[str] = ()) -> str:
    """``text`` with every ``known`` token, and every word shaped like an API token, masked.

    For text that may quote a token by accident (an exception's message in a crash report):
    the shape catches tokens the caller does not know of.
    """
    for token in known:
        if token:
            text = text.replace(token, mask_token(token))
    return _TOKEN_IN_TEXT.sub(lambda match: mask_token(match.group()), text)


def safe_text(text: str, known: Iterable[str] = ()) -> str:
    """``text`` fit for a terminal: tokens masked (:func:`redact_tokens`) and every control
    character but line breaks and tabs made visible (:func:`~explorer.core.visible.visible`)."""
    return visible(redact_tokens(text, known), multiline=True)


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
