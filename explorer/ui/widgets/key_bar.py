"""KeyBar: the keys that work where the focus is, on the screen's bottom line.

`` / Filter  ^s Send  f2 Tree …            ▏^p palette `` — what Textual's Footer shows, drawn as
one line of text. The Footer builds a widget per key and recomposes itself after each change of
focus: at start-up that is one rebuild per focus change, and the explorer's first frame waited
for them. Here a change of focus only repaints the line.

Keys that do not fit are left out whole (every key is on the help screen, F1); the command
palette's key stays at the right. Keys of one ``Binding.Group`` in a row share its description
(`` f6  f7  f8 Panes ``). A click runs the key; hovering shows its tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

DIVIDER = "▏"


@dataclass(frozen=True)
class KeyHint:
    """One key as the bar shows it."""

    key: str
    """The key as Textual names it (``ctrl+s``): what a click presses."""
    display: str
    """The key as shown (``^s``)."""
    description: str
    tooltip: str
    enabled: bool
    group: str | None = None
    """The description of the key's ``Binding.Group``, shown once for the keys in a row."""


def key_hints(screen: Screen[object]) -> tuple[list[KeyHint], KeyHint | None]:
    """The shown bindings active on ``screen``, one per action (its first key), and the command
    palette's key (None when the app has no palette): the focused widgets' first, then the
    screen's in its order, then the app's."""
    app = screen.app
    hints: dict[str, tuple[tuple[int, int], KeyHint]] = {}
    palette: KeyHint | None = None
    screen_order = {key: n for n, key in enumerate(screen._bindings.key_to_bindings)}
    for index, (node, binding, enabled, tooltip) in enumerate(screen.active_bindings.values()):
        hint = KeyHint(
            key=binding.key,
            display=app.get_key_display(binding),
            description=binding.description,
            tooltip=tooltip or binding.description,
            enabled=enabled,
            group=binding.group.description if binding.group else None,
        )
        if binding.key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
            palette = hint
        elif binding.show:
            # a key a focused widget also binds keeps that widget's place in active_bindings
            place = (1, screen_order[binding.key]) if node is screen else (2 * (node is app), index)
            hints.setdefault(binding.action, (place, hint))
    return [hint for _, hint in sorted(hints.values(), key=lambda item: item[0])], palette


def _blocks(hints: list[KeyHint]) -> list[list[KeyHint]]:
    """The hints as the bar draws them: the keys of one group in a row together, others alone."""
    blocks: list[list[KeyHint]] = []
    for hint in hints:
        if blocks and hint.group is not None and blocks[-1][-1].group == hint.group:
            blocks[-1].append(hint)
        else:
            blocks.append([hint])
    return blocks


class KeyBar(Widget):
    """The key line docked at the bottom of a screen; it repaints when the screen's bindings
    change (focus moved, an action became available)."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--hover",
        "key-bar--divider",
    }

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._spans: list[tuple[int, int, KeyHint]] = []  # where each hint was drawn, for the mouse
        self._hovered: KeyHint | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        self.refresh()

    @property
    def hints(self) -> list[KeyHint]:
        """The hints drawn on the last paint, left to right (the palette's last)."""
        return [hint for _start, _end, hint in self._spans]

    def render(self) -> Text:
        hints, palette = key_hints(self.screen)
        palette_text = self._palette_text(palette)
        line = Text(no_wrap=True, overflow="crop")
        self._spans = []
        room = self.size.width - palette_text.cell_len
        for block in _blocks(hints):
            label, spans = self._block_text(block)
            if line.cell_len + label.cell_len - len(" ") > room:  # its last space may go
                break
            at = line.cell_len
            self._spans += [(at + start, at + end, hint) for start, end, hint in spans]
            line.append_text(label)
        line.truncate(room, pad=True)
        if palette is not None:
            start = line.cell_len + len(DIVIDER)
            self._spans.append((start, start + palette_text.cell_len - len(DIVIDER), palette))
        line.append_text(palette_text)
        return line

    def _block_text(self, block: list[KeyHint]) -> tuple[Text, list[tuple[int, int, KeyHint]]]:
        """`` ^s Send ``, or `` f6  f7  f8 Panes `` for a group; where each hint was drawn (a
        group's description belongs to no key)."""
        text = Text()
        spans: list[tuple[int, int, KeyHint]] = []
        for hint in block:
            start = text.cell_len
            text.append(f" {hint.display} ", self._styles(hint)[0])
            spans.append((start, text.cell_len, hint))
        first = block[0]
        description = first.group if len(block) > 1 and first.group else first.description
        text.append(f"{description} ", self._styles(first)[1])
        if len(block) == 1:
            spans = [(0, text.cell_len, first)]
        return text, spans

    def _palette_text(self, palette: KeyHint | None) -> Text:
        if palette is None:
            return Text()
        key_style, description_style = self._styles(palette)
        divider = self.get_component_rich_style("key-bar--divider")
        return Text.assemble(
            (DIVIDER, divider),
            (palette.display, key_style),
            (f" {palette.description} ", description_style),
        )

    def _styles(self, hint: KeyHint) -> tuple[Style, Style]:
        key = self.get_component_rich_style("key-bar--key")
        description = self.get_component_rich_style("key-bar--description")
        if hint == self._hovered:
            hover = self.get_component_rich_style("key-bar--hover")
            key, description = key + hover, description + hover
        if not hint.enabled:
            key, description = key + Style(dim=True), description + Style(dim=True)
        return key, description

    def hint_at(self, x: int) -> KeyHint | None:
        """The hint drawn at column ``x``, if any."""
        return next((hint for start, end, hint in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self.hint_at(event.x))

    def on_leave(self) -> None:
        self._hover(None)

    def _hover(self, hint: KeyHint | None) -> None:
        if hint != self._hovered:
            self._hovered = hint
            self.tooltip = hint.tooltip if hint else None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        hint = self.hint_at(event.x)
        if hint is None:
            return
        if hint.enabled:
            self.app.simulate_key(hint.key)
        else:
            self.app.bell()
