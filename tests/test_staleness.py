"""The rules of `relmap check`, each on an inline map, at and around its boundary day."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from relmap_cli.analysis.staleness import RULES, Finding, Place, Thresholds, check_map

from .conftest import run, valid_map

DAY = date(2026, 11, 23)


def rules(text: str, today: date = DAY, thresholds: Thresholds | None = None) -> list[tuple[str, str]]:
    """(rule, message) of every finding on the map, as of `today`."""
    return [(finding.rule, finding.message) for finding in check_map(valid_map(text), today, thresholds)]


def rule_ids(text: str, today: date = DAY, thresholds: Thresholds | None = None) -> list[str]:
    return [rule for rule, _ in rules(text, today, thresholds)]


def reviewed_map(reviewed: str, cadence: str = "", tier: int = 2) -> str:
    every = f"\n      review_every: {cadence}" if cadence else ""
    return f"""
    relmap: 1
    account:
      name: Acme
      owner: kim
      tier: {tier}
      reviewed: {reviewed}{every}
    team: [{{id: kim, name: Kim}}]
    """


# -- review-overdue: today > reviewed + cadence ----------------------------------------
@pytest.mark.parametrize(
    ("cadence", "tier", "days"),
    [("30d", 2, 30), ("6w", 2, 42), ("3m", 2, 90), ("1y", 2, 365), ("", 1, 30), ("", 2, 90), ("", 3, 180)],
)
def test_review_is_overdue_from_the_day_after_its_due_date(cadence: str, tier: int, days: int) -> None:
    reviewed = date(2026, 1, 10)
    text = reviewed_map(reviewed.isoformat(), cadence, tier)
    due = reviewed + timedelta(days=days)
    assert rule_ids(text, due - timedelta(days=1)) == []
    assert rule_ids(text, due) == []
    assert rules(text, due + timedelta(days=1)) == [
        (
            "review-overdue",
            f"map review overdue: last reviewed 2026-01-10, due every {days} days, so by {due.isoformat()} (1 day ago); "
            "once the team has reviewed it, record the day with relmap done --review",
        )
    ]


def test_the_review_cadence_can_be_overridden_for_every_map() -> None:
    text = reviewed_map("2026-10-01", "90d")
    assert rule_ids(text, date(2026, 10, 31), Thresholds(review_days=30)) == []
    assert rule_ids(text, date(2026, 11, 1), Thresholds(review_days=30)) == ["review-overdue"]


def test_a_map_never_reviewed_is_an_error() -> None:
    text = """
    relmap: 1
    account: {name: Acme, owner: kim, tier: 1}
    team: [{id: kim, name: Kim}]
    """
    assert rules(text) == [
        (
            "review-missing",
            "the map has no 'reviewed' date: review it and record the day (a review is due every 30 days)",
        )
    ]


def test_a_review_dated_after_today_is_reported_not_trusted() -> None:
    assert rules(reviewed_map("2062-10-01")) == [
        ("future-date", "reviewed 2062-10-01 is after today (2026-11-23): is it a typo?")
    ]


# -- contact-stale and contact-missing: key players only -------------------------------
def contact_map(person: str, relationships: str, team: str = "{id: kim, name: Kim}") -> str:
    return f"""
    relmap: 1
    account: {{name: Acme, owner: kim, reviewed: 2026-01-01, review_every: 1y}}
    team: [{team}]
    client:
      - {person}
    relationships: {relationships}
    """


KEY = "{id: maria, name: Maria Lopez, roles: [decision-maker]}"


@pytest.mark.parametrize(("strength", "window"), [("strong", 60), ("good", 90), ("weak", 180), ("negative", 60)])
def test_contact_goes_stale_the_day_after_its_window(strength: str, window: int) -> None:
    last = date(2026, 3, 2)
    text = contact_map(KEY, f"[{{from: kim, kind: knows, to: maria, strength: {strength}, last: {last}}}]")
    stale = last + timedelta(days=window)
    assert rule_ids(text, stale - timedelta(days=1)) == []
    assert rule_ids(text, stale) == []
    assert rules(text, stale + timedelta(days=1)) == [
        (
            "contact-stale",
            f"key player Maria Lopez (maria): last interaction 2026-03-02 (kim, {strength}) was {window + 1} days "
            f"ago; {strength} relationships go stale after {window} days",
        )
    ]


def test_contact_windows_are_options() -> None:
    text = contact_map(KEY, "[{from: kim, kind: knows, to: maria, strength: good, last: 2026-11-01}]")
    assert rule_ids(text, date(2026, 11, 11), Thresholds(good_days=10)) == []
    assert rule_ids(text, date(2026, 11, 12), Thresholds(good_days=10)) == ["contact-stale"]


def test_the_newest_interaction_decides_whatever_its_strength() -> None:
    # the strong contact is newer, so the strong window (60 days) applies, although
    # the older weak contact would still be inside its own 180 days
    text = contact_map(
        KEY,
        """
      - {from: kim, kind: knows, to: maria, strength: weak, last: 2026-08-01}
      - {from: lee, kind: knows, to: maria, strength: strong, last: 2026-09-01}""",
        team="{id: kim, name: Kim}, {id: lee, name: Lee}",
    )
    assert rule_ids(text, date(2026, 10, 31)) == []
    assert rules(text, date(2026, 11, 1))[0][1].startswith(
        "key player Maria Lopez (maria): last interaction 2026-09-01 (lee, strong) was 61 days ago"
    )


def test_on_the_same_day_the_stronger_relationship_decides() -> None:
    text = contact_map(
        KEY,
        """
      - {from: kim, kind: knows, to: maria, strength: weak, last: 2026-09-01}
      - {from: lee, kind: knows, to: maria, strength: good, last: 2026-09-01}""",
        team="{id: kim, name: Kim}, {id: lee, name: Lee}",
    )
    assert "(lee, good)" in rules(text, date(2026, 12, 1))[0][1]


@pytest.mark.parametrize(
    "person",
    [
        "{id: maria, name: Maria, roles: [budget-holder]}",
        "{id: maria, name: Maria, roles: [gatekeeper]}",
        "{id: maria, name: Maria, influence: 4}",
        "{id: maria, name: Maria, influence: 5, roles: [user]}",
    ],
)
def test_every_kind_of_key_player_needs_contact(person: str) -> None:
    assert rule_ids(contact_map(person, "[]")) == ["contact-missing"]


@pytest.mark.parametrize(
    "person",
    [
        "{id: maria, name: Maria, roles: [influencer, user], influence: 3}",
        "{id: maria, name: Maria, roles: [decision-maker], left: 2026-06-30}",
        "{id: maria, title: Head of Procurement, roles: [decision-maker], placeholder: true}",
    ],
    ids=["not a key player", "left the company", "placeholder"],
)
def test_nobody_to_keep_in_touch_with(person: str) -> None:
    assert rule_ids(contact_map(person, "[]")) == []


def test_a_key_player_nobody_knows() -> None:
    assert rules(contact_map(KEY, "[]")) == [
        ("contact-missing", "key player Maria Lopez (maria): none of our current people is in touch with them")
    ]


def test_a_key_player_known_without_a_date() -> None:
    text = contact_map(KEY, "[{from: kim, kind: knows, to: maria, strength: strong}]")
    assert rules(text) == [
        (
            "contact-missing",
            "key player Maria Lopez (maria): no interaction date recorded; add 'last' to the 'knows' "
            "relationship of kim",
        )
    ]


def test_contacts_of_our_people_who_left_do_not_count() -> None:
    text = contact_map(
        KEY,
        "[{from: lee, kind: knows, to: maria, strength: strong, last: 2026-11-20}]",
        team="{id: kim, name: Kim}, {id: lee, name: Lee, left: 2026-11-21}",
    )
    assert rule_ids(text) == ["contact-missing"]


def test_an_interaction_dated_after_today_is_reported() -> None:
    text = contact_map(KEY, "[{from: kim, kind: knows, to: maria, strength: strong, last: 2027-01-05}]")
    assert rules(text) == [
        (
            "future-date",
            "last interaction 2027-01-05 of kim with maria is after today (2026-11-23): is it a typo?",
        )
    ]


# -- action-overdue: open actions, today > due (+ grace) --------------------------------
def action_map(action: str, team: str = "{id: kim, name: Kim}") -> str:
    return f"""
    relmap: 1
    account: {{name: Acme, owner: kim, reviewed: 2026-01-01, review_every: 1y}}
    team: [{team}]
    client: [{{id: joe, name: Joe}}]
    actions:
      - {action}
    """


def test_an_open_action_is_overdue_from_the_day_after_it_was_due() -> None:
    text = action_map("{id: a1, owner: kim, with: [joe], goal: Meet Joe, due: 2026-11-15}")
    assert rule_ids(text, date(2026, 11, 14)) == []
    assert rule_ids(text, date(2026, 11, 15)) == []
    assert rules(text, date(2026, 11, 16)) == [
        (
            "action-overdue",
            "open action a1 (Meet Joe) was due 2026-11-15, 1 day ago: do it, move it or mark it done or dropped",
        )
    ]
    assert rule_ids(text, date(2026, 11, 17), Thresholds(action_grace_days=2)) == []
    assert rule_ids(text, date(2026, 11, 18), Thresholds(action_grace_days=2)) == ["action-overdue"]


@pytest.mark.parametrize("status", ["done", "dropped"])
def test_finished_actions_are_never_overdue(status: str) -> None:
    text = action_map(f"{{id: a1, owner: kim, goal: Meet Joe, due: 2026-01-01, status: {status}}}")
    assert rule_ids(text) == []


def test_an_action_without_a_due_date_is_never_overdue() -> None:
    assert rule_ids(action_map("{id: a1, owner: kim, goal: Meet Joe}")) == []


# -- champion-left and owner-left -------------------------------------------------------
def test_a_champion_who_left() -> None:
    text = contact_map("{id: hans, name: Hans Berg, stance: champion, left: 2026-09-30}", "[]")
    assert rules(text) == [
        (
            "champion-left",
            "champion Hans Berg (hans) left on 2026-09-30: find out who took over their work and win a new "
            "champion; follow them to their new company as a lead",
        )
    ]


def test_a_champion_who_left_points_at_the_successor_the_map_names() -> None:
    named = contact_map(
        "{id: hans, name: Hans Berg, stance: champion, left: 2026-09-30, successor: ida}\n      - {id: ida, name: Ida Holm}",
        "[]",
    )
    assert rules(named) == [
        ("champion-left", "champion Hans Berg (hans) left on 2026-09-30: win their successor Ida Holm (ida); "
         "update the stance"),  # fmt: skip
    ]
    unfilled = named.replace("{id: ida, name: Ida Holm}", "{id: ida, title: Head of Development, placeholder: true}")
    assert rules(unfilled) == [
        ("champion-left", "champion Hans Berg (hans) left on 2026-09-30: find out who fills their successor's "
         "position Head of Development (ida) and win them; update the stance"),  # fmt: skip
    ]


def test_a_champion_who_left_is_no_error_once_we_reach_the_successor() -> None:
    text = contact_map(
        "{id: hans, name: Hans Berg, stance: champion, left: 2026-09-30, successor: ida}\n      - {id: ida, name: Ida Holm}",
        "[{from: kim, kind: knows, to: ida, strength: weak, last: 2026-11-01}]",
    )
    assert rule_ids(text) == ["champion-left"]  # a weak contact is no handover yet
    assert rule_ids(text.replace("strength: weak", "strength: good")) == []


def test_a_champion_leaving_later_has_not_left_yet() -> None:
    text = contact_map("{id: hans, name: Hans Berg, stance: champion, left: 2026-09-30}", "[]")
    assert rules(text, today=date(2026, 9, 29)) == [
        (
            "champion-leaving",
            "champion Hans Berg (hans) leaves on 2026-09-30 (in 1 day): find out who takes over and win a new "
            "champion before then",
        )
    ]
    assert rule_ids(text, today=date(2026, 9, 30)) == ["champion-left"]


def test_a_key_player_leaving_within_90_days() -> None:
    text = contact_map(
        "{id: anna, name: Anna Keller, roles: [decision-maker], left: 2027-01-15, successor: bob}\n      - "
        "{id: bob, name: Bob Stone}\n      - {id: dan, name: Dan Ek, roles: [budget-holder], left: 2027-06-01}",
        "[]",
    )
    today = date(2026, 12, 2)
    assert [(rule, message) for rule, message in rules(text, today=today) if rule.endswith("leaving")] == [
        ("key-player-leaving", "key player Anna Keller (anna) leaves on 2027-01-15 (in 44 days): meet their "
         "successor Bob Stone (bob) before then"),  # fmt: skip
    ]  # Dan leaves in 181 days: not yet
    knows_bob = "[{from: kim, kind: knows, to: bob, strength: good, last: 2026-11-30}]"
    handed_over = text.replace("relationships: []", f"relationships: {knows_bob}")
    assert "key-player-leaving" not in rule_ids(handed_over, today=today)


def test_a_supporter_who_left_is_not_a_departed_champion() -> None:
    assert rule_ids(contact_map("{id: hans, name: Hans, stance: supporter, left: 2026-09-30}", "[]")) == []


def test_an_account_owner_who_left() -> None:
    text = """
    relmap: 1
    account: {name: Acme, owner: kim, reviewed: 2026-01-01, review_every: 1y}
    team: [{id: kim, name: Kim Park, left: 2026-11-01}]
    """
    assert rules(text) == [
        (
            "owner-left",
            "account owner Kim Park (kim) left on 2026-11-01: hand the account to someone on the team",
        )
    ]


def test_an_open_action_whose_owner_left() -> None:
    team = "{id: kim, name: Kim}, {id: lee, name: Lee Chan, left: 2026-10-01}"
    assert rules(action_map("{id: a1, owner: lee, goal: Meet Joe}", team)) == [
        (
            "owner-left",
            "open action a1 is owned by Lee Chan (lee), who left on 2026-10-01: give it to someone on the team",
        )
    ]
    assert rule_ids(action_map("{id: a1, owner: lee, goal: Meet Joe, status: done}", team)) == []


# -- the findings themselves ------------------------------------------------------------
def test_findings_say_where_they_belong_in_the_map_terms() -> None:
    text = action_map("{id: a1, owner: kim, with: [joe], goal: Meet Joe, due: 2026-11-15}")
    assert check_map(valid_map(text), DAY) == [
        Finding(
            "action-overdue",
            "open action a1 (Meet Joe) was due 2026-11-15, 8 days ago: do it, move it or mark it done or dropped",
            Place("actions", 0, "due"),
            ("joe",),
        )
    ]


def test_every_rule_has_a_severity_and_a_description() -> None:
    assert {rule: str(severity) for rule, (severity, _) in RULES.items()} == {
        "review-overdue": "error",
        "review-missing": "error",
        "contact-stale": "warning",
        "contact-missing": "warning",
        "action-overdue": "warning",
        "champion-left": "error",
        "champion-leaving": "warning",
        "key-player-leaving": "warning",
        "owner-left": "error",
        "future-date": "warning",
    }


def test_a_century_is_the_longest_review_cadence(tmp_path: Path) -> None:
    path = tmp_path / "slow.yaml"
    account = "account: {name: A, owner: kim, reviewed: 2026-01-01, review_every: 10000y}"
    path.write_text(f"relmap: 1\n{account}\nteam: [{{id: kim, name: K}}]\n")
    expected = f"{path}:2:68: error: review_every must be at most 100 years (36500 days), not 10000y [value]\n"
    assert (run(["validate", str(path)]).exit_code, run(["validate", str(path)]).stdout) == (1, expected)
    assert (run(["check", str(path)]).exit_code, run(["check", str(path)]).stdout) == (1, expected)
    path.write_text(path.read_text().replace("10000y", "100y"))
    assert run(["check", str(path), "--today", "2026-11-23"]).exit_code == 0


def test_a_review_cadence_option_beyond_a_century_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(reviewed_map("2026-01-01"))
    result = run(["check", str(path), "--review-every", "9999999d"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "relmap: error: --review-every must be at most 100 years (36500 days), not 9999999d\n"
