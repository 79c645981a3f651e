"""``token``: store, show or forget a profile's API token (never taken from the command line)."""

from __future__ import annotations

import argparse
import getpass
import sys

from explorer.core.errors import KeyringUnavailable, MissingToken
from explorer.core.profiles import ProfileStore
from explorer.core.tokens import (
    Storage,
    TokenSource,
    TokenStore,
    check_token,
    keyring_help,
    token_shape_problem,
)


def add_token_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    warn_if_keyring_unchecked(tokens)
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


def warn_if_keyring_unchecked(tokens: TokenStore) -> None:
    """Say that a token may remain in the keyring when it could not be checked."""
    if tokens.keyring_problem:
        print(
            f"Warning: the keyring could not be checked ({tokens.keyring_problem}); "
            "a token may remain there.",
            file=sys.stderr,
        )
