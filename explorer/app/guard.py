"""What a profile asks of a request before it goes: the one rule the screen and ``call`` share."""

from __future__ import annotations

from enum import Enum

from explorer.core.profiles import Profile
from explorer.core.request import ApiRequest


class WriteGuard(Enum):
    """What a profile asks of a request before it goes."""

    SEND = "send"  # a read, or anything on the sandbox
    ASK = "ask"  # a write to a real workspace: the person says yes first
    REFUSE = "refuse"  # a write on a read-only profile


def write_guard(profile: Profile, request: ApiRequest) -> WriteGuard:
    if request.method == "GET" or profile.is_sandbox:
        return WriteGuard.SEND
    return WriteGuard.REFUSE if profile.read_only else WriteGuard.ASK
