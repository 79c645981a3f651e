"""Write forms open empty: the catalog's examples are placeholders, sent only when asked for."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from explorer.core.catalog import load_catalog
from explorer.core.history import HistoryEntry
from explorer.ui.messages import OperationRequested
from explorer.ui.widgets.key_bar import KeyBar
from tests.harness.demo import DemoApp, demo_app
from tests.harness.scenes import settle
from tests.ui.support import sent_so_far

pytestmark = pytest.mark.slow  # the whole explorer on the demo sandbox

WRITES = ("broadcasts", "contacts", "messages")


def field_widget(app: DemoApp, name: str) -> Input | TextArea:
    found = app.explorer.form.field(name, "body")
    assert found is not None, name
    widget = found.input
    assert isinstance(widget, Input | TextArea)
    return widget


async def open_write(pilot: Pilot[int], app: DemoApp, slug: str) -> None:
    """Show the POST form of ``slug`` (as the command palette does), focus in the form."""
    app.explorer.post_message(OperationRequested(load_catalog().operation(slug, "POST")))
    await settle(pilot)
    assert app.explorer.operation is not None
    assert app.explorer.operation.name == f"{slug}.POST"


async def send_as_opened(app: DemoApp, slug: str) -> list[HistoryEntry]:
    """Open the write form of ``slug``, send it untouched; what went out."""
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = len(sent_so_far())
        await open_write(pilot, app, slug)
        assert app.explorer.form.values() == ({}, {})
        await pilot.press("ctrl+s")
        await settle(pilot)
        return sent_so_far()[before:]


@pytest.mark.parametrize("slug", WRITES)
async def test_a_write_sent_as_opened_carries_no_example(slug: str) -> None:
    sent = await send_as_opened(demo_app(), slug)
    if slug == "contacts":  # nothing is required: an empty contact is made, and nothing else
        assert [(entry.status, entry.body) for entry in sent] == [(201, {})]
    else:  # what is required is said before sending (text, contact), and nothing goes out
        assert sent == []


async def test_each_example_is_a_placeholder() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_write(pilot, app, "messages")
        assert field_widget(app, "text").placeholder == "e.g. Hi Bob"
        assert field_widget(app, "contact").placeholder == "e.g. tel:+250788123123"
        assert "Yes" in str(field_widget(app, "quick_replies").placeholder)
        await pilot.press("ctrl+r")  # the raw body shows the example too, and holds nothing
        await settle(pilot)
        form = app.explorer.form
        assert form.raw_body.text == ""
        assert '"Hi Bob"' in str(form.raw_body.placeholder)


async def test_the_example_key_fills_the_focused_field_which_is_then_sent() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = len(sent_so_far())
        await open_write(pilot, app, "contacts")
        field_widget(app, "name").focus()
        await settle(pilot)
        assert "ctrl+l" in [hint.key for hint in app.explorer.query_one(KeyBar).hints]
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert app.explorer.form.values() == ({}, {"name": "Ben Haggerty"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        sent = sent_so_far()[before:]
        assert [(entry.status, entry.body) for entry in sent] == [(201, {"name": "Ben Haggerty"})]


async def test_the_example_key_fills_a_list_of_quick_replies() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_write(pilot, app, "messages")
        assert app.explorer.form.values() == ({}, {})
        field_widget(app, "quick_replies").focus()
        await pilot.press("ctrl+l")
        await settle(pilot)
        example = load_catalog().operation("messages", "POST").example_body or {}
        request = app.explorer.operation_pane
        request.form.field("contact").set_value("tel:+250788123123")  # type: ignore[union-attr]
        request.form.field("text").set_value("Shall we meet?")  # type: ignore[union-attr]
        built = request.build()
        assert built is not None and built.body is not None
        assert built.body["quick_replies"] == example["quick_replies"]
