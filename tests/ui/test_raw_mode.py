"""Raw mode: the query and body as text, toggled with Ctrl+R without losing a value, and sent
as typed after a warning where the form would refuse it."""

from __future__ import annotations

import pytest

from tests.harness.demo import demo_app
from tests.harness.scenes import choose, settle
from tests.ui.support import sent_so_far

pytestmark = pytest.mark.slow  # the whole explorer on the demo sandbox


async def test_raw_toggle_keeps_the_values() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.explorer.form.field("group").set_value("Farmers")  # type: ignore[union-attr]
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.explorer.form.raw
        assert app.explorer.form.raw_query.value == "group=Farmers"
        await pilot.press("ctrl+s")
        await settle(pilot)
        response = app.explorer.response_pane.response
        assert response is not None and response.url.endswith("?group=Farmers")


async def test_ctrl_r_moves_the_focus_into_the_raw_editor_and_back() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        form = app.explorer.form
        form.field("after").input.focus()  # type: ignore[union-attr]
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert form.raw and form.raw_query.has_focus
        await pilot.press(*"group=Farmers", "ctrl+r")
        await settle(pilot)
        first = form.fields()[0]
        assert not form.raw and first.input.has_focus
        group = form.field("group")
        assert group is not None and group.value == "Farmers"
        await choose(pilot, "add or update a contact")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert form.raw_body.has_focus  # a POST: typing starts in the body


async def test_a_failed_send_in_raw_mode_keeps_the_raw_editor_usable() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await choose(pilot, "add or update a contact")
        await pilot.press("ctrl+r")
        form = app.explorer.form
        form.raw_body.load_text('{"urns": ["tel:0788 123"')  # not JSON: no request at all
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert form.raw and form.raw_body.has_focus
        toasts = [n.message for n in app._notifications]
        assert any("Not sent: fix the problems first" in t for t in toasts), toasts
        assert "The body is invalid JSON" in str(app.explorer.operation_pane.preview.content)
        assert not [entry for entry in sent_so_far() if entry.path.endswith("contacts.json")]
        await pilot.press("x")
        assert "x" in form.raw_body.text  # typing still reaches the editor


async def test_raw_mode_warns_of_what_the_form_refuses_then_sends_it() -> None:
    """``uuid=not-a-uuid``: the form refuses it, raw mode sends it, and the server's 400 shows."""
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+r")
        form = app.explorer.form
        form.raw_query.value = "uuid=not-a-uuid"
        await settle(pilot)
        preview = str(app.explorer.operation_pane.preview.content)
        assert "Raw: sent as typed, though the form would refuse it: 1 problem" in preview
        assert "?uuid=not-a-uuid" in preview
        await pilot.press("ctrl+s")
        await settle(pilot)
        toasts = [n.message for n in app._notifications]
        assert any(t.startswith("The client finds 1 problem (the Request box") for t in toasts)
        response = app.explorer.response_pane.response
        assert response is not None and response.status == 400
        assert "not-a-uuid is not a valid UUID" in response.text
        # the 400 names no field: the answer has the focus, its keys work at once; F7 goes back
        assert form.raw and app.explorer.response_pane.has_focus_within
        await pilot.press("f7", "ctrl+r")  # the form view still refuses it
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        contacts = [e.query for e in sent_so_far() if e.path.endswith("contacts.json")]
        assert contacts == ["uuid=not-a-uuid"]


async def test_leaving_raw_mode_never_drops_a_value_a_field_cannot_hold() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+r")
        form = app.explorer.form
        form.raw_query.value = "deleted=maybe&flavour=mint&group=Farmers"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert form.raw and form.raw_query.value == "deleted=maybe&flavour=mint&group=Farmers"
        shown = str(form.general_errors.content)
        assert form.general_errors.display
        assert "deleted: 'maybe' is not one of true, false" in shown
        assert "flavour: not a query field of this operation" in shown
        form.raw_query.value = "deleted=yes&group=Farmers"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert not form.raw and not form.general_errors.display
        deleted = form.field("deleted")
        assert deleted is not None and deleted.value == "true"
