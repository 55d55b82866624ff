"""`relmap diff`: what changed between two versions of a map, and since a git revision."""

from __future__ import annotations

import io
import json
import subprocess
import textwrap
from datetime import date
from pathlib import Path

import pytest

from relmap_cli.analysis.diff import diff_maps
from relmap_cli.render.diff import render_json, render_markdown, render_table
from relmap_cli.render.safe import markdown_cell

from .conftest import EXAMPLES, run, valid_map
from .gitrepo import GitRepo

TODAY = date(2026, 11, 23)

BEFORE = """\
relmap: 1
account: {name: Acme, owner: kim, tier: 2, reviewed: 2026-09-01}
team:
  - {id: kim, name: Kim Park}
  - {id: chen, name: Li Chen}
client:
  - {id: maria, name: Maria Lopez, roles: [decision-maker], stance: supporter, influence: 4}
  - {id: joe, name: Joe Hart, stance: champion, influence: 2}
  - {id: raj, name: Raj Patel, influence: 3}
  - {id: lee, name: Susan Lee, stance: detractor}
relationships:
  - {from: kim, kind: knows, to: maria, strength: good, last: 2026-08-20}
  - {from: kim, kind: knows, to: joe, strength: strong}
  - {from: chen, kind: knows, to: raj, strength: weak}
  - {from: raj, kind: opposes, to: lee}
  - {from: joe, kind: defers-to, to: maria, basis: authority}
actions:
  - {id: a1, owner: kim, with: [maria], goal: Quarterly review, due: 2026-10-15}
"""


def change(text: str, *edits: tuple[str, str]) -> str:
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text


def diff_of(before: str, after: str) -> dict[str, object]:
    """The JSON document of the diff between two inline maps."""
    out = io.StringIO()
    render_json(diff_maps(valid_map(before), valid_map(after), "old.yaml", "new.yaml", TODAY), out)
    document: dict[str, object] = json.loads(out.getvalue())
    return document


def only(document: dict[str, object]) -> list[tuple[str, str, object]]:
    """Every non-empty list of the document as (section, list name, items)."""
    found = []
    for section, value in document.items():
        if isinstance(value, list) and value:
            found.append((section, "", value))
        elif isinstance(value, dict):
            found.extend((section, name, items) for name, items in value.items() if items)
    return found


# -- the analysis, one kind of change at a time -------------------------------------------
def test_no_changes() -> None:
    document = diff_of(BEFORE, BEFORE)
    assert document["changes"] == 0
    assert only(document) == []


def test_a_stance_change_is_exactly_that() -> None:
    after = change(BEFORE, ("stance: supporter", "stance: champion"))
    assert only(diff_of(BEFORE, after)) == [
        ("people", "changed", [{"person": "maria", "field": "stance", "old": "supporter", "new": "champion"}])
    ]


def test_influence_roles_and_title_changes() -> None:
    after = change(
        BEFORE,
        (
            "roles: [decision-maker], stance: supporter, influence: 4",
            "roles: [decision-maker, budget-holder], stance: supporter, influence: 5",
        ),
        ("{id: raj, name: Raj Patel, influence: 3}", "{id: raj, name: Raj Patel, title: VP Technology, influence: 3}"),
    )
    assert only(diff_of(BEFORE, after)) == [
        (
            "people",
            "changed",
            [
                {
                    "person": "maria",
                    "field": "roles",
                    "old": ["decision-maker"],
                    "new": ["decision-maker", "budget-holder"],
                },
                {"person": "maria", "field": "influence", "old": 4, "new": 5},
                {"person": "raj", "field": "title", "old": None, "new": "VP Technology"},
            ],
        ),
        ("gaps", "closed", [{"kind": "missing-role", "people": [], "message": "No identified budget holder"}]),
    ]


def test_a_successor_named_and_a_target_model_set_are_changes() -> None:
    after = change(
        BEFORE,
        ("{id: joe, name: Joe Hart, stance: champion, influence: 2}",
         "{id: joe, name: Joe Hart, stance: champion, influence: 2, left: 2027-03-01, successor: raj}"),
        ("tier: 2, reviewed: 2026-09-01}", "tier: 2, reviewed: 2026-09-01, target_model: diamond}"),
    )  # fmt: skip
    found = only(diff_of(BEFORE, after))
    assert ("people", "changed", [{"person": "joe", "field": "successor", "old": None, "new": "raj"}]) in found
    assert ("account_changes", "", [{"field": "target_model", "old": None, "new": "diamond"}]) in found


def test_people_added_removed_and_departed() -> None:
    after = change(
        BEFORE,
        (
            "{id: joe, name: Joe Hart, stance: champion, influence: 2}",
            "{id: joe, name: Joe Hart, stance: champion, influence: 2, left: 2026-10-31}",
        ),
        ("  - {id: lee, name: Susan Lee, stance: detractor}\n", "  - {id: nina, name: Nina Brandt}\n"),
        ("  - {from: raj, kind: opposes, to: lee}\n", ""),
        ("  - {id: chen, name: Li Chen}\n", "  - {id: chen, name: Li Chen}\n  - {id: priya, name: Priya Nair}\n"),
    )
    document = diff_of(BEFORE, after)
    assert document["people"] == {
        "added": [
            {"person": "priya", "side": "team", "name": "Priya Nair"},
            {"person": "nina", "side": "client", "name": "Nina Brandt"},
        ],
        "removed": [{"person": "lee", "side": "client", "name": "Susan Lee"}],
        "departed": [{"person": "joe", "side": "client", "name": "Joe Hart", "left": "2026-10-31"}],
        "leaving": [],
        "filled": [],
        "changed": [],
    }
    assert document["relationships"]["removed"] == [  # type: ignore[index]
        {"from": "lee", "kind": "opposes", "to": "raj", "strength": "good"}
    ]


def test_relationships_added_removed_strengthened_and_weakened() -> None:
    after = change(
        BEFORE,
        (
            "{from: kim, kind: knows, to: maria, strength: good, last: 2026-08-20}",
            "{from: kim, kind: knows, to: maria, strength: strong, last: 2026-10-02}",
        ),
        (
            "{from: kim, kind: knows, to: joe, strength: strong}",
            "{from: kim, kind: knows, to: joe, strength: negative}",
        ),
        (
            "  - {from: chen, kind: knows, to: raj, strength: weak}\n",
            "  - {from: chen, kind: knows, to: lee, strength: weak}\n",
        ),
        (
            "{from: joe, kind: defers-to, to: maria, basis: authority}",
            "{from: joe, kind: defers-to, to: maria, basis: expertise}",
        ),
    )
    assert diff_of(BEFORE, after)["relationships"] == {
        "added": [{"from": "chen", "kind": "knows", "to": "lee", "strength": "weak"}],
        "removed": [{"from": "chen", "kind": "knows", "to": "raj", "strength": "weak"}],
        "strengthened": [{"from": "kim", "kind": "knows", "to": "maria", "old": "good", "new": "strong"}],
        "weakened": [{"from": "kim", "kind": "knows", "to": "joe", "old": "strong", "new": "negative"}],
        "changed": [
            {"from": "kim", "kind": "knows", "to": "maria", "field": "last", "old": "2026-08-20", "new": "2026-10-02"},
            {
                "from": "joe",
                "kind": "defers-to",
                "to": "maria",
                "field": "basis",
                "old": "authority",
                "new": "expertise",
            },
        ],
    }


def test_opposes_written_the_other_way_round_is_the_same_relationship() -> None:
    after = change(BEFORE, ("{from: raj, kind: opposes, to: lee}", "{from: lee, kind: opposes, to: raj}"))
    assert diff_of(BEFORE, after)["changes"] == 0


def test_account_and_action_changes() -> None:
    after = change(
        BEFORE,
        ("tier: 2, reviewed: 2026-09-01", "tier: 1, reviewed: 2026-11-20"),
        ("due: 2026-10-15}", "due: 2026-10-15, status: done}\n  - {id: a2, owner: chen, with: [raj], goal: Lab visit}"),
    )
    document = diff_of(BEFORE, after)
    assert document["account_changes"] == [
        {"field": "tier", "old": 2, "new": 1},
        {"field": "reviewed", "old": "2026-09-01", "new": "2026-11-20"},
    ]
    assert document["actions"] == {
        "added": [{"id": "a2", "goal": "Lab visit", "owner": "chen", "due": None, "status": "open"}],
        "removed": [],
        "changed": [{"action": "a1", "field": "status", "old": "open", "new": "done"}],
    }


# -- the renderers ----------------------------------------------------------------------------
def test_the_table_lists_every_change_under_a_headline() -> None:
    after = change(
        BEFORE,
        ("stance: supporter", "stance: champion"),
        ("{from: chen, kind: knows, to: raj, strength: weak}", "{from: chen, kind: knows, to: raj, strength: good}"),
    )
    out = io.StringIO()
    render_table(diff_maps(valid_map(BEFORE), valid_map(after), "old.yaml", "new.yaml", TODAY), out)
    assert out.getvalue() == textwrap.dedent(
        """\
        Acme: old.yaml → new.yaml
        what           change         who                   detail
        ────────────────────────────────────────────────────────────────────────
        person         stance         Maria Lopez (maria)   supporter → champion
        relationship   strengthened   chen knows raj        weak → good
        2 changes
        """
    )


def test_gaps_opened_and_closed() -> None:
    # kim loses maria (a decision maker) and chen gets to know her strongly instead
    after = change(
        BEFORE,
        (
            "{from: kim, kind: knows, to: maria, strength: good, last: 2026-08-20}",
            "{from: kim, kind: knows, to: maria, strength: weak, last: 2026-08-20}",
        ),
        (
            "{from: chen, kind: knows, to: raj, strength: weak}",
            "{from: chen, kind: knows, to: raj, strength: weak}\n"
            "  - {from: chen, kind: knows, to: lee, strength: negative}",
        ),
    )
    diff = diff_maps(valid_map(BEFORE), valid_map(after), "old.yaml", "new.yaml", TODAY)
    assert [(g.kind, g.people) for g in diff.gaps_opened] == [
        ("uncovered", ("maria", "kim")),
        ("negative", ("lee", "chen")),
    ]
    assert [(g.kind, g.people) for g in diff.gaps_closed] == [("single-threaded", ("maria", "kim"))]
    out = io.StringIO()
    render_json(diff, out)
    assert json.loads(out.getvalue())["gaps"]["opened"][0] == {
        "kind": "uncovered",
        "people": ["maria", "kim"],
        "message": "Maria Lopez (decision-maker, influence 4) is not covered: only Kim Park (weak: a thread to build "
        "up) on our side",
    }
    out = io.StringIO()
    render_markdown(diff, out)
    assert (
        "| gap | closed | maria, kim | single-threaded: Maria Lopez (decision-maker, influence 4) has one thread: Kim Park (good) |"
        in (out.getvalue())
    )


def test_names_are_data_in_every_format() -> None:
    after = change(BEFORE, ("name: Joe Hart", 'name: "\\e[31m[bold]=Joe|Hart[/]"'))
    diff = diff_maps(valid_map(BEFORE), valid_map(after), "old.yaml", "new.yaml", TODAY)
    table, markdown = io.StringIO(), io.StringIO()
    render_table(diff, table)
    render_markdown(diff, markdown)
    assert "\x1b" not in table.getvalue() and "\x1b" not in markdown.getvalue()
    assert "\\x1b[31m[bold]=Joe|Hart[/] (joe)" in table.getvalue()
    assert "Joe Hart → \\\\x1b\\[31m\\[bold\\]=Joe\\|Hart\\[/\\]" in markdown.getvalue()


# -- the command on two files ---------------------------------------------------------------
def test_two_files(tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(BEFORE)
    new.write_text(change(BEFORE, ("stance: supporter", "stance: champion")))
    result = run(["diff", str(old), str(new), "-f", "markdown"])
    assert result.exit_code == 0
    assert result.stdout == (
        f"## Changes: Acme\n\n{markdown_cell(f'{old} → {new}')}\n\n| what | change | who | detail |\n"
        "| --- | --- | --- | --- |\n"
        "| person | stance | Maria Lopez (maria) | supporter → champion |\n\n1 change\n"
    )


def test_an_invalid_version_is_reported_where_it_is_wrong(tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(BEFORE)
    new.write_text(change(BEFORE, ("stance: supporter", "stance: fan")))
    result = run(["diff", str(old), str(new)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{new}:7:69: error: stance 'fan' is not allowed: use 'champion', 'supporter', 'neutral', 'detractor' "
        "or 'unknown' [value]",
        f"relmap: error: {new} is not a valid map; fix the errors above (relmap validate shows them all)",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["a.yaml"], "name two versions of a map (relmap diff OLD NEW), or one with --since REV"),
        (["a.yaml", "b.yaml", "--since", "HEAD"], "with --since, name one map: relmap diff FILE --since REV"),
        (["-", "--since", "HEAD"], "--since reads the file's history, so it needs a file, not standard input"),
        (["-", "-"], "- (standard input) can be named only once"),
    ],
)
def test_usage_errors(args: list[str], message: str) -> None:
    result = run(["diff", *args])
    assert result.exit_code == 2
    assert result.stderr == f"relmap: error: {message}\n"


# -- the command on git history ----------------------------------------------------------------
@pytest.fixture
def history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """A repository whose map gained a champion in its second commit; the shell is in `maps/`."""
    repo = GitRepo.create(tmp_path / "accounts")
    repo.commit({"maps/acme.yaml": BEFORE, "README.md": "maps\n"}, "Acme map", "2026-09-01")
    repo.commit({"maps/acme.yaml": change(BEFORE, ("stance: supporter", "stance: champion"))}, "Maria", "2026-10-01")
    monkeypatch.chdir(repo.path / "maps")
    return repo


def test_a_stance_change_made_in_a_later_commit(history: GitRepo) -> None:
    result = run(["diff", "acme.yaml", "--since", "HEAD~1", "-f", "json"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["changes"] == 1
    assert only(document) == [
        ("people", "changed", [{"person": "maria", "field": "stance", "old": "supporter", "new": "champion"}])
    ]
    first = history.git("rev-parse", "--short", "HEAD~1").strip()
    assert document["old"] == f"acme.yaml at HEAD~1 ({first}, 2026-09-01)"


def test_since_a_date_takes_the_last_commit_on_or_before_it(history: GitRepo) -> None:
    assert json.loads(run(["diff", "acme.yaml", "--since", "2026-09-30", "-f", "json"]).stdout)["changes"] == 1
    assert json.loads(run(["diff", "acme.yaml", "--since", "2026-10-01", "-f", "json"]).stdout)["changes"] == 0
    result = run(["diff", "acme.yaml", "--since", "2026-08-31"])
    assert result.exit_code == 2
    assert result.stderr == "relmap: error: no commit on or before 2026-08-31 in the history of HEAD\n"


def test_uncommitted_edits_are_part_of_the_new_version(history: GitRepo) -> None:
    (history.path / "maps" / "acme.yaml").write_text(change(BEFORE, ("influence: 3", "influence: 5")))
    result = run(["diff", "acme.yaml", "--since", "HEAD", "-f", "json", "--today", "2026-11-23"])
    document = json.loads(result.stdout)
    assert only(document)[0] == (
        "people",
        "changed",
        [
            {"person": "maria", "field": "stance", "old": "champion", "new": "supporter"},
            {"person": "raj", "field": "influence", "old": 3, "new": 5},
        ],
    )
    # raj, now influence 5, becomes a key player nobody covers and whose stance is unknown
    assert [(g["kind"], g["people"]) for g in document["gaps"]["opened"]] == [
        ("uncovered", ["raj", "chen"]),
        ("unknown-stance", ["raj"]),
    ]


def test_the_path_may_be_given_from_anywhere(history: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(history.path.parent)
    result = run(["diff", "accounts/maps/acme.yaml", "--since", "main~1"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[3].split() == [
        "person",
        "stance",
        "Maria",
        "Lopez",
        "(maria)",
        "supporter",
        "→",
        "champion",
    ]


def test_an_unknown_revision(history: GitRepo) -> None:
    result = run(["diff", "acme.yaml", "--since", "v9"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "relmap: error: unknown revision 'v9': name a commit, branch or tag (or a date YYYY-MM-DD)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["acme.yaml", "--since", "2026-13-01"], "2026-13-01 is not a real date (YYYY-MM-DD)"),
        ([".", "--since", "HEAD"], ". is a directory; diff --since compares one map file with its history"),
    ],
)
def test_since_needs_a_real_date_and_a_file(history: GitRepo, args: list[str], message: str) -> None:
    result = run(["diff", *args])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"relmap: error: {message}\n")


def test_a_file_the_revision_does_not_hold(history: GitRepo) -> None:
    history.commit({"maps/borealis.yaml": (EXAMPLES / "champion-left.yaml").read_text()}, "Borealis", "2026-11-01")
    result = run(["diff", "borealis.yaml", "--since", "HEAD~1"])
    assert result.exit_code == 2
    short = history.git("rev-parse", "--short", "HEAD~1").strip()
    assert result.stderr == (
        f"relmap: error: maps/borealis.yaml does not exist in HEAD~1 (commit {short} of 2026-10-01): "
        "was it added later, or under another name?\n"
    )


def test_an_old_version_that_is_invalid_is_located_in_that_version(history: GitRepo) -> None:
    history.commit({"maps/acme.yaml": BEFORE.replace("tier: 2", "tier: 7")}, "typo", "2026-10-10")
    history.commit({"maps/acme.yaml": BEFORE}, "fixed", "2026-10-11")
    result = run(["diff", "acme.yaml", "--since", "HEAD~1"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "HEAD~1:maps/acme.yaml:2:41: error: tier must be at most 3, not 7 [value]"


def test_a_file_outside_any_repository(tmp_path: Path) -> None:
    path = tmp_path / "loose" / "acme.yaml"
    path.parent.mkdir()
    path.write_text(BEFORE)
    result = run(["diff", str(path), "--since", "HEAD"], env={"GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert result.exit_code == 2
    assert result.stderr.startswith(f"relmap: error: {path} is not inside a git repository")


def test_a_shallow_clone_is_refused_not_misread(history: GitRepo, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{history.path}", str(clone)], check=True, env=history.env
    )
    result = run(["diff", str(clone / "maps" / "acme.yaml"), "--since", "HEAD"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "relmap: error: this is a shallow clone: its history is incomplete, so relmap cannot tell what an "
        "earlier version held. Fetch the whole history first: git fetch --unshallow (in GitHub Actions: "
        "actions/checkout with fetch-depth: 0)\n"
    )


def test_a_placeholder_filled_in_keeps_its_id() -> None:
    before = BEFORE.replace(
        "{id: raj, name: Raj Patel, influence: 3}", "{id: raj, title: VP Technology, placeholder: true}"
    )
    after = BEFORE.replace(
        "{id: raj, name: Raj Patel, influence: 3}", "{id: raj, name: Raj Patel, title: VP Technology}"
    )
    diff = diff_maps(valid_map(before), valid_map(after), "old.yaml", "new.yaml", TODAY)
    out = io.StringIO()
    render_table(diff, out)
    assert out.getvalue().splitlines()[3] == (
        "person   placeholder filled   Raj Patel (raj)   VP Technology (raj) → Raj Patel"
    )
    assert [row for row in out.getvalue().splitlines() if row.startswith("person ")] == [out.getvalue().splitlines()[3]]
    out = io.StringIO()
    render_json(diff, out)
    assert json.loads(out.getvalue())["people"]["filled"] == [
        {"placeholder": "raj", "person": "raj", "title": "VP Technology", "name": "Raj Patel"}
    ]


def test_a_placeholder_replaced_by_a_named_person_with_its_title_and_function_is_filled() -> None:
    position = "  - {id: tbd-sus, title: Head of Sustainability, function: sustainability, placeholder: true}\n"
    holder = "  - {id: anja, name: Anja Berg, title: Head of Sustainability, function: sustainability}\n"
    other = "  - {id: ola, name: Ola Dahl, title: Head of Sustainability, function: quality}\n"
    before = BEFORE.replace("relationships:\n", "  " + position.strip() + "\nrelationships:\n")
    after = BEFORE.replace("relationships:\n", "  " + holder.strip() + "\nrelationships:\n")
    document = diff_of(before, after)
    people = document["people"]
    assert (people["filled"], people["added"], people["removed"]) == (  # type: ignore[index]
        [{"placeholder": "tbd-sus", "person": "anja", "title": "Head of Sustainability", "name": "Anja Berg"}],
        [],
        [],
    )
    assert [(g["kind"], g["people"]) for g in document["gaps"]["closed"]] == [("placeholder", ["tbd-sus"])]
    # another function is another position: that is a person added and a placeholder removed
    elsewhere = diff_of(before, BEFORE.replace("relationships:\n", "  " + other.strip() + "\nrelationships:\n"))
    assert [len(elsewhere["people"][k]) for k in ("filled", "added", "removed")] == [0, 1, 1]  # type: ignore[index]


def test_a_departure_still_to_come_is_leaving_not_departed() -> None:
    after = change(
        BEFORE,
        (
            "{id: lee, name: Susan Lee, stance: detractor}",
            "{id: lee, name: Susan Lee, stance: detractor, left: 2027-02-28}",
        ),
    )
    document = diff_of(BEFORE, after)
    assert (document["people"]["departed"], document["people"]["leaving"]) == (  # type: ignore[index]
        [],
        [{"person": "lee", "side": "client", "name": "Susan Lee", "left": "2027-02-28"}],
    )
    out = io.StringIO()
    render_table(diff_maps(valid_map(BEFORE), valid_map(after), "old.yaml", "new.yaml", TODAY), out)
    assert "person   leaving   Susan Lee (lee)   leaving on 2027-02-28" in out.getvalue()


def test_a_gap_that_closed_because_someone_left_no_longer_applies() -> None:
    # Maria, a decision maker known only by Kim, leaves; Chen's gap with Raj closes because he got to know him
    after = change(
        BEFORE,
        (
            "{id: maria, name: Maria Lopez, roles: [decision-maker], stance: supporter, influence: 4}",
            "{id: maria, name: Maria Lopez, roles: [decision-maker], stance: supporter, influence: 4,\n"
            "     left: 2026-11-01}",
        ),
        ("{from: chen, kind: knows, to: raj, strength: weak}", "{from: chen, kind: knows, to: raj, strength: good}"),
    )
    diff = diff_maps(valid_map(BEFORE), valid_map(after), "old.yaml", "new.yaml", TODAY)
    assert [(g.kind, g.people, g.left) for g in diff.gaps_moot] == [("single-threaded", ("maria", "kim"), ("maria",))]
    assert all("maria" not in g.people for g in diff.gaps_closed)
    out = io.StringIO()
    render_table(diff, out)
    assert "gap            no longer applies   maria, kim            (Maria Lopez left) single-threaded: Maria\n" in out.getvalue()
    out = io.StringIO()
    render_json(diff, out)
    assert json.loads(out.getvalue())["gaps"]["no_longer_applies"] == [
        {
            "kind": "single-threaded",
            "people": ["maria", "kim"],
            "message": "Maria Lopez (decision-maker, influence 4) has one thread: Kim Park (good)",
            "left": ["maria"],
        }
    ]
