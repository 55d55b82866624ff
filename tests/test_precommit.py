"""The pre-commit hooks, run for real by pre-commit against a throwaway repository.

`pre-commit try-repo` installs this checkout (with its uncommitted changes
to tracked files) into an environment of its own, as a user's pre-commit
would, so these tests take a few seconds each.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES, ROOT
from .gitrepo import GitRepo

pytest.importorskip("pre_commit")

WORKFLOW = """\
name: maps
on: [push]
jobs:
  check: {runs-on: ubuntu-latest, steps: [{run: relmap check maps/}]}
"""


def try_repo(repo: GitRepo, *args: str) -> subprocess.CompletedProcess[str]:
    if not (ROOT / ".git").exists():
        pytest.skip("pre-commit try-repo needs relmap as a git checkout (this is an unpacked sdist)")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), *args],
        cwd=repo.path,
        env=repo.env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def accounts(tmp_path: Path) -> GitRepo:
    """A repository of maps with a workflow file beside them."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = GitRepo.create(tmp_path / "accounts")
    repo.commit(
        {"maps/nordwind.yaml": (EXAMPLES / "starter.yaml").read_text(), ".github/workflows/maps.yml": WORKFLOW},
        "Maps",
        "2026-11-16",
    )
    return repo


def test_the_validate_hook_passes_valid_maps_and_skips_other_yaml(accounts: GitRepo) -> None:
    result = try_repo(accounts, "relmap-validate", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "relmap validate" in result.stdout and "Passed" in result.stdout


def test_the_validate_hook_fails_an_invalid_map_with_located_errors(accounts: GitRepo) -> None:
    broken = (EXAMPLES / "starter.yaml").read_text().replace("stance: neutral", "stance: fan")
    accounts.commit({"maps/broken.yaml": broken}, "A typo", "2026-11-17")
    result = try_repo(accounts, "relmap-validate", "--all-files")
    assert result.returncode == 1
    assert "Failed" in result.stdout
    assert (
        "maps/broken.yaml:19:35: error: stance 'fan' is not allowed: use 'champion', 'supporter', 'neutral', "
        "'detractor' or 'unknown' [value]"
    ) in result.stdout
    assert "2 maps checked: 1 invalid, 1 error" in result.stdout  # the workflow file is not a map


def test_the_manifest_is_valid_and_check_runs_only_when_asked() -> None:
    from pre_commit.clientlib import load_manifest

    hooks = {hook["id"]: hook for hook in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    assert sorted(hooks) == ["relmap-check", "relmap-fmt", "relmap-validate"]
    assert hooks["relmap-validate"]["entry"] == "relmap validate --only-maps"
    assert hooks["relmap-check"]["entry"] == "relmap check --only-maps"
    assert hooks["relmap-check"]["stages"] == ["manual"]
    assert hooks["relmap-check"]["require_serial"] is True
    assert all(hook["language"] == "python" and hook["files"] == r"\.ya?ml$" for hook in hooks.values())


def test_this_repository_validates_its_own_maps_with_relmap() -> None:
    import re

    from pre_commit.clientlib import load_config

    hooks = {
        hook["id"]: hook
        for repo in load_config(str(ROOT / ".pre-commit-config.yaml"))["repos"]
        for hook in repo["hooks"]
    }
    validate = hooks["relmap-validate"]
    assert validate["entry"] == "relmap validate --only-maps"
    covered = [path for path in ROOT.rglob("*.yaml") if re.search(validate["files"], path.relative_to(ROOT).as_posix())]
    names = {path.relative_to(ROOT).parts[0] for path in covered}
    assert names == {"examples", "tests"} and len(covered) >= 10
    inside = [path.relative_to(ROOT).parts for path in covered]  # a checkout may itself sit in a folder "hostile"
    assert not any("invalid" in parts or "hostile" in parts for parts in inside)
