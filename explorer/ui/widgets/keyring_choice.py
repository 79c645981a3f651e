"""KeyringChoice: where to keep a token when the system keyring cannot take it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, Static

from explorer.core.tokens import Storage
from explorer.ui.display import content
from explorer.ui.widgets.button_row import ButtonRow

_CHOICES = {"to-session": Storage.SESSION, "to-file": Storage.FILE, "to-nowhere": None}


class KeyringChoice(Vertical):
    """Says why the keyring failed and offers this session, the plaintext file, or nowhere;
    posts :class:`KeyringChoice.Chosen`."""

    class Chosen(Message):
        """The storage picked, or None: do not store the token."""

        def __init__(self, storage: Storage | None) -> None:
            super().__init__()
            self.storage = storage

    def compose(self) -> ComposeResult:
        yield Static("", id="keyring-help")
        with ButtonRow():
            yield Button("This session only", variant="primary", id="to-session", compact=True)
            yield Button(
                "Save to file (NOT encrypted)", variant="warning", id="to-file", compact=True
            )
            yield Button("Don't save it", id="to-nowhere", compact=True)

    def ask(self, notice: str) -> None:
        """Show why the keyring failed; the first choice, as read, has the focus."""
        self.query_one("#keyring-help", Static).update(
            content(notice, multiline=True)
        )  # a keyring's own words
        self.query_one(Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Chosen(_CHOICES[event.button.id or ""]))
