"""Server text as display content: the one place a string from a server becomes something drawn.

Everything a server sends (values and keys, header names and values, reasons, error bodies,
workspace names, cursor URLs) is data. It is never parsed as markup, so ``Farmers [/x]`` reads as
written and ``[@click=app.quit]`` does nothing; and every character that could steer the terminal
or hide the text around it is replaced by a visible stand-in: C0 controls by their Unicode
pictures (``␛`` for ESC, ``␇`` for BEL), DEL by ``␡``, and C1 controls, bidi overrides,
embeddings, isolates and marks, line separators and lone surrogates by an escape (``\\u202e``),
as JSON writes one. So an OSC 52 in a contact's name cannot reach the clipboard, and a U+202E
cannot reverse what follows it.
"""

from __future__ import annotations

import re

from rich.console import JustifyMethod
from rich.text import Text
from textual.content import Content

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


def content(text: str, *, multiline: bool = False) -> Content:
    """Server text as Textual content: plain (never markup), every control made visible."""
    return Content(visible(text, multiline=multiline))


def rich_text(text: str, *, justify: JustifyMethod = "left") -> Text:
    """Server text as a Rich ``Text`` (for ``DataTable`` cells and ``Tree`` labels, which take
    Rich text and parse a plain ``str`` as markup)."""
    return Text(visible(text), justify=justify)
