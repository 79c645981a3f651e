"""The served sandbox: a real loopback HTTP server in a thread, started and stopped cleanly."""

from __future__ import annotations

import httpx
import pytest

from explorer.core.tokens import token_shape_problem
from explorer.sandbox.app import TOKEN_ALPHABET, new_token
from explorer.sandbox.serve import start_sandbox


def test_serves_on_an_ephemeral_loopback_port_until_stopped() -> None:
    running = start_sandbox(contacts=30, token="k" * 40)
    try:
        assert running.base_url.startswith("http://127.0.0.1:")
        response = httpx.get(
            f"{running.base_url}/api/v2/contacts.json",
            headers={"Authorization": f"Token {running.token}"},
        )
        assert response.status_code == 200
        assert len(response.json()["results"]) == len(
            [c for c in running.workspace.contacts if c.is_active]
        )
        assert response.json()["next"] is None
    finally:
        running.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{running.base_url}/api/v2/contacts.json")


def test_next_links_point_back_at_the_served_host() -> None:
    with start_sandbox(contacts=400) as running:
        headers = {"Authorization": f"Token {running.token}"}
        first = httpx.get(f"{running.base_url}/api/v2/contacts.json", headers=headers).json()
        assert first["next"].startswith(f"{running.base_url}/api/v2/contacts.json?cursor=")
        second = httpx.get(first["next"], headers=headers)
        assert second.status_code == 200 and second.json()["previous"]


def test_a_served_sandbox_issues_tokens_in_the_current_servers_format() -> None:
    tokens = {new_token() for _ in range(20)}
    assert len(tokens) == 20
    for token in tokens:
        assert len(token) == 40 and set(token) <= set(TOKEN_ALPHABET)
        assert token_shape_problem(token) is None  # what `token set` accepts without a warning
