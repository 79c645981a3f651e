"""The explorer's main screens, each as a demo app and the keys a person presses to reach it.

The snapshot tests and ``scripts/screenshots.py`` both walk these, so the pictures in
``screenshots/`` are exactly what the tests check.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable

from explorer.core.catalog import DEFAULT_RATE_LIMIT
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
    await pilot.press(*"Nope group", "ctrl+s")


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
    Scene("copy-as-code", "The request as curl (httpx, rapidpro-python)", demo_app, _copy_as_code),
)
SIZES = ((80, 24), (120, 40))
