"""`find_gaps`: every finding kind, on inline maps that show the whole situation."""

from __future__ import annotations

from datetime import date

from relmap_cli.analysis.gaps import GapReport, find_gaps

from .conftest import HEADER, graph_of

TODAY = date(2026, 11, 23)


def gaps(body: str) -> GapReport:
    return find_gaps(graph_of(HEADER + body, TODAY))


def kinds(report: GapReport) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(f.kind, f.severity, f.people) for f in report.findings]


def of_kind(report: GapReport, kind: str) -> list:
    return [f for f in report.findings if f.kind == kind]


def test_uncovered_key_player_with_a_weak_contact_and_the_suggestion_to_build_on_it() -> None:
    report = gaps("""\
team:
  - {id: kim, name: Kim Park}
client:
  - {id: anna, name: Anna Keller, roles: [decision-maker], stance: supporter, influence: 5, topics: [growth]}
relationships:
  - {from: kim, kind: knows, to: anna, strength: weak, last: 2026-03-12}
""")
    [finding] = of_kind(report, "uncovered")
    assert (finding.severity, finding.people) == ("error", ("anna",))
    assert finding.message == (
        "Anna Keller (decision-maker, influence 5) is not covered: only Kim Park (weak) on our side"
    )
    assert finding.suggestion == ("Have Kim Park build on the weak contact, last met 2026-03-12 (their topics: growth)")


def test_good_contact_covers_and_non_key_players_are_not_reported() -> None:
    report = gaps("""\
team:
  - {id: kim, name: Kim Park}
client:
  - {id: anna, name: Anna Keller, influence: 5, stance: champion}
  - {id: joe, name: Joe Hart, influence: 2, stance: supporter}
relationships:
  - {from: kim, kind: knows, to: anna, strength: good}
""")
    assert of_kind(report, "uncovered") == []


def test_uncovered_suggests_a_broker_the_person_listens_to() -> None:
    report = gaps("""\
team:
  - {id: kim, name: Kim Park, function: sales, level: manager}
client:
  - {id: karin, name: Karin Lund, function: operations, level: vp, roles: [budget-holder], stance: neutral}
  - {id: piotr, name: Piotr Nowak, function: procurement, level: manager, stance: supporter}
relationships:
  - {from: piotr, kind: influences, to: karin, strength: weak}
  - {from: kim, kind: knows, to: piotr, strength: good}
""")
    [finding] = of_kind(report, "uncovered")
    assert finding.severity == "error"
    assert finding.suggestion == (
        "Ask Piotr Nowak, whom Karin Lund listens to and Kim Park knows (good), for an introduction"
    )


def test_missing_counterpart_by_function_level_counterparts_and_executives() -> None:
    report = gaps("""\
team:
  - {id: kim, name: Kim Park, function: sales, level: manager}
  - {id: chen, name: Li Chen, title: R&D Director, function: r-and-d, level: director, topics: [resins, cost]}
  - {id: ceo, name: Mark Olsen, title: CEO, function: executive, level: executive}
  - {id: tom, name: Tom Becker, title: Service Engineer, function: service, level: staff}
client:
  - {id: raj, name: Raj Patel, title: VP Technology, function: r-and-d, level: vp, topics: [resins]}
  - {id: cfo, name: Frank Moreau, title: CFO, function: finance, level: executive}
  - {id: nina, name: Nina Brandt, title: Plant Manager, function: operations, level: manager}
  - {id: ed, name: Ed Staff, title: Lab Tech, function: r-and-d, level: staff}
  - {id: kurt, name: Kurt Buyer, function: procurement, level: manager, stance: champion}
relationships:
  - {from: kim, kind: knows, to: kurt, strength: strong}
counterparts:
  - {ours: service, theirs: operations}
  - {ours: sales, theirs: procurement}
""")
    found = [(f.severity, f.people, f.suggestion) for f in of_kind(report, "missing-counterpart")]
    assert found == [
        (
            "warning",
            ("ceo", "cfo"),
            "Bring Mark Olsen and Frank Moreau together: a first meeting to learn their priorities",
        ),
        ("info", ("chen", "raj"), "Bring Li Chen and Raj Patel together: a brainstorm on resins"),
        (
            "info",
            ("tom", "nina"),
            "Bring Tom Becker and Nina Brandt together: a first meeting to learn their priorities",
        ),
    ]
    # chen (director) and ed (staff) are two levels apart; kim already knows kurt


def test_missing_counterparts_are_judged_pair_by_pair() -> None:
    report = gaps("""\
team:
  - {id: kim, name: Kim Park}
  - {id: a1, name: Ada One, function: r-and-d, level: director}
  - {id: a2, name: Abe Two, function: r-and-d, level: director}
  - {id: tom, name: Tom Becker, function: service, level: staff}
  - {id: lena, name: Lena Vogt, function: service, level: manager}
client:
  - {id: rd, name: Rita Dahl, function: r-and-d, level: director}
  - {id: omar, name: Omar Haddad, function: service, level: manager, roles: [gatekeeper]}
relationships:
  - {from: a1, kind: knows, to: rd, strength: good}
  - {from: tom, kind: knows, to: omar, strength: negative}
""")
    found = [(f.severity, f.people, f.message) for f in of_kind(report, "missing-counterpart")]
    assert found == [
        # nobody of ours reaches Omar: a negative contact is no counterpart
        (
            "warning",
            ("lena", "omar"),
            "Lena Vogt (service) and Omar Haddad (service) should know each other (both service) but do not",
        ),
        # Ada already reaches Rita; Abe is still a pair to make, with less urgency
        (
            "info",
            ("a2", "rd"),
            "Abe Two (r-and-d) and Rita Dahl (r-and-d) should know each other (both r-and-d) but do not",
        ),
    ]


def test_no_counterpart_for_a_senior_client_function_nobody_of_ours_pairs_with() -> None:
    report = gaps("""\
team:
  - {id: kim, name: Kim Park, function: sales, level: manager}
  - {id: ops, name: Olga Ops, function: operations, level: staff}
client:
  - {id: lee, name: Susan Lee, function: operations, level: vp, influence: 4}
  - {id: qa, name: Quinn, function: quality, level: director}
  - {id: low, name: Lowe, function: logistics, level: manager}
""")
    found = [(f.people, f.message) for f in of_kind(report, "no-counterpart")]
    assert found == [
        (
            ("lee",),
            "Nobody on our side pairs with their operations leadership (Susan Lee): our operations "
            "people are more than one level away",
        ),
        (("qa",), "Nobody on our side pairs with their quality leadership (Quinn): we have no quality people"),
    ]
    assert of_kind(report, "no-counterpart")[1].suggestion == (
        "Name a counterpart for Quinn: someone in quality at a similar level, or add a counterparts pair "
        "mapping one of our functions to quality"
    )


def test_no_counterpart_names_the_paired_functions_we_do_staff() -> None:
    report = gaps("""\
team:
  - {id: kim, name: Kim Park, function: sales, level: manager}
  - {id: tom, name: Tom Becker, function: service, level: staff}
client:
  - {id: lee, name: Susan Lee, function: operations, level: vp}
  - {id: qa, name: Quinn, function: quality, level: director}
counterparts:
  - {ours: service, theirs: operations}
  - {ours: lab, theirs: quality}
""")
    found = [(f.people, f.message, f.suggestion) for f in of_kind(report, "no-counterpart")]
    assert found == [
        (
            ("lee",),
            "Nobody on our side pairs with their operations leadership (Susan Lee): our service people "
            "are more than one level away",
            "Name a counterpart for Susan Lee: someone in service at a similar level",
        ),
        (
            ("qa",),
            "Nobody on our side pairs with their quality leadership (Quinn): we have no quality or lab people",
            "Name a counterpart for Quinn: someone in quality or lab at a similar level",
        ),
    ]


def test_single_threaded_key_player_and_the_bow_tie() -> None:
    report = gaps("""\
team:
  - {id: kim, name: Kim Park}
  - {id: li, name: Li Chen}
client:
  - {id: maria, name: Maria Lopez, roles: [budget-holder], stance: supporter}
  - {id: joe, name: Joe Hart}
  - {id: ben, name: Ben Ortiz}
  - {id: eva, name: Eva Schmidt, influence: 4, stance: supporter}
relationships:
  - {from: kim, kind: knows, to: maria, strength: strong}
  - {from: kim, kind: knows, to: joe}
  - {from: kim, kind: knows, to: ben, strength: weak}
  - {from: kim, kind: knows, to: eva}
  - {from: li, kind: knows, to: eva, strength: weak}
""")
    found = [(f.people, f.message) for f in of_kind(report, "single-threaded")]
    assert found == [
        (("maria", "kim"), "Maria Lopez (budget-holder, influence 3) is known only by Kim Park"),
        (("kim",), "Kim Park holds 4 of the account's 5 contacts (80%): a bow tie that hangs on one person"),
    ]
    assert report.model == "bow-tie"


def test_half_of_the_contacts_is_not_yet_a_bow_tie() -> None:
    report = gaps("""\
team:
  - {id: kim, name: Kim Park}
  - {id: li, name: Li Chen}
client:
  - {id: a, name: A}
  - {id: b, name: B}
relationships:
  - {from: kim, kind: knows, to: a}
  - {from: li, kind: knows, to: b}
""")
    assert all(f.people != ("kim",) for f in of_kind(report, "single-threaded"))
    assert report.model == "cotton-reel"


def test_diamond_needs_three_function_to_function_pairs() -> None:
    report = gaps("""\
team:
  - {id: kim, name: Kim, function: procurement, level: manager}
  - {id: li, name: Li, function: r-and-d, level: director}
  - {id: mo, name: Mo, function: executive, level: executive}
client:
  - {id: a, name: A, function: procurement, level: manager}
  - {id: b, name: B, function: r-and-d, level: director}
  - {id: c, name: C, function: executive, level: executive}
relationships:
  - {from: kim, kind: knows, to: a}
  - {from: li, kind: knows, to: b}
  - {from: mo, kind: knows, to: c}
""")
    assert report.model == "diamond"


def test_negative_relationship_with_a_takeover_by_someone_who_reaches_their_boss() -> None:
    report = gaps("""\
team:
  - {id: kim, name: Kim Park, function: sales}
  - {id: tom, name: Tom Becker, function: service}
  - {id: lena, name: Lena Vogt, function: service}
  - {id: chen, name: Li Chen, function: r-and-d}
client:
  - {id: omar, name: Omar Haddad, roles: [gatekeeper], reports_to: eva}
  - {id: eva, name: Eva Schmidt, stance: supporter}
relationships:
  - {from: tom, kind: knows, to: omar, strength: negative}
  - {from: chen, kind: knows, to: eva, strength: good}
""")
    [finding] = of_kind(report, "negative")
    assert (finding.severity, finding.people) == ("error", ("omar", "tom"))
    assert finding.message == "Tom Becker and Omar Haddad have a negative relationship"
    assert finding.suggestion == (
        "Let Lena Vogt (same function as Tom Becker) or Li Chen (already reaches Eva Schmidt, whom Omar Haddad "
        "reports to) take over the contact with Omar Haddad"
    )


def test_nobody_on_bad_terms_with_the_person_is_offered_as_the_takeover() -> None:
    report = gaps("""\
team:
  - {id: kim, name: Kim Park, function: sales}
  - {id: tom, name: Tom Becker, function: service}
  - {id: lena, name: Lena Vogt, function: service}
  - {id: max, name: Max Roth, function: service}
client:
  - {id: omar, name: Omar Haddad}
relationships:
  - {from: tom, kind: knows, to: omar, strength: negative}
  - {from: lena, kind: knows, to: omar, strength: negative}
""")
    assert [(f.people, f.suggestion) for f in of_kind(report, "negative")] == [
        (("omar", "lena"), "Let Max Roth (same function as Lena Vogt) take over the contact with Omar Haddad"),
        (("omar", "tom"), "Let Max Roth (same function as Tom Becker) take over the contact with Omar Haddad"),
    ]


def test_missing_roles_and_a_coach_who_is_not_a_champion() -> None:
    report = gaps("""\
team:
  - {id: kim, name: Kim Park}
client:
  - {id: joe, name: Joe Hart, stance: champion, influence: 2, reports_to: maria}
  - {id: maria, name: Maria Lopez, influence: 4}
""")
    found = [(f.severity, f.people, f.message) for f in of_kind(report, "missing-role")]
    assert found == [
        ("error", (), "No identified decision maker"),
        ("warning", (), "No identified budget holder"),
        ("warning", ("joe",), "Joe Hart is a coach, not a champion: influence 2 is too low to carry a decision"),
    ]
    coach = of_kind(report, "missing-role")[2]
    assert coach.suggestion == "Ask Joe Hart to help win Maria Lopez (influence 4), who could champion us"


def test_no_champion_and_a_placeholder_decision_maker() -> None:
    report = gaps("""\
team:
  - {id: kim, name: Kim Park}
client:
  - {id: tbd, title: Head of Procurement, placeholder: true, roles: [decision-maker, budget-holder]}
  - {id: sue, name: Sue, stance: supporter, influence: 3}
""")
    found = [(f.severity, f.people, f.message) for f in of_kind(report, "missing-role")]
    assert found == [
        ("error", ("tbd",), "No identified decision maker; the position Head of Procurement is still a placeholder"),
        ("warning", ("tbd",), "No identified budget holder; the position Head of Procurement is still a placeholder"),
        ("warning", (), "No champion: nobody actively advocates for us"),
    ]
    assert of_kind(report, "missing-role")[2].suggestion == "Grow Sue (supporter, influence 3) into a champion"
    [placeholder] = of_kind(report, "placeholder")
    assert (placeholder.severity, placeholder.people) == ("warning", ("tbd",))


def test_unknown_stance_of_key_players_only() -> None:
    report = gaps("""\
team:
  - {id: kim, name: Kim Park}
client:
  - {id: raj, name: Raj Patel, influence: 4}
  - {id: ben, name: Ben Ortiz}
""")
    assert [(f.people, f.message) for f in of_kind(report, "unknown-stance")] == [
        (("raj",), "Raj Patel (influence 4) is a key player whose stance is unknown")
    ]


def test_departed_champion_owner_and_links() -> None:
    report = gaps("""\
team:
  - {id: kim, name: Kim Park, left: 2026-06-30}
  - {id: sam, name: Sam Okafor}
client:
  - {id: hans, name: Hans Berg, stance: champion, influence: 4, left: 2026-09-30}
  - {id: karin, name: Karin Lund, roles: [decision-maker]}
  - {id: mette, name: Mette, reports_to: hans}
relationships:
  - {from: karin, kind: defers-to, to: hans}
  - {from: sam, kind: knows, to: hans, strength: strong}
  - {from: kim, kind: knows, to: karin, strength: good}
""")
    found = [(f.severity, f.people, f.message) for f in of_kind(report, "departed")]
    assert found == [
        ("error", ("kim",), "The account owner Kim Park left on 2026-06-30"),
        ("error", ("hans",), "Our champion Hans Berg left on 2026-09-30"),
        (
            "warning",
            ("hans", "sam", "mette", "karin"),
            "Hans Berg left on 2026-09-30 but Sam Okafor still knows them; Mette still reports to them; "
            "Karin Lund still defers to them",
        ),
    ]
    # a colleague who left does not cover anyone
    assert [f.people for f in of_kind(report, "uncovered")] == [("karin",)]


def test_an_announced_departure_is_a_warning_until_the_day_comes() -> None:
    text = (
        HEADER
        + """\
team:
  - {id: kim, name: Kim Park}
  - {id: sam, name: Sam Okafor, left: 2027-01-31}
client:
  - {id: fay, name: Fay Falk, stance: champion, influence: 4, roles: [decision-maker], left: 2027-03-01}
  - {id: karin, name: Karin Lund, roles: [budget-holder], left: 2027-02-01}
relationships:
  - {from: kim, kind: knows, to: fay, strength: strong}
  - {from: sam, kind: knows, to: karin, strength: strong}
"""
    )
    before = find_gaps(graph_of(text, TODAY))
    assert [(f.severity, f.people, f.message, f.suggestion) for f in of_kind(before, "departed")] == [
        (
            "error",
            ("fay",),
            "Our champion Fay Falk is leaving on 2027-03-01",
            "Before 2027-03-01, find out who takes over their work and meet them; start winning a new champion now",
        ),
        (
            "warning",
            ("karin",),
            "Key player Karin Lund is leaving on 2027-02-01",
            "Before 2027-02-01, find out who takes over their work and meet them",
        ),
        (
            "warning",
            ("sam", "karin"),
            "Sam Okafor is leaving on 2027-01-31 but still holds the contacts with Karin Lund",
            "Before then, hand these contacts to a colleague and record the new relationships",
        ),
    ]
    # until then they are still here: a covered decision maker and our champion
    assert (before.status, of_kind(before, "uncovered"), of_kind(before, "missing-role")) == (3, [], [])
    after = find_gaps(graph_of(text, date(2027, 3, 1)))
    assert [f.message for f in of_kind(after, "departed")][:2] == [
        "Our champion Fay Falk left on 2027-03-01",
        "Fay Falk left on 2027-03-01 but Kim Park still knows them",
    ]
    assert after.status == 0  # both client people have left by then


def test_status_levels() -> None:
    assert gaps("team:\n  - {id: kim, name: Kim Park}\n").status == 0
    assert gaps("team:\n  - {id: kim, name: K}\nclient:\n  - {id: a, name: A}\n").status == 1
    assert gaps("team:\n  - {id: kim, name: K}\nclient:\n  - {id: a, name: A, influence: 4}\n").status == 2
    assert (
        gaps("team:\n  - {id: kim, name: K}\nclient:\n  - {id: a, name: A, influence: 4, stance: supporter}\n").status
        == 3
    )


def test_empty_client_list_gives_a_clean_report() -> None:
    report = gaps("team:\n  - {id: kim, name: Kim Park}\n")
    assert (report.model, report.status) == ("none", 0)
    assert [(f.kind, f.message) for f in report.findings] == [
        ("missing-role", "No identified decision maker"),
        ("missing-role", "No identified budget holder"),
        ("missing-role", "No champion: nobody actively advocates for us"),
    ]


def test_order_is_most_important_first() -> None:
    report = gaps("""\
team:
  - {id: kim, name: Kim Park}
client:
  - {id: a, name: A, roles: [decision-maker, budget-holder], stance: champion, influence: 5}
  - {id: b, name: B, influence: 4}
  - {id: tbd, title: T, placeholder: true}
relationships:
  - {from: kim, kind: knows, to: b, strength: negative}
""")
    severities = [f.severity for f in report.findings]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    assert [f.kind for f in report.findings][:2] == ["uncovered", "negative"]
