"""Token lookup order, keyring failures and timeouts, the opt-in file, and a real Secret Service."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import keyring
import keyring.backend
import keyring.errors
import pytest
from jeepney.low_level import HeaderFields  # type: ignore[import-untyped]
from jeepney.wrappers import DBusErrorResponse  # type: ignore[import-untyped]
from keyring.backends import fail
from secretstorage.exceptions import SecretServiceNotAvailableException

from explorer.core.errors import ConfigError, KeyringUnavailable, MissingToken, TokenError
from explorer.core.tokens import (
    SANDBOX_TOKEN,
    SERVICE,
    Storage,
    TokenLookup,
    TokenSource,
    TokenStore,
    call_with_timeout,
    credentials_path,
    env_var_name,
    keyring_help,
    token_shape_problem,
)

TOKEN = "0123456789abcdef0123456789abcdef01234567"
OTHER = "fedcba9876543210fedcba9876543210fedcba98"
CURRENT_TOKEN = "PKLGZZ2YZAQVR32FCAAJETLFNUE3UG7UNS5HC6V3"  # the format current servers issue


def _dbus_error(name: str) -> Any:
    """A D-Bus error reply, as jeepney reads one."""
    header = SimpleNamespace(fields={HeaderFields.error_name: name})
    return SimpleNamespace(header=header, body=("The name is not provided",))


class HangingKeyring(keyring.backend.KeyringBackend):
    """A backend that never answers (until released), like a Secret Service waiting for a prompt."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.release = threading.Event()
        self.calls = 0

    def _hang(self) -> None:
        self.calls += 1
        self.release.wait(30)

    def get_password(self, service: str, username: str) -> str | None:
        self._hang()
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self._hang()

    def delete_password(self, service: str, username: str) -> None:
        self._hang()


class RaisingKeyring(keyring.backend.KeyringBackend):
    """A backend whose every call raises the given keyring error."""

    priority = 1

    def __init__(self, error: Exception) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.error = error

    def get_password(self, service: str, username: str) -> str | None:
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.error

    def delete_password(self, service: str, username: str) -> None:
        raise self.error


@pytest.fixture
def hanging() -> Iterator[HangingKeyring]:
    backend = HangingKeyring()
    keyring.set_keyring(backend)
    yield backend
    backend.release.set()


@pytest.fixture
def no_keyring() -> None:
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]


def test_env_var_names_are_uppercased_with_non_alnum_as_underscore() -> None:
    assert env_var_name("my-prod.2") == "TEXTIT_API_TOKEN_MY_PROD_2"


def test_global_env_var_wins_over_the_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    store = TokenStore()
    store.set("prod", TOKEN)
    monkeypatch.setenv("TEXTIT_API_TOKEN", OTHER)
    found = store.lookup("prod")
    assert (found.token, found.source) == (OTHER, TokenSource.ENV)
    assert "$TEXTIT_API_TOKEN " in found.note


def test_per_profile_env_var_wins_over_the_global_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTIT_API_TOKEN", OTHER)
    monkeypatch.setenv("TEXTIT_API_TOKEN_PROD", TOKEN)
    found = TokenStore().lookup("prod")
    assert (found.token, found.source) == (TOKEN, TokenSource.ENV)
    assert "$TEXTIT_API_TOKEN_PROD" in found.note
    assert TokenStore().lookup("staging").token == OTHER


def test_env_var_wins_without_touching_a_hanging_keyring(
    hanging: HangingKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEXTIT_API_TOKEN", TOKEN)
    assert TokenStore(timeout=5).lookup("prod").token == TOKEN
    assert hanging.calls == 0


def test_the_sandbox_uses_its_builtin_token_even_with_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTIT_API_TOKEN", TOKEN)
    found = TokenStore().lookup("sandbox")
    assert (found.token, found.source) == (SANDBOX_TOKEN, TokenSource.BUILTIN)
    with pytest.raises(TokenError):
        TokenStore().set("sandbox", TOKEN)


def test_keyring_set_replace_forget(memory_keyring: Any) -> None:
    store = TokenStore()
    assert store.lookup("prod").source is TokenSource.NONE
    stored = store.set("prod", f"  {TOKEN}\n")
    assert stored.source is TokenSource.KEYRING
    assert memory_keyring.passwords == {(SERVICE, "prod"): TOKEN}
    store.set("prod", OTHER)
    assert TokenStore().lookup("prod").token == OTHER
    assert store.forget("prod") == [TokenSource.KEYRING]
    assert memory_keyring.passwords == {}
    assert store.forget("prod") == []


def test_masked_never_shows_the_whole_token() -> None:
    found = TokenStore().set("prod", TOKEN)
    assert TOKEN not in found.masked
    assert found.masked.startswith(TOKEN[:4])
    assert TokenStore().lookup("other").masked == "(no token)"


@pytest.mark.parametrize(
    ("token", "shown"),
    [("short", "(5 characters)"), ("x", "(1 character)"), ("a" * 19, "(19 characters)")],
)
def test_a_short_token_is_shown_as_its_length_only(token: str, shown: str) -> None:
    assert TokenStore().set("prod", token).masked == shown


@pytest.mark.parametrize(
    "token", [CURRENT_TOKEN, TOKEN, TOKEN.upper(), "23456789ABCDEFGHJKLMNPQRSTUVWXYZ23456789"]
)
def test_current_and_older_token_formats_look_like_tokens(token: str) -> None:
    assert token_shape_problem(token) is None


@pytest.mark.parametrize(
    ("token", "why"),
    [
        ("short", "this one has 5"),
        (CURRENT_TOKEN[:-1], "this one has 39"),
        (CURRENT_TOKEN.lower(), "this one has other characters"),  # neither format
        ("O" + CURRENT_TOKEN[1:], "this one has other characters"),  # O is not in the alphabet
        ("g" + TOKEN[1:], "this one has other characters"),
    ],
)
def test_other_shapes_say_what_was_expected_without_quoting_the_token(token: str, why: str) -> None:
    problem = str(token_shape_problem(token))
    assert problem == (
        "TextIt / RapidPro API tokens are 40 characters: capital letters and digits 2-9 "
        f"(current servers) or hexadecimal 0-9, a-f (older servers); {why}"
    )
    assert token not in problem


def test_a_missing_token_names_the_profile_and_takes_each_faces_hint() -> None:
    missing = MissingToken("prod", TokenStore().lookup("prod").note)
    assert str(missing) == "Profile 'prod' has no token (none stored)."
    hinted = missing.with_hint("store one with `textit-explorer token set --profile prod`")
    assert str(hinted) == (
        "Profile 'prod' has no token (none stored): "
        "store one with `textit-explorer token set --profile prod`."
    )
    assert hinted.profile == "prod"


@pytest.mark.usefixtures("no_keyring")
def test_no_keyring_is_keyring_unavailable_in_plain_words() -> None:
    store = TokenStore()
    with pytest.raises(KeyringUnavailable, match="no system keyring"):
        store.set("prod", TOKEN)
    found = store.lookup("prod")
    assert found.source is TokenSource.NONE
    assert found.note == (
        "none stored; the system keyring was not checked: "
        "no system keyring (Secret Service) is available on this machine"
    )


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (keyring.errors.KeyringLocked("Failed to unlock the collection!"), "is locked"),
        (keyring.errors.InitError("Prompt dismissed.."), "could not be opened (Prompt dismissed"),
        (
            RuntimeError("Unable to initialize SecretService"),
            "failed (RuntimeError: Unable to initialize SecretService)",
        ),
        (
            UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"),
            "failed (UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff",
        ),
        (OSError(5, "Input/output error"), "failed (OSError: [Errno 5] Input/output error)"),
        (
            DBusErrorResponse(_dbus_error("org.freedesktop.DBus.Error.ServiceUnknown")),
            "failed (DBusErrorResponse: [org.freedesktop.DBus.Error.ServiceUnknown] "
            "('The name is not provided',))",
        ),
        (
            SecretServiceNotAvailableException("Environment variable DBUS_SESSION_BUS_ADDRESS"),
            "failed (SecretServiceNotAvailableException: Environment variable",
        ),
        (ValueError(), "failed (ValueError)"),
    ],
)
def test_any_keyring_error_becomes_keyring_unavailable(error: Exception, words: str) -> None:
    keyring.set_keyring(RaisingKeyring(error))
    store = TokenStore()
    with pytest.raises(KeyringUnavailable, match=re.escape(words)):
        store.set("prod", TOKEN)
    assert store.lookup("prod").source is TokenSource.NONE  # and the lookup does not raise
    assert str(store.keyring_notice()).startswith("System keyring not available: the system")


def test_a_keyring_error_quoting_the_token_is_masked() -> None:
    keyring.set_keyring(RaisingKeyring(OSError(f"cannot store {CURRENT_TOKEN}\n\x1b[2J")))
    with pytest.raises(KeyringUnavailable) as raised:
        TokenStore().set("prod", CURRENT_TOKEN)
    expected = "the system keyring failed (OSError: cannot store PKLG…C6V3 \u241b[2J)"
    assert str(raised.value) == expected


@pytest.mark.usefixtures("no_keyring")
def test_the_keyring_notice_is_given_once_and_only_after_a_failure() -> None:
    store = TokenStore()
    assert store.keyring_notice() is None
    with pytest.raises(KeyringUnavailable):
        store.set("prod", TOKEN)
    notice = store.keyring_notice()
    assert notice is not None and notice.startswith("System keyring not available: no system")
    assert store.keyring_notice() is None


def test_a_hanging_keyring_times_out_once_then_is_skipped(hanging: HangingKeyring) -> None:
    store = TokenStore(timeout=0.2)
    started = time.monotonic()
    with pytest.raises(KeyringUnavailable, match=r"did not answer within 0.2 s"):
        store.set("prod", TOKEN)
    assert time.monotonic() - started < 2
    assert store.lookup("prod").source is TokenSource.NONE
    assert store.forget("prod") == []
    assert hanging.calls == 1  # later calls skip the keyring instead of waiting again


def test_call_with_timeout_passes_values_and_no_such_entry_through() -> None:
    assert call_with_timeout(lambda a, b: a + b, 2, 3, timeout=1) == 5

    def delete_missing() -> None:
        raise keyring.errors.PasswordDeleteError("No such password!")

    with pytest.raises(keyring.errors.PasswordDeleteError):
        call_with_timeout(delete_missing, timeout=1)


@pytest.mark.usefixtures("no_keyring")
def test_opt_in_file_is_0600_and_says_it_is_not_encrypted() -> None:
    store = TokenStore()
    stored = store.set("prod", TOKEN, Storage.FILE)
    assert stored.source is TokenSource.FILE
    assert "NOT encrypted" in stored.note
    path = credentials_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    found = TokenStore().lookup("prod")
    assert (found.token, found.source) == (TOKEN, TokenSource.FILE)
    assert store.forget("prod") == [TokenSource.FILE]
    assert not path.exists()


def test_moving_a_token_to_the_keyring_removes_the_file_copy(memory_keyring: Any) -> None:
    store = TokenStore()
    store.set("prod", TOKEN, Storage.FILE)
    store.set("staging", OTHER, Storage.FILE)
    store.set("prod", TOKEN, Storage.KEYRING)
    assert TOKEN not in credentials_path().read_text()
    assert store.lookup("staging").source is TokenSource.FILE
    store.set("staging", OTHER, Storage.SESSION)
    assert not credentials_path().exists()


def test_session_tokens_live_only_in_this_store(app_home: Path) -> None:
    store = TokenStore()
    stored = store.set("prod", TOKEN, Storage.SESSION)
    assert (stored.source, store.lookup("prod").token) == (TokenSource.SESSION, TOKEN)
    assert TokenStore().lookup("prod").source is TokenSource.NONE
    assert not app_home.exists()


@pytest.mark.parametrize("bad", ["", "   ", "abc def", "abc\ndef"])
def test_tokens_that_the_api_cannot_accept_are_refused(bad: str) -> None:
    with pytest.raises(TokenError):
        TokenStore().set("prod", bad)


@pytest.mark.parametrize("text", ["{not json", '{"tokens": [1]}', '{"tokens": {"p": 3}}'])
def test_a_corrupt_credentials_file_is_a_config_error(text: str) -> None:
    path = credentials_path()
    path.parent.mkdir(parents=True)
    path.write_text(text)
    with pytest.raises(ConfigError, match=r"credentials file .* cannot be read"):
        TokenStore().lookup("prod")


def test_keyring_help_gives_every_option_and_the_ssh_recipe() -> None:
    text = keyring_help("the system keyring is locked")
    assert text.startswith("System keyring not available: the system keyring is locked.")
    assert "TEXTIT_API_TOKEN" in text
    assert str(credentials_path()) in text and "NOT encrypted" in text
    assert "session only" in text
    assert "dbus-run-session -- $SHELL" in text
    assert "printf %s 'PASSWORD' | gnome-keyring-daemon --unlock --components=secrets" in text


def _lookup_in_new_process(profile: str) -> str:
    """What a fresh interpreter (same env, same app home) finds for ``profile``."""
    code = (
        "from explorer.core.tokens import TokenStore; "
        f"found = TokenStore().lookup({profile!r}); print(found.source.value, found.token)"
    )
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.SecretService.Keyring"}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.usefixtures("real_keyring")
def test_real_keyring_store_read_in_new_process_replace_delete() -> None:
    store = TokenStore()
    assert store.set("real-prod", TOKEN).source is TokenSource.KEYRING
    assert _lookup_in_new_process("real-prod") == f"keyring {TOKEN}"
    store.set("real-prod", OTHER)
    assert _lookup_in_new_process("real-prod") == f"keyring {OTHER}"
    assert store.forget("real-prod") == [TokenSource.KEYRING]
    assert _lookup_in_new_process("real-prod") == "none None"
    assert store.keyring_problem is None


def test_a_token_lookup_repr_does_not_show_the_token() -> None:
    found = TokenLookup(TOKEN, TokenSource.KEYRING, "in the keyring")
    assert TOKEN not in repr(found)
    assert "in the keyring" in repr(found)
