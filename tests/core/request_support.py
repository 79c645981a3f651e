"""Operations shaped like the catalog's, with only what building a request reads.

Shared by the request tests; imported as ``tests.core.request_support``.
"""

from __future__ import annotations

from typing import Any

from explorer.core.catalog import Kind, Operation, Param, Response


def field(name: str, kind: Kind, **options: Any) -> Param:
    return Param(name=name, kind=kind, help="", **options)


def operation(
    method: str,
    endpoint: str,
    response: Response,
    *statuses: int,
    params: tuple[Param, ...] = (),
    body: tuple[Param, ...] = (),
    **rules: Any,
) -> Operation:
    """An operation with only what building a request reads (no title or docs)."""
    return Operation(
        endpoint=endpoint,
        method=method,
        title="",
        summary="",
        params=params,
        body=body,
        response=response,
        success_status=statuses,
        **rules,
    )


CONTACT_LOOKUP = (field("uuid", Kind.UUID), field("urn", Kind.URN))
LIST_CONTACTS = operation(
    "GET",
    "contacts",
    Response.CURSOR,
    200,
    params=(
        *CONTACT_LOOKUP,
        field("group", Kind.REF),
        field("deleted", Kind.BOOL),
        field("after", Kind.DATETIME),
    ),
    exclusive=(("uuid", "urn"),),
)
WRITE_CONTACT = operation(
    "POST",
    "contacts",
    Response.OBJECT,
    200,
    201,
    params=CONTACT_LOOKUP,
    body=(
        field("name", Kind.STRING, max_length=64, nullable=True),
        field("language", Kind.LANGUAGE, nullable=True),
        field("urns", Kind.LIST, item=Kind.URN, max_items=100),
        field("groups", Kind.LIST, item=Kind.REF),
        field("fields", Kind.JSON),
    ),
    lookup=("uuid", "urn"),
)
