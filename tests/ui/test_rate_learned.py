"""A 429 before the local count is full: the server's real limit is learned, shown, kept to, and
offered to the profile."""

from __future__ import annotations

import pytest

from explorer.core.profiles import Profile, ProfileStore
from explorer.ui.screens.limit_learned import SaveLimitScreen
from tests.harness.demo import demo_app
from tests.harness.scenes import settle
from tests.ui.support import wait_until

pytestmark = pytest.mark.slow  # the whole explorer on the demo sandbox

ACME = Profile("acme", "https://textit.example", 2500)


async def test_a_429_teaches_the_limit_shows_it_and_saves_it_in_the_profile() -> None:
    """The server allows 2 contacts calls an hour, the profile says 2,500."""
    store = ProfileStore()
    store.add(ACME)
    app = demo_app(profile=ACME, rate_per_hour=2, local_limit=2500)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for _ in range(3):
            await pilot.press("ctrl+s")
            await settle(pilot)
        bar = app.explorer.rate_bar.render().plain
        assert "contacts 2/2 (learned from a 429)" in bar
        assert app.session is not None
        assert app.session.limiter.limit_of("v2.contacts") == 2
        await wait_until(pilot, lambda: isinstance(app.screen, SaveLimitScreen), "the question")
        question = str(app.screen.query_one("#limit-question").render())
        assert "Save 2/hour as profile acme's limit (now 2,500/hour" in question
        await pilot.press("y")
        await wait_until(pilot, lambda: store.get("acme").rate_limit == 2, "the profile saved")
        assert app.profile.rate_limit == 2
        await wait_until(
            pilot,
            lambda: any("now keeps to 2 requests" in n.message for n in app._notifications),
            "the toast saying so",
        )


async def test_on_the_sandbox_the_learned_limit_is_told_not_asked() -> None:
    app = demo_app(rate_per_hour=2, local_limit=2500)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for _ in range(3):
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert not isinstance(app.screen, SaveLimitScreen)
        toasts = [n.message for n in app._notifications]
        assert any("now keeps to 2 contacts requests an hour" in t for t in toasts)
