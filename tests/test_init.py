"""`relmap init`: a new, valid, commented map; never overwrites."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from relmap_cli.format.schema import schema_text
from relmap_cli.load.loader import load_map, load_text

from .conftest import run


def test_init_writes_a_valid_commented_map(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(["init", "Acme Chemicals", "--owner", "kim", "--today", "2026-11-23"])
    assert result.exit_code == 0
    target = tmp_path / "acme-chemicals.yaml"
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=relmap.schema.json"
    assert "# our key account manager" in text
    loaded = load_map(str(target))
    assert loaded.problems == []
    assert loaded.model is not None
    assert loaded.model.account.name == "Acme Chemicals"
    assert loaded.model.account.owner == "kim"
    assert str(loaded.model.account.reviewed) == "2026-11-23"
    assert [person.id for person in loaded.model.team] == ["kim"]
    assert result.stderr.startswith("wrote acme-chemicals.yaml: fill it in")
    assert run(["validate", str(target)]).exit_code == 0


def test_init_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "acme.yaml"
    target.write_text("# my precious map\n", encoding="utf-8")
    result = run(["init", "Acme", "--output", str(target)])
    assert result.exit_code == 2
    assert result.stderr == f"relmap: error: {target} already exists; relmap does not overwrite it\n"
    assert target.read_text(encoding="utf-8") == "# my precious map\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme.yaml"]  # no temporary file left behind


def test_init_with_a_path_names_the_account_after_the_file(tmp_path: Path) -> None:
    target = tmp_path / "nordwind.yml"
    assert run(["init", str(target)]).exit_code == 0
    model = load_map(str(target)).model
    assert model is not None and model.account.name == "nordwind"


@pytest.mark.parametrize(
    "name", ['Müller & "Söhne": #1', "O'Brien\nGroup", "yes", "0123", "[bold]x[/bold]", "\x1b[31mred\x07"]
)
def test_init_keeps_any_account_name_exactly(tmp_path: Path, name: str) -> None:
    target = tmp_path / "m.yaml"
    assert run(["init", name, "--output", str(target)]).exit_code == 0
    loaded = load_map(str(target))
    assert loaded.problems == []
    assert loaded.model is not None and loaded.model.account.name == name


def test_init_rejects_an_owner_that_is_not_an_id(tmp_path: Path) -> None:
    result = run(["init", "Acme", "--output", str(tmp_path / "a.yaml"), "--owner", "Kim Park"])
    assert result.exit_code == 2
    assert "--owner must be an id" in result.stderr
    assert not (tmp_path / "a.yaml").exists()


def test_init_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = run(["init", "Acme", "--output", str(tmp_path / "no" / "such" / "a.yaml")])
    assert result.exit_code == 2
    assert result.stderr.startswith("relmap: error: cannot write in ")


def test_written_files_get_the_usual_permissions(tmp_path: Path) -> None:
    import os

    from relmap_cli.files.save import write_replace

    old = os.umask(0o022)
    try:
        target = tmp_path / "new.yaml"
        assert run(["init", "Acme", "--output", str(target)]).exit_code == 0
        assert target.stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "kept.html"
        kept.write_text("old")
        kept.chmod(0o640)
        write_replace(kept, "new")
        assert (kept.read_text(), kept.stat().st_mode & 0o777) == ("new", 0o640)
    finally:
        os.umask(old)


EXAMPLE = re.compile(r"^( *)# ((?:- |(?:  )*[a-z_]+:(?: |$)).*)$")


def new_map(tmp_path: Path) -> list[str]:
    target = tmp_path / "acme.yaml"
    assert run(["init", "Acme", "--output", str(target), "--owner", "kim", "--today", "2026-11-23"]).exit_code == 0
    return target.read_text(encoding="utf-8").splitlines()


def uncomment(lines: list[str], numbers: set[int]) -> str:
    return "".join(
        (EXAMPLE.sub(r"\1\2", line) if index in numbers else line) + "\n" for index, line in enumerate(lines)
    )


def example_groups(lines: list[str]) -> list[list[int]]:
    """Runs of consecutive commented examples at the same indentation."""
    groups: list[list[int]] = []
    for index, line in enumerate(lines):
        match = EXAMPLE.match(line)
        if not match:
            continue
        previous = EXAMPLE.match(lines[index - 1]) if index else None
        if previous and previous.group(1) == match.group(1) and groups and groups[-1][-1] == index - 1:
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups


def test_the_template_shows_every_field_of_the_format(tmp_path: Path) -> None:
    from relmap_cli.format.model import Account, Action, ClientPerson, Relationship

    text = uncomment(lines := new_map(tmp_path), set(range(len(lines))))
    model = load_text(text).model
    assert model is not None
    assert model.account.client_intent == "medium" and model.account.target_model == "diamond"
    assert model.counterparts_default is False
    jane = model.client[1]
    assert (jane.cares_about, str(jane.left), jane.successor) == (["first-win"], "2026-11-23", "decision-maker")
    assert [rel.note for rel in model.relationships] == [None, None, "First call"]
    assert [(action.status, str(action.done)) for action in model.actions] == [("open", "None"), ("done", "2026-11-23")]
    keys = set(re.findall(r"(?:^|[\s{,])([a-z_]+):", text, re.MULTILINE))
    for record in (Account, ClientPerson, Relationship, Action):
        assert set(record.keys()) - keys <= {"email", "crm_id", "notes", "interests"}, record


def test_every_commented_example_can_be_uncommented(tmp_path: Path) -> None:
    lines = new_map(tmp_path)
    groups = example_groups(lines)
    assert len(groups) >= 6
    everything = load_text(uncomment(lines, set(range(len(lines)))))
    assert everything.problems == []  # all examples at once: a valid map
    singles = [[index] for group in groups for index in group if EXAMPLE.match(lines[index]).group(2).startswith("- {")]
    for numbers in groups + singles:
        loaded = load_text(uncomment(lines, set(numbers)))
        # alone, an example may name jane before she is defined; never a YAML error
        assert {problem.rule for problem in loaded.problems} <= {"unknown-ref"}, [lines[n] for n in numbers]


@pytest.mark.parametrize(
    "output",
    [
        "evil\nrelmap: 2\n#.yaml",
        "evil\rrelmap: 2\r#.yaml",
        "e\x85vil.yaml",
        "e\u2028vil\u2029.yaml",
        "\x1b[31mred\x7f.yaml",
    ],
)
def test_init_writes_a_file_name_into_a_comment_as_one_inert_line(tmp_path: Path, output: str) -> None:
    target = tmp_path / output
    assert run(["init", "Acme", "--output", str(target)]).exit_code == 0
    text = target.read_text(encoding="utf-8")
    loaded = load_text(text)
    assert loaded.problems == [] and loaded.source is not None
    assert list(loaded.source.root) == [
        "relmap",
        "account",
        "interests",
        "team",
        "client",
        "relationships",
        "counterparts",
        "actions",
    ]
    third = text.splitlines()[2]
    assert third.startswith("# Fill it in, then run: relmap validate ")
    assert "\\x" in third or "\\u" in third  # the break or control character, shown escaped


@pytest.mark.parametrize("schema", ["x\ny", "x\ry", "x\x85y", "x\u2028y", "x\u2029y", "x\x1b[2Jy", " "])
def test_init_refuses_a_schema_location_that_is_not_one_printable_line(tmp_path: Path, schema: str) -> None:
    result = run(["init", "Acme", "--output", str(tmp_path / "a.yaml"), "--schema", schema])
    assert result.exit_code == 2
    assert result.stderr.startswith("relmap: error: --schema must be one line of printable text")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "name", ["Acme\x7f", "Acme\ufffe", "Ac\x85me\u2028", 'Tab\tand \\ back"slash', "\U0001f600 Emoji"]
)
def test_init_escapes_what_yaml_cannot_hold_raw(tmp_path: Path, name: str) -> None:
    target = tmp_path / "m.yaml"
    assert run(["init", name, "--output", str(target)]).exit_code == 0
    loaded = load_map(str(target))
    assert loaded.problems == []
    assert loaded.model is not None and loaded.model.account.name == name


@pytest.mark.parametrize("owner", ["me\n", "me\r", "me\x85", "m e"])
def test_init_refuses_an_owner_with_a_line_break(tmp_path: Path, owner: str) -> None:
    result = run(["init", "Acme", "--output", str(tmp_path / "a.yaml"), "--owner", owner])
    assert result.exit_code == 2
    assert result.stderr.startswith("relmap: error: --owner must be an id")
    assert "\n" not in result.stderr.rstrip("\n") and "\r" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_name_that_is_not_utf8_is_a_usage_error_and_leaves_nothing(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    # as a shell passes it: bytes that are not UTF-8 (Python sees surrogate escapes)
    result = subprocess.run(
        [sys.executable, "-m", "relmap_cli", "init", os.fsencode("\udce9cole")],
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == (
        b"relmap: error: the account name: byte 0xE9 at position 1 is not UTF-8; pass it as UTF-8 text\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_init_writes_the_schema_beside_a_new_map_unless_one_is_there_or_above(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    maps = tmp_path / "maps" / "emea"
    maps.mkdir(parents=True)
    first = run(["init", "Acme", "--output", str(maps / "acme.yaml")])
    assert first.exit_code == 0
    assert first.stderr.splitlines()[1] == (
        f"wrote {maps / 'relmap.schema.json'}: the schema its first line names, for completion in your editor"
    )
    assert (maps / "relmap.schema.json").read_text(encoding="utf-8") == schema_text()
    assert (
        (maps / "acme.yaml")
        .read_text(encoding="utf-8")
        .startswith("# yaml-language-server: $schema=relmap.schema.json\n")
    )
    # a schema at the repository's top serves every map below it
    (maps / "relmap.schema.json").rename(tmp_path / "relmap.schema.json")
    second = run(["init", "Borealis", "--output", str(maps / "borealis.yaml")])
    assert len(second.stderr.splitlines()) == 1
    first_line = (maps / "borealis.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../../relmap.schema.json"
    assert not (maps / "relmap.schema.json").exists()


def test_a_map_printed_to_stdout_points_at_the_published_schema() -> None:
    result = run(["init", "Acme", "--output", "-"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        "# yaml-language-server: $schema=https://raw.githubusercontent.com/relmap/relmap/v0.2.0/relmap.schema.json"
    )
