"""`relmap init`: a new, valid, commented map; never overwrites."""

from __future__ import annotations

from pathlib import Path

import pytest

from relmap_cli.load.loader import load_map

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
