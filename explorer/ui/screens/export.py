"""Copy the request as code: curl, Python httpx, the official rapidpro-python client, or a
``textit-explorer call`` command line.

The code never holds a profile's token: it reads ``$TEXTIT_API_TOKEN`` (the command line names the
profile instead), so a pasted snippet is safe to share. The sandbox's code holds its URL and
built-in token, which are no secret, so it runs as it is while the sandbox does. Copying goes
through the terminal (OSC 52), which also works over SSH.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer, Vertical
from textual.content import Content
from textual.widgets import Static

from explorer.core.export import ExportFormat, export_request, holds_token
from explorer.core.request import FileUpload
from explorer.core.tokens import GLOBAL_ENV
from explorer.ui.display import content
from explorer.ui.screens.dialog import Dialog

CHOICES = Content.assemble(
    ("c", "bold $accent"),
    " curl   ",
    ("h", "bold $accent"),
    " httpx   ",
    ("p", "bold $accent"),
    " rapidpro-python   ",
    ("l", "bold $accent"),
    " command line   ",
    ("esc", "bold $accent"),
    " close",
)


def note(profile: str) -> str:
    """Where the code's token comes from: what to do before running it."""
    if holds_token(profile):
        return (
            "The sandbox's URL and built-in token (no secret) are in the code: it runs as it is "
            "while this app does."
        )
    return (
        f"The token is read from ${GLOBAL_ENV}: set it before running the code. The command "
        "line uses the profile's own token."
    )


class ExportScreen(Dialog[None]):
    """Shows the request as curl; c, h, p or l copies it in that form."""

    CSS_PATH = "export.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "copy('curl')", "Copy curl"),
        Binding("h", "copy('httpx')", "Copy httpx"),
        Binding("p", "copy('rapidpro-python')", "Copy rapidpro-python"),
        Binding("l", "copy('command line')", "Copy command line"),
        Binding("escape,q", "dismiss(None)", "Close"),
    ]

    code = getters.query_one("#export-code", Static)

    def __init__(
        self,
        method: str,
        url: str,
        body: Any = None,
        files: Sequence[FileUpload] = (),
        *,
        profile: str = "",
    ) -> None:
        super().__init__()
        self.method = method
        self.url = url
        self.body = body
        self.files = files
        self.profile = profile  # where the request goes; the sandbox's code holds its token

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog"):
            yield Static(CHOICES, id="export-choices")
            with ScrollableContainer(id="export-scroll"):
                curl = self.snippet(ExportFormat.CURL)  # the form's values, shown as data
                yield Static(content(curl, multiline=True), id="export-code")
            yield Static(note(self.profile), id="export-note")

    def on_mount(self) -> None:
        self.query_one("#export-dialog").border_title = "Copy the request as code"

    def snippet(self, form: ExportFormat) -> str:
        return export_request(
            form, self.method, self.url, self.body, self.files, profile=self.profile
        )

    def action_copy(self, form: str) -> None:
        """Show the request as ``form`` and copy it to the clipboard."""
        text = self.snippet(ExportFormat(form))
        self.code.update(content(text, multiline=True))
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied as {form}.", timeout=3)
