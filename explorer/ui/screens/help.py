"""Every key the explorer answers to, read from the bindings themselves (never a hand-kept list)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Static

from explorer.ui.screens.dialog import Dialog

KEY_GAP = 2  # columns between the longest key and the descriptions
OWN_PACKAGE = "explorer."
BUILT_IN_NOTE = (
    "Ctrl+P opens the command palette: jump to any operation by name. Text fields, lists, "
    "trees and tables also answer to the usual editing and movement keys."
)


def declared_bindings(node_type: type[DOMNode]) -> list[Binding]:
    """The bindings this app's classes declare on ``node_type`` and its bases (the class's own
    first), those with a description; keys inherited from Textual's widgets are left out."""
    found: list[Binding] = []
    seen: set[str] = set()
    for cls in (c for c in node_type.__mro__ if c.__module__.startswith(OWN_PACKAGE)):
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
            if binding.description and binding.key not in seen:
                seen.add(binding.key)
                found.append(binding)
    return found


def section_title(node_type: type[DOMNode]) -> str:
    """The class's ``BINDING_GROUP_TITLE``, else its name in words (``JsonView`` -> Json view)."""
    if node_type.BINDING_GROUP_TITLE:
        return node_type.BINDING_GROUP_TITLE
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", node_type.__name__).capitalize()


def key_sections(nodes: Iterable[DOMNode]) -> dict[str, list[Binding]]:
    """Bindings per kind of node, each kind once, in the order the nodes come."""
    sections: dict[str, list[Binding]] = {}
    for node_type in dict.fromkeys(type(node) for node in nodes):
        bindings = declared_bindings(node_type)
        if bindings:
            sections.setdefault(section_title(node_type), []).extend(bindings)
    return sections


class HelpScreen(Dialog[None]):
    """A scrollable list of the keys of the app, the screen below, and every widget on it."""

    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "dismiss(None)", "Close help"),
    ]

    def __init__(self, shown: Screen[object]) -> None:
        super().__init__()
        self.shown = shown

    def compose(self) -> ComposeResult:
        nodes: list[DOMNode] = [self.app, self.shown, *self.shown.walk_children()]
        sections = {
            title: self._keys_per_action(bindings)
            for title, bindings in key_sections(nodes).items()
        }
        keys = [key for rows in sections.values() for key, _ in rows]
        key_width = max(map(len, keys), default=0) + KEY_GAP
        with VerticalScroll(id="help-body"):
            for title, rows in sections.items():
                yield Static(title, classes="help-section")
                for key, binding in rows:
                    yield self._row(key, binding, key_width)
            yield Static(BUILT_IN_NOTE, classes="help-note")

    def _keys_per_action(self, bindings: list[Binding]) -> list[tuple[str, Binding]]:
        """One row per action: keys that do the same thing share it (``home g  First line``)."""
        rows: dict[tuple[str, str], tuple[str, Binding]] = {}
        for binding in bindings:
            key = self.app.get_key_display(binding)
            kept = rows.get((binding.action, binding.description))
            rows[binding.action, binding.description] = (
                (f"{kept[0]} {key}", kept[1]) if kept else (key, binding)
            )
        return list(rows.values())

    def on_mount(self) -> None:
        self.query_one("#help-body").border_title = "Keys (Esc closes)"

    def _row(self, keys: str, binding: Binding, key_width: int) -> Horizontal:
        """The keys in a column as wide as the longest; the words beside them wrap within
        their own column, so a long line never runs back under the keys."""
        key = Static(keys, classes="help-key")
        key.styles.width = key_width
        words = Content.assemble(binding.description, "  ", (binding.tooltip, "dim"))
        return Horizontal(key, Static(words, classes="help-text"), classes="help-row")
