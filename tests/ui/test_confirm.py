"""The write confirmation shows the whole request: it scrolls, counts the fields, says when more
is below, and keeps its buttons in view."""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll
from textual.events import MouseScrollDown
from textual.widgets import Button

from explorer.core.describe import RequestDescription
from explorer.core.profiles import Profile
from explorer.ui.screens.confirm import MORE_BELOW, ConfirmScreen, fields_set
from tests.harness.demo import demo_app
from tests.harness.scenes import fill_examples, settle
from tests.ui.support import wait_until

LIVE = Profile(name="acme", base_url="https://textit.example")
TYPED = {
    "language": "eng",
    "fields": '{"nickname": "Ben", "age": "33", "city": "Kigali", "team": "North"}',
    "note": "Met at the market",
}
URL = "https://x/api/v2/contacts.json"


def _request(url: str, body: object = None) -> RequestDescription:
    return RequestDescription(method="DELETE", url=url, headers=(), body=body, files=())


def test_the_count_is_the_body_keys_else_the_query_parameters() -> None:
    assert fields_set(_request(URL, {"a": 1, "b": 2})) == "2 fields set"
    assert fields_set(_request(f"{URL}?urn=tel%3A1")) == "1 field set"
    assert fields_set(_request(URL)) == "0 fields set"


@pytest.mark.slow
async def test_a_long_body_scrolls_to_its_end_at_80x24() -> None:
    app = demo_app(profile=LIVE)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")  # "POST contacts"
        await fill_examples(pilot, app, "name", "urns", "groups")
        for name, value in TYPED.items():
            app.explorer.form.field(name, "body").set_value(value)  # type: ignore[union-attr]
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConfirmScreen)
        scroll = screen.query_one("#confirm-request", VerticalScroll)
        assert scroll.border_title == "6 fields set"
        assert scroll.max_scroll_y > 0 and scroll.border_subtitle == MORE_BELOW
        for _ in range(scroll.max_scroll_y):
            await pilot.press("down")
        await wait_until(pilot, lambda: scroll.is_vertical_scroll_end, "the request's last line")
        assert scroll.border_subtitle == ""
        send = screen.query_one("#confirm-send", Button)
        assert send.region.bottom <= 24 and screen.focused is screen.query_one("#confirm-cancel")
        await pilot.press("home")
        await wait_until(pilot, lambda: scroll.scroll_y == 0, "the request's first line")
        assert scroll.border_subtitle == MORE_BELOW
        scroll.post_message(MouseScrollDown(scroll, 1, 1, 0, 1, 0, False, False, False))
        await wait_until(pilot, lambda: scroll.scroll_y > 0, "the wheel to scroll the request")


@pytest.mark.slow
async def test_a_body_that_fits_says_nothing_is_below() -> None:
    app = demo_app(profile=LIVE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")  # "POST contacts"
        await fill_examples(pilot, app, "name", "urns", "groups")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        scroll = app.screen.query_one("#confirm-request", VerticalScroll)
        assert scroll.border_title == "3 fields set"
        assert scroll.max_scroll_y == 0 and scroll.border_subtitle == ""
