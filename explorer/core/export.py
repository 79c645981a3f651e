"""A request as code to paste elsewhere: curl, Python httpx, the official rapidpro-python
client, or a ``textit-explorer call`` command line.

Works from plain values (method, full URL with query, JSON body or the text fields and files of a
multipart body, and the profile it goes to) so any screen can export. A profile's token never
appears: the code reads it from ``$TEXTIT_API_TOKEN`` (``os.environ`` in Python), and the command
line names the profile, whose token ``call`` finds itself. The embedded sandbox's built-in token is
no secret, so the sandbox's code holds it: pasted in another terminal, it runs as it is.
rapidpro-python code is produced only where the request maps onto a client method; otherwise the
httpx code is given, under a comment saying why.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from explorer.core.profiles import SANDBOX_NAME
from explorer.core.request import FileUpload
from explorer.core.tokens import GLOBAL_ENV, SANDBOX_TOKEN

_MAX_LINE = 88
CALL = ("textit-explorer", "call")


class ExportFormat(StrEnum):
    CURL = "curl"
    HTTPX = "httpx"
    RAPIDPRO = "rapidpro-python"
    COMMAND_LINE = "command line"


def export_request(
    fmt: ExportFormat,
    method: str,
    url: str,
    body: Any = None,
    files: Sequence[FileUpload] = (),
    *,
    profile: str = "",
) -> str:
    """The request to ``profile`` as a snippet in ``fmt``; with ``files`` the body is multipart
    (``body`` holds its text fields)."""
    exporters = {
        ExportFormat.CURL: to_curl,
        ExportFormat.HTTPX: to_httpx,
        ExportFormat.COMMAND_LINE: to_command_line,
    }
    return exporters.get(fmt, to_rapidpro)(method, url, body, files, profile=profile)


def holds_token(profile: str) -> bool:
    """Whether code for ``profile`` holds its token: only the sandbox's, which is no secret."""
    return profile == SANDBOX_NAME


def _token_py(profile: str) -> str:
    """The Python expression for the token: the sandbox's as it is, else the environment's."""
    return _py(SANDBOX_TOKEN) if holds_token(profile) else f'os.environ["{GLOBAL_ENV}"]'


def _imports(profile: str, module: str) -> list[str]:
    """The snippet's import lines (``os`` only where the token is read from the environment)."""
    return [module] if holds_token(profile) else ["import os", "", module]


def to_curl(
    method: str,
    url: str,
    body: Any = None,
    files: Sequence[FileUpload] = (),
    *,
    profile: str = "",
) -> str:
    """A curl command line for a POSIX shell; every argument is shell-quoted."""
    lines = ["curl -sS" + ("" if method == "GET" else f" -X {method}") + f" {shlex.quote(url)}"]
    if holds_token(profile):
        lines.append(f"-H 'Authorization: Token {SANDBOX_TOKEN}'")
    else:
        lines.append(f'-H "Authorization: Token ${GLOBAL_ENV}"')
    if files:
        fields = body if isinstance(body, dict) else {}
        lines.extend("--form-string " + shlex.quote(f"{k}={v}") for k, v in fields.items())
        lines.extend(
            "-F " + shlex.quote(f"{f.field}=@{f.path};type={f.content_type}") for f in files
        )
    elif body is not None:
        lines.append("-H 'Content-Type: application/json'")
        lines.append("--data-raw " + shlex.quote(json.dumps(body, ensure_ascii=False)))
    return " \\\n  ".join(lines) + "\n"


def to_command_line(
    method: str,
    url: str,
    body: Any = None,
    files: Sequence[FileUpload] = (),
    *,
    profile: str = "",
) -> str:
    """``textit-explorer call [--profile P] [--body JSON] METHOD ENDPOINT [NAME=VALUE ...]``,
    every word shell-quoted: the query as NAME=VALUE (repeated for lists), the body as JSON (a
    file's field holds its path). It names the profile, never its token."""
    words = [*CALL]
    if profile:
        # "--profile=-x": a name starting with "-" would be read as an option of its own
        words += [f"--profile={profile}"] if profile.startswith("-") else ["--profile", profile]
    if files:
        fields = body if isinstance(body, dict) else {}
        body = {**fields, **{upload.field: str(upload.path) for upload in files}}
    if body is not None:
        words += ["--body", json.dumps(body, ensure_ascii=False)]
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    positional = [method, _slug(parts.path), *(f"{name}={value}" for name, value in query)]
    if any(word.startswith("-") for word in positional):
        words.append("--")  # a recorded name starting with "-" is still not an option
    return " ".join(shlex.quote(word) for word in [*words, *positional]) + "\n"


def _slug(path: str) -> str:
    """``contacts`` from ``/api/v2/contacts.json``: the endpoint as the catalog names it."""
    return path.rsplit("/", 1)[-1].removesuffix(".json")


def to_httpx(
    method: str,
    url: str,
    body: Any = None,
    files: Sequence[FileUpload] = (),
    *,
    profile: str = "",
) -> str:
    """A short Python script that sends the request with httpx and prints the answer."""
    base, params = _split_url(url)
    shortcut = method in ("GET", "POST")
    arguments = [] if shortcut else [_py(method)]
    arguments.append(_py(base))
    if params:
        arguments.append(f"params={_py(params, 1)}")
    arguments.append(f'headers={{"Authorization": "Token " + {_token_py(profile)}}}')
    if files:
        if body:
            arguments.append(f"data={_py(body, 1)}")
        uploads = ", ".join(
            f"{_py(f.field)}: ({_py(f.path.name)}, open({_py(str(f.path))}, 'rb'), "
            f"{_py(f.content_type)})"
            for f in files
        )
        arguments.append(f"files={{{uploads}}}")
    elif body is not None:
        arguments.append(f"json={_py(body, 1)}")
    function = f"httpx.{method.lower()}" if shortcut else "httpx.request"
    lines = [
        *_imports(profile, "import httpx"),
        "",
        _call("response", function, arguments),
        "response.raise_for_status()",
        "print(response.json() if response.content else response.status_code)",
    ]
    return "\n".join(lines) + "\n"


def _call(result: str, function: str, arguments: list[str]) -> str:
    """``result = function(arguments)``: one line when short, else one argument per line."""
    flat = f"{result} = {function}({', '.join(arguments)})"
    if len(flat) <= _MAX_LINE and "\n" not in flat:
        return flat
    return "\n".join([f"{result} = {function}(", *(f"    {a}," for a in arguments), ")"])


def to_rapidpro(
    method: str,
    url: str,
    body: Any = None,
    files: Sequence[FileUpload] = (),
    *,
    profile: str = "",
) -> str:
    """rapidpro-python code for the request, or the httpx code with a comment saying why not."""
    parts = urlsplit(url)
    slug = _slug(parts.path)
    host = urlunsplit((parts.scheme, parts.netloc, parts.path.split("/api/v2/")[0], "", ""))
    call = (
        _NoMethod("the client cannot upload files")
        if files
        else _client_call(method, slug, _split_url(url)[1], body)
    )
    if isinstance(call, _NoMethod):
        return f"# rapidpro-python: {call.reason}; plain httpx instead.\n" + to_httpx(
            method, url, body, files, profile=profile
        )
    lines = [
        *_imports(profile, "from temba_client.v2 import TembaClient"),
        "",
        f"client = TembaClient({_py(host)}, {_token_py(profile)})",
        *call,
    ]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _Method:
    """A client method: its name, the identifier it takes first, and its keyword arguments.

    ``signature`` mirrors the client's: ``"text, urns=, groups="``; a bare name is required, a
    name ending in ``=`` optional, and ``name=[]`` optional with that value filled in when absent
    (the client requires it, the API does not).
    """

    name: str
    signature: str = ""
    identifier: tuple[str, ...] = ()  # query params whose value is passed first (update/delete)

    def keywords(self) -> dict[str, str | None]:
        """Keyword name -> default code: None when required, "" when it may be left out."""
        parsed: dict[str, str | None] = {}
        for part in filter(None, self.signature.split(", ")):
            name, optional, default = part.partition("=")
            parsed[name] = default if optional else None
        return parsed


@dataclass(frozen=True)
class _NoMethod:
    reason: str


_GETS: dict[str, tuple[str, ...]] = {
    "archives": ("type", "period", "before", "after"),
    "boundaries": ("geometry",),
    "broadcasts": ("uuid", "before", "after"),
    "campaigns": ("uuid",),
    "campaign_events": ("uuid", "campaign"),
    "channels": ("uuid", "address"),
    "contacts": ("uuid", "urn", "group", "deleted", "before", "after", "reverse"),
    "fields": ("key",),
    "flows": ("uuid", "type", "archived"),
    "flow_starts": ("uuid",),
    "globals": ("key",),
    "groups": ("uuid", "name"),
    "labels": ("uuid", "name"),
    "messages": ("uuid", "folder", "before", "after"),
    "resthooks": (),
    "resthook_events": ("resthook",),
    "resthook_subscribers": ("id", "resthook"),
    "runs": ("uuid", "flow", "responded", "before", "after", "reverse", "paths"),
}
_CREATES: dict[str, _Method] = {
    "broadcasts": _Method("create_broadcast", "text, urns=, contacts=, groups="),
    "campaigns": _Method("create_campaign", "name, group"),
    "contacts": _Method("create_contact", "name=, language=, urns=, fields=, groups="),
    "fields": _Method("create_field", "name, type"),
    "flow_starts": _Method(
        "create_flow_start",
        "flow, urns=, contacts=, groups=, restart_participants=, exclude_active=, params=",
    ),
    "globals": _Method("create_global", "name, value"),
    "groups": _Method("create_group", "name"),
    "labels": _Method("create_label", "name"),
    "messages": _Method("create_message", "contact, text, attachments=[], quick_replies="),
    "resthook_subscribers": _Method("create_resthook_subscriber", "resthook, target_url"),
}
_UPDATES: dict[str, _Method] = {
    "campaigns": _Method("update_campaign", "name, group", ("uuid",)),
    "contacts": _Method(
        "update_contact", "name=, language=, urns=, fields=, groups=", ("uuid", "urn")
    ),
    "fields": _Method("update_field", "name, type", ("key",)),
    "globals": _Method("update_global", "value", ("key",)),
    "groups": _Method("update_group", "name", ("uuid",)),
    "labels": _Method("update_label", "name", ("uuid",)),
}
_DELETES: dict[str, _Method] = {
    "campaign_events": _Method("delete_campaign_event", identifier=("uuid",)),
    "contacts": _Method("delete_contact", identifier=("uuid", "urn")),
    "groups": _Method("delete_group", identifier=("uuid",)),
    "labels": _Method("delete_label", identifier=("uuid",)),
    "resthook_subscribers": _Method("delete_resthook_subscriber", identifier=("id",)),
}
_BULK_ACTIONS: dict[tuple[str, str], _Method] = {
    ("contact_actions", "add"): _Method("bulk_add_contacts", "contacts, group"),
    ("contact_actions", "remove"): _Method("bulk_remove_contacts", "contacts, group"),
    ("contact_actions", "block"): _Method("bulk_block_contacts", "contacts"),
    ("contact_actions", "unblock"): _Method("bulk_unblock_contacts", "contacts"),
    ("contact_actions", "interrupt"): _Method("bulk_interrupt_contacts", "contacts"),
    ("contact_actions", "archive_messages"): _Method("bulk_archive_contact_messages", "contacts"),
    ("contact_actions", "delete"): _Method("bulk_delete_contacts", "contacts"),
    ("message_actions", "label"): _Method("bulk_label_messages", "messages, label=, label_name="),
    ("message_actions", "unlabel"): _Method(
        "bulk_unlabel_messages", "messages, label=, label_name="
    ),
    ("message_actions", "archive"): _Method("bulk_archive_messages", "messages"),
    ("message_actions", "restore"): _Method("bulk_restore_messages", "messages"),
    ("message_actions", "delete"): _Method("bulk_delete_messages", "messages"),
}


def _client_call(
    method: str, slug: str, params: Mapping[str, str | list[str]], body: Any
) -> list[str] | _NoMethod:
    """Lines of code that make the client call and print its result, or why there is none."""
    if method == "GET":
        if slug not in _GETS:
            return _NoMethod(f"the client has no method to list {slug!r}")
        found = _Method(f"get_{slug}", ", ".join(f"{name}=" for name in _GETS[slug]))
        arguments = _arguments(found, params, {})
        if isinstance(arguments, _NoMethod):
            return arguments
        query = _call("query", f"client.{found.name}", arguments)
        return [query, "results = query.all(retry_on_rate_exceed=True)", "print(results)"]
    fields = body if isinstance(body, dict) else {}
    table_entry = _post_method(slug, params, fields) if method == "POST" else _DELETES.get(slug)
    if method not in ("POST", "DELETE") or table_entry is None:
        return _NoMethod(f"the client has no method for {method} {slug}")
    arguments = _arguments(table_entry, params, fields)
    if isinstance(arguments, _NoMethod):
        return arguments
    return [_call("result", f"client.{table_entry.name}", arguments), "print(result)"]


def _post_method(slug: str, params: Mapping[str, Any], fields: Mapping[str, Any]) -> _Method | None:
    if slug in ("contact_actions", "message_actions"):
        return _BULK_ACTIONS.get((slug, str(fields.get("action"))))
    return (_UPDATES if params else _CREATES).get(slug)


def _arguments(
    found: _Method, params: Mapping[str, str | list[str]], fields: Mapping[str, Any]
) -> list[str] | _NoMethod:
    """The call's arguments as code, if every query param and body field has a place in it."""
    identifiers = [_py(params[name], 1) for name in found.identifier if name in params]
    if found.identifier and len(identifiers) != 1:
        return _NoMethod(f"{found.name} needs exactly one of {', '.join(found.identifier)}")
    given = {k: v for k, v in params.items() if k not in found.identifier}
    bulk = found.name.startswith("bulk_")  # their "action" chose the method
    given.update((k, v) for k, v in fields.items() if not (bulk and k == "action"))
    accepted = found.keywords()
    unknown = sorted(set(given) - set(accepted))
    if unknown:
        return _NoMethod(f"{found.name} does not take {', '.join(unknown)}")
    missing = [name for name, default in accepted.items() if default is None and name not in given]
    if missing:
        return _NoMethod(f"{found.name} needs {', '.join(missing)}")
    keywords = [f"{key}={_py(value, 1)}" for key, value in given.items()]
    keywords += [f"{k}={d}" for k, d in accepted.items() if d and k not in given]
    return [*identifiers, *keywords]


def _split_url(url: str) -> tuple[str, dict[str, str | list[str]]]:
    """The URL without its query, and the query as a dict (repeated names -> lists)."""
    parts = urlsplit(url)
    params: dict[str, str | list[str]] = {}
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        previous = params.get(name)
        if previous is None:
            params[name] = value
        else:
            params[name] = [*(previous if isinstance(previous, list) else [previous]), value]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")), params


def _py(value: Any, level: int = 0) -> str:
    """A Python literal for a JSON value, on one line if short, else indented from ``level``."""
    flat = _py_flat(value)
    if len(flat) <= 72 or not isinstance(value, dict | list) or not value:
        return flat
    pad, inner = "    " * level, "    " * (level + 1)
    if isinstance(value, dict):
        items = [f"{inner}{_py(str(k))}: {_py(v, level + 1)}," for k, v in value.items()]
        return "{\n" + "\n".join(items) + f"\n{pad}}}"
    items = [f"{inner}{_py(item, level + 1)}," for item in value]
    return "[\n" + "\n".join(items) + f"\n{pad}]"


def _py_flat(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_py_flat(str(k))}: {_py_flat(v)}" for k, v in value.items()) + "}"
    if isinstance(value, Sequence):
        return "[" + ", ".join(_py_flat(item) for item in value) + "]"
    return repr(value)  # bool, None, int, float share their spelling with Python
