"""``endpoints``: print every API v2 endpoint and its parameters, as text or JSON."""

from __future__ import annotations

import argparse
import json
import sys

from explorer.core.catalog import Catalog, Endpoint, Param, load_catalog


def add_endpoints_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    endpoints = commands.add_parser(
        "endpoints", help="print every API v2 endpoint and its parameters"
    )
    endpoints.add_argument("--json", action="store_true", help="machine-readable output")
    endpoints.set_defaults(handler=_endpoints)


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
