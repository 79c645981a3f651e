"""The app's crash report: Textual's traceback, made safe to print on a terminal.

Textual prints the locals of every frame when an app crashes, and frames hold tokens (a plain
``token`` string, httpx's header lists). This report has no locals at all, masks the known tokens
and anything shaped like one in the exceptions' text, and shows control characters as escapes,
as an exception's message may quote what a server sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import fields, is_dataclass, replace
from typing import Any

import rich
from rich.traceback import Traceback

from explorer.core.secrets import safe_text


def crash_report(error: BaseException, known_tokens: Iterable[str]) -> Traceback:
    """A traceback of ``error`` without frame locals, its text redacted (see the module doc)."""
    known = tuple(known_tokens)
    trace = Traceback.extract(type(error), error, error.__traceback__, show_locals=False)
    safe = _map_strings(trace, lambda text: safe_text(text, known))
    return Traceback(safe, width=None, suppress=[rich])


def _map_strings(node: Any, change: Callable[[str], str]) -> Any:
    """``node`` (rich's Trace: dataclasses, lists, strings) with every string changed."""
    if isinstance(node, str):
        return change(node)
    if isinstance(node, list):
        return [_map_strings(item, change) for item in node]
    if is_dataclass(node) and not isinstance(node, type):
        changed = {f.name: _map_strings(getattr(node, f.name), change) for f in fields(node)}
        return replace(node, **changed)
    return node
