"""Every command on generated maps with one mutation each: never a traceback.

The result is always exit 0, 1 or 2 as the commands define, and an invalid
map is always reported with located `file:line:col` errors.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from relmap_cli.format.dump import dump_data

from .conftest import run
from .strategies import account_maps

LOCATED = re.compile(r"^.+:\d+:\d+: error: .+ \[[a-z-]+\]$")
COMMANDS = [
    ["gaps", "--today", "2026-11-23"],
    ["coalitions"],
    ["sequence", "--strategy", "bootstrap"],
    ["sequence", "--strategy", "pyramid"],
    ["sequence", "--strategy", "backward"],
    ["matrix"],
    ["render", "--to", "svg"],
    ["render", "--to", "mermaid"],
]


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path in the data, mappings and lists alike."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            found.append((*prefix, key))
            found.extend(paths(value, (*prefix, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.append((*prefix, index))
            found.extend(paths(value, (*prefix, index)))
    return found


def parent_of(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


@st.composite
def mutated(draw: Any) -> str:
    """A generated map with one mutation, as YAML text."""
    data = copy.deepcopy(draw(account_maps(max_team=3, max_client=5)))
    mutation = draw(st.sampled_from(["delete", "rename", "retype", "reid", "reverse", "unicode", "duplicate", "none"]))
    where = draw(st.sampled_from(paths(data)))
    parent, last = parent_of(data, where), where[-1]
    if mutation == "delete":
        del parent[last]
    elif mutation == "rename" and isinstance(parent, dict):
        parent[f"{last}x"] = parent.pop(last)
    elif mutation == "retype":
        value = parent[last]
        parent[last] = draw(st.sampled_from([[value], {"x": value}, None, 12, True, "3.5", "yes"]))
    elif mutation == "reid":
        people = data.get("team", []) + data.get("client", [])
        person = draw(st.sampled_from(people))
        person["id"] = draw(st.sampled_from(["new-id", person["id"] + "2", "0123", "a b"]))
    elif mutation == "reverse" and data.get("relationships"):
        rel = draw(st.sampled_from(data["relationships"]))
        rel["from"], rel["to"] = rel["to"], rel["from"]
    elif mutation == "unicode" and isinstance(parent[last], str):
        parent[last] = draw(st.text(min_size=0, max_size=12))
    text = dump_data(data)
    if mutation == "duplicate":
        lines = text.splitlines()
        candidates = [i for i, line in enumerate(lines) if ": " in line and not line.lstrip().startswith("- ")]
        if candidates:
            i = draw(st.sampled_from(candidates))
            lines.insert(i + 1, lines[i])
        text = "\n".join(lines) + "\n"
    return text


@settings(
    max_examples=int(__import__("os").environ.get("RELMAP_EXAMPLES", "80")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(mutated())
# a flag written as a list once made validate fail with a traceback
@example("relmap: 1\naccount: {name: A, owner: k}\nteam: [{id: k, name: K}]\nclient:\n- id: p\n  placeholder:\n  - true\n")
def test_every_command_survives_a_mutated_map(tmp_path: Path, text: str) -> None:
    path = tmp_path / "mutated.yaml"
    path.write_text(text, encoding="utf-8")
    validate = run(["validate", str(path)])
    assert validate.exit_code in (0, 1)
    check = run(["check", str(path), "--today", "2026-11-23"])
    assert check.exit_code in (0, 1)  # findings or not; an invalid map is an error finding
    if validate.exit_code == 1:
        assert check.exit_code == 1
    diff = run(["diff", str(path), str(path), "--today", "2026-11-23"])
    assert diff.exit_code == (0 if validate.exit_code == 0 else 2)
    if validate.exit_code == 1:
        lines = validate.stdout.splitlines()
        assert lines and all(LOCATED.match(line) for line in lines), validate.stdout
    for command in COMMANDS:
        result = run([command[0], str(path), *command[1:]])
        if validate.exit_code == 0:
            assert result.exit_code == 0, (command, result.stderr)
        else:
            assert result.exit_code == 2
            assert result.stdout == ""
            assert result.stderr.splitlines()[:-1] == validate.stdout.splitlines()
