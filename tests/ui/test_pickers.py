"""Reference fields offer the workspace's objects as the person types (from the sandbox, through
the lookup cache), choosing fills what the API takes; date-times without a zone say which zone
they are read in, and are read in the workspace's."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input

from explorer.app.lookups import Item, Lookups
from explorer.core.catalog import Operation, Reference, load_catalog
from explorer.core.errors import ConnectError
from explorer.core.request import build_request
from explorer.ui.widgets.param_form import ParamForm
from explorer.ui.widgets.param_inputs import UTC_ASSUMED, ParamField
from explorer.ui.widgets.ref_picker import RefPicker, last_term, with_last_term
from tests.app.support import Clock, sandbox_session, sandbox_transport
from tests.ui.support import WIDGET_STYLESHEETS, wait_until


class PickerApp(App[None]):
    CSS_PATH = WIDGET_STYLESHEETS

    def __init__(self, operation: Operation, lookups: Lookups | None) -> None:
        super().__init__()
        self.operation = operation
        self.lookups = lookups

    def compose(self) -> ComposeResult:
        yield ParamForm(clock=lambda: datetime(2026, 1, 2, tzinfo=UTC))

    async def on_mount(self) -> None:
        form = self.query_one(ParamForm)
        await form.load(self.operation)
        form.connect(self.lookups)


async def sandbox_lookups() -> Lookups:
    clock = Clock()
    transport = sandbox_transport(clock, contacts=40)  # enough: the pickers here list no contact
    return Lookups(await sandbox_session(clock, [], transport=transport))


def field_of(app: PickerApp, name: str) -> ParamField:
    found = app.query_one(ParamForm).field(name)
    assert found is not None
    return found


def offered(field: ParamField) -> list[str]:
    return [item.name for item in field.picker.items] if field.picker.is_open else []


async def type_into(pilot: Pilot[None], field: ParamField, text: str) -> None:
    field.input.focus()
    await pilot.press(*text)


async def test_typing_a_group_offers_the_workspaces_groups_and_enter_fills_the_name() -> None:
    app = PickerApp(load_catalog().operation("contacts", "GET"), await sandbox_lookups())
    async with app.run_test(size=(100, 40)) as pilot:
        group = field_of(app, "group")
        await type_into(pilot, group, "fa")
        await wait_until(pilot, lambda: offered(group) == ["Farmers"], "Farmers offered")
        await pilot.press("enter")
        assert group.value == "Farmers"
        assert not group.picker.is_open
        assert group.input.has_focus  # choosing does not move on; a second Enter does


async def test_a_flow_is_filled_as_its_uuid_where_the_api_takes_only_that() -> None:
    lookups = await sandbox_lookups()
    app = PickerApp(load_catalog().operation("flow_starts", "POST"), lookups)
    async with app.run_test(size=(100, 40)) as pilot:
        flow = field_of(app, "flow")
        await type_into(pilot, flow, "regis")
        await wait_until(pilot, lambda: "Registration" in offered(flow), "flows offered")
        assert offered(flow) == ["Registration", "Old Registration"]  # prefix first
        await pilot.press("enter")
        registration = (await lookups.listing("flows")).find("Registration")
        assert registration is not None and flow.value == registration.value


async def test_in_a_list_the_item_being_typed_is_completed_and_arrows_move() -> None:
    app = PickerApp(load_catalog().operation("broadcasts", "POST"), await sandbox_lookups())
    async with app.run_test(size=(100, 40)) as pilot:
        groups = field_of(app, "groups")
        await type_into(pilot, groups, "VIP, yo")
        await wait_until(pilot, lambda: offered(groups) == ["Youth Club"], "Youth Club offered")
        await pilot.press("escape")
        assert not groups.picker.is_open
        await pilot.press("backspace", "backspace")
        await wait_until(pilot, lambda: len(offered(groups)) == 8, "every group, up to 8")
        await pilot.press("down", "down", "up", "down")
        chosen = groups.picker.chosen
        assert chosen is not None
        await pilot.press("enter")
        assert groups.value == f"VIP, {chosen.name}"


async def test_down_opens_the_choices_of_an_empty_field_and_tab_closes_them() -> None:
    app = PickerApp(load_catalog().operation("messages", "GET"), await sandbox_lookups())
    async with app.run_test(size=(100, 40)) as pilot:
        label = field_of(app, "label")
        label.input.focus()
        await pilot.press("down")
        await wait_until(pilot, lambda: len(offered(label)) == 5, "the five labels")
        await pilot.press("tab")
        assert not label.picker.is_open


class HostileSource:
    """Names as a hostile server might send them."""

    def __init__(self) -> None:
        self.refreshed = 0

    async def candidates(self, reference: Reference, text: str) -> list[Item]:
        return [Item("u1", "[b]Bold[/b] \x1b]52;c;aGk=\x07"), Item("u2", "x" * 300)]

    def fill(self, reference: Reference, item: Item) -> str:
        return item.value

    def refresh(self) -> None:
        self.refreshed += 1

    def limit_note(self, reference: Reference, text: str) -> str | None:
        return "only the first 2 groups are searched: there are more"


async def test_names_are_shown_as_data_and_ctrl_n_refreshes() -> None:
    app = PickerApp(load_catalog().operation("contacts", "GET"), None)
    async with app.run_test(size=(100, 40)) as pilot:
        group = field_of(app, "group")
        source = HostileSource()
        group.source = source
        await type_into(pilot, group, "b")
        await wait_until(pilot, lambda: group.picker.is_open, "the choices")
        lines = [str(option.prompt) for option in group.picker.options]
        assert lines[0].startswith("[b]Bold[/b] ␛]52;c;aGk=␇")
        assert len(lines[1]) < 100 and "…" in lines[1]
        assert lines[2] == "(only the first 2 groups are searched: there are more)"
        await pilot.press("ctrl+n")
        assert source.refreshed == 1


async def test_no_session_no_choices() -> None:
    app = PickerApp(load_catalog().operation("contacts", "GET"), None)
    async with app.run_test(size=(100, 40)) as pilot:
        group = field_of(app, "group")
        await type_into(pilot, group, "fa")
        await pilot.pause()
        assert not group.picker.is_open
        assert group.value == "fa"


async def test_a_datetime_without_a_zone_says_and_uses_the_workspace_zone() -> None:
    operation = load_catalog().operation("contacts", "GET")
    app = PickerApp(operation, await sandbox_lookups())
    async with app.run_test(size=(100, 40)) as pilot:
        form = app.query_one(ParamForm)
        before = field_of(app, "before")
        hint = before.query_one(".field-hint")
        assert not hint.display and not before.has_class("-zoneless")
        await type_into(pilot, before, "2026-01-02 10:00")
        assert before.has_class("-zoneless")
        assert "read in Africa/Kigali (the workspace's time zone)" in str(hint.render())
        request = build_request(operation, *form.values(), zone=form.zone)
        assert request.query == (("before", "2026-01-02T08:00:00.000000Z"),)
        await pilot.press("Z")
        assert not before.has_class("-zoneless")
        form.connect(None)
        await pilot.press("backspace")
        assert UTC_ASSUMED in str(hint.render())


def test_terms_of_a_list() -> None:
    assert last_term("VIP, Yo") == "Yo"
    assert last_term("Fa") == "Fa"
    assert with_last_term("VIP, Yo", "Youth Club") == "VIP, Youth Club"
    assert with_last_term("VIP,Yo", "Youth Club") == "VIP, Youth Club"
    assert with_last_term("Fa", "Farmers") == "Farmers"
    assert with_last_term("VIP\nYo", "Youth Club") == "VIP\nYouth Club"


def test_the_picker_is_not_focusable() -> None:
    assert not RefPicker().can_focus
    assert Input().can_focus


async def test_a_click_on_a_choice_chooses_it() -> None:
    app = PickerApp(load_catalog().operation("contacts", "GET"), await sandbox_lookups())
    async with app.run_test(size=(100, 40)) as pilot:
        group = field_of(app, "group")
        await type_into(pilot, group, "r")
        await wait_until(pilot, lambda: len(offered(group)) > 1, "groups offered")
        second = group.picker.items[1]
        await pilot.click(group.picker, offset=(4, 1))
        await wait_until(pilot, lambda: group.value != "r", "the click to choose")
        assert group.value == second.name and group.input.has_focus


class FailingSource(HostileSource):
    async def candidates(self, reference: Reference, text: str) -> list[Item]:
        raise ConnectError("connection refused")


async def test_a_list_that_cannot_be_fetched_says_why_in_the_choices() -> None:
    app = PickerApp(load_catalog().operation("contacts", "GET"), None)
    async with app.run_test(size=(100, 40)) as pilot:
        group = field_of(app, "group")
        group.source = FailingSource()
        await type_into(pilot, group, "f")
        await wait_until(pilot, lambda: group.picker.is_open, "the problem shown")
        [line] = [str(option.prompt) for option in group.picker.options]
        assert line.startswith("Could not list the workspace's groups: ")
        assert group.picker.chosen is None
        await pilot.press("enter")
        assert group.value == "f"  # Enter moved on; nothing was chosen
