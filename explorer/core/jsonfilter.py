"""jq filters over a response body, with messages a person can act on.

The ``jq`` binding holds the GIL while it parses and filters, so on a big body it would freeze a
UI thread for a second or more; :func:`run_jq_isolated` runs the same filter in a child Python
process for such bodies and keeps the caller's event loop free.

Run as ``python -m explorer.core.jsonfilter EXPRESSION`` it filters stdin to stdout, exiting
with status 2 and the message on stderr when the filter fails.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys

import jq

from explorer.core.errors import FilterError

IN_PROCESS_LIMIT = 256 * 1024
"""Bodies up to this many characters are filtered in-process: a few milliseconds at most."""

_JQ_NOISE = re.compile(r"^jq: error: |\njq: \d+ compile errors?\s*$")


def run_jq(text: str, expression: str) -> str:
    """The output of jq ``expression`` on JSON ``text``: one compact JSON value per line."""
    try:
        program = jq.compile(expression)
    except ValueError as error:
        raise FilterError(f"Bad jq filter: {_clean(error)}") from error
    try:
        outputs = program.input_text(text).all()
    except ValueError as error:
        message = _clean(error)
        if message.startswith("parse error"):
            raise FilterError(f"The body is not valid JSON: {message}") from error
        raise FilterError(f"The jq filter failed: {message}") from error
    try:
        return "\n".join(
            json.dumps(output, ensure_ascii=False, separators=(",", ":")) for output in outputs
        )
    except RecursionError:  # jq reads up to 10,000 levels; Python writes fewer
        raise FilterError(
            "The filter's result is nested too deeply to show; pick a part of it."
        ) from None


async def run_jq_isolated(text: str, expression: str) -> str:
    """:func:`run_jq` without blocking the event loop: in-process for small bodies, else in a
    child process."""
    if len(text) <= IN_PROCESS_LIMIT:
        return run_jq(text, expression)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        __name__,
        expression,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        output, errors = await process.communicate(text.encode())
    except asyncio.CancelledError:
        if process.returncode is None:
            process.kill()
        raise
    if process.returncode != 0:
        raise FilterError(errors.decode(errors="replace").strip() or "The jq filter failed")
    return output.decode(errors="replace")


def _clean(error: ValueError) -> str:
    return _JQ_NOISE.sub("", str(error)).strip()


def main(arguments: list[str]) -> int:
    """Filter stdin with the expression in ``arguments``; the child side of
    :func:`run_jq_isolated`."""
    try:
        text = sys.stdin.buffer.read().decode("utf-8", errors="replace")
        sys.stdout.buffer.write(run_jq(text, arguments[0]).encode())
    except FilterError as error:
        sys.stderr.buffer.write(str(error).encode())
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
