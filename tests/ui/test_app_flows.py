"""The main flows, walked with the keyboard against the demo sandbox (in-process, frozen clocks):
picking, filling and sending, pages, errors on the form, tables."""

from __future__ import annotations

import pytest

from explorer.ui.screens.json_item import JsonItemScreen
from tests.harness.demo import demo_app
from tests.harness.scenes import choose, settle
from tests.ui.support import field_input, focus_within, sent_so_far

pytestmark = pytest.mark.slow  # the whole explorer on the demo sandbox


async def test_starts_connected_to_the_sandbox_workspace() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.explorer
        assert screen.session is not None
        assert str(screen.sub_title).startswith("SANDBOX · Healthy Harvest Programme")
        assert screen.operation is not None and screen.operation.name == "contacts.GET"
        preview = str(screen.operation_pane.preview.content).splitlines()
        assert preview[:2] == ["GET /api/v2/contacts.json", "Host: 127.0.0.1:8000 (http)"]
        screen.form.field("group").set_value("Farmers")  # type: ignore[union-attr]
        screen.form.field("deleted").set_value("false")  # type: ignore[union-attr]
        screen.operation_pane.update_preview()
        preview = str(screen.operation_pane.preview.content).splitlines()
        assert preview[1:3] == ["    ?group=Farmers", "    &deleted=false"]  # one per line


async def test_pick_fill_send_and_read_the_answer() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await choose(pilot, "list contacts")
        screen = app.explorer
        assert screen.operation is not None and screen.operation.name == "contacts.GET"
        assert field_input(app, "uuid").has_focus  # Enter moved to the form
        field_input(app, "group").focus()
        await pilot.press(*"Farmers", "ctrl+s")
        await settle(pilot)
        response = screen.response_pane.response
        assert response is not None and response.status == 200
        assert "group=Farmers" in response.url
        results = response.json()["results"]
        assert results and all(
            any(g["name"] == "Farmers" for g in contact["groups"]) for contact in results
        )
        assert sent_so_far()[-1].query == "group=Farmers"
        assert screen.session is not None
        assert screen.session.client.limiter.used("v2.contacts") == 1


async def test_next_and_previous_pages_follow_the_links() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        pane = app.explorer.response_pane
        first = pane.response
        assert first is not None and pane.next_url is not None
        focus_within(pane)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert pane.response is not None and "cursor=" in pane.response.url
        assert app.explorer.shown is not None and app.explorer.shown.page == 2
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.explorer.shown is not None and app.explorer.shown.page == 1
        assert pane.response.json()["results"][0] == first.json()["results"][0]


async def test_a_bad_value_is_marked_before_anything_is_sent() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        sent_before = len(sent_so_far())
        field_input(app, "uuid").focus()
        await pilot.press(*"not-a-uuid", "ctrl+s")
        await settle(pilot)
        uuid_field = app.explorer.form.field("uuid")
        assert uuid_field is not None and uuid_field.errors_shown
        assert "expected a UUID" in str(uuid_field.error_line.content)
        assert app.explorer.operation_pane.preview.has_class("-invalid")
        # only the recent contacts the uuid field's picker searched
        assert [e.path for e in sent_so_far()[sent_before:]] == ["/api/v2/contacts.json"]
        assert not sent_so_far()[-1].query
        assert app.explorer.response_pane.response is None


async def test_server_field_errors_are_marked_on_the_form() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await choose(pilot, "add or update a contact")
        groups = app.explorer.form.field("groups")
        assert groups is not None
        groups.set_value("Nope group")
        await pilot.press("ctrl+s")  # held back: no group has that name
        await settle(pilot)
        await pilot.press("ctrl+s")  # sent anyway
        await settle(pilot)
        response = app.explorer.response_pane.response
        assert response is not None and response.status == 400
        assert groups.errors_shown
        assert "No such object: Nope group" in str(groups.error_line.content)


async def test_a_table_row_opens_its_json_over_the_explorer() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        pane = app.explorer.response_pane
        focus_within(pane)
        await pilot.press("t")
        await settle(pilot)
        pane.views.results.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, JsonItemScreen)
        response = pane.response
        assert response is not None and app.screen.item == response.json()["results"][0]


async def test_errors_about_the_whole_request_follow_the_edits() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await choose(pilot, "delete a contact")
        form = app.explorer.form
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Give one of uuid, urn" in str(form.general_errors.content)
        field_input(app, "urn").focus()
        await pilot.press(*"tel:+250788123123")
        await settle(pilot)
        assert not form.general_errors.display  # fixed: the stale message is gone
        form.field("uuid").set_value("5f4cf43b-3e0d-4b83-bd5b-8d1a3b3e9b1d")  # type: ignore[union-attr]
        await pilot.press("space", "backspace")  # an edit, so the form re-checks itself
        await settle(pilot)
        preview = str(app.explorer.operation_pane.preview.content)
        assert "Not ready to send: 1 problem" in preview
        assert "Give only one of uuid, urn to say which object to delete." in preview


async def test_a_group_given_for_an_action_that_takes_none_is_flagged_before_sending() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await choose(pilot, "update many contacts")
        form = app.explorer.form
        action = form.field("action")
        group = form.field("group")
        assert action is not None and group is not None
        group.input.focus()
        await pilot.press("ctrl+l")  # the example's group, which "delete" takes none of
        assert group.value
        action.set_value("delete")  # as a person's pick would, without opening the list
        app.explorer.operation_pane.update_preview()
        assert "leave it empty for" in str(app.explorer.operation_pane.preview.content)
        sent_before = len(sent_so_far())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert group.errors_shown and len(sent_so_far()) == sent_before


async def test_each_operation_shows_its_own_last_answer() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")  # GET contacts
        await settle(pilot)
        pane = app.explorer.response_pane
        listing = pane.response
        assert listing is not None and listing.status == 200
        await choose(pilot, "add or update a contact")
        assert pane.response is None  # nothing sent for this one yet
        assert "Send a request" in str(pane.status_details.content)
        groups = app.explorer.form.field("groups")
        assert groups is not None
        groups.set_value("Nope group")
        await pilot.press("ctrl+s")  # held back: no group has that name
        await settle(pilot)
        await pilot.press("ctrl+s")  # sent anyway
        await settle(pilot)
        assert pane.response is not None and pane.response.status == 400
        await choose(pilot, "list contacts")
        assert pane.response is listing and pane.next_url is not None  # its pages still work
        await choose(pilot, "add or update a contact")
        assert pane.response is not None and pane.response.status == 400
