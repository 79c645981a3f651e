"""RateLimitBar with a fake clock: identity, usage, the 80 % warning, narrow widths, countdowns."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.app import App, ComposeResult

from explorer.core.profiles import SANDBOX, Profile
from explorer.core.ratelimit import ScopeUsage
from explorer.ui.widgets.rate_limit_bar import RateLimitBar
from tests.ui.support import wait_until

WIDGETS = Path(__file__).parents[2] / "explorer" / "ui" / "widgets"
ACME = Profile(name="acme", base_url="https://textit.com", rate_limit=2500)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def usage(scope: str, used: int, limit: int = 2500, wait: float = 0.0) -> ScopeUsage:
    return ScopeUsage(scope, used, limit, wait, server_said_wait=False)


class BarApp(App[None]):
    CSS_PATH = WIDGETS / "rate_limit_bar.tcss"

    def __init__(self, clock: FakeClock) -> None:
        super().__init__()
        self.clock = clock

    def compose(self) -> ComposeResult:
        yield RateLimitBar(clock=self.clock)


def line(bar: RateLimitBar) -> str:
    return bar.render().plain


def spans_of(bar: RateLimitBar, text: str) -> list[str]:
    """The component styles applied to ``text`` in the rendered line."""
    content = bar.render()
    start = content.plain.index(text)
    return [str(span.style) for span in content.spans if span.start <= start < span.end]


async def test_identity_and_every_scope_at_zero_of_the_profile_limit() -> None:
    app = BarApp(FakeClock())
    async with app.run_test(size=(120, 5)):
        bar = app.query_one(RateLimitBar)
        bar.set_identity(ACME, "Nyaruka")
        assert line(bar) == (
            "acme · Nyaruka │ contacts 0/2,500 · messages 0/2,500 · runs 0/2,500 · other 0/2,500"
        )


async def test_usage_from_a_snapshot_and_the_warning_above_80_percent() -> None:
    app = BarApp(FakeClock())
    async with app.run_test(size=(120, 5)):
        bar = app.query_one(RateLimitBar)
        bar.set_identity(ACME, "Nyaruka")
        bar.update_usage({"v2.contacts": usage("v2.contacts", 2001), "v2": usage("v2", 12)})
        expected = "contacts 2,001/2,500 · messages 0/2,500 · runs 0/2,500 · other 12/2,500"
        assert expected in line(bar)
        warning = bar.get_visual_style("rate-limit-bar--near-limit", partial=True)
        normal = bar.get_visual_style("rate-limit-bar--scope", partial=True)
        assert warning != normal
        assert spans_of(bar, "contacts 2,001") == [str(warning)]
        assert spans_of(bar, "other 12") == [str(normal)]


async def test_a_narrow_bar_drops_idle_scopes_before_the_limits() -> None:
    app = BarApp(FakeClock())
    async with app.run_test(size=(70, 5)):
        bar = app.query_one(RateLimitBar)
        bar.set_identity(SANDBOX, "Demo")
        bar.update_usage({"v2.contacts": usage("v2.contacts", 41), "v2": usage("v2", 3)})
        assert line(bar) == "sandbox · Demo │ contacts 41/2,500 · other 3/2,500"


async def test_at_80_columns_the_workspace_name_goes_before_the_limits() -> None:
    app = BarApp(FakeClock())
    async with app.run_test(size=(80, 5)):
        bar = app.query_one(RateLimitBar)
        bar.set_identity(SANDBOX, "Healthy Harvest Programme")
        bar.update_usage({"v2.contacts": usage("v2.contacts", 41)})
        bar.start_countdown("v2.contacts", 3591)
        assert line(bar) == "sandbox │ contacts 41/2,500 │ contacts: waiting 59:51"


async def test_only_a_very_narrow_bar_drops_the_limits() -> None:
    app = BarApp(FakeClock())
    async with app.run_test(size=(30, 5)):
        bar = app.query_one(RateLimitBar)
        bar.set_identity(SANDBOX, "Demo")
        bar.update_usage({"v2.contacts": usage("v2.contacts", 41), "v2": usage("v2", 3)})
        assert line(bar) == "sandbox │ contacts 41 · other 3"


async def test_after_a_429_the_limits_stay_and_an_hour_long_wait_reads_as_minutes() -> None:
    clock = FakeClock()
    app = BarApp(clock)
    async with app.run_test(size=(120, 5)):
        bar = app.query_one(RateLimitBar)
        bar.set_identity(SANDBOX, "Healthy Harvest Programme")
        bar.update_usage({"v2.contacts": usage("v2.contacts", 6), "v2": usage("v2", 1)})
        bar.start_countdown("v2.contacts", 3591)
        assert line(bar) == (
            "sandbox · Healthy Harvest Programme │ contacts 6/2,500 · other 1/2,500 │ "
            "contacts: waiting 59:51 (Retry-After)"
        )
        clock.now += 60
        bar.tick()
        assert line(bar).endswith("contacts: waiting 58:51 (Retry-After)")
        assert "v2" not in line(bar)


async def test_a_limit_learned_from_a_429_is_shown_as_such_where_there_is_room() -> None:
    clock = FakeClock()
    app = BarApp(clock)
    async with app.run_test(size=(120, 5)):
        bar = app.query_one(RateLimitBar)
        bar.set_identity(ACME, "Nyaruka")
        learned = ScopeUsage("v2.contacts", 5, 5, 3591, server_said_wait=True, learned=True)
        bar.update_usage({"v2.contacts": learned})
        assert line(bar) == (
            "acme · Nyaruka │ contacts 5/5 (learned from a 429) │ "
            "contacts: waiting 59:51 (Retry-After)"
        )
    narrow = BarApp(clock)
    async with narrow.run_test(size=(50, 5)):
        bar = narrow.query_one(RateLimitBar)
        bar.set_identity(ACME, "Nyaruka")
        bar.update_usage({"v2.contacts": replace(learned, wait=0)})
        assert line(bar) == "acme · Nyaruka │ contacts 5/5"


async def test_the_countdown_ticks_with_the_clock_and_disappears() -> None:
    clock = FakeClock()
    app = BarApp(clock)
    async with app.run_test(size=(140, 5)):
        bar = app.query_one(RateLimitBar)
        bar.set_identity(ACME)
        bar.start_countdown("v2.contacts", 37)
        assert line(bar).endswith("│ contacts: waiting 37 s (Retry-After)")
        clock.now += 1.5
        bar.tick()
        assert line(bar).endswith("│ contacts: waiting 36 s (Retry-After)")
        clock.now += 40
        bar.tick()
        assert "waiting" not in line(bar)
        assert bar.waiting() == {}


async def test_the_timer_redraws_every_second_without_being_asked() -> None:
    clock = FakeClock()
    app = BarApp(clock)
    async with app.run_test(size=(140, 5)) as pilot:
        bar = app.query_one(RateLimitBar)
        bar.set_identity(ACME)
        bar.start_countdown("v2", 5)
        clock.now += 10
        await wait_until(pilot, lambda: bar.waiting() == {}, "the timer's tick")
        assert "waiting" not in line(bar)


async def test_before_any_profile_the_bar_says_so() -> None:
    app = BarApp(FakeClock())
    async with app.run_test():
        assert line(app.query_one(RateLimitBar)) == "no profile"


async def test_a_snapshot_with_a_wait_starts_a_countdown_for_that_scope() -> None:
    clock = FakeClock()
    app = BarApp(clock)
    async with app.run_test(size=(160, 5)):
        bar = app.query_one(RateLimitBar)
        bar.set_identity(ACME)
        bar.update_usage({"v2.runs": usage("v2.runs", 2500, wait=12.5)})
        assert line(bar).endswith(
            "runs 2,500/2,500 · other 0/2,500 │ runs: waiting 13 s (hourly limit)"
        )
        assert set(bar.waiting()) == {"v2.runs"}


async def test_at_80_columns_a_wait_keeps_the_countdown_over_idle_scopes() -> None:
    app = BarApp(FakeClock())
    async with app.run_test(size=(80, 5)):
        bar = app.query_one(RateLimitBar)
        bar.set_identity(SANDBOX, "Demo")
        bar.update_usage({"v2.contacts": usage("v2.contacts", 41)})
        bar.start_countdown("v2.contacts", 37)
        expected = "sandbox · Demo │ contacts 41/2,500 │ contacts: waiting 37 s (Retry-After)"
        assert line(bar) == expected
