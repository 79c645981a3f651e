"""Command line: ``textit-explorer`` starts the TUI; sub-commands serve scripts and SSH sessions.

Only the ``run`` path imports Textual, so ``call``, ``endpoints``, ``sandbox``, ``profile`` and
``token`` start fast and work where no terminal UI can.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence

from explorer import __version__
from explorer.cli.call import add_call_command
from explorer.cli.endpoints import add_endpoints_command
from explorer.cli.profiles import add_profile_commands
from explorer.cli.sandbox import add_sandbox_command
from explorer.cli.tokens import add_token_commands
from explorer.core import paths
from explorer.core.errors import ExplorerError


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    paths.remove_stale_temporaries()  # what killed writes left behind (one may hold a token)
    try:
        return int(args.handler(args))
    except ExplorerError as error:
        print(f"textit-explorer: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="textit-explorer",
        description="Explore the TextIt / RapidPro API v2 from a terminal.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--profile", help="start on this profile (default: the last one used)")
    parser.set_defaults(handler=_run_tui)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    add_call_command(commands)
    add_endpoints_command(commands)
    add_sandbox_command(commands)
    add_profile_commands(commands)
    add_token_commands(commands)
    return parser


def _run_tui(args: argparse.Namespace) -> int:
    if not _on_a_terminal():  # Textual would wait for a terminal forever, at full CPU
        print(
            "textit-explorer: the explorer needs a terminal for its input and output; "
            "the sub-commands (endpoints, profile, token, sandbox) work without one. "
            "See `textit-explorer --help`.",
            file=sys.stderr,
        )
        return 2
    # no garbage collection until the first screen is drawn (ExplorerApp.first_frame_drawn):
    # it took ~100 ms of the launch, and what is made until then (modules, widgets) lives on
    gc.disable()
    from explorer.ui.app import run_app

    return run_app(profile_name=args.profile)


def _on_a_terminal() -> bool:
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout))
