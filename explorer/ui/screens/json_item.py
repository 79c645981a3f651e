"""JsonItemScreen: one JSON value (a results row) in a highlighted, searchable view on top, with
its own key bar, so the keys shown are the ones that work here (not the table's underneath)."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input

from explorer.ui.formatting import pretty_json
from explorer.ui.screens.dialog import Dialog
from explorer.ui.widgets.json_view import JsonView
from explorer.ui.widgets.key_bar import KeyBar


class JsonItemScreen(Dialog[None]):
    """Shows ``item`` as JSON; Escape or q closes it and focus returns where it was."""

    CSS_PATH = "json_item.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: the JsonView inside takes every Escape, even with its prompt closed
        Binding("escape", "dismiss(None)", "Close", priority=True),
        Binding("q", "dismiss(None)", "Close", show=False),
    ]

    def __init__(self, item: Any, *, title: str = "Item") -> None:
        super().__init__()
        self.item = item
        self.title_text = title

    def compose(self) -> ComposeResult:
        yield JsonView(id="item-view")
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape in the view's search or filter prompt closes the prompt, and with lines
        selected clears the selection, rather than closing the screen."""
        if action != "dismiss":
            return True
        view = self.query_one("#item-view", JsonView)
        return not (isinstance(self.focused, Input) or view.lines.selection_anchor is not None)

    def on_mount(self) -> None:
        view = self.query_one("#item-view", JsonView)
        view.border_title = f"{self.title_text} (Esc closes)"
        view.load(pretty_json(self.item), "application/json")
        view.focus()
