"""Guards and side screens: write confirmation, read-only profiles, help, palette, narrow layout."""

from __future__ import annotations

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Static

from explorer.app.events import Sink
from explorer.app.session import Session
from explorer.core.errors import MissingToken, TokenError
from explorer.core.profiles import Profile
from explorer.core.tokens import SANDBOX_TOKEN
from explorer.ui.app import ExplorerApp
from explorer.ui.screens.confirm import ConfirmScreen
from explorer.ui.screens.export import ExportScreen
from explorer.ui.screens.help import HelpScreen
from explorer.ui.screens.profiles import ProfilesScreen
from explorer.ui.widgets.key_bar import KeyBar
from explorer.ui.widgets.param_inputs import ParamField
from tests.harness.demo import DemoApp, demo_app
from tests.harness.scenes import choose, settle
from tests.ui.support import sent_so_far, wait_until

pytestmark = pytest.mark.slow  # the whole explorer on the demo sandbox

LIVE = Profile(name="acme", base_url="https://textit.example")
READ_ONLY = Profile(name="acme-ro", base_url="https://textit.example", read_only=True)


def on_explorer(app: DemoApp) -> bool:
    """Whether the explorer is the screen on top (no dialog open)."""
    top: object = app.screen
    return top is app.explorer


def sent_count() -> int:
    return len(sent_so_far())


async def test_a_write_on_a_live_workspace_asks_first() -> None:
    app = demo_app(profile=LIVE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "LIVE" in str(app.explorer.sub_title)
        await choose(pilot, "add or rename a group")
        app.explorer.form.field("name").set_value("Beekeepers")  # type: ignore[union-attr]
        before = sent_count()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.request.body == {"name": "Beekeepers"}
        await pilot.press("n")
        await settle(pilot)
        assert on_explorer(app) and sent_count() == before
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        response = app.explorer.response_pane.response
        assert response is not None and response.status == 201
        assert sent_count() == before + 1


async def test_reads_on_a_live_workspace_go_straight_out() -> None:
    app = demo_app(profile=LIVE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert on_explorer(app)
        assert app.explorer.response_pane.response is not None


async def test_a_read_only_profile_refuses_writes() -> None:
    app = demo_app(profile=READ_ONLY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "read-only" in str(app.explorer.sub_title)
        await choose(pilot, "delete a contact")
        app.explorer.form.field("urn").set_value("tel:+250788123123")  # type: ignore[union-attr]
        before = sent_count()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert on_explorer(app) and sent_count() == before
        assert any("read-only" in n.message for n in app._notifications)


async def test_help_lists_the_keys_from_the_bindings() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        rows = [
            (row.query_one(".help-key", Static), row.query_one(".help-text", Static))
            for row in app.screen.query(".help-row")
        ]
        lines = [f"{key.content} {words.content}" for key, words in rows]
        text = "\n".join(lines)
        for words in ("Send", "Cancel", "Filter", "Next page", "Profiles", "Raw", "Now"):
            assert words in text, words
        for line in ("b Body tab", "N Previous match", "home g First line", "^s f5 Send"):
            assert any(found.startswith(line) for found in lines), line
        for line in ("f6 Tree pane", "f7 Form pane", "f8 Answer pane", "alt+← Pane left"):
            assert any(found.startswith(line) for found in lines), line
        assert "alt+1" not in text  # terminals turn it into "¡" (see ExplorerScreen.BINDINGS)
        longest = max(len(str(key.content)) for key, _ in rows)
        assert {key.region.width for key, _ in rows} == {longest + 2}  # one column of keys
        assert len({words.region.x for _, words in rows}) == 1  # words wrap within their column
        titles = [str(s.content) for s in app.screen.query(".help-section").results(Static)]
        assert titles[:2] == ["Everywhere", "Explorer"]
        await pilot.press("escape")
        assert on_explorer(app)


def _palette_offers(app: ExplorerApp, words: str) -> bool:
    """Whether the open command palette highlights a hit reading ``words``."""
    if not isinstance(app.screen, CommandPalette):
        return False
    hits = app.screen.query_one(CommandList)
    index = hits.highlighted
    return index is not None and words in str(hits.get_option_at_index(index).prompt)


async def test_the_palette_jumps_to_an_operation_by_name() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"POST contacts")
        await wait_until(pilot, lambda: _palette_offers(app, "POST contacts"), "the palette's hit")
        await pilot.press("enter")
        await settle(pilot)
        operation = app.explorer.operation
        assert operation is not None and operation.name == "contacts.POST"
        node = app.explorer.endpoint_tree.operation_tree.cursor_node
        assert node is not None and node.data == operation


async def test_ctrl_e_clears_the_form_even_from_inside_a_field() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        uuid = app.explorer.form.field("uuid")
        assert uuid is not None
        uuid.input.focus()
        await pilot.press(*"abc", "ctrl+e")
        await settle(pilot)
        assert uuid.value == "" and not uuid.errors_shown
        assert not app.explorer.operation_pane.preview.has_class("-invalid")


async def test_narrow_screen_gives_the_form_and_the_answer_turns() -> None:
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.explorer
        assert screen.has_class("-narrow")
        await choose(pilot, "list contacts")
        assert not screen.endpoint_tree.display  # the form gets the width
        operation_pane = screen.query_one("#operation-pane")
        assert operation_pane.region.width == 80
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.response_pane.region.height > 10 and not operation_pane.region
        assert app.focused is screen.response_pane.views.body_view.lines  # / f y work at once
        await pilot.press("f3")
        await settle(pilot)
        assert operation_pane.region and not screen.response_pane.region
        assert app.focused is screen.form.fields()[0].input  # typing goes into the form
        await pilot.press("f2")
        assert screen.endpoint_tree.display


async def test_the_key_bar_offers_f3_only_while_the_screen_is_narrow() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await choose(pilot, "list contacts")
        key_bar = app.explorer.query_one(KeyBar)
        assert "f3" not in [hint.key for hint in key_bar.hints]
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        keys = [hint.key for hint in key_bar.hints]  # after the focused field's own (f6)
        assert keys[keys.index("ctrl+s") + 1] == "f3"
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert "f3" not in [hint.key for hint in key_bar.hints]


async def send_a_contact_in_an_unknown_group(pilot: Pilot[int], app: DemoApp) -> ParamField:
    """POST contacts with ``groups`` naming no group: the sandbox answers 400 on that field,
    which is returned, marked."""
    await settle(pilot)
    await choose(pilot, "add or update a contact")
    form = app.explorer.form
    form.field("groups").set_value("Nope group")  # type: ignore[union-attr]
    await pilot.press("ctrl+s")  # held back: no group has that name
    await settle(pilot)
    await pilot.press("ctrl+s")  # on a narrow screen: shows the answer, the 400 the form again
    await settle(pilot)
    groups = form.field("groups")
    assert groups is not None and groups.errors_shown
    return groups


async def test_going_back_to_the_form_lands_on_the_field_marked_invalid() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        groups = await send_a_contact_in_an_unknown_group(pilot, app)
        screen = app.explorer
        await pilot.press("alt+left")  # to the tree, then back: not to the first field (uuid)
        await settle(pilot)
        assert screen.endpoint_tree.has_focus_within
        await pilot.press("alt+right")
        await settle(pilot)
        assert app.focused is groups.input


async def test_narrow_screen_turns_back_to_the_field_the_server_objects_to() -> None:
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        groups = await send_a_contact_in_an_unknown_group(pilot, app)
        screen = app.explorer
        assert app.focused is groups.input  # not the hidden answer's body
        assert screen.operation_pane.region and not screen.response_pane.region


async def test_switching_profile_reconnects_and_says_so() -> None:
    app = demo_app()
    app.profiles.add(LIVE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.explorer.response_pane.response is not None
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, ProfilesScreen)
        assert app.screen.current == "sandbox"
        await pilot.press("down", "s")  # the row below the sandbox: acme
        await settle(pilot)
        assert on_explorer(app)
        session = app.explorer.session
        assert session is not None and session.profile.name == "acme"
        assert str(app.explorer.sub_title).startswith("acme · Healthy Harvest Programme · LIVE")
        assert app.profiles.current().name == "acme"  # and it is where the next start begins
        assert app.explorer.response_pane.response is None  # the sandbox's answer is gone


async def test_a_profile_that_cannot_connect_says_why_and_sends_nothing() -> None:
    async def refuse(profile: Profile, events: Sink) -> Session:
        raise TokenError(f"Profile {profile.name!r} has no token.")

    app = ExplorerApp(LIVE, refuse)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert str(app.explorer.sub_title).startswith("not connected")
        await pilot.press("ctrl+s")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert messages[-1] == "Profile 'acme' has no token."
        assert app.explorer.response_pane.response is None


async def test_a_profile_without_a_token_says_which_keys_add_one() -> None:
    async def missing(profile: Profile, events: Sink) -> Session:
        raise MissingToken(profile.name, "none stored")

    app = ExplorerApp(LIVE, missing)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [n.message for n in app._notifications][-1] == (
            "Profile 'acme' has no token (none stored): "
            "press ctrl+o, choose acme, then e to add its token."
        )


async def test_ctrl_t_copies_the_request_as_code_without_the_token() -> None:
    app = demo_app(profile=LIVE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.explorer.form.field("group").input.focus()  # type: ignore[union-attr]
        await pilot.press(*"Farmers", "ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        shown = str(app.screen.code.content)
        assert shown.startswith(
            "curl -sS 'http://127.0.0.1:8000/api/v2/contacts.json?group=Farmers'"
        )
        assert "TEXTIT_API_TOKEN" in str(app.screen.query_one("#export-note", Static).content)
        await pilot.press("h")
        assert "httpx.get(" in app.clipboard and "TEXTIT_API_TOKEN" in app.clipboard
        await pilot.press("c")
        assert app.clipboard == shown and "$TEXTIT_API_TOKEN" in app.clipboard
        assert app.explorer.session is not None
        token = app.explorer.session.token.token
        assert token is not None and token not in app.clipboard
        await pilot.press("p")
        assert "TembaClient" in app.clipboard and token not in app.clipboard
        await pilot.press("l")
        assert app.clipboard == "textit-explorer call --profile acme GET contacts group=Farmers\n"
        await pilot.press("escape")
        assert on_explorer(app)


async def test_on_the_sandbox_the_code_holds_its_url_and_built_in_token() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert str(app.screen.code.content) == (
            "curl -sS http://127.0.0.1:8000/api/v2/contacts.json \\\n"
            f"  -H 'Authorization: Token {SANDBOX_TOKEN}'\n"
        )
        assert "no secret" in str(app.screen.query_one("#export-note", Static).content)
        await pilot.press("h")
        assert f'"Token " + "{SANDBOX_TOKEN}"' in app.clipboard
        assert "os.environ" not in app.clipboard
        await pilot.press("l")
        assert app.clipboard == "textit-explorer call --profile sandbox GET contacts\n"


async def test_function_keys_jump_to_the_tree_the_form_and_the_answer() -> None:
    for size in ((120, 40), (80, 24)):
        app = demo_app()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            screen = app.explorer
            await pilot.press("f7")
            await settle(pilot)
            assert screen.form.fields()[0].input.has_focus, size
            await pilot.press("f8")
            await settle(pilot)
            assert screen.response_pane.has_focus_within and screen.response_pane.display, size
            await pilot.press("f6")
            await settle(pilot)
            assert screen.endpoint_tree.operation_tree.has_focus, size
            await pilot.press("alt+right", "alt+right")  # tree -> form -> answer
            await settle(pilot)
            assert screen.response_pane.has_focus_within, size
            await pilot.press("alt+left")
            await settle(pilot)
            assert screen.operation_pane.has_focus_within, size
