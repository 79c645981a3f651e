"""AnswerPath: the path of answers that references were followed along, over the answer.

``contacts`` then ``group Farmers`` then ``contacts in Farmers``, joined by ``SEPARATOR``, on
one line, shown only once a reference has been followed (a path of one answer says nothing the
status line does not). The names are the server's: each crumb is made visible
(``explorer.ui.display``) and cut to ``MAX_CRUMB`` cells; when the path is wider than the pane,
the earlier crumbs are cut shorter, then the oldest give way to ``…``::

    path.show_path(["contacts", "group Farmers", "contacts in Farmers"])
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widget import Widget

from explorer.ui.display import visible
from explorer.ui.formatting import truncate

SEPARATOR = " \u203a "  # a single right-pointing angle quotation mark
MAX_CRUMB = 32
"""Cells of one crumb shown at most (a long name is cut with an ellipsis)."""
MIN_CRUMB = 8
"""Cells an earlier crumb keeps when the path is cut to fit."""
ELIDED = "…"


class AnswerPath(Widget):
    """One line: the crumbs of the answers followed to the one shown, the last one bold."""

    ALLOW_SELECT = False

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.crumbs: tuple[str, ...] = ()
        self.display = False

    def show_path(self, crumbs: Sequence[str]) -> None:
        """Show ``crumbs`` (oldest first); fewer than two hide the line."""
        self.crumbs = tuple(truncate(visible(crumb), MAX_CRUMB) for crumb in crumbs)
        self.display = len(self.crumbs) > 1
        self.refresh()

    def render(self) -> Content:
        crumbs = _fitted(list(self.crumbs), self.size.width)
        pieces: list[str | tuple[str, str]] = []
        for crumb in crumbs[:-1]:
            pieces += [crumb, (SEPARATOR, "$text-muted")]
        if crumbs:
            pieces.append((crumbs[-1], "bold"))
        return Content.assemble(*pieces)


def _fitted(crumbs: list[str], width: int) -> list[str]:
    """``crumbs`` within ``width`` cells: the earlier ones cut shorter first (down to
    ``MIN_CRUMB``), then the oldest given way to ``…``; the last one stays whole."""
    room = MAX_CRUMB
    while room > MIN_CRUMB and _width(crumbs) > width:
        room -= 1
        crumbs = [truncate(crumb, room) for crumb in crumbs[:-1]] + crumbs[-1:]
    while len(crumbs) > 2 and _width(crumbs) > width:
        crumbs = [ELIDED, *crumbs[2 if crumbs[0] == ELIDED else 1 :]]
    return crumbs


def _width(crumbs: list[str]) -> int:
    return Content(SEPARATOR.join(crumbs)).cell_length
