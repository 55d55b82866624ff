"""Shared test helpers: inline maps, the CLI runner, the repository's folders."""

from __future__ import annotations

import os
import subprocess
import textwrap
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from relmap_cli.cli import app
from relmap_cli.format.model import AccountMap
from relmap_cli.graph import AccountGraph, build_graph
from relmap_cli.load.loader import LoadedMap, load_text

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
EXAMPLES = ROOT / "examples"


def load_doc(text: str, path: str = "map.yaml") -> LoadedMap:
    """Load an inline YAML map (dedented), as a user's file would be."""
    return load_text(textwrap.dedent(text), path)


def valid_map(text: str) -> AccountMap:
    """Load an inline map that must be valid, and return its model."""
    loaded = load_doc(text)
    assert loaded.problems == [], [p.message for p in loaded.problems]
    assert loaded.model is not None
    return loaded.model


def run(args: Sequence[str], stdin: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
    """Run `relmap ARGS` in-process; exceptions propagate so a crash fails the test."""
    return CliRunner().invoke(app, list(args), input=stdin, env=env, catch_exceptions=False)


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Points and results relmap keeps between runs go to a folder of the test session, not the user's."""
    monkeypatch.setenv("RELMAP_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "relmap-cache"))


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test from the repository root, so paths print as they do for users."""
    monkeypatch.chdir(ROOT)
    return ROOT


def graph_of(text: str, today: date | None = None) -> AccountGraph:
    """The account graph of an inline map that must be valid, as of `today` (default: every `left` has passed)."""
    return build_graph(valid_map(text), today)


HEADER = """\
relmap: 1
account: {name: Acme, owner: kim}
"""


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB file system (a tmpfs), mounted for the test; skipped where mounting is not allowed."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def save_meanwhile(monkeypatch: pytest.MonkeyPatch, path: Path, theirs: str) -> None:
    """Make someone else save `theirs` into `path` while relmap works out its edit, before it writes."""
    import relmap_cli.edit as edit

    original = edit.apply_changes

    def someone_saves_meanwhile(*args: object, **kwargs: object) -> object:
        result = original(*args, **kwargs)  # type: ignore[arg-type]
        path.write_text(theirs, encoding="utf-8")
        return result

    monkeypatch.setattr(edit, "apply_changes", someone_saves_meanwhile)
