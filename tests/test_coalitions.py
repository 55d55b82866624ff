"""`find_coalitions`: the influence model's buckets, scores, pivots and coalitions."""

from __future__ import annotations

from relmap_cli.analysis.coalitions import CoalitionReport, find_coalitions

from .conftest import HEADER, graph_of

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
    assert [(p.person, p.relation, p.amount) for p in pulled] == [("c", "reports to", 1.0)]


def test_a_supporter_under_a_detractor_keeps_their_bucket_and_shows_the_pressure() -> None:
    # x_s = 0.4 * -1.0 + 0.6 * 0.5 = -0.1: still furthers by stance, but the pull is shown
    report = coalitions("""\
client:
  - {id: d, name: D, stance: detractor, influence: 5}
  - {id: s, name: S, stance: supporter, reports_to: d}
""")
    assert standing(report, "s") == ("furthers", "direct", -0.1, False)
    [pulled] = [s.pulled_by for s in report.people if s.person == "s"]
    assert [(p.person, p.relation, p.amount) for p in pulled] == [("d", "reports to", -1.0)]
    assert [s.pulled_by for s in report.people if s.person == "d"] == [()]


def test_opposing_a_detractor_pushes_an_unknown_person_our_way() -> None:
    # opposition is mutual: x_u = 0.8 * -x_d and x_d = 0.2 * -x_u + 0.8 * -1,
    # so x_d = -0.8 / 0.84 = -0.95 and x_u = 0.76
    report = coalitions("""\
client:
  - {id: d, name: D, stance: detractor, influence: 5}
  - {id: u, name: U}
relationships:
  - {from: u, kind: opposes, to: d}
""")
    assert standing(report, "u") == ("furthers", "indirect", 0.76, False)
    assert standing(report, "d") == ("hinders", "direct", -0.95, False)


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
