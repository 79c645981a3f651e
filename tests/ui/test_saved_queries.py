"""Saved queries in the explorer: Ctrl+D names the request and its jq filter, F9 lists the
profile's; Enter runs one (form filled, sent, filter on), r renames, d deletes after a question."""

from __future__ import annotations

import pytest

from explorer.app.state import shared_store
from explorer.core.history import SavedQuery
from explorer.ui.screens.saved import SavedScreen, SaveQueryScreen
from tests.harness.demo import DemoApp, demo_app
from tests.harness.scenes import choose, settle
from tests.ui.support import field_input, wait_until

pytestmark = pytest.mark.slow  # the whole explorer on the demo sandbox

JQ = ".results[].name"


def saved_names(app: DemoApp) -> list[str]:
    return [query.name for query in shared_store().queries("sandbox")]


def on_explorer(app: DemoApp) -> bool:
    top: object = app.screen  # not narrowed by an isinstance before
    return top is app.explorer


def rows(screen: SavedScreen) -> list[list[str]]:
    table = screen.table
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_a_request_and_its_filter_are_saved_by_name() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        field_input(app, "group").focus()
        await pilot.press(*"Farmers and friends", "ctrl+s")  # held back: no such group
        await settle(pilot)
        await pilot.press("ctrl+s")  # sent anyway
        await settle(pilot)
        app.explorer.response_pane.views.body_view.apply_filter(JQ)
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert isinstance(app.screen, SaveQueryScreen)
        await pilot.press("enter")  # no name yet
        assert str(app.screen.problem.content) == "Give the query a name."
        await pilot.press(*"Farmers, red and dry", "enter")
        await settle(pilot)
        assert on_explorer(app)
        [saved] = shared_store().queries("sandbox")
        assert saved == SavedQuery(
            "sandbox",
            "Farmers, red and dry",
            "GET",
            "/api/v2/contacts.json",
            "group=Farmers+and+friends",
            None,
            JQ,
            saved.time,
        )
        assert app._notifications  # "Saved as …"
        await pilot.press("ctrl+d", *"Farmers, red and dry", "enter")  # the same name again
        await settle(pilot)
        assert isinstance(app.screen, SaveQueryScreen)
        assert "is taken" in str(app.screen.problem.content)
        await pilot.press("escape")
        await settle(pilot)
        assert saved_names(app) == ["Farmers, red and dry"]
        field_input(app, "group").value = ""
        await pilot.press("f4", "enter")  # history re-opens it: "+" was a space when sent
        await settle(pilot)
        assert field_input(app, "group").value == "Farmers and friends"


async def test_a_saved_query_runs_with_its_filter_and_is_renamed_and_deleted() -> None:
    store = shared_store()
    store.create_query(
        SavedQuery("sandbox", "farmers", "GET", "/api/v2/contacts.json", "group=Farmers", jq=JQ)
    )
    store.create_query(SavedQuery("other", "elsewhere", "GET", "/api/v2/labels.json"))
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await choose(pilot, "list labels")
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, SavedScreen)
        screen = app.screen
        assert rows(screen) == [["farmers", "GET", JQ, "contacts.json?group=Farmers"]]

        await pilot.press("r", "ctrl+u", *"dry farmers", "enter")  # r and d are typed here
        await settle(pilot)
        assert rows(screen)[0][0] == "dry farmers"
        await pilot.press("d", "n")  # asked, kept
        await settle(pilot)
        assert saved_names(app) == ["dry farmers"]

        await pilot.press("enter")  # run it
        await settle(pilot)
        explorer = app.explorer
        assert on_explorer(app)
        assert explorer.operation is not None and explorer.operation.name == "contacts.GET"
        assert field_input(app, "group").value == "Farmers"
        view = explorer.response_pane.views.body_view
        await wait_until(pilot, lambda: view.filter_expression == JQ, "the filter on the answer")
        assert explorer.response_pane.response is not None
        assert explorer.response_pane.response.status == 200

        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("d", "y")
        await settle(pilot)
        assert isinstance(app.screen, SavedScreen)
        assert str(app.screen.hint.content) == "Deleted dry farmers."
        assert not app.screen.table.display
        assert saved_names(app) == []
        assert [q.name for q in store.queries("other")] == ["elsewhere"]  # another profile's
