"""App locations honour TEXTIT_EXPLORER_HOME, never mkdir on read, files are written atomically."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from explorer.cli import main
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


def test_the_temporary_is_private_while_written_whatever_the_final_mode(
    app_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    modes: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        modes.append(stat.S_IMODE(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    paths.atomic_write(app_home / "public.txt", "text", mode=0o644)
    assert modes == [0o600]
    assert stat.S_IMODE((app_home / "public.txt").stat().st_mode) == 0o644


# A writer stopped (as by kill -9) after the token reached its temporary, before the rename.
STUCK_WRITER = """
import os, threading
from explorer.core.tokens import Storage, TokenStore
os.fsync = lambda fd: threading.Event().wait()
TokenStore().set("laptop", "PKLGZZ2YZAQVR32FCAAJETLFNUE3UG7UNS5HC6V3", Storage.FILE)
"""


def test_a_killed_writer_leaves_a_private_temporary_that_the_next_start_removes(
    app_home: Path,
) -> None:
    writer = subprocess.Popen([sys.executable, "-c", STUCK_WRITER])
    try:
        temporary = _wait_for_a_temporary(paths.config_dir())
        assert stat.S_IMODE(temporary.stat().st_mode) == 0o600
        assert f".credentials.json.{writer.pid}." in temporary.name
        assert paths.remove_stale_temporaries() == []  # its writer is still at work
    finally:
        writer.kill()  # SIGKILL: no cleanup runs
        writer.wait(timeout=10)
    assert b"PKLGZZ2YZAQVR32FCAAJETLFNUE3UG7UNS5HC6V3" in temporary.read_bytes()
    assert main(["endpoints", "--json"]) == 0  # any start cleans up
    assert list(paths.config_dir().iterdir()) == []


def _wait_for_a_temporary(directory: Path, timeout: float = 20.0) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = list(directory.glob(".*.tmp")) if directory.is_dir() else []
        if found:
            return found[0]
        time.sleep(0.05)
    raise AssertionError(f"no temporary appeared in {directory}")


def test_only_our_stale_temporaries_are_removed(app_home: Path) -> None:
    state = paths.ensure_dir(paths.state_dir())
    mine = os.getpid()
    fresh = state / f".history.jsonl.{mine}.abc_1234.tmp"
    old = state / f".history.jsonl.{mine}.zzzz9999.tmp"
    orphan = state / ".ratelimit-prod.json.999999999.k2j4h5g6.tmp"  # no such pid
    absurd = state / f".profiles.toml.{2**80}.k2j4h5g6.tmp"
    not_ours = [state / "notes.tmp", state / ".history.jsonl.tmp", state / "history.jsonl"]
    for path in (fresh, old, orphan, absurd, *not_ours):
        path.write_text("x")
    os.utime(old, (time.time() - 61, time.time() - 61))
    assert sorted(paths.remove_stale_temporaries()) == sorted([old, orphan, absurd])
    assert sorted(state.iterdir()) == sorted([fresh, *not_ours])


def test_removing_stale_temporaries_creates_nothing(app_home: Path) -> None:
    assert paths.remove_stale_temporaries() == []
    assert not app_home.exists()
