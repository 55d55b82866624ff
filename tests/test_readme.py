"""The README's examples are real: every `$ relmap ...` shown with its output is run again."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from .conftest import ROOT, run

BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)


def runnable(block: str, command: str | None = None) -> bool:
    """Whether a console block (and one `$ ` command in it) is a complete example to re-run."""
    if "\n...\n" in block or block.rstrip().endswith("..."):
        return False  # abbreviated on purpose
    if command is None:
        return True
    return command.startswith("relmap ") and "|" not in command and "examples/" in command and " init " not in command


def examples() -> list[tuple[str, str]]:
    """(command, expected output) for every complete example (scripts/update-readme rewrites them)."""
    found = []
    for block in BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8")):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, output = chunk.partition("\n")
            if runnable(block, command):
                found.append((command, output))
    return found


EXAMPLES = examples()


def test_the_readme_has_runnable_examples() -> None:
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[command for command, _ in EXAMPLES])
def test_readme_example_output_is_what_relmap_prints(
    command: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # in a scratch folder that sees the examples, so files an example writes land there
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    result = run(shlex.split(command)[1:])
    assert result.stdout + result.stderr == expected


# -- sessions on a copy of the example ----------------------------------------------------------------
def is_session(block: str) -> bool:
    """A block of edits and checks on `maps/acme.yaml`, a copy of examples/acme.yaml, replayed in order."""
    commands = [chunk.partition("\n")[0] for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]]
    return bool(commands) and runnable(block) and all(
        command.startswith("relmap ") and "maps/acme.yaml" in command and "|" not in command
        and " --since " not in command and not command.startswith("relmap trend ")
        for command in commands
    )  # fmt: skip


def replay(block: str, scratch: Path) -> str:
    """The block as it prints when its commands run one after the other in `scratch`."""
    (scratch / "maps").mkdir()
    (scratch / "maps" / "acme.yaml").write_bytes((ROOT / "examples" / "acme.yaml").read_bytes())
    chunks = re.split(r"^\$ ", block, flags=re.MULTILINE)
    out = [chunks[0]]
    for chunk in chunks[1:]:
        command = chunk.partition("\n")[0]
        result = run(shlex.split(command)[1:])
        out.append(f"{command}\n{result.stdout}{result.stderr}")
    return "$ ".join(out)


SESSIONS = [block for block in BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8")) if is_session(block)]


def test_the_readme_has_a_session_of_edits() -> None:
    assert any("$ relmap done " in block and "$ relmap log " in block for block in SESSIONS)


@pytest.mark.parametrize("block", SESSIONS, ids=[block.partition("\n")[0] for block in SESSIONS])
def test_a_readme_session_prints_what_relmap_prints(block: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert replay(block, tmp_path) == block
