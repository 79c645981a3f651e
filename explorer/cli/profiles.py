"""``profile``: add, edit, list, remove or switch workspaces."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from explorer.cli.tokens import warn_if_keyring_unchecked
from explorer.core.catalog import DEFAULT_RATE_LIMIT
from explorer.core.errors import ExplorerError, ValidationError
from explorer.core.profiles import Profile, ProfileStore
from explorer.core.tokens import TokenSource, TokenStore

_OPTION_OF_FIELD = {"name": "NAME", "base_url": "--url", "rate_limit": "--rate-limit"}


def add_profile_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    print(
        f"Updated profile {new.name}: {new.base_url}, {new.rate_limit} requests/hour, {new.mode}."
    )
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
                profile.mode,
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
    warn_if_keyring_unchecked(tokens)
    return 0


def _profile_use(args: argparse.Namespace) -> int:
    profile = ProfileStore().use(args.name)
    print(f"Now using {profile.name}.")
    return 0
