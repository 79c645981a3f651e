"""ProfileEditor: the form that adds or edits a profile and takes its token.

It reads and validates what was typed; checking the token with the server and storing it is the
profiles screen's work, asked for with :class:`ProfileEditor.SaveRequested`.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Label, Static

from explorer.core.catalog import DEFAULT_RATE_LIMIT
from explorer.core.errors import ExplorerError, ValidationError
from explorer.core.profiles import Profile, validate_profile
from explorer.core.tokens import check_token
from explorer.ui.display import content
from explorer.ui.widgets.button_row import ButtonRow

_LABELS = {"name": "Name", "base_url": "Base URL", "rate_limit": "Requests/hour"}


class ProfileEditor(Vertical):
    """Name, base URL, rate, token and read-only flag, with Save, Save anyway and Cancel."""

    class SaveRequested(Message):
        """Save was pressed (``verify``: check the token first) or Enter typed in a field."""

        def __init__(self, verify: bool) -> None:
            super().__init__()
            self.verify = verify

    class Cancelled(Message):
        """Cancel was pressed."""

    def compose(self) -> ComposeResult:
        """Compact one-line inputs, so the editor fits an 80x24 terminal."""
        with Grid(id="editor-fields"):
            yield Label("Name")
            yield Input(placeholder="letters, digits, - or _", id="edit-name", compact=True)
            yield Label("Base URL")
            yield Input(placeholder="https://textit.com", id="edit-url", compact=True)
            yield Label("Requests/hour")
            yield Input(
                placeholder=str(DEFAULT_RATE_LIMIT), type="integer", id="edit-rate", compact=True
            )
            yield Label("API token")
            yield Input(
                placeholder="leave empty to keep", password=True, id="edit-token", compact=True
            )
            yield Label("")
            yield Checkbox("Read-only: refuse POST and DELETE", id="edit-read-only", compact=True)
        yield Static("", id="editor-status")
        with ButtonRow():
            yield Button("Save", variant="primary", id="save", compact=True)
            yield Button("Save anyway", variant="warning", id="save-anyway", compact=True)
            yield Button("Cancel", id="cancel", compact=True)

    def open(self, profile: Profile | None) -> None:
        """Fill the form with ``profile`` (None: an empty one, to add) and focus the first field
        the person can change."""
        shown = profile or Profile(name="")
        name = self.query_one("#edit-name", Input)
        name.value, name.disabled = shown.name, profile is not None
        self.query_one("#edit-url", Input).value = shown.base_url
        self.query_one("#edit-rate", Input).value = str(shown.rate_limit)
        self.query_one("#edit-read-only", Checkbox).value = shown.read_only
        self.query_one("#edit-token", Input).value = ""
        self.status("")
        self.query_one("#save-anyway").display = False
        self.query_one("#edit-url" if profile else "#edit-name", Input).focus()

    def read(self) -> tuple[Profile, str]:
        """The profile and the token ("" to keep the stored one) as typed, validated.

        Raises ExplorerError (ValidationError for the fields): show it with :meth:`refuse`.
        """
        rate = self.query_one("#edit-rate", Input).value.strip()
        profile = validate_profile(
            Profile(
                name=self.query_one("#edit-name", Input).value.strip(),
                base_url=self.query_one("#edit-url", Input).value,
                rate_limit=int(rate) if rate.lstrip("-").isdigit() else 0,
                read_only=self.query_one("#edit-read-only", Checkbox).value,
            )
        )
        token = self.query_one("#edit-token", Input).value
        return profile, check_token(token) if token.strip() else ""

    def refuse(self, error: ExplorerError) -> None:
        """Show why the form cannot be saved, fields under the labels the person sees."""
        self.status(
            _labelled(error) if isinstance(error, ValidationError) else str(error), error=True
        )

    def status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#editor-status", Static)
        status.update(content(text, multiline=True))  # the workspace name, the server's errors
        status.set_class(error, "error")

    def offer_save_anyway(self, why: str) -> None:
        """Say why the token was not accepted and offer to store it all the same."""
        self.status(why, error=True)
        self.query_one("#save-anyway").display = True

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.SaveRequested(True))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "cancel":
            self.post_message(self.Cancelled())
        else:
            self.post_message(self.SaveRequested(event.button.id == "save"))


def _labelled(error: ValidationError) -> str:
    """The form's problems under the labels the person sees (``Base URL``, not ``base_url``)."""
    return "\n".join(
        f"{_LABELS.get(field, field)}: {message}"
        for field, messages in error.field_errors.items()
        for message in messages
    )
