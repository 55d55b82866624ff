"""The analysis commands as users run them: formats, shapes, usage errors, determinism."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from . import shapes
from .conftest import run

ACME = "examples/acme.yaml"
COMMANDS = [
    (["gaps", ACME, "--today", "2026-11-23"], shapes.GAPS),
    (["coalitions", ACME], shapes.COALITIONS),
    (["sequence", ACME, "--strategy", "bootstrap"], shapes.SEQUENCE),
    (["sequence", ACME, "--strategy", "pyramid"], shapes.SEQUENCE),
    (["sequence", ACME, "--strategy", "backward"], shapes.SEQUENCE),
    (["sequence", ACME, "--strategy", "backward", "--target", "lee"], shapes.SEQUENCE),
    (["matrix", ACME], shapes.MATRIX),
]
IDS = [" ".join(args[:1] + args[2:4]) for args, _ in COMMANDS]


@pytest.mark.parametrize(("args", "shape"), COMMANDS, ids=IDS)
def test_json_output_has_the_documented_shape(args: list[str], shape: dict, in_root: Path) -> None:
    result = run([*args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    jsonschema.validate(json.loads(result.stdout), shape)


@pytest.mark.parametrize(("args", "shape"), COMMANDS, ids=IDS)
@pytest.mark.parametrize("output_format", ["table", "json", "markdown"])
def test_same_input_gives_byte_identical_output(
    args: list[str], shape: dict, output_format: str, in_root: Path
) -> None:
    first = run([*args, "--format", output_format])
    second = run([*args, "--format", output_format])
    assert first.exit_code == 0
    assert first.stdout == second.stdout
    assert first.stdout.strip()


def test_gaps_table_on_the_example(in_root: Path) -> None:
    result = run(["gaps", ACME, "--today", "2026-11-23"])
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "Acme Chemicals: engagement model bow-tie (target cotton-reel), map status 3 (supportive key players)"
    )
    assert lines[-1] == "20 findings: 3 errors, 13 warnings, 4 info"
    assert " 1   error      red-flag              Detractor Dr. Susan Lee sways decision maker Anna Keller" in result.stdout


def test_every_finding_kind_bucket_and_strategy_is_shown_on_the_example(in_root: Path) -> None:
    gaps = json.loads(run(["gaps", ACME, "--today", "2026-11-23", "-f", "json"]).stdout)
    assert {f["kind"] for f in gaps["findings"]} == set(
        shapes.GAPS["properties"]["findings"]["items"]["properties"]["kind"]["enum"]
    )
    assert any(f["kind"] == "single-threaded" and f["people"][0] == "kim" for f in gaps["findings"])  # the bow tie
    people = json.loads(run(["coalitions", ACME, "-f", "json"]).stdout)["people"]
    assert {(p["bucket"], p["how"]) for p in people} >= {
        ("furthers", "direct"),
        ("furthers", "indirect"),
        ("hinders", "direct"),
        ("hinders", "indirect"),
        ("swing", "direct"),
    }
    assert [p["person"] for p in people if p["pivot"]] == ["anna", "frank"]
    backward = json.loads(run(["sequence", ACME, "-s", "backward", "-f", "json"]).stdout)
    assert (backward["target"], [s["person"] for s in backward["steps"]]) == ("anna", ["schmidt", "raj", "anna"])
    bootstrap = json.loads(run(["sequence", ACME, "-s", "bootstrap", "-f", "json"]).stdout)
    assert [w["message"] for w in bootstrap["warnings"]] == [
        "Bringing Frank Moreau in early may cost Dr. Susan Lee",
        "Bringing Raj Patel in early may cost Dr. Susan Lee",
    ]


def test_unknown_target_is_a_usage_error_listing_the_valid_ids(in_root: Path) -> None:
    result = run(["sequence", ACME, "--strategy", "backward", "--target", "nobody"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "relmap: error: --target: no client person has the id 'nobody'; valid targets: anna, maria, joe, ben, "
        "frank, raj, schmidt, lee, omar, nina, greta\n"
    )


def test_target_only_goes_with_backward(in_root: Path) -> None:
    result = run(["sequence", ACME, "--strategy", "pyramid", "--target", "anna"])
    assert result.exit_code == 2
    assert "--target only applies to --strategy backward" in result.stderr


def test_strategy_is_required_and_checked(in_root: Path) -> None:
    assert run(["sequence", ACME]).exit_code == 2
    assert run(["sequence", ACME, "--strategy", "sideways"]).exit_code == 2


@pytest.mark.parametrize("command", [["gaps"], ["coalitions"], ["sequence", "-s", "pyramid"], ["matrix"]])
def test_an_invalid_map_prints_located_errors_and_exits_2(command: list[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("relmap: 1\naccount: {name: A, owner: kim}\nteam: [{id: kim, name: K, levl: vp}]\n")
    result = run([command[0], str(path), *command[1:]])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}:3:27: error: unknown key 'levl' in team member 'kim' (did you mean 'level'?) [unknown-key]",
        f"relmap: error: {path} is not a valid map; fix the errors above (relmap validate shows them all)",
    ]


def test_analysis_reads_stdin(in_root: Path) -> None:
    text = Path(ACME).read_text(encoding="utf-8")
    assert run(["matrix", "-", "-f", "json"], stdin=text).stdout == run(["matrix", ACME, "-f", "json"]).stdout


def test_markdown_gaps_is_a_table(in_root: Path) -> None:
    result = run(["gaps", ACME, "--today", "2026-11-23", "-f", "markdown"])
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "## Gaps: Acme Chemicals",
        "",
        "Acme Chemicals: engagement model bow-tie (target cotton-reel), map status 3 (supportive key players)",
    ]
    assert lines[4] == "| # | severity | kind | finding | suggestion |"
    assert len([line for line in lines if line.startswith("| ")]) == 20 + 2  # header, rule, rows


LEAVING = """\
relmap: 1
account: {name: Acme, owner: kim}
team: [{id: kim, name: Kim Park}]
client:
  - {id: fay, name: Fay Falk, stance: champion, influence: 4, roles: [decision-maker], left: 2027-03-01}
  - {id: joe, name: Joe Hart, reports_to: fay}
relationships:
  - {from: kim, kind: knows, to: fay, strength: strong}
"""


@pytest.mark.parametrize(
    ("command", "before", "after"),
    [
        (["coalitions", "-f", "json"], ["fay", "joe"], ["joe"]),
        (["sequence", "-s", "bootstrap", "-f", "json"], ["fay", "joe"], ["joe"]),
        (["matrix", "-f", "json"], ["fay", "joe"], ["joe"]),
    ],
)
def test_every_analysis_judges_a_departure_as_of_today(command: list[str], before: list[str], after: list[str]) -> None:
    def people(today: str) -> list[str]:
        result = run([command[0], "-", *command[1:], "--today", today], stdin=LEAVING)
        assert result.exit_code == 0, result.stderr
        data = json.loads(result.stdout)
        if command[0] == "matrix":
            return [person["id"] for person in data["theirs"]]
        rows = data["people"] if command[0] == "coalitions" else data["steps"]
        return [row["person"] for row in rows]

    assert people("2027-02-28") == before
    assert people("2027-03-01") == after


def test_render_marks_an_announced_departure_and_greys_a_past_one() -> None:
    before = run(["render", "-", "--to", "mermaid", "--today", "2027-02-28"], stdin=LEAVING).stdout
    after = run(["render", "-", "--to", "mermaid", "--today", "2027-03-01"], stdin=LEAVING).stdout
    assert "<br/>leaving 2027-03-01" in before
    assert "<br/>left 2027-03-01" in after
