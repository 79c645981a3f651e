"""The layers: import-linter's contracts (pyproject.toml) hold, and core, app and sandbox load
no Textual or Rich when imported: they must work from scripts and the command line."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import explorer
import explorer.app
import explorer.core
import explorer.sandbox

ROOT = Path(__file__).parent.parent


def test_the_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([lint_imports], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def domain_modules() -> list[str]:
    names = []
    for package in (explorer.core, explorer.app, explorer.sandbox):
        names += [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
    return names


# httpx imports rich for its own command line when rich happens to be installed, and falls back
# quietly when it is not; so the domain is imported with textual and rich made unimportable.
BLOCK_UI_PACKAGES = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("textual", "rich"):
            raise ImportError(f"{name} is blocked: the domain layer must not need it")
sys.meta_path.insert(0, Block())
"""


def test_core_app_and_sandbox_import_without_textual_or_rich() -> None:
    modules = domain_modules()
    assert {"explorer.core.catalog", "explorer.app.session", "explorer.app.fetch"} <= set(modules)
    script = BLOCK_UI_PACKAGES + (
        f"import importlib\nfor name in {modules!r}: importlib.import_module(name)\nprint('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


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


def test_the_package_ships_no_test_harness() -> None:
    """The demo and scene harness live under tests/: no module of the package drives a Pilot."""
    package = Path(explorer.__file__).parent
    drivers = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "textual.pilot" in path.read_text(encoding="utf-8")
    ]
    assert drivers == []
