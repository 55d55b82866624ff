"""`relmap check` as CI runs it: located findings, annotations, thresholds, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES, run
from .gitrepo import GitRepo

TODAY = ["--today", "2026-11-23"]

FRESH = """\
relmap: 1
account:
  name: Acme
  owner: kim
  reviewed: 2026-11-01
  review_every: 1y
team:
  - {id: kim, name: Kim Park}
client:
  - {id: maria, name: Maria Lopez, roles: [decision-maker]}
relationships:
  - {from: kim, kind: knows, to: maria, strength: strong, last: 2026-11-10}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- the three situations CI must get right ----------------------------------------------
def test_a_fresh_map_passes(in_root: Path) -> None:
    result = run(["check", "examples/starter.yaml", *TODAY])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "1 map checked: 0 errors, 0 warnings\n"


def test_a_stale_map_fails_with_an_annotation_on_the_reviewed_line(in_root: Path) -> None:
    result = run(["check", "examples/acme.yaml", "--today", "2026-12-31", "--format", "github"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1] == (
        "::error file=examples/acme.yaml,line=12,col=13,title=relmap review-overdue::examples/acme.yaml:12:13: "
        "map review overdue: last reviewed 2026-10-01, due every 90 days, so by 2026-12-30 (1 day ago); once the team has reviewed it, record "
        "the day with relmap done --review"
    )
    assert (EXAMPLES / "acme.yaml").read_text().splitlines()[11] == "  reviewed: 2026-10-01"


def test_the_same_map_the_day_before_only_warns(in_root: Path) -> None:
    result = run(["check", "examples/acme.yaml", "--today", "2026-12-30"])
    assert result.exit_code == 0
    assert "review-overdue" not in result.stdout
    assert result.stderr.startswith("1 map checked: 0 errors, ")


def test_a_map_whose_champion_left_fails(in_root: Path) -> None:
    result = run(["check", "examples/champion-left.yaml", *TODAY, "--format", "github"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::group::examples/champion-left.yaml: 2 errors, 2 warnings",
        "::error file=examples/champion-left.yaml,line=12,col=13,title=relmap review-overdue::"
        "examples/champion-left.yaml:12:13: map review overdue: "
        "last reviewed 2026-07-15, due every 90 days, so by 2026-10-13 (41 days ago); once the team has reviewed it, record "
        "the day with relmap done --review",
        "::error file=examples/champion-left.yaml,line=24,col=95,title=relmap champion-left::"
        "examples/champion-left.yaml:24:95: champion Hans Berg "
        "(hans) left on 2026-09-30: find out who fills their successor's position Head of Packaging "
        "Development (successor) (tbd-dev) and win them; update the stance",
        "::warning file=examples/champion-left.yaml,line=26,col=10,title=relmap contact-missing::"
        "examples/champion-left.yaml:26:10: key player "
        "Karin Lund (karin): none of our current people is in touch with them",
        "::warning file=examples/champion-left.yaml,line=45,col=72,title=relmap action-overdue::"
        "examples/champion-left.yaml:45:72: open action b1 "
        "(Meet Karin to agree who now owns the film-grade trial) was due 2026-11-15, 8 days ago: do it, move it "
        "or mark it done or dropped",
        "::endgroup::",
    ]
    line = (EXAMPLES / "champion-left.yaml").read_text().splitlines()[23]
    assert line[:94].endswith("left: ") and line[94:].startswith("2026-09-30")


def test_the_examples_folder(in_root: Path) -> None:
    result = run(["check", "examples/", *TODAY])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "examples/acme.yaml:35:9: warning: key player Anna Keller (anna): last interaction 2026-03-12 (olsen, "
        "weak) was 256 days ago; weak relationships go stale after 180 days [contact-stale]",
        "examples/acme.yaml:70:10: warning: key player Raj Patel (raj): none of our current people is in touch "
        "with them [contact-missing]",
        "examples/acme.yaml:85:10: warning: key player Dr. Susan Lee (lee): none of our current people is in "
        "touch with them [contact-missing]",
        "examples/acme.yaml:91:12: warning: key player Omar Haddad (omar) leaves on 2027-01-31 (in 69 days): "
        "find out who takes over and meet them before then [key-player-leaving]",
        "examples/acme.yaml:130:52: warning: open action a2 (CEO dinner at the Coatings Summit) was due "
        "2026-10-30, 24 days ago: do it, move it or mark it done or dropped [action-overdue]",
        "examples/champion-left.yaml:12:13: error: map review overdue: last reviewed 2026-07-15, due every 90 "
        "days, so by 2026-10-13 (41 days ago); once the team has reviewed it, record the day with relmap done --review "
        "[review-overdue]",
        "examples/champion-left.yaml:24:95: error: champion Hans Berg (hans) left on 2026-09-30: find out who "
        "fills their successor's position Head of Packaging Development (successor) (tbd-dev) and win them; "
        "update the stance [champion-left]",
        "examples/champion-left.yaml:26:10: warning: key player Karin Lund (karin): none of our current people "
        "is in touch with them [contact-missing]",
        "examples/champion-left.yaml:45:72: warning: open action b1 (Meet Karin to agree who now owns the "
        "film-grade trial) was due 2026-11-15, 8 days ago: do it, move it or mark it done or dropped "
        "[action-overdue]",
    ]
    assert result.stderr == "4 maps checked: 2 errors, 7 warnings\n"


# -- thresholds and options -----------------------------------------------------------------
def test_fail_on_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "acme.yaml", FRESH)
    assert run(["check", str(path), "--today", "2027-01-09"]).exit_code == 0
    result = run(["check", str(path), "--today", "2027-01-10", "--fail-on", "warning"])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}:10:10: warning: key player Maria Lopez (maria): last interaction 2026-11-10 (kim, strong) was "
        "61 days ago; strong relationships go stale after 60 days [contact-stale]\n"
    )
    assert run(["check", str(path), "--today", "2027-01-10"]).exit_code == 0


def test_every_threshold_is_an_option(tmp_path: Path) -> None:
    path = write(tmp_path, "acme.yaml", FRESH)
    assert run(["check", str(path), *TODAY, "--strong-days", "13", "--fail-on", "warning"]).exit_code == 0
    result = run(["check", str(path), *TODAY, "--strong-days", "12", "--fail-on", "warning"])
    assert result.exit_code == 1 and "[contact-stale]" in result.stdout
    result = run(["check", str(path), *TODAY, "--review-every", "22d"])
    assert result.exit_code == 0
    result = run(["check", str(path), *TODAY, "--review-every", "3w"])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path}:5:13: error: map review overdue: last reviewed 2026-11-01, due every 21")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--review-every", "monthly"], "relmap: error: --review-every must be a cadence such as 30d, 6w, 3m or 1y"),
        (["--today", "23.11.2026"], "relmap: error: --today must be a date written as YYYY-MM-DD, not '23.11.2026'"),
    ],
)
def test_bad_options_are_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = run(["check", str(write(tmp_path, "acme.yaml", FRESH)), *args])
    assert result.exit_code == 2
    assert result.stderr.startswith(message)


@pytest.mark.parametrize("args", [["--fail-on", "info"], ["--format", "xml"], ["--weak-days", "-1"], []])
def test_bad_choices_are_usage_errors(args: list[str], in_root: Path) -> None:
    paths = ["examples/starter.yaml"] if args else []
    assert run(["check", *paths, *args]).exit_code == 2


def test_json_has_the_documented_shape(in_root: Path) -> None:
    result = run(["check", "examples/champion-left.yaml", "examples/starter.yaml", *TODAY, "-f", "json"])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert [(f["path"], f["account"]) for f in document["files"]] == [
        ("examples/champion-left.yaml", "Borealis Packaging"),
        ("examples/starter.yaml", "Nordwind Adhesives"),
    ]
    assert document["files"][0]["findings"][1] == {
        "rule": "champion-left",
        "severity": "error",
        "line": 24,
        "column": 95,
        "message": "champion Hans Berg (hans) left on 2026-09-30: find out who fills their successor's position "
        "Head of Packaging Development (successor) (tbd-dev) and win them; update the stance",
    }
    assert document["files"][1]["findings"] == []


def test_validation_errors_are_findings_too(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.yaml", FRESH.replace("strength: strong", "strength: stronk"))
    result = run(["check", str(path), *TODAY])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}:12:51: error: strength 'stronk' is not allowed: use 'strong', 'good', 'weak' or 'negative' "
        "(did you mean 'strong'?) [value]\n"
    )
    assert result.stderr == "1 map checked: 1 error, 0 warnings\n"


def test_directories_are_walked_and_other_yaml_skipped(tmp_path: Path) -> None:
    write(tmp_path, "maps/acme.yaml", FRESH)
    write(tmp_path, "maps/.github/workflows/ci.yaml", "on: push\n")
    write(tmp_path, "maps/emea/settings.yml", "colour: blue\n")
    write(tmp_path, "maps/emea/nordwind.yml", FRESH.replace("Acme", "Nordwind"))
    result = run(["check", str(tmp_path / "maps"), *TODAY, "-f", "json"])
    assert result.exit_code == 0
    assert [item["account"] for item in json.loads(result.stdout)["files"]] == ["Acme", "Nordwind"]


def test_only_maps_skips_named_files_that_are_not_maps(tmp_path: Path) -> None:
    ci = write(tmp_path, "ci.yaml", "on: push\njobs: {}\n")
    acme = write(tmp_path, "acme.yaml", FRESH)
    assert run(["check", str(ci), str(acme), *TODAY]).exit_code == 1  # named, so it must be a map
    result = run(["check", str(ci), str(acme), *TODAY, "--only-maps"])
    assert result.exit_code == 0
    assert result.stderr == "1 map checked: 0 errors, 0 warnings\n"
    result = run(["check", str(ci), *TODAY, "--only-maps"])
    assert result.exit_code == 0
    assert result.stderr == "no maps among the files given: nothing to check\n"


def test_a_process_pool_gives_the_same_output(tmp_path: Path) -> None:
    for number in range(12):
        write(tmp_path, f"maps/m{number:02}.yaml", (EXAMPLES / "champion-left.yaml").read_text())
    one = run(["check", str(tmp_path / "maps"), *TODAY, "--jobs", "1"])
    two = run(["check", str(tmp_path / "maps"), *TODAY, "--jobs", "2"])
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout
    assert two.stderr == "12 maps checked: 24 errors, 24 warnings\n"


# -- GitHub annotations: escaping -------------------------------------------------------------
def test_annotations_escape_percent_colon_comma_and_newlines(tmp_path: Path) -> None:
    text = FRESH.replace("name: Maria Lopez", 'name: "Maria 100% Lopez,\\nCPO: ops\\r"')
    path = write(tmp_path / "q3: emea, dach", "50% acme.yaml", text)
    result = run(["check", str(path), *TODAY, "--strong-days", "5", "-f", "github"])
    assert result.exit_code == 0
    shown = str(path).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
    in_message = str(path).replace("%", "%25")
    assert result.stdout == (
        f"::group::{in_message}: 1 warning\n"
        f"::warning file={shown},line=10,col=10,title=relmap contact-stale::{in_message}:10:10: "
        "key player Maria 100%25 Lopez,%0ACPO: "
        "ops\\x0d (maria): last interaction 2026-11-10 (kim, strong) was 13 days ago; strong relationships go "
        "stale after 5 days\n"
        "::endgroup::\n"
    )


def test_map_text_never_reaches_the_terminal_as_control_codes(tmp_path: Path) -> None:
    text = FRESH.replace("name: Maria Lopez", 'name: "\\e[31m[bold]Maria[/]\\a"')
    result = run(["check", str(write(tmp_path, "acme.yaml", text)), *TODAY, "--strong-days", "5"])
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "key player \\x1b[31m[bold]Maria[/]\\x07 (maria)" in result.stdout


# -- check reads only the dates written in the map, never history ----------------------------------
def test_check_gives_the_same_verdict_in_a_shallow_clone(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "origin")
    repo.commit({"maps/borealis.yaml": (EXAMPLES / "champion-left.yaml").read_text()}, "Borealis", "2026-07-15")
    repo.commit({"maps/acme.yaml": (EXAMPLES / "acme.yaml").read_text()}, "Acme", "2026-10-01")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)],
        check=True,
        env=repo.env,
    )
    full = run(["check", str(repo.path / "maps"), *TODAY])
    shallow = run(["check", str(clone / "maps"), *TODAY])
    assert shallow.exit_code == full.exit_code == 1
    assert shallow.stdout == full.stdout.replace(str(repo.path), str(clone))


def test_check_does_not_import_networkx_or_rich(in_root: Path) -> None:
    code = (
        "import sys; from relmap_cli.cli import app\n"
        "try: app(['check', 'examples/', '--today', '2026-11-23'])\n"
        "except SystemExit: pass\n"
        "print(sorted(m for m in ('networkx', 'rich', 'pydantic', 'jsonschema') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=in_root)
    assert result.stdout.strip().splitlines()[-1] == "[]"


# -- absurd values and one bad map among many ------------------------------------------------
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("30d\n", "relmap: error: --review-every must be a cadence such as 30d, 6w, 3m or 1y, not '30d\\x0a'\n"),
        ("9" * 5000 + "d", "relmap: error: --review-every must be at most 100 years (36500 days), not 9999"),
        ("36501d", "relmap: error: --review-every must be at most 100 years (36500 days), not 36501d\n"),
    ],
)
def test_an_absurd_review_cadence_option_is_a_usage_error(tmp_path: Path, value: str, message: str) -> None:
    result = run(["check", str(write(tmp_path, "acme.yaml", FRESH)), "--review-every", value])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(message)


def test_a_review_cadence_too_long_for_a_number_is_a_located_error(tmp_path: Path) -> None:
    path = write(tmp_path, "acme.yaml", FRESH.replace("review_every: 1y", f"review_every: {'9' * 5000}d"))
    result = run(["check", str(path), *TODAY])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}:6:17: error: review_every must be at most 100 years (36500 days), not {'9' * 59}… [value]\n"
    )


def test_one_unreadable_map_never_stops_a_pooled_run(tmp_path: Path) -> None:
    for number in range(70):
        write(tmp_path, f"maps/m{number:02}.yaml", FRESH)
    write(tmp_path, "maps/m33.yaml", FRESH.replace("review_every: 1y", f"review_every: {'9' * 5000}d"))
    result = run(["check", str(tmp_path / "maps"), *TODAY, "--jobs", "2"])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{tmp_path / 'maps' / 'm33.yaml'}:6:17: error: review_every must be at most")
    assert result.stderr == "70 maps checked: 1 error, 0 warnings\n"


def test_a_failure_on_one_map_is_reported_on_that_map_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from relmap_cli.analysis import staleness

    real = staleness.check_map

    def fails_on_beta(model, today, thresholds):  # type: ignore[no-untyped-def]
        if model.account.name == "Beta":
            raise ValueError("something relmap did not foresee\n::error::forged")
        return real(model, today, thresholds)

    monkeypatch.setattr(staleness, "check_map", fails_on_beta)
    alpha = write(tmp_path, "maps/a.yaml", FRESH)
    beta = write(tmp_path, "maps/b.yaml", FRESH.replace("name: Acme", "name: Beta"))
    gamma = write(tmp_path, "maps/c.yaml", FRESH.replace("reviewed: 2026-11-01", "reviewed: 2024-11-01"))
    result = run(["check", str(tmp_path / "maps"), *TODAY])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{beta}:1:1: error: relmap could not check this map (ValueError: something relmap did not foresee"
        "\\x0a:\\:error:\\:forged); this is a bug in relmap, not in your map [internal-error]",
        f"{gamma}:5:13: error: map review overdue: last reviewed 2024-11-01, due every 365 days, "
        "so by 2025-11-01 (387 days ago); once the team has reviewed it, record the day with relmap done "
        "--review [review-overdue]",
    ]
    assert alpha.exists()
    assert result.stderr == "3 maps checked: 2 errors, 0 warnings\n"


def test_check_lists_200_findings_per_map_then_counts_the_rest(tmp_path: Path) -> None:
    actions = "".join(f"  - {{id: a{i:03}, owner: kim, goal: Call {i}, due: 2026-01-01}}\n" for i in range(250))
    path = write(tmp_path, "acme.yaml", FRESH + "actions:\n" + actions)
    result = run(["check", str(path), *TODAY, "--format", "json"])
    assert result.exit_code == 0  # all warnings: the count line does not make it an error
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert len(findings) == 201
    assert findings[199]["message"].startswith("open action a199 ")
    assert findings[200] == {
        "rule": "too-many-problems",
        "severity": "warning",
        "line": 214,
        "column": 49,  # at the due date of the first one left out
        "message": "50 more problems from here on are not listed (relmap lists the first 200 of a file); "
        "fix these and run again",
    }
    assert result.stderr == "1 map checked: 0 errors, 250 warnings\n"
