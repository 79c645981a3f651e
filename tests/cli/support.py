"""``textit-explorer call`` run in-process against a served sandbox, on a profile of its own.

Imported as ``tests.cli.support``; the fixtures ``served`` and ``local`` are in ``conftest.py``.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any

import pytest

from explorer.cli import main

TOKEN = "PKLGZZ2YZAQVR32FCAAJETLFNUE3UG7UNS5HC6V3"
CONTACTS = 600  # three pages of 250
PROFILE = "local"


class Tty(io.StringIO):
    """A text stream that says it is a terminal: what is typed on one, or what one shows."""

    def isatty(self) -> bool:
        return True


@dataclass(frozen=True)
class Done:
    code: int
    out: str
    err: str

    def lines(self) -> list[Any]:
        return [json.loads(line) for line in self.out.splitlines()]


def call(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *argv: str,
    stdin: io.StringIO | None = None,
) -> Done:
    """Run ``textit-explorer call --profile local ARGV``; the token never shows."""
    monkeypatch.setattr("sys.stdin", stdin or io.StringIO(""))
    code = main(["call", "--profile", PROFILE, *argv])
    out, err = capsys.readouterr()
    assert TOKEN not in out + err
    return Done(code, out, err)
