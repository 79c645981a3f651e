"""The server's error behaviour: auth is 403 (never 401), 405 before auth, HTML 404s, bodies."""

from __future__ import annotations

import base64

import httpx
import pytest

from explorer.sandbox.app import create_app
from explorer.sandbox.store.workspace import Workspace

from .support import TOKEN, FakeClock, client_for

MISSING = {"detail": "Authentication credentials were not provided."}


@pytest.mark.parametrize(
    ("header", "body"),
    [
        (None, MISSING),
        (f"Bearer {TOKEN}", MISSING),
        ("Token " + "9" * 40, {"detail": "Invalid token"}),
        ("Token", {"detail": "Invalid token header. No credentials provided."}),
        ("Token a b", {"detail": "Invalid token header. Token string should not contain spaces."}),
        (
            "Basic " + base64.b64encode(f"ed@example.com:{TOKEN}".encode()).decode(),
            {"detail": "Invalid token or email"},
        ),
        (
            "Basic !!!",
            {"detail": "Invalid basic header. Credentials not correctly base64 encoded."},
        ),
    ],
)
async def test_auth_failures_are_403_with_the_real_messages(
    workspace: Workspace, clock: FakeClock, header: str | None, body: dict[str, str]
) -> None:
    async with client_for(workspace, clock) as api:
        headers = {"Authorization": header} if header else {}
        api.headers.pop("Authorization")
        response = await api.get("/api/v2/contacts.json", headers=headers)
    assert response.status_code == 403
    assert response.json() == body
    assert "x-temba-workspace" not in response.headers


async def test_an_agents_token_lacks_permission(workspace: Workspace, clock: FakeClock) -> None:
    app = create_app(
        workspace, token=TOKEN, clock=clock, user_tokens={"a" * 40: "agent@example.com"}
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox.test") as api:
        response = await api.get(
            "/api/v2/fields.json", headers={"Authorization": "Token " + "a" * 40}
        )
    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to perform this action."}


async def test_token_keyword_is_case_insensitive_and_basic_works(api: httpx.AsyncClient) -> None:
    assert (
        await api.get("/api/v2/fields.json", headers={"Authorization": f"token {TOKEN}"})
    ).is_success
    basic = base64.b64encode(f"admin@example.com:{TOKEN}".encode()).decode()
    response = await api.get("/api/v2/fields.json", headers={"Authorization": f"Basic {basic}"})
    assert response.status_code == 200


async def test_method_not_allowed_comes_before_authentication(api: httpx.AsyncClient) -> None:
    response = await api.delete("/api/v2/flows.json", headers={"Authorization": ""})
    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "DELETE" not allowed.'}
    assert response.headers["allow"] == "GET, HEAD, OPTIONS"
    head = await api.head("/api/v2/contacts.json")
    assert head.status_code == 405
    assert (await api.get("/api/v2/message_actions.json")).headers["allow"] == "POST, OPTIONS"


async def test_headers_of_a_normal_answer(api: httpx.AsyncClient, workspace: Workspace) -> None:
    response = await api.get("/api/v2/contacts.json")
    assert response.headers["content-type"] == "application/json"
    assert response.headers["allow"] == "GET, POST, DELETE, HEAD, OPTIONS"
    assert response.headers["x-temba-workspace"] == workspace.info.uuid
    assert "Accept" in response.headers["vary"]
    assert not [h for h in response.headers if "ratelimit" in h or h == "retry-after"]
    assert b": " not in response.content[:200]  # compact JSON


async def test_unknown_paths_get_djangos_html_404(api: httpx.AsyncClient) -> None:
    for path in ("/api/v2/classifiers.json", "/api/v2/contacts.xml", "/nothing"):
        response = await api.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
        assert "<h1>Not Found</h1>" in response.text


async def test_api_redirects_and_docs_pages(api: httpx.AsyncClient) -> None:
    redirect = await api.get("/api/")
    assert (redirect.status_code, redirect.headers["location"]) == (302, "/api/v2/")
    explorer = await api.get("/api/v2/explorer/")
    assert explorer.status_code == 302 and explorer.headers["location"].startswith("/users/login/")
    docs = await api.get("/api/v2/contacts")
    assert docs.headers["content-type"].startswith("text/html")
    assert "<title>Contacts Endpoint</title>" in docs.text
    as_json = await api.get("/api/v2/contacts", headers={"Accept": "application/json"})
    assert as_json.json() == []
    stats = await api.get("/api/v2/statistics", headers={"Accept": "application/json"})
    assert stats.json() == {"results": []}
    post = await api.post("/api/v2/contacts", json={})
    assert post.status_code == 403 and post.headers["content-type"].startswith("text/html")
    assert (await api.get("/api/v2/contacts.json/")).status_code == 200


async def test_body_errors(api: httpx.AsyncClient) -> None:
    headers = {"Content-Type": "application/json"}
    broken = await api.post("/api/v2/labels.json", content=b"{nope", headers=headers)
    assert broken.status_code == 400
    assert broken.json()["detail"].startswith("JSON parse error - Expecting property name")
    listed = await api.post("/api/v2/labels.json", json=[{"name": "x"}])
    assert listed.json() == {"non_field_errors": ["Request body should be a single JSON object"]}
    missing = await api.post("/api/v2/labels.json", json={})
    assert missing.json() == {"name": ["This field is required."]}
    long = await api.post("/api/v2/labels.json", json={"name": "x" * 65})
    assert long.json() == {"name": ["Ensure this field has no more than 64 characters."]}
    choice = await api.post("/api/v2/fields.json", json={"name": "Shoe", "type": "shoe"})
    assert choice.json() == {"type": ['"shoe" is not a valid choice.']}
    urns = await api.post("/api/v2/contacts.json", json={"urns": ["1234"]})
    assert urns.json() == {
        "urns": {"0": ["Invalid URN: 1234. Ensure phone numbers contain country codes."]}
    }


async def test_lookup_errors(api: httpx.AsyncClient) -> None:
    nobody = await api.post(
        f"/api/v2/groups.json?uuid={'0' * 8}-0000-4000-8000-{'0' * 12}", json={"name": "X"}
    )
    assert (nobody.status_code, nobody.json()) == (
        404,
        {"detail": "No ContactGroup matches the given query."},
    )
    both = await api.delete("/api/v2/contacts.json?uuid=a&urn=b")
    assert both.json() == {
        "detail": "URL can only contain one of the following parameters: urn, uuid"
    }
    none = await api.delete("/api/v2/labels.json")
    assert none.json() == {"detail": "URL must contain one of the following parameters: uuid"}


async def test_accept_header_negotiation(api: httpx.AsyncClient) -> None:
    refused = await api.get("/api/v2/fields.json", headers={"Accept": "text/csv"})
    assert refused.status_code == 406
    assert refused.json() == {"detail": "Could not satisfy the request Accept header."}
    pretty = await api.get(
        "/api/v2/workspace.json", headers={"Accept": "application/json; indent=4"}
    )
    assert pretty.text.startswith('{\n    "uuid": ')


async def test_workspace_limits_give_409(api: httpx.AsyncClient, workspace: Workspace) -> None:
    for index in range(50 - len(workspace.topics)):
        assert (
            await api.post("/api/v2/topics.json", json={"name": f"T{index}"})
        ).status_code == 201
    full = await api.post("/api/v2/topics.json", json={"name": "One Too Many"})
    assert full.status_code == 409
    assert full.json() == {"detail": "Cannot create object because workspace has reached limit."}
