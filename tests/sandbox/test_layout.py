"""The sandbox's shape: small modules, and of our code only ``explorer.core.catalog`` imported."""

from __future__ import annotations

import ast
from pathlib import Path

import explorer.sandbox

ROOT = Path(explorer.sandbox.__file__).parent
MODULES = sorted(ROOT.rglob("*.py"))


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_every_module_is_under_400_lines() -> None:
    sizes = {path.relative_to(ROOT): len(path.read_text().splitlines()) for path in MODULES}
    assert {name: size for name, size in sizes.items() if size >= 400} == {}


def test_of_our_code_only_the_catalog_is_imported() -> None:
    ours = {
        name
        for path in MODULES
        for name in imported(path)
        if name.startswith("explorer.") and not name.startswith("explorer.sandbox")
    }
    assert ours == {"explorer.core.catalog"}
