"""App locations honour TEXTIT_EXPLORER_HOME, never mkdir on read, files are written atomically."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from explorer.core import paths
from explorer.core.errors import ConfigError


def test_every_location_lives_under_the_home_env(app_home: Path) -> None:
    locations = [paths.config_dir(), paths.state_dir(), paths.log_dir()]
    assert all(location.is_relative_to(app_home) for location in locations)
    assert len(set(locations)) == 3


def test_reading_a_location_creates_nothing(app_home: Path) -> None:
    paths.config_dir()
    paths.state_dir()
    paths.log_dir()
    assert not app_home.exists()


def test_without_the_env_var_platform_dirs_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.HOME_ENV)
    monkeypatch.setenv("XDG_CONFIG_HOME", "/nonexistent/xdg-config")
    assert paths.config_dir() == Path("/nonexistent/xdg-config/textit-explorer")


def test_atomic_write_creates_parents_with_private_modes(app_home: Path) -> None:
    target = paths.config_dir() / "nested" / "file.txt"
    paths.atomic_write(target, "hello")
    assert target.read_text() == "hello"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700


def test_atomic_write_honours_a_mode_and_replaces_content(app_home: Path) -> None:
    target = app_home / "public.txt"
    paths.atomic_write(target, "old")
    paths.atomic_write(target, "new", mode=0o644)
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert os.listdir(app_home) == ["public.txt"]  # no temporary file left behind


def test_atomic_write_failure_is_a_config_error_and_leaves_no_temp(app_home: Path) -> None:
    target = app_home / "dir-in-the-way"
    target.mkdir(parents=True)
    with pytest.raises(ConfigError, match="dir-in-the-way"):
        paths.atomic_write(target, "text")
    assert os.listdir(app_home) == ["dir-in-the-way"]
