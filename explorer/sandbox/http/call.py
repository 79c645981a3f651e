"""What an endpoint handler receives (``Call``) and gives back (``Reply``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import QueryParams

from explorer.core.catalog import Endpoint, Operation
from explorer.sandbox.http.failures import Errors
from explorer.sandbox.store import models as m
from explorer.sandbox.store.workspace import Workspace


@dataclass
class Upload:
    """One file of a multipart body."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class Call:
    """One authenticated API request, resolved to its catalog operation."""

    ws: Workspace
    endpoint: Endpoint
    op: Operation
    query: QueryParams
    url: str  # absolute, as the client asked for it; pagination links are built from it
    user: m.User
    body: Any = None
    files: dict[str, Upload] = field(default_factory=dict)
    user_agent: str = ""
    errors: Errors = field(default_factory=Errors)  # the body's field errors found so far


@dataclass
class Reply:
    """A successful answer: ``data`` is rendered as JSON unless ``status`` is 204."""

    status: int
    data: Any = None
    json_empty: bool = False  # a 204 that still carries DRF's ``""`` body (bulk actions)
