"""The GitHub Actions workflow in docs/ci.md is complete YAML that does what the page says."""

from __future__ import annotations

import re
from typing import Any

import yaml

from .conftest import ROOT


def workflow() -> dict[Any, Any]:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(name: relationship maps\n.*?)```", text, re.DOTALL)
    assert block is not None
    document: dict[Any, Any] = yaml.safe_load(block.group(1))
    return document


def test_the_workflow_runs_weekly_and_on_changes() -> None:
    triggers = workflow()[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"push", "pull_request", "schedule", "workflow_dispatch"}
    _minute, _hour, day, month, weekday = triggers["schedule"][0]["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit()


def test_the_workflow_checks_out_the_whole_history_and_annotates() -> None:
    steps = workflow()["jobs"]["check"]["steps"]
    assert steps[0] == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    runs = [step.get("run", "") for step in steps]
    assert "relmap check maps/ --format github" in runs
    assert any("relmap diff" in run and "--since" in run for run in runs)
