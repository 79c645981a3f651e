"""Showing a request and its headers without the token: header masking and request descriptions."""

from __future__ import annotations

from pathlib import Path

from explorer.core.describe import credential_header, describe_request, describer
from explorer.core.request import ApiRequest, FileUpload
from explorer.core.secrets import mask_header, masked_headers

TOKEN = "0123456789abcdef0123456789abcdef01234567"
BASE = "https://textit.example"


def test_authorization_is_masked_and_other_headers_are_not() -> None:
    assert mask_header("Authorization", f"Token {TOKEN}") == "Token 0123…4567"
    assert mask_header("authorization", "weird") == "…"
    assert mask_header("Accept", "application/json") == "application/json"
    pairs = [("Authorization", "Token 0123456789abcdef0123"), ("Accept", "application/json")]
    assert masked_headers(pairs) == [
        ("Authorization", "Token 0123…0123"),
        ("Accept", "application/json"),
    ]


def test_a_request_is_described_as_sent_with_the_token_masked() -> None:
    request = ApiRequest("POST", "/api/v2/groups.json", body={"name": "Nurses"}, endpoint="groups")
    described = describe_request(request, BASE, TOKEN)
    assert (described.method, described.url) == ("POST", f"{BASE}/api/v2/groups.json")
    assert described.headers == (
        ("Authorization", "Token 0123…4567"),
        ("Content-Type", "application/json"),
    )
    assert described.body == {"name": "Nurses"}
    assert TOKEN not in repr(described)


def test_uploads_are_multipart_and_a_get_has_only_the_credential() -> None:
    upload = FileUpload("file", Path("a.mp3"), "audio/mpeg")
    media = ApiRequest("POST", "/api/v2/media.json", files=(upload,), endpoint="media")
    assert describe_request(media, BASE, TOKEN).headers[1] == (
        "Content-Type",
        "multipart/form-data",
    )
    get = ApiRequest("GET", "/api/v2/contacts.json", endpoint="contacts")
    assert describe_request(get, BASE, TOKEN).headers == (credential_header(TOKEN),)


def test_a_describer_shows_no_token_in_its_repr() -> None:
    describe = describer(BASE, TOKEN)
    assert TOKEN not in repr(describe)
    request = ApiRequest("GET", "/api/v2/contacts.json", endpoint="contacts")
    assert describe(request) == describe_request(request, BASE, TOKEN)
