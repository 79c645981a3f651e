"""History says where each request went, and asks before a write from another profile fills the
form."""

from __future__ import annotations

from textual.pilot import Pilot

from explorer.app.session import history_of
from explorer.core.history import HistoryEntry
from explorer.ui.screens.history import HistoryScreen, where_text
from explorer.ui.screens.reopen import ReopenScreen
from tests.harness.demo import DemoApp, demo_app
from tests.harness.scenes import settle
from tests.ui.support import field_input

ACME_POST = HistoryEntry(
    "POST", "/api/v2/groups.json", body={"name": "Beekeepers"}, status=201,
    profile="acme", base_url="https://www.TextIt.com/",
)  # fmt: skip
ACME_GET = HistoryEntry(
    "GET", "/api/v2/contacts.json", "group=Farmers", status=200,
    profile="acme", base_url="https://textit.com",
)  # fmt: skip


def test_where_names_the_profile_and_the_host() -> None:
    assert where_text(ACME_POST) == "acme · textit.com"


def test_where_is_cut_to_fit_and_made_visible() -> None:
    entry = HistoryEntry(
        "GET", "/api/v2/contacts.json", profile="a-very-long-profile-name\x1b",
        base_url="https://user@rapidpro.some-ngo.example.org:8443",
    )  # fmt: skip
    assert where_text(entry) == "a-very-long… · rapidpro.some-ngo…"
    assert where_text(HistoryEntry("GET", "/x", profile="p", base_url="http://[bad")) == (
        "p · http://[bad"
    )


def asking(app: DemoApp) -> bool:
    """Whether the question before a write from another profile is on top."""
    return isinstance(app.screen, ReopenScreen)


async def open_history_with(pilot: Pilot[int], app: DemoApp, entry: HistoryEntry) -> None:
    await settle(pilot)
    history_of(app.explorer.session).append(entry)
    await pilot.press("f4")
    await settle(pilot)
    assert isinstance(app.screen, HistoryScreen)


async def test_the_history_shows_where_at_80_columns() -> None:
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history_with(pilot, app, ACME_POST)
        assert isinstance(app.screen, HistoryScreen)
        newest = [str(cell) for cell in app.screen.table.get_row_at(0)]
        assert newest[1:] == ["POST", "201", "acme · textit.com", "groups.json"]
        table = app.screen.table
        # "sandbox · 127.0.0.1:8000  workspace.json" is the widest row: all of it in view
        assert table.virtual_size.width <= table.size.width


async def test_a_write_from_another_profile_asks_naming_both() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_history_with(pilot, app, ACME_POST)
        await pilot.press("enter")
        await settle(pilot)
        assert asking(app)
        question = str(app.screen.query_one("#reopen-question").render())
        assert question == (
            "This POST was sent to acme (textit.com); you are on sandbox now. Fill the form anyway?"
        )
        await pilot.press("y")
        await settle(pilot)
        screen = app.explorer
        assert app.screen is screen
        assert screen.operation is not None and screen.operation.name == "groups.POST"
        assert screen.form.values() == ({}, {"name": "Beekeepers"})


async def test_saying_no_leaves_the_form_as_it_was() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = app.explorer.operation
        await open_history_with(pilot, app, ACME_POST)
        await pilot.press("enter")
        await settle(pilot)
        assert asking(app)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is app.explorer
        assert app.explorer.operation is before


async def test_a_read_from_another_profile_reopens_at_once() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_history_with(pilot, app, ACME_GET)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.explorer
        assert field_input(app, "group").value == "Farmers"
