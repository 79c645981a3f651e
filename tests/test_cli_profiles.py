"""`profile` and `token` sub-commands, run through ``main`` with stdin patched."""

from __future__ import annotations

import io
import stat
from typing import Any

import keyring
import keyring.backend
import pytest
from keyring.backends import fail

from explorer.cli import main
from explorer.core.profiles import Profile, ProfileStore
from explorer.core.tokens import SERVICE, credentials_path

TOKEN = "0123456789abcdef0123456789abcdef01234567"  # the format of older servers
CURRENT = "PKLGZZ2YZAQVR32FCAAJETLFNUE3UG7UNS5HC6V3"  # the format current servers issue


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *argv: str, stdin: str = ""
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def prod(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert (
        _run(capsys, monkeypatch, "profile", "add", "prod", "--url", "https://textit.com")[0] == 0
    )


def test_profile_add_saves_the_profile(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = ["profile", "add", "eu", "--url", "https://eu.example.org/", "--rate-limit", "100"]
    code, out, _ = _run(capsys, monkeypatch, *argv, "--read-only")
    assert code == 0 and "Added profile eu (https://eu.example.org)" in out
    saved = ProfileStore().get("eu")
    assert (saved.rate_limit, saved.read_only) == (100, True)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["profile", "add", "bad name", "--url", "https://x.org"], "NAME: Use 1 to 64 letters"),
        (["profile", "add", "p", "--url", "notaurl"], "--url: Give a URL such as"),
        (["profile", "add", "p", "--url", "https://x.org", "--rate-limit", "0"], "--rate-limit: "),
        (["profile", "add", "p", "--url", "http://x.org"], "Plain http is only allowed"),
        (["profile", "remove", "ghost"], "No profile named 'ghost'"),
        (["profile", "use", "ghost"], "No profile named 'ghost'"),
        (["token", "show", "--profile", "ghost"], "No profile named 'ghost'"),
        (["profile", "remove", "sandbox"], "cannot be removed"),
    ],
)
def test_errors_exit_1_with_a_clear_message(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    message: str,
) -> None:
    code, _, err = _run(capsys, monkeypatch, *argv)
    assert code == 1
    assert err.startswith("textit-explorer: ") and message in err


@pytest.mark.usefixtures("prod")
def test_token_set_reads_stdin_and_stores_in_the_keyring(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, memory_keyring: Any
) -> None:
    code, out, _ = _run(
        capsys, monkeypatch, "token", "set", "--profile", "prod", stdin=TOKEN + "\n"
    )
    assert code == 0
    assert memory_keyring.passwords == {(SERVICE, "prod"): TOKEN}
    assert TOKEN not in out and "0123…4567" in out and "system keyring" in out


@pytest.mark.usefixtures("prod")
def test_token_set_prompts_without_echo_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, memory_keyring: Any
) -> None:
    prompts: list[str] = []

    def fake_getpass(prompt: str) -> str:
        prompts.append(prompt)
        return TOKEN

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    monkeypatch.setattr("sys.stdin", _Tty(""))
    assert main(["token", "set", "--profile", "prod"]) == 0
    assert prompts == ["API token for prod (input hidden): "]
    assert memory_keyring.passwords[(SERVICE, "prod")] == TOKEN


@pytest.mark.usefixtures("prod")
def test_token_set_without_keyring_prints_help_and_stores_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    code, _, err = _run(capsys, monkeypatch, "token", "set", "--profile", "prod", stdin=TOKEN)
    assert code == 1
    assert err.count("System keyring not available") == 1
    assert "dbus-run-session -- $SHELL" in err and "--insecure-file" in err
    assert "TEXTIT_API_TOKEN" in err and "This session only" in err
    assert "The token for prod was NOT stored." in err
    assert not credentials_path().exists()
    assert _run(capsys, monkeypatch, "token", "show", "--profile", "prod")[0] == 1


class _BrokenKeyring(keyring.backend.KeyringBackend):
    """A backend that fails as a damaged Secret Service does: not with a KeyringError."""

    priority = 1

    def get_password(self, service: str, username: str) -> str | None:
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise OSError(5, "Input/output error")

    def delete_password(self, service: str, username: str) -> None:
        raise RuntimeError("D-Bus connection lost")


@pytest.mark.usefixtures("prod")
@pytest.mark.parametrize(
    "argv",
    [
        ("token", "set", "--profile", "prod"),
        ("token", "show", "--profile", "prod"),
        ("token", "forget", "--profile", "prod"),
        ("profile", "list"),
    ],
)
def test_any_keyring_error_is_a_plain_message_not_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...]
) -> None:
    keyring.set_keyring(_BrokenKeyring())  # type: ignore[no-untyped-call]
    code, out, err = _run(capsys, monkeypatch, *argv, stdin=TOKEN)
    assert "the system keyring failed (" in out + err
    assert "Traceback" not in out + err and code in (0, 1)


@pytest.mark.usefixtures("prod")
def test_token_set_says_there_is_no_keyring_before_asking_for_the_token(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]

    def no_prompt(prompt: str) -> str:
        raise AssertionError(f"asked for the token first: {prompt}")

    monkeypatch.setattr("getpass.getpass", no_prompt)
    monkeypatch.setattr("sys.stdin", _Tty(""))
    assert main(["token", "set", "--profile", "prod"]) == 1
    assert "System keyring not available" in capsys.readouterr().err


@pytest.mark.usefixtures("prod")
def test_token_set_insecure_file_writes_a_0600_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    argv = ("token", "set", "--profile", "prod", "--insecure-file")
    code, out, _ = _run(capsys, monkeypatch, *argv, stdin=TOKEN)
    assert code == 0 and "NOT encrypted" in out
    assert stat.S_IMODE(credentials_path().stat().st_mode) == 0o600
    code, out, _ = _run(capsys, monkeypatch, "token", "show", "--profile", "prod")
    assert code == 0 and out.startswith("prod: 0123…4567 [file]")


@pytest.mark.usefixtures("prod")
def test_token_set_refuses_an_empty_token(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = _run(capsys, monkeypatch, "token", "set", "--profile", "prod", stdin="\n")
    assert code == 1 and "The token is empty." in err


@pytest.mark.usefixtures("prod")
def test_token_show_reports_env_override_and_forget_removes_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, memory_keyring: Any
) -> None:
    _run(capsys, monkeypatch, "token", "set", "--profile", "prod", stdin=TOKEN)
    monkeypatch.setenv("TEXTIT_API_TOKEN_PROD", "ffffeeeeddddccccbbbbaaaa9999888877776666")
    code, out, _ = _run(capsys, monkeypatch, "token", "show", "--profile", "prod")
    assert code == 0 and out.startswith("prod: ffff…6666 [env] from $TEXTIT_API_TOKEN_PROD")
    monkeypatch.delenv("TEXTIT_API_TOKEN_PROD")
    code, out, _ = _run(capsys, monkeypatch, "token", "forget", "--profile", "prod")
    assert code == 0 and "Forgot the token for prod (keyring)" in out
    assert memory_keyring.passwords == {}
    code, out, _ = _run(capsys, monkeypatch, "token", "forget", "--profile", "prod")
    assert "No stored token for prod." in out


@pytest.mark.usefixtures("prod")
def test_profile_list_shows_sources_masked_and_the_current_profile(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _run(capsys, monkeypatch, "token", "set", "--profile", "prod", stdin=TOKEN)
    _run(capsys, monkeypatch, "profile", "use", "prod")
    code, out, _ = _run(capsys, monkeypatch, "profile", "list")
    lines = out.splitlines()
    assert code == 0 and TOKEN not in out
    assert lines[1].split()[:5] == ["sandbox", "(built-in,", "local)", "2500", "sandbox"]
    assert lines[2].split() == [
        "*",
        "prod",
        "https://textit.com",
        "2500",
        "read-write",
        "keyring",
        "0123…4567",
    ]


@pytest.mark.usefixtures("prod")
def test_profile_remove_also_forgets_the_token(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, memory_keyring: Any
) -> None:
    _run(capsys, monkeypatch, "token", "set", "--profile", "prod", stdin=TOKEN)
    code, out, _ = _run(capsys, monkeypatch, "profile", "remove", "prod")
    assert code == 0 and "forgotten (keyring)" in out
    assert memory_keyring.passwords == {}
    assert [p.name for p in ProfileStore().all()] == ["sandbox"]


def test_the_token_is_never_a_command_line_argument(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(SystemExit):
        main(["token", "set", "--profile", "prod", TOKEN])
    assert "unrecognized arguments" in capsys.readouterr().err


def test_profile_errors_name_the_option_not_the_field(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, _, err = _run(capsys, monkeypatch, "profile", "add", "bad", "--url", "notaurl")
    assert "base_url" not in err


@pytest.mark.usefixtures("prod")
def test_profile_edit_changes_only_what_is_given(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = ("profile", "edit", "prod", "--rate-limit", "100", "--read-only")
    code, out, _ = _run(capsys, monkeypatch, *argv)
    assert code == 0 and "100 requests/hour, read-only" in out
    assert ProfileStore().get("prod") == Profile("prod", "https://textit.com", 100, True)
    code, _, _ = _run(capsys, monkeypatch, "profile", "edit", "prod", "--read-write")
    assert code == 0 and ProfileStore().get("prod").read_only is False
    assert ProfileStore().get("prod").rate_limit == 100


@pytest.mark.usefixtures("prod")
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["profile", "edit", "prod"], "Nothing to change: give --url"),
        (["profile", "edit", "prod", "--url", "notaurl"], "--url: Give a URL"),
        (["profile", "edit", "sandbox", "--rate-limit", "5"], "sandbox profile cannot be edited"),
        (["profile", "edit", "ghost", "--rate-limit", "5"], "No profile named 'ghost'"),
    ],
)
def test_profile_edit_refusals(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    message: str,
) -> None:
    code, _, err = _run(capsys, monkeypatch, *argv)
    assert code == 1 and message in err
    assert ProfileStore().get("prod") == Profile("prod", "https://textit.com")


def test_profile_edit_read_only_and_read_write_exclude_each_other(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(SystemExit):
        main(["profile", "edit", "prod", "--read-only", "--read-write"])
    assert "not allowed with argument" in capsys.readouterr().err


@pytest.mark.usefixtures("prod")
def test_token_set_stores_a_token_in_the_current_format_without_a_warning(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, memory_keyring: Any
) -> None:
    code, out, err = _run(capsys, monkeypatch, "token", "set", "--profile", "prod", stdin=CURRENT)
    assert (code, err) == (0, "")
    assert out == "Token PKLG…C6V3 for prod stored in the system keyring.\n"
    assert memory_keyring.passwords == {(SERVICE, "prod"): CURRENT}


@pytest.mark.usefixtures("prod")
@pytest.mark.parametrize(
    ("typed", "why"), [("short", "this one has 5"), ("g" * 40, "this one has other characters")]
)
def test_token_set_warns_about_an_odd_token_says_what_was_expected_and_stores_it(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: Any,
    typed: str,
    why: str,
) -> None:
    code, out, err = _run(capsys, monkeypatch, "token", "set", "--profile", "prod", stdin=typed)
    assert code == 0 and err.startswith("Warning: TextIt / RapidPro API tokens are 40 characters")
    assert "(current servers)" in err and "hexadecimal 0-9, a-f (older servers)" in err
    assert why in err
    assert typed not in err + out
    assert memory_keyring.passwords == {(SERVICE, "prod"): typed}


@pytest.mark.usefixtures("prod")
def test_token_set_force_stores_an_odd_token_without_a_warning_masked_by_its_length(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, memory_keyring: Any
) -> None:
    argv = ("token", "set", "--profile", "prod", "--force")
    code, out, err = _run(capsys, monkeypatch, *argv, stdin="short\n")
    assert code == 0 and err == ""
    assert "Token (5 characters) for prod stored" in out and "short" not in out
    assert memory_keyring.passwords == {(SERVICE, "prod"): "short"}
    _, out, _ = _run(capsys, monkeypatch, "profile", "list")
    assert out.splitlines()[2].split()[-3:] == ["keyring", "(5", "characters)"]


@pytest.mark.usefixtures("prod")
def test_without_keyring_list_mentions_it_only_for_profiles_without_a_token(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    _run(capsys, monkeypatch, "token", "set", "--profile", "prod", "--insecure-file", stdin=TOKEN)
    _, out, _ = _run(capsys, monkeypatch, "profile", "list")
    assert "keyring" not in out.lower()
    _run(capsys, monkeypatch, "profile", "add", "eu", "--url", "https://eu.example.org")
    _, out, _ = _run(capsys, monkeypatch, "profile", "list")
    assert out.splitlines()[-1] == (
        "No token found for eu; the system keyring was not checked: "
        "no system keyring (Secret Service) is available on this machine."
    )


@pytest.mark.usefixtures("prod")
def test_token_show_without_a_token_says_why_once_and_how_to_add_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    code, out, _ = _run(capsys, monkeypatch, "token", "show", "--profile", "prod")
    assert code == 1
    assert out.count("no system keyring") == 1 and out.count("no token") == 1
    assert out.strip().endswith("store one with `textit-explorer token set --profile prod`.")


def test_a_damaged_profiles_file_lists_the_sandbox_refuses_changes_and_is_kept(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = ProfileStore().path
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\xfe binary")
    code, out, err = _run(capsys, monkeypatch, "profile", "list")
    assert code == 0 and out.splitlines()[1].split()[:2] == ["*", "sandbox"]
    assert f"Warning: The profiles file {path} cannot be read: it is not text (UTF-8)." in err
    code, _, err = _run(capsys, monkeypatch, "profile", "add", "eu", "--url", "https://x.org")
    assert code == 1 and "cannot be read: it is not text (UTF-8)" in err
    assert path.read_bytes() == b"\xff\xfe binary"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://x.org:70000", "The port 70000 is outside 1-65535."),
        ("https://x.org:abc", "The port 'abc' is not a number"),
        ("https://x .org", "cannot contain spaces"),
        ("https://x.org\x07", "cannot contain control characters"),
    ],
)
def test_profile_add_names_what_is_wrong_with_the_url(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str, problem: str
) -> None:
    code, _, err = _run(capsys, monkeypatch, "profile", "add", "eu", "--url", url)
    assert code == 1 and "--url" in err and problem in err
