"""The error answers the real server gives, as one exception the app turns into a response.

Handlers raise ``ApiFailure`` with the exact status and JSON body (wording copied from the server
and DRF); ``app.py`` renders it with the usual headers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

NOT_FOUND_HTML = """<!doctype html>
<html lang="en">
<head>
  <title>Not Found</title>
</head>
<body>
  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>
</body>
</html>
"""
SERVER_ERROR_TEXT = "Server Error. Site administrators have been notified."
MODEL_NAMES = {
    "broadcasts": "Broadcast",
    "campaigns": "Campaign",
    "campaign_events": "CampaignEvent",
    "contacts": "Contact",
    "fields": "ContactField",
    "globals": "Global",
    "groups": "ContactGroup",
    "labels": "Label",
    "resthook_subscribers": "WebHookSubscriber",
    "topics": "Topic",
}


class ApiFailure(Exception):
    """An error response: ``status``, a JSON ``data`` body, and extra ``headers``."""

    def __init__(self, status: int, data: Any, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(f"{status}: {data}")
        self.status = status
        self.data = data
        self.headers = dict(headers or {})


def detail(status: int, message: str) -> ApiFailure:
    return ApiFailure(status, {"detail": message})


def bad_query(message: str) -> ApiFailure:
    """400 for bad query parameters (the server's ``InvalidQueryError``)."""
    return detail(400, message)


def field_errors(errors: Mapping[str, Any]) -> ApiFailure:
    """400 for body validation: ``{"field": ["message", ...]}``."""
    return ApiFailure(400, dict(errors))


class Errors(dict[str, Any]):
    """A body's field errors, gathered over every field before any is reported, as DRF does.

    ``raise_if_any`` ends the request with one 400 that names every bad field, in ``order`` (the
    serializer's field order) where it is known.
    """

    order: tuple[str, ...] = ()

    def add(self, name: str, message: str) -> None:
        self.setdefault(name, []).append(message)

    def raise_if_any(self) -> None:
        if self:
            rank = {name: index for index, name in enumerate(self.order)}
            ordered = sorted(self.items(), key=lambda item: rank.get(item[0], len(rank)))
            raise field_errors(dict(ordered))


def non_field(message: str) -> ApiFailure:
    return field_errors({"non_field_errors": [message]})


def no_match(slug: str) -> ApiFailure:
    """404 for a POST/DELETE lookup that matches nothing."""
    return detail(404, f"No {MODEL_NAMES.get(slug, 'object')} matches the given query.")


def limit_reached() -> ApiFailure:
    return detail(409, "Cannot create object because workspace has reached limit.")
