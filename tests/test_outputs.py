"""Where `--output` writes: through links, into pipes, `-` for stdout, and names it refuses."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


# -- hostile environments: names, encodings, a full disk -------------------------------------
def relmap_process(
    args: list[str], env: dict[str, str] | None = None, **options: object
) -> subprocess.CompletedProcess[bytes]:
    """Run the installed entry point in a process of its own, as a shell or CI would."""
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **options}
    return subprocess.run(
        [sys.executable, "-m", "relmap_cli", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        check=False,
        **streams,  # type: ignore[arg-type]
    )


def test_a_file_name_with_a_newline_cannot_start_a_line_on_stderr(tmp_path: Path) -> None:
    forged = "map\n::error file=README.md::forged"
    result = run(["validate", str(tmp_path / f"{forged}.yaml")])
    assert result.exit_code == 2
    assert result.stderr == (
        f"relmap: error: no such file or directory: {tmp_path}/map\\x0a:\\:error file=README.md:\\:forged.yaml\n"
    )
    target = tmp_path / f"{forged}.svg"
    result = run(["render", ACME, "--output", str(target)])
    assert result.exit_code == 0
    assert result.stderr == f"wrote {tmp_path}/map\\x0a:\\:error file=README.md:\\:forged.svg (svg)\n"
    (tmp_path / "maps").mkdir()
    os.mkfifo(tmp_path / "maps" / f"{forged}.yaml")
    (tmp_path / "maps" / "acme.yaml").write_text(Path(ACME).read_text(encoding="utf-8"), encoding="utf-8")
    result = run(["validate", str(tmp_path / "maps")])
    assert result.stderr.splitlines()[0] == (
        f"skipped {tmp_path}/maps/map\\x0a:\\:error file=README.md:\\:forged.yaml: not a regular file (a named pipe)"
    )


def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "maps"
    folder.mkdir()
    (folder / os.fsdecode(b"\xff.yaml")).write_text("relmap: 1\naccount: {name: A, owner: k}\n")
    result = relmap_process(["validate", str(folder)])
    assert result.returncode == 1
    assert result.stdout == f"{folder}/\\udcff.yaml:2:27: error: owner 'k' is not defined [unknown-ref]\n".encode()


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "examples/", "--format", "json"],
        ["gaps", "examples/acme.yaml", "--today", "2026-11-23"],
        ["render", "examples/acme.yaml", "--to", "html"],
    ],
)
def test_a_full_disk_on_standard_output_is_a_plain_error(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        result = relmap_process(args, stdout=full)
    assert result.returncode == 2
    assert result.stderr == b"relmap: error: cannot write the output: No space left on device\n"


ASCII_ONLY = {"PYTHONCOERCECLOCALE": "0", "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}


def test_in_a_non_utf8_locale_a_pipe_gets_utf8(tmp_path: Path) -> None:
    named = tmp_path / "named.yaml"
    named.write_text(Path(ACME).read_text(encoding="utf-8").replace("Acme Chemicals", "Société Générale"))
    for args in (["gaps", str(named), "--today", "2026-11-23"], ["render", str(named), "--to", "svg"]):
        result = relmap_process(args, env=ASCII_ONLY)
        assert result.returncode == 0, result.stderr  # it used to crash on relmap's own arrows
        assert "Société Générale" in result.stdout.decode("utf-8")
    table = relmap_process(["gaps", str(named), "--today", "2026-11-23"], env=ASCII_ONLY).stdout.decode("utf-8")
    assert "finding → suggestion" in table


def test_an_ascii_only_output_gets_ascii_symbols_and_json_stays_json() -> None:
    env = {**ASCII_ONLY, "PYTHONIOENCODING": "ascii"}
    table = relmap_process(["gaps", "examples/acme.yaml", "--today", "2026-11-23"], env=env)
    assert table.returncode == 0, table.stderr
    text = table.stdout.decode("ascii")
    assert " #   severity   kind" in text and "finding -> suggestion" in text and "\n-----" in text
    data = relmap_process(["gaps", "examples/acme.yaml", "--today", "2026-11-23", "--format", "json"], env=env)
    assert data.returncode == 0
    utf8 = relmap_process(["gaps", "examples/acme.yaml", "--today", "2026-11-23", "--format", "json"])
    assert data.stdout.isascii() and json.loads(data.stdout) == json.loads(utf8.stdout)


def test_documents_on_standard_output_are_utf8_whatever_the_encoding(tmp_path: Path) -> None:
    named = tmp_path / "named.yaml"
    named.write_text(Path(ACME).read_text(encoding="utf-8").replace("Acme Chemicals", "Société Générale"))
    for target in ("svg", "html", "dot", "mermaid"):
        result = relmap_process(["render", str(named), "--to", target], env={"PYTHONIOENCODING": "latin-1"})
        assert result.returncode == 0, result.stderr
        assert "Société Générale" in result.stdout.decode("utf-8")  # strict: it really is UTF-8


def test_an_ascii_terminal_gets_ascii_symbols() -> None:
    import pty

    main, secondary = pty.openpty()
    with os.fdopen(main, "rb", buffering=0) as reader:
        process = subprocess.Popen(
            [sys.executable, "-m", "relmap_cli", "gaps", "examples/acme.yaml", "--today", "2026-11-23"],
            cwd=ROOT,
            stdout=secondary,
            stderr=subprocess.PIPE,
            env={**os.environ, **ASCII_ONLY, "NO_COLOR": "1", "COLUMNS": "80"},
        )
        os.close(secondary)
        received = b""
        while True:
            try:
                chunk = reader.read(65536)
            except OSError:  # the terminal closes with the process
                break
            if not chunk:
                break
            received += chunk
        assert process.wait(timeout=60) == 0, process.stderr.read() if process.stderr else ""
    text = received.decode("ascii")  # strict: nothing but ASCII reached the terminal
    assert "finding -> suggestion" in text


# -- the JSON writer: json.dumps(indent=2) byte for byte, only faster ----------------------------------
_json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),  # NaN and infinities included: those are left to json.dumps
    st.text(),
    st.dates(),
)
_json_documents = st.recursive(
    _json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(st.one_of(st.text(), st.integers()), inner, max_size=4),  # an int key: json.dumps decides
    ),
    max_leaves=25,
)


@given(_json_documents, st.booleans())
def test_the_json_writer_writes_what_json_dumps_writes(document: object, ascii_only: bool) -> None:
    from relmap_cli.render.json_ import _default, _indented_json

    assert "".join(_indented_json(document, ascii_only)) == json.dumps(
        document, indent=2, ensure_ascii=ascii_only, default=_default
    )


@pytest.mark.parametrize("piece", [1, 2, 3, 8192])
def test_json_written_in_pieces_is_the_same_text(monkeypatch: pytest.MonkeyPatch, piece: int) -> None:
    from relmap_cli.render import json_

    document = {
        "people": [
            {"id": f"p{n}", "name": f"##[group]{n}\u200b", "note": "##[", "tags": ["#", "#[", "::x"]} for n in range(7)
        ],
        "empty": [],
        "when": date(2026, 12, 1),
    }
    whole = json_.to_json(document)
    monkeypatch.setattr(json_, "_PIECE", piece)
    assert json_.to_json(document) == whole
    out = io.StringIO()
    json_.write_json(out, document)
    assert out.getvalue() == whole
    assert "##[" not in whole and "\\u0023#[group]3\\u200b" in whole
    assert json.loads(whole)["people"][3]["name"] == "##[group]3\u200b"
