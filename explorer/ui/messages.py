"""Messages that cross screens (a widget's own messages live on the widget as nested classes)."""

from __future__ import annotations

from textual.message import Message

from explorer.app.session import Session
from explorer.core.catalog import Operation
from explorer.core.profiles import Profile


class OperationRequested(Message):
    """Show ``operation`` in the explorer (from the command palette or another screen)."""

    def __init__(self, operation: Operation) -> None:
        super().__init__()
        self.operation = operation


class SessionConnecting(Message):
    """``profile`` is being connected (token lookup, sandbox start, workspace name)."""

    def __init__(self, profile: Profile) -> None:
        super().__init__()
        self.profile = profile


class SessionOpened(Message):
    """A profile is connected (sandbox started, or token found): the explorer can send."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session


class SessionFailed(Message):
    """Connecting the profile failed; ``reason`` is a sentence for the person."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class RateLimitSaveRequested(Message):
    """Make ``limit`` (requests an hour) profile ``profile``'s rate limit, in the profiles file."""

    def __init__(self, profile: str, limit: int) -> None:
        super().__init__()
        self.profile = profile
        self.limit = limit
