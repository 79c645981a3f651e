"""Without a terminal the TUI refuses at once; the sub-commands work (real processes, timed out)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

TIMEOUT_S = 30  # a spinning process fails the test instead of hanging it


@pytest.fixture
def terminal() -> Iterator[int]:
    """The far end of a pseudo-terminal: what a process gets for a stream run in a terminal."""
    leader, follower = pty.openpty()
    yield follower
    os.close(follower)
    os.close(leader)


def _run(*argv: str, stdin: int, stdout: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "explorer", *argv],
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )


@pytest.mark.parametrize("missing", ["stdin", "stdout"])
def test_without_a_terminal_the_explorer_exits_with_a_message(terminal: int, missing: str) -> None:
    if missing == "stdin":
        done = _run(stdin=subprocess.DEVNULL, stdout=terminal)
    else:
        done = _run(stdin=terminal, stdout=subprocess.PIPE)
    assert done.returncode == 2
    assert done.stderr.startswith("textit-explorer: the explorer needs a terminal")
    assert "sub-commands (endpoints, profile, token, sandbox) work without one" in done.stderr


@pytest.mark.parametrize(
    "argv", [("endpoints", "--json"), ("profile", "list"), ("sandbox", "--faults", "nonsense")]
)
def test_sub_commands_work_without_a_terminal(argv: tuple[str, ...], app_home: Path) -> None:
    done = _run(*argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
    expected = 2 if argv[0] == "sandbox" else 0  # refused before it serves: it would not end
    assert done.returncode == expected, done.stderr
    assert done.stdout or argv[0] == "sandbox"
    assert "needs a terminal" not in done.stderr
