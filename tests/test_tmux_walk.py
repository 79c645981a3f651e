"""A person's walk through the real app, in a real terminal: ``textit-explorer`` on its sandbox in
a tmux pane at 80x24, driven with the keys a person presses and read from the screen.

It picks endpoints by typing their names in the tree's filter, sends, pages with ``]`` right after
the answer comes, jumps between panes with the function keys, and writes with a form left as it
opened, then with two fields typed: the app's history (its state store, in this test's own
directory) shows nothing went out that nobody typed. Needs tmux (``.ci/run`` installs it).
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from explorer.app.state import shared_store

pytestmark = pytest.mark.slow  # a real app process, its sandbox and a terminal

SIZE = (80, 24)
CURSOR = "\x1b[48;5;253m"  # the input cursor's cell, as tmux redraws it
WAIT_LIMIT = 30.0  # seconds: a cold start of the app on a busy machine takes a few


class Pane:
    """One app in a detached tmux pane on a private server (its own socket: no other tmux is
    touched), with bounded waits for what the screen shows."""

    def __init__(self, socket: str) -> None:
        self.tmux = ["tmux", "-L", socket, "-f", "/dev/null"]

    def start(self, command: str) -> None:
        width, height = SIZE
        size = ["-x", str(width), "-y", str(height)]
        subprocess.run([*self.tmux, "new-session", "-d", "-s", "walk", *size, command], check=True)

    def screen(self) -> str:
        done = subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", "walk"], capture_output=True, text=True
        )
        return done.stdout

    def focus_below(self, heading: str) -> bool:
        """Whether the input on the line under ``heading`` draws the text cursor (a cell on the
        theme's foreground colour, 253 of tmux's 256 colours): Tab moves the focus in a later
        turn of the app than keys typed after it, so the walk waits for it as a person looks."""
        done = subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-e", "-t", "walk"], capture_output=True, text=True
        )
        lines = done.stdout.splitlines()
        at = next((i for i, line in enumerate(lines) if heading in line), None)
        return at is not None and at + 1 < len(lines) and CURSOR in lines[at + 1]

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", "walk", *keys], check=True)

    def type(self, text: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", "walk", "-l", text], check=True)

    def wait_for(self, pattern: str, what: str) -> re.Match[str]:
        """The first match of ``pattern`` on the screen, once it is there."""
        wait_until(lambda: re.search(pattern, self.screen()) is not None, what, self)
        found = re.search(pattern, self.screen())
        assert found is not None, what
        return found

    def wait_gone(self, pattern: str, what: str) -> None:
        wait_until(lambda: re.search(pattern, self.screen()) is None, what, self)

    def stop(self) -> None:
        """End the app and its tmux server, and remove the server's socket file."""
        where = [*self.tmux, "display-message", "-p", "#{socket_path}"]
        socket = subprocess.run(where, capture_output=True, text=True).stdout.strip()
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)
        if socket:
            Path(socket).unlink(missing_ok=True)


@pytest.fixture
def pane(app_home: Path, tmp_path: Path) -> Iterator[Pane]:
    """The app on its sandbox in a fresh pane; app files in this test's directory, no keyring."""
    running = Pane(f"textit-walk-{uuid.uuid4().hex[:12]}")
    env = {
        "TEXTIT_EXPLORER_HOME": str(app_home),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "XDG_STATE_HOME": str(tmp_path / "xdg-state"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }
    assignments = " ".join(f"{name}={shlex.quote(value)}" for name, value in env.items())
    running.start(f"env {assignments} {shlex.quote(sys.executable)} -m explorer")
    try:
        yield running
    finally:
        running.stop()


def wait_until(condition: Callable[[], bool], what: str, pane: Pane) -> None:
    """Poll ``condition`` until it holds; fail naming ``what``, with the screen, if it does not
    within ``WAIT_LIMIT``."""
    deadline = time.monotonic() + WAIT_LIMIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {WAIT_LIMIT:g} s: {what}\n{pane.screen()}")
        time.sleep(0.05)


def pick(pane: Pane, words: str) -> None:
    """Choose an operation as a person does: Ctrl+F, its name typed, Enter; then, as the screen
    is narrow, the tree folds away for the form."""
    pane.keys("C-f")
    pane.type(words)
    pane.keys("Enter")
    pane.wait_gone(r"Endpoints", f"the tree folded once {words!r} was chosen")


def test_pick_send_page_and_write_only_what_was_typed(pane: Pane) -> None:
    pane.wait_for(r"Healthy Harvest Programme │", "the sandbox workspace connected")

    pick(pane, "contacts")
    pane.wait_for(r"GET +/api/v2/contacts\.json", "GET contacts opened from its name")
    pane.keys("C-s")
    pane.wait_for(r"200 OK .* page 1", "the first page")
    pane.keys("]")  # right after the answer: the answer has the focus, not the form or the filter
    pane.wait_for(r"200 OK .* page 2", "the second page, from ]")
    urn = pane.wait_for(r'"(tel:\+\d+)"', "a contact's phone number in the body")[1]

    pane.keys("F6")  # the tree, shown again on this narrow screen
    pane.wait_for(r"Endpoints", "the tree's frame")
    pick(pane, "post messages")
    pane.wait_for(r"POST +/api/v2/messages\.json", "POST messages opened from its name")
    pane.keys("C-s")  # the form as it opened: nothing typed, nothing to send
    pane.wait_for(r"Not sent", "the form refused as it opened")
    assert not [e for e in shared_store().recent() if e.method == "POST"]

    pane.type(urn)  # the refusal put the focus in the field to fix: the contact
    pane.wait_for(re.escape(urn), "the contact typed")
    pane.keys("Tab")
    wait_until(lambda: pane.focus_below("Message text"), "the focus in the text field", pane)
    pane.type("Hello from the walk")
    pane.wait_for(r"\n Hello from the walk", "the text typed, in its own field")
    pane.keys("C-s")
    pane.wait_for(r"201 Created", "the message sent")
    posts = [e for e in shared_store().recent() if e.method == "POST"]
    assert len(posts) == 1 and posts[0].path == "/api/v2/messages.json"
    assert posts[0].body == {"contact": urn, "text": "Hello from the walk"}
    contacts = [e for e in shared_store().recent() if e.path == "/api/v2/contacts.json"]
    lookups = [e for e in contacts if e.query.startswith("urn=")]  # the picker's, of the URN typed
    pages = [e for e in contacts if e not in lookups]
    assert [bool(e.query) for e in reversed(pages)] == [False, True]  # page 2 by its cursor
