"""The middle pane: what the chosen operation does, its form, and the request it makes.

It knows how requests go out (``target``, token masked) only to draw the preview; sending is the
screen's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Vertical

from explorer.core.catalog import Catalog, Operation
from explorer.core.describe import Describe, describer
from explorer.core.errors import BadRequest, ValidationError
from explorer.core.request import ApiRequest, build_raw_request, build_request
from explorer.ui.widgets.operation_docs import OperationDocs
from explorer.ui.widgets.param_form import ParamForm
from explorer.ui.widgets.request_preview import RequestPreview

CONNECTING = describer("(connecting…)", "")  # what the preview shows before a session exists


class OperationPane(Vertical):
    """Docs, parameter form and live request preview of one operation."""

    ALLOW_MAXIMIZE = True

    docs = getters.query_one(OperationDocs)
    form = getters.query_one(ParamForm)
    preview = getters.query_one(RequestPreview)

    def __init__(self, catalog: Catalog, *, now: Callable[[], datetime], id: str | None = None):
        super().__init__(id=id)
        self.catalog = catalog
        self.now = now
        self.operation: Operation | None = None
        self.target: Describe = CONNECTING  # how the live session sends a request
        self.warning: ValidationError | None = None  # what the raw request last built breaks
        self.warned: ApiRequest | None = None  # the last request held back for unknown names

    def compose(self) -> ComposeResult:
        yield OperationDocs()
        yield ParamForm(clock=self.now)
        yield RequestPreview(id="request-preview")

    def on_mount(self) -> None:
        self.border_title = "Operation"
        self.preview.border_title = "Request"

    async def show(self, operation: Operation) -> None:
        """Describe ``operation`` and load its form (what was typed for it before is kept)."""
        if self.operation is not None and operation.name == self.operation.name:
            return
        self.operation = operation
        self.docs.show(self.catalog.endpoint(operation.endpoint), operation)
        await self.form.load(operation)

    def set_target(self, describe: Describe) -> None:
        self.target = describe
        self.update_preview()

    def forget_target(self) -> None:
        """No session (yet): the preview says it is connecting."""
        self.set_target(CONNECTING)

    def build(self) -> ApiRequest | None:
        """The request the form describes; ``ValidationError`` lists what is wrong.

        The raw view refuses only text that is no request (a body that is not a JSON object):
        the rest goes as typed, so the server's own answer can be seen, and ``warning`` keeps
        what the form would have refused it for.
        """
        self.warning = None
        if self.operation is None:
            return None
        query, body = self.form.values()
        if not self.form.raw:
            return build_request(self.operation, query, body, zone=self.form.zone)
        request, self.warning = build_raw_request(self.operation, query, body, zone=self.form.zone)
        return request

    def update_preview(self) -> None:
        """Redraw the preview: the request, or why the form is not one yet."""
        try:
            request = self.build()
        except ValidationError as error:
            self.preview.show_problems(error)
            self.form.refresh_general(error.field_errors)
            return
        self.form.refresh_general({})
        if request is not None:
            self.preview.show_request(self.target(request), self.warning)

    async def unknown_names(self, request: ApiRequest) -> list[str]:
        """What ``request`` names that the workspace does not have (marked on the form), unless
        the same request was warned of last time: sending it again overrides the warning, as
        the names known may be older than the workspace's."""
        lookups = self.form.lookups
        if lookups is None or request == self.warned:
            return []
        problems = await lookups.check(request)
        self.warned = request if problems else None
        self.form.show_warnings(problems)
        return [message for messages in problems.values() for message in messages]

    def reject(self, error: ValidationError | BadRequest) -> bool:
        """Mark the fields ``error`` names and focus the first (in the raw view, which hides the
        fields, the focus stays in the raw editor); False when it names no field."""
        self.form.show_errors(error.field_errors)
        if isinstance(error, ValidationError):
            self.preview.show_problems(error)
        invalid = self.form.first_invalid()
        if self.form.raw:
            if not self.form.has_focus_within:
                self.form.focus_first()
        elif invalid is not None:
            self.form.focus_field(invalid)
        return invalid is not None

    def focus_form(self) -> None:
        """Focus the first field marked invalid, else where typing starts. (A narrow screen
        turning back to the form after a 400 comes here too, possibly before the focus that
        ``reject`` gave the field has landed: it must land on the same field.)"""
        invalid = None if self.form.raw else self.form.first_invalid()
        if invalid is None:
            self.form.focus_first()
        else:
            self.form.focus_field(invalid)

    @on(ParamForm.Changed)
    def _form_changed(self, event: ParamForm.Changed) -> None:
        event.stop()
        if not self.form.loading:  # a change told before a load began: the load tells its own
            self.update_preview()
