"""Exported snippets really send the same request: each is run against a loopback echo server."""

from __future__ import annotations

import inspect
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit

import pytest

from explorer.core import export
from explorer.core.export import (
    ExportFormat,
    export_request,
    to_command_line,
    to_curl,
    to_httpx,
    to_rapidpro,
)
from explorer.core.request import FileUpload
from explorer.core.tokens import SANDBOX_TOKEN

TOKEN = "0123456789abcdef0123456789abcdef01234567"
CODE = [fmt for fmt in ExportFormat if fmt is not ExportFormat.COMMAND_LINE]  # run here
TRICKY = 'O\'Neil $HOME `id` "q" \\ é\nline2 ☕'


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    authorization: str | None
    body: Any


_OBJECT = b'{"urns": [], "groups": [], "fields": {}}'


def _body(content_type: str, raw: bytes) -> Any:
    """The JSON body, or a multipart body as {name: text} and {name: (file name, type, bytes)}."""
    if not raw:
        return None
    if not content_type.startswith("multipart/form-data"):
        return json.loads(raw)
    message = BytesParser(policy=default).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + raw
    )
    parts: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        filename = part.get_filename()
        parts[str(name)] = (
            (filename, part.get_content_type(), payload) if filename else payload.decode()
        )
    return parts


class EchoServer(ThreadingHTTPServer):
    seen: list[Seen]


class _Handler(BaseHTTPRequestHandler):
    server: EchoServer

    def _record(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        self.server.seen.append(
            Seen(
                self.command,
                parts.path,
                parse_qs(parts.query, keep_blank_values=True),
                self.headers.get("Authorization"),
                _body(self.headers.get("Content-Type", ""), raw),
            )
        )
        # enough of a contact for rapidpro-python to deserialize what POST answers
        status, answer = (204, b"") if self.command == "DELETE" else (200, _OBJECT)
        if self.command == "GET":
            answer = b'{"next": null, "previous": null, "results": []}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    do_GET = do_POST = do_DELETE = _record

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default stderr logging."""


@pytest.fixture(scope="module")
def echo() -> Iterator[EchoServer]:
    server = EchoServer(("127.0.0.1", 0), _Handler)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _send(fmt: ExportFormat, code: str, echo: EchoServer) -> Seen:
    """Run a snippet with the token in the environment; return what the server received."""
    env = {**os.environ, "TEXTIT_API_TOKEN": TOKEN}
    command = ["sh", "-c", code] if fmt is ExportFormat.CURL else [sys.executable, "-c", code]
    before = len(echo.seen)
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert len(echo.seen) == before + 1
    return echo.seen[-1]


REQUESTS = [
    ("GET", "/api/v2/contacts.json?group=VIP%20%27s&before=2024-01-01T00%3A00%3A00Z", None),
    ("GET", "/api/v2/runs.json?flow=f1&responded=true", None),
    (
        "POST",
        "/api/v2/contacts.json?urn=tel%3A%2B250788123123",
        {"name": TRICKY, "fields": {"nick": TRICKY, "age": None}, "groups": ["g1", "g2"]},
    ),
    ("POST", "/api/v2/groups.json", {"name": TRICKY}),
    ("POST", "/api/v2/contact_actions.json", {"contacts": ["c1"], "action": "block"}),
    ("DELETE", "/api/v2/labels.json?uuid=l1", None),
]


@pytest.mark.parametrize("fmt", CODE)
@pytest.mark.parametrize(("method", "path", "body"), REQUESTS)
def test_every_format_sends_the_same_request(
    echo: EchoServer, fmt: ExportFormat, method: str, path: str, body: Any
) -> None:
    if fmt is ExportFormat.CURL and not shutil.which("curl"):
        pytest.skip("curl is not installed")
    url = f"http://127.0.0.1:{echo.server_address[1]}{path}"
    code = export_request(fmt, method, url, body)
    assert TOKEN not in code
    seen = _send(fmt, code, echo)
    expected = urlsplit(url)
    assert (seen.method, seen.path) == (method, expected.path)
    assert seen.query == parse_qs(expected.query, keep_blank_values=True)
    assert seen.authorization == f"Token {TOKEN}"
    assert seen.body == body


@pytest.mark.parametrize("fmt", CODE)
def test_every_format_uploads_a_file_as_multipart(
    echo: EchoServer, fmt: ExportFormat, tmp_path: Path
) -> None:
    photo = tmp_path / "farm photo.jpg"
    photo.write_bytes(b"\xff\xd8 not really a jpeg")
    url = f"http://127.0.0.1:{echo.server_address[1]}/api/v2/media.json"
    upload = FileUpload("file", photo, "image/jpeg")
    code = export_request(fmt, "POST", url, {"note": TRICKY}, [upload])
    seen = _send(fmt, code, echo)
    assert (seen.method, seen.path) == ("POST", "/api/v2/media.json")
    assert seen.body == {
        "note": TRICKY,
        "file": ("farm photo.jpg", "image/jpeg", b"\xff\xd8 not really a jpeg"),
    }


def test_rapidpro_code_uses_the_client_method_when_there_is_one() -> None:
    url = "https://textit.com/api/v2/contacts.json?uuid=c1"
    assert 'client.delete_contact("c1")' in to_rapidpro("DELETE", url)
    assert 'client.update_contact("c1", name="Ann")' in to_rapidpro("POST", url, {"name": "Ann"})
    assert 'TembaClient("https://textit.com", os.environ["TEXTIT_API_TOKEN"])' in to_rapidpro(
        "GET", url
    )
    message = to_rapidpro(
        "POST", "https://x.org/api/v2/messages.json", {"contact": "c", "text": "t"}
    )
    assert 'client.create_message(contact="c", text="t", attachments=[])' in message


@pytest.mark.parametrize(
    ("method", "path", "body", "reason"),
    [
        ("GET", "/api/v2/tickets.json", None, "no method to list 'tickets'"),
        ("GET", "/api/v2/contacts.json?cursor=abc", None, "get_contacts does not take cursor"),
        ("POST", "/api/v2/topics.json", {"name": "t"}, "no method for POST topics"),
        ("POST", "/api/v2/campaigns.json", {"name": "c"}, "create_campaign needs group"),
        ("POST", "/api/v2/contacts.json?uuid=a&urn=tel%3A1", {}, "needs exactly one of uuid, urn"),
        ("POST", "/api/v2/contact_actions.json", {"action": "fly"}, "no method for POST"),
    ],
)
def test_rapidpro_falls_back_to_httpx_and_says_why(
    method: str, path: str, body: Any, reason: str
) -> None:
    url = f"https://textit.com{path}"
    code = to_rapidpro(method, url, body)
    first_line, rest = code.split("\n", 1)
    assert first_line.startswith("# rapidpro-python:") and reason in first_line
    assert rest == to_httpx(method, url, body)


def test_curl_quotes_hostile_text_for_the_shell() -> None:
    code = to_curl("POST", "https://textit.com/api/v2/groups.json?x=$(id)", {"name": TRICKY})
    words = subprocess.run(
        ["sh", "-c", 'curl() { printf "%s\\0" "$@"; }\n' + code],
        env={"TEXTIT_API_TOKEN": "tok", "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")[:-1]
    assert words == [
        "-sS",
        "-X",
        "POST",
        "https://textit.com/api/v2/groups.json?x=$(id)",
        "-H",
        "Authorization: Token tok",
        "-H",
        "Content-Type: application/json",
        "--data-raw",
        json.dumps({"name": TRICKY}, ensure_ascii=False),
    ]


def test_method_tables_match_the_installed_client() -> None:
    from temba_client.v2 import TembaClient

    tables = [
        *export._CREATES.values(),
        *export._UPDATES.values(),
        *export._DELETES.values(),
        *export._BULK_ACTIONS.values(),
        *(
            export._Method(f"get_{slug}", ", ".join(f"{n}=" for n in names))
            for slug, names in export._GETS.items()
        ),
    ]
    for method in tables:
        parameters = list(inspect.signature(getattr(TembaClient, method.name)).parameters.values())
        parameters = parameters[2 if method.identifier else 1 :]  # skip self and the identifier
        client_required = {p.name for p in parameters if p.default is inspect.Parameter.empty}
        keywords = method.keywords()
        assert set(keywords) == {p.name for p in parameters}, method.name
        assert {k for k, default in keywords.items() if default != ""} == client_required, (
            method.name
        )


def _words(line: str, tmp_path: Path) -> list[str]:
    """The words ``line`` gives ``textit-explorer`` when a POSIX shell runs it as it is."""
    fake = tmp_path / "bin" / "textit-explorer"
    fake.parent.mkdir(exist_ok=True)
    fake.write_text('#!/bin/sh\nprintf "%s\\0" "$@"\n')
    fake.chmod(0o755)
    env = {"PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["sh", "-c", line], env=env, capture_output=True, check=True)
    return result.stdout.decode().split("\0")[:-1]


@pytest.mark.parametrize(("method", "path", "body"), REQUESTS)
def test_the_command_line_says_the_same_request_to_call(
    method: str, path: str, body: Any, tmp_path: Path
) -> None:
    url = f"https://textit.com{path}"
    line = export_request(ExportFormat.COMMAND_LINE, method, url, body, profile="acme")
    assert line.startswith("textit-explorer call --profile acme ") and line.count("\n") == 1
    words = _words(line, tmp_path)
    assert words[:3] == ["call", "--profile", "acme"]
    if body is None:
        rest = words[3:]
    else:
        assert words[3] == "--body"
        assert json.loads(words[4]) == body
        rest = words[5:]
    expected = urlsplit(url)
    assert rest[:2] == [method, expected.path.removeprefix("/api/v2/").removesuffix(".json")]
    pairs = [tuple(word.split("=", 1)) for word in rest[2:]]
    assert pairs == parse_qsl(expected.query, keep_blank_values=True)


def test_the_command_line_repeats_a_list_and_quotes_hostile_text(tmp_path: Path) -> None:
    url = "https://x.org/api/v2/contacts.json?" + urlencode(
        [("uuid", "a"), ("uuid", "b"), ("group", TRICKY), ("x", "$(id)")]
    )
    line = to_command_line("GET", url, profile="prod")
    assert _words(line, tmp_path) == [
        "call", "--profile", "prod", "GET", "contacts", "uuid=a", "uuid=b", f"group={TRICKY}",
        "x=$(id)",
    ]  # fmt: skip


def test_the_command_line_names_the_profile_never_its_token(tmp_path: Path) -> None:
    url = "https://x.org/api/v2/groups.json"
    line = to_command_line("POST", url, {"name": "Ann"}, profile="sandbox")
    assert SANDBOX_TOKEN not in line and "TEXTIT_API_TOKEN" not in line
    assert _words(line, tmp_path) == [
        "call", "--profile", "sandbox", "--body", '{"name": "Ann"}', "POST", "groups"
    ]  # fmt: skip
    assert _words(to_command_line("GET", url), tmp_path) == ["call", "GET", "groups"]


def test_the_command_line_gives_a_file_by_its_path(tmp_path: Path) -> None:
    upload = FileUpload("file", tmp_path / "farm photo.jpg", "image/jpeg")
    url = "https://x.org/api/v2/media.json"
    words = _words(to_command_line("POST", url, {"note": "hi"}, [upload]), tmp_path)
    assert words[1:3] == ["--body", json.dumps({"note": "hi", "file": str(upload.path)})]


def test_a_name_like_an_option_is_not_read_as_one(tmp_path: Path) -> None:
    url = "https://x.org/api/v2/contacts.json?--yes=1"
    words = _words(to_command_line("DELETE", url, profile="-x"), tmp_path)
    assert words == ["call", "--profile=-x", "--", "DELETE", "contacts", "--yes=1"]
