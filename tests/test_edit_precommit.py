"""The `relmap-fmt` pre-commit hook, run for real by pre-commit against a throwaway repository."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import EXAMPLES
from .gitrepo import GitRepo
from .test_precommit import WORKFLOW, try_repo

pytest.importorskip("pre_commit")


def test_the_fmt_hook_formats_maps_and_leaves_other_yaml(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = GitRepo.create(tmp_path / "accounts")
    repo.commit(
        {"maps/nordwind.yaml": (EXAMPLES / "starter.yaml").read_text(), ".github/workflows/maps.yml": WORKFLOW},
        "Maps",
        "2026-11-16",
    )
    first = try_repo(repo, "relmap-fmt", "--all-files")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "relmap fmt" in first.stdout and "Failed" in first.stdout
    assert "files were modified by this hook" in first.stdout
    assert "reformatted maps/nordwind.yaml" in first.stdout
    assert (repo.path / ".github/workflows/maps.yml").read_text() == WORKFLOW
    formatted = (repo.path / "maps/nordwind.yaml").read_text()
    assert "  - {ours: sales, theirs: procurement}" in formatted
    assert formatted.index("relationships:") < formatted.index("counterparts:")
    repo.git("add", "--all")
    second = try_repo(repo, "relmap-fmt", "--all-files")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout
