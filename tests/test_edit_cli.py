"""`relmap log`, `done`, `set` and `add` as a KAM uses them: what they write, say and refuse."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from relmap_cli.load.loader import load_map

from .conftest import DATA, run

MAP = """\
# Nordwind: hot-melt adhesives
relmap: 1
account: {name: Nordwind, owner: kim, reviewed: 2026-09-01}
team:
  - {id: kim, name: Kim Park, function: sales}
  - {id: lena, name: Lena Vogt, function: service, left: 2026-12-31}
client:
  - {id: maria, name: Maria Lopez, roles: [decision-maker], stance: supporter}
  - {id: joe, name: Joe Hart, reports_to: maria}
  - {id: paul, name: Paul Richter, left: 2026-08-31}
  - {id: a1, name: Ann One}
relationships:
  - {from: kim, kind: knows, to: maria, strength: strong, last: 2026-10-20}   # QBR
  - {from: joe, kind: influences, to: maria}
actions:
  - {id: a1, owner: kim, with: [maria], goal: QBR, due: 2026-11-15}
  - {id: a2, owner: kim, with: [maria, joe], goal: Plant visit, due: 2026-10-01, status: done}
"""
TODAY = ["--today", "2026-11-23"]


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    path = tmp_path / "nordwind.yaml"
    path.write_text(MAP, encoding="utf-8")
    return path


def changed_lines(path: Path) -> list[tuple[str, str]]:
    """(old, new) for each line that differs; the edits here never add or remove lines unless said."""
    new = path.read_text(encoding="utf-8").splitlines()
    old = MAP.splitlines()
    assert len(new) == len(old)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


# -- log --------------------------------------------------------------------------
def test_log_moves_last_forward_and_says_where(acme: Path) -> None:
    result = run(["log", str(acme), "--by", "kim", "--with", "maria", "--on", "2026-11-20", *TODAY])
    assert result.exit_code == 0, result.stderr
    assert changed_lines(acme) == [
        (
            "  - {from: kim, kind: knows, to: maria, strength: strong, last: 2026-10-20}   # QBR",
            "  - {from: kim, kind: knows, to: maria, strength: strong, last: 2026-11-20}   # QBR",
        )
    ]
    assert result.stderr == (
        f"{acme}:13: kim knows maria: last 2026-10-20 → 2026-11-20\nwrote {acme} (1 change)\n"
    )


@pytest.mark.parametrize(
    "people", [["--with", "maria", "joe"], ["--with", "maria,joe"], ["--with", "maria", "--with", "joe"]]
)
def test_log_takes_several_people_and_adds_the_missing_line_as_weak(acme: Path, people: list[str]) -> None:
    result = run(["log", str(acme), "--by", "kim", *people, "--on", "2026-11-20", *TODAY])
    assert result.exit_code == 0, result.stderr
    lines = acme.read_text(encoding="utf-8").splitlines()
    assert lines[12:15] == [
        "  - {from: kim, kind: knows, to: maria, strength: strong, last: 2026-11-20}   # QBR",
        "  - {from: kim, kind: knows, to: joe, strength: weak, last: 2026-11-20}",
        "  - {from: joe, kind: influences, to: maria}",
    ]
    assert f"{acme}:14: kim knows joe: added (weak), last 2026-11-20" in result.stderr


def test_log_takes_several_of_ours_when_two_of_us_were_there(acme: Path) -> None:
    for by in (["--by", "kim,lena"], ["--by", "kim", "--by", "lena"]):
        acme.write_text(MAP, encoding="utf-8")
        result = run(["log", str(acme), *by, "--with", "maria", "--on", "2026-11-20", *TODAY])
        assert result.exit_code == 0, result.stderr
        assert result.stderr.splitlines()[:2] == [
            f"{acme}:13: kim knows maria: last 2026-10-20 → 2026-11-20",
            f"{acme}:14: lena knows maria: added (weak), last 2026-11-20",
        ]


def test_log_never_moves_last_back_unless_forced(acme: Path) -> None:
    result = run(["log", str(acme), "--by", "kim", "--with", "maria", "--on", "2026-10-01", *TODAY])
    assert result.exit_code == 0
    assert acme.read_text(encoding="utf-8") == MAP
    assert result.stderr == (
        f"{acme}:13: kim knows maria: last stays 2026-10-20, later than 2026-10-01 (--force sets it back)\n"
        f"{acme}: nothing to change\n"
    )
    forced = run(["log", str(acme), "--by", "kim", "--with", "maria", "--on", "2026-10-01", "--force", *TODAY])
    assert forced.exit_code == 0
    assert changed_lines(acme)[0][1].endswith("last: 2026-10-01}   # QBR")


def test_log_sets_strength_and_note(acme: Path) -> None:
    args = ["--strength", "good", "--note", "Coffee: she asked about #42, [pricing]"]
    result = run(["log", str(acme), "--by", "kim", "--with", "maria", "--on", "2026-11-20", *args, *TODAY])
    assert result.exit_code == 0, result.stderr
    assert changed_lines(acme) == [
        (
            "  - {from: kim, kind: knows, to: maria, strength: strong, last: 2026-10-20}   # QBR",
            '  - {from: kim, kind: knows, to: maria, strength: good, last: 2026-11-20, '
            'note: "Coffee: she asked about #42, [pricing]"}   # QBR',
        )
    ]
    model = load_map(str(acme)).model
    assert model is not None
    assert model.relationships[0].note == "Coffee: she asked about #42, [pricing]"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "kimm", "--with", "maria"], "--by 'kimm' is not one of our people in the map (did you mean 'kim'?)"),
        (["--by", "kim", "--with", "lena"], "--with 'lena' is one of our people, not one of the client's people"),
        (["--by", "maria", "--with", "joe"], "--by 'maria' is one of the client's people, not one of our people"),
        (["--by", "kim", "--with", "marai"], "--with 'marai' is not one of the client's people in the map (did you "
         "mean 'maria'?)"),
        (["--by", "kim", "--with", "paul", "--on", "2026-11-01"],
         "paul left on 2026-08-31: an interaction on 2026-11-01 belongs with their new company, not in this map"),
        (["--by", "kim", "--with", "maria", "--on", "2026-11-24"],
         "--on 2026-11-24 is after today (2026-11-23): record it once it has happened (or pass --today)"),
        (["--by", "kim", "--with", "maria", "--on", "20.11.2026"], "--on must be a date written as YYYY-MM-DD, not "
         "'20.11.2026'"),
        (["--by", "kim", "--with", "maria", "--strength", "great"],
         "--strength must be 'strong', 'good', 'weak' or 'negative', not 'great'"),
        (["--with", "maria"], "--by is required: who of ours met them (a team id)"),
        (["--by", "kim"], "--with is required: whom of theirs they met (client ids)"),
    ],
)  # fmt: skip
def test_log_refuses_what_it_cannot_do_and_leaves_the_file(acme: Path, args: list[str], message: str) -> None:
    result = run(["log", str(acme), *args, *TODAY])
    assert result.exit_code == 2
    assert result.stderr == f"relmap: error: {message}\n"
    assert acme.read_text(encoding="utf-8") == MAP


def test_dry_run_prints_the_diff_and_writes_nothing(acme: Path) -> None:
    result = run(["log", str(acme), "--by", "kim", "--with", "joe", "--on", "2026-11-20", "--dry-run", *TODAY])
    assert result.exit_code == 0
    assert acme.read_text(encoding="utf-8") == MAP
    assert result.stdout == textwrap.dedent(f"""\
        --- {acme}
        +++ {acme}
        @@ -11,6 +11,7 @@
           - {{id: a1, name: Ann One}}
         relationships:
           - {{from: kim, kind: knows, to: maria, strength: strong, last: 2026-10-20}}   # QBR
        +  - {{from: kim, kind: knows, to: joe, strength: weak, last: 2026-11-20}}
           - {{from: joe, kind: influences, to: maria}}
         actions:
           - {{id: a1, owner: kim, with: [maria], goal: QBR, due: 2026-11-15}}
        """)
    assert result.stderr.endswith(f"{acme}: not written (dry run)\n")


# -- done -------------------------------------------------------------------------
def test_done_marks_the_action_done_on_the_day(acme: Path) -> None:
    result = run(["done", str(acme), "a1", "--on", "2026-11-14", *TODAY])
    assert result.exit_code == 0, result.stderr
    assert changed_lines(acme) == [
        (
            "  - {id: a1, owner: kim, with: [maria], goal: QBR, due: 2026-11-15}",
            "  - {id: a1, owner: kim, with: [maria], goal: QBR, due: 2026-11-15, status: done, done: 2026-11-14}",
        )
    ]
    assert result.stderr.startswith(f"{acme}:16: action a1: status open → done, done (none) → 2026-11-14\n")


def test_done_keeps_the_date_of_an_action_already_done(acme: Path) -> None:
    result = run(["done", str(acme), "a2", *TODAY])
    assert result.exit_code == 0
    assert acme.read_text(encoding="utf-8") == MAP
    assert result.stderr == f"{acme}:17: action a2: already done\n{acme}: nothing to change\n"
    dated = run(["done", str(acme), "a2", "--on", "2026-10-02", *TODAY])
    assert dated.exit_code == 0
    assert changed_lines(acme)[0][1].endswith("status: done, done: 2026-10-02}")


def test_done_with_log_records_the_meeting_on_existing_lines_only(acme: Path) -> None:
    result = run(["done", str(acme), "a1", "--on", "2026-11-14", "--log", *TODAY])
    assert result.exit_code == 0, result.stderr
    assert [new for _, new in changed_lines(acme)] == [
        "  - {from: kim, kind: knows, to: maria, strength: strong, last: 2026-11-14}   # QBR",
        "  - {id: a1, owner: kim, with: [maria], goal: QBR, due: 2026-11-15, status: done, done: 2026-11-14}",
    ]


def test_done_names_the_actions_there_are(acme: Path) -> None:
    result = run(["done", str(acme), "a9", *TODAY])
    assert result.exit_code == 2
    assert result.stderr == "relmap: error: action 'a9' is not in the map; the actions are a1, a2\n"


def test_done_review_records_the_review_so_check_stops_asking(acme: Path) -> None:
    assert "[review-overdue]" in run(["check", str(acme), "--review-every", "30d", *TODAY]).stdout
    result = run(["done", str(acme), "--review", *TODAY])
    assert result.exit_code == 0, result.stderr
    assert changed_lines(acme) == [
        (
            "account: {name: Nordwind, owner: kim, reviewed: 2026-09-01}",
            "account: {name: Nordwind, owner: kim, reviewed: 2026-11-23}",
        )
    ]
    assert result.stderr == f"{acme}:3: account: reviewed 2026-09-01 → 2026-11-23\nwrote {acme} (1 change)\n"
    assert "[review-overdue]" not in run(["check", str(acme), "--review-every", "30d", *TODAY]).stdout


def test_done_needs_an_action_or_the_review(acme: Path) -> None:
    result = run(["done", str(acme), *TODAY])
    assert result.exit_code == 2
    assert "name the actions that are done, or give --review when the map was reviewed" in result.stderr
    assert acme.read_text(encoding="utf-8") == MAP


# -- set --------------------------------------------------------------------------
def test_set_person_fields(acme: Path) -> None:
    result = run(["set", str(acme), "maria", "stance=champion", "influence=5", "roles+=budget-holder"])
    assert result.exit_code == 0, result.stderr
    assert changed_lines(acme) == [
        (
            "  - {id: maria, name: Maria Lopez, roles: [decision-maker], stance: supporter}",
            "  - {id: maria, name: Maria Lopez, roles: [decision-maker, budget-holder], stance: champion, influence: 5}",
        )
    ]
    assert result.stderr.startswith(
        f"{acme}:8: maria: roles [decision-maker] → [decision-maker, budget-holder], stance supporter → champion, "
        "influence 3 → 5\n"
    )


@pytest.mark.parametrize(
    ("address", "assignment", "old", "new"),
    [
        ("kim:knows:maria", "strength=good", "strength: strong", "strength: good"),
        ("maria:influences:joe", "strength=weak", None, None),
        ("account", "reviewed=2026-11-23", "reviewed: 2026-09-01", "reviewed: 2026-11-23"),
        ("action:a1", "due=2026-12-01", "due: 2026-11-15", "due: 2026-12-01"),
        ("person:a1", "name=Ann Other", "name: Ann One", "name: Ann Other"),
        ("joe", "reports_to=", "name: Joe Hart, reports_to: maria", "name: Joe Hart"),
    ],
)
def test_set_reaches_relationships_the_account_and_actions(
    acme: Path, address: str, assignment: str, old: str | None, new: str | None
) -> None:
    result = run(["set", str(acme), address, assignment])
    if old is None:
        assert result.exit_code == 2
        assert result.stderr.startswith("relmap: error: there is no relationship 'maria influences joe' in the map")
        return
    assert result.exit_code == 0, result.stderr
    [(before, after)] = changed_lines(acme)
    assert old in before and after == before.replace(old, new or "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["a1", "name=X"], "'a1' is both a person and an action: write person:a1 or action:a1"),
        (["marai", "stance=champion"], "'marai' is neither a person nor an action in the map (did you mean 'maria'?)"),
        (["person:maria", "stnace=champion"], "'stnace' is not a field of a client person (did you mean 'stance'?)"),
        (["person:maria", "stance=fan"], "stance 'fan' is not allowed: use 'champion', 'supporter', 'neutral', "
         "'detractor' or 'unknown'"),
        (["person:maria", "influence=7"], "influence must be a whole number from 1 to 5, not 7"),
        (["person:maria", "left=2026-02-30"], "left: '2026-02-30' is not a real date (day is out of range for month)"),
        (["person:maria", "id=mary"], "the id is how the rest of the map refers to it, so set does not change it; "
         "add the new entry and move the references, or edit the file"),
        (["person:maria", "stance+=champion"], "stance+=: only lists (roles, topics, with, ...) take += and -="),
        (["kim", "roles=user"], "roles is for the client's people, not for ours"),
        (["kim:know:maria", "strength=good"], "'kim:know:maria': a relationship is FROM:KIND:TO with KIND "
         "'defers-to', 'influences', 'opposes' or 'knows' (did you mean 'knows'?)"),
        (["person:maria", "stance"], "'stance' is not FIELD=VALUE (e.g. stance=champion, roles+=budget-holder)"),
    ],
)  # fmt: skip
def test_set_refuses_with_the_reason(acme: Path, args: list[str], message: str) -> None:
    result = run(["set", str(acme), *args])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"relmap: error: {message}")
    assert acme.read_text(encoding="utf-8") == MAP


def test_an_edit_that_would_make_the_map_invalid_is_refused_with_the_located_error(acme: Path) -> None:
    result = run(["set", str(acme), "person:maria", "reports_to=joe"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{acme}:8:92: error: reports_to goes round in a circle: maria -> joe -> maria [reports-to-cycle]\n"
        f"relmap: error: {acme} not changed: the edit would make the map invalid "
        "(the lines above are numbered as they would be after it)\n"
    )
    assert acme.read_text(encoding="utf-8") == MAP


def test_an_invalid_map_is_not_edited(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    broken = MAP.replace("stance: supporter", "stance: fan")
    path.write_text(broken, encoding="utf-8")
    result = run(["log", str(path), "--by", "kim", "--with", "joe", *TODAY])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{path}:8:69: error: stance 'fan' is not allowed: use 'champion', 'supporter', 'neutral', 'detractor' or "
        "'unknown' [value]",
        f"relmap: error: {path} is not a valid map; fix the errors above first (relmap validate shows them all)",
    ]
    assert path.read_text(encoding="utf-8") == broken


def test_an_edit_may_fix_what_made_the_map_invalid(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(MAP.replace("stance: supporter", "stance: fan"), encoding="utf-8")
    result = run(["set", str(path), "person:maria", "stance=supporter"])
    assert result.exit_code == 0, result.stderr
    assert path.read_text(encoding="utf-8") == MAP


# -- add --------------------------------------------------------------------------
def test_add_person_relationship_and_action(acme: Path) -> None:
    steps = [
        ["add", str(acme), "person", "ines", "--name", "Ines Berger", "--level", "director", "--reports-to", "maria"],
        ["add", str(acme), "person", "chen", "--team", "--name", "Dr. Li Chen", "function=r-and-d"],
        ["add", str(acme), "relationship", "ines", "defers-to", "maria", "--basis", "authority"],
        ["add", str(acme), "relationship", "chen:knows:ines", "--strength", "good", "--last", "2026-11-20"],
        ["add", str(acme), "action", "--owner", "chen", "--with", "ines", "--goal", "Lab tour", "--due", "2026-12-05"],
    ]
    for step in steps:
        result = run(step)
        assert result.exit_code == 0, (step, result.stderr)
    text = acme.read_text(encoding="utf-8")
    for line in [
        "  - {id: chen, name: Dr. Li Chen, function: r-and-d}",
        "  - {id: ines, name: Ines Berger, level: director, reports_to: maria}",
        "  - {from: chen, kind: knows, to: ines, strength: good, last: 2026-11-20}",
        "  - {from: ines, kind: defers-to, to: maria, basis: authority}",
        "  - {id: chen-1, owner: chen, with: [ines], goal: Lab tour, due: 2026-12-05}",
    ]:
        assert line + "\n" in text
    assert run(["validate", str(acme)]).exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["person", "maria", "--name", "M"], "id 'maria' is already used at line 8: ids are unique across team and "
         "client"),
        (["person", "--name", "M"], "add person needs the new person's id: relmap add FILE person ID ..."),
        (["relationship", "maria", "knows", "kim"], "knows from 'maria' is one of the client's people, not one of "
         "our people"),
        (["relationship", "kim", "knows", "maria"], "'kim knows maria' is already in the map at line 13; change it "
         "with: relmap set FILE kim:knows:maria FIELD=VALUE"),
        (["relationship", "joe", "opposes"], "add relationship needs FROM KIND TO (or FROM:KIND:TO), e.g. kim knows "
         "maria"),
        (["action", "--owner", "kim", "--goal", "x", "--basis", "authority"], "--basis does not apply to an action"),
        (["action", "a1", "--owner", "kim", "--goal", "x"], "action id 'a1' is already used"),
        (["person", "x", "--team", "--name", "X", "--stance", "champion"], "stance is for the client's people, not "
         "for ours"),
    ],
)  # fmt: skip
def test_add_refuses_with_the_reason(acme: Path, args: list[str], message: str) -> None:
    result = run(["add", str(acme), *args])
    assert result.exit_code == 2
    assert result.stderr == f"relmap: error: {message}\n"
    assert acme.read_text(encoding="utf-8") == MAP


# -- files ------------------------------------------------------------------------
WRITERS = [
    ["log", "{map}", "--by", "kim", "--with", "maria", *TODAY],
    ["done", "{map}", "a1", *TODAY],
    ["set", "{map}", "maria", "stance=champion"],
    ["add", "{map}", "person", "ines", "--name", "Ines Berger"],
    ["fmt", "{map}"],
]


@pytest.mark.parametrize("args", WRITERS, ids=[args[0] for args in WRITERS])
def test_a_file_changed_on_disk_meanwhile_is_not_overwritten(
    acme: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    import relmap_cli.edit as edit
    import relmap_cli.edit.fmt as fmt

    theirs = MAP.replace("Kim Park", "Kim Park-Lee")

    def meanwhile(original: Any) -> Any:
        def someone_saves_meanwhile(*args: object, **kwargs: object) -> object:
            result = original(*args, **kwargs)
            acme.write_text(theirs, encoding="utf-8")
            return result

        return someone_saves_meanwhile

    if args[0] == "fmt":  # a map fmt has something to change in
        acme.write_text(MAP.replace("{id: kim, name: Kim Park,", "{name: Kim Park, id: kim,"), encoding="utf-8")
    monkeypatch.setattr(edit, "apply_changes", meanwhile(edit.apply_changes))
    monkeypatch.setattr(fmt, "format_map", meanwhile(fmt.format_map))
    result = run([arg.replace("{map}", str(acme)) for arg in args])
    assert result.exit_code == 2
    assert (
        f"relmap: error: {acme} changed on disk since relmap read it; nothing was written: run the command again\n"
    ) in result.stderr
    assert acme.read_text(encoding="utf-8") == theirs
    assert sorted(p.name for p in acme.parent.iterdir()) == ["nordwind.yaml"]


def test_edits_keep_the_file_mode_and_write_through_a_link(acme: Path) -> None:
    acme.chmod(0o640)
    link = acme.parent / "link.yaml"
    link.symlink_to(acme.name)
    assert run(["log", str(link), "--by", "kim", "--with", "maria", *TODAY]).exit_code == 0
    assert link.is_symlink() and acme.stat().st_mode & 0o777 == 0o640
    assert "last: 2026-11-23" in acme.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("latin1.yaml", "relmap: 1\naccount: {name: Müller}\n".encode("latin-1"), "not UTF-8"),
        ("binary.yaml", b"\x00\x01\x02", "binary file"),
        ("empty.yaml", b"", "the file is empty"),
        ("list.yaml", b"- a\n- b\n", "a map must be a YAML mapping"),
        ("syntax.yaml", b"relmap: 1\naccount: {name: [\n", "YAML syntax error"),
    ],
)
def test_no_traceback_on_files_that_are_not_maps(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    for args in (
        ["log", str(path), "--by", "kim", "--with", "maria"],
        ["done", str(path), "a1"],
        ["set", str(path), "account", "tier=1"],
        ["add", str(path), "person", "x", "--name", "X"],
    ):
        result = run(args)
        assert result.exit_code == 2, (args, result.stderr)
        assert message in result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
        assert path.read_bytes() == data


@pytest.mark.parametrize("path", sorted((DATA / "invalid").glob("*.yaml")) + sorted((DATA / "hostile").glob("*.yaml")))
def test_no_traceback_on_any_corpus_map(path: Path, tmp_path: Path) -> None:
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    for args in (
        ["log", str(copy), "--by", "mallory", "--with", "eve", "--today", "2026-11-23"],
        ["set", str(copy), "account", "tier=1"],
        ["add", str(copy), "relationship", "bob", "opposes", "eve"],
    ):
        result = run(args)
        assert result.exit_code in (0, 2), (args, result.stderr)
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
        if result.exit_code == 2:
            assert copy.read_bytes() == path.read_bytes()
        else:
            assert load_map(str(copy)).problems == []
        copy.write_bytes(path.read_bytes())


def test_an_edit_needs_a_file(tmp_path: Path) -> None:
    assert run(["log", "-", "--by", "kim", "--with", "maria"]).stderr == (
        "relmap: error: an edit changes a file in place: name the map file, not - (standard input)\n"
    )
    assert run(["log", str(tmp_path), "--by", "kim", "--with", "maria"]).stderr == (
        f"relmap: error: {tmp_path} is a directory; name the map file to edit\n"
    )
    assert run(["log", str(tmp_path / "none.yaml"), "--by", "kim", "--with", "maria"]).stderr == (
        f"relmap: error: no such file: {tmp_path / 'none.yaml'}\n"
    )


def test_new_people_and_actions_join_their_group(tmp_path: Path) -> None:
    path = tmp_path / "groups.yaml"
    path.write_text(
        textwrap.dedent("""\
            relmap: 1
            account: {name: Acme, owner: kim}
            team:
              - {id: kim, name: Kim Park}
              - {id: chen, name: Li Chen}
            client:
              - {id: maria, name: Maria Lopez, function: procurement}
              - {id: raj, name: Raj Patel, function: r-and-d}
            actions:
              - {id: a1, owner: kim, goal: QBR}
              - {id: a2, owner: chen, goal: Lab tour}
            """),
        encoding="utf-8",
    )
    assert run(["add", str(path), "person", "joe", "--name", "Joe Hart", "--function", "procurement"]).exit_code == 0
    assert run(["add", str(path), "action", "--owner", "kim", "--goal", "Plant visit"]).exit_code == 0
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[6:9] == [
        "  - {id: maria, name: Maria Lopez, function: procurement}",
        "  - {id: joe, name: Joe Hart, function: procurement}",
        "  - {id: raj, name: Raj Patel, function: r-and-d}",
    ]
    assert lines[10:13] == [
        "  - {id: a1, owner: kim, goal: QBR}",
        "  - {id: kim-1, owner: kim, goal: Plant visit}",
        "  - {id: a2, owner: chen, goal: Lab tour}",
    ]


def test_log_points_at_a_last_date_after_today(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text(MAP.replace("last: 2026-10-20", "last: 2026-12-20"), encoding="utf-8")
    result = run(["log", str(path), "--by", "kim", "--with", "maria", "--on", "2026-11-20", *TODAY])
    assert result.stderr.splitlines()[0] == (
        f"{path}:13: kim knows maria: last stays 2026-12-20, later than 2026-11-20 and after today: a typo? "
        "(--force sets it back)"
    )


def test_names_and_notes_stay_inert_in_every_message_and_diff(acme: Path) -> None:
    from .test_hostile import assert_inert

    hostile = "\x1b[31mred\x07 \u202eevil\u2028 [bold]x[/]"
    steps = [
        ["log", str(acme), "--by", "kim", "--with", "maria", "--note", hostile, "--dry-run", *TODAY],
        ["set", str(acme), "maria", f"name={hostile}", "--dry-run"],
        ["add", str(acme), "person", "ines", "--name", hostile, "--dry-run"],
        ["add", str(acme), "person", "ines", "--name", hostile],
        ["set", str(acme), "ines", f"notes={hostile}", "--dry-run"],
        ["fmt", "--diff", str(acme)],
    ]
    for step in steps:
        result = run(step)
        assert result.exit_code == 0, (step, result.stderr)
        assert_inert(result.stdout)
        assert_inert(result.stderr)
    model = load_map(str(acme)).model
    assert model is not None and [p.name for p in model.client if p.id == "ines"] == [hostile]
