"""The domain layer (core, sandbox) never imports Textual or Rich: it must work from scripts."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import explorer.core
import explorer.sandbox


def domain_modules() -> list[str]:
    names = []
    for package in (explorer.core, explorer.sandbox):
        names += [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
    return names


def test_domain_modules_import_without_textual_or_rich() -> None:
    modules = domain_modules()
    assert "explorer.core.catalog" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_the_cli_without_the_tui_does_not_import_textual() -> None:
    script = (
        "import sys, io, contextlib\n"
        "from explorer.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(['endpoints', '--json'])\n"
        "print(any(m.split('.')[0] == 'textual' for m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
