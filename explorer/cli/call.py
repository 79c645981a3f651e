"""``call``: one API request (or every page of one) from a script, with the explorer's checks,
rate budget and history; the answer on stdout, everything else on stderr.

Exit status: 0 done, 1 the request failed (the server's message on stderr), 2 not sent (a bad
field, an unknown endpoint, a write refused or not confirmed), 130 cancelled with Ctrl+C.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from explorer.app.call import (
    CallRefused,
    ItemFilter,
    build_call,
    find_operation,
    refusal,
)
from explorer.app.guard import WriteGuard, write_guard
from explorer.app.saved import saved_request
from explorer.app.state import shared_store
from explorer.cli.call_output import Reporter, run_plan
from explorer.core.catalog import load_catalog
from explorer.core.errors import FilterError, ValidationError, field_error_lines
from explorer.core.profiles import Profile, ProfileStore
from explorer.core.records import FORMATS, RecordFormat, format_of
from explorer.core.request import ApiRequest
from explorer.core.secrets import safe_text
from explorer.core.visible import visible

PROG = "textit-explorer call"
EPILOG = """\
output:
  The response body as JSON on stdout: indented on a terminal or in a file, one line in a pipe.
  --all writes every item of every page, page by page as they come (memory stays flat), as JSON
  lines unless --format or the --output file's suffix (.json, .jsonl, .csv) says otherwise; CSV
  flattens nested fields to dotted columns. --format jsonl|csv without --all writes the page's
  items. --output writes the file whole or not at all.
  --jq EXPR filters with the explorer's jq engine: on the body, printed as the viewer shows it
  (one JSON value a line); with --all, on each item as it comes (the viewer's `.[] | EXPR` on
  every item), so it streams too.
  A saved query's own jq filter applies unless --jq is given.

writes:
  POST and DELETE on a profile other than the sandbox need --yes, or `yes` typed when asked on
  a terminal; a read-only profile refuses them. Nothing is sent when refused.

exit status:
  0 done, 1 the request failed (the server's message on stderr), 2 not sent (a bad field, an
  unknown endpoint, a write refused or not confirmed), 130 cancelled (Ctrl+C).

examples:
  textit-explorer call GET contacts group=Farmers
  textit-explorer call GET contacts --all --jq .name --output names.jsonl
  textit-explorer call POST contacts --body '{"name": "Ann", "urns": ["tel:+250788123123"]}'
  textit-explorer call DELETE contacts uuid=5a2f0e3c-8b8a-4c5e-9f43-1a2b3c4d5e6f --yes
"""


def add_call_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    call = commands.add_parser(
        "call",
        help="send one API request (or fetch every page) and print the answer",
        description="Send one API v2 request with the explorer's validation, rate limit and\n"
        "history, and print the answer as JSON.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    # SUPPRESS: `textit-explorer --profile P call ...` works too
    call.add_argument("--profile", default=argparse.SUPPRESS, help="default: the current one")
    call.add_argument("--all", action="store_true", help="every item of every page")
    call.add_argument("--jq", metavar="EXPR", default="", help="a jq filter (see below)")
    call.add_argument("--output", "-o", metavar="FILE", type=Path, help="write there, not stdout")
    call.add_argument("--format", choices=FORMATS, help="json, jsonl or csv (see below)")
    call.add_argument("--body", metavar="JSON|@FILE", help="the JSON body of a POST")
    call.add_argument("--yes", action="store_true", help="send a write without asking")
    call.add_argument("--saved", metavar="NAME", help="run the profile's saved query NAME")
    call.add_argument("method", nargs="?", metavar="METHOD", help="GET, POST or DELETE")
    call.add_argument("endpoint", nargs="?", metavar="ENDPOINT", help="a slug, e.g. contacts")
    call.add_argument(
        "params", nargs="*", metavar="NAME=VALUE", help="query parameters (repeat for a list)"
    )
    call.set_defaults(handler=_call)


@dataclass(frozen=True)
class Plan:
    """Everything checked, nothing sent yet: what to send, on which profile, and where to."""

    profile: Profile
    request: ApiRequest
    all_pages: bool
    jq: str
    output: Path | None
    format: RecordFormat | None  # None: the body itself, as JSON


def _call(args: argparse.Namespace) -> int:
    try:
        plan = _plan(args)
        _guard(plan, yes=args.yes)
    except ValidationError as error:
        for line in field_error_lines(error.field_errors):
            _say(f"{PROG}: {line}")
        _say(f"{PROG}: not sent.")
        return 2
    except (CallRefused, FilterError) as error:
        _say(f"{PROG}: {error}")
        return 2
    return run_plan(plan, Reporter(sys.stderr, progress=_progress_shown(plan)))


def _progress_shown(plan: Plan) -> bool:
    """Fetch-all's progress goes to stderr on a terminal, unless the items scroll by there."""
    items_on_terminal = plan.output is None and sys.stdout.isatty()
    return sys.stderr.isatty() and not items_on_terminal


def _plan(args: argparse.Namespace) -> Plan:
    """The call ``args`` describe, checked; raises ``ValidationError`` or ``CallRefused``."""
    profiles = ProfileStore()
    name = getattr(args, "profile", None)
    profile = profiles.get(name) if name else profiles.current()
    request, jq = _request(args, profile)
    if args.all and request.method != "GET":
        raise CallRefused(f"--all pages through what a GET lists; a {request.method} lists none.")
    if jq:
        ItemFilter(jq)  # a bad filter fails now, before anything is sent
    return Plan(profile, request, args.all, jq, args.output, _format(args))


def _request(args: argparse.Namespace, profile: Profile) -> tuple[ApiRequest, str]:
    catalog = load_catalog()
    if args.saved:
        if args.method or args.endpoint:
            raise CallRefused("Give either --saved NAME or METHOD ENDPOINT, not both.")
        saved = shared_store().query(profile.name, args.saved)
        if saved is None:
            raise CallRefused(f"Profile {profile.name!r} has no saved query {args.saved!r}.")
        return saved_request(saved, catalog), args.jq or saved.jq
    if not args.method or not args.endpoint:
        raise CallRefused("Give METHOD and ENDPOINT, e.g. `call GET contacts` (see --help).")
    operation = find_operation(catalog, args.method, args.endpoint)
    return build_call(operation, _pairs(args.params), _body_text(args.body)), args.jq


def _pairs(params: list[str]) -> list[tuple[str, str]]:
    pairs = []
    for param in params:
        name, equals, value = param.partition("=")
        if not equals or not name:
            raise CallRefused(f"{visible(param)!r} is not NAME=VALUE.")
        pairs.append((name, value))
    return pairs


def _body_text(body: str | None) -> str | None:
    """``--body``: JSON text, or ``@FILE`` for a file's."""
    if body is None or not body.startswith("@"):
        return body
    path = Path(body[1:]).expanduser()
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise CallRefused(f"--body: cannot read {visible(str(path))}: {reason}.") from None


def _format(args: argparse.Namespace) -> RecordFormat | None:
    if args.format is not None:
        return args.format  # type: ignore[no-any-return]
    suffix_format = format_of(args.output) if args.output is not None else None
    if args.all:
        return suffix_format or "jsonl"
    return None if suffix_format == "json" else suffix_format


def _guard(plan: Plan, *, yes: bool) -> None:
    """A write goes out on the sandbox, with ``--yes``, or once ``yes`` is typed on a terminal."""
    guard = write_guard(plan.profile, plan.request)
    if guard is WriteGuard.REFUSE:
        raise refusal(plan.profile, plan.request)
    if guard is WriteGuard.SEND or yes:
        return
    if not sys.stdin.isatty():
        raise CallRefused(
            f"{plan.request.method} changes data in the workspace of profile "
            f"{plan.profile.name!r}: give --yes to send it (nothing was sent)."
        )
    if not _confirmed(plan):
        raise CallRefused("Not sent.")


def _confirmed(plan: Plan) -> bool:
    request = plan.request
    _say(f"{request.method} {visible(request.url(plan.profile.base_url))}")
    if request.body is not None:
        _say(visible(json.dumps(request.body, ensure_ascii=False, indent=2), multiline=True))
    sys.stderr.write(
        f"This changes real data in the workspace of profile {plan.profile.name!r}. "
        "Type yes to send it: "
    )
    sys.stderr.flush()
    return sys.stdin.readline().strip().lower() == "yes"


def _say(text: str) -> None:
    print(safe_text(text), file=sys.stderr)
