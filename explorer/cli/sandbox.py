"""``sandbox``: serve the embedded TextIt imitation for curl or rapidpro-python."""

from __future__ import annotations

import argparse
import sys

from explorer.core.catalog import DEFAULT_RATE_LIMIT
from explorer.core.tokens import token_shape_problem


def add_sandbox_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sandbox = commands.add_parser(
        "sandbox",
        help="serve a local imitation of the TextIt API v2 on 127.0.0.1 until Ctrl-C",
        description="Serve a seeded local TextIt API v2 workspace on 127.0.0.1 until Ctrl-C.",
    )
    sandbox.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    sandbox.add_argument("--token", help="API token to accept (default: a random one)")
    sandbox.add_argument("--contacts", type=int, default=3000, help="workspace size (3000)")
    sandbox.add_argument("--seed", type=int, default=7, help="data seed (7)")
    sandbox.add_argument("--anon", action="store_true", help="an anonymous workspace (URNs hidden)")
    sandbox.add_argument(
        "--rate",
        type=int,
        default=DEFAULT_RATE_LIMIT,
        help=f"requests/hour per scope ({DEFAULT_RATE_LIMIT})",
    )
    sandbox.add_argument(
        "--faults",
        default="",
        help="e.g. latency=0.2,errors=0.05,truncate=0.02,garbage=0.02,drop=0.02,drip=0.05,seed=1",
    )
    sandbox.set_defaults(handler=_serve_sandbox)


def _serve_sandbox(args: argparse.Namespace) -> int:
    from explorer.sandbox.limits.faults import parse_faults
    from explorer.sandbox.serve import RunningSandbox, serve_forever

    try:
        faults = parse_faults(args.faults)
    except ValueError as error:
        print(f"textit-explorer sandbox: --faults: {error}", file=sys.stderr)
        return 2

    def announce(running: RunningSandbox) -> None:
        print(f"TextIt API v2 sandbox on {running.base_url}/api/v2/", flush=True)
        print(f"Token: {running.token}", flush=True)
        print(
            f"  curl -H 'Authorization: Token {running.token}' "
            f"{running.base_url}/api/v2/contacts.json",
            flush=True,
        )
        problem = token_shape_problem(running.token)
        if problem:
            print(f"Note: {problem}; `token set` warns about this one.", flush=True)
        print("Press Ctrl-C to stop.", flush=True)

    serve_forever(
        announce,
        contacts=args.contacts,
        seed=args.seed,
        anon=args.anon,
        token=args.token,
        port=args.port,
        rate_per_hour=args.rate,
        faults=faults,
    )
    return 0
