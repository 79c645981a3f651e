"""The explorer's main screens, each as a demo app and the keys a person presses to reach it.

The snapshot tests and ``scripts/screenshots.py`` both walk these, so the pictures in
``screenshots/`` are exactly what the tests check.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable

from explorer.app.state import shared_store
from explorer.core.catalog import DEFAULT_RATE_LIMIT
from explorer.core.history import SavedQuery
from explorer.core.profiles import Profile
from explorer.ui.app import ExplorerApp
from explorer.ui.screens.explorer import ExplorerScreen
from tests.harness.demo import DemoApp, demo_app
from tests.ui.support import wait_until

LIVE = Profile("acme", "https://textit.example", rate_limit=3600)
STARTUP = 10.0  # seconds: the most settle waits for the app to build its panes and connect
Steps = Callable[[Pilot[int], DemoApp], Awaitable[None]]


@dataclass(frozen=True)
class Scene:
    name: str
    about: str
    make_app: Callable[[], DemoApp]
    steps: Steps


async def settle(pilot: Pilot[int]) -> None:
    """Wait until the explorer's panes are built, its profile has connected (or failed to) and
    the tree's cursor rests (each for at most ``STARTUP`` seconds: a busy machine is slow), then
    until messages are handled and workers finish."""
    if isinstance(pilot.app, ExplorerApp):
        explorer = pilot.app.explorer
        await wait_until(pilot, lambda: _started(explorer), "the explorer connected", STARTUP)
        tree = explorer.endpoint_tree
        await wait_until(pilot, lambda: tree.resting, "the tree's cursor at rest", STARTUP)
    for _ in range(2):  # what a timer starts may start a worker, whose answer is a message
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await wait_until(pilot, lambda: _tables_sized(pilot.app), "tables sized to their rows")
    await pilot.pause()


def _tables_sized(app: App[Any]) -> bool:
    """A table sizes its columns to new rows when idle: until then its header is the old size."""
    tables = app.screen.query(DataTable)
    return not any(table._require_update_dimensions for table in tables)


def _started(explorer: ExplorerScreen) -> bool:
    connected = explorer.session is not None or explorer.not_connected is not None
    return explorer.panes_built and connected


async def choose(pilot: Pilot[int], words: str) -> None:
    """Pick an operation as a person would: Ctrl+F, type words of its name, Enter."""
    await pilot.press("ctrl+f", *words, "enter")
    await settle(pilot)


async def reach(scene: Scene, pilot: Pilot[int], app: DemoApp) -> None:
    """Connect, play the scene's keys, and wait until the screen is still."""
    await settle(pilot)
    await scene.steps(pilot, app)
    await settle(pilot)


async def _tree_and_form(pilot: Pilot[int], app: DemoApp) -> None:
    await pilot.press("down")  # highlight "POST contacts": docs, form (examples dim), preview


async def fill_examples(pilot: Pilot[int], app: DemoApp, *names: str) -> None:
    """Put the example in each named body field, as a person does: focus it, Ctrl+L."""
    for name in names:
        field = app.explorer.form.field(name, "body")
        assert field is not None, name
        field.input.focus()
        await pilot.press("ctrl+l")


async def _contacts_response(pilot: Pilot[int], app: DemoApp) -> None:
    await pilot.press("enter", "ctrl+s")  # choose "GET contacts" and send it as it is


async def _paged_table(pilot: Pilot[int], app: DemoApp) -> None:
    await pilot.press("ctrl+s")  # from the tree: the answer takes the focus, framed in the accent
    await settle(pilot)
    await pilot.press("t", "right_square_bracket")  # the Table, then page 2: the focus stays


async def _validation(pilot: Pilot[int], app: DemoApp) -> None:
    await pilot.press("enter", *"not-a-uuid", "ctrl+s")  # refused before sending


async def _server_field_errors(pilot: Pilot[int], app: DemoApp) -> None:
    await pilot.press("down", "enter")  # "POST contacts", naming a group that does not exist
    await fill_examples(pilot, app, "name", "urns")
    groups = app.explorer.form.field("groups")
    assert groups is not None
    groups.input.focus()
    await pilot.press(*"Nope group", "ctrl+s")  # held back: no group has that name
    await settle(pilot)
    app.clear_notifications()  # read (it would expire at a time the scene cannot fix)
    await pilot.press("ctrl+s")  # sent anyway: the server's objections


async def _rate_limited(pilot: Pilot[int], app: DemoApp) -> None:
    for _ in range(2):  # two sends fill the server's tiny window...
        await pilot.press("ctrl+s")
        await settle(pilot)
    app.clock.advance(3600 - 37)  # ...and near its end the third is told to wait 37 s
    await pilot.press("ctrl+s")


async def _profiles(pilot: Pilot[int], app: DemoApp) -> None:
    if LIVE.name not in {profile.name for profile in app.profiles.all()}:
        app.profiles.add(LIVE)
    await pilot.press("ctrl+o")


async def _confirmation(pilot: Pilot[int], app: DemoApp) -> None:
    await pilot.press("down", "enter")  # "POST contacts" filled from its examples
    await fill_examples(pilot, app, "name", "urns", "groups")
    await pilot.press("ctrl+s")  # a write on a live profile stops here


async def _help(pilot: Pilot[int], app: DemoApp) -> None:
    await pilot.press("f1")


async def _copy_as_code(pilot: Pilot[int], app: DemoApp) -> None:
    await pilot.press("down", "enter")  # "POST contacts" filled from its examples, as curl
    await fill_examples(pilot, app, "name", "urns", "groups")
    await pilot.press("ctrl+t")


SAVED = (  # three queries named earlier with Ctrl+D, one with the jq filter that was on its answer
    SavedQuery("sandbox", "Farmers: names", "GET", "/api/v2/contacts.json", "group=Farmers", None,
               ".results[].name"),
    SavedQuery("sandbox", "New beekeepers group", "POST", "/api/v2/groups.json", "",
               {"name": "Beekeepers"}),
    SavedQuery("sandbox", "Recent runs of a flow", "GET", "/api/v2/runs.json",
               "flow=5a2f0e3c-8b8a-4c5e-9f43-1a2b3c4d5e6f&after=2026-11-01T00%3A00%3A00Z"),
)  # fmt: skip


async def _saved_queries(pilot: Pilot[int], app: DemoApp) -> None:
    store = shared_store()
    for query in SAVED:
        store.create_query(replace(query, time="2026-11-27T10:00:00.000+00:00"))
    await pilot.press("f9")


async def _follow_path(pilot: Pilot[int], app: DemoApp) -> None:
    await pilot.press("enter", "ctrl+s")  # GET contacts
    await settle(pilot)
    await pilot.press("f8", "t")  # its Table
    await settle(pilot)
    table = app.explorer.response_pane.views.results
    row = next(n for n, item in enumerate(table.items) if item.get("groups"))
    column = table.columns_keys.index("groups")
    await pilot.press(*["down"] * row, *["right"] * column, "o")  # a contact's groups
    await settle(pilot)
    await pilot.press("enter")  # the first group
    await settle(pilot)
    await pilot.press("o")  # its uuid, where the new table's cursor stands
    await settle(pilot)
    await pilot.press("down", "enter")  # its contacts


async def _fetch_all_cost(pilot: Pilot[int], app: DemoApp) -> None:
    await pilot.press("enter", "ctrl+s")  # "GET contacts", sent as it is
    await settle(pilot)
    app.explorer.response_pane.focus_answer()
    await pilot.press("a")  # a cursor list: its pages cannot be counted, so fetch all asks


async def _pickers(pilot: Pilot[int], app: DemoApp) -> None:
    await pilot.press("enter")  # "GET contacts"
    before = app.explorer.form.field("before")
    assert before is not None
    before.input.focus()
    await pilot.press(*"2026-11-01 08:00")  # no zone typed: read in the workspace's
    group = app.explorer.form.field("group")
    assert group is not None
    group.input.focus()
    await pilot.press("r")  # the workspace's groups named with an r, to choose from


SCENES = (
    Scene("tree-and-form", "Endpoint tree, docs, form and preview", demo_app, _tree_and_form),
    Scene("contacts-response", "A page of contacts", demo_app, _contacts_response),
    Scene(
        "paged-table",
        "Page 2 in the Table, the focused answer framed",
        demo_app,
        _paged_table,
    ),
    Scene("validation", "A bad value, caught before sending", demo_app, _validation),
    Scene(
        "server-field-errors",
        "The server's 400, marked on the form",
        demo_app,
        _server_field_errors,
    ),
    Scene(
        "rate-limited",
        "A 429 and its Retry-After countdown",
        lambda: demo_app(rate_per_hour=2, local_limit=DEFAULT_RATE_LIMIT),
        _rate_limited,
    ),
    Scene("profiles", "The profiles screen", demo_app, _profiles),
    Scene(
        "confirmation", "A write on a live workspace", lambda: demo_app(profile=LIVE), _confirmation
    ),
    Scene("help", "Every key, from the bindings", demo_app, _help),
    Scene(
        "copy-as-code",
        "The request as curl (httpx, rapidpro-python, call)",
        demo_app,
        _copy_as_code,
    ),
    Scene("saved-queries", "The profile's saved queries", demo_app, _saved_queries),
    Scene("follow-path", "References followed, and the path of answers", demo_app, _follow_path),
    Scene("fetch-all-cost", "Fetch all: its cost, asked first", demo_app, _fetch_all_cost),
    Scene("pickers", "A group picked from the workspace; a date-time's zone", demo_app, _pickers),
)
SIZES = ((80, 24), (120, 40))
