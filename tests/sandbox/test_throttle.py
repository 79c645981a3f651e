"""Throttling as DRF does it: per workspace and scope, sliding hour, Retry-After, wording."""

from __future__ import annotations

from explorer.sandbox.limits.throttle import Throttle, throttled_detail
from explorer.sandbox.store.workspace import Workspace

from .support import FakeClock, client_for


async def test_full_window_gives_429_with_retry_after(
    workspace: Workspace, clock: FakeClock
) -> None:
    async with client_for(workspace, clock, rate=3) as api:
        for _ in range(3):
            assert (await api.get("/api/v2/fields.json")).status_code == 200
            clock.advance(10)
        refused = await api.get("/api/v2/groups.json")
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "3570"
    assert refused.json() == {
        "detail": "Request was throttled. Expected available in 3570 seconds."
    }


async def test_scopes_are_separate_buckets(workspace: Workspace, clock: FakeClock) -> None:
    async with client_for(workspace, clock, rate=1) as api:
        assert (await api.get("/api/v2/fields.json")).status_code == 200
        assert (await api.get("/api/v2/contacts.json")).status_code == 200
        assert (await api.get("/api/v2/messages.json")).status_code == 200
        assert (await api.get("/api/v2/runs.json")).status_code == 200
        assert (await api.get("/api/v2/labels.json")).status_code == 429
        assert (await api.get("/api/v2/contacts.json")).status_code == 429


async def test_the_window_slides(workspace: Workspace, clock: FakeClock) -> None:
    async with client_for(workspace, clock, rate=2) as api:
        await api.get("/api/v2/fields.json")
        clock.advance(1800)
        await api.get("/api/v2/fields.json")
        clock.advance(1799)
        assert (await api.get("/api/v2/fields.json")).headers["retry-after"] == "1"
        clock.advance(1)
        assert (await api.get("/api/v2/fields.json")).status_code == 200


async def test_auth_failures_are_not_throttled(workspace: Workspace, clock: FakeClock) -> None:
    async with client_for(workspace, clock, rate=1) as api:
        await api.get("/api/v2/fields.json")
        refused = await api.get("/api/v2/fields.json", headers={"Authorization": "Token x"})
    assert refused.status_code == 403


def test_wait_is_time_left_over_free_slots_rounded_up() -> None:
    clock = FakeClock(1000.0)
    throttle = Throttle(2, clock)
    assert throttle.check("w", "v2") is None
    clock.advance(0.5)
    assert throttle.check("w", "v2") is None
    assert throttle.check("w", "v2") == 3600
    assert throttle.check("other", "v2") is None


def test_singular_second() -> None:
    assert throttled_detail(1) == "Request was throttled. Expected available in 1 second."
    assert throttled_detail(2) == "Request was throttled. Expected available in 2 seconds."
