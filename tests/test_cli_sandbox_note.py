"""`sandbox`: what it prints on start-up (the server itself is faked; tests/sandbox serves it)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from explorer.cli import main


def _announced(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], token: str
) -> str:
    def serve_forever(announce: Any, **options: Any) -> None:
        announce(SimpleNamespace(base_url="http://127.0.0.1:8123", token=options["token"]))

    monkeypatch.setattr("explorer.sandbox.serve.serve_forever", serve_forever)
    assert main(["sandbox", "--token", token]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(
    "token",
    ["PKLGZZ2YZAQVR32FCAAJETLFNUE3UG7UNS5HC6V3", "0123456789abcdef0123456789abcdef01234567"],
)
def test_a_token_in_either_format_gets_no_note(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], token: str
) -> None:
    out = _announced(monkeypatch, capsys, token)
    assert f"Token: {token}" in out  # the sandbox's token guards nothing: it is shown
    assert "Note:" not in out


def test_an_odd_token_gets_a_note_saying_what_tokens_look_like(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _announced(monkeypatch, capsys, "local-test")
    assert "Note: TextIt / RapidPro API tokens are 40 characters" in out
    assert "this one has 10; `token set` warns about this one." in out
    assert "--force" not in out and "hexadecimal characters;" not in out
