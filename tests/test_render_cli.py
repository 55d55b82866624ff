"""`relmap render`: formats, --output, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import run

ACME = "examples/acme.yaml"


@pytest.mark.parametrize(
    "to,start",
    [("html", "<!DOCTYPE html>\n"), ("svg", '<?xml version="1.0"'), ("mermaid", "flowchart TB\n"), ("dot", "digraph")],
)
def test_each_format_goes_to_stdout(to: str, start: str, in_root: Path) -> None:
    result = run(["render", ACME, "--to", to])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(start)
    assert result.stderr == ""


def test_html_is_the_default(in_root: Path) -> None:
    result = run(["render", ACME])
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>\n")


def test_output_writes_the_file_and_says_so(in_root: Path, tmp_path: Path) -> None:
    target = tmp_path / "acme.html"
    result = run(["render", ACME, "--output", str(target)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"wrote {target} (html)\n"
    assert target.read_text(encoding="utf-8") == run(["render", ACME]).stdout


@pytest.mark.parametrize("suffix,to", [(".svg", "svg"), (".mmd", "mermaid"), (".dot", "dot"), (".gv", "dot")])
def test_the_output_name_chooses_the_format_unless_to_is_given(
    suffix: str, to: str, in_root: Path, tmp_path: Path
) -> None:
    target = tmp_path / f"map{suffix}"
    assert run(["render", ACME, "-o", str(target)]).exit_code == 0
    assert target.read_text(encoding="utf-8") == run(["render", ACME, "--to", to]).stdout
    assert run(["render", ACME, "-o", str(target), "--to", "html"]).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_output_replaces_an_existing_file(in_root: Path, tmp_path: Path) -> None:
    target = tmp_path / "map.mmd"
    target.write_text("old and much longer than the new text " * 1000, encoding="utf-8")
    assert run(["render", "examples/starter.yaml", "-o", str(target)]).exit_code == 0
    assert target.read_text(encoding="utf-8") == run(["render", "examples/starter.yaml", "--to", "mermaid"]).stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.mmd"]  # no temporary file left behind


def test_output_refuses_a_directory(in_root: Path, tmp_path: Path) -> None:
    for target in (str(tmp_path), f"{tmp_path}/new-folder/"):
        result = run(["render", ACME, "--output", target])
        assert result.exit_code == 2
        assert result.stderr == f"relmap: error: --output {target} is a directory; name the file to write\n"
    assert list(tmp_path.iterdir()) == []


def test_output_into_a_missing_folder_is_a_usage_error(in_root: Path, tmp_path: Path) -> None:
    result = run(["render", ACME, "--output", str(tmp_path / "missing" / "map.html")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"relmap: error: cannot write in {tmp_path / 'missing'}")
    assert list(tmp_path.iterdir()) == []


def test_an_invalid_map_is_reported_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("relmap: 1\naccount: {name: X, owner: nobody}\n", encoding="utf-8")
    result = run(["render", str(bad)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"{bad}:2:27: error: owner 'nobody' is not defined [unknown-ref]\n"
        f"relmap: error: {bad} is not a valid map; fix the errors above (relmap validate shows them all)\n"
    )


def test_a_missing_file_and_an_unknown_format_are_usage_errors(in_root: Path) -> None:
    assert run(["render", "no-such-map.yaml"]).exit_code == 2
    result = run(["render", ACME, "--to", "png"])
    assert result.exit_code == 2
    assert "png" in result.stderr


def test_a_map_from_stdin(in_root: Path) -> None:
    text = Path(ACME).read_text(encoding="utf-8")
    result = run(["render", "-", "--to", "dot"], stdin=text)
    assert result.exit_code == 0
    assert result.stdout == run(["render", ACME, "--to", "dot"]).stdout


def test_render_is_listed_in_the_help() -> None:
    result = run(["--help"])
    assert "render" in result.stdout
    result = run(["render", "--help"])
    assert "Example: relmap render examples/acme.yaml --output acme.html" in result.stdout
