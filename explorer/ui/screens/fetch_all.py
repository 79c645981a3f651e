"""Before a fetch-all: what it will cost against what is left of the hour, and an earlier fetch-all
of the same request to resume.

The explorer opens it when the cost is over half of what is left of the hour or cannot be known,
or when an earlier fetch-all of the request stopped (a cancel, an error, a restart of the app).
It dismisses with ``"resume"``, ``"start"`` (from the first page) or None (not now).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from explorer.app.cost import FetchCost
from explorer.app.spool import Kept
from explorer.ui.display import content
from explorer.ui.formatting import format_count, scope_label
from explorer.ui.screens.dialog import Dialog

FetchChoice = Literal["resume", "start"]


def kept_text(kept: Kept) -> str:
    """What an earlier fetch-all left, in a sentence."""
    point = kept.point
    pages = "1 page" if point.pages == 1 else f"{format_count(point.pages)} pages"
    return (
        f"An earlier fetch-all of this request stopped after {pages} "
        f"({format_count(point.items)} items kept on disk, {point.updated[:16].replace('T', ' ')} "
        "UTC). Resuming asks only for the pages after those."
    )


class FetchAllScreen(Dialog[FetchChoice]):
    """Asks before a costly fetch-all, or whether to resume an earlier one."""

    CSS_PATH = "fetch_all.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('resume')", "Resume", show=False),
        Binding("s,y", "choose('start')", "Start", show=False),
        Binding("n,escape", "choose(None)", "Not now", show=False),
    ]

    def __init__(self, target: str, cost: FetchCost, kept: Kept | None) -> None:
        super().__init__()
        self.target = target  # e.g. "GET contacts"
        self.cost = cost
        self.kept = kept

    def compose(self) -> ComposeResult:
        with Vertical(id="fetch-all-dialog"):
            for line in self.cost.sentences(scope_label(self.cost.scope)):
                yield Static(content(line), classes="fetch-all-line")
            if self.kept is not None:
                yield Static(content(kept_text(self.kept)), id="fetch-all-kept")
            if self.kept is not None:  # a row of its own: its label is long
                with Horizontal(classes="fetch-all-buttons"):
                    label = (
                        f"Resume from page {self.kept.next_page} "
                        f"({format_count(self.kept.point.items)} items kept) (r)"
                    )
                    yield Button(label, variant="primary", id="fetch-all-resume")
            with Horizontal(classes="fetch-all-buttons"):
                start = "Start again (s)" if self.kept is not None else "Fetch all (y)"
                yield Button(start, id="fetch-all-start")
                yield Button("Not now (n)", id="fetch-all-cancel")

    def on_mount(self) -> None:
        self.query_one("#fetch-all-dialog").border_title = f"Fetch all: {self.target}"
        first = "#fetch-all-resume" if self.kept is not None else "#fetch-all-start"
        self.query_one(first, Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.kept is not None if parameters == ("resume",) else True

    def action_choose(self, choice: FetchChoice | None) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        choices: dict[str | None, FetchChoice] = {
            "fetch-all-resume": "resume",
            "fetch-all-start": "start",
        }
        self.dismiss(choices.get(event.button.id))
