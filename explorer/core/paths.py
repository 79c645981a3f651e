"""Where the app keeps its files, and the one safe way to write them.

Locations are functions, not constants, so tests (and users) can move everything by setting
``TEXTIT_EXPLORER_HOME``; without it the platform's usual directories are used. Reading a
location never creates it: only :func:`ensure_dir`, :func:`atomic_write` / :func:`atomic_file`
and :func:`remove_stale_temporaries` touch the disk.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import platformdirs

from explorer.core.errors import ConfigError

APP_NAME = "textit-explorer"
HOME_ENV = "TEXTIT_EXPLORER_HOME"
STALE_AFTER_S = 60.0  # a temporary older than this was left by a write that never finished
_TEMP_NAME = re.compile(r"\..+\.(?P<pid>\d+)\.[a-z0-9_]{8}\.tmp")  # as atomic_write names them


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


def downloads_dir() -> Path:
    """Where saved results are proposed: the user's downloads folder, else the app's data dir."""
    home = _home()
    if home:
        return home / "downloads"
    downloads = platformdirs.user_downloads_path()
    return downloads if downloads.is_dir() else platformdirs.user_data_path(APP_NAME)


def ensure_dir(path: Path, mode: int = 0o700) -> Path:
    """Create ``path`` and its parents if missing (private to the user by default)."""
    try:
        path.mkdir(mode=mode, parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(f"Cannot create the directory {path}: {error.strerror}.") from error
    return path


def atomic_write(path: Path, text: str, mode: int = 0o600) -> None:
    """Replace ``path`` with ``text`` so readers see the old or the new file, never half of one."""
    with atomic_file(path, mode) as handle:
        handle.write(text)


@contextlib.contextmanager
def atomic_file(path: Path, mode: int = 0o600) -> Iterator[TextIO]:
    """A text file that replaces ``path`` when the block ends, or vanishes if it raises.

    The temporary file sits beside ``path``, readable only by the user while it is written (a
    secret is never readable by others, not even for a moment) and named after the writer's
    pid, so :func:`remove_stale_temporaries` can tell when a killed writer left it behind.
    """
    ensure_dir(path.parent)
    fd, temp_name = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
    )  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), mode)
        os.replace(temp_name, path)
    except OSError as error:
        raise ConfigError(f"Cannot write {path}: {error.strerror}.") from error
    finally:
        Path(temp_name).unlink(missing_ok=True)  # gone already once it replaced ``path``


def remove_stale_temporaries(now: float | None = None) -> list[Path]:
    """Delete the temporaries that interrupted writes left in the app's directories: those whose
    writer is gone, or older than a minute. Returns them; a file that cannot go is left."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    for directory in (config_dir(), state_dir()):
        try:
            entries = list(directory.iterdir())
        except OSError:
            continue
        for entry in entries:
            match = _TEMP_NAME.fullmatch(entry.name)
            if match and _is_stale(entry, int(match["pid"]), now):
                with contextlib.suppress(OSError):
                    entry.unlink()
                    removed.append(entry)
    return removed


def _is_stale(path: Path, pid: int, now: float) -> bool:
    if not _is_running(pid):
        return True
    try:
        return now - path.stat().st_mtime > STALE_AFTER_S
    except OSError:
        return False


def _is_running(pid: int) -> bool:
    if pid <= 0:  # 0 and -1 would signal process groups
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # no such process, or not a pid at all
        return False
    except PermissionError:  # someone else's process
        return True
    return True
