"""ui.display: whatever a server sends, what is drawn holds no control, no bidi override and no
live markup, and text with none of those is drawn as it is."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from explorer.ui.display import content, rich_text, visible

HOSTILE_PIECES = (
    "\x1b]52;c;SElKQUNLRUQ=\x07",  # OSC 52: write the clipboard
    "\x1b]0;pwned\x07",  # OSC 0: retitle the terminal
    "\x1b[2J",  # wipe the screen
    "\x9b31m",  # C1 CSI
    "\u202e",  # right-to-left override
    "\u2066",
    "\u200f",
    "\u2028",
    "\ud800",  # a lone surrogate, as json.loads gives for "\ud800"
    "\x7f",
    "Farmers [/x]",
    "[@click=app.quit]quit[/]",
    "[bold]x",
    "[link=https://evil.example]here[/link]",
)
_DIRECTION = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

server_text = st.lists(
    st.one_of(st.text(st.characters(exclude_categories=())), st.sampled_from(HOSTILE_PIECES))
).map("".join)
"""Any text at all, lone surrogates included, with hostile pieces mixed in often."""


def unsafe(char: str, *, multiline: bool = False) -> bool:
    """A character a terminal would obey, or that turns the text around it."""
    if multiline and char in "\n\t":
        return False
    category = unicodedata.category(char)
    return category in ("Cc", "Cs", "Zl", "Zp") or char in _DIRECTION


@given(server_text)
def test_nothing_a_terminal_obeys_is_left(text: str) -> None:
    assert not any(unsafe(char) for char in visible(text))


@given(server_text)
def test_multiline_text_keeps_only_newlines_and_tabs(text: str) -> None:
    shown = visible(text, multiline=True)
    assert not any(unsafe(char, multiline=True) for char in shown)
    assert shown.count("\n") == text.count("\n")


@given(server_text)
def test_the_content_is_the_text_as_written_with_no_markup(text: str) -> None:
    for multiline in (False, True):
        shown = content(text, multiline=multiline)
        assert shown.plain == visible(text, multiline=multiline)
        assert not shown.spans  # no style, link or @click action from markup
    cell = rich_text(text)
    assert cell.plain == visible(text)
    assert not cell.spans


SHAPING = "\u206a\u206b\u206c\u206d\u206e\u206f"  # deprecated, but they still steer the text
safe_text = st.text(
    st.characters(
        exclude_categories=("Cc", "Cs", "Zl", "Zp"),
        exclude_characters="".join(_DIRECTION) + SHAPING,
    )
)


@given(safe_text)
def test_safe_text_is_shown_unchanged(text: str) -> None:
    assert visible(text) == text
    assert visible(text, multiline=True) == text


def test_controls_read_as_pictures_and_escapes() -> None:
    assert visible("A\x1b]0;t\x07B") == "A␛]0;t␇B"
    assert visible("x\x9by\u202ez\x7f") == "x\\u009by\\u202ez␡"
    assert visible("a\nb\tc") == "a␊b␉c"
    assert visible("a\nb\tc\rd", multiline=True) == "a\nb\tc␍d"
    assert content("Farmers [/x]").plain == "Farmers [/x]"
