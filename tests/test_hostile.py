"""Output injection audit: a hostile map through every output format of every command.

Names and notes are data. They must never become rich markup, terminal
control sequences, HTML, Markdown structure, spreadsheet formulas or GitHub
workflow commands, and JSON must carry them back unchanged.
"""

from __future__ import annotations

import itertools
import json
import os
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


# -- CI logs: no map text can forge a workflow command --------------------------------------
CI_LOG = DATA / "hostile" / "ci-log.yaml"
# The Actions runner reads `::command::` from any line, after leading whitespace
# (.NET's TrimStart, which Python's lstrip matches), and `##[command]` from anywhere in a line.
# relmap's own workflow commands (`--format github`): only what follows them is map text
OWN_ANNOTATION = re.compile(r"::(error|warning|notice) file=[^:]*::|::group::|::endgroup::$")
TODAY_ARGS = ["--today", "2026-11-23"]
# every way each command can print map text; a command not listed here is run as `NAME MAP`
# and `NAME MAP --today DAY`, and may refuse that as a usage error: what it prints is audited anyway
INVOCATIONS: dict[str, list[list[str]]] = {
    "validate": [["--format", f] for f in ("table", "json", "github")],
    "check": [[*TODAY_ARGS, "--format", f] for f in ("table", "json", "github")],
    "gaps": [[*TODAY_ARGS, "--format", f] for f in ("table", "markdown", "json")],
    "coalitions": [["--format", f] for f in ("table", "markdown", "json")],
    "sequence": [
        ["--strategy", s, "--format", f] for s in ("bootstrap", "pyramid", "backward") for f in ("table", "markdown")
    ],
    "matrix": [["--format", f] for f in ("table", "markdown", "json")],
    "diff": [["OTHER", *TODAY_ARGS, "--format", f] for f in ("table", "markdown", "json")],
    "render": [["--to", t] for t in ("mermaid", "dot", "svg", "html")],
    "schema": [],  # prints no map text
    "init": [],  # prints no map text (its own inputs are tested with `init`)
    "people": [[*TODAY_ARGS, "--format", f] for f in ("table", "markdown", "json", "csv")],
    "plan": [[*TODAY_ARGS, "--format", f] for f in ("table", "markdown", "json", "ics")],
    "portfolio": [[*TODAY_ARGS, "--format", f] for f in ("table", "markdown", "json", "html")],
    "report": [[*TODAY_ARGS, "--no-history", "--to", t] for t in ("html", "markdown")]
    + [[*TODAY_ARGS, "--no-history", "--redact", "--to", t] for t in ("html", "markdown")],
    "log": [["--by", "kim", "--with", "x1", "x3", "--note", "::error::n ##[x]", *TODAY_ARGS, "--dry-run"]],
    "done": [["a1", "--log", *TODAY_ARGS, "--dry-run"]],
    "set": [["x2", "title=::error::t ##[warning]", "--dry-run"]],
    "add": [["person", "x9", "--name", "::error::n", "--dry-run"]],
    "fmt": [["--diff"]],
}


def assert_no_workflow_command(text: str, what: str) -> None:
    for line in text.splitlines():
        if OWN_ANNOTATION.match(line):
            line = OWN_ANNOTATION.sub("", line, count=1)
            assert "::" not in line, f"{what}: {line!r}"
        assert not line.lstrip().startswith("::"), f"{what}: {line!r}"
        assert "##[" not in line, f"{what}: {line!r}"


def _ci_runs() -> list[tuple[str, list[str]]]:
    from relmap_cli.cli import COMMANDS

    return [(name, args) for name in COMMANDS for args in INVOCATIONS.get(name, [[], list(TODAY_ARGS)])]


@pytest.mark.parametrize(("command", "args"), _ci_runs(), ids=[" ".join([c, *a]) for c, a in _ci_runs()])
def test_no_command_lets_map_text_forge_a_workflow_command(
    command: str, args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = CI_LOG.read_text(encoding="utf-8")
    (tmp_path / "map.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "other.yaml").write_text(text.replace("stance: neutral", "stance: champion"), encoding="utf-8")
    args = ["other.yaml" if arg == "OTHER" else arg for arg in args]
    for env in ({"COLUMNS": "60"}, {"COLUMNS": "80"}, {"FORCE_COLOR": "1", "NO_COLOR": "", "COLUMNS": "80"}):
        result = run([command, "map.yaml", *args], env=env)
        assert result.exit_code in ((0, 1) if command in INVOCATIONS else (0, 1, 2)), result.stderr
        for stream, output in (("stdout", result.stdout), ("stderr", result.stderr)):
            assert_no_workflow_command(SGR.sub("", output), f"{command} {stream}")
            assert_inert(SGR.sub("", output))


def test_invisible_characters_and_workflow_commands_are_shown_escaped() -> None:
    result = run(["matrix", str(CI_LOG)])
    assert result.exit_code == 0
    assert "Anna\\u200bKeller" in result.stdout  # a zero width space does not hide between two words
    assert "Ma\\u200dria" in result.stdout  # nor a joiner inside a Latin name
    assert "fa\\U000e0041\\U000e0042ke \\ufeffname" in result.stdout  # tag characters, a BOM
    assert "#\\#[warning]Kim forged" in result.stdout
    assert ":\\:error file=README.md,line=1:\\:Acme forged" in result.stdout


def test_markdown_neither_links_nor_mentions_nor_strikes() -> None:
    result = run(["coalitions", str(CI_LOG), "--format", "markdown"])
    assert result.exit_code == 0
    out = result.stdout
    assert "@&#8203;octocat" in out and re.search(r"@(?!&#8203;)[A-Za-z0-9]", out) is None
    assert "www&#8203;.evil.example" in out and "http&#8203;://evil.example" in out
    assert re.search(r"(?<!\\)~", out) is None


def test_validate_messages_cannot_forge_a_workflow_command_in_any_format(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        'relmap: 1\naccount: {name: A, owner: kim, "::error file=x::unknown": 1}\nteam: [{id: kim, name: K}]\n'
        'client: [{id: a, name: "##[warning]A", stance: "::fan::"}]\n',
        encoding="utf-8",
    )
    for output_format in ("table", "json", "github"):
        result = run(["validate", str(path), "--format", output_format])
        assert result.exit_code == 1
        assert_no_workflow_command(result.stdout, output_format)
    result = run(["gaps", str(path)])  # an analysis prints a map's errors on stderr
    assert result.exit_code == 2
    assert_no_workflow_command(result.stderr, "gaps stderr")
    assert "unknown key ':\\:error file=x:\\:unknown' in account" in result.stderr


def test_json_escapes_del_c1_invisible_characters_and_commands_and_keeps_the_data() -> None:
    from relmap_cli.render.json_ import to_json

    text = "del\x7f csi\x9b[2J osc\x9d0;t\x07 zw\u200b\u200d tag\U000e0041 bom\ufeff lone\udcff ##[warning]x"
    written = to_json({"name": text})
    assert written == (
        '{\n  "name": "del\\u007f csi\\u009b[2J osc\\u009d0;t\\u0007 zw\\u200b\\u200d tag\\udb40\\udc41 '
        'bom\\ufeff lone\\udcff \\u0023#[warning]x"\n}\n'
    )
    assert json.loads(written) == {"name": text}


@pytest.mark.parametrize(
    ("text", "line", "cell"),
    [
        ("::error::x", ":\\:error:\\:x", ":\\\\:error:\\\\:x"),
        ("a ##[group]b", "a #\\#[group]b", "a #\\\\#\\[group\\]b"),
        ("Ma\u200dria", "Ma\\u200dria", "Ma\\\\u200dria"),
        ("\U0001f468\u200d\U0001f469", "\U0001f468\u200d\U0001f469", "\U0001f468\u200d\U0001f469"),  # an emoji
        ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", None),
        ("R&D &amp; co", "R&D &amp; co", "R&D \\&amp; co"),
        (" =SUM(A1)", " =SUM(A1)", "' =SUM(A1)"),
        ("@kim a@b.co", "@kim a@b.co", "'@&#8203;kim a@&#8203;b.co"),
        ("# Heading ~~x~~ $5 to $7", "# Heading ~~x~~ $5 to $7", "\\# Heading \\~\\~x\\~\\~ \\$5 to \\$7"),
    ],
)
def test_the_shared_escaping_helpers(text: str, line: str, cell: str | None) -> None:
    from relmap_cli.render.safe import clean_line, markdown_cell

    assert clean_line(text) == line
    if cell is not None:
        assert markdown_cell(text) == cell


def test_text_the_helpers_pass_unchanged_has_nothing_their_patterns_escape() -> None:
    """The shortcut for printable text skips the patterns only where, at every code point, they would change nothing."""
    from relmap_cli.render.safe import _nothing_to_escape, _unsafe

    printable = [chr(code) for code in range(0x110000) if chr(code).isprintable()]
    for one_line in (False, True):
        pattern = _unsafe(one_line)
        for context in ("{}", "a{}", "{}a", "\u0645{}\u0645"):
            assert [char for char in printable if pattern.search(context.format(char))] == []
    samples = ("Ana Müller", "a:b #[x]", "a::b", "##[group]", "a\tb", "a\u200db")
    assert [_nothing_to_escape(text) for text in samples] == [True, True, False, False, False, False]
    # the rules over several characters: every short text of their characters the shortcut passes, they pass too
    texts = ["".join(chars) for size in range(1, 5) for chars in itertools.product(":#[a ", repeat=size)]
    escaped = [text for text in texts if _unsafe(False).search(text) or _unsafe(True).search(text)]
    assert [text for text in escaped if _nothing_to_escape(text)] == []


@pytest.mark.parametrize(
    ("rev", "message"),
    [
        ("^HEAD", "relmap: error: unknown revision '^HEAD': name a commit, branch or tag (or a date YYYY-MM-DD)\n"),
        (
            "HEAD\n::error::forged",
            "relmap: error: unknown revision 'HEAD\\x0a:\\:error:\\:forged': name a commit, branch or tag "
            "(or a date YYYY-MM-DD)\n",
        ),
    ],
)
def test_a_revision_that_names_no_commit_is_a_usage_error(
    rev: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .gitrepo import GitRepo

    repo = GitRepo.create(tmp_path / "accounts")
    repo.commit({"acme.yaml": Path(HOSTILE).read_text(encoding="utf-8")}, "Acme", "2026-11-01")
    monkeypatch.chdir(repo.path)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    result = run(["diff", "acme.yaml", "--since", rev, "--today", "2026-11-23"])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
