"""Command line: ``textit-explorer`` starts the TUI; sub-commands serve scripts and SSH sessions.

Only the ``run`` path imports Textual, so ``endpoints``, ``sandbox``, ``profile`` and ``token``
start fast and work where no terminal UI can.
"""

from __future__ import annotations

import argparse
import gc
import getpass
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

from explorer import __version__
from explorer.core import paths
from explorer.core.catalog import DEFAULT_RATE_LIMIT, Catalog, Endpoint, Param, load_catalog
from explorer.core.errors import (
    ExplorerError,
    KeyringUnavailable,
    MissingToken,
    ValidationError,
)
from explorer.core.profiles import Profile, ProfileStore
from explorer.core.tokens import (
    Storage,
    TokenSource,
    TokenStore,
    check_token,
    keyring_help,
    token_shape_problem,
)

_OPTION_OF_FIELD = {"name": "NAME", "base_url": "--url", "rate_limit": "--rate-limit"}


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

    endpoints = commands.add_parser(
        "endpoints", help="print every API v2 endpoint and its parameters"
    )
    endpoints.add_argument("--json", action="store_true", help="machine-readable output")
    endpoints.set_defaults(handler=_endpoints)

    # Sub-commands added by other modules register themselves below.
    _add_sandbox_command(commands)
    _add_profile_commands(commands)
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


def _endpoints(args: argparse.Namespace) -> int:
    catalog = load_catalog()
    if args.json:
        json.dump(catalog_summary(catalog), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(catalog_text(catalog))
    return 0


def catalog_summary(catalog: Catalog) -> dict[str, object]:
    """The stable machine-readable form printed by ``endpoints --json``."""
    return {
        "api_version": catalog.api_version,
        "endpoints": [
            {
                "slug": e.slug,
                "path": e.path,
                "group": e.group,
                "status": e.status.value,
                "alias_of": e.alias_of,
                "throttle_scope": e.throttle_scope,
                "methods": {
                    op.method: {
                        "title": op.title,
                        "params": [p.name for p in op.params],
                        "body": [p.name for p in op.body],
                        "required": [p.name for p in (*op.params, *op.body) if p.required],
                        "response": op.response.value,
                    }
                    for op in e.operations
                },
            }
            for e in catalog.endpoints
        ],
    }


def catalog_text(catalog: Catalog) -> str:
    lines: list[str] = [f"TextIt API v2 (catalog of server {catalog.api_version})", ""]
    for group, endpoints in catalog.by_group().items():
        lines.append(group)
        for endpoint in endpoints:
            lines.extend(_endpoint_lines(endpoint))
        lines.append("")
    return "\n".join(lines)


def _endpoint_lines(endpoint: Endpoint) -> list[str]:
    marker = "" if endpoint.status.value == "public" else f"  [{endpoint.status.value}]"
    lines = [f"  {endpoint.path}{marker}  {endpoint.summary}"]
    for op in endpoint.operations:
        lines.append(f"    {op.method:<6} {op.title}")
        lines.extend(f"             ?{_param_text(p)}" for p in op.params)
        lines.extend(f"             body.{_param_text(p)}" for p in op.body)
    return lines


def _param_text(param: Param) -> str:
    required = " (required)" if param.required else ""
    kind = f"{param.kind.value}[{param.item.value}]" if param.item else param.kind.value
    return f"{param.name}: {kind}{required}"


def _add_sandbox_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``sandbox``: serve the embedded TextIt imitation for curl or rapidpro-python."""
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


def _add_profile_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``profile`` and ``token``: manage workspaces and their keys."""
    profile = commands.add_parser("profile", help="add, list, remove or switch workspaces")
    profile_commands = profile.add_subparsers(title="profile commands", metavar="ACTION")
    profile_commands.required = True
    add = profile_commands.add_parser("add", help="add a workspace")
    add.add_argument("name", help="letters, digits, '-' or '_'")
    add.add_argument("--url", required=True, help="base URL, e.g. https://textit.com")
    add.add_argument("--rate-limit", type=int, default=DEFAULT_RATE_LIMIT, help="requests/hour")
    add.add_argument("--read-only", action="store_true", help="refuse POST and DELETE")
    add.set_defaults(handler=_profile_add)
    edit = profile_commands.add_parser("edit", help="change a workspace's URL, rate or mode")
    edit.add_argument("name")
    edit.add_argument("--url", help="new base URL")
    edit.add_argument("--rate-limit", type=int, help="new requests/hour")
    mode = edit.add_mutually_exclusive_group()
    mode.add_argument(
        "--read-only", dest="read_only", action="store_true", default=None, help="refuse writes"
    )
    mode.add_argument(
        "--read-write", dest="read_only", action="store_false", help="allow POST and DELETE"
    )
    edit.set_defaults(handler=_profile_edit)
    listing = profile_commands.add_parser("list", help="every profile and its token source")
    listing.set_defaults(handler=_profile_list)
    for action, help_text, handler in (
        ("remove", "delete a profile and forget its token", _profile_remove),
        ("use", "start on this profile next time", _profile_use),
    ):
        sub = profile_commands.add_parser(action, help=help_text)
        sub.add_argument("name")
        sub.set_defaults(handler=handler)

    token = commands.add_parser("token", help="store, show or forget a profile's API token")
    token_commands = token.add_subparsers(title="token commands", metavar="ACTION")
    token_commands.required = True
    for action, help_text, handler in (
        ("set", "store a token read from stdin or a hidden prompt", _token_set),
        ("forget", "delete the stored token", _token_forget),
        ("show", "show the token masked, and where it comes from", _token_show),
    ):
        sub = token_commands.add_parser(action, help=help_text)
        sub.add_argument("--profile", required=True, dest="profile_name", metavar="NAME")
        sub.set_defaults(handler=handler)
        if action == "set":
            sub.add_argument(
                "--insecure-file",
                action="store_true",
                help="store in a plaintext 0600 file instead of the keyring (NOT encrypted)",
            )
            sub.add_argument(
                "--force",
                action="store_true",
                help="do not warn when the token does not look like a TextIt / RapidPro token",
            )


def _profile_add(args: argparse.Namespace) -> int:
    new = Profile(args.name, args.url, rate_limit=args.rate_limit, read_only=args.read_only)
    with _options_named():
        added = ProfileStore().add(new)
    print(f"Added profile {added.name} ({added.base_url}).")
    print(f"Store its token with: textit-explorer token set --profile {added.name}")
    return 0


def _profile_edit(args: argparse.Namespace) -> int:
    store = ProfileStore()
    old = store.get(args.name)
    if old.is_sandbox:
        raise ExplorerError("The built-in sandbox profile cannot be edited.")
    changes = {
        "base_url": args.url,
        "rate_limit": args.rate_limit,
        "read_only": args.read_only,
    }
    given = {field: value for field, value in changes.items() if value is not None}
    if not given:
        raise ExplorerError(
            "Nothing to change: give --url, --rate-limit, --read-only or --read-write."
        )
    with _options_named():
        new = store.update(replace(old, **given))
    mode = "read-only" if new.read_only else "read-write"
    print(f"Updated profile {new.name}: {new.base_url}, {new.rate_limit} requests/hour, {mode}.")
    return 0


@contextmanager
def _options_named() -> Iterator[None]:
    """Re-raise a profile ValidationError naming the command-line options, not the fields."""
    try:
        yield
    except ValidationError as error:
        raise ValidationError(
            {
                _OPTION_OF_FIELD.get(field, field): messages
                for field, messages in error.field_errors.items()
            }
        ) from None


def _profile_list(args: argparse.Namespace) -> int:
    store, tokens = ProfileStore(), TokenStore()
    current = store.current().name
    rows = [("", "NAME", "URL", "RATE/H", "MODE", "TOKEN")]
    missing: list[str] = []
    for profile in store.all():
        found = tokens.lookup(profile.name)
        if found.source is TokenSource.NONE:
            missing.append(profile.name)
        rows.append(
            (
                "*" if profile.name == current else "",
                profile.name,
                "(built-in, local)" if profile.is_sandbox else profile.base_url,
                str(profile.rate_limit),
                "read-only" if profile.read_only else "read-write",
                f"{found.source.value} {found.masked}",
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    if store.problem:
        print(f"\nWarning: {store.problem}", file=sys.stderr)
    if tokens.keyring_problem and missing:
        print(
            f"\nNo token found for {', '.join(missing)}; the system keyring was not checked: "
            f"{tokens.keyring_problem}."
        )
    return 0


def _profile_remove(args: argparse.Namespace) -> int:
    ProfileStore().remove(args.name)
    tokens = TokenStore()
    removed = tokens.forget(args.name)
    places = ", ".join(source.value for source in removed) or "nowhere stored"
    print(f"Removed profile {args.name}; its token was forgotten ({places}).")
    _warn_if_keyring_unchecked(tokens)
    return 0


def _profile_use(args: argparse.Namespace) -> int:
    profile = ProfileStore().use(args.name)
    print(f"Now using {profile.name}.")
    return 0


def _token_set(args: argparse.Namespace) -> int:
    name = ProfileStore().get(args.profile_name).name
    tokens = TokenStore()
    storage = Storage.FILE if args.insecure_file else Storage.KEYRING
    if storage is Storage.KEYRING and tokens.check_keyring(name):
        return _not_stored(name, str(tokens.keyring_problem))
    token = check_token(_read_token(name))
    try:
        stored = tokens.set(name, token, storage)
    except KeyringUnavailable as error:
        return _not_stored(name, str(error))
    print(f"Token {stored.masked} for {name} stored {stored.note}.")
    problem = token_shape_problem(token)
    if problem and not args.force:
        print(
            f"Warning: {problem}. Stored anyway, as servers differ; if the server refuses it, "
            "copy the token again from your workspace's API settings.",
            file=sys.stderr,
        )
    used = tokens.lookup(name)
    if used.source is TokenSource.ENV:
        print(f"Note: it is not used while a variable is set: {used.note}.")
    return 0


def _not_stored(name: str, keyring_problem: str) -> int:
    print(keyring_help(keyring_problem), file=sys.stderr)
    print(f"\nThe token for {name} was NOT stored.", file=sys.stderr)
    return 1


def _read_token(profile_name: str) -> str:
    """The token from stdin when piped, else from a hidden prompt: never from the command line."""
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"API token for {profile_name} (input hidden): ")
    return sys.stdin.read() if sys.stdin is not None else ""


def _token_forget(args: argparse.Namespace) -> int:
    name = ProfileStore().get(args.profile_name).name
    tokens = TokenStore()
    removed = tokens.forget(name)
    if removed:
        print(f"Forgot the token for {name} ({', '.join(s.value for s in removed)}).")
    else:
        print(f"No stored token for {name}.")
    _warn_if_keyring_unchecked(tokens)
    return 0


def _token_show(args: argparse.Namespace) -> int:
    name = ProfileStore().get(args.profile_name).name
    found = TokenStore().lookup(name)
    if found.token is None:
        print(
            MissingToken(
                name, found.note, f"store one with `textit-explorer token set --profile {name}`"
            )
        )
        return 1
    print(f"{name}: {found.masked} [{found.source.value}] {found.note}")
    return 0


def _warn_if_keyring_unchecked(tokens: TokenStore) -> None:
    if tokens.keyring_problem:
        print(
            f"Warning: the keyring could not be checked ({tokens.keyring_problem}); "
            "a token may remain there.",
            file=sys.stderr,
        )
