"""The list a reference field offers under its input: the workspace's groups, flows, ... whose
name or UUID matches what is typed. The input keeps the focus; its field moves the highlight and
chooses (``ParamField``), so typing never stops.

Names are the server's data: each is drawn through ``display.content``, never as markup.
"""

from __future__ import annotations

import re
from typing import Protocol

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from explorer.app.lookups import Item
from explorer.core.catalog import Reference
from explorer.core.values import is_uuid
from explorer.ui.display import content

NAME_WIDTH = 40  # characters of a name shown; a longer one ends in an ellipsis
_LAST_TERM = re.compile(r"[^,\n]*$")


class PickerSource(Protocol):
    """Where a picker finds its candidates: ``app.lookups.Lookups``, or a stand-in in tests."""

    async def candidates(self, reference: Reference, text: str) -> list[Item]: ...

    def fill(self, reference: Reference, item: Item) -> str: ...

    def refresh(self) -> None: ...

    def limit_note(self, reference: Reference, text: str) -> str | None: ...


def last_term(text: str) -> str:
    """The item being typed: a list field holds several, separated by commas or new lines."""
    match = _LAST_TERM.search(text)
    return match.group().strip() if match else text.strip()


def with_last_term(text: str, value: str) -> str:
    """``text`` with its last item replaced by ``value`` (``a, Fa`` -> ``a, Farmers``)."""
    start = len(text) - len(_LAST_TERM.search(text).group())  # type: ignore[union-attr]
    head = text[:start]
    return f"{head} {value}" if head.endswith(",") else head + value


def short(text: str, width: int = NAME_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def option_line(item: Item) -> Content:
    """``Farmers  5a2f0e3c…``: the name, then what tells it apart, dim (a UUID's start is
    enough to tell; choosing fills it whole)."""
    name = content(short(item.name)) if item.name else Content.styled("(no name)", "italic")
    value = short(item.value, 9) if is_uuid(item.value) else item.value
    hints = "  ".join(part for part in (value, short(item.detail)) if part)
    return Content.assemble(name, "  ", content(hints).stylize("dim"))


class RefPicker(OptionList, can_focus=False):
    """Candidates for the term typed in a reference field; hidden until there are some."""

    def __init__(self) -> None:
        super().__init__(classes="ref-picker")
        self.items: list[Item] = []
        self.display = False

    def show_items(
        self, reference: Reference, term: str, items: list[Item], note: str | None = None
    ) -> None:
        """Offer ``items``, the first highlighted; none says that nothing matches ``term``.
        ``note`` says how the list searched was partial."""
        self.items = items
        self.clear_options()
        if items:
            self.add_options(Option(option_line(item)) for item in items)
            self.highlighted = 0
        else:
            said = f"no {reference.noun} matches {term!r}" if term else f"no {reference.endpoint}"
            self.add_option(Option(content(said).stylize("italic"), disabled=True))
        if note:
            self.add_option(Option(content(f"({note})").stylize("dim italic"), disabled=True))
        self.display = True

    def show_problem(self, text: str) -> None:
        """Say why there are no candidates (the list could not be fetched)."""
        self.items = []
        self.clear_options()
        self.add_option(Option(content(text).stylize("italic $error"), disabled=True))
        self.display = True

    def close(self) -> None:
        self.display = False
        self.items = []

    @property
    def is_open(self) -> bool:
        return bool(self.display)

    @property
    def chosen(self) -> Item | None:
        """The highlighted candidate, if any."""
        index = self.highlighted
        return self.items[index] if index is not None and index < len(self.items) else None

    def move(self, step: int) -> None:
        if step > 0:
            self.action_cursor_down()
        else:
            self.action_cursor_up()
