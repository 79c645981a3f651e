"""Profiles: the workspaces a user talks to (name, base URL, rate limit), kept in TOML.

The file holds no secret, ever (tokens live in :mod:`explorer.core.tokens`), so it can be shared or
backed up. The built-in ``sandbox`` profile needs no setup and is never written: the embedded
server picks its port at run time, so callers replace its ``base_url`` once the server is up.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import tomli_w

from explorer.core import paths
from explorer.core.catalog import DEFAULT_RATE_LIMIT
from explorer.core.errors import ConfigError, ValidationError
from explorer.core.urls import is_loopback

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
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "Give a URL such as https://textit.com (http or https, with a host)."
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        return "Plain http is only allowed for this machine (localhost); use https."
    if parts.query or parts.fragment:
        return "The base URL cannot have a query or fragment."
    return None


class ProfileStore:
    """The user's profiles and the last one used, in ``profiles.toml`` in the config dir."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.config_dir() / "profiles.toml"

    def all(self) -> list[Profile]:
        """Every profile, the sandbox first, then the user's in name order."""
        return [SANDBOX, *sorted(self._read_profiles().values(), key=lambda p: p.name.lower())]

    def get(self, name: str) -> Profile:
        if name == SANDBOX_NAME:
            return SANDBOX
        profile = self._read_profiles().get(name)
        if profile is None:
            raise ConfigError(f"No profile named {name!r}. See `textit-explorer profile list`.")
        return profile

    def add(self, profile: Profile) -> Profile:
        """Validate and save a new profile; its name must be free."""
        profile = validate_profile(profile)
        document = self._read()
        profiles = document.setdefault("profiles", {})
        if profile.name in profiles:
            raise ConfigError(f"A profile named {profile.name!r} already exists.")
        profiles[profile.name] = _profile_table(profile)
        self._write(document)
        return profile

    def update(self, profile: Profile) -> Profile:
        """Replace the settings of an existing profile (found by name)."""
        self.get(profile.name)
        profile = validate_profile(profile)
        document = self._read()
        document["profiles"][profile.name] = _profile_table(profile)
        self._write(document)
        return profile

    def remove(self, name: str) -> None:
        """Delete a profile; if it was the current one, the sandbox becomes current."""
        self.get(name)
        if name == SANDBOX_NAME:
            raise ConfigError("The built-in sandbox profile cannot be removed.")
        document = self._read()
        del document["profiles"][name]
        if document.get("current") == name:
            del document["current"]
        self._write(document)

    def use(self, name: str) -> Profile:
        """Remember ``name`` as the profile to start on next time."""
        profile = self.get(name)
        document = self._read()
        document["current"] = name
        self._write(document)
        return profile

    def current(self) -> Profile:
        """The last profile used, or the sandbox (also when that profile has since gone)."""
        name = self._read().get("current")
        if isinstance(name, str):
            try:
                return self.get(name)
            except ConfigError:
                pass
        return SANDBOX

    def _read_profiles(self) -> dict[str, Profile]:
        tables = self._read().get("profiles", {})
        return {name: self._profile(name, table) for name, table in tables.items()}

    def _profile(self, name: str, table: Any) -> Profile:
        try:
            return validate_profile(
                Profile(
                    name=name,
                    base_url=table["base_url"],
                    rate_limit=table.get("rate_limit", DEFAULT_RATE_LIMIT),
                    read_only=bool(table.get("read_only", False)),
                )
            )
        except (KeyError, TypeError, AttributeError, ValidationError) as error:
            raise self._corrupt(f"profile {name!r} is invalid ({error})") from error

    def _read(self) -> dict[str, Any]:
        try:
            document = tomllib.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise self._corrupt(str(error)) from error
        if not isinstance(document.get("profiles", {}), dict):
            raise self._corrupt("'profiles' must be a table")
        return document

    def _write(self, document: dict[str, Any]) -> None:
        paths.atomic_write(self.path, tomli_w.dumps(document))

    def _corrupt(self, reason: str) -> ConfigError:
        return ConfigError(
            f"The profiles file {self.path} cannot be read: {reason}. "
            "Fix it in an editor, or move it away to start again with only the sandbox."
        )


def _profile_table(profile: Profile) -> dict[str, Any]:
    return {
        "base_url": profile.base_url,
        "rate_limit": profile.rate_limit,
        "read_only": profile.read_only,
    }
