"""The locks agree with pyproject.toml, and CI installs exactly what the README says."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from .conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+?)(?: ;.*?)?(?: \\)?$")


def locked(name: str) -> dict[str, list[tuple[Version, int]]]:
    """Package -> [(version, number of hashes)] from a lock under requirements/."""
    found: dict[str, list[tuple[Version, int]]] = {}
    current: list[int] | None = None
    for line in (ROOT / "requirements" / name).read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            current = [0]
            found.setdefault(canonicalize_name(match[1]), []).append((Version(match[2]), 0))
        elif line.strip().startswith("--hash=sha256:") and current is not None:
            package = next(reversed(found))
            version, hashes = found[package][-1]
            found[package][-1] = (version, hashes + 1)
    return found


def requirements(group: str | None) -> list[Requirement]:
    project = PYPROJECT["project"]
    declared = project["dependencies"] if group is None else project["optional-dependencies"][group]
    return [Requirement(text) for text in declared]


@pytest.mark.parametrize(("lock", "groups"), [("run.txt", [None]), ("test.txt", [None, "test"])])
def test_every_declared_dependency_is_locked_within_its_range(lock: str, groups: list[str | None]) -> None:
    pins = locked(lock)
    for group in groups:
        for requirement in requirements(group):
            name = canonicalize_name(requirement.name)
            assert name in pins, f"{requirement} is not in requirements/{lock}"
            for version, _ in pins[name]:
                assert requirement.specifier.contains(version, prereleases=True), (
                    f"requirements/{lock} locks {name} {version}, outside {requirement}"
                )


@pytest.mark.parametrize("lock", ["run.txt", "test.txt"])
def test_every_locked_package_has_hashes_and_the_build_backend_is_locked(lock: str) -> None:
    pins = locked(lock)
    assert "setuptools" in pins  # the editable install builds without a download
    backend = Requirement(PYPROJECT["build-system"]["requires"][0])
    assert all(backend.specifier.contains(version) for version, _ in pins["setuptools"])
    for name, versions in pins.items():
        assert all(hashes >= 1 for _, hashes in versions), name


def test_the_two_locks_agree_on_what_they_share() -> None:
    run, test = locked("run.txt"), locked("test.txt")
    for name, versions in run.items():
        assert test.get(name) == versions, name


def readme_command(purpose: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(python3 -m venv .*?)\n```", text[:3000])
    assert len(commands) == 2, "the README opens with the run command and the test command"
    return commands[0] if purpose == "run" else commands[1]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    command = readme_command("test")
    assert "--require-hashes -r requirements/test.txt" in command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == command


def test_the_readme_run_command_installs_from_its_lock() -> None:
    command = readme_command("run")
    assert "--require-hashes -r requirements/run.txt" in command
    assert command.endswith("relmap gaps examples/acme.yaml")


def test_the_sdist_carries_what_its_tests_need(tmp_path: Path) -> None:
    import tarfile

    from setuptools import build_meta

    name = build_meta.build_sdist(str(tmp_path))
    with tarfile.open(tmp_path / name) as archive:
        members = {member.split("/", 1)[1] for member in archive.getnames() if "/" in member}
    for needed in [
        "LICENSE",
        "tests/conftest.py",
        "tests/data/valid",
        "examples/acme.yaml",
        "requirements/test.txt",
        "relmap.schema.json",
        "action.yml",
        ".ci/run",
        ".github/workflows/ci.yml",
        ".pre-commit-hooks.yaml",
    ]:
        assert needed in members or any(member.startswith(needed + "/") for member in members), needed
    assert not any("__pycache__" in member for member in members)
