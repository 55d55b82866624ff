"""Output injection audit: a hostile map through every output format of every command.

Names and notes are data. They must never become rich markup, terminal
control sequences, HTML, Markdown structure, spreadsheet formulas or GitHub
workflow commands, and JSON must carry them back unchanged.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from relmap_cli.load.loader import load_map

from .conftest import DATA, run

HOSTILE = str(DATA / "hostile" / "hostile.yaml")
INVALID = str(DATA / "hostile" / "hostile-invalid.yaml")
# characters no report may print raw: C0 controls but tab and newline, DEL, C1, separators, bidi controls
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
SGR = re.compile(r"\x1b\[[0-9;]*m")  # rich's own colour codes, only when colour is on

ANALYSES = [
    ["gaps", HOSTILE, "--today", "2026-11-23"],
    ["coalitions", HOSTILE],
    ["sequence", HOSTILE, "--strategy", "bootstrap"],
    ["sequence", HOSTILE, "--strategy", "pyramid"],
    ["sequence", HOSTILE, "--strategy", "backward"],
    ["matrix", HOSTILE],
]
IDS = [" ".join(args[:1] + args[2:4]) for args in ANALYSES]


def hostile_names() -> list[str]:
    model = load_map(HOSTILE).model
    assert model is not None
    return [model.account.name, *(p.name for p in model.team), *(p.label for p in model.client)]


def assert_inert(text: str) -> None:
    found = RAW_CONTROL.search(text)
    assert found is None, (
        f"raw {found.group()!r} at {found.start()}: {text[max(0, found.start() - 40) : found.start() + 20]!r}"
    )


def test_the_hostile_map_is_valid_and_really_hostile() -> None:
    names = hostile_names()
    assert any("\x1b" in name for name in names)
    assert any("\x07" in name for name in names)
    assert any(name.startswith("=") for name in names)
    assert run(["validate", HOSTILE]).exit_code == 0


@pytest.mark.parametrize("args", ANALYSES, ids=IDS)
def test_table_output_is_inert_and_shows_markup_literally(args: list[str]) -> None:
    result = run(args)
    assert result.exit_code == 0
    assert_inert(result.stdout)
    if args[0] in ("gaps", "coalitions", "matrix"):
        assert "[bold red]Acme[/]" in result.stdout  # printed, not interpreted
        assert "\\x1b[31mRED\\x1b[0m\\x07" in result.stdout  # shown escaped


@pytest.mark.parametrize("args", ANALYSES, ids=IDS)
def test_colour_table_output_carries_no_escape_from_the_map(args: list[str]) -> None:
    result = run(args, env={"FORCE_COLOR": "1", "NO_COLOR": "", "COLUMNS": "120"})
    assert result.exit_code == 0
    assert "\x1b[" in result.stdout  # colour really is on
    assert_inert(SGR.sub("", result.stdout))
    if args[0] in ("gaps", "coalitions", "matrix"):
        assert "[bold red]Acme[/]" in SGR.sub("", result.stdout)


@pytest.mark.parametrize("args", ANALYSES, ids=IDS)
def test_json_output_is_inert_and_gives_the_data_back_unchanged(args: list[str]) -> None:
    result = run([*args, "--format", "json"])
    assert result.exit_code == 0
    assert_inert(result.stdout)
    document = json.loads(result.stdout)
    if "account" in document:
        assert document["account"] == hostile_names()[0]
    text = json.dumps(document, ensure_ascii=False)
    if args[0] == "matrix":
        assert {person["name"] for person in document["theirs"]} >= {"</script><img src=x onerror=alert(1)>"}
    assert "\\u001b" in result.stdout or "\x1b" not in text


@pytest.mark.parametrize("args", ANALYSES, ids=IDS)
def test_markdown_output_has_no_live_markup_or_formulas(args: list[str]) -> None:
    result = run([*args, "--format", "markdown"])
    assert result.exit_code == 0
    assert_inert(result.stdout)
    assert re.search(r"(?<!\\)[<>]", result.stdout) is None  # every angle bracket is escaped: no HTML
    assert re.search(r"(?<!\\)\]\(", result.stdout) is None  # no live links
    for line in result.stdout.splitlines():
        if line.startswith("| "):
            cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
            for cell in cells:
                ours = set(cell) <= set("-: ") or re.fullmatch(r"[+-]?[0-9.]+", cell)  # rules and our numbers
                assert ours or not cell.startswith(("=", "+", "-", "@")), cell


def test_validate_messages_are_inert_in_every_format(tmp_path: Path) -> None:
    table = run(["validate", INVALID])
    assert table.exit_code == 1
    assert_inert(table.stdout)
    assert "\\x1b[31m%0A,:\\x07=1+1" in table.stdout
    document = json.loads(run(["validate", INVALID, "--format", "json"]).stdout)
    messages = [finding["message"] for finding in document["files"][0]["findings"]]
    assert any("\x1b[31m" in message or "\\x1b[31m" in message for message in messages)


def test_github_annotations_cannot_forge_commands_or_properties(tmp_path: Path) -> None:
    path = tmp_path / "a,b:c%.yaml"
    path.write_text(Path(INVALID).read_text(encoding="utf-8"), encoding="utf-8")
    result = run(["validate", str(path), "--format", "github"])
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if not line.startswith(("::group::", "::endgroup::"))]
    assert lines and all(line.startswith("::error file=") for line in lines)
    assert_inert(result.stdout)
    escaped_path = str(path).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
    for line in lines:
        properties, _, message = line[len("::error ") :].partition("::")
        assert properties.startswith(f"file={escaped_path},line=")
        assert "\n" not in message and "\r" not in message  # so no forged command can start a line
    assert any("%250A" in line for line in lines)  # a literal %0A in the map stays literal


@pytest.mark.parametrize("output_format", ["table", "json", "github"])
def test_check_output_is_inert(output_format: str) -> None:
    result = run(["check", HOSTILE, "--today", "2026-11-23", "--fail-on", "warning", "--format", output_format])
    assert result.exit_code == 1  # the hostile map has stale contacts and an overdue action on purpose
    assert_inert(result.stdout)
    if output_format == "json":
        findings = json.loads(result.stdout)["files"][0]["findings"]
        assert any("</script><img src=x onerror=alert(1)>" in finding["message"] for finding in findings)
    if output_format == "github":
        starts = ("::error ", "::warning ", "::notice ", "::group::", "::endgroup::")
        assert all(line.startswith(starts) for line in result.stdout.splitlines())


@pytest.mark.parametrize("output_format", ["table", "json", "markdown"])
def test_diff_output_is_inert(output_format: str, tmp_path: Path) -> None:
    changed = tmp_path / "changed.yaml"
    changed.write_text(Path(HOSTILE).read_text(encoding="utf-8").replace("stance: neutral", "stance: champion"))
    result = run(["diff", HOSTILE, str(changed), "--today", "2026-11-23", "--format", output_format])
    assert result.exit_code == 0
    assert_inert(result.stdout)
    if output_format == "json":
        assert json.loads(result.stdout)["account"] == hostile_names()[0]
    if output_format == "markdown":
        assert re.search(r"(?<!\\)[<>]", result.stdout.replace("→", "")) is None


@pytest.mark.parametrize("target", ["html", "svg", "mermaid", "dot"])
def test_render_output_is_inert(target: str) -> None:
    result = run(["render", HOSTILE, "--to", target])
    assert result.exit_code == 0
    assert_inert(result.stdout)
    if target == "dot":  # a quoted DOT label is plain text (only <...> labels are HTML-like)
        assert '"</script><img src=x onerror=alert(1)>\\n' in result.stdout
    else:
        assert "<img src=x" not in result.stdout  # escaped for HTML and SVG, entity-coded for Mermaid
    assert "[bold red]" in result.stdout or target == "mermaid"  # shown as text (Mermaid encodes brackets)
