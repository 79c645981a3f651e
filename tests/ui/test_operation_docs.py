"""The standing line of the docs pane: unlisted, deprecated and what to use instead."""

from __future__ import annotations

from textual.app import App, ComposeResult

from explorer.core.catalog import load_catalog
from explorer.ui.widgets.operation_docs import OperationDocs, status_note


def test_a_deprecated_alias_names_its_replacement_and_others_say_there_is_none() -> None:
    catalog = load_catalog()
    assert status_note(catalog.endpoint("org")) == (
        "Deprecated: it still works, but may go away. Use workspace instead: it answers the same."
    )
    for slug in ("channel_events", "definitions"):
        assert status_note(catalog.endpoint(slug)) == (
            "Deprecated: it still works, but may go away. The API has no replacement for it."
        )
    assert status_note(catalog.endpoint("contacts")) == ""
    assert status_note(catalog.endpoint("boundaries")).startswith("Unlisted:")


class DocsApp(App[None]):
    def compose(self) -> ComposeResult:
        yield OperationDocs()


async def test_the_docs_pane_shows_the_replacement_of_a_deprecated_endpoint() -> None:
    org = load_catalog().endpoint("org")
    app = DocsApp()
    async with app.run_test():
        docs = app.query_one(OperationDocs)
        docs.show(org, org.operations[0])
        assert docs.status.display and "Use workspace instead" in str(docs.status.content)
