"""`relmap plan`: open actions by date, the gaps they address, untouched key players, and the calendar."""

from __future__ import annotations

import json
import textwrap
from datetime import date
from pathlib import Path

import icalendar
import pytest

from relmap_cli.analysis.gaps import find_gaps
from relmap_cli.analysis.plan import combine, plan_account
from relmap_cli.render.ics import fold

from .conftest import graph_of, run

TODAY = date(2026, 12, 2)

ACCOUNT = """\
relmap: 1
account: {name: Acme, owner: kim, reviewed: 2026-11-01}
team:
  - {id: kim, name: Kim Park, function: sales, level: manager}
  - {id: chen, name: Li Chen, function: r-and-d, level: director}
client:
  - {id: anna, name: Anna Keller, function: executive, level: executive, roles: [decision-maker], influence: 5}
  - {id: maria, name: Maria Lopez, function: procurement, level: executive, roles: [decision-maker],
     stance: supporter, influence: 4}
  - {id: raj, name: Raj Patel, function: r-and-d, level: vp, influence: 4}
  - {id: frank, name: Frank Moreau, function: finance, level: executive, roles: [budget-holder]}
  - {id: lee, name: Susan Lee, function: operations, level: vp, roles: [gatekeeper], stance: detractor}
  - {id: joe, name: Joe Hart, function: procurement, level: manager, stance: champion, influence: 2}
relationships:
  - {from: kim, kind: knows, to: maria, strength: strong, last: 2026-11-20}
  - {from: chen, kind: knows, to: raj, strength: good, last: 2026-09-20}
  - {from: kim, kind: knows, to: frank, strength: weak, last: 2026-11-01}
  - {from: kim, kind: knows, to: lee, strength: strong, last: 2026-08-01}
  - {from: kim, kind: knows, to: joe, strength: good, last: 2026-11-25}
actions:
  - {id: a1, owner: kim, with: [maria], activity: meeting, goal: Quarterly review, due: 2026-12-20}
  - {id: a2, owner: chen, with: [lee], activity: social, goal: Lunch to reset the quality agenda, due: 2026-11-15}
  - {id: a3, owner: kim, with: [joe], goal: Ask Joe for the org chart}
  - {id: a4, owner: kim, with: [frank], goal: Budget walk-through, due: 2026-10-01, status: done}
"""


def plan_of(text: str = ACCOUNT, **options: object):  # type: ignore[no-untyped-def]
    graph = graph_of(text, TODAY)
    reminder_days = int(options.pop("reminder_days", 30))  # type: ignore[call-overload]
    return combine([plan_account(graph, "acme.yaml", TODAY, reminder_days)], TODAY, reminder_days, **options)  # type: ignore[arg-type]


def test_open_actions_come_overdue_first_then_by_due_date_and_undated_last() -> None:
    plan = plan_of()
    assert [(item.action.id, item.overdue) for item in plan.items] == [("a2", True), ("a1", False), ("a3", False)]


def test_an_action_addresses_the_gaps_about_the_people_it_involves() -> None:
    plan = plan_of()
    addressed = {item.action.id: [(found.kind, found.people) for found in item.addresses] for item in plan.items}
    # Joe is a coach (a champion of influence 2): Kim's review with Maria is where she grows into one.
    # Lee is known only by Kim: Chen's lunch is the second thread. Kim alone with Maria adds no
    # thread, and neither of them is the counterpart Maria's and Lee's leadership lack.
    assert addressed["a1"] == [("missing-role", ("joe", "maria"))]
    assert addressed["a2"] == [("single-threaded", ("lee", "kim"))]
    assert addressed["a3"] == []


def test_key_players_with_no_action_and_no_fresh_thread_have_no_planned_touch() -> None:
    plan = plan_of()
    untouched = [(person.person, person.ours, person.reason) for person in plan.untouched]
    # the economic buyers first (Anna, then Frank), then by influence; Raj's thread is still fresh
    assert untouched == [
        ("anna", "kim", "none of our people knows them"),
        ("frank", "kim", "only a weak contact (Kim Park)"),
    ]


def test_a_thread_that_lapsed_is_no_touch_unless_an_action_involves_the_person() -> None:
    lapsed = ACCOUNT.replace("  - {id: a2, owner: chen, with: [lee]", "  - {id: a2, owner: chen, with: [joe]")
    plan = plan_of(lapsed)
    assert ("lee", "kim", "Kim Park (strong) last met them 2026-08-01, 123 days ago (window 60 days)") in [
        (person.person, person.ours, person.reason) for person in plan.untouched
    ]


def test_a_reminder_comes_for_a_thread_whose_window_runs_out_soon() -> None:
    plan = plan_of()
    # Raj: good contact on 2026-09-20, a 90-day window, so stale after 2026-12-19; Maria has an action
    assert [(r.person, r.ours, r.strength, r.expires) for r in plan.reminders] == [
        ("raj", "chen", "good", date(2026, 12, 19))
    ]
    assert plan_of(reminder_days=10).reminders == []


def test_due_within_keeps_actions_due_in_that_many_days_and_the_overdue_ones() -> None:
    assert [item.action.id for item in plan_of(due_within=18).items] == ["a2", "a1"]
    assert [item.action.id for item in plan_of(due_within=17).items] == ["a2"]


def test_owner_keeps_that_colleague_s_actions_touches_and_reminders() -> None:
    chen = plan_of(owner="chen")
    assert [item.action.id for item in chen.items] == ["a2"]
    assert chen.untouched == [] and [r.person for r in chen.reminders] == ["raj"]
    kim = plan_of(owner="kim")
    assert [item.action.id for item in kim.items] == ["a1", "a3"]
    assert [person.person for person in kim.untouched] == ["anna", "frank"] and kim.reminders == []


def test_a_map_with_no_actions_lists_every_key_player_without_a_fresh_thread(tmp_path: Path) -> None:
    text = ACCOUNT.split("actions:")[0]
    path = tmp_path / "acme.yaml"
    path.write_text(text, encoding="utf-8")
    result = run(["plan", str(path), "--today", "2026-12-02", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["actions"] == []
    assert [person["person"] for person in document["untouched"]] == ["anna", "frank", "lee"]
    table = run(["plan", str(path), "--today", "2026-12-02"]).stdout
    assert table.splitlines()[:2] == ["Acme: 0 open actions, 0 overdue (as of 2026-12-02)", "No open actions."]


@pytest.fixture
def maps(tmp_path: Path) -> Path:
    folder = tmp_path / "maps"
    folder.mkdir()
    (folder / "acme.yaml").write_text(ACCOUNT, encoding="utf-8")
    other = textwrap.dedent(
        """\
        relmap: 1
        account: {name: Borealis, owner: sam}
        team: [{id: sam, name: Sam Okafor}]
        client: [{id: karin, name: Karin Lund, roles: [budget-holder], stance: supporter}]
        relationships: [{from: sam, kind: knows, to: karin, strength: strong, last: 2026-11-30}]
        actions: [{id: b1, owner: sam, with: [karin], goal: Agree the trial owner, due: 2026-11-30}]
        """
    )
    (folder / "borealis.yaml").write_text(other, encoding="utf-8")
    (folder / "notes.yaml").write_text("title: not a map\n", encoding="utf-8")
    return folder


def test_a_directory_gives_one_plan_in_date_order_across_accounts(maps: Path) -> None:
    result = run(["plan", str(maps), "--today", "2026-12-02", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    actions = json.loads(result.stdout)["actions"]
    assert [(a["account"], a["id"], a["due"], a["overdue"]) for a in actions] == [
        ("Acme", "a2", "2026-11-15", True),
        ("Borealis", "b1", "2026-11-30", True),
        ("Acme", "a1", "2026-12-20", False),
        ("Acme", "a3", None, False),
    ]
    assert set(actions[0]) >= {"path", "account", "id", "owner", "with", "activity", "goal", "due", "overdue"}
    assert actions[0]["addresses"] == [{"kind": "single-threaded", "people": ["lee", "kim"]}]


def test_the_table_names_people_and_the_gaps_they_address(maps: Path) -> None:
    result = run(["plan", str(maps / "acme.yaml"), "--today", "2026-12-02"], env={"COLUMNS": "100"})
    lines = result.stdout.splitlines()
    assert lines[0] == "Acme: 3 open actions, 1 overdue (as of 2026-12-02)"
    assert lines[3].split() == ["2026-11-15", "a2", "Li", "Chen", "Susan", "Lee", "Lunch", "to", "reset", "the",
                                "quality", "agenda"]  # fmt: skip
    assert lines[4].split() == ["17d", "overdue", "→", "Susan", "Lee:", "single-threaded"]
    assert "No planned touch: 2 key players with no open action and no thread inside its window" in lines
    assert "Key contacts whose window runs out within 30 days" in lines


def test_markdown_has_a_table_for_each_part(maps: Path) -> None:
    result = run(["plan", str(maps / "acme.yaml"), "--today", "2026-12-02", "-f", "markdown"])
    lines = result.stdout.splitlines()
    assert lines[:3] == ["## Plan: Acme", "", "3 open actions, 1 overdue (as of 2026-12-02)."]
    assert lines[4] == "| due | action | owner | with | goal | gaps it addresses |"
    assert lines[6] == (
        "| 2026-11-15 (overdue) | a2 | Li Chen | Susan Lee | Lunch to reset the quality agenda | "
        "Susan Lee: single-threaded |"
    )
    assert "| Anna Keller | Kim Park | none of our people knows them |" in lines
    assert "| 2026-12-19 | Raj Patel | Li Chen | good | 2026-09-20 |" in lines


def test_an_unknown_owner_is_a_usage_error(maps: Path) -> None:
    result = run(["plan", str(maps), "--owner", "kimm", "--today", "2026-12-02"])
    assert result.exit_code == 2
    assert "--owner kimm: nobody on the team of these maps has that id (team ids: chen, kim, sam)" in result.stderr


def test_an_invalid_map_is_reported_and_the_rest_is_planned(maps: Path) -> None:
    (maps / "broken.yaml").write_text("relmap: 1\naccount: {name: Broken}\n", encoding="utf-8")
    result = run(["plan", str(maps), "--today", "2026-12-02", "-f", "json"])
    assert result.exit_code == 2
    assert "broken.yaml:2:10: error:" in result.stderr and "1 map could not be loaded" in result.stderr
    assert [a["id"] for a in json.loads(result.stdout)["actions"]] == ["a2", "b1", "a1", "a3"]


# -- the calendar ------------------------------------------------------------------------------------
def calendar(maps: Path, *args: str) -> tuple[bytes, icalendar.Calendar]:
    result = run(["plan", str(maps), "--today", "2026-12-02", "-f", "ics", *args])
    assert result.exit_code == 0, result.stderr
    data = result.stdout_bytes
    return data, icalendar.Calendar.from_ical(data)


def test_the_calendar_has_one_event_per_open_action_and_one_per_reminder(maps: Path) -> None:
    _, parsed = calendar(maps)
    events = parsed.walk("VEVENT")
    summaries = [str(event["SUMMARY"]) for event in events]
    assert summaries == [
        "Overdue: Lunch to reset the quality agenda (Acme)",
        "Overdue: Agree the trial owner (Borealis)",
        "Quarterly review (Acme)",
        "No date: Ask Joe for the org chart (Acme)",
        "Get back in touch with Raj Patel: Li Chen (Acme)",
    ]
    starts = [event.decoded("DTSTART") for event in events]
    # overdue and undated actions are for today; the others on their day; the reminder on the last day
    assert starts == [TODAY, TODAY, date(2026, 12, 20), TODAY, date(2026, 12, 19)]
    assert all(event.decoded("DTEND") == start.fromordinal(start.toordinal() + 1) for event, start in
               zip(events, starts, strict=True))  # fmt: skip
    assert "Works on Susan Lee: single-threaded" in str(events[0]["DESCRIPTION"])
    assert len({str(event["UID"]) for event in events}) == 5


def test_calendar_lines_end_in_crlf_and_are_folded_at_75_octets(maps: Path) -> None:
    data, _ = calendar(maps)
    assert data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # something was long enough to fold


def test_folding_never_splits_a_character() -> None:
    folded = fold("SUMMARY:" + "Überprüfung " * 12)
    for line in folded.split("\r\n")[:-1]:
        assert len(line.encode("utf-8")) <= 75
    assert folded.replace("\r\n ", "") == "SUMMARY:" + "Überprüfung " * 12 + "\r\n"


def test_uids_stay_the_same_across_runs_days_and_moved_dates(maps: Path) -> None:
    def uids(*args: str) -> dict[str, str]:
        _, parsed = calendar(maps, *args)
        return {str(e["SUMMARY"]).split(": ")[-1]: str(e["UID"]) for e in parsed.walk("VEVENT")}

    first = uids()
    assert uids() == first
    acme = maps / "acme.yaml"
    acme.write_text(acme.read_text(encoding="utf-8").replace("due: 2026-12-20", "due: 2027-01-10"), "utf-8")
    assert uids() == first  # same action, new date: an update, not a new item
    # moved folder, other working directory: same UIDs
    moved = maps.parent / "elsewhere"
    maps.rename(moved)
    _, parsed = calendar(moved)
    assert sorted(str(e["UID"]) for e in parsed.walk("VEVENT")) == sorted(first.values())


def test_todos_carry_their_real_due_date(maps: Path) -> None:
    _, parsed = calendar(maps, "--items", "todos")
    todos = parsed.walk("VTODO")
    assert [(str(t["SUMMARY"]), t.decoded("DUE") if "DUE" in t else None) for t in todos] == [
        ("Lunch to reset the quality agenda (Acme)", date(2026, 11, 15)),
        ("Agree the trial owner (Borealis)", date(2026, 11, 30)),
        ("Quarterly review (Acme)", date(2026, 12, 20)),
        ("Ask Joe for the org chart (Acme)", None),
        ("Get back in touch with Raj Patel: Li Chen (Acme)", date(2026, 12, 19)),
    ]
    assert [str(t["STATUS"]) for t in todos] == ["NEEDS-ACTION"] * 5
    assert parsed.walk("VEVENT") == []


def test_map_text_cannot_break_out_of_its_property(tmp_path: Path) -> None:
    hostile = ACCOUNT.replace(
        "goal: Quarterly review",
        'goal: "Review\\r\\nEND:VEVENT\\r\\nBEGIN:VEVENT\\r\\nSUMMARY:injected; a, b \\\\ c"',
    )
    path = tmp_path / "acme.yaml"
    path.write_text(hostile, encoding="utf-8")
    result = run(["plan", str(path), "--today", "2026-12-02", "-f", "ics"])
    assert result.exit_code == 0, result.stderr
    parsed = icalendar.Calendar.from_ical(result.stdout_bytes)
    events = parsed.walk("VEVENT")
    assert len(events) == 4  # three actions and one reminder: nothing injected
    summary = str(events[1]["SUMMARY"])
    assert summary.startswith("Review") and "SUMMARY:injected; a, b \\ c" in summary
    assert "\r" not in summary and "\n" not in summary


def test_the_calendar_can_be_written_to_a_file(maps: Path, tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    result = run(["plan", str(maps), "--today", "2026-12-02", "-f", "ics", "--output", str(target)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert f"wrote {target}: 5 items" in result.stderr
    assert "2 key players with no planned touch are not in the calendar" in result.stderr
    assert target.read_bytes().count(b"BEGIN:VEVENT\r\n") == 5


def test_a_gap_is_addressed_by_the_actions_gaps_lists_as_planned_for_it() -> None:
    # Frank is uncovered (only Kim's weak contact) and nobody of ours is in finance
    by_chen = ACCOUNT.replace(
        "  - {id: a4, owner: kim, with: [frank], goal: Budget walk-through, due: 2026-10-01, status: done}",
        "  - {id: a4, owner: chen, with: [frank], goal: Budget walk-through, due: 2026-12-10}",
    )
    by_kim = by_chen.replace("{id: a4, owner: chen", "{id: a4, owner: kim")
    # whoever meets Frank can learn his stance; only the colleague a suggestion asks to act plans it, so
    # with Li's meeting in the plan the advice builds on that meeting instead of Kim's weak contact
    for text, ours, suggestion in (
        (by_chen, "chen", "Make Li Chen's planned meeting with Frank Moreau (a4) the first thread"),
        (by_kim, "kim", "Have Kim Park build on the weak contact (last met 2026-11-01)"),
    ):
        item = next(i for i in plan_of(text).items if i.action.id == "a4")
        assert [(f.kind, f.people) for f in item.addresses] == [
            ("uncovered", ("frank", ours)),
            ("unknown-stance", ("frank",)),
        ]
        graph = graph_of(text, TODAY)
        findings = [f for f in find_gaps(graph).findings if "frank" in f.people]
        assert {(f.kind, f.planned) for f in findings if f.kind != "model"} == {
            ("uncovered", ("a4",)),
            ("unknown-stance", ("a4",)),
            ("no-counterpart", ()),
        }
        assert next(f.suggestion for f in findings if f.kind == "uncovered") == suggestion


def test_the_colleague_named_to_act_is_not_whose_meeting_it_is() -> None:
    from relmap_cli.analysis.gaps import Finding
    from relmap_cli.analysis.plan import named_colleague

    graph = graph_of(ACCOUNT, TODAY)

    def named(suggestion: str) -> str | None:
        return named_colleague(Finding("single-threaded", "warning", (), "", suggestion), graph)

    assert named("Add a second thread: take a colleague to Kim Park's next meeting with Maria Lopez") is None
    assert named("Add a second thread: bring Li Chen to Kim Park's next meeting with Maria Lopez") == "chen"
    assert named("Bring Kim Park and Li Chen together") == "kim"
    assert named("Find out who holds the role") is None


def test_who_of_ours_should_touch_a_key_player_is_whom_gaps_names() -> None:
    from relmap_cli.analysis.plan import actor

    from .conftest import ROOT

    text = (ROOT / "tests" / "data" / "accounts" / "nordic-skyways.yaml").read_text(encoding="utf-8")
    today = date(2026, 12, 1)
    graph = graph_of(text, today)
    plan = combine([plan_account(graph, "nordic.yaml", today)], today, 30)
    findings = find_gaps(graph).findings
    named = {}
    for finding in findings:
        if finding.people:
            named.setdefault(finding.people[0], actor(finding, graph))
    untouched = [(person.person, person.ours) for person in plan.untouched]
    # the CIO, CCO and general counsel are for our CEO (executive to executive), not for the KAM
    assert untouched[:3] == [("cio", "ceo-a"), ("cco", "ceo-a"), ("gc", "ceo-a")]
    assert all(named.get(person, ours) == ours for person, ours in untouched)


def test_an_empty_calendar_says_so(tmp_path: Path) -> None:
    path = tmp_path / "quiet.yaml"
    path.write_text(
        "relmap: 1\naccount: {name: Quiet, owner: kim}\nteam: [{id: kim, name: Kim}]\n"
        "client: [{id: ann, name: Ann, stance: neutral}]\n",
        encoding="utf-8",
    )
    result = run(["plan", str(path), "--today", "2026-12-02", "-f", "ics"])
    assert result.exit_code == 0
    assert "BEGIN:VEVENT" not in result.stdout and "BEGIN:VTODO" not in result.stdout
    assert result.stderr == (
        "the calendar is empty: no open action, and no key contact whose window runs out within --due-within\n"
    )
