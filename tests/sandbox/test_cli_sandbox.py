"""``textit-explorer sandbox``: prints its URL and token, serves until Ctrl-C, then stops."""

from __future__ import annotations

import signal
import subprocess
import sys

import httpx
import pytest

from explorer.cli import main


def test_serves_in_the_foreground_until_interrupted() -> None:
    command = [sys.executable, "-m", "explorer", "sandbox", "--contacts", "40", "--token", "k" * 40]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("TextIt API v2 sandbox on http://127.0.0.1:")
        assert proc.stdout.readline().strip() == f"Token: {'k' * 40}"
        proc.stdout.readline()  # the curl example
        assert proc.stdout.readline().startswith(
            "Note: TextIt / RapidPro API tokens are 40 characters: capital letters and digits"
        )
        base_url = first.split(" on ")[1].strip()
        response = httpx.get(
            f"{base_url}contacts.json", headers={"Authorization": f"Token {'k' * 40}"}
        )
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 130  # uvicorn re-raises Ctrl-C after a clean shutdown
        assert proc.stderr is not None
        assert "Traceback" not in proc.stderr.read()
    assert response.status_code == 200 and len(response.json()["results"]) > 30


def test_bad_faults_are_a_usage_error() -> None:
    assert main(["sandbox", "--faults", "explode=1"]) == 2


def test_a_share_above_one_is_refused_with_the_reason(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sandbox", "--faults", "errors=2"]) == 2
    assert capsys.readouterr().err == (
        "textit-explorer sandbox: --faults: errors=2: "
        "a share of requests is a probability from 0 to 1\n"
    )
