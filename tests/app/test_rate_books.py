"""Rate windows in the store: shared by processes, kept across runs, keyed without the token."""

from __future__ import annotations

import subprocess
import sys
import time

from explorer.app.session import limiter_for
from explorer.app.state import open_store, rate_book
from explorer.app.store import rate_key
from explorer.core.profiles import SANDBOX, Profile
from explorer.core.ratelimit import MAX_RETRY_AFTER, RateLimiter

URL = "https://textit.example"
TOKEN = "2345678ABCDEFGHJKLMNPQRSTUVWXYZ234567892"
PER_PROCESS = 150

RECORDER = f"""
from explorer.app.state import open_store, rate_book
from explorer.app.store import rate_key
from explorer.core.ratelimit import RateLimiter

store = open_store()
limiter = RateLimiter(10_000, book=rate_book(store, rate_key({URL!r}, {TOKEN!r}), "prod"))
for _ in range({PER_PROCESS}):
    limiter.record("v2.contacts")
print(len(store.problems))
"""


def limiter(token: str = TOKEN, url: str = URL) -> RateLimiter:
    return RateLimiter(10_000, book=rate_book(open_store(), rate_key(url, token), "prod"))


def test_two_processes_recording_at_once_end_with_the_sum_of_their_counts() -> None:
    open_store()  # made once, so both processes race on the rows, not on the schema
    processes = [
        subprocess.Popen([sys.executable, "-c", RECORDER], stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=60)[0].strip() for process in processes]
    assert outputs == ["0", "0"]  # no problem: no write was lost to a lock
    assert limiter().used("v2.contacts") == 2 * PER_PROCESS


def test_a_refused_request_leaves_the_stored_count_alone_but_one_of_its_twins() -> None:
    """Two requests counted at one moment, one refused: the store keeps the other."""
    book = limiter().book
    for _ in range(2):
        book.add("v2", 1000.0)
    book.remove("v2", 1000.0)
    book.remove("v2", 999.0)  # no such request: nothing goes
    assert book.count_since("v2", 0.0) == 1


def test_counts_and_blocks_survive_a_restart_and_old_rows_go() -> None:
    first = limiter()
    first.record("v2.runs")
    first.note_retry_after("v2", 60)
    again = limiter()
    assert again.used("v2.runs") == 1
    assert 0 < again.wait_time("v2") <= 60
    assert list(again.snapshot())[-1] == "v2"
    later = RateLimiter(book=again.book, clock=lambda: time.time() + 2 * 3600)
    later.record("v2.runs")  # an hour on: the first row leaves the store
    rows = open_store().rows("count", "SELECT count(*) FROM rate_sent")
    assert rows == [(1,)]


def test_a_workspace_is_its_server_and_token_never_the_token_itself() -> None:
    limiter().record("v2")
    assert limiter(token="0" * 40).used("v2") == 0  # another workspace on the same server
    assert limiter(url="https://other.example").used("v2") == 0
    store = open_store()
    files = [path for path in store.path.parent.iterdir() if path.is_file()]
    assert len(files) >= 2 and not [path for path in files if TOKEN.encode() in path.read_bytes()]
    assert rate_key(URL, TOKEN).startswith(f"{URL} ") and TOKEN not in rate_key(URL, TOKEN)


def test_an_infinite_retry_after_is_kept_bounded() -> None:
    limiter().note_retry_after("v2", float("inf"))
    assert 0 < limiter().wait_time("v2") <= MAX_RETRY_AFTER


def test_the_app_meters_a_workspace_in_the_store_and_the_sandbox_in_memory() -> None:
    store = open_store()
    live = limiter_for(Profile("prod", URL, rate_limit=100), TOKEN, store)
    live.record("v2")
    assert limiter().used("v2") == 1 and live.limit == 100
    sandbox = limiter_for(SANDBOX, TOKEN, store)
    sandbox.record("v2")
    assert limiter().used("v2") == 1
