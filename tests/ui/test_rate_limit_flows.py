"""Rate limits in the explorer: a 429 before the local count is full teaches the server's real
limit (shown, kept to, offered to the profile); a wait is told by one toast at a time."""

from __future__ import annotations

from typing import Any

import pytest

from explorer.core.profiles import Profile, ProfileStore
from explorer.ui.screens.limit_learned import SaveLimitScreen
from tests.harness.demo import DemoApp, demo_app
from tests.harness.scenes import settle
from tests.ui.support import settle_tolerating_cancelled, wait_until

pytestmark = pytest.mark.slow  # the whole explorer on the demo sandbox

ACME = Profile("acme", "https://textit.example", 2500)


def told(app: DemoApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every toast's message, kept as it is posted (a busy machine can outlast a toast's life)."""
    messages: list[str] = []
    notify = app.notify

    def recording(message: str, **options: Any) -> None:
        messages.append(message)
        notify(message, **options)

    monkeypatch.setattr(app, "notify", recording)
    return messages


async def test_a_429_teaches_the_limit_shows_it_and_saves_it_in_the_profile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The server allows 2 contacts calls an hour, the profile says 2,500."""
    store = ProfileStore()
    store.add(ACME)
    app = demo_app(profile=ACME, rate_per_hour=2, local_limit=2500)
    toasts = told(app, monkeypatch)
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
        assert app.session.profile.rate_limit == app.session.limiter.limit_of("v2") == 2
        await wait_until(
            pilot, lambda: any("now keeps to 2 requests" in t for t in toasts), "the toast"
        )


async def test_on_the_sandbox_the_learned_limit_is_told_not_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = demo_app(rate_per_hour=2, local_limit=2500)
    toasts = told(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for _ in range(3):
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert not isinstance(app.screen, SaveLimitScreen)
        assert any("now keeps to 2 contacts requests an hour" in t for t in toasts)


async def test_sends_during_a_wait_stack_no_toasts(monkeypatch: pytest.MonkeyPatch) -> None:
    app = demo_app(rate_per_hour=2, local_limit=2500)
    toasts = told(app, monkeypatch)

    def wait_toasts() -> list[str]:
        return [message for message in toasts if "waiting" in message.lower()]

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for _ in range(2):
            await pilot.press("ctrl+s")
            await settle(pilot)
        app.clock.advance(3600 - 37)
        await pilot.press("ctrl+s")  # 429: Retry-After 37 s
        await settle(pilot)
        pane = app.explorer.response_pane
        for _ in range(3):  # each replaces the waiting one; the first says so
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: "waiting" in str(pane.status_details.content), "wait")
        assert wait_toasts() == [
            "Waiting 37 s for the contacts rate limit before sending. Esc cancels."
        ]
        app.clock.advance(10)  # the toast has faded: the next send says it again, once
        for _ in range(2):
            await pilot.press("ctrl+s")
            await pilot.pause()
        await wait_until(pilot, lambda: len(wait_toasts()) == 2, "the second toast")
        assert wait_toasts()[1] == (
            "Already waiting: 27 s left for the contacts rate limit. Esc cancels."
        )
        assert "(27 s)" in str(pane.status_details.content)
        await pilot.press("escape")
        await settle_tolerating_cancelled(pilot)
