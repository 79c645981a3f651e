"""One sandbox served per module; each test gets the ``local`` profile pointing at it (in its
own ``TEXTIT_EXPLORER_HOME``), with the token in the environment."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from explorer.core.profiles import Profile, ProfileStore
from explorer.sandbox.data import build_workspace
from explorer.sandbox.serve import RunningSandbox, start_sandbox
from tests.app.support import NOW
from tests.cli.support import CONTACTS, PROFILE, TOKEN


@pytest.fixture(scope="module")
def served() -> Iterator[RunningSandbox]:
    workspace = build_workspace(CONTACTS, seed=11, now=NOW)
    with start_sandbox(workspace, token=TOKEN, rate_per_hour=1_000_000) as running:
        yield running


@pytest.fixture
def local(served: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> Profile:
    """The ``local`` profile on the served sandbox, its token in the environment."""
    monkeypatch.setenv(f"TEXTIT_API_TOKEN_{PROFILE.upper()}", TOKEN)
    return ProfileStore().add(Profile(PROFILE, served.base_url, rate_limit=100_000))
