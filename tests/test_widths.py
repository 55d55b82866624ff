"""Every table of every command at 200, 100, 80, 60 and 40 columns: nothing lost, nothing too wide.

Each command runs on the shipped examples and the realistic accounts,
piped (in-process, `COLUMNS` set) and on a real terminal (a pseudo-terminal
of that size, `COLUMNS` unset, with and without `NO_COLOR`). For each run:
- no line is wider than the width, measured in display columns;
- every value the command's JSON form has is in the table it printed;
- what was printed is the layout of those tables, and that layout keeps
  every cell, in its column and in order (checked by slicing the printed
  columns back out, or reading the stacked blocks);
- the terminal shows the same text as the pipe, only coloured.
"""

from __future__ import annotations

import atexit
import fcntl
import io
import json
import os
import pty
import re
import shutil
import struct
import sys
import tempfile
import termios
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from relmap_cli.render import table
from relmap_cli.render.safe import clean_line
from relmap_cli.render.table import Report, fit_columns

from .conftest import DATA, EXAMPLES, graph_of, run

WIDTHS = [200, 100, 80, 60, 40]
TODAY = "2026-12-02"
MAPS = [EXAMPLES / "acme.yaml", EXAMPLES / "champion-left.yaml", *sorted((DATA / "accounts").glob("*.yaml"))]
ANALYSES = {
    "gaps": ["gaps"],
    "coalitions": ["coalitions"],
    "bootstrap": ["sequence", "--strategy", "bootstrap"],
    "pyramid": ["sequence", "--strategy", "pyramid"],
    "backward": ["sequence", "--strategy", "backward"],
    "matrix": ["matrix"],
}
SGR = re.compile(r"\x1b\[[0-9;]*m")
MARK = "=====relmap-run-{}====="


def changed_account() -> Path:
    """The airline account after a month of work: a stance, a contact and a strength moved."""
    source = DATA / "accounts" / "nordic-skyways.yaml"
    text = source.read_text(encoding="utf-8")
    edits = [
        ("{from: ceo-a, kind: knows, to: ceo, strength: good, last: 2026-06-20}",
         "{from: ceo-a, kind: knows, to: ceo, strength: strong, last: 2026-11-20}"),
        ("  - {from: hanna, kind: knows, to: coo, strength: good, last: 2026-10-08}\n", ""),
        ("stance: detractor, influence: 4, reports_to: ceo", "stance: neutral, influence: 4, reports_to: ceo"),
    ]  # fmt: skip
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    folder = Path(tempfile.mkdtemp(prefix="relmap-widths-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    target = folder / "nordic-skyways.yaml"
    target.write_text(text, encoding="utf-8")
    return target


def runs() -> list[tuple[str, list[str]]]:
    """(name, arguments) of every table command to check."""
    found = [
        (f"{name}-{path.stem}", [*args, str(path), "--today", TODAY])
        for name, args in ANALYSES.items()
        for path in MAPS
    ]
    old = DATA / "accounts" / "nordic-skyways.yaml"
    found.append(("diff-nordic-skyways", ["diff", str(old), str(changed_account()), "--today", TODAY]))
    return found


RUNS = runs()


def piped(args: list[str], width: int, no_color: bool) -> tuple[str, list[Report]]:
    """The command's output through a pipe at `width`, and the reports it printed."""
    printed: list[Report] = []
    original = table.layout

    def recording(report: Report, at: int, styled: bool = True) -> Iterator[table.Line]:
        assert at == width and not styled
        printed.append(report)
        return original(report, at, styled)

    env = {"COLUMNS": str(width), "NO_COLOR": "1" if no_color else "", "FORCE_COLOR": ""}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(table, "layout", recording)
        result = run(args, env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout, printed


def squeeze(text: str) -> str:
    """Text without any whitespace: how a wrapped value is compared."""
    return "".join(text.split())


def display_slice(line: str, start: int, end: int) -> str:
    """The characters of `line` between display columns `start` and `end`."""
    found, column = [], 0
    for char in line:
        if start <= column < end:
            found.append(char)
        column += cell_len(char)
    return "".join(found)


def check_layout(report: Report, width: int, text: str) -> None:
    """The printed report keeps every cell: in its column (a table) or in order (stacked blocks)."""
    lines = text.split("\n")[:-1]
    assert max(cell_len(line) for line in lines) <= width
    if not report.rows:
        return
    widths, gaps = fit_columns(report, width)
    after = sum(len(table._wrapped(line, width)) for line, _ in report.after)
    if not widths:  # stacked: every value, in row order (a short multi-line value on one line, comma-joined)
        flat, at = squeeze("\n".join(lines[: len(lines) - after])), 0
        for row in report.rows:
            for cell in row:
                if squeeze(cell.text):
                    joined = "".join(
                        ("" if not n or part[:1] in "→(" else ",") + squeeze(part)
                        for n, part in enumerate(cell.text.split("\n"))
                    )
                    found = flat.find(squeeze(cell.text), at)
                    shown = squeeze(cell.text)
                    if found < 0:
                        found, shown = flat.find(joined, at), joined
                    assert found >= 0, (cell.text, width)
                    at = found + len(shown)
        return
    rule = next(n for n, line in enumerate(lines) if line and set(line) == {"─"})
    body = lines[rule + 1 : len(lines) - after]
    start = 0
    for index, column_width in enumerate(widths):
        start += gaps[index]
        printed = "".join(squeeze(display_slice(line, start, start + column_width)) for line in body)
        assert printed == "".join(squeeze(row[index].text) for row in report.rows), (report.columns[index], width)
        start += column_width


def cells_of(reports: list[Report]) -> list[str]:
    """Every piece of text the reports hold, whitespace removed: titles, cells, lines after."""
    found = []
    for report in reports:
        found.append(squeeze(report.title))
        found += [squeeze(cell.text) for row in report.rows for cell in row]
        found += [squeeze(text) for text, _ in report.after]
    return found


def rows_of(reports: list[Report]) -> list[str]:
    """Each row of the last report as one whitespace-free string (coalitions prints what needs attention first)."""
    return ["".join(squeeze(cell.text) for cell in row) for row in reports[-1].rows]


def expect_gaps(data: dict[str, Any], label: Callable[[str], str]) -> tuple[list[str], list[list[str]]]:
    anywhere = [data["account"], data["model"], str(data["status"])]
    rows = [[f["severity"], f["kind"], f["message"], f["suggestion"], *f.get("planned", [])] for f in data["findings"]]
    return anywhere, rows


def expect_coalitions(data: dict[str, Any], label: Callable[[str], str]) -> tuple[list[str], list[list[str]]]:
    rows = []
    for person in data["people"]:
        pulls = [f"{pull['relation']} {label(pull['person'])} ({pull['amount']:+.2f})" for pull in person["pulled_by"]]
        pivot = ["pivot"] if person["pivot"] else []
        rows.append(
            [label(person["person"]), person["bucket"], person["how"], f"{person['score']:+.2f}", *pivot, *pulls]
        )
    anywhere = [data["account"]]
    for coalition in data["coalitions"]:
        anywhere += [coalition["bucket"], label(coalition["leader"]), *(label(m) for m in coalition["members"])]
    anywhere += [item["message"] for item in data.get("attention", [])]
    return anywhere, rows


def expect_sequence(data: dict[str, Any], label: Callable[[str], str]) -> tuple[list[str], list[list[str]]]:
    rows = []
    for step in data["steps"]:
        if data["strategy"] == "pyramid":  # the power, then who follows, by name
            rows.append([label(step["person"]), step["edges"][0], *(label(p) for p in step["follow"])])
        else:
            rows.append([label(step["person"]), step["why"]])
    return [data["account"], *(warning["message"] for warning in data["warnings"])], rows


def expect_matrix(data: dict[str, Any], label: Callable[[str], str]) -> tuple[list[str], list[list[str]]]:
    anywhere = [data["account"]]
    for ours in data["ours"]:
        anywhere += [ours["id"], ours["name"]]
    for theirs in data["theirs"]:
        anywhere += [theirs["name"], *([theirs["last"]] if theirs["last"] else [])]
    return anywhere, []


def shown(value: Any) -> str:
    """A JSON value as the diff table writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return ", ".join(map(shown, value)) if isinstance(value, list) else str(value)


def expect_diff(data: dict[str, Any], label: Callable[[str], str]) -> tuple[list[str], list[list[str]]]:
    anywhere = [data["account"], f"{data['changes']} change"]
    for section in ("people", "relationships", "actions"):
        for items in data[section].values():
            for item in items:
                anywhere += [shown(value) for key, value in item.items() if value not in (None, []) and key != "field"]
    for items in data.get("gaps", {}).values():
        anywhere += [item["message"] for item in items]
    return anywhere, []


EXPECT = {
    "gaps": expect_gaps,
    "coalitions": expect_coalitions,
    "bootstrap": expect_sequence,
    "pyramid": expect_sequence,
    "backward": expect_sequence,
    "matrix": expect_matrix,
    "diff": expect_diff,
}


def labeller(args: list[str]) -> Callable[[str], str]:
    path = next(arg for arg in args if arg.endswith(".yaml"))
    graph = graph_of(Path(path).read_text(encoding="utf-8"))
    return lambda person: clean_line(graph.label(person))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("name", "args"), RUNS, ids=[name for name, _ in RUNS])
def test_piped_tables_keep_every_value_within_the_width(name: str, args: list[str], width: int) -> None:
    text, reports = piped(args, width, no_color=False)
    assert piped(args, width, no_color=True)[0] == text  # a pipe is plain either way
    assert reports, "the command printed no table"
    assert text == "".join(table.format_plain(report, width) for report in reports)  # what was printed is the layout
    position = 0
    for report in reports:
        part = table.format_plain(report, width)
        check_layout(report, width, text[position : position + len(part)])
        position += len(part)
    result = run([*args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    anywhere, rows = EXPECT[name.split("-")[0]](json.loads(result.stdout), labeller(args))
    pieces = "\n".join(cells_of(reports))
    missing = [value for value in anywhere if squeeze(clean_line(value)) not in pieces]
    assert missing == [], f"in the JSON but not in the table at {width} columns"
    if rows:
        printed_rows = [row for row in rows_of(reports) if row]
        for expected, printed_row in zip(rows, printed_rows, strict=False):
            assert [value for value in expected if squeeze(clean_line(value)) not in printed_row] == []
        assert len(printed_rows) >= len(rows)


def on_terminal(width: int, no_color: bool, runs: list[list[str]], env: dict[str, str] | None = None) -> str:
    """Each run's output on a pseudo-terminal `width` columns wide (no COLUMNS), one after another."""
    pid, leader = pty.fork()
    if pid == 0:  # the child: a terminal of that size on stdout, relmap run in-process
        try:
            fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", 50, width, 0, 0))
            os.environ.pop("COLUMNS", None)
            os.environ.pop("FORCE_COLOR", None)
            os.environ["NO_COLOR"] = "1" if no_color else ""
            os.environ.update(env or {})
            sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", write_through=True)
            sys.stderr = sys.stdout
            from relmap_cli.cli import app

            for number, args in enumerate(runs):
                sys.stdout.write(MARK.format(number) + "\n")
                code = app(args, prog_name="relmap", standalone_mode=False)
                sys.stdout.write(f"exit {code or 0}\n")
            sys.stdout.flush()
        finally:
            os._exit(0)
    chunks = []
    while True:
        try:
            data = os.read(leader, 1 << 16)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.waitpid(pid, 0)
    os.close(leader)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def split_runs(text: str) -> list[str]:
    return re.split(r"=====relmap-run-\d+=====\n", text)[1:]


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
@pytest.mark.parametrize("width", WIDTHS)
def test_a_terminal_shows_what_the_pipe_shows(width: int, no_color: bool) -> None:
    shown = split_runs(on_terminal(width, no_color, [args for _, args in RUNS]))
    assert len(shown) == len(RUNS)
    assert any("\x1b[" in text for text in shown) != no_color  # colour exactly when NO_COLOR is not set
    for (name, args), text in zip(RUNS, shown, strict=True):
        plain, _, code = SGR.sub("", text).rpartition("exit ")
        assert code == "0\n", name
        assert max(cell_len(line) for line in plain.splitlines()) <= width, name
        expected, _ = piped(args, width, no_color=True)
        assert [line.rstrip() for line in plain.splitlines()] == expected.splitlines(), name


def test_the_pyramid_table_has_every_edge_of_its_json() -> None:
    args = [*ANALYSES["pyramid"], str(EXAMPLES / "acme.yaml"), "--today", TODAY]
    _, reports = piped(args, 100, no_color=True)
    data = json.loads(run([*args, "--format", "json"]).stdout)
    edges = [edge for step in data["steps"] for edge in step["edges"]]
    assert [edge for edge in edges if squeeze(edge) not in "\n".join(cells_of(reports))] == []


def test_the_diff_table_names_the_kind_of_each_gap() -> None:
    args = RUNS[-1][1]
    _, reports = piped(args, 100, no_color=True)
    data = json.loads(run([*args, "--format", "json"]).stdout)
    kinds = [gap["kind"] for gaps in data["gaps"].values() for gap in gaps]
    assert kinds and all(squeeze(kind) in "\n".join(cells_of(reports)) for kind in kinds)


@pytest.mark.parametrize("columns", ["0", "99999999", "²", "9" * 5000, "-5", "80px"])
def test_no_value_of_columns_drops_or_pads_findings_on_a_terminal(columns: str) -> None:
    args = ["check", str(EXAMPLES), "--today", TODAY]
    result = run(args)
    piped_lines = (result.stdout + result.stderr).splitlines()  # the terminal shows both
    (shown,) = split_runs(on_terminal(77, False, [args], {"COLUMNS": columns}))
    plain, _, code = SGR.sub("", shown).rpartition("exit ")
    assert code == "1\n"  # the examples have errors, reported as findings, not a crash
    assert plain.splitlines() == piped_lines  # every finding line, none cut, none padded
    tables = split_runs(
        on_terminal(77, True, [["gaps", str(EXAMPLES / "acme.yaml"), "--today", TODAY]], {"COLUMNS": columns})
    )
    width = max(cell_len(line) for line in tables[0].splitlines())
    assert width <= (1000 if columns.startswith("9") else 77)


def long_name_map(length: int) -> str:
    return f"""\
relmap: 1
account: {{name: Acme, owner: kim}}
team: [{{id: kim, name: Kim Park}}]
client:
  - {{id: ann, name: {"N" * length}, stance: supporter, roles: [decision-maker]}}
  - {{id: bob, name: Bob Birch, reports_to: ann}}
relationships:
  - {{from: kim, kind: knows, to: ann, strength: good}}
"""


@pytest.mark.parametrize("args", [["gaps"], ["coalitions"], ["sequence", "--strategy", "bootstrap"], ["matrix"]])
def test_a_forty_thousand_character_name_keeps_output_linear(args: list[str]) -> None:
    sizes = []
    for length in (40_000, 80_000):
        result = run([*args, "-", "--today", TODAY], stdin=long_name_map(length), env={"COLUMNS": "100"})
        assert result.exit_code == 0
        assert max(cell_len(line) for line in result.stdout.splitlines()) <= 100
        assert result.stdout.count("N") >= length  # the name is all there
        sizes.append(len(result.stdout))
    assert sizes[0] < 15 * 40_000  # the name appears a few times: bounded, not squared
    assert 1.8 < sizes[1] / sizes[0] < 2.2
