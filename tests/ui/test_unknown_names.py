"""A name that matches nothing in the workspace is said before the request goes out (once: the
same request sent again goes, as the names known may be stale), and an empty answer for it says
why it is empty."""

from __future__ import annotations

import pytest

from explorer.core.catalog import load_catalog
from explorer.ui.messages import OperationRequested
from tests.harness.demo import DemoApp, demo_app
from tests.harness.scenes import settle
from tests.ui.support import field_input, sent_so_far

pytestmark = pytest.mark.slow  # the whole explorer on the demo sandbox


def paths_sent(before: int) -> list[str]:
    return [f"{entry.path}?{entry.query}" for entry in sent_so_far()[before:]]


async def open_contacts(app: DemoApp) -> None:
    app.explorer.post_message(OperationRequested(load_catalog().operation("contacts", "GET")))


async def test_group_no_such_group_is_said_before_sending_and_sent_on_the_second_try() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_contacts(app)
        await settle(pilot)
        before = len(sent_so_far())
        field_input(app, "group").value = "NoSuchGroup"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert paths_sent(before) == ["/api/v2/groups.json?"]  # the names, not the request
        group = app.explorer.form.field("group")
        assert group is not None and group.has_class("-warned")
        warning = "no group is named 'NoSuchGroup' in this workspace"
        assert warning in str(group.error_line.render())
        assert any(warning in str(n.message) for n in app._notifications)

        await pilot.press("ctrl+s")  # again, as it is: the person knows better
        await settle(pilot)
        assert paths_sent(before)[1:] == ["/api/v2/contacts.json?group=NoSuchGroup"]
        note = app.explorer.response_pane.note
        assert note.display and f"Empty, as {warning}." in str(note.render())


async def test_a_known_group_goes_out_at_once() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_contacts(app)
        await settle(pilot)
        before = len(sent_so_far())
        field_input(app, "group").value = "farmers"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert paths_sent(before) == [
            "/api/v2/groups.json?",
            "/api/v2/contacts.json?group=farmers",
        ]
        assert not app.explorer.response_pane.note.display
