"""Saved queries: requests a person named, per profile, to run again from the explorer or with
``textit-explorer call --saved NAME``.

A saved query keeps the request as sent (method, path, URL-encoded query, JSON body, a file by
its path) and the jq filter that was on. Running one checks it against the catalog again, as the
form does, so a query that no longer fits says what is wrong instead of being sent.
"""

from __future__ import annotations

from explorer.core.catalog import Catalog
from explorer.core.errors import ValidationError
from explorer.core.history import SavedQuery, sent_query_values
from explorer.core.request import WHOLE_REQUEST, ApiRequest, body_values, build_request
from explorer.core.visible import visible

MAX_NAME = 80  # characters: a name is a label in a list and a word on a command line


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a query, or None."""
    name = name.strip()
    if not name:
        return "Give the query a name."
    if len(name) > MAX_NAME:
        return f"A name has at most {MAX_NAME} characters."
    if visible(name) != name:
        return "A name cannot hold control or text-direction characters."
    return None


def saved_query(profile: str, name: str, request: ApiRequest, jq: str = "") -> SavedQuery:
    """``request`` (and the jq filter ``jq``) named ``name`` on ``profile``."""
    body = request.body
    if request.files:
        body = {**(body or {}), **{upload.field: str(upload.path) for upload in request.files}}
    return SavedQuery(
        profile, name.strip(), request.method, request.path, request.query_string(), body, jq
    )


def form_values(query: SavedQuery) -> tuple[dict[str, str], dict[str, str]]:
    """The form's query and body values for ``query``: what the explorer fills in."""
    body = body_values(query.body) if isinstance(query.body, dict) else {}
    return sent_query_values(query.query), body


def saved_request(query: SavedQuery, catalog: Catalog) -> ApiRequest:
    """The request ``query`` names, checked as the form checks it (its jq filter is
    ``query.jq``); a ``ValidationError`` lists what no longer fits."""
    endpoint = catalog.endpoint_for_path(query.path)
    operation = endpoint.operation(query.method) if endpoint is not None else None
    if operation is None:
        problem = f"{query.method} {query.path} is not an operation of the API any more."
        raise ValidationError({WHOLE_REQUEST: [problem]})
    return build_request(operation, *form_values(query))
