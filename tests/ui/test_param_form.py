"""The parameter form: typed inputs per Kind, examples, errors by field, the raw twin, "now"."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from textual.app import App, ComposeResult
from textual.widgets import Collapsible, Input, Select, TextArea

from explorer.core.catalog import Operation, load_catalog
from explorer.core.errors import ValidationError
from explorer.core.request import build_request
from explorer.ui.widgets.param_form import ParamForm, split_server_errors
from explorer.ui.widgets.param_inputs import ParamField, normalise_choice

FIXED_NOW = datetime(2026, 1, 2, 3, 4, 5, 600000, tzinfo=UTC)


def operation(slug: str, method: str) -> Operation:
    return load_catalog().operation(slug, method)


class FormApp(App[None]):
    CSS_PATH = "../../explorer/ui/widgets/param_form.tcss"

    def __init__(self, first: Operation) -> None:
        super().__init__()
        self.first = first
        self.changes = 0

    def compose(self) -> ComposeResult:
        yield ParamForm(clock=lambda: FIXED_NOW)

    async def on_mount(self) -> None:
        await self.query_one(ParamForm).load(self.first)

    def on_param_form_changed(self) -> None:
        self.changes += 1


def field(form: ParamForm, name: str) -> ParamField:
    found = form.field(name)
    assert found is not None, name
    return found


async def test_fields_follow_the_catalog_kinds() -> None:
    app = FormApp(operation("contacts", "GET"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        form = app.query_one(ParamForm)
        assert [f.param.name for f in form.fields("query")] == [
            p.name for p in operation("contacts", "GET").params
        ]
        assert isinstance(field(form, "deleted").input, Select)  # tri-state: blank/true/false
        assert isinstance(field(form, "uuid").input, Input)
        assert field(form, "urn").input.placeholder == "e.g. tel:+250788123123"  # type: ignore[attr-defined]
        assert form.values() == ({}, {})


async def test_undocumented_params_are_folded_under_more_fields() -> None:
    app = FormApp(operation("contacts", "GET"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        form = app.query_one(ParamForm)
        more = form.query_one(Collapsible)
        assert more.collapsed
        folded = [f.param.name for f in more.query(ParamField)]
        assert folded == ["reverse", "expand_urns", "urn_order"]
        assert all(f.has_class("-extra") for f in more.query(ParamField))


async def test_post_form_starts_empty_with_the_example_body_as_placeholders() -> None:
    app = FormApp(operation("contacts", "POST"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        form = app.query_one(ParamForm)
        assert form.values() == ({}, {})
        assert field(form, "name").input.placeholder == "e.g. Ben Haggerty"  # type: ignore[attr-defined]
        assert field(form, "groups").example == '["Reporters"]'
        field(form, "name").action_example()
        assert form.values() == ({}, {"name": "Ben Haggerty"})


async def test_bool_field_is_unset_true_or_false() -> None:
    app = FormApp(operation("contacts", "GET"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        form = app.query_one(ParamForm)
        deleted = field(form, "deleted")
        deleted.set_value("yes")
        assert deleted.value == "true"
        deleted.set_value("0")
        assert deleted.value == "false"
        deleted.set_value("")
        assert deleted.value == ""
        assert "deleted" not in form.values()[0]


async def test_typing_posts_changed_and_updates_values() -> None:
    app = FormApp(operation("contacts", "GET"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        before = app.changes
        field(app.query_one(ParamForm), "group").input.focus()
        await pilot.press(*"Farmers")
        await pilot.pause()
        assert app.changes > before
        assert app.query_one(ParamForm).values() == ({"group": "Farmers"}, {})


async def test_errors_go_beside_their_fields_and_the_rest_above() -> None:
    app = FormApp(operation("contacts", "POST"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        form = app.query_one(ParamForm)
        form.show_errors(
            {"urns.0": ["URN is in use by another contact."], "": ["Contact is deleted."]}
        )
        urns = field(form, "urns")
        assert urns.errors_shown
        assert "item 1: URN is in use by another contact." in str(urns.error_line.content)
        assert form.general_errors.display
        assert "Contact is deleted." in str(form.general_errors.content)
        assert form.first_invalid() is urns
        await pilot.press("tab")  # editing the field clears its error
        urns.input.focus()
        await pilot.press("x")
        await pilot.pause()
        assert not urns.errors_shown


async def test_validation_errors_from_request_building_are_shown() -> None:
    app = FormApp(operation("contacts", "GET"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        form = app.query_one(ParamForm)
        field(form, "uuid").set_value("not-a-uuid")
        try:
            build_request(operation("contacts", "GET"), *form.values())
        except ValidationError as error:
            form.show_validation(error)
        assert field(form, "uuid").errors_shown
        assert not field(form, "urn").errors_shown


async def test_raw_view_mirrors_the_fields_both_ways() -> None:
    app = FormApp(operation("contacts", "GET"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        form = app.query_one(ParamForm)
        field(form, "group").set_value("Farmers")
        field(form, "deleted").set_value("true")
        assert form.toggle_raw()
        assert form.raw_query.value == "group=Farmers&deleted=true"
        form.raw_query.value = "group=Traders&reverse=true"
        assert form.values() == ({"group": "Traders", "reverse": "true"}, {})
        assert form.toggle_raw()
        assert field(form, "group").value == "Traders"
        assert field(form, "deleted").value == ""
        assert field(form, "reverse").value == "true"
        assert not form.query_one(Collapsible).collapsed  # a folded field with a value is shown


async def test_bad_raw_json_keeps_the_raw_view_and_says_why() -> None:
    app = FormApp(operation("groups", "POST"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        form = app.query_one(ParamForm)
        form.toggle_raw()
        assert form.raw_body.text == ""  # the example is only the placeholder
        example = operation("groups", "POST").example_body
        assert json.loads(str(form.raw_body.placeholder)) == example
        form.query_one("#raw-body", TextArea).load_text('{"name": ')
        assert not form.toggle_raw()
        assert form.raw
        assert "invalid JSON" in str(form.general_errors.content)


async def test_values_are_kept_per_operation() -> None:
    app = FormApp(operation("contacts", "GET"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        form = app.query_one(ParamForm)
        field(form, "group").set_value("Farmers")
        await form.load(operation("runs", "GET"))
        assert form.values() == ({}, {})
        await form.load(operation("contacts", "GET"))
        assert form.values() == ({"group": "Farmers"}, {})


async def test_now_fills_a_datetime_field_from_the_clock() -> None:
    app = FormApp(operation("contacts", "GET"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        before = field(app.query_one(ParamForm), "before")
        before.input.focus()
        await pilot.press("ctrl+n")
        assert before.value == "2026-01-02T03:04:05.600000Z"


async def test_a_lookup_the_operation_needs_is_marked_required() -> None:
    app = FormApp(operation("groups", "DELETE"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert field(app.query_one(ParamForm), "uuid").has_class("-required")
        await app.query_one(ParamForm).load(operation("contacts", "DELETE"))  # uuid or urn
        assert not field(app.query_one(ParamForm), "uuid").has_class("-required")


def test_server_errors_split_by_form_field() -> None:
    by_field, general = split_server_errors(
        {"urns.1": ["bad"], "fields.age": ["not a number"], "zzz": ["odd"], "": ["whole"]},
        {"urns", "fields"},
    )
    assert by_field == {"urns": ["item 2: bad"], "fields": ["age: not a number"]}
    assert general == ["zzz: odd", "whole"]


def test_choices_match_ignoring_case_and_bool_words() -> None:
    assert normalise_choice("Inbox", ("inbox", "sent")) == "inbox"
    assert normalise_choice("yes", ("true", "false")) == "true"
    assert normalise_choice("maybe", ("true", "false")) is None


async def test_a_choice_shows_its_example_in_the_prompt_and_takes_it_on_request() -> None:
    app = FormApp(operation("contact_actions", "POST"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        form = app.query_one(ParamForm)
        action = field(form, "action")
        assert isinstance(action.input, Select)
        assert action.input.prompt == "(not given)  e.g. add"
        assert action.value == ""
        action.input.focus()
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert form.values() == ({}, {"action": "add"})
