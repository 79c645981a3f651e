"""Retry-After read in one place and bounded: no value a server sends blocks a scope for good."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core import errors
from explorer.core.client import ApiResponse
from explorer.core.errors import DEFAULT_RETRY_AFTER, MAX_RETRY_AFTER, retry_after, said_note

DATE = "Thu, 03 Dec 2026 13:00:00 GMT"


@pytest.mark.parametrize(
    ("said", "wait"),
    [
        ("12", 12.0),
        (" 2.5 ", 2.5),
        ("0", 0.0),
        ("inf", MAX_RETRY_AFTER),
        ("Infinity", MAX_RETRY_AFTER),
        ("1e9", MAX_RETRY_AFTER),
        ("1e999", MAX_RETRY_AFTER),
        ("-5", 0.0),
        ("-inf", 0.0),
        ("nan", DEFAULT_RETRY_AFTER),
        ("soon", DEFAULT_RETRY_AFTER),
        ("", DEFAULT_RETRY_AFTER),
        ("Thu, 03 Dec 2026 13:00:30 GMT", 30.0),
        ("Thu, 03 Dec 2026 12:00:00 GMT", 0.0),
        ("Fri, 03 Dec 2027 13:00:00 GMT", MAX_RETRY_AFTER),
        ("Thu, 03 Dec 2026 13:01:00 -0000", 60.0),
    ],
)
def test_retry_after_is_read_and_bounded(said: str, wait: float) -> None:
    assert retry_after(said, server_date=DATE) == wait


def test_without_a_usable_header_the_detail_or_a_minute_is_the_wait() -> None:
    detail = "Request was throttled. Expected available in 7 seconds."
    assert retry_after(None, detail) == 7.0 and retry_after("garbage", detail) == 7.0
    assert retry_after(None, "available in 99999999 seconds") == MAX_RETRY_AFTER
    assert retry_after(None, "") == DEFAULT_RETRY_AFTER


def test_the_note_quotes_what_the_server_said_when_the_wait_differs() -> None:
    assert said_note("12", 12.0) == "" and said_note(None, 60.0) == ""
    assert said_note("inf", MAX_RETRY_AFTER) == ' (the server said Retry-After: "inf")'
    assert "\x1b" not in said_note("\x1b[31m", 60.0)


@pytest.mark.parametrize("said", ["inf", "nan", "-1", "1e9", "junk", DATE])
def test_a_429_never_carries_an_unbounded_wait_and_says_what_came(said: str) -> None:
    headers = httpx.Headers({"Retry-After": said, "Content-Type": "application/json"})
    response = ApiResponse("GET", "https://x.example/a.json", 429, "", headers, b"{}", 0.1)
    error = response.error
    assert isinstance(error, errors.RateLimited)
    assert 0 <= error.retry_after <= MAX_RETRY_AFTER and error.said == said
    assert str(error).startswith("The workspace's rate limit was reached")


@settings(max_examples=200, deadline=None)
@given(said=st.text(max_size=60), date=st.one_of(st.none(), st.text(max_size=40)))
def test_any_header_gives_a_bounded_wait(said: str, date: str | None) -> None:
    assert 0.0 <= retry_after(said, "", date) <= MAX_RETRY_AFTER
