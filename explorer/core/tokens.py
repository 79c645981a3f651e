"""API tokens: where each profile's token comes from, and storing it safely.

Lookup order, first hit wins:

1. ``TEXTIT_API_TOKEN_<PROFILE>`` then ``TEXTIT_API_TOKEN`` in the environment (CI, scripts);
2. the OS keyring (service ``textit-explorer``, username = profile name);
3. a plaintext 0600 file, only for profiles whose user opted in (it is NOT encrypted);
4. this session's memory.

Keyrings hang on headless machines, so every keyring call runs in a daemon thread with a
timeout, and any failure becomes :class:`KeyringUnavailable` in plain words. After one failure
the keyring is not tried again in this process (``keyring_problem`` says why), so a hanging
backend costs the user one timeout, not one per lookup. No function here logs or prints a token.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

from explorer.core import paths
from explorer.core.errors import ConfigError, KeyringUnavailable, TokenError
from explorer.core.profiles import SANDBOX_NAME
from explorer.core.secrets import (
    TOKEN_LENGTH,
    TOKEN_SHAPE,
    describe_token,
    mask_token,
    safe_text,
)

SERVICE = "textit-explorer"
GLOBAL_ENV = "TEXTIT_API_TOKEN"
KEYRING_TIMEOUT_S = 5.0
# The embedded sandbox accepts this token; it guards nothing, so it may be public.
SANDBOX_TOKEN = "sandbox0token0not0secret0000000000000000"
TOKEN_FORMATS = (
    "TextIt / RapidPro API tokens are 40 characters: capital letters and digits 2-9 "
    "(current servers) or hexadecimal 0-9, a-f (older servers)"
)
_REASON_LENGTH = 200  # a keyring's error text, as shown to the user

T = TypeVar("T")


class TokenSource(StrEnum):
    ENV = "env"
    KEYRING = "keyring"
    FILE = "file"
    SESSION = "session"
    BUILTIN = "builtin"  # the sandbox's well-known token
    NONE = "none"


class Storage(StrEnum):
    """Where :meth:`TokenStore.set` puts a token."""

    KEYRING = "keyring"
    FILE = "file"  # plaintext, opt-in
    SESSION = "session"  # memory only, gone when the app exits


@dataclass(frozen=True, repr=False)
class TokenLookup:
    """A profile's token (or None), where it came from, and a note for the user."""

    token: str | None = field(repr=False)
    source: TokenSource
    note: str

    @property
    def masked(self) -> str:
        return describe_token(self.token) if self.token else "(no token)"

    def __repr__(self) -> str:
        return (
            f"TokenLookup(token={self.masked!r}, source={self.source.value!r}, note={self.note!r})"
        )


def env_var_name(profile_name: str) -> str:
    """The per-profile variable: ``my-prod`` -> ``TEXTIT_API_TOKEN_MY_PROD``."""
    return f"{GLOBAL_ENV}_{re.sub(r'[^A-Z0-9]', '_', profile_name.upper())}"


def check_token(token: str) -> str:
    """The token without surrounding whitespace, or TokenError if the API could never accept it."""
    token = token.strip()
    if not token:
        raise TokenError("The token is empty.")
    if any(character.isspace() for character in token):
        raise TokenError("A token cannot contain spaces or line breaks.")
    return token


def token_shape_problem(token: str) -> str | None:
    """Why ``token`` does not look like a TextIt / RapidPro API token, or None when it does.

    A shape check only, to warn about a paste of the wrong thing: servers differ, so callers
    warn and let the person decide. The reason never quotes the token.
    """
    if TOKEN_SHAPE.fullmatch(token):
        return None
    if len(token) != TOKEN_LENGTH:
        return f"{TOKEN_FORMATS}; this one has {len(token)}"
    return f"{TOKEN_FORMATS}; this one has other characters"


def credentials_path() -> Path:
    return paths.config_dir() / "credentials.json"


def keyring_help(reason: str, file_path: Path | None = None) -> str:
    """The one-time explanation shown when the keyring cannot be used, with every way out."""
    file_path = file_path or credentials_path()
    return (
        f"System keyring not available: {reason}.\n"
        "Options:\n"
        f"  - set {GLOBAL_ENV} (or {GLOBAL_ENV}_<PROFILE>) in your environment;\n"
        f"  - save the token to {file_path} (readable only by you, NOT encrypted):\n"
        "    `textit-explorer token set --profile NAME --insecure-file`;\n"
        "  - keep it for this session only: in the app, ctrl+o, e on the profile, then\n"
        "    'This session only' (the app asks again next time).\n"
        "On a server over SSH you can start a keyring for your shell with:\n"
        "    dbus-run-session -- $SHELL\n"
        "    printf %s 'PASSWORD' | gnome-keyring-daemon --unlock --components=secrets"
    )


def call_with_timeout(fn: Callable[..., T], *args: Any, timeout: float = KEYRING_TIMEOUT_S) -> T:
    """Run a keyring call in a daemon thread; a hang or a backend failure -> KeyringUnavailable.

    A daemon thread (not an executor) so a call that never returns cannot block interpreter exit.
    """
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fn(*args)
        except BaseException as error:  # handed to the caller's thread below
            box["error"] = error

    thread = threading.Thread(target=run, name="keyring-call", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise KeyringUnavailable(f"the system keyring did not answer within {timeout:g} s")
    error = box.get("error")
    if error is not None:
        stored = tuple(arg for arg in args[2:] if isinstance(arg, str))  # set_password's token
        raise _plain_keyring_error(error, stored) from error
    value: T = box["value"]
    return value


def _keyring_package() -> ModuleType:
    """``keyring``, with its ``errors``; imported when first used, as it adds ~25 ms to launch."""
    import keyring
    import keyring.errors

    return keyring


def _plain_keyring_error(error: BaseException, secrets: tuple[str, ...]) -> BaseException:
    """A failing keyring as KeyringUnavailable in plain words, whatever the backend raised
    (D-Bus, decoding, OS errors...); "no such entry" and interrupts as they are.

    ``secrets`` (the token being stored) are masked should the backend's message quote them.
    """
    errors = _keyring_package().errors
    if isinstance(error, errors.NoKeyringError):
        return KeyringUnavailable("no system keyring (Secret Service) is available on this machine")
    if isinstance(error, errors.KeyringLocked):
        return KeyringUnavailable("the system keyring is locked")
    if isinstance(error, errors.PasswordDeleteError) or not isinstance(error, Exception):
        return error
    words = safe_text(" ".join(str(error).split()), secrets)[:_REASON_LENGTH]
    if isinstance(error, errors.InitError):
        return KeyringUnavailable(f"the system keyring could not be opened ({words})")
    return KeyringUnavailable(
        f"the system keyring failed ({type(error).__name__}: {words})"
        if words
        else f"the system keyring failed ({type(error).__name__})"
    )


class TokenStore:
    """Finds, stores and forgets tokens for profiles, following the order in the module doc."""

    def __init__(
        self,
        *,
        file_path: Path | None = None,
        timeout: float = KEYRING_TIMEOUT_S,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.file_path = file_path or credentials_path()
        self.timeout = timeout
        self._environ = os.environ if environ is None else environ
        self._session: dict[str, str] = {}
        self.keyring_problem: str | None = None  # why the keyring is skipped, after a failure
        self._notice_given = False

    def __repr__(self) -> str:
        held = {name: mask_token(token) for name, token in self._session.items()}
        return f"TokenStore(file_path={str(self.file_path)!r}, session={held!r})"

    def keyring_notice(self) -> str | None:
        """:func:`keyring_help` for the keyring's problem the first time it is asked for, else None.

        Lets every screen and command ask freely while the user reads the long text only once.
        """
        if self.keyring_problem is None or self._notice_given:
            return None
        self._notice_given = True
        return keyring_help(self.keyring_problem, self.file_path)

    def check_keyring(self, profile_name: str) -> str | None:
        """Why the keyring cannot be used (tried with a read of ``profile_name``), or None.

        Lets a command say so before it asks for a token it could not store there.
        """
        if not self.keyring_problem:
            with contextlib.suppress(KeyringUnavailable):
                self._keyring(_keyring_package().get_password, SERVICE, profile_name)
        return self.keyring_problem

    def lookup(self, profile_name: str) -> TokenLookup:
        """The token to use for ``profile_name``; never raises for a broken keyring."""
        if profile_name == SANDBOX_NAME:
            return TokenLookup(SANDBOX_TOKEN, TokenSource.BUILTIN, "the sandbox's built-in token")
        for finder in (self._from_env, self._from_keyring, self._from_file, self._from_session):
            found = finder(profile_name)
            if found is not None:
                return found
        note = "none stored"
        if self.keyring_problem:
            note += f"; the system keyring was not checked: {self.keyring_problem}"
        return TokenLookup(None, TokenSource.NONE, note)

    def set(self, profile_name: str, token: str, storage: Storage = Storage.KEYRING) -> TokenLookup:
        """Store (or replace) the token in one place and remove copies kept elsewhere.

        Raises KeyringUnavailable for ``Storage.KEYRING`` when the keyring cannot be used; the
        caller then offers the file or the session (see :func:`keyring_help`).
        """
        token = check_token(token)
        if profile_name == SANDBOX_NAME:
            raise TokenError("The sandbox uses its built-in token; there is nothing to store.")
        if storage is Storage.KEYRING:
            self._keyring(_keyring_package().set_password, SERVICE, profile_name, token)
        elif storage is Storage.FILE:
            self._write_file({**self._read_file(), profile_name: token})
        else:
            self._session[profile_name] = token
        self._forget_except(profile_name, storage)
        return self._stored_lookup(token, storage)

    def forget(self, profile_name: str) -> list[TokenSource]:
        """Delete the stored token everywhere; returns the places it was removed from."""
        removed = [] if self._session.pop(profile_name, None) is None else [TokenSource.SESSION]
        if self._delete_from_file(profile_name):
            removed.append(TokenSource.FILE)
        if self._delete_from_keyring(profile_name):
            removed.append(TokenSource.KEYRING)
        return removed

    def _from_env(self, profile_name: str) -> TokenLookup | None:
        for name in (env_var_name(profile_name), GLOBAL_ENV):
            value = self._environ.get(name, "").strip()
            if value:
                return TokenLookup(
                    value, TokenSource.ENV, f"from ${name} (overrides stored tokens)"
                )
        return None

    def _from_keyring(self, profile_name: str) -> TokenLookup | None:
        if self.keyring_problem:
            return None
        get_password = _keyring_package().get_password
        try:
            token: str | None = self._keyring(get_password, SERVICE, profile_name)
        except KeyringUnavailable:
            return None
        return self._stored_lookup(token, Storage.KEYRING) if token else None

    def _from_file(self, profile_name: str) -> TokenLookup | None:
        token = self._read_file().get(profile_name)
        return self._stored_lookup(token, Storage.FILE) if token else None

    def _from_session(self, profile_name: str) -> TokenLookup | None:
        token = self._session.get(profile_name)
        return self._stored_lookup(token, Storage.SESSION) if token else None

    def _stored_lookup(self, token: str, storage: Storage) -> TokenLookup:
        notes = {
            Storage.KEYRING: "in the system keyring",
            Storage.FILE: f"in {self.file_path} (plaintext, NOT encrypted; readable only by you)",
            Storage.SESSION: "for this session only (not stored)",
        }
        return TokenLookup(token, TokenSource(storage.value), notes[storage])

    def _forget_except(self, profile_name: str, kept: Storage) -> None:
        """Remove stale copies so a replaced token cannot come back from another store."""
        if kept is not Storage.SESSION:
            self._session.pop(profile_name, None)
        if kept is not Storage.FILE:
            self._delete_from_file(profile_name)
        if kept is not Storage.KEYRING and not self.keyring_problem:
            self._delete_from_keyring(profile_name)

    def _delete_from_keyring(self, profile_name: str) -> bool:
        if self.keyring_problem:
            return False
        keyring = _keyring_package()
        try:
            self._keyring(keyring.delete_password, SERVICE, profile_name)
        except (keyring.errors.PasswordDeleteError, KeyringUnavailable):
            return False
        return True

    def _keyring(self, fn: Callable[..., T], *args: Any) -> T:
        """A keyring call with the timeout; a failure disables the keyring for this process."""
        if self.keyring_problem:
            raise KeyringUnavailable(self.keyring_problem)
        try:
            return call_with_timeout(fn, *args, timeout=self.timeout)
        except KeyringUnavailable as error:
            self.keyring_problem = str(error)
            raise

    def _read_file(self) -> dict[str, str]:
        try:
            document = json.loads(self.file_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            raise self._corrupt_file(str(error)) from error
        tokens = document.get("tokens") if isinstance(document, dict) else None
        if not isinstance(tokens, dict) or not all(isinstance(v, str) for v in tokens.values()):
            raise self._corrupt_file("expected {'tokens': {profile: token}}")
        return tokens

    def _write_file(self, tokens: dict[str, str]) -> None:
        if tokens:
            paths.atomic_write(self.file_path, json.dumps({"tokens": tokens}, indent=2), 0o600)
        else:
            self.file_path.unlink(missing_ok=True)

    def _delete_from_file(self, profile_name: str) -> bool:
        tokens = self._read_file()
        if tokens.pop(profile_name, None) is None:
            return False
        self._write_file(tokens)
        return True

    def _corrupt_file(self, reason: str) -> ConfigError:
        return ConfigError(
            f"The credentials file {self.file_path} cannot be read: {reason}. "
            "Delete it and set the tokens again with `textit-explorer token set`."
        )
