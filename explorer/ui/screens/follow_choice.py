"""The chooser before following a reference that opens more than one way: the object itself,
or a listing related to it ("the group Farmers", "contacts in Farmers")."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from explorer.core.references import Target
from explorer.ui.display import content
from explorer.ui.screens.dialog import Dialog


class FollowChoiceScreen(Dialog[Target]):
    """Lists ``targets`` (titles from the server's names, shown as data); Enter opens the one
    under the cursor, Escape none."""

    CSS_PATH = "follow_choice.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Close")]

    def __init__(self, targets: list[Target]) -> None:
        super().__init__()
        self.targets = targets

    def compose(self) -> ComposeResult:
        yield OptionList(
            *(Option(content(t.title), id=str(n)) for n, t in enumerate(self.targets)),
            id="follow-choices",
        )

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        choices.border_title = "Open"
        choices.border_subtitle = "Enter opens · Esc closes"
        choices.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.targets[event.option_index])
