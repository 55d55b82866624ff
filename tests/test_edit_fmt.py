"""`relmap fmt`: one canonical layout, idempotent, comments and meaning kept, merge-friendly."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest

from relmap_cli.edit.fmt import format_map
from relmap_cli.format.model import as_data
from relmap_cli.load.loader import load_text

from .conftest import DATA, EXAMPLES, ROOT, run
from .gitrepo import GitRepo

CORPUS = sorted(
    [
        *(DATA / "valid").glob("*.yaml"),
        *EXAMPLES.glob("*.yaml"),
        DATA / "hostile" / "hostile.yaml",
        *(ROOT / "tests" / "golden" / "edits").glob("*.yaml"),
    ]
)
IDS = [str(path.relative_to(ROOT)) for path in CORPUS]


def comments(text: str) -> list[str]:
    """Every comment in YAML text, found with PyYAML's own scanner: a `#` outside every scalar."""
    import yaml

    text = text.removeprefix("\ufeff")
    spans = [(t.start_mark.index, t.end_mark.index) for t in yaml.scan(text) if isinstance(t, yaml.ScalarToken)]
    found = []
    for match in re.finditer(r"(?:^|(?<=[ \t]))#[^\r\n]*", text, re.MULTILINE):
        if not any(start <= match.start() < end for start, end in spans):
            found.append(match.group().rstrip())
    return found


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("path", CORPUS, ids=IDS)
def test_fmt_is_idempotent_and_keeps_meaning_and_comments(path: Path) -> None:
    before = read(path)
    once = format_map(before, str(path))
    assert once.problems == []
    twice = format_map(once.after, str(path))
    assert twice.problems == [] and twice.after == once.after
    old, new = load_text(before).model, load_text(once.after).model
    assert old is not None and new is not None and as_data(old) == as_data(new)
    kept = " ".join(comments(once.after))
    for comment in comments(before):
        assert comment in kept, comment
    assert once.after.startswith("\ufeff") == before.startswith("\ufeff")
    assert ("\r\n" in once.after) == ("\r\n" in before)


@pytest.mark.parametrize("path", CORPUS, ids=IDS)
def test_the_gap_report_is_the_same_before_and_after(path: Path, tmp_path: Path) -> None:
    copy = tmp_path / path.name
    shutil.copyfile(path, copy)
    before = run(["gaps", str(copy), "--format", "json", "--today", "2026-11-23"])
    assert run(["fmt", str(copy)]).exit_code == 0
    after = run(["gaps", str(copy), "--format", "json", "--today", "2026-11-23"])
    assert before.exit_code == after.exit_code == 0
    assert after.stdout == before.stdout


def test_the_canonical_layout() -> None:
    messy = textwrap.dedent("""\
        # Acme
        account:   # the account
          owner: kim      # KAM
          name: Acme
        relmap: 1
        team: [{name: Kim Park, id: kim}]
        client:
            -   name: Maria Lopez
                id: maria     # champion
                roles:
                  - decision-maker   # signs
                  - budget-holder
            - {id: joe, name: "Hart, Joe", title: Category Manager Resins and Adhesives, function: procurement, level: manager,
               email: joe.hart@acme.example}
        relationships:
          - from: kim
            to: maria
            kind: knows
            last: 2026-10-01
            note: Plant tour, then lunch
          # ours and theirs
          - {kind: knows, to: joe, from: kim}
        actions: []
        """)
    assert format_map(messy).after == textwrap.dedent("""\
        # Acme
        relmap: 1
        account:   # the account
          name: Acme
          owner: kim      # KAM
        team:
          - {id: kim, name: Kim Park}
        client:
          - id: maria     # champion
            name: Maria Lopez
            roles: [decision-maker, budget-holder]  # signs
          - {id: joe, name: "Hart, Joe", title: Category Manager Resins and Adhesives, function: procurement, level: manager,
             email: joe.hart@acme.example}
        relationships:
          - {from: kim, kind: knows, to: maria, last: 2026-10-01, note: "Plant tour, then lunch"}
          # ours and theirs
          - {from: kim, kind: knows, to: joe}
        actions: []
        """)


def test_a_new_map_from_init_is_already_formatted(tmp_path: Path) -> None:
    target = tmp_path / "nordwind.yaml"
    assert run(["init", "Nordwind", "--owner", "kim", "--output", str(target), "--today", "2026-11-23"]).exit_code == 0
    result = run(["fmt", "--check", str(target)])
    assert (result.exit_code, result.stderr) == (0, "1 map: 1 already formatted\n")


def test_check_writes_nothing_and_fails_when_a_map_would_change(tmp_path: Path) -> None:
    target = tmp_path / "starter.yaml"
    shutil.copyfile(EXAMPLES / "starter.yaml", target)
    result = run(["fmt", "--check", str(target)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"would reformat {target}\n1 map: 1 would be reformatted\n"
    assert target.read_bytes() == (EXAMPLES / "starter.yaml").read_bytes()


def test_diff_shows_the_change_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "minimal.yaml"
    shutil.copyfile(DATA / "valid" / "minimal.yaml", target)
    result = run(["fmt", "--diff", str(target)])
    assert result.exit_code == 0
    assert result.stdout == textwrap.dedent(f"""\
        --- {target}
        +++ {target}
        @@ -1,3 +1,4 @@
         relmap: 1
         account: {{name: Acme, owner: kim}}
        -team: [{{id: kim, name: Kim Park}}]
        +team:
        +  - {{id: kim, name: Kim Park}}
        """)
    assert target.read_bytes() == (DATA / "valid" / "minimal.yaml").read_bytes()
    assert run(["fmt", "--diff", "--check", str(target)]).exit_code == 1


def test_fmt_rewrites_in_place_and_reports(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "maps")
    (tmp_path / "maps" / "ci.yml").write_text("on: [push]\n")
    count = len(list(EXAMPLES.glob("*.yaml")))
    unformatted = sum(1 for path in EXAMPLES.glob("*.yaml") if format_map(read(path)).changed)
    result = run(["fmt", str(tmp_path / "maps")])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == (
        f"{count} maps: {unformatted} reformatted" + (f", {count - unformatted} already formatted" * (unformatted < count))
    )
    assert unformatted >= 3
    assert run(["fmt", "--check", str(tmp_path / "maps")]).stderr == f"{count} maps: {count} already formatted\n"
    assert (tmp_path / "maps" / "ci.yml").read_text() == "on: [push]\n"


def test_an_invalid_map_is_left_as_it_is(tmp_path: Path) -> None:
    target = tmp_path / "broken.yaml"
    target.write_text("relmap: 1\naccount: {name: Acme, owner: kim}\nteam: [{id: kim, name: Kim, stance: x}]\n")
    result = run(["fmt", str(target)])
    assert result.exit_code == 2
    assert f"{target}: not formatted: it is not a valid map" in result.stderr
    assert "team: [{id: kim, name: Kim, stance: x}]" in target.read_text()


MEANT = "relmap: 1\naccount: {name: Acme, owner: kim}\nteam:\n  - {id: kim, name: Kim, notes: 'null'}\n"


@pytest.mark.parametrize(
    "laid_out",
    [
        MEANT.replace("'null'", "null"),  # the same text, but now a null
        MEANT.replace("name: Kim,", "name: Kim Park,"),  # another value
        MEANT.replace("{id: kim,", "{id: kim, id: kim,"),  # a duplicate key
        MEANT.replace("notes: 'null'}", "notes: 'null'"),  # no longer YAML
    ],
    ids=["quoted-null-unquoted", "value-changed", "duplicate-key", "syntax"],
)
def test_a_layout_that_would_change_what_the_map_says_is_refused(
    laid_out: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from relmap_cli.edit import fmt

    monkeypatch.setattr(fmt._Formatter, "run", lambda self: laid_out)
    result = format_map(MEANT, "acme.yaml")
    assert [(p.line, p.column, p.rule) for p in result.problems] == [(1, 1, "fmt")]
    assert result.after == MEANT and not result.changed
    target = tmp_path / "acme.yaml"
    target.write_text(MEANT)
    run_result = run(["fmt", str(target)])
    assert run_result.exit_code == 2
    assert (
        f"{target}:1:1: error: relmap cannot lay this map out canonically without changing what it says; "
        "it is left as it is [fmt]" in run_result.stderr
    ), run_result.stderr
    assert target.read_text() == MEANT


def test_only_maps_skips_other_yaml_and_stdin_goes_to_stdout(tmp_path: Path) -> None:
    workflow = tmp_path / "ci.yml"
    workflow.write_text("on: [push]\n")
    result = run(["fmt", "--only-maps", str(workflow)])
    assert result.exit_code == 0 and workflow.read_text() == "on: [push]\n"
    piped = run(["fmt", "-"], stdin=(DATA / "valid" / "minimal.yaml").read_text())
    assert piped.exit_code == 0
    assert piped.stdout == "relmap: 1\naccount: {name: Acme, owner: kim}\nteam:\n  - {id: kim, name: Kim Park}\n"


def test_stdin_keeps_its_byte_order_mark_and_its_bytes() -> None:
    # an editor formatting on save through `relmap fmt -` must get the file's own bytes back
    text = "relmap: 1\naccount: {name: Café,  owner: kim}\nteam:\n  - {id: kim, name: Kim Park}\n"
    piped = run(["fmt", "-"], stdin=b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert piped.exit_code == 0
    assert piped.stdout_bytes == b"\xef\xbb\xbf" + text.replace(",  owner", ", owner").encode("utf-8")


def test_a_block_scalar_moves_with_its_key() -> None:
    text = textwrap.dedent("""\
        relmap: 1
        account: {name: Acme, owner: kim}
        team:
            - id: kim
              name: Kim Park
              notes: |   # what we know
                Line one
                  indented

                Last line
        """)
    after = format_map(text).after
    assert after == textwrap.dedent("""\
        relmap: 1
        account: {name: Acme, owner: kim}
        team:
          - id: kim
            name: Kim Park
            notes: |   # what we know
              Line one
                indented

              Last line
        """)


def test_two_peoples_edits_to_different_people_merge_cleanly(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = GitRepo.create(tmp_path / "maps")
    repo.commit({"acme.yaml": (EXAMPLES / "acme.yaml").read_text()}, "Acme", "2026-11-01")
    map_path = str(repo.path / "acme.yaml")
    assert run(["fmt", map_path]).exit_code == 0
    repo.git("commit", "-qam", "fmt")
    repo.git("switch", "-qc", "kim")
    today = ["--today", "2026-11-23"]
    assert run(["log", map_path, "--by", "kim", "--with", "maria", "omar", "--on", "2026-11-20", *today]).exit_code == 0
    person = ["--name", "Ines Berger", "--function", "sustainability", "--level", "director"]
    assert run(["add", map_path, "person", "ines", *person]).exit_code == 0
    assert run(["add", map_path, "action", "--owner", "kim", "--with", "omar", "--goal", "Quality review"]).exit_code == 0
    repo.git("commit", "-qam", "Kim met Maria and Omar; Ines heads sustainability")
    repo.git("switch", "-q", "main")
    assert run(["set", map_path, "schmidt", "stance=champion"]).exit_code == 0
    assert run(["log", map_path, "--by", "chen", "--with", "raj", "--on", "2026-11-21", *today]).exit_code == 0
    assert run(["add", map_path, "action", "--owner", "chen", "--with", "raj", "--goal", "Scale-up plan"]).exit_code == 0
    repo.git("commit", "-qam", "Chen met Raj; Schmidt is our champion")
    repo.git("merge", "-q", "--no-edit", "kim")  # check=True: a conflict would fail here
    merged = load_text((repo.path / "acme.yaml").read_text()).model
    assert merged is not None
    assert {(r.source, r.target) for r in merged.relationships if r.kind == "knows"} >= {
        ("kim", "omar"), ("chen", "raj"), ("kim", "maria")
    }
    # each beside its owner's other actions, each with an id of the owner's own: no clash after the merge
    assert [a.id for a in merged.actions] == ["a1", "chen-1", "a2", "a3", "kim-1", "a4"]
    assert [p.id for p in merged.client if p.id in ("schmidt", "ines")] == ["schmidt", "ines"]
    assert run(["validate", map_path]).exit_code == 0
