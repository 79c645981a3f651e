"""Text made safe for a terminal: every character that could steer it, or hide the text around
it, replaced by a visible stand-in.

C0 controls become their Unicode pictures (``␛`` for ESC, ``␇`` for BEL), DEL ``␡``, and C1
controls, bidi overrides, embeddings, isolates and marks, line separators and lone surrogates an
escape (``\\u202e``), as JSON writes one. The UI's display functions and the command line's
messages both use it, so an OSC 52 in a server's text cannot reach the clipboard anywhere.
"""

from __future__ import annotations

import re

_DIRECTION = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u206f"
"""Bidi marks, embeddings, overrides and isolates, and the deprecated shaping controls."""
_OTHERS = f"\x7f-\x9f{_DIRECTION}\u2028\u2029\ud800-\udfff"
_UNSAFE = re.compile(f"[\x00-\x1f{_OTHERS}]")
_UNSAFE_KEEPING_LINES = re.compile(f"[\x00-\x08\x0b-\x1f{_OTHERS}]")
"""The same, less newline and tab: for multi-line text such as pretty JSON."""
_PICTURES = {chr(code): chr(0x2400 + code) for code in range(0x20)} | {"\x7f": "\u2421"}


def _stand_in(match: re.Match[str]) -> str:
    char = match.group()
    return _PICTURES.get(char) or f"\\u{ord(char):04x}"


def visible(text: str, *, multiline: bool = False) -> str:
    """``text`` with every control, bidi and separator character made visible; ``multiline``
    keeps newlines and tabs."""
    pattern = _UNSAFE_KEEPING_LINES if multiline else _UNSAFE
    return pattern.sub(_stand_in, text)
