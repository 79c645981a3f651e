"""Fixtures of the UI tests that more than one file needs."""

from __future__ import annotations

import pytest

from explorer.core.profiles import Profile, ProfileStore


@pytest.fixture
def prod() -> None:
    """A saved profile ``prod`` besides the sandbox (for the profile screen tests)."""
    ProfileStore().add(Profile("prod", "https://textit.example.org", rate_limit=100))
