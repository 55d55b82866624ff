"""The GitHub Action (action.yml): its steps run as the runner runs them, on a repository of maps.

Each step's `run:` script is executed with bash exactly as GitHub's runner
does for `shell: bash` (`bash --noprofile --norc -eo pipefail`), with the
`${{ ... }}` expressions the action uses replaced by their values and the
runner's files (GITHUB_OUTPUT, GITHUB_PATH, RUNNER_TEMP) in place. The
install step builds relmap from this checkout into a virtual environment,
so the module takes some seconds.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import EXAMPLES, ROOT

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")
TODAY = "2026-11-23"


@dataclass
class Runner:
    """What the runner keeps between the steps of a job."""

    workspace: Path
    temp: Path
    path_file: Path
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)

    def value(self, expression: str, inputs: dict[str, str]) -> str:
        """The value of one `${{ ... }}` expression; only the forms the action may use."""
        if expression == "github.action_path":
            return str(ROOT)
        if match := re.fullmatch(r"inputs\.([a-z-]+)", expression):
            name = match.group(1)
            assert name in ACTION["inputs"], f"unknown input {name}"
            return inputs.get(name, ACTION["inputs"][name].get("default", ""))
        if match := re.fullmatch(r"steps\.([a-z-]+)\.outputs\.([a-z-]+)", expression):
            return self.outputs.get(match.group(1), {}).get(match.group(2), "")
        raise AssertionError(f"the action uses an expression this test cannot evaluate: {expression}")

    def run_step(self, step: dict[str, Any], inputs: dict[str, str]) -> subprocess.CompletedProcess[str]:
        assert step["shell"] == "bash"
        assert "${{" not in step["run"], "inputs must reach a script through env, never pasted into it"
        env = {
            key: EXPRESSION.sub(lambda m: self.value(m.group(1), inputs), str(value))
            for key, value in step.get("env", {}).items()
        }
        output_file = self.temp / f"output-{len(self.outputs)}"
        output_file.write_text("")
        extra_path = [line for line in self.path_file.read_text().splitlines() if line]
        environment = {
            "PATH": os.pathsep.join([*reversed(extra_path), os.environ["PATH"]]),
            "HOME": os.environ.get("HOME", str(self.temp)),
            "RUNNER_TEMP": str(self.temp),
            "GITHUB_PATH": str(self.path_file),
            "GITHUB_OUTPUT": str(output_file),
            "GITHUB_ACTIONS": "true",
            **{
                key: os.environ[key]
                for key in ("PIP_FIND_LINKS", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_CONFIG_FILE", "PIP_CERT")
                if key in os.environ
            },
            **env,
        }
        script = self.temp / "step.sh"
        script.write_text(step["run"])
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.workspace,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        pairs = (line.split("=", 1) for line in output_file.read_text().splitlines() if "=" in line)
        self.outputs[step.get("id", f"step{len(self.outputs)}")] = dict(pairs)
        return result


def steps() -> list[dict[str, Any]]:
    return list(ACTION["runs"]["steps"])


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runner]:
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    temp = tmp_path_factory.mktemp("runner")
    workspace = tmp_path_factory.mktemp("workspace")
    (workspace / "maps").mkdir()
    shutil.copy(EXAMPLES / "acme.yaml", workspace / "maps" / "acme.yaml")
    shutil.copy(EXAMPLES / "champion-left.yaml", workspace / "maps" / "borealis.yaml")
    (workspace / "q3 review").mkdir()
    shutil.copy(EXAMPLES / "starter.yaml", workspace / "q3 review" / "nordwind.yaml")
    path_file = temp / "github_path"
    path_file.write_text("")
    runner = Runner(workspace, temp, path_file)
    python = {"python": sys.executable}  # the interpreter of this test run (3.11 or newer)
    result = runner.run_step(steps()[0], python)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "relmap 0.2.0"
    yield runner


def check(runner: Runner, **inputs: str) -> subprocess.CompletedProcess[str]:
    return runner.run_step(steps()[1], {key.replace("_", "-"): value for key, value in inputs.items()})


def test_the_action_declares_its_inputs_and_runs_two_bash_steps() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert sorted(ACTION["inputs"]) == ["args", "fail-on", "paths", "python", "today"]
    assert all(spec["description"] and "default" in spec for spec in ACTION["inputs"].values())
    assert [step["name"] for step in steps()] == ["Install relmap", "Check the maps"]


def test_install_puts_relmap_on_the_path_of_later_steps(installed: Runner) -> None:
    added = installed.path_file.read_text().splitlines()
    assert len(added) == 1 and Path(added[0], "relmap").exists()
    assert installed.outputs["install"] == {"bin": added[0]}


def test_the_check_annotates_every_map_in_groups_and_fails_on_errors(installed: Runner) -> None:
    result = check(installed, paths="maps", today=TODAY)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "::group::maps/acme.yaml: 5 warnings"
    assert "::group::maps/borealis.yaml: 2 errors, 2 warnings" in lines
    assert (
        "::error file=maps/borealis.yaml,line=24,col=95,title=relmap champion-left::maps/borealis.yaml:24:95: "
        "champion Hans Berg (hans) left on 2026-09-30: find out who fills their successor's position Head of "
        "Packaging Development (successor) (tbd-dev) and win them; update the stance"
    ) in lines
    assert lines.count("::endgroup::") == 2
    assert result.stderr == "2 maps checked: 2 errors, 7 warnings\n"


def test_fail_on_today_and_extra_options_reach_relmap(installed: Runner) -> None:
    assert check(installed, paths="maps/acme.yaml", today=TODAY).returncode == 0  # warnings only
    assert check(installed, paths="maps/acme.yaml", today=TODAY, fail_on="warning").returncode == 1
    relaxed = check(installed, paths="maps/acme.yaml", today=TODAY, args="--weak-days 400 --action-grace-days 60")
    assert "contact-stale" not in relaxed.stdout and "action-overdue" not in relaxed.stdout


def test_paths_are_one_per_line_and_may_hold_spaces(installed: Runner) -> None:
    result = check(installed, paths="maps/acme.yaml\nq3 review\n\n", today=TODAY)
    assert result.returncode == 0
    assert result.stderr == "2 maps checked: 0 errors, 5 warnings\n"


def test_inputs_are_data_never_shell(installed: Runner) -> None:
    marker = installed.workspace / "pwned"
    result = check(installed, paths="maps/*.yaml", today=f"$(touch {marker})")
    assert result.returncode == 2  # relmap refuses the date; the shell never ran it
    assert not marker.exists()
    assert "--today must be a date" in result.stderr
    globbed = check(installed, paths="maps/*.yaml", today=TODAY)
    assert globbed.returncode == 2 and "no such file or directory: maps/*.yaml" in globbed.stderr


def test_an_old_python_is_refused_with_an_annotation(tmp_path: Path) -> None:
    runner = Runner(tmp_path, tmp_path, tmp_path / "github_path")
    runner.path_file.write_text("")
    fake = tmp_path / "python3.9"
    fake.write_text("#!/bin/sh\nexit 1\n")  # stands for an interpreter older than 3.11
    fake.chmod(0o755)
    result = runner.run_step(steps()[0], {"python": str(fake)})
    assert result.returncode == 2
    assert result.stdout.startswith("::error title=relmap::relmap needs Python 3.11 or newer")
