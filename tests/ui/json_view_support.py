"""JsonView in a tiny app, with a body of contacts: shared by the JsonView tests.

Imported as ``tests.ui.json_view_support``.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePath
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.message import Message
from textual.pilot import Pilot

from explorer.ui.widgets.json_view import JsonView
from tests.ui.support import wait_until

WIDGETS = Path(__file__).parents[2] / "explorer" / "ui" / "widgets"
SIZE = (80, 24)
BODY_LINES = 23  # 24 rows minus the status line: checked in test_json_view.py
CONTACTS: dict[str, Any] = {
    "next": None,
    "previous": None,
    "results": [
        {"uuid": f"uuid-{number}", "name": name, "urns": [f"tel:+2507{number}"]}
        for number, name in enumerate(["Ben", "Ann", "Benedict", "Cy"] * 10)
    ],
}
BODY = json.dumps(CONTACTS, separators=(",", ":"))
PRETTY = json.dumps(CONTACTS, indent=2).split("\n")


class ViewApp(App[None]):
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        WIDGETS / "json_view.tcss",
        WIDGETS / "json_lines.tcss",
    ]

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[Message] = []

    def compose(self) -> ComposeResult:
        yield JsonView()

    def on_json_view_loaded(self, message: JsonView.Loaded) -> None:
        self.messages.append(message)

    def on_json_view_filter_failed(self, message: JsonView.FilterFailed) -> None:
        self.messages.append(message)


async def loaded(pilot: Pilot[Any], body: str | bytes, content_type: str | None) -> JsonView:
    view = pilot.app.query_one(JsonView)
    view.load(body, content_type)
    view.focus()
    await wait_until(pilot, lambda: view.lines.document.complete, "the body indexed")
    await pilot.pause()
    return view


def status(view: JsonView) -> str:
    return str(view.status.render())


def app_recording_escapes() -> tuple[ViewApp, list[str]]:
    """A view app that notes each Escape that reaches it (past the view)."""
    app = ViewApp()
    escapes: list[str] = []
    app.action_record_escape = lambda: escapes.append("app")  # type: ignore[attr-defined]
    app.bind("escape", "record_escape")
    return app, escapes
