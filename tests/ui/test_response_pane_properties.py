"""Any answer in the response pane: the Table and Tree filled and a jq filter run, never an
exception (property test; a few apps, each shown a series of answers, keep it quick)."""

from __future__ import annotations

import asyncio
from pathlib import PurePath
from typing import ClassVar

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult

from explorer.ui.widgets.response_pane import ResponsePane
from tests.core.test_response_properties import BODIES, HEADERS, response
from tests.ui.support import WIDGET_STYLESHEETS, settle_tolerating_cancelled

ANSWERS = st.lists(st.tuples(st.integers(100, 599), HEADERS, BODIES), min_size=5, max_size=5)


class PaneApp(App[None]):
    CSS_PATH: ClassVar[list[str | PurePath]] = WIDGET_STYLESHEETS

    def compose(self) -> ComposeResult:
        yield ResponsePane()


async def show_each(answers: list[tuple[int, list[tuple[bytes, bytes]], bytes]]) -> None:
    """Show each answer with the Table, then the Tree tab open (each fills as it is shown),
    filtering every body with jq."""
    app = PaneApp()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = app.query_one(ResponsePane)
        for tab in ("table", "tree"):
            pane.views.tabs.active = tab
            for status, headers, raw in answers:
                pane.show_response(response(status, headers, raw))
                pane.views.body_view.apply_filter(".")
                await settle_tolerating_cancelled(pilot)
                assert str(pane.status_code.content).startswith(str(status))
        assert app.is_running


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=ANSWERS)
@example(
    answers=[
        (200, [(b"Content-Type", b"application/json; charset=foo")], b'{"a": 1}'),
        (200, [], b"[" * 200_000),
        (200, [], b"[" * 900 + b"]" * 900),
        (502, [(b"Content-Type", b"text/html")], b"<title>502 Bad Gateway</title>"),
        (200, [], b'{"next": 5, "previous": null, "results": [{"a": "\xff"}]}'),
    ]
)
def test_any_answer_is_shown_in_every_tab_and_filtered(
    answers: list[tuple[int, list[tuple[bytes, bytes]], bytes]],
) -> None:
    asyncio.run(show_each(answers))
