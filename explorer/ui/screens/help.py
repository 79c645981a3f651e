"""Every key the explorer answers to, read from the bindings themselves (never a hand-kept list)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

KEY_WIDTH = 10
DESCRIPTION_WIDTH = 14
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


class HelpScreen(ModalScreen[None]):
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
        with VerticalScroll(id="help-body"):
            for title, bindings in key_sections(nodes).items():
                yield Static(title, classes="help-section")
                yield Static(self._lines(bindings), classes="help-keys")
            yield Static(BUILT_IN_NOTE, classes="help-note")

    def on_mount(self) -> None:
        self.query_one("#help-body").border_title = "Keys (Esc closes)"

    def _lines(self, bindings: list[Binding]) -> Content:
        rows = [
            Content.assemble(
                (self.app.get_key_display(binding).ljust(KEY_WIDTH), "bold $accent"),
                binding.description.ljust(DESCRIPTION_WIDTH),
                (binding.tooltip, "dim"),
            )
            for binding in bindings
        ]
        return Content("\n").join(rows)
