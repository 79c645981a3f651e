"""The server's browsable pages: the root listing, the API root page and endpoint docs pages.

The HTML is a plain rendering of the catalog (title, summary, operations and parameters); the
JSON forms are what the server returns when the same URLs are asked for JSON.
"""

from __future__ import annotations

from html import escape
from typing import Any

from explorer.core.catalog import Catalog, Endpoint, Response

# The order of the server's urls.py, which is the order of its root listing.
ROOT_ORDER = (
    "archives",
    "broadcasts",
    "campaigns",
    "campaign_events",
    "channels",
    "contacts",
    "contact_actions",
    "fields",
    "flow_starts",
    "flows",
    "globals",
    "groups",
    "labels",
    "media",
    "messages",
    "message_actions",
    "resthooks",
    "resthook_events",
    "resthook_subscribers",
    "runs",
    "tickets",
    "ticket_actions",
    "topics",
    "users",
    "workspace",
)
BRAND = "TextIt"


def root_listing(catalog: Catalog, base_url: str) -> dict[str, str]:
    """``/api/v2/.json``: public endpoint names to absolute docs URLs (without ``.json``)."""
    public = {e.slug for e in catalog.endpoints if e.status.value == "public"}
    return {slug: f"{base_url}/api/v2/{slug}" for slug in ROOT_ORDER if slug in public}


def docs_title(endpoint: Endpoint) -> str:
    return "Workspace Endpoint" if endpoint.alias_of else f"{endpoint.title} Endpoint"


def docs_mode_data(endpoint: Endpoint) -> Any:
    """What a docs URL returns when JSON is asked for: the view's docs-mode data."""
    get = endpoint.operation("GET")
    if get is None or get.response is Response.OBJECT:
        return {}
    if get.response is Response.RESULTS:
        return {"results": []}
    return []


def root_page(catalog: Catalog) -> str:
    items = "".join(
        f'<li><a href="/api/v2/{e.slug}">{escape(e.path)}</a> {escape(e.summary)}</li>'
        for e in catalog.endpoints
        if e.status.value == "public"
    )
    return _page(f"{BRAND} API v2", f"<ul>{items}</ul>")


def endpoint_page(endpoint: Endpoint) -> str:
    sections = []
    for op in endpoint.operations:
        params = "".join(
            f"<li><code>{escape(p.name)}</code> {escape(p.help)}</li>"
            for p in (*op.params, *op.body)
        )
        sections.append(
            f"<h2>{escape(op.method)} {escape(endpoint.path)}</h2>"
            f"<p>{escape(op.summary)}</p><ul>{params}</ul>"
        )
    body = f"<p>{escape(endpoint.summary)}</p>{''.join(sections)}"
    return _page(docs_title(endpoint), body)


def _page(title: str, body: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>{escape(title)}</title></head><body>"
        f'<h1>{escape(title)}</h1><p><a href="/api/v2/">Endpoints</a> '
        f'<a href="/api/v2/explorer/">Explorer</a></p>{body}</body></html>'
    )
