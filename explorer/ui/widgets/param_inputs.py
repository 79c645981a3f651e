"""One form field per parameter: the right input for its ``Kind``, its help, and its errors.

Every field speaks text (``""`` = not given), the form-value language of ``core.request``, so the
form, the raw editors and the validator agree on one representation.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import ClassVar

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, Select, Static, TextArea

from explorer.app.lookups import Item
from explorer.core.catalog import Kind, Param, Reference
from explorer.core.errors import ExplorerError
from explorer.core.values import DATETIME_EXAMPLE, lacks_zone
from explorer.ui.display import content
from explorer.ui.widgets.ref_picker import PickerSource, RefPicker, last_term, with_last_term

BOOL_CHOICES = ("true", "false")
NOT_GIVEN = "(not given)"
MULTILINE_KINDS = (Kind.JSON, Kind.TRANSLATABLE_LIST)
UTC_ASSUMED = "UTC (the workspace's time zone is not known)"

HINTS: dict[Kind, str] = {
    Kind.STRING: "text",
    Kind.INT: "whole number",
    Kind.UUID: "UUID",
    Kind.DATETIME: f"e.g. {DATETIME_EXAMPLE}",
    Kind.DATE: "YYYY-MM-DD",
    Kind.URN: "e.g. tel:+250788123123",
    Kind.LANGUAGE: "ISO 639-3 code, e.g. eng",
    Kind.EMAIL: "e.g. name@example.com",
    Kind.URL: "e.g. https://example.com/hook",
    Kind.REF: "UUID or name",
    Kind.TRANSLATABLE: 'text, or {"eng": "…", "fra": "…"}',
    Kind.TRANSLATABLE_LIST: 'a, b  or  {"eng": [...]}',
    Kind.JSON: '{"key": "value"}',
    Kind.FILE: "path of a file to upload",
}


def kind_name(param: Param) -> str:
    """``list[urn]``, ``uuid``: the type as shown beside the name."""
    return f"{param.kind.value}[{param.item.value}]" if param.item else param.kind.value


def placeholder(param: Param, example: str = "") -> str:
    """What an empty input shows: the example value when there is one, else the kind's hint."""
    if example:
        return f"e.g. {example}"
    if param.kind in (Kind.LIST,):
        item = HINTS.get(param.item or Kind.STRING, "value")
        return f"{item}, … (comma separated, or a JSON array)"
    return HINTS.get(param.kind, "")


def normalise_choice(text: str, choices: tuple[str, ...]) -> str | None:
    """The choice ``text`` names, ignoring case (``yes``/``1`` mean ``true``); else None."""
    word = text.strip().lower()
    if choices == BOOL_CHOICES:
        word = {"yes": "true", "1": "true", "no": "false", "0": "false"}.get(word, word)
    return next((choice for choice in choices if choice.lower() == word), None)


def now_text(clock: Callable[[], datetime]) -> str:
    """The current time in the API's datetime form."""
    return clock().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class ParamField(Vertical):
    """Heading (name, kind, help), input and error line for one parameter or body field."""

    BINDING_GROUP_TITLE = "Form field"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "now", "Now", tooltip="Put the current time in a date-time field"),
        Binding("ctrl+l", "example", "Example", tooltip="Fill this field with its example value"),
        # a date-time field has no names, a reference field no time: ctrl+n is "new" in both
        Binding(
            "ctrl+n", "refresh_names", "New names", tooltip="Fetch the workspace's names again"
        ),
        Binding("down", "pick(1)", "Pick", show=False, tooltip="Show or move down the choices"),
        Binding("up", "pick(-1)", "Pick up", show=False),
        Binding("escape", "close_picker", "Close choices", show=False),
    ]

    class Edited(Message):
        """The person changed this field's value."""

        def __init__(self, field: ParamField) -> None:
            super().__init__()
            self.field = field

        @property
        def control(self) -> ParamField:
            return self.field

    error_line = getters.query_one(".field-error", Static)

    def __init__(
        self,
        param: Param,
        *,
        location: str,
        example: str = "",
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        reference: Reference | None = None,
    ) -> None:
        super().__init__(classes=f"param-field -{param.kind.value}")
        self.param = param
        self.location = location  # "query" or "body"
        self.example = example
        self.clock = clock
        self.reference = reference  # the workspace objects this field names, if any
        self.source: PickerSource | None = None  # where its choices come from, once connected
        self.zone = UTC_ASSUMED  # the zone a date-time typed without one is read in
        self.set_class(param.required, "-required")
        self.set_class(param.deprecated or not param.documented, "-extra")

    def compose(self) -> ComposeResult:
        yield Static(self._heading(), classes="field-name")
        with Horizontal(classes="field-row"):
            yield self._make_input()
            if self.param.kind is Kind.DATETIME:
                now = Button("now", classes="now-button", compact=True)
                now.can_focus = False  # Ctrl+N does it from the keyboard; Tab skips it
                yield now
        yield Static(classes="field-error")
        if self.param.kind is Kind.DATETIME:
            yield Static(classes="field-hint")
        if self.reference is not None:
            yield RefPicker()

    def on_mount(self) -> None:
        self.show_zone()

    def _heading(self) -> Content:
        """``name* kind · required · help`` above the input, so a long name is never cut and the
        input gets the whole width; the standing of a deprecated or undocumented field too."""
        standing = ""
        if self.param.deprecated:
            standing = "deprecated · "
        elif not self.param.documented:
            standing = "undocumented · "
        mark = "*" if self.param.required else ""
        required = "required · " if self.param.required else ""
        return Content.assemble(
            (self.param.name + mark, "bold $warning" if self.param.required else "bold"),
            "  ",
            (f"{kind_name(self.param)} · ", "italic"),
            (required, "bold $warning"),
            (standing, "dim italic"),
            (self.param.help, "dim"),
        )

    def _make_input(self) -> Widget:
        param = self.param
        input_id = f"{self.location}-{param.name}"
        if param.kind is Kind.BOOL or param.kind is Kind.CHOICE:
            return Select(
                [(choice, choice) for choice in self.choices],
                prompt=f"{NOT_GIVEN}  e.g. {self.example}" if self.example else NOT_GIVEN,
                id=input_id,
                classes="field-input",
                compact=True,
            )
        if param.kind in MULTILINE_KINDS:
            return TextArea(
                id=input_id,
                classes="field-input",
                language="json",
                soft_wrap=True,
                placeholder=placeholder(param, self.example),
            )
        return Input(
            placeholder=placeholder(param, self.example),
            id=input_id,
            classes="field-input",
            compact=True,
        )

    @property
    def input(self) -> Widget:
        return self.query_one(".field-input")

    @property
    def value(self) -> str:
        """The field's text; ``""`` when not given."""
        widget = self.input
        if isinstance(widget, Select):
            return "" if widget.is_blank() else str(widget.value)
        if isinstance(widget, TextArea):
            return widget.text
        assert isinstance(widget, Input)
        return widget.value

    @property
    def choices(self) -> tuple[str, ...]:
        """The values a Select field offers (true/false for a boolean)."""
        return BOOL_CHOICES if self.param.kind is Kind.BOOL else self.param.choices

    def set_value(self, text: str) -> None:
        """Show ``text`` without posting ``Edited``; an unknown choice is shown as an error."""
        with self.prevent(Input.Changed, Select.Changed, TextArea.Changed):
            self._write(text)

    def refusal(self, text: str) -> str | None:
        """Why this field cannot hold ``text`` (a word that is not one of its choices), or None."""
        widget = self.input
        if (
            isinstance(widget, Select)
            and text.strip()
            and normalise_choice(text, self.choices) is None
        ):
            return f"{text!r} is not one of {', '.join(self.choices)}"
        return None

    def _write(self, text: str) -> None:
        widget = self.input
        if isinstance(widget, Select):
            refusal = self.refusal(text)
            if refusal is not None:
                self.show_errors([refusal])
            choice = normalise_choice(text, self.choices)
            widget.value = choice if choice is not None else Select.NULL
        elif isinstance(widget, TextArea):
            widget.load_text(text)
        else:
            assert isinstance(widget, Input)
            widget.value = text

    def show_errors(self, messages: list[str]) -> None:
        """Mark the field invalid with ``messages`` (the server's, too: an empty list clears it)."""
        self.error_line.update(content("\n".join(f"✗ {m}" for m in messages), multiline=True))
        self.set_class(bool(messages), "-invalid")
        self.remove_class("-warned")
        if messages:
            self.close_picker()  # the error is what to read now

    def show_warnings(self, messages: list[str]) -> None:
        """Say what may be wrong, without marking the field invalid (the next edit clears it)."""
        self.error_line.update(content("\n".join(f"⚠ {m}" for m in messages), multiline=True))
        self.set_class(bool(messages), "-warned")
        self.close_picker()

    @property
    def errors_shown(self) -> bool:
        return self.has_class("-invalid")

    def action_now(self) -> None:
        if self.param.kind is Kind.DATETIME:
            self._put(now_text(self.clock))

    def action_example(self) -> None:
        """Put the example in, as if typed: the person asked for it, so it may be sent."""
        self._put(self.example)

    def _put(self, text: str) -> None:
        """Write ``text`` as if typed, the cursor at its end, without offering choices."""
        with self.prevent(Input.Changed, Select.Changed, TextArea.Changed):
            self._write(text)
        if isinstance(widget := self.input, Input):
            widget.cursor_position = len(text)
        self.close_picker()
        self._edited()

    @on(Button.Pressed, ".now-button")
    def _now_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_now()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter chooses the highlighted choice; otherwise it moves on to the next field, as in
        a paper form (Ctrl+S sends)."""
        event.stop()
        if (item := self.picker.chosen if self.picking else None) is not None:
            self.choose(item)
            return
        self.close_picker()
        self.screen.focus_next()

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def _changed(self, event: Message) -> None:
        event.stop()
        if self.reference is not None and self.input.has_focus:
            self.look_up()
        self._edited()

    def _edited(self) -> None:
        self.show_errors([])
        self.show_zone()
        self.post_message(self.Edited(self))

    # -- the zone a date-time is read in ------------------------------------------------------

    def set_zone(self, zone: str) -> None:
        self.zone = zone
        self.show_zone()

    def show_zone(self) -> None:
        """Under a date-time typed without a zone, the zone it is read in."""
        for hint in self.query(".field-hint").results(Static):  # none until composed
            self.set_class(lacks_zone(self.value), "-zoneless")
            hint.update(Content(f"no zone typed: read in {self.zone}"))

    # -- picking a workspace object -----------------------------------------------------------

    @property
    def picker(self) -> RefPicker:
        return self.query_one(RefPicker)

    @property
    def picking(self) -> bool:
        """Whether the field's choices are showing."""
        return self.reference is not None and self.is_mounted and self.picker.is_open

    def look_up(self) -> None:
        """Show the workspace's objects that match the item being typed."""
        if self.reference is not None and self.source is not None:
            term = last_term(self.value)
            self.run_worker(
                self._find(self.reference, self.source, term), group="picker", exclusive=True
            )

    async def _find(self, reference: Reference, source: PickerSource, term: str) -> None:
        try:
            items = await source.candidates(reference, term)
        except ExplorerError as error:
            if self.input.has_focus:
                problem = f"Could not list the workspace's {reference.endpoint}: {error}"
                self.picker.show_problem(problem)
            return
        if self.input.has_focus and not self.errors_shown:  # an error is what to read now
            self.picker.show_items(reference, term, items, source.limit_note(reference, term))

    def choose(self, item: Item) -> None:
        """Put ``item`` in place of the item being typed, as the API wants it named."""
        assert self.reference is not None and self.source is not None
        self._put(with_last_term(self.value, self.source.fill(self.reference, item)))

    def close_picker(self) -> None:
        if self.reference is not None and self.is_mounted:
            self.picker.close()

    def action_pick(self, step: int) -> None:
        if self.picking:
            self.picker.move(step)
        else:
            self.look_up()

    def action_close_picker(self) -> None:
        self.close_picker()

    def action_refresh_names(self) -> None:
        """Forget the workspace's names (they may have changed) and fetch them again."""
        if self.source is not None:
            self.source.refresh()
            self.look_up()
            self.notify("The workspace's names are fetched again.")

    @on(OptionList.OptionSelected, ".ref-picker")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if (item := self.picker.chosen) is not None:
            self.choose(item)

    @on(Input.Blurred)
    def _left(self) -> None:
        self.close_picker()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer "now" only in date-time fields, "example" only in fields that have one, the
        choices only in reference fields (moving up or closing them only while they show)."""
        if action == "now":
            return self.param.kind is Kind.DATETIME
        if action == "example":
            return bool(self.example)
        if action in ("pick", "refresh_names"):
            connected = self.reference is not None and self.source is not None
            return connected and (action != "pick" or parameters != (-1,) or self.picking)
        if action == "close_picker":
            return self.picking
        return True
