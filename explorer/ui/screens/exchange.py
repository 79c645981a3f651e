"""The application's events as Textual messages, and what the explorer keeps of an answer.

The session's sink (``relay``) posts each event to the screen wrapped in ``AppEvent``;
``ExplorerRequests``' handler is the only code that shows what it carries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.message import Message
from textual.message_pump import MessagePump

from explorer.app.events import Event, Sink
from explorer.core.request import ApiRequest


class AppEvent(Message):
    """An event of the application layer (``explorer.app.events``), for the screen to show."""

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event


def relay(target: MessagePump) -> Sink:
    """A sink that posts each event to ``target`` (thread-safe: ``post_message`` is)."""

    def post(event: Event) -> None:
        target.post_message(AppEvent(event))

    return post


@dataclass(frozen=True)
class LastAnswer:
    """What an operation's last request brought, to show it again when the operation is."""

    request: ApiRequest
    page: int
    fetched: list[Any] | None
    show: Callable[[], None]
    spool: Path | None = None  # a fetch-all's file holding every item (``fetched``: the first)


def operation_name(request: ApiRequest) -> str:
    """The catalog name of the operation ``request`` was built from (``contacts.GET``)."""
    return f"{request.endpoint}.{request.method}"
