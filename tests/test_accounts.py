"""The realistic accounts in tests/data/accounts load clean and every analysis runs on them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import DATA, load_doc, run

ACCOUNTS = sorted((DATA / "accounts").glob("*.yaml"))


@pytest.mark.parametrize("path", ACCOUNTS, ids=lambda p: p.stem)
def test_account_is_valid(path: Path) -> None:
    loaded = load_doc(path.read_text(encoding="utf-8"), str(path))
    assert [problem.message for problem in loaded.problems] == []
    assert loaded.model is not None and len(loaded.model.client) >= 30


@pytest.mark.parametrize("path", ACCOUNTS, ids=lambda p: p.stem)
@pytest.mark.parametrize(
    "args",
    [["gaps"], ["coalitions"], ["sequence", "--strategy", "bootstrap"], ["sequence", "--strategy", "pyramid"],
     ["sequence", "--strategy", "backward"], ["matrix"]],
    ids=lambda a: "-".join(a),
)  # fmt: skip
def test_every_analysis_answers_in_json(path: Path, args: list[str]) -> None:
    result = run([*args, str(path), "--format", "json", "--today", "2026-12-02"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["account"] == load_doc(path.read_text(encoding="utf-8")).model.account.name
