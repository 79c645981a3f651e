"""A server that sends terminal escapes, bidi overrides and markup in every string it can: every
place that shows server text draws it as data, and nothing reaches the terminal raw.

The app runs against an in-process fake server (``httpx.MockTransport``); after each step the
whole screen is rendered as the terminal would receive it, and checked.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from dataclasses import replace

import httpx
from rich.console import Console
from textual.widgets import Input

from explorer.app.events import Sink
from explorer.app.session import Session, open_session
from explorer.core.errors import ExplorerError
from explorer.core.profiles import Profile
from explorer.core.ratelimit import RateLimiter
from explorer.core.tokens import TokenLookup, TokenSource
from explorer.ui.screens.confirm import ConfirmScreen
from explorer.ui.screens.export import ExportScreen
from explorer.ui.screens.fetch_all import FetchAllScreen
from explorer.ui.screens.history import HistoryScreen
from explorer.ui.screens.json_item import JsonItemScreen
from explorer.ui.screens.profiles import ProfilesScreen
from explorer.ui.widgets.json_tree import JsonTree
from tests.harness.demo import DEMO_URL, DemoApp, FrozenClock
from tests.harness.scenes import choose, settle

TOKEN = "0123456789abcdef0123456789abcdef01234567"
OSC52 = "Alice\x1b]52;c;SElKQUNLRUQ=\x07"
OSC0 = "\x1b]0;pwned\x07"
MARKUP = "[@click=app.quit]q[/] [bold]x"
HOSTILE = f"{OSC52} {OSC0} wipe\x1b[2J rlo\u202eexe c1\x9b31m Farmers [/x] {MARKUP}"
WORKSPACE = f"Acme{OSC0}\u202e [/x]"
HOSTILE_KEY = "Farmers [/x]\x1b[2J"
NEXT_URL = f"{DEMO_URL}/api/v2/contacts.json?cursor=[/x]\u202e"  # httpx refuses raw C0 in URLs
ERROR_PAGE = f"<html><head><title>Bad gateway {HOSTILE}</title></head><body>[/x]</body></html>"
REASON = f"OK{OSC0} [/x]".encode("latin-1")

_TEXTUAL_ESCAPES = re.compile(r"\x1b\[[0-9;]*m|\x1b\[\d+;\d+H|\x1b\[\?[0-9;]*[hl]")
"""What Textual itself writes to draw a screen: colours (SGR), cursor moves, modes."""
_DIRECTION = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def unsafe_characters(text: str) -> set[str]:
    """The characters of ``text`` that a terminal would obey, or that turn text around."""
    return {
        char
        for char in text
        if unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") or char in _DIRECTION
    }


def contact(number: int) -> dict[str, object]:
    return {
        "uuid": f"00000000-0000-4000-8000-00000000000{number}",
        "name": "rlo\u202eexe c1\x9b31m",
        HOSTILE_KEY: OSC52,
        "notes": HOSTILE,
        "tags": MARKUP,
        "groups": [{"uuid": "g", "name": "Farmers [/x]"}],
    }


def answer(request: httpx.Request) -> httpx.Response:
    """The fake server: a hostile workspace name, page, headers and reason; 502 for page 2."""
    path = request.url.path
    if path == "/api/v2/workspace.json":
        return httpx.Response(200, json={"uuid": "w", "name": WORKSPACE})
    if "cursor" in request.url.params:
        return httpx.Response(502, headers={"Content-Type": "text/html"}, text=ERROR_PAGE)
    page = {"next": NEXT_URL, "previous": None, "results": [contact(1), contact(2)]}
    headers = [(b"Content-Type", b"application/json"), (b"X-[/x]\x1b[2J", HOSTILE.encode())]
    return httpx.Response(
        200,
        headers=headers,
        content=json.dumps(page, ensure_ascii=False).encode(),
        extensions={"reason_phrase": REASON},
    )


def hostile_app() -> DemoApp:
    clock = FrozenClock()
    transport = httpx.MockTransport(answer)

    async def opener(profile: Profile, events: Sink) -> Session:
        return await open_session(
            replace(profile, base_url=DEMO_URL),
            events=events,
            find_token=lambda name: TokenLookup(TOKEN, TokenSource.SESSION, "test"),
            transport=transport,
            limiter=RateLimiter(1000, clock=clock),
            fixed_elapsed=0.01,
        )

    async def verify(profile: Profile, token: str) -> str:
        raise ExplorerError(f"The server answered HTTP 502: {HOSTILE}")

    app = DemoApp(Profile("acme", DEMO_URL, rate_limit=1000), opener, clock)
    app.verify = verify
    return app


def screen_output(app: DemoApp) -> str:
    """The bytes the terminal would receive to draw the screen now (as a screenshot does)."""
    terminal = io.StringIO()
    console = Console(
        width=app.size.width,
        height=app.size.height,
        file=terminal,
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return terminal.getvalue()


def assert_drawn_safely(app: DemoApp, *shown: str, within: str | None = None) -> str:
    """The screen (or the widget ``within`` selects) holds no escape but Textual's own, no
    control or bidi character, and each of ``shown`` (text that must be there, as data); the app
    still runs."""
    assert app.is_running
    text = _TEXTUAL_ESCAPES.sub("", screen_output(app))
    if within is not None:
        region = app.screen.query_one(within).region
        rows = text.splitlines()[region.y : region.bottom]
        text = "\n".join(row[region.x : region.right] for row in rows)
    assert unsafe_characters(text.replace("\n", "")) == set()
    for piece in shown:
        assert piece in text, piece
    return text


async def test_every_place_that_shows_server_text_draws_it_as_data() -> None:
    app = hostile_app()
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(pilot)
        # the header's sub-title and the rate-limit bar name the workspace
        assert_drawn_safely(app, "Acme␛]0;pwned␇\\u202e [/x]")

        await pilot.press("ctrl+s")  # GET contacts: the hostile page
        await settle(pilot)
        pane = app.explorer.response_pane
        assert pane.response is not None and pane.response.status == 200
        # the status line, and the Body: JSON escapes C0 controls, not C1 nor bidi ones
        assert_drawn_safely(app, "200 OK␛]0;pwned␇ [/x]", "rlo\\u202eexe c1\\u009b31m")
        pane.action_show_tab("tree")
        await settle(pilot)
        results = app.explorer.query_one(JsonTree).root.children[-1]
        results.expand()
        await settle(pilot)
        results.children[0].expand()
        await settle(pilot)
        assert_drawn_safely(app, 'Farmers [/x]␛[2J: "Alice\\u001b]52', "rlo\\u202eexe")
        for tab, shown in (
            ("table", "Farmers [/x]␛[2J"),
            ("headers", "X-[/x]␛[2J"),
            ("request", "GET http://127.0.0.1:8000/api/v2/contacts.json"),
        ):
            pane.action_show_tab(tab)
            await settle(pilot)
            assert_drawn_safely(app, shown)

        pane.action_show_tab("table")
        await settle(pilot)
        await pilot.press("enter")  # the row pop-up
        await settle(pilot)
        assert isinstance(app.screen, JsonItemScreen)
        assert_drawn_safely(app, f'"tags": "{MARKUP}"', '"name": "rlo\\u202eexe c1\\u009b31m"')
        await pilot.press("escape")
        await settle(pilot)

        pane.action_show_tab("body")
        pane.action_next_page()  # the cursor URL, answered by a 502 page full of escapes
        await settle(pilot)
        note, body = f"Farmers [/x] {MARKUP}. Try", "<title>Bad gateway Alice␛]52;c;SElKQUNLRUQ=␇"
        assert_drawn_safely(app, "502 Bad Gateway", note, body)  # the status, the note, the Body
        pane.action_show_tab("request")
        await settle(pilot)
        assert_drawn_safely(app, "cursor=")

        await pilot.press("ctrl+s")
        await settle(pilot)
        pane.action_fetch_all()  # a cursor list: it asks first, then the 502 stops it
        await settle(pilot)
        assert isinstance(app.screen, FetchAllScreen)
        assert_drawn_safely(app, "Fetch all: GET contacts", "cannot be known")
        await pilot.press("y")
        await settle(pilot)
        assert_drawn_safely(app, "Fetch all stopped at page 2", f"{MARKUP}. Try again later")

        await pilot.press("f4")  # history: the query with the server's cursor
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert_drawn_safely(app, "contacts.json?cursor=[/x]\\u202e")
        await pilot.press("escape")
        await settle(pilot)

        # a name as a server wrote it, put in the form: the dialogs are checked on their own, as
        # the form's inputs behind them draw their values as typed
        await choose(pilot, "add or update a contact")
        name = app.explorer.form.field("name")
        assert name is not None
        name.set_value(f"Farmers [/x] {OSC52}\u202e")
        await pilot.press("ctrl+t")  # copy as code
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert_drawn_safely(
            app,
            '"name": "Farmers [/x] Alice\\u001b]52;c;SElKQUNLRUQ=\\u0007\\u202e"',
            within="#export-dialog",
        )
        await pilot.press("escape", "ctrl+s")  # a write on a live workspace: confirm first
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert_drawn_safely(
            app, "live workspace Acme␛]0;pwned␇\\u202e [/x].", within="#confirm-dialog"
        )
        await pilot.press("n")
        await settle(pilot)

        await pilot.press("ctrl+o")  # profiles: the server's answer to a token check
        await settle(pilot)
        assert isinstance(app.screen, ProfilesScreen)
        await pilot.press("a", *"evil")
        app.screen.query_one("#edit-url", Input).value = "https://evil.example"
        app.screen.query_one("#edit-token", Input).value = TOKEN
        await pilot.click("#save")
        await settle(pilot)
        assert_drawn_safely(app, "Alice␛]52;c;SElKQUNLRUQ=␇")
