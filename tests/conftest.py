"""Test isolation for the whole suite: no test touches the user's config, keyring or env tokens.

- ``NO_COLOR`` and ``TEXTUAL`` are dropped at import (they break snapshots / try devtools).
- Every test gets its own ``TEXTIT_EXPLORER_HOME`` and an in-memory keyring (autouse).
- ``secret_service`` (session) runs a private D-Bus + unlocked gnome-keyring for real-keyring
  tests; ``real_keyring`` selects it for one test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import pytest
from keyring.errors import PasswordDeleteError

for _variable in ("NO_COLOR", "TEXTUAL"):
    os.environ.pop(_variable, None)

_KEYRING_ENV = (
    "DBUS_SESSION_BUS_ADDRESS",
    "XDG_DATA_HOME",
    "XDG_RUNTIME_DIR",
    "PYTHON_KEYRING_BACKEND",
)


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that lives in a dict: what tests use unless they ask for the real one."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError("No such password!")


@pytest.fixture(autouse=True)
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Send every app path to a fresh directory and drop token env vars for this test."""
    home = tmp_path / "app-home"
    monkeypatch.setenv("TEXTIT_EXPLORER_HOME", str(home))
    for name in list(os.environ):
        if name.startswith("TEXTIT_API_TOKEN"):
            monkeypatch.delenv(name)
    return home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Replace whatever keyring backend the machine has with an empty in-memory one."""
    previous = keyring.get_keyring() if keyring.core._keyring_backend else None
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.core._keyring_backend = previous


@pytest.fixture(scope="session")
def secret_service() -> Iterator[Any]:
    """A private session bus with an unlocked gnome-keyring, in temporary XDG dirs."""
    if not (shutil.which("dbus-daemon") and shutil.which("gnome-keyring-daemon")):
        message = "dbus-daemon / gnome-keyring-daemon not installed"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    temp = tempfile.mkdtemp(prefix="kr-")
    data, run = os.path.join(temp, "data"), os.path.join(temp, "run")
    os.makedirs(data)
    os.makedirs(run, mode=0o700)
    saved = {name: os.environ.get(name) for name in _KEYRING_ENV}
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert bus.stdout is not None
    os.environ.update(
        DBUS_SESSION_BUS_ADDRESS=bus.stdout.readline().strip(),
        XDG_DATA_HOME=data,
        XDG_RUNTIME_DIR=run,
    )
    os.environ.pop("PYTHON_KEYRING_BACKEND", None)
    try:
        subprocess.run(
            ["gnome-keyring-daemon", "--unlock", "--components=secrets"],
            input=b"ci-keyring-password",
            stdout=subprocess.DEVNULL,
            check=True,
            timeout=30,
        )
        from keyring.backends import SecretService

        yield SecretService.Keyring()  # type: ignore[no-untyped-call]
    finally:
        bus.terminate()
        bus.wait(timeout=10)  # gnome-keyring-daemon exits with its bus
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(temp, ignore_errors=True)


@pytest.fixture
def real_keyring(secret_service: Any, memory_keyring: MemoryKeyring) -> Iterator[Any]:
    """Use the private Secret Service for this test (after the autouse in-memory swap)."""
    keyring.set_keyring(secret_service)
    yield secret_service
