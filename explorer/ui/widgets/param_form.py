"""The parameter form of one operation, and its raw twin (query string + JSON body).

Both views hold the same form values (text per field, ``""`` = not given); ``core.request`` turns
them into a request and back, so switching views never loses what was typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime, tzinfo

from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import Collapsible, Input, Label, Static, TextArea

from explorer.app.lookups import Lookups
from explorer.core.catalog import Operation, Param, reference_of
from explorer.core.errors import ValidationError, field_error_lines
from explorer.core.request import (
    WHOLE_REQUEST,
    body_text,
    body_values,
    parse_body_text,
    parse_query_text,
    query_text,
)
from explorer.ui.display import content
from explorer.ui.widgets.param_inputs import UTC_ASSUMED, ParamField

FormValues = dict[str, str]
SERVER_GLOBAL_KEYS = ("non_field_errors", "detail", WHOLE_REQUEST)


def example_values(operation: Operation) -> tuple[FormValues, FormValues]:
    """The catalog's example query and body values: shown as placeholders and filled only on
    request, so an example is never sent as real data unless the person chose it."""
    body = body_values(operation.example_body) if operation.example_body else {}
    return parse_query_text(operation.example_query), body


def shown_params(operation: Operation) -> tuple[Param, ...]:
    """The query params as the form shows them: a lookup the operation cannot do without (the
    ``uuid`` of a DELETE) is marked required, as the server will insist on it."""
    if not (operation.lookup_required and len(operation.lookup) == 1):
        return operation.params
    return tuple(
        replace(p, required=True) if p.name in operation.lookup else p for p in operation.params
    )


def split_server_errors(
    field_errors: Mapping[str, list[str]], names: set[str]
) -> tuple[dict[str, list[str]], list[str]]:
    """Server errors by form field (``urns.0`` -> ``urns``: "item 1: …"), and the rest."""
    by_field: dict[str, list[str]] = {}
    general: list[str] = []
    for key, messages in field_errors.items():
        name, _, rest = key.partition(".")
        if name in names and name not in SERVER_GLOBAL_KEYS:
            prefix = f"{_item_words(rest)}: " if rest else ""
            by_field.setdefault(name, []).extend(prefix + m for m in messages)
        else:
            label = "" if key in SERVER_GLOBAL_KEYS else f"{key}: "
            general.extend(label + m for m in messages)
    return by_field, general


def _item_words(path: str) -> str:
    """``0`` -> ``item 1``; ``eng`` -> ``eng``; ``0.text`` -> ``item 1 text``."""
    words = [f"item {int(p) + 1}" if p.isdigit() else p for p in path.split(".")]
    return " ".join(words)


class ParamForm(Vertical):
    """Fields for the query and body of one operation, or the raw query + body editors."""

    class Changed(Message):
        """The form's values changed (by a person, or by loading an operation)."""

        def __init__(self, form: ParamForm) -> None:
            super().__init__()
            self.form = form

        @property
        def control(self) -> ParamForm:
            return self.form

    raw = var(False)
    """True: the raw query string and JSON body are shown instead of the fields."""

    fields_view = getters.query_one("#form-fields", VerticalScroll)
    raw_view = getters.query_one("#form-raw", Vertical)
    raw_query = getters.query_one("#raw-query", Input)
    raw_body = getters.query_one("#raw-body", TextArea)
    general_errors = getters.query_one("#form-errors", Static)

    def __init__(
        self,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.operation: Operation | None = None
        self.lookups: Lookups | None = None  # the workspace's names and time zone, once connected
        self._kept: dict[str, tuple[FormValues, FormValues]] = {}
        self.loading = False  # ``load`` replaces the fields (their inputs may not exist yet)

    def compose(self) -> ComposeResult:
        yield Static(id="form-errors")
        yield VerticalScroll(id="form-fields", can_focus=False)
        with Vertical(id="form-raw"):
            yield Label("Query string", classes="raw-label")
            yield Input(placeholder="name=value&other=value", id="raw-query", compact=True)
            yield Label("JSON body", classes="raw-label", id="raw-body-label")
            yield TextArea(id="raw-body", language="json", soft_wrap=True, tab_behavior="indent")

    def on_mount(self) -> None:
        self.raw_view.display = False
        self.general_errors.display = False

    # -- loading ------------------------------------------------------------------------------

    async def load(self, operation: Operation) -> None:
        """Show ``operation``'s fields, with what was typed for it before (or empty)."""
        if self.operation is not None:
            self._keep(self.operation)
        self.operation = operation
        query, body = self._kept.get(operation.name) or ({}, {})
        self.loading = True
        try:
            await self._build_fields(operation)
        finally:
            self.loading = False
        self._fill(query, body)
        self.show_errors({})
        self.raw_body.display = bool(operation.body)
        self.query_one("#raw-body-label").display = bool(operation.body)
        self.raw_query.placeholder = operation.example_query or "name=value&other=value"
        self.raw_body.placeholder = body_text(operation, example_values(operation)[1])
        if self.raw:
            self._sync_raw_from_fields()
        self.post_message(self.Changed(self))

    def _keep(self, operation: Operation) -> None:
        """Remember the values typed for ``operation``, unless the raw text does not parse."""
        try:
            self._kept[operation.name] = self.values()
        except ValidationError:
            self._kept.pop(operation.name, None)

    async def _build_fields(self, operation: Operation) -> None:
        view = self.fields_view
        await view.remove_children()
        query_examples, body_examples = example_values(operation)
        widgets = [
            *self._section("Query parameters", "query", shown_params(operation), query_examples),
            *self._section("Body", "body", operation.body, body_examples),
        ]
        if not widgets:
            widgets = [Static("This operation takes no parameters.", classes="form-empty")]
        await view.mount_all(widgets)

    def _section(
        self, heading: str, location: str, params: tuple[Param, ...], examples: FormValues
    ) -> list[Static | ParamField | Collapsible]:
        if not params:
            return []
        main = [p for p in params if p.documented and not p.deprecated]
        extra = [p for p in params if p not in main]
        fields = [self._field(p, location, examples) for p in main]
        widgets: list[Static | ParamField | Collapsible] = [
            Static(heading, classes="form-heading"),
            *fields,
        ]
        if extra:
            title = f"More {location} fields ({len(extra)})"  # each says why in its heading
            more = [self._field(p, location, examples) for p in extra]
            widgets.append(Collapsible(*more, title=title, classes="more-fields"))
        return widgets

    def _field(self, param: Param, location: str, examples: FormValues) -> ParamField:
        assert self.operation is not None
        field = ParamField(
            param,
            location=location,
            example=examples.get(param.name, ""),
            clock=self.clock,
            reference=reference_of(self.operation, param),
        )
        field.source, field.zone = self.lookups, self.zone_words
        return field

    # -- the workspace ------------------------------------------------------------------------

    def connect(self, lookups: Lookups | None) -> None:
        """Offer the workspace's names in reference fields and read date-times in its time
        zone (None: no session, so no names, and UTC)."""
        self.lookups = lookups
        for field in self.fields():
            field.source = lookups
            field.set_zone(self.zone_words)
            field.close_picker()
        if not self.loading:
            self.post_message(self.Changed(self))  # the zone may change the request

    @property
    def zone(self) -> tzinfo:
        """The zone a date-time typed without one is read in: the workspace's, when known."""
        return (self.lookups.zone if self.lookups else None) or UTC

    @property
    def zone_words(self) -> str:
        name = self.lookups.zone_name if self.lookups else None
        return f"{name} (the workspace's time zone)" if name else UTC_ASSUMED

    # -- values -------------------------------------------------------------------------------

    def fields(self, location: str | None = None) -> list[ParamField]:
        """The form's fields, optionally only those of ``query`` or ``body``."""
        return [
            field
            for field in self.query(ParamField)
            if location is None or field.location == location
        ]

    def field(self, name: str, location: str | None = None) -> ParamField | None:
        return next((f for f in self.fields(location) if f.param.name == name), None)

    def values(self) -> tuple[FormValues, FormValues]:
        """The query and body values, from whichever view is shown."""
        if self.raw:
            return parse_query_text(self.raw_query.value), parse_body_text(self.raw_body.text)
        return self._field_values("query"), self._field_values("body")

    def _field_values(self, location: str) -> FormValues:
        return {f.param.name: f.value for f in self.fields(location) if f.value.strip()}

    def _fill(self, query: Mapping[str, str], body: Mapping[str, str]) -> None:
        for location, values in (("query", query), ("body", body)):
            for field in self.fields(location):
                field.set_value(values.get(field.param.name, ""))
                if field.value and field.param in self._extra_params():
                    self._reveal(field)

    def _extra_params(self) -> list[Param]:
        if self.operation is None:
            return []
        params = (*self.operation.params, *self.operation.body)
        return [p for p in params if p.deprecated or not p.documented]

    def _reveal(self, field: ParamField) -> None:
        for collapsible in field.ancestors_with_self:
            if isinstance(collapsible, Collapsible):
                collapsible.collapsed = False

    def clear_values(self) -> None:
        """Empty every field."""
        self.set_values({}, {})

    def set_values(self, query: Mapping[str, str], body: Mapping[str, str]) -> None:
        """Replace every field's value (names the form lacks are left out), in both views."""
        self._fill(query, body)
        self.show_errors({})
        if self.raw:
            self._sync_raw_from_fields()
        self.post_message(self.Changed(self))

    # -- errors -------------------------------------------------------------------------------

    def show_errors(self, field_errors: Mapping[str, list[str]]) -> None:
        """Put each message beside the field it names; the others go above the form."""
        names = {f.param.name for f in self.fields()}
        by_field, general = split_server_errors(field_errors, names)
        for field in self.fields():
            messages = by_field.get(field.param.name, [])
            field.show_errors(messages)
            if messages:
                self._reveal(field)
        self._show_general(general)

    def show_warnings(self, warnings: Mapping[str, list[str]]) -> None:
        """Put each warning beside the field it names."""
        for name, messages in warnings.items():
            if (field := self.field(name)) is not None:
                field.show_warnings(messages)
                self._reveal(field)

    def show_validation(self, error: ValidationError) -> None:
        self.show_errors(error.field_errors)

    def refresh_general(self, field_errors: Mapping[str, list[str]]) -> None:
        """After an edit, keep the errors above the form current: those the form still has
        (``field_errors`` from validating it now) stay, fixed or stale ones go. The raw view's
        "Still raw" reasons stay until the next Ctrl+R (the Request box tracks each edit)."""
        if self.general_errors.display and not self.raw:
            _, general = split_server_errors(field_errors, {f.param.name for f in self.fields()})
            self._show_general(general)

    def _show_general(self, messages: list[str]) -> None:
        self.general_errors.update(Content("\n").join(content(f"✗ {m}") for m in messages))
        self.general_errors.display = bool(messages)

    def first_invalid(self) -> ParamField | None:
        return next((f for f in self.fields() if f.errors_shown), None)

    def focus_first(self) -> None:
        """Focus where typing starts in the view shown: the first field, or the raw editor (the
        body when the operation has one)."""
        if self.raw:
            has_body = self.operation is not None and bool(self.operation.body)
            (self.raw_body if has_body else self.raw_query).focus()
            return
        fields = self.fields()
        if fields:  # the form from its top: the first field's heading stays in view
            fields[0].input.focus(scroll_visible=False)
            self.fields_view.scroll_home(animate=False)

    def focus_field(self, field: ParamField) -> None:
        """Focus ``field`` and scroll it to the middle of the form once the form is laid out
        again: its error lines change heights, and scrolling sooner could miss by a line."""
        field.input.focus(scroll_visible=False)
        self.call_after_refresh(self.fields_view.scroll_to_center, field, animate=False)

    # -- raw view -----------------------------------------------------------------------------

    def toggle_raw(self) -> bool:
        """Switch between fields and raw text, focusing where typing starts; stays raw (showing
        why above the editors) if the raw text is bad or holds what the fields cannot."""
        if self.raw:
            if not self._sync_fields_from_raw():
                return False
        else:
            self._sync_raw_from_fields()
        self.raw = not self.raw
        self.raw_view.display = self.raw
        self.fields_view.display = not self.raw
        self.focus_first()
        self.post_message(self.Changed(self))
        return True

    def _sync_raw_from_fields(self) -> None:
        if self.operation is None:
            return
        query, body = self._field_values("query"), self._field_values("body")
        with self.prevent(Input.Changed, TextArea.Changed):
            self.raw_query.value = query_text(self.operation, query, self.zone)
            self.raw_body.load_text(body_text(self.operation, body, self.zone))

    def _sync_fields_from_raw(self) -> bool:
        try:
            query = parse_query_text(self.raw_query.value)
            body = parse_body_text(self.raw_body.text)
        except ValidationError as error:
            self._show_general([f"Still raw: {m}" for m in field_error_lines(error.field_errors)])
            return False
        refused = self._refusals("query", query) + self._refusals("body", body)
        if refused:
            self._show_general(
                ["Still raw: the form cannot hold these; fix or remove them.", *refused]
            )
            return False
        self._fill(query, body)
        self.show_errors({})
        return True

    def _refusals(self, location: str, values: Mapping[str, str]) -> list[str]:
        """``name: why`` for each value no field of ``location`` can hold (an unknown name, a
        word that is not one of a field's choices), which the fields would silently drop."""
        refused = []
        for name, text in values.items():
            field = self.field(name, location)
            why = (
                f"not a {location} field of this operation"
                if field is None
                else field.refusal(text)
            )
            if why is not None and text.strip():
                refused.append(f"{name}: {why}")
        return refused

    # -- events -------------------------------------------------------------------------------

    @on(ParamField.Edited)
    def _field_edited(self, event: ParamField.Edited) -> None:
        event.stop()
        self.post_message(self.Changed(self))

    @on(Input.Changed, "#raw-query")
    @on(TextArea.Changed, "#raw-body")
    def _raw_edited(self, event: Message) -> None:
        event.stop()
        self.post_message(self.Changed(self))
