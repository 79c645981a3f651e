"""Server text as display content: the one place a string from a server becomes something drawn.

Everything a server sends (values and keys, header names and values, reasons, error bodies,
workspace names, cursor URLs) is data. It is never parsed as markup, so ``Farmers [/x]`` reads as
written and ``[@click=app.quit]`` does nothing; and every character that could steer the terminal
or hide the text around it is replaced by a visible stand-in: C0 controls by their Unicode
pictures (``␛`` for ESC, ``␇`` for BEL), DEL by ``␡``, and C1 controls, bidi overrides,
embeddings, isolates and marks, line separators and lone surrogates by an escape (``\\u202e``),
as JSON writes one (the mapping is ``core.visible``'s, which the command line's messages share).
So an OSC 52 in a contact's name cannot reach the clipboard, and a U+202E
cannot reverse what follows it.
"""

from __future__ import annotations

from rich.console import JustifyMethod
from rich.text import Text
from textual.content import Content

from explorer.core.visible import visible

__all__ = ["content", "rich_text", "visible"]


def content(text: str, *, multiline: bool = False) -> Content:
    """Server text as Textual content: plain (never markup), every control made visible."""
    return Content(visible(text, multiline=multiline))


def rich_text(text: str, *, justify: JustifyMethod = "left") -> Text:
    """Server text as a Rich ``Text`` (for ``DataTable`` cells and ``Tree`` labels, which take
    Rich text and parse a plain ``str`` as markup)."""
    return Text(visible(text), justify=justify)
