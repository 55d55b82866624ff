"""The fixture corpora and the shipped examples, judged exactly as a user sees them."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import DATA, EXAMPLES, ROOT, run

VALID = sorted((DATA / "valid").glob("*.yaml"))
INVALID = sorted((DATA / "invalid").glob("*.yaml"))


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("path", VALID, ids=[p.name for p in VALID])
def test_valid_file_loads_clean(path: Path, in_root: Path) -> None:
    result = run(["validate", relative(path)])
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert result.stderr == "1 map checked: all valid\n"


@pytest.mark.parametrize("path", INVALID, ids=[p.name for p in INVALID])
def test_invalid_file_gives_exactly_the_expected_lines(path: Path, in_root: Path) -> None:
    expected = path.with_suffix(".expected").read_text(encoding="utf-8")
    result = run(["validate", relative(path)])
    assert result.exit_code == 1
    assert result.stdout == expected
    errors = len(expected.splitlines())
    assert result.stderr == f"1 map checked: 1 invalid, {errors} error{'s' * (errors != 1)}\n"


def test_every_invalid_file_has_its_expectations() -> None:
    assert len(INVALID) >= 25
    for path in INVALID:
        lines = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
        assert lines, path.name
        assert all(line.startswith(f"{relative(path)}:") for line in lines), path.name


def test_examples_are_valid(in_root: Path) -> None:
    result = run(["validate", "examples/"])
    assert result.exit_code == 0, result.stdout
    assert result.stderr == f"{len(list(EXAMPLES.glob('*.yaml')))} maps checked: all valid\n"


def test_a_directory_run_reports_every_map_and_skips_other_yaml(in_root: Path) -> None:
    # no top-level `relmap:` key: not a map, so a directory scan leaves them out
    # (a PNG named .yaml is not a map either; a latin-1 file with a `relmap:` key is)
    not_maps = {"missing-version.yaml", "comments-only.yaml", "empty.yaml", "top-level-list.yaml", "binary.yaml"}
    result = run(["validate", "tests/data/invalid/"])
    assert result.exit_code == 1
    expected = [p.with_suffix(".expected").read_text(encoding="utf-8") for p in INVALID if p.name not in not_maps]
    assert result.stdout == "".join(expected)
    assert result.stderr.startswith(f"{len(expected)} maps checked: {len(expected)} invalid, ")
