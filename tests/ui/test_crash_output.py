"""A crash prints a traceback without frame locals and without the token (in a real process)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from explorer.ui.crash import crash_report

TOKEN = "PKLGZZ2YZAQVR32FCAAJETLFNUE3UG7UNS5HC6V3"

# The app on a profile whose token comes from the environment, against a fake server; once
# connected, a worker crashes with the token in a local, in objects that hold it and in its message.
CRASHING_APP = """
import httpx
from textual import work
from explorer.core.profiles import Profile
from explorer.core.tokens import TokenStore
from explorer.ui.app import ExplorerApp
from explorer.app.session import open_session

def server(request):
    return httpx.Response(200, json={"name": "Acme", "uuid": "x"})

class Crashing(ExplorerApp):
    async def first_frame_drawn(self):
        await super().first_frame_drawn()
        self.set_interval(0.05, self.crash_once_connected)

    def crash_once_connected(self):
        if self.session is not None:
            self.crash(self.session)

    @work(exclusive=True, group="crash")
    async def crash(self, session):
        token, lookup, client = session.token.token, session.token, session.client
        store = self.tokens
        headers = list(client._http.headers.raw)
        raise RuntimeError("the server said: Invalid token " + token + " \\x1b[31mred")

tokens = TokenStore()
def opener(profile, events):
    return open_session(
        profile, events=events, find_token=tokens.lookup, transport=httpx.MockTransport(server)
    )
app = Crashing(Profile("prod", "https://textit.example.org"), opener, tokens=tokens)
app.run(headless=True)
raise SystemExit(app.return_code)
"""


def test_a_crashing_worker_prints_no_token_and_writes_none(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "TEXTIT_EXPLORER_HOME": str(home), "TEXTIT_API_TOKEN": TOKEN}
    done = subprocess.run(
        [sys.executable, "-c", CRASHING_APP],
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output.decode(errors="replace")
    assert b"RuntimeError" in done.stderr and b"Invalid token PKLG\xe2\x80\xa6C6V3" in done.stderr
    assert TOKEN.encode() not in output
    assert b" locals " not in output
    assert b"\x1b[31mred" not in output and "\u241b[31mred".encode() in output
    assert [p for p in home.rglob("*") if p.is_file() and TOKEN.encode() in p.read_bytes()] == []


def _report_text(error: BaseException, known: list[str]) -> str:
    from rich.console import Console

    console = Console(width=200, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(crash_report(error, known))
    return console.export_text()


def test_the_report_masks_known_and_token_shaped_text_and_has_no_locals() -> None:
    odd, hexadecimal = f"odd-{secrets.token_urlsafe(24)}", secrets.token_hex(20)  # not in source

    def fail() -> None:
        token = odd  # a local the report must not show
        raise ValueError(f"{token} and {hexadecimal} refused")

    try:
        fail()
    except ValueError as error:
        text = _report_text(error, [odd])
    assert f"ValueError: odd-…{odd[-4:]} and {hexadecimal[:4]}…{hexadecimal[-4:]} refused" in text
    assert odd not in text and hexadecimal not in text
    assert " locals " not in text
