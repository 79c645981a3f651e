"""SavePrompt: where and how to save the results, and a question before replacing a file.

The response pane opens it with a proposed file (in the user's downloads folder, shown in full)
and what it will save; the person edits the path and picks JSON, JSON Lines or CSV (the suffix
follows the choice, and the choice follows a suffix typed). Enter posts ``Chosen`` with the
absolute path; a path that exists is only chosen after a second Enter on the same path. Escape
posts ``Closed``. It does no I/O beyond asking whether the file exists.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, RadioButton, RadioSet, Static

from explorer.core.records import FORMATS, RecordFormat, format_of, with_format
from explorer.ui.display import content

FORMAT_LABELS: dict[RecordFormat, str] = {"json": "JSON", "jsonl": "JSON Lines", "csv": "CSV"}
TITLE = "Save · Enter · Tab: format · Esc"


class SavePrompt(Vertical):
    """Hidden until ``open``; hides itself once a path is chosen or Escape is pressed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close the save prompt", show=False),
    ]

    class Chosen(Message):
        """Save to ``path`` (absolute; its suffix says the format)."""

        def __init__(self, prompt: SavePrompt, path: Path) -> None:
            super().__init__()
            self.prompt = prompt
            self.path = path

        @property
        def control(self) -> SavePrompt:
            return self.prompt

    class Closed(Message):
        """The prompt was closed without saving."""

    path_input = getters.query_one("#save-path", Input)
    formats = getters.query_one("#save-format", RadioSet)
    where = getters.query_one("#save-where", Static)

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.what = "the results"
        self._replace: Path | None = None  # an existing file a second Enter replaces

    def compose(self) -> ComposeResult:
        yield Input(id="save-path", placeholder="file to save the results to")
        with RadioSet(id="save-format"):
            for fmt in FORMATS:
                yield RadioButton(FORMAT_LABELS[fmt], value=fmt == "json", name=fmt)
        yield Static(id="save-where")

    @property
    def value(self) -> str:
        return self.path_input.value

    @property
    def path(self) -> Path | None:
        """The absolute path typed, if any."""
        text = self.path_input.value.strip()
        return Path(text).expanduser().absolute() if text else None

    def open(self, proposed: Path, what: str) -> None:
        """Show the prompt with ``proposed`` (a full path) to save ``what`` to, and focus it."""
        self.what = what
        self._replace = None
        self.border_title = TITLE
        self.path_input.value = str(proposed)
        self.display = True
        self.path_input.focus()
        self._describe()

    def action_close(self) -> None:
        self.display = False
        self.post_message(self.Closed())

    @on(Input.Changed, "#save-path")
    def _path_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._replace = None
        if (path := self.path) is not None:
            self._show_format(format_of(path))
        self._describe()

    @on(RadioSet.Changed, "#save-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        fmt = FORMATS[event.index]
        path = self.path
        if path is not None and format_of(path) != fmt:
            self.path_input.value = str(with_format(path, fmt))

    @on(Input.Submitted, "#save-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = self.path
        if path is None:
            return
        if path.is_dir():
            self._describe(f"{path} is a folder: add a file name.")
            return
        if path.exists() and self._replace != path:
            self._replace = path
            self._describe(f"{path} exists. Enter again replaces it; change the name to keep it.")
            return
        self.display = False
        self.post_message(self.Chosen(self, path))

    def _show_format(self, fmt: RecordFormat) -> None:
        button = self.formats.query(RadioButton)[FORMATS.index(fmt)]
        if not button.value:
            button.value = True

    def _describe(self, warning: str = "") -> None:
        """Say what is saved where, in full; or the ``warning`` that stops the save."""
        path = self.path
        if warning:
            self.where.update(content(warning))
        elif path is None:
            self.where.update("Type the file to save to.")
        else:
            label = FORMAT_LABELS[format_of(path)]
            self.where.update(content(f"Saves {self.what} as {label} to {path}"))
        self.where.set_class(bool(warning), "-warning")
