"""The request exactly as it will be sent: method, full URL, masked token, JSON body.

It is redrawn on every keystroke in the form, so what you see is what ``send`` sends; when the
form cannot become a request yet it lists the problems instead. A raw request is sent as typed:
above it, the problems the form would refuse it for, as a warning.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from textual.content import Content
from textual.widgets import Static

from explorer.core.describe import RequestDescription
from explorer.core.errors import ValidationError
from explorer.ui.display import content, visible
from explorer.ui.formatting import pretty_json

METHOD_STYLES = {"GET": "bold $success", "POST": "bold $primary", "DELETE": "bold $error"}


QUERY_INDENT = "    "
RAW_WARNING = "Raw: sent as typed, though the form would refuse it"


def request_lines(request: RequestDescription) -> Content:
    """The preview text, as HTTP puts it: the request line (each query parameter on a line of
    its own, so a narrow pane never breaks a URL mid-word), Host, the headers that matter, the
    body."""
    url = urlsplit(request.url)
    pairs = url.query.split("&") if url.query else []
    host = url.netloc if url.scheme == "https" else f"{url.netloc} ({url.scheme})"
    lines = [
        Content.assemble(
            (request.method, METHOD_STYLES.get(request.method, "bold")), " ", url.path
        ),
        *(Content(f"{QUERY_INDENT}{'&' if i else '?'}{pair}") for i, pair in enumerate(pairs)),
        Content.assemble(("Host: ", "dim"), host),
        *(Content.assemble((f"{name}: ", "dim"), value) for name, value in request.headers),
    ]
    if request.files:
        lines.extend(Content(f"  file {u.field}: {u.path}") for u in request.files)
    elif request.body is not None:
        lines.append(content(pretty_json(request.body), multiline=True))
    return Content("\n").join(lines)


def problems(error: ValidationError) -> str:
    """``1 problem``, ``3 problems``: how many messages ``error`` holds."""
    count = sum(len(messages) for messages in error.field_errors.values())
    return f"{count} problem" if count == 1 else f"{count} problems"


def problem_lines(error: ValidationError, heading: str = "Not ready to send") -> Content:
    """``heading: N problems``, then one line per problem."""
    lines = [Content.styled(f"{heading}: {problems(error)}", "bold $warning")]
    for name, messages in error.field_errors.items():
        lines.extend(
            Content.assemble("  ", (f"{visible(name)}: " if name else "", "bold"), visible(message))
            for message in messages
        )
    return Content("\n").join(lines)


class RequestPreview(Static):
    """A box under the form showing the request that ``send`` would send."""

    def show_request(
        self, request: RequestDescription, warning: ValidationError | None = None
    ) -> None:
        """Show ``request``; ``warning``: what a raw request breaks (it is sent anyway)."""
        self.set_class(warning is not None, "-invalid")
        lines = request_lines(request)
        if warning is not None:
            lines = Content("\n").join([problem_lines(warning, RAW_WARNING), lines])
        self.update(lines)

    def show_problems(self, error: ValidationError) -> None:
        self.set_class(True, "-invalid")
        self.update(problem_lines(error))
