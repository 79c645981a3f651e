"""Top of the operation pane: method badge, path, title, summary, and folded docs."""

from __future__ import annotations

from textual import getters
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Collapsible, Label, Static

from explorer.core.catalog import Endpoint, Operation, Status

STATUS_NOTES = {
    Status.UNLISTED: "Unlisted: it works, but the API's root page does not list it.",
    Status.DEPRECATED: "Deprecated: it still works, but may go away.",
}


def status_note(endpoint: Endpoint) -> str:
    """One line about the endpoint's standing, or "" for a plain public endpoint; a deprecated
    one names what to use instead (its alias target), or says the API has nothing instead."""
    note = STATUS_NOTES.get(endpoint.status, "")
    if endpoint.status is Status.DEPRECATED and endpoint.alias_of:
        return f"{note} Use {endpoint.alias_of} instead: it answers the same."
    if endpoint.status is Status.DEPRECATED:
        return f"{note} The API has no replacement for it."
    if endpoint.alias_of:
        note = f"{note} Alias of {endpoint.alias_of}.".strip()
    return note


def docs_content(endpoint: Endpoint, operation: Operation) -> Content:
    """Returned fields, server rules and notes, as styled text for the collapsible."""
    parts: list[Content] = []
    if operation.method == "GET" and endpoint.fields:
        parts.append(Content.styled("Returned fields", "bold"))
        for field in endpoint.fields:
            mark = " (deprecated)" if field.deprecated else ""
            parts.append(
                Content.assemble(
                    "  ", (field.name, "bold"), f"  {field.type}{mark}  ", (field.help, "dim")
                )
            )
    sections = (("Rules", operation.rules), ("Notes", endpoint.notes))
    for heading, lines in sections:
        if lines:
            parts.append(Content.styled(heading, "bold"))
            parts.extend(Content(f"  • {line}") for line in lines)
    details = paging_note(operation)
    if details:
        parts.append(Content.styled(details, "italic"))
    return Content("\n").join(parts) if parts else Content("No further notes.")


def paging_note(operation: Operation) -> str:
    """How the answer is shaped, in words."""
    notes = {
        "cursor": "Paged with a cursor: follow `next` for more results.",
        "offset": "Paged with limit/offset; the envelope carries `count`.",
        "empty": "Answers 204 with no body on success.",
        "bulk": "Answers 204, or 200 with the `failures` it could not apply.",
    }
    note = notes.get(operation.response.value, "")
    if operation.ordering:
        note = f"{note} Ordered by {', '.join(operation.ordering)}.".strip()
    return note


class OperationDocs(Vertical):
    """What the chosen operation does; the long docs stay folded until asked for."""

    title_line = getters.query_one("#docs-title", Horizontal)
    summary = getters.query_one("#docs-summary", Static)
    status = getters.query_one("#docs-status", Static)
    details = getters.query_one("#docs-details", Static)

    def compose(self) -> ComposeResult:
        yield Horizontal(id="docs-title")
        yield Static(id="docs-summary")
        yield Static(id="docs-status")
        with Collapsible(title="Docs: returned fields, rules, notes", id="docs-collapsible"):
            yield Static(id="docs-details")

    def show(self, endpoint: Endpoint, operation: Operation) -> None:
        """Describe ``operation`` of ``endpoint``."""
        self.title_line.remove_children()
        self.title_line.mount_all(
            [
                Label(operation.method, classes=f"method-badge -{operation.method.lower()}"),
                Label(endpoint.path, classes="docs-path"),
                Label(operation.title, classes="docs-op-title"),
            ]
        )
        self.summary.update(operation.summary)
        note = status_note(endpoint)
        self.status.update(note)
        self.status.display = bool(note)
        self.details.update(docs_content(endpoint, operation))
