"""`find_coalitions`: the influence model's buckets, scores, pivots, coalitions and what needs attention.

Expected scores are worked out by hand from the documented model:
x_i = lambda_i * sum_j W_ij * x_j + (1 - lambda_i) * s_i.
"""

from __future__ import annotations

import json

from relmap_cli.analysis.coalitions import CoalitionReport, find_coalitions

from .conftest import HEADER, graph_of, run

TEAM = "team:\n  - {id: kim, name: Kim Park}\n"


def coalitions(body: str) -> CoalitionReport:
    return find_coalitions(graph_of(HEADER + TEAM + body))


def standing(report: CoalitionReport, person: str) -> tuple[str, str, float, bool]:
    [found] = [s for s in report.people if s.person == person]
    return found.bucket, found.how, found.score, found.pivot


def test_stances_bucket_people_directly() -> None:
    report = coalitions("""\
client:
  - {id: c, name: C, stance: champion}
  - {id: s, name: S, stance: supporter}
  - {id: d, name: D, stance: detractor}
  - {id: n, name: N, stance: neutral}
""")
    assert [(s.person, s.bucket, s.how, s.score) for s in report.people] == [
        ("c", "furthers", "direct", 1.0),
        ("s", "furthers", "direct", 0.5),
        ("d", "hinders", "direct", -1.0),
        ("n", "swing", "direct", 0.0),
    ]


def test_a_neutral_person_is_pulled_by_the_person_they_report_to() -> None:
    # x_n = 0.7 * 1.0 (all weight on c) + 0.3 * 0 = 0.7
    report = coalitions("""\
client:
  - {id: c, name: C, stance: champion, influence: 5}
  - {id: n, name: N, stance: neutral, reports_to: c}
""")
    assert standing(report, "n") == ("furthers", "indirect", 0.7, False)
    [pulled] = [s.pulled_by for s in report.people if s.person == "n"]
    # C's share of N's score: susceptibility 0.7 x weight 1 x C's +1.0
    assert [(p.person, p.relation, p.amount) for p in pulled] == [("c", "reports to", 0.7)]


def test_a_supporter_under_a_detractor_keeps_their_bucket_and_shows_the_pressure() -> None:
    # x_s = 0.4 * -1.0 + 0.6 * 0.5 = -0.1: still furthers by stance, but the pull is shown
    report = coalitions("""\
client:
  - {id: d, name: D, stance: detractor, influence: 5}
  - {id: s, name: S, stance: supporter, reports_to: d}
""")
    assert standing(report, "s") == ("furthers", "direct", -0.1, False)
    [pulled] = [s.pulled_by for s in report.people if s.person == "s"]
    # D's share is 0.4 x -1.0 = -0.4; S's own stance adds 0.6 x 0.5 = +0.3: together the score, -0.1
    assert [(p.person, p.relation, p.amount) for p in pulled] == [("d", "reports to", -0.4)]
    assert [s.pulled_by for s in report.people if s.person == "d"] == [()]


def test_opposing_a_detractor_pushes_an_unknown_person_our_way() -> None:
    # opposition is mutual: x_u = 0.8 * -x_d and x_d = 0.4 * -x_u + 0.6 * -1,
    # so x_d = -0.6 / 0.68 = -0.88 and x_u = 0.71
    report = coalitions("""\
client:
  - {id: d, name: D, stance: detractor, influence: 5}
  - {id: u, name: U}
relationships:
  - {from: u, kind: opposes, to: d}
""")
    assert standing(report, "u") == ("furthers", "indirect", 0.71, False)
    assert standing(report, "d") == ("hinders", "direct", -0.88, False)


def test_equal_pulls_both_ways_leave_a_swing_pivot() -> None:
    report = coalitions("""\
client:
  - {id: c, name: C, stance: champion, influence: 5}
  - {id: d, name: D, stance: detractor, influence: 5}
  - {id: n, name: N, stance: neutral, influence: 4}
relationships:
  - {from: c, kind: influences, to: n, strength: strong}
  - {from: d, kind: influences, to: n, strength: strong}
""")
    assert standing(report, "n") == ("swing", "direct", 0.0, True)


def test_a_swing_person_two_people_defer_to_is_a_pivot() -> None:
    report = coalitions("""\
client:
  - {id: boss, name: Boss, influence: 2}
  - {id: a, name: A, reports_to: boss}
  - {id: b, name: B}
relationships:
  - {from: b, kind: defers-to, to: boss}
""")
    assert standing(report, "boss") == ("swing", "direct", 0.0, True)
    assert standing(report, "a")[3] is False


def test_one_person_who_both_reports_to_and_defers_to_a_leader_does_not_make_a_pivot() -> None:
    report = coalitions("""\
client:
  - {id: lu, name: Lu Leader}
  - {id: x, name: X, reports_to: lu}
relationships:
  - {from: x, kind: defers-to, to: lu, basis: expertise}
""")
    assert standing(report, "lu") == ("swing", "direct", 0.0, False)


def test_coalitions_group_same_leaning_people_who_sway_each_other() -> None:
    report = coalitions("""\
client:
  - {id: maria, name: Maria, stance: supporter, influence: 4}
  - {id: joe, name: Joe, stance: champion, influence: 2, reports_to: maria}
  - {id: ben, name: Ben, reports_to: joe}
  - {id: lee, name: Lee, stance: detractor, influence: 4}
  - {id: omar, name: Omar, stance: neutral, reports_to: lee}
  - {id: greta, name: Greta, stance: supporter}
""")
    assert [(c.bucket, c.leader, c.members) for c in report.coalitions] == [
        ("furthers", "maria", ("maria", "joe", "ben")),
        ("furthers", "greta", ("greta",)),
        ("hinders", "lee", ("lee", "omar")),
    ]


def test_deference_cycles_settle() -> None:
    report = coalitions("""\
client:
  - {id: a, name: A, stance: champion}
  - {id: b, name: B}
  - {id: c, name: C}
relationships:
  - {from: b, kind: defers-to, to: c}
  - {from: c, kind: defers-to, to: b}
  - {from: b, kind: influences, to: a}
  - {from: a, kind: influences, to: b}
""")
    scores = {s.person: s.score for s in report.people}
    assert scores["b"] > scores["c"] > 0.15
    assert [s.bucket for s in report.people] == ["furthers", "furthers", "furthers"]


def test_people_who_left_are_not_bucketed_and_an_empty_client_list_is_fine() -> None:
    report = coalitions("client:\n  - {id: p, name: P, stance: champion, left: 2026-01-01}\n")
    assert (report.people, report.coalitions) == ([], [])
    assert find_coalitions(graph_of(HEADER + TEAM)).people == []


ROUNDING = """\
client:
  - {id: d1, name: D1, stance: detractor, influence: 1}
  - {id: d3, name: D3, stance: detractor, influence: 3}
  - {id: c1, name: C1, stance: champion, influence: 1}
  - {id: z1, name: Z1, stance: neutral, influence: 1}
  - {id: z3, name: Z3, stance: neutral, influence: 3}
  - {id: z4, name: Z4, stance: neutral, influence: 4}
  - {id: past, name: Derek Moss, stance: neutral}
  - {id: exact, name: Exactly, stance: neutral}
  - {id: short, name: Short, stance: neutral}
  - {id: plus, name: Plus, stance: neutral}
relationships:
  - {from: past, kind: defers-to, to: d1, strength: strong}
  - {from: past, kind: defers-to, to: z3, strength: strong}
  - {from: past, kind: defers-to, to: z1, strength: good}
  - {from: exact, kind: defers-to, to: d3, strength: weak}
  - {from: exact, kind: defers-to, to: z4, strength: strong}
  - {from: exact, kind: defers-to, to: z1, strength: weak}
  - {from: short, kind: defers-to, to: d3, strength: weak}
  - {from: short, kind: defers-to, to: z3, strength: strong}
  - {from: short, kind: defers-to, to: z4, strength: weak}
  - {from: plus, kind: defers-to, to: c1, strength: strong}
  - {from: plus, kind: defers-to, to: z3, strength: strong}
  - {from: plus, kind: defers-to, to: z1, strength: good}
"""


def test_the_bucket_follows_the_score_as_printed() -> None:
    report = coalitions(ROUNDING)
    # past:  -0.7 * 0.2 / (0.2 + 0.6 + 0.14)   = -0.1489, printed -0.15: hinders, as the threshold says
    # exact: -0.7 * 0.24 / (0.24 + 0.8 + 0.08) = -0.15 exactly
    # short: -0.7 * 0.24 / (0.24 + 0.6 + 0.32) = -0.1448, printed -0.14: swing
    # plus:  +0.7 * 0.2 / (0.2 + 0.6 + 0.14)   = +0.1489, printed +0.15: furthers
    assert standing(report, "past") == ("hinders", "indirect", -0.15, False)
    assert standing(report, "exact") == ("hinders", "indirect", -0.15, False)
    assert standing(report, "short") == ("swing", "direct", -0.14, False)
    assert standing(report, "plus") == ("furthers", "indirect", 0.15, False)
    table = run(["coalitions", "-"], stdin=HEADER + TEAM + ROUNDING).stdout
    [row] = [line for line in table.splitlines() if line.startswith("Derek Moss")]
    assert row.split()[2:6] == ["neutral", "hinders", "indirect", "-0.15"]


def test_the_leader_is_the_most_influential_direct_member() -> None:
    report = coalitions("""\
client:
  - {id: ceo, name: Cleo, stance: neutral, influence: 5}
  - {id: champ, name: Chad, stance: champion, influence: 3}
  - {id: fan, name: Fay, stance: supporter, influence: 2, reports_to: champ}
relationships:
  - {from: champ, kind: influences, to: ceo, strength: strong}
""")
    # the CEO is only pulled there (0.7 * 1.0 = +0.70); Chad leads by his own stance
    assert standing(report, "ceo") == ("furthers", "indirect", 0.7, False)
    assert [(c.bucket, c.leader, c.members) for c in report.coalitions] == [
        ("furthers", "champ", ("ceo", "champ", "fan"))
    ]


def test_when_every_member_is_indirect_the_most_influential_leads() -> None:
    report = coalitions("""\
client:
  - {id: d, name: Dex, stance: detractor, influence: 5}
  - {id: u, name: Uma, stance: neutral, influence: 3}
  - {id: w, name: Wes, stance: neutral, influence: 4}
relationships:
  - {from: u, kind: opposes, to: d}
  - {from: u, kind: influences, to: w, strength: strong}
""")
    # x_u = 0.7 * -x_d, x_d = 0.4 * -x_u - 0.6: x_d = -0.83, x_u = +0.58; x_w = 0.7 * x_u = +0.41
    assert [standing(report, p)[:3] for p in ("d", "u", "w")] == [
        ("hinders", "direct", -0.83),
        ("furthers", "indirect", 0.58),
        ("furthers", "indirect", 0.41),
    ]
    assert [(c.bucket, c.leader, c.members) for c in report.coalitions] == [
        ("furthers", "w", ("u", "w")),
        ("hinders", "d", ("d",)),
    ]


def test_an_unknown_stance_placed_by_the_model_alone_is_inferred() -> None:
    report = coalitions("""\
client:
  - {id: c, name: C, stance: champion, influence: 5}
  - {id: u, name: U, reports_to: c}
  - {id: n, name: N, stance: neutral, reports_to: c}
  - {id: lone, name: Lone}
  - {id: tbd, title: Head of X, placeholder: true, reports_to: c}
""")
    inferred = {s.person: (s.bucket, s.score, s.inferred) for s in report.people}
    assert inferred == {
        "c": ("furthers", 1.0, False),
        "u": ("furthers", 0.8, True),  # unknown, and only the model says where they stand
        "n": ("furthers", 0.7, False),  # the map says neutral
        "lone": ("swing", 0.0, False),  # nobody sways them: the model has nothing to go on
        "tbd": ("furthers", 0.8, False),  # a position, not a person whose stance we could confirm
    }


ATTENTION = """\
client:
  - {id: cfo, name: Cara, roles: [budget-holder], stance: neutral, influence: 5}
  - {id: cio, name: Ian, stance: detractor, influence: 5}
  - {id: sup, name: Sue, stance: supporter, influence: 2, reports_to: cio}
  - {id: champ, name: Cham, stance: champion, influence: 5}
  - {id: det, name: Dirk, stance: detractor, influence: 2, reports_to: champ}
  - {id: piv, name: Pia, stance: unknown, influence: 4}
  - {id: dm, name: Don, roles: [decision-maker], stance: detractor, influence: 3}
relationships:
  - {from: cio, kind: influences, to: cfo, strength: strong}
  - {from: champ, kind: influences, to: piv, strength: strong}
  - {from: cio, kind: influences, to: piv, strength: strong}
"""


def test_attention_lists_deciders_in_hinders_then_people_at_risk_within_reach_and_pivots() -> None:
    report = coalitions(ATTENTION)
    # Cara: 0.7 * -1 = -0.70. Sue: 0.4 * -1 + 0.6 * 0.5 = -0.10. Dirk: 0.4 * 1 + 0.6 * -1 = -0.20.
    # Pia: 0.8 * (0.5 * 1 + 0.5 * -1) = 0. Don: a detractor nobody sways, -1.
    assert [(a.kind, a.people, a.message) for a in report.attention] == [
        ("hinders", ("cfo", "cio"), "Cara (budget holder) is pulled into hinders (-0.70) by Ian (-0.70)"),
        ("hinders", ("dm",), "Don (decision maker) is a detractor and hinders (-1.00)"),
        ("at-risk", ("sup", "cio"), "Sue, a supporter, is pulled below zero (-0.10) by Ian (-0.40)"),
        ("within-reach", ("det", "champ"), "Dirk, a detractor, is within reach (-0.20): Cham (+0.40) pulls them "
         "our way"),
        ("pivot", ("piv", "champ", "cio"), "Pia can swing either way (+0.00; influence 4): pulled by Cham (+0.40) and "
         "Ian (-0.40); their stance is unknown: confirm it"),
    ]  # fmt: skip


def test_attention_comes_first_in_the_table_and_in_json() -> None:
    text = HEADER + TEAM + ATTENTION
    data = json.loads(run(["coalitions", "-", "-f", "json"], stdin=text).stdout)
    assert list(data) == ["account", "attention", "people", "coalitions"]
    assert [a["kind"] for a in data["attention"]] == ["hinders", "hinders", "at-risk", "within-reach", "pivot"]
    assert [p["person"] for p in data["people"] if p["inferred"]] == ["piv"]
    lines = run(["coalitions", "-"], stdin=text).stdout.splitlines()
    assert lines[:3] == [
        "Acme: who furthers and who hinders our interests",
        "needs attention   why",
        "─" * 100,
    ]
    assert lines[3].startswith("hinders           Cara (budget holder) is pulled into hinders (-0.70) by Ian")


def test_watkins_persuadables_between_a_winning_and_a_blocking_coalition() -> None:
    """After Watkins and Rosegrant on coalition building: map supporters, opponents and persuadables.

    A sponsor and her team further us, an opponent blocks with the people who
    report to him, and the persuadable head of operations whom both sway, and
    two managers defer to, is the pivot worth the first conversation.
    """
    report = coalitions("""\
client:
  - {id: sponsor, name: Sina Sponsor, stance: champion, influence: 4}
  - {id: ally, name: Al Ally, stance: supporter, influence: 3, reports_to: sponsor}
  - {id: opp, name: Otto Opponent, stance: detractor, influence: 4}
  - {id: opp2, name: Olga, stance: neutral, influence: 2, reports_to: opp}
  - {id: ops, name: Pat Ops, stance: neutral, influence: 3}
  - {id: m1, name: M1, stance: neutral, influence: 2}
  - {id: m2, name: M2, stance: neutral, influence: 2}
relationships:
  - {from: sponsor, kind: influences, to: ops, strength: strong}
  - {from: opp, kind: influences, to: ops, strength: strong}
  - {from: m1, kind: defers-to, to: ops, basis: expertise}
  - {from: m2, kind: defers-to, to: ops, basis: expertise}
""")
    assert standing(report, "ops") == ("swing", "direct", 0.0, True)
    assert [(c.bucket, c.leader, c.members) for c in report.coalitions] == [
        ("furthers", "sponsor", ("sponsor", "ally")),
        ("hinders", "opp", ("opp", "opp2")),
    ]
    assert [(a.kind, a.people[0]) for a in report.attention] == [("pivot", "ops")]
    assert report.attention[0].message == (
        "Pat Ops can swing either way (+0.00; 2 people defer to them): pulled by Otto Opponent (-0.35) and "
        "Sina Sponsor (+0.35)"
    )


def test_one_persons_pulls_add_up_so_the_two_strongest_are_two_people() -> None:
    report = coalitions("""\
client:
  - {id: boss, name: Bo Boss, stance: champion, influence: 5}
  - {id: jan, name: Jan, stance: detractor, influence: 4}
  - {id: cfo, name: Cid, stance: neutral, influence: 4, reports_to: boss}
relationships:
  - {from: jan, kind: influences, to: cfo, strength: strong}
  - {from: cfo, kind: defers-to, to: jan, basis: expertise}
""")
    # a: Bo 1.0, Jan 0.8 and 0.56: W = 1/2.36, 0.8/2.36, 0.56/2.36; each share is Cid's susceptibility 0.7
    # x W x the puller's opinion: Jan 0.7 * 1.36/2.36 * -1.0 = -0.40, Bo 0.7 * 1/2.36 * 1.0 = +0.30 (= the score)
    [cfo] = [s for s in report.people if s.person == "cfo"]
    assert [(p.person, p.relation, p.amount) for p in cfo.pulled_by] == [
        ("jan", "is influenced by and defers to", -0.4),
        ("boss", "reports to", 0.3),
    ]
    assert cfo.score == -0.11  # -0.4034 + 0.2966, nothing of Cid's own: a neutral starts at 0


def test_the_standings_alone_need_no_graph_library() -> None:
    """`gaps` reads the standings and the attention list; only grouping coalitions imports networkx."""
    import subprocess
    import sys

    program = (
        "import sys\n"
        "from relmap_cli.load.loader import load_text\n"
        "from relmap_cli.graph import build_graph\n"
        "from relmap_cli.analysis.coalitions import find_attention, place_people\n"
        "graph = build_graph(load_text(sys.stdin.read(), 'map.yaml').model)\n"
        "standings = place_people(graph)\n"
        "print(len(standings), [a.kind for a in find_attention(graph, standings)], 'networkx' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], input=HEADER + TEAM + ATTENTION, capture_output=True, text=True, check=True
    )
    assert result.stdout == "7 ['hinders', 'hinders', 'at-risk', 'within-reach', 'pivot'] False\n"
    graph = graph_of(HEADER + TEAM + ATTENTION)
    from relmap_cli.analysis.coalitions import place_people

    assert place_people(graph) == find_coalitions(graph).people
