"""Command palette: jump to any operation by name ("POST contacts — Add or update a contact")."""

from __future__ import annotations

from functools import partial

from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider

from explorer.core.catalog import Operation, load_catalog
from explorer.ui.messages import OperationRequested
from explorer.ui.screens.dialog import Dialog
from explorer.ui.widgets.endpoint_tree import operation_label


class OperationCommands(Provider):
    """One command per API operation; choosing it shows that operation in the explorer."""

    def _operations(self) -> list[tuple[str, Operation]]:
        return [(operation_label(op), op) for op in load_catalog().operations()]

    def _request(self, operation: Operation) -> None:
        self.screen.post_message(OperationRequested(operation))

    async def discover(self) -> Hits:
        for label, operation in self._operations():
            yield DiscoveryHit(label, partial(self._request, operation), help=operation.summary)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, operation in self._operations():
            score = matcher.match(label)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(label),
                    partial(self._request, operation),
                    help=operation.summary,
                )


class Palette(CommandPalette, Dialog[None]):
    """Textual's command palette, closing once like every dialog (see ``Dialog``); Textual's
    class first, as Textual reads styles and component classes from the first base."""
