"""Imports point one way: format <- load <- graph <- analysis <- render <- cli.

`tuples` (how records are declared) sits below them all. `files` (atomic
writes, git) sits beside `load`: only the command line uses it.
`edit` (text in, text out: surgical edits and `fmt`) sits beside `analysis`, and
so does `sources` (CRM exports and calendars read into people and meetings).
Only `cli` and `render` may use typer or rich; only `load` and `files` touch
the disk or git; heavy libraries are imported inside functions so that
start-up stays fast.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "relmap_cli"
HEAVY = {"networkx", "rich", "jsonschema"}
# Each folder of the package and its place in the pipeline: a module may import
# from its own folder and from folders of a lower rank, never from a higher one.
# Folders of the same rank are independent of each other.
LAYERS = {
    "tuples": -1,
    "format": 0,
    "load": 1,
    "files": 1,
    "graph": 2,
    "analysis": 3,
    "edit": 3,
    "sources": 3,
    "render": 4,
    "cli": 5,
    "__main__": 6,
}


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


def internal_imports(path: Path) -> set[str]:
    """The package folders (first part below relmap_cli) that a module imports from."""
    here = list(path.relative_to(PACKAGE).with_suffix("").parts)
    package = here if here[-1] == "__init__" else here[:-1]
    if package and package[-1] == "__init__":
        package = package[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            base = package[: len(package) - (node.level - 1)]
            target = base + (node.module.split(".") if node.module else [])
            if target:
                found.add(target[0].removesuffix(".py"))
            else:  # `from .. import __version__`: the package itself
                found.update(alias.name for alias in node.names if alias.name != "__version__")
    return found


def test_every_folder_has_a_place_in_the_pipeline() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("__")}
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert folders | modules <= set(LAYERS)


def test_imports_point_one_way() -> None:
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        source = layer(path)
        if source == "__init__":
            continue
        for target in internal_imports(path) - {source}:
            if LAYERS[target] >= LAYERS[source]:
                wrong.append(f"{path.relative_to(PACKAGE)} imports {target}")
    assert wrong == []


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
        if layer(path) in ("load", "files", "cli"):
            continue
        source = path.read_text(encoding="utf-8")
        assert "open(" not in source and "read_text(" not in source and "read_bytes(" not in source, path
        assert "subprocess" not in source and "os.system" not in source, path


def test_command_signatures_are_not_strings() -> None:
    # typer reads each command's signature when it runs; string annotations
    # (`from __future__ import annotations`) cost it an eval apiece.
    commands = sorted((PACKAGE / "cli").glob("*_cmd.py"))
    assert len(commands) == 22
    for path in [PACKAGE / "cli" / "__init__.py", *commands]:  # the group's callback, and each command
        assert "annotations" not in _future_names(ast.parse(path.read_text(encoding="utf-8"))), path


def _future_names(tree: ast.Module) -> set[str]:
    return {
        alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module == "__future__"
        for alias in node.names
    }


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
