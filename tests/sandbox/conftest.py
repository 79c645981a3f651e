"""Sandbox fixtures: a small fixed workspace, a fake clock and an in-process API client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from explorer.sandbox.data import build_workspace
from explorer.sandbox.store.workspace import Workspace

from .support import CONTACTS, NOW, FakeClock, client_for


@pytest.fixture
def workspace() -> Workspace:
    return build_workspace(CONTACTS, seed=3, now=NOW)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW.timestamp() + 60)


@pytest.fixture
async def api(workspace: Workspace, clock: FakeClock) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(workspace, clock) as client:
        yield client
