"""Where `--output` writes: through links, into pipes, `-` for stdout, and names it refuses."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from .conftest import ROOT, run

ACME = str(ROOT / "examples" / "acme.yaml")


def test_render_writes_through_a_symbolic_link_and_keeps_it(tmp_path: Path) -> None:
    (tmp_path / "target.svg").write_text("old")
    link = tmp_path / "link.svg"
    link.symlink_to("target.svg")
    result = run(["render", ACME, "--output", str(link)])
    assert (result.exit_code, result.stderr) == (0, f"wrote {link} (svg)\n")
    assert os.readlink(link) == "target.svg"
    assert (tmp_path / "target.svg").read_text().startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')


def test_a_dangling_link_creates_the_file_it_points_to(tmp_path: Path) -> None:
    link = tmp_path / "schema.json"
    link.symlink_to("real.json")
    assert run(["schema", "--output", str(link)]).exit_code == 0
    assert link.is_symlink()
    assert (tmp_path / "real.json").read_text().startswith("{\n")


def test_a_named_pipe_is_written_into_not_replaced(tmp_path: Path) -> None:
    pipe = tmp_path / "map.mmd"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    result = run(["render", ACME, "--output", str(pipe)])
    reader.join(timeout=10)
    assert result.exit_code == 0
    assert received[0].startswith(b"flowchart TB\n")
    assert pipe.is_fifo()


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["render", ACME, "--output", "-"], "<!DOCTYPE html>"),
        (["render", ACME, "--output", "-", "--to", "dot"], "digraph"),
        (["schema", "--output", "-"], "{\n"),
        (["init", "Acme", "--output", "-", "--today", "2026-11-23"], "# yaml-language-server: $schema="),
    ],
)
def test_dash_means_standard_output(
    args: list[str], start: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(args)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith(start)
    assert list(tmp_path.iterdir()) == []


def test_init_to_stdout_is_a_valid_map() -> None:
    text = run(["init", "Acme", "--output", "-", "--today", "2026-11-23"]).stdout
    result = run(["validate", "-"], stdin=text)
    assert result.exit_code == 0, result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", ACME, "--output", ""], "relmap: error: --output needs a file name (or - for standard output)\n"),
        (["schema", "--output", " "], "relmap: error: --output needs a file name (or - for standard output)\n"),
        (
            ["render", ACME, "--output", "map.png"],
            "relmap: error: --output map.png: cannot tell the format from the name; use one of .html, .htm, .svg, "
            ".mmd, .mermaid, .dot, .gv or say --to html|svg|mermaid|dot\n",
        ),
        (
            ["render", ACME, "--output", "map"],
            "relmap: error: --output map: cannot tell the format from the name; use one of .html, .htm, .svg, "
            ".mmd, .mermaid, .dot, .gv or say --to html|svg|mermaid|dot\n",
        ),
        (["init", ""], "relmap: error: the account name must not be empty\n"),
        (["init", "   "], "relmap: error: the account name must not be empty\n"),
        (
            ["init", "Acme", "--output", "folder"],
            "relmap: error: --output folder is a directory; name the file to write\n",
        ),
    ],
)
def test_output_names_that_cannot_work_are_usage_errors(
    args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    result = run(args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert [path.name for path in tmp_path.iterdir()] == ["folder"]


def test_an_explicit_format_allows_any_name(tmp_path: Path) -> None:
    target = tmp_path / "map"
    assert run(["render", ACME, "--output", str(target), "--to", "mermaid"]).exit_code == 0
    assert target.read_text().startswith("flowchart TB\n")


def test_init_names_the_file_after_the_account_in_ascii(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(["init", "Société Générale & Cie", "--today", "2026-11-23"])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "wrote societe-generale-cie.yaml: fill it in, then run 'relmap validate societe-generale-cie.yaml'"
    )
