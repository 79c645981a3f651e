"""ButtonRow: a dialog's row of compact buttons, aligned right."""

from __future__ import annotations

from textual.containers import Horizontal


class ButtonRow(Horizontal):
    """Compact one-line buttons on the right, so a dialog's actions fit an 80x24 terminal."""
