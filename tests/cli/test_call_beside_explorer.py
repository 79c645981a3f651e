"""`call` beside the explorer: shared history and rate counts, saved queries, what reaches a
terminal, messages on stderr, Ctrl+C, and the built-in sandbox profile."""

from __future__ import annotations

import asyncio
import io
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from explorer.app.events import FetchProgress, Problem, ProblemKind, Throttled, Waiting
from explorer.app.session import limiter_for, open_session
from explorer.app.state import open_store, shared_store
from explorer.app.store import DB_NAME
from explorer.cli import main
from explorer.cli.call import Plan, _progress_shown
from explorer.cli.call_output import Reporter
from explorer.core import paths
from explorer.core.history import SavedQuery
from explorer.core.jsonfilter import run_jq
from explorer.core.profiles import Profile, ProfileStore
from explorer.core.secrets import mask_token
from explorer.core.tokens import TokenStore
from explorer.sandbox.data import build_workspace
from explorer.sandbox.limits.faults import Faults
from explorer.sandbox.serve import RunningSandbox, start_sandbox
from tests.app.support import CONTACTS as CONTACTS_REQUEST
from tests.app.support import NOW
from tests.cli.support import PROFILE, TOKEN, Tty, call

Capture = pytest.CaptureFixture[str]
Patch = pytest.MonkeyPatch
TIMEOUT_S = 30
CONTACTS_PATH = "/api/v2/contacts.json"
UNSAFE_NAME = "Eve\x1b]52;c;aGk=\x07\u202e\x9b1m"


@pytest.mark.usefixtures("local")
def test_a_call_shares_history_and_the_rate_count_with_the_explorer(
    capsys: Capture, monkeypatch: Patch, local: Profile
) -> None:
    assert call(capsys, monkeypatch, "GET", "contacts", "deleted=false").code == 0
    store = open_store(paths.state_dir() / DB_NAME)  # another connection, as another process's
    [entry] = store.recent()
    assert (entry.method, entry.path, entry.query) == ("GET", CONTACTS_PATH, "deleted=false")
    assert (entry.profile, entry.status) == (PROFILE, 200)
    assert limiter_for(local, TOKEN, store).used("v2.contacts") == 1
    assert asyncio.run(_explorers_count(local)) == 1


async def _explorers_count(profile: Profile) -> int:
    """The hour's count of contacts reads, as the explorer's session on ``profile`` sees it."""
    session = await open_session(profile, find_token=TokenStore().lookup)
    await session.aclose()
    return session.limiter.used("v2.contacts")


@pytest.mark.usefixtures("local")
def test_saved_query_runs_with_its_jq_filter(capsys: Capture, monkeypatch: Patch) -> None:
    saved = SavedQuery(PROFILE, "names", "GET", CONTACTS_PATH, jq=".results[].name")
    assert shared_store().create_query(saved)
    body = call(capsys, monkeypatch, "GET", "contacts").out
    done = call(capsys, monkeypatch, "--saved", "names")
    assert done.code == 0 and done.out == run_jq(body, ".results[].name") + "\n"
    other = call(capsys, monkeypatch, "--saved", "names", "--jq", ".next")
    assert other.out == run_jq(body, ".next") + "\n"
    both = call(capsys, monkeypatch, "--saved", "names", "GET", "contacts")
    assert both.code == 2 and "not both" in both.err


@pytest.mark.usefixtures("local")
def test_on_a_terminal_server_text_is_made_visible_in_a_pipe_it_is_exact(
    capsys: Capture, monkeypatch: Patch
) -> None:
    body = json.dumps({"name": UNSAFE_NAME})
    created = call(capsys, monkeypatch, "POST", "contacts", "--body", body, "--yes")
    assert json.loads(created.out)["name"] == UNSAFE_NAME  # a pipe: the data as it is
    uuid = json.loads(created.out)["uuid"]
    terminal = Tty()
    monkeypatch.setattr("sys.stdout", terminal)
    assert call(capsys, monkeypatch, "GET", "contacts", f"uuid={uuid}").code == 0
    shown = terminal.getvalue()
    assert not any(char in shown for char in "\x1b\x07\u202e\x9b")
    assert "\\u202e\\u009b1m" in shown and '\n  "results": [' in shown  # indented on a terminal


def test_reporter_says_waits_and_429s_and_shows_progress_only_on_a_terminal() -> None:
    quiet, shown = io.StringIO(), io.StringIO()
    for stream, progress in ((quiet, False), (shown, True)):
        reporter = Reporter(stream, progress=progress)
        reporter(FetchProgress(CONTACTS_REQUEST, 2, 500, None))
        reporter(Throttled("v2.contacts", 12))
        reporter(Waiting("v2.contacts", 12))
    assert quiet.getvalue().splitlines() == [
        "textit-explorer call: The server answered 429 (rate limit, v2.contacts): waiting 12 s.",
        "textit-explorer call: Waiting 12 s for the v2.contacts rate limit…",
    ]
    assert shown.getvalue().startswith("\r500 items, 2 pages\n")


def test_reporter_makes_text_safe_and_masks_tokens() -> None:
    stream = io.StringIO()
    Reporter(stream, progress=False)(
        Problem(ProblemKind.STATE_NOT_SAVED, f"bad \x1b[31m{UNSAFE_NAME} {TOKEN}")
    )
    said = stream.getvalue()
    assert "\x1b" not in said and "\u202e" not in said and TOKEN not in said
    assert mask_token(TOKEN) in said


@pytest.fixture
def slow(monkeypatch: Patch) -> Iterator[RunningSandbox]:
    """A sandbox whose every answer takes half a second, on the profile ``slow``."""
    workspace = build_workspace(600, seed=11, now=NOW)
    with start_sandbox(workspace, token=TOKEN, faults=Faults(latency=0.5)) as running:
        monkeypatch.setenv("TEXTIT_API_TOKEN_SLOW", TOKEN)
        ProfileStore().add(Profile("slow", running.base_url))
        yield running


@pytest.mark.slow
@pytest.mark.usefixtures("slow")
def test_ctrl_c_exits_130_saying_how_many_items_were_written(tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "explorer", "call", "--profile", "slow", "GET", "contacts"]
    process = subprocess.Popen(
        [*argv, "--all"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()  # the first page is coming
    os.kill(process.pid, signal.SIGINT)
    # read on from the same stream: communicate() would skip what it holds in its buffer
    written = [first, *process.stdout.read().splitlines()]
    errors = process.stderr.read()
    assert process.wait(timeout=TIMEOUT_S) == 130
    assert errors == f"textit-explorer call: Cancelled: {len(written)} items were written.\n"
    assert all(json.loads(line)["uuid"] for line in written)


@pytest.mark.slow
def test_the_sandbox_profile_takes_writes_without_asking(
    capsys: Capture, monkeypatch: Patch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    body = json.dumps({"name": "Sandbox Ann"})
    code = main(["call", "--profile", "sandbox", "POST", "contacts", "--body", body])
    out, _ = capsys.readouterr()
    assert code == 0 and json.loads(out)["name"] == "Sandbox Ann"


@pytest.fixture
def broken(monkeypatch: Patch) -> Iterator[RunningSandbox]:
    """A sandbox that answers every request with a proxy's HTML page, on the profile ``broken``."""
    workspace = build_workspace(30, seed=11, now=NOW)
    with start_sandbox(workspace, token=TOKEN, faults=Faults(garbage=1.0)) as running:
        monkeypatch.setenv("TEXTIT_API_TOKEN_BROKEN", TOKEN)
        ProfileStore().add(Profile("broken", running.base_url))
        yield running


@pytest.mark.usefixtures("broken")
@pytest.mark.parametrize("to_file", [False, True])
def test_a_fetch_all_that_fails_exits_1_and_leaves_no_file(
    capsys: Capture, monkeypatch: Patch, tmp_path: Path, to_file: bool
) -> None:
    path = tmp_path / "out" / "contacts.jsonl"
    argv = ["call", "--profile", "broken", "GET", "contacts", "--all"]
    code = main([*argv, "--output", str(path)] if to_file else argv)
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith("textit-explorer call: The answer from /api/v2/contacts.json is not")
    said = f"{path} was not written" if to_file else "0 items were written"
    assert err.endswith(f"Stopped: {said}.\n")
    assert not path.exists()
    assert not path.parent.exists() or list(path.parent.iterdir()) == []  # no temporary left


@pytest.mark.parametrize(
    ("stdout_tty", "stderr_tty", "output", "shown"),
    [
        (False, True, None, True),  # items to a pipe: progress on the terminal
        (True, True, None, False),  # items scroll by on the terminal: no progress over them
        (True, True, Path("out.jsonl"), True),
        (False, False, None, False),  # stderr to a file or pipe: never
    ],
)
def test_progress_shows_on_a_terminal_the_items_do_not_scroll_on(
    monkeypatch: Patch, stdout_tty: bool, stderr_tty: bool, output: Path | None, shown: bool
) -> None:
    monkeypatch.setattr("sys.stdout", Tty() if stdout_tty else io.StringIO())
    monkeypatch.setattr("sys.stderr", Tty() if stderr_tty else io.StringIO())
    plan = Plan(Profile("p"), CONTACTS_REQUEST, True, "", output, "jsonl")
    assert _progress_shown(plan) is shown
