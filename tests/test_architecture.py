"""Imports point one way: model <- load <- graph <- analysis <- render <- cli.

Only `cli` and `render` may use typer or rich; only `load` reads files; heavy
libraries are imported inside functions so that start-up stays fast.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "relmap_cli"
HEAVY = {"networkx", "rich", "jsonschema"}


def module_imports(path: Path, *, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def layer(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def test_only_cli_and_render_use_typer_or_rich() -> None:
    for path in PACKAGE.rglob("*.py"):
        imports = {name.split(".")[0] for name in module_imports(path, top_level_only=False)}
        if layer(path) not in ("cli", "render"):
            assert not imports & {"typer", "rich", "click"}, path
        assert "click" not in imports, path  # typer vendors click


def test_heavy_libraries_are_never_imported_at_module_level() -> None:
    for path in PACKAGE.rglob("*.py"):
        imports = {name.split(".")[0] for name in module_imports(path, top_level_only=True)}
        assert not imports & HEAVY, path


def test_core_modules_do_not_import_the_command_line() -> None:
    for path in PACKAGE.rglob("*.py"):
        if layer(path) in ("cli", "__main__"):
            continue
        source = path.read_text(encoding="utf-8")
        assert "from .cli" not in source and "from ..cli" not in source, path


def test_only_load_reads_files() -> None:
    for path in PACKAGE.rglob("*.py"):
        if layer(path) in ("load", "history", "save", "cli"):
            continue
        source = path.read_text(encoding="utf-8")
        assert "open(" not in source and "read_text(" not in source and "read_bytes(" not in source, path
        assert "subprocess" not in source and "os.system" not in source, path


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (["validate", "examples/acme.yaml"], set()),
        (["gaps", "examples/acme.yaml", "-f", "json"], set()),
        (["gaps", "examples/acme.yaml"], set()),  # piped, so plain-text tables: no rich
        (["matrix", "examples/acme.yaml"], set()),
    ],
)
def test_fast_commands_do_not_import_heavy_modules(args: list[str], allowed: set[str]) -> None:
    code = (
        "import sys; from relmap_cli.cli import app\n"
        f"try: app({args!r})\n"
        "except SystemExit: pass\n"
        "print(sorted(m for m in ('networkx', 'rich', 'pydantic', 'jsonschema') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PACKAGE.parent.parent
    )
    assert result.stdout.strip().splitlines()[-1] == str(sorted(allowed))
