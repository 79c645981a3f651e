"""`textit-explorer call` on a served sandbox: output, exit codes, guarded writes, jq, files."""

from __future__ import annotations

import csv
import json
import uuid
from pathlib import Path

import httpx
import pytest

from explorer.app.state import shared_store
from explorer.core.jsonfilter import run_jq
from explorer.core.profiles import Profile, ProfileStore
from explorer.sandbox.serve import RunningSandbox
from tests.cli.support import CONTACTS, TOKEN, Tty, call

pytestmark = pytest.mark.usefixtures("local")
Capture = pytest.CaptureFixture[str]
Patch = pytest.MonkeyPatch


def _sandbox_contacts(served: RunningSandbox) -> list[str]:
    """Every contact's UUID, as the sandbox pages them to a plain HTTP client."""
    uuids: list[str] = []
    url: str | None = f"{served.base_url}/api/v2/contacts.json"
    with httpx.Client(headers={"Authorization": f"Token {TOKEN}"}) as http:
        while url:
            body = http.get(url).json()
            uuids += [contact["uuid"] for contact in body["results"]]
            url = body["next"]
    return uuids


def test_get_prints_the_body_as_compact_json_in_a_pipe(
    capsys: Capture, monkeypatch: Patch, served: RunningSandbox
) -> None:
    done = call(capsys, monkeypatch, "GET", "workspace")
    assert done.code == 0 and done.err == ""
    assert "\n" not in done.out.rstrip("\n")
    direct = httpx.get(
        f"{served.base_url}/api/v2/workspace.json", headers={"Authorization": f"Token {TOKEN}"}
    )
    assert json.loads(done.out) == direct.json()


def test_all_streams_every_contact_once_as_json_lines(
    capsys: Capture, monkeypatch: Patch, served: RunningSandbox
) -> None:
    done = call(capsys, monkeypatch, "GET", "contacts", "--all")
    assert done.code == 0
    uuids = [item["uuid"] for item in done.lines()]
    assert len(uuids) > CONTACTS // 2 and len(uuids) == len(set(uuids))
    assert uuids == _sandbox_contacts(served)


def test_bad_fields_exit_2_one_line_each_and_nothing_is_sent(
    capsys: Capture, monkeypatch: Patch
) -> None:
    done = call(capsys, monkeypatch, "GET", "contacts", "uuid=nope", "before=yesterday", "x=1")
    assert done.code == 2 and done.out == ""
    lines = done.err.splitlines()
    assert [line.split(": ")[1] for line in lines[:-1]] == ["uuid", "before", "x"]
    assert lines[-1].endswith("not sent.")
    assert shared_store().recent() == []


def test_a_body_field_given_as_a_parameter_is_pointed_to_the_body(
    capsys: Capture, monkeypatch: Patch
) -> None:
    done = call(capsys, monkeypatch, "POST", "contacts", "name=Ann", "--yes")
    assert done.code == 2
    assert "name: a body field of POST contacts: give it in --body" in done.err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["GET", "contact"], "No endpoint named 'contact'. Did you mean contacts"),
        (["GET", "flow-starts"], "Did you mean flow_starts"),
        (["PUT", "contacts"], "takes no 'PUT'; it takes GET, POST, DELETE"),
        (["GET"], "Give METHOD and ENDPOINT"),
        (["GET", "contacts", "uuid"], "'uuid' is not NAME=VALUE"),
        (["GET", "contacts", "--jq", ".results["], "Bad jq filter"),
        (["POST", "contacts", "--body", "{nope"], "The body is invalid JSON at line 1"),
        (["POST", "contacts", "--body", "@/no/such/file"], "--body: cannot read /no/such/file"),
        (["--saved", "ghost"], "has no saved query 'ghost'"),
        (["POST", "contacts", "--all", "--yes", "--body", "{}"], "a POST lists none"),
    ],
)
def test_what_cannot_be_sent_exits_2_saying_why(
    capsys: Capture, monkeypatch: Patch, argv: list[str], message: str
) -> None:
    done = call(capsys, monkeypatch, *argv)
    assert done.code == 2 and done.out == ""
    assert message in done.err
    assert shared_store().recent() == []


def test_a_server_error_exits_1_with_its_message_on_stderr(
    capsys: Capture, monkeypatch: Patch
) -> None:
    done = call(capsys, monkeypatch, "DELETE", "contacts", f"uuid={uuid.uuid4()}", "--yes")
    assert done.code == 1 and done.out == ""
    assert done.err.startswith("textit-explorer call: Nothing matched")
    assert [entry.status for entry in shared_store().recent()] == [404]


def test_a_write_without_yes_and_no_terminal_is_refused(
    capsys: Capture, monkeypatch: Patch
) -> None:
    done = call(capsys, monkeypatch, "POST", "contacts", "--body", '{"name": "Ann"}')
    assert done.code == 2
    assert "give --yes to send it (nothing was sent)" in done.err
    assert shared_store().recent() == []


@pytest.mark.parametrize(("typed", "code"), [("yes\n", 0), ("no\n", 2), ("", 2)])
def test_a_write_on_a_terminal_goes_once_yes_is_typed(
    capsys: Capture, monkeypatch: Patch, typed: str, code: int
) -> None:
    body = '{"name": "Typed Yes"}'
    done = call(capsys, monkeypatch, "POST", "contacts", "--body", body, stdin=Tty(typed))
    assert done.code == code
    assert "POST http://127.0.0.1:" in done.err and "Type yes to send it" in done.err
    sent = [entry.method for entry in shared_store().recent()]
    assert sent == (["POST"] if code == 0 else [])
    if code == 0:
        assert json.loads(done.out)["name"] == "Typed Yes"


def test_a_write_with_yes_is_sent(capsys: Capture, monkeypatch: Patch) -> None:
    body = '{"name": "With Yes", "urns": ["tel:+250788000111"]}'
    done = call(capsys, monkeypatch, "POST", "contacts", "--body", body, "--yes")
    assert done.code == 0
    assert json.loads(done.out)["urns"] == ["tel:+250788000111"]


def test_a_read_only_profile_refuses_writes_even_with_yes(
    capsys: Capture, monkeypatch: Patch, local: Profile
) -> None:
    ProfileStore().update(Profile(local.name, local.base_url, read_only=True))
    done = call(capsys, monkeypatch, "DELETE", "contacts", f"uuid={uuid.uuid4()}", "--yes")
    assert done.code == 2 and "is read-only: DELETE is refused" in done.err
    assert shared_store().recent() == []


def test_body_from_a_file(capsys: Capture, monkeypatch: Patch, tmp_path: Path) -> None:
    (tmp_path / "body.json").write_text('{"name": "From File"}', encoding="utf-8")
    body = f"@{tmp_path}/body.json"
    done = call(capsys, monkeypatch, "POST", "contacts", "--body", body, "--yes")
    assert done.code == 0 and json.loads(done.out)["name"] == "From File"


def test_jq_prints_what_the_viewer_shows_for_the_body(capsys: Capture, monkeypatch: Patch) -> None:
    body = call(capsys, monkeypatch, "GET", "contacts").out
    expression = ".results[] | {name, groups: [.groups[].name]}"
    done = call(capsys, monkeypatch, "GET", "contacts", "--jq", expression)
    assert done.code == 0
    assert done.out == run_jq(body, expression) + "\n"


def test_jq_with_all_is_the_viewers_filter_on_each_item(
    capsys: Capture, monkeypatch: Patch
) -> None:
    every = call(capsys, monkeypatch, "GET", "contacts", "--all").lines()
    done = call(capsys, monkeypatch, "GET", "contacts", "--all", "--jq", ".name")
    viewer = run_jq(json.dumps(every), ".[] | .name")
    assert done.lines() == [json.loads(line) for line in viewer.splitlines()]


def test_all_to_a_csv_file_by_its_suffix(
    capsys: Capture, monkeypatch: Patch, tmp_path: Path, served: RunningSandbox
) -> None:
    path = tmp_path / "contacts.csv"
    done = call(capsys, monkeypatch, "GET", "contacts", "--all", "--output", str(path))
    assert done.code == 0 and done.out == ""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["uuid"] for row in rows] == _sandbox_contacts(served)


@pytest.mark.parametrize(("fmt", "first"), [("json", "["), ("jsonl", "{"), ("csv", "uuid,")])
def test_format_writes_the_page_items(
    capsys: Capture, monkeypatch: Patch, fmt: str, first: str
) -> None:
    done = call(capsys, monkeypatch, "GET", "contacts", "--format", fmt)
    assert done.code == 0 and done.out.startswith(first)


def test_a_profile_without_a_token_exits_1_saying_how_to_add_one(
    capsys: Capture, monkeypatch: Patch, local: Profile
) -> None:
    monkeypatch.delenv("TEXTIT_API_TOKEN_LOCAL")
    done = call(capsys, monkeypatch, "GET", "contacts")
    assert done.code == 1
    assert "Profile 'local' has no token" in done.err
    assert "store it with `textit-explorer token set --profile local`" in done.err


def test_output_writes_the_body_indented(
    capsys: Capture, monkeypatch: Patch, tmp_path: Path
) -> None:
    path = tmp_path / "workspace.json"
    done = call(capsys, monkeypatch, "GET", "workspace", "--output", str(path))
    assert done.code == 0 and done.out == ""
    text = path.read_text(encoding="utf-8")
    assert text.startswith('{\n  "uuid": ') and json.loads(text)["name"]
