"""A whole session with a known token leaves it in no file under the app home.

The session goes through the CLI (profile add, token set from stdin), a request with the token,
history, saved queries, exports saved to disk, rate-limit state and DEBUG logging of every logger
into the log dir. Only the token the user explicitly put in the opt-in plaintext file may be on
disk, and only in that file.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from explorer.app.fetch import Fetch
from explorer.app.session import MeteredClient, Session
from explorer.app.spool import Spool
from explorer.app.state import rate_book, shared_store
from explorer.app.store import rate_key
from explorer.cli import main
from explorer.core import paths
from explorer.core.client import ApiClient
from explorer.core.export import ExportFormat, export_request
from explorer.core.history import HistoryEntry, SavedQuery
from explorer.core.profiles import Profile
from explorer.core.ratelimit import RateLimiter
from explorer.core.request import ApiRequest
from explorer.core.tokens import Storage, TokenStore, credentials_path

KEYRING_TOKEN = "5ec2e7a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6"
FILE_TOKEN = "f11e7a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f"
CURRENT_FORMAT_TOKEN = "PKLGZZ2YZAQVR32FCAAJETLFNUE3UG7UNS5HC6V3"


@pytest.fixture
def debug_log_file() -> Iterator[Path]:
    """Every logger at DEBUG into a file in the app's log dir, as a user debugging would run."""
    path = paths.ensure_dir(paths.log_dir()) / "session.log"
    handler = logging.FileHandler(path)
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield path
    root.removeHandler(handler)
    root.setLevel(previous_level)
    handler.close()


def _cli(monkeypatch: pytest.MonkeyPatch, *argv: str, stdin: str = "") -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert main(list(argv)) == 0


def _answer(request: httpx.Request) -> httpx.Response:
    if request.headers["Authorization"] != f"Token {KEYRING_TOKEN}":
        return httpx.Response(403, json={"detail": "Invalid token"})
    return httpx.Response(200, json={"next": None, "previous": None, "results": [{"name": "A"}]})


async def _session(monkeypatch: pytest.MonkeyPatch) -> None:
    _cli(monkeypatch, "profile", "add", "prod", "--url", "https://textit.example.org")
    _cli(monkeypatch, "profile", "add", "laptop", "--url", "https://textit.example.org")
    _cli(monkeypatch, "token", "set", "--profile", "prod", stdin=KEYRING_TOKEN + "\n")
    _cli(monkeypatch, "token", "set", "--profile", "laptop", "--insecure-file", stdin=FILE_TOKEN)
    _cli(monkeypatch, "profile", "use", "prod")
    _cli(monkeypatch, "profile", "list")
    _cli(monkeypatch, "token", "show", "--profile", "prod")

    token = TokenStore().lookup("prod").token
    assert token == KEYRING_TOKEN
    url = "https://textit.example.org/api/v2/contacts.json?group=VIP"
    client = ApiClient("https://textit.example.org", token, transport=httpx.MockTransport(_answer))
    async with client:
        response = await client.get_url(url)
        logging.getLogger("explorer").debug("client %r answered %s", client, response.status)
    async with ApiClient(
        "https://textit.example.org", FILE_TOKEN, transport=httpx.MockTransport(_answer)
    ) as rejected:
        error = (await rejected.get_url(url)).error
        logging.getLogger("explorer").warning("request failed: %s", error)

    store = shared_store()
    store.append(
        HistoryEntry(
            "GET", "/api/v2/contacts.json", "group=VIP", None, response.status, 3.0, "prod"
        )
    )
    store.create_query(SavedQuery("prod", "vip", "GET", "/api/v2/contacts.json", "group=VIP"))
    for fmt in ExportFormat:
        code = export_request(fmt, "POST", url, {"name": "Ann"})
        paths.atomic_write(paths.state_dir() / f"export-{fmt.value}.txt", code)
    book = rate_book(store, rate_key("https://textit.example.org", token), "prod")
    limiter = RateLimiter(book=book)
    limiter.record("v2.contacts")
    await _stopped_fetch_all(token, limiter)


def _two_pages_then_an_error(request: httpx.Request) -> httpx.Response:
    if "cursor" in request.url.params:
        return httpx.Response(404, json={"detail": "Not found."})
    following = f"{request.url}?cursor=p2"
    return httpx.Response(200, json={"next": following, "previous": None, "results": [{"n": 1}]})


async def _stopped_fetch_all(token: str, limiter: RateLimiter) -> None:
    """A fetch-all whose items went to its spool file and that stopped with a resume point."""
    profile = Profile("prod", "https://textit.example.org")
    transport = httpx.MockTransport(_two_pages_then_an_error)
    client = MeteredClient(
        profile, token, limiter=limiter, history=shared_store(), transport=transport
    )
    session = Session(profile, client, TokenStore().lookup("prod"))
    request = ApiRequest("GET", "/api/v2/contacts.json", endpoint="contacts")
    spool = Spool(shared_store(), "prod", request)
    async with client:
        await Fetch(session, request, spool=spool).run()
    assert spool.kept() is not None and spool.path.read_text() == '{"n": 1}\n'


async def test_a_session_writes_no_token_to_disk(
    monkeypatch: pytest.MonkeyPatch, app_home: Path, debug_log_file: Path
) -> None:
    await _session(monkeypatch)

    files = [path for path in app_home.rglob("*") if path.is_file()]
    names = {path.name for path in files}
    assert {"profiles.toml", "state.sqlite3", "session.log", "export-curl.txt"} <= names
    assert debug_log_file.stat().st_size > 0  # the loggers did write
    holding_the_keyring_token = [p for p in files if KEYRING_TOKEN.encode() in p.read_bytes()]
    holding_the_file_token = [p for p in files if FILE_TOKEN.encode() in p.read_bytes()]
    assert holding_the_keyring_token == []
    assert holding_the_file_token == [credentials_path()]
    assert json.loads(credentials_path().read_text()) == {"tokens": {"laptop": FILE_TOKEN}}


def _holders_of(token: str) -> list[object]:
    """Every kind of object that holds a token, as a crash report or a log line may show it."""
    store = TokenStore()
    store.set("laptop", token, Storage.SESSION)
    lookup = store.lookup("laptop")
    profile = Profile("laptop", "https://textit.example.org")
    client = MeteredClient(profile, token, limiter=RateLimiter(), history=shared_store())
    http = client._http  # httpx masks the Authorization header in its reprs
    return [lookup, store, client, http, http.headers, Session(profile, client, lookup)]


@pytest.mark.parametrize("token", [CURRENT_FORMAT_TOKEN, KEYRING_TOKEN, "odd-but-forced-token"])
def test_no_holder_of_a_token_shows_it_in_its_repr(token: str) -> None:
    for holder in _holders_of(token):
        assert token not in repr(holder), type(holder)
        assert token not in str(holder), type(holder)


def test_the_lookup_and_store_reprs_say_what_they_hold() -> None:
    lookup, store, *_ = _holders_of(CURRENT_FORMAT_TOKEN)
    assert repr(lookup) == (
        "TokenLookup(token='PKLG…C6V3', source='session', "
        "note='for this session only (not stored)')"
    )
    assert repr(store).endswith(", session={'laptop': 'PKLG…C6V3'})")
