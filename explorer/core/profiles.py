"""Profiles: the workspaces a user talks to (name, base URL, rate limit), kept in TOML.

The file holds no secret, ever (tokens live in :mod:`explorer.core.tokens`), so it can be shared or
backed up. The built-in ``sandbox`` profile needs no setup and is never written: the embedded
server picks its port at run time, so callers replace its ``base_url`` once the server is up.

The file is the user's: edits keep its comments and layout (tomlkit; reads use the faster
tomllib), and a damaged file is never overwritten. The store then holds only the sandbox, and
says why in ``problem``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import SplitResult, urlsplit

from explorer.core import paths
from explorer.core.catalog import DEFAULT_RATE_LIMIT
from explorer.core.errors import ConfigError, ValidationError
from explorer.core.secrets import safe_text
from explorer.core.urls import is_loopback

if TYPE_CHECKING:
    from tomlkit.toml_document import TOMLDocument

SANDBOX_NAME = "sandbox"
DEFAULT_BASE_URL = "https://textit.com"
_NAME_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True)
class Profile:
    """One workspace: where its API lives and how hard the app may call it."""

    name: str
    base_url: str = DEFAULT_BASE_URL
    rate_limit: int = DEFAULT_RATE_LIMIT  # requests per hour the app allows itself
    read_only: bool = False  # True: the UI refuses POST and DELETE

    @property
    def is_sandbox(self) -> bool:
        return self.name == SANDBOX_NAME

    @property
    def mode(self) -> str:
        """What writes do here: ``sandbox`` (local data, sent without asking), ``read-only``
        (refused) or ``read-write`` (sent once confirmed)."""
        if self.is_sandbox:
            return "sandbox"
        return "read-only" if self.read_only else "read-write"


SANDBOX = Profile(name=SANDBOX_NAME, base_url="http://127.0.0.1")


def validate_profile(profile: Profile) -> Profile:
    """The profile with a normalised URL, or ValidationError naming each bad field."""
    errors: dict[str, list[str]] = {}
    if not _NAME_PATTERN.fullmatch(profile.name):
        errors["name"] = ["Use 1 to 64 letters, digits, '-' or '_'."]
    elif profile.is_sandbox:
        errors["name"] = ["'sandbox' is the built-in profile; choose another name."]
    url_problem = _url_problem(profile.base_url)
    if url_problem:
        errors["base_url"] = [url_problem]
    if isinstance(profile.rate_limit, bool) or not (
        isinstance(profile.rate_limit, int) and profile.rate_limit > 0
    ):
        errors["rate_limit"] = ["The rate limit must be a whole number of requests per hour, > 0."]
    if errors:
        raise ValidationError(errors)
    return replace(profile, base_url=profile.base_url.strip().rstrip("/"))


def _url_problem(url: str) -> str | None:
    """Why ``url`` cannot be a base URL, or None when it can."""
    url = url.strip()
    if any(char.isspace() for char in url):
        return "The base URL cannot contain spaces or line breaks."
    if not url.isprintable():
        return "The base URL cannot contain control characters."
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "Give a URL such as https://textit.com (http or https, with a host)."
    port_problem = _port_problem(parts)
    if port_problem:
        return port_problem
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        return "Plain http is only allowed for this machine (localhost); use https."
    if parts.query or parts.fragment:
        return "The base URL cannot have a query or fragment."
    return None


def _port_problem(parts: SplitResult) -> str | None:
    """Why the URL's port (after the host's last ``:``) is not one from 1 to 65535, or None."""
    host_and_port = parts.netloc.rpartition("@")[2]
    port = host_and_port.rpartition("]")[2].partition(":")[2]
    if not port:
        return None
    if not port.isdecimal() or not port.isascii():
        return f"The port {port!r} is not a number; give one from 1 to 65535."
    if not 1 <= int(port) <= 65535:
        return f"The port {int(port)} is outside 1-65535."
    return None


class ProfileStore:
    """The user's profiles and the last one used, in ``profiles.toml`` in the config dir."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.config_dir() / "profiles.toml"
        self.problem: str | None = None  # why the file cannot be used, after a read found out

    def all(self) -> list[Profile]:
        """Every profile, the sandbox first, then the user's in name order."""
        return [SANDBOX, *sorted(self._readable()[1].values(), key=lambda p: p.name.lower())]

    def get(self, name: str) -> Profile:
        if name == SANDBOX_NAME:
            return SANDBOX
        profile = self._readable()[1].get(name)
        if profile is None:
            raise ConfigError(
                self.problem or f"No profile named {name!r}. See `textit-explorer profile list`."
            )
        return profile

    def add(self, profile: Profile) -> Profile:
        """Validate and save a new profile; its name must be free."""
        profile = validate_profile(profile)
        document = self._editable()
        profiles = document.setdefault("profiles", _tomlkit().table(is_super_table=True))
        if profile.name in profiles:
            raise ConfigError(f"A profile named {profile.name!r} already exists.")
        profiles[profile.name] = _profile_fields(profile)
        self._write(document)
        return profile

    def update(self, profile: Profile) -> Profile:
        """Replace the settings of an existing profile (found by name), in place in the file."""
        self.get(profile.name)
        profile = validate_profile(profile)
        document = self._editable()
        table = document["profiles"][profile.name]
        for key, value in _profile_fields(profile).items():
            if table.get(key) != value:  # unchanged lines stay as the user wrote them
                table[key] = value
        self._write(document)
        return profile

    def set_rate_limit(self, name: str, limit: int) -> Profile:
        """Make ``limit`` requests an hour profile ``name``'s limit (one a 429 taught, say)."""
        return self.update(replace(self.get(name), rate_limit=limit))

    def remove(self, name: str) -> None:
        """Delete a profile; if it was the current one, the sandbox becomes current."""
        self.get(name)
        if name == SANDBOX_NAME:
            raise ConfigError("The built-in sandbox profile cannot be removed.")
        document = self._editable()
        del document["profiles"][name]
        if document.get("current") == name:
            del document["current"]
        self._write(document)

    def use(self, name: str) -> Profile:
        """Remember ``name`` as the profile to start on next time."""
        profile = self.get(name)
        document = self._editable()
        document["current"] = name
        self._write(document)
        return profile

    def current(self) -> Profile:
        """The last profile used, or the sandbox (also when that profile has since gone)."""
        document, profiles = self._readable()
        return profiles.get(document.get("current", ""), SANDBOX)  # _load checked it is a str

    def _readable(self) -> tuple[dict[str, Any], dict[str, Profile]]:
        """:meth:`_load`, or nothing but the sandbox when the file is damaged (see ``problem``)."""
        try:
            return self._load()
        except ConfigError as error:
            self.problem = str(error)
            return {}, {}

    def _load(self) -> tuple[dict[str, Any], dict[str, Profile]]:
        """The file's data and its profiles; ConfigError if it is damaged."""
        try:
            document = tomllib.loads(self._read_text())
        except tomllib.TOMLDecodeError as error:
            raise self._corrupt(f"it is not valid TOML: {error}") from error
        tables = document.get("profiles", {})
        if not isinstance(tables, dict):
            raise self._corrupt("'profiles' must be a table of profiles")
        if not isinstance(document.get("current", ""), str):
            raise self._corrupt("'current' must be a profile name in quotes")
        profiles = {name: self._profile(name, table) for name, table in tables.items()}
        self.problem = None
        return document, profiles

    def _editable(self) -> TOMLDocument:
        """The file as a document to edit in place; ConfigError if it is damaged."""
        self._load()
        tomlkit = _tomlkit()
        try:
            document: TOMLDocument = tomlkit.parse(self._read_text())
        except tomlkit.exceptions.TOMLKitError as error:
            raise self._corrupt(f"it is not valid TOML: {error}") from error
        return document

    def _profile(self, name: str, table: Any) -> Profile:
        if not isinstance(table, dict) or not isinstance(table.get("base_url"), str):
            raise self._corrupt(f'profile {name!r} needs a base_url = "https://..."')
        read_only = table.get("read_only", False)
        if not isinstance(read_only, bool):
            raise self._corrupt(f"profile {name!r}: read_only must be true or false")
        rate_limit = table.get("rate_limit", DEFAULT_RATE_LIMIT)
        try:
            return validate_profile(Profile(name, table["base_url"], rate_limit, read_only))
        except ValidationError as error:
            raise self._corrupt(f"profile {name!r} is invalid ({error})") from error

    def _read_text(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return ""
        except IsADirectoryError as error:
            raise self._corrupt("it is a directory, not a file") from error
        except UnicodeDecodeError as error:
            raise self._corrupt("it is not text (UTF-8)") from error
        except OSError as error:
            raise self._corrupt(error.strerror or str(error)) from error

    def _write(self, document: TOMLDocument) -> None:
        paths.atomic_write(self.path, _tomlkit().dumps(document))

    def _corrupt(self, reason: str) -> ConfigError:
        return ConfigError(
            f"The profiles file {self.path} cannot be read: {safe_text(reason)}. Until it is "
            "fixed (in an editor) or moved away, only the sandbox is available and the file is "
            "left as it is."
        )


def _profile_fields(profile: Profile) -> dict[str, Any]:
    return {
        "base_url": profile.base_url,
        "rate_limit": profile.rate_limit,
        "read_only": profile.read_only,
    }


def _tomlkit() -> ModuleType:
    """``tomlkit``, imported when a profile is first changed: it adds ~20 ms to the launch."""
    import tomlkit
    import tomlkit.exceptions

    return tomlkit
