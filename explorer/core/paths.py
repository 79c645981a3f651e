"""Where the app keeps its files, and the one safe way to write them.

Locations are functions, not constants, so tests (and users) can move everything by setting
``TEXTIT_EXPLORER_HOME``; without it the platform's usual directories are used. Reading a
location never creates it: only :func:`ensure_dir` and :func:`atomic_write` touch the disk.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import platformdirs

from explorer.core.errors import ConfigError

APP_NAME = "textit-explorer"
HOME_ENV = "TEXTIT_EXPLORER_HOME"


def _home() -> Path | None:
    """The single directory that replaces all platform locations, when the env var sets one."""
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def config_dir() -> Path:
    """Profiles and the opt-in credentials file."""
    home = _home()
    return home / "config" if home else platformdirs.user_config_path(APP_NAME)


def state_dir() -> Path:
    """Request history, saved queries and rate-limit state."""
    home = _home()
    return home / "state" if home else platformdirs.user_state_path(APP_NAME)


def log_dir() -> Path:
    """Log files (never containing a token)."""
    home = _home()
    return home / "log" if home else platformdirs.user_log_path(APP_NAME)


def ensure_dir(path: Path, mode: int = 0o700) -> Path:
    """Create ``path`` and its parents if missing (private to the user by default)."""
    try:
        path.mkdir(mode=mode, parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(f"Cannot create the directory {path}: {error.strerror}.") from error
    return path


def atomic_write(path: Path, text: str, mode: int = 0o600) -> None:
    """Replace ``path`` with ``text`` so readers see the old or the new file, never half of one.

    The temporary file is created with ``mode`` before any byte is written, so a secret is never
    readable by others, not even for a moment.
    """
    ensure_dir(path.parent)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except OSError as error:
        Path(temp_name).unlink(missing_ok=True)
        raise ConfigError(f"Cannot write {path}: {error.strerror}.") from error
