"""`plan_sequence`: bootstrap, pyramid and backward, with their tie-breaks, ways in and warnings.

Every expected answer below is worked out by hand from the rules: path
strength = our contact's weight x the edge weights x 0.8 per step between
client people (strong 1.0, good 0.7, weak 0.4).
"""

from __future__ import annotations

import json
from datetime import date
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relmap_cli.analysis.paths import Strength, reachable, search
from relmap_cli.analysis.sequence import Sequence, UnknownTarget, plan_sequence, power
from relmap_cli.format.validator import validate_map
from relmap_cli.graph import build_graph

from .conftest import HEADER, graph_of, run
from .strategies import account_maps

TEAM = "team:\n  - {id: kim, name: Kim Park}\n  - {id: li, name: Li Chen}\n"


def plan(body: str, strategy: str, target: str | None = None, today: date | None = None, **options: object) -> Sequence:
    return plan_sequence(graph_of(HEADER + TEAM + body, today), strategy, target, **options)  # type: ignore[arg-type]


def order(sequence: Sequence) -> list[str]:
    return [step.person for step in sequence.steps]


def warnings(sequence: Sequence) -> list[tuple[str, tuple[str, ...], str]]:
    return [(w.kind, w.people, w.message) for w in sequence.warnings]


# -- bootstrap ------------------------------------------------------------------------------
def test_bootstrap_goes_by_stance_then_contact_then_lower_influence_then_id() -> None:
    sequence = plan(
        """\
client:
  - {id: d, name: D, stance: detractor}
  - {id: n2, name: N2, stance: neutral, influence: 4}
  - {id: n1, name: N1, stance: neutral, influence: 2}
  - {id: s, name: S, stance: supporter}
  - {id: nb, name: NB, stance: neutral, influence: 5}
  - {id: na, name: NA, stance: neutral, influence: 5}
  - {id: c, name: C, stance: champion}
  - {id: tbd, title: T, placeholder: true}
relationships:
  - {from: kim, kind: knows, to: n2, strength: strong}
""",
        "bootstrap",
    )
    assert order(sequence) == ["c", "s", "n2", "n1", "na", "nb", "d"]
    assert sequence.steps[2].why == ("N2 is neutral", "Kim Park knows N2 (strong)")
    assert sequence.steps[2].via == ("kim",)
    assert sequence.steps[0].via == ()  # nobody of ours knows C, and nobody leads to them


def test_bootstrap_leverage_from_people_already_on_board() -> None:
    sequence = plan(
        """\
client:
  - {id: c, name: C, stance: champion}
  - {id: x, name: X, stance: neutral, influence: 1}
  - {id: y, name: Y, stance: neutral, influence: 5}
relationships:
  - {from: c, kind: influences, to: y, strength: strong}
""",
        "bootstrap",
    )
    # y has more influence, but the champion already on board pulls y
    assert order(sequence) == ["c", "y", "x"]
    assert sequence.steps[1].why[-1] == "C influences Y (strong), already on board"


def test_bootstrap_equal_leverage_is_a_tie_whatever_the_edges_add_up_from() -> None:
    # za gets good + good + good = 2.1, ab gets strong + good + weak = 2.1: a tie, so lower influence first
    sequence = plan(
        """\
client:
  - {id: c1, name: C1, stance: champion}
  - {id: c2, name: C2, stance: champion}
  - {id: c3, name: C3, stance: champion}
  - {id: ab, name: Ab High, stance: neutral, influence: 3}
  - {id: za, name: Za Low, stance: neutral, influence: 2}
relationships:
  - {from: c1, kind: influences, to: za, strength: good}
  - {from: c2, kind: influences, to: za, strength: good}
  - {from: c3, kind: influences, to: za, strength: good}
  - {from: c1, kind: influences, to: ab, strength: strong}
  - {from: c2, kind: influences, to: ab, strength: good}
  - {from: c3, kind: influences, to: ab, strength: weak}
""",
        "bootstrap",
    )
    assert order(sequence) == ["c1", "c2", "c3", "za", "ab"]


HOW = """\
client:
  - {id: m, name: Maria, stance: supporter, influence: 5}
  - {id: f, name: Frank, stance: neutral, influence: 4}
  - {id: d, name: Dirk, stance: detractor, influence: 3}
  - {id: w, name: Wim, stance: neutral, influence: 2}
  - {id: x, name: Xu, stance: neutral, influence: 1}
relationships:
  - {from: kim, kind: knows, to: m, strength: strong}
  - {from: m, kind: influences, to: f, strength: weak}
  - {from: li, kind: knows, to: f, strength: weak}
  - {from: li, kind: knows, to: d, strength: strong}
  - {from: f, kind: influences, to: d}
  - {from: li, kind: knows, to: w, strength: weak}
  - {from: kim, kind: knows, to: x, strength: negative}
"""


def test_every_step_says_how_we_get_there_our_best_contact_or_through_someone() -> None:
    # bootstrap: our best contact, weak ones included (never a negative one), else the path
    sequence = plan(HOW, "bootstrap")
    assert order(sequence) == ["m", "f", "w", "x", "d"]
    assert [step.via for step in sequence.steps] == [("kim",), ("li",), ("li",), (), ("li",)]


def test_pyramid_gives_everyone_we_do_not_reach_the_backward_path() -> None:
    # Frank: through Maria (Li knows him only weakly); Dirk: a detractor we know well is not
    # reached, so through Maria and Frank; Wim and Xu: no path, so Li's weak contact, then nothing
    sequence = plan(HOW, "pyramid")
    assert order(sequence) == ["m", "f", "d", "w", "x"]
    assert [step.via for step in sequence.steps] == [("kim",), ("kim", "m"), ("kim", "m", "f"), ("li",), ()]
    assert sequence.steps[1].why == (
        "power 4.42: influence 4 + 0.42 from those who follow them",  # 0.7 * Dirk's 3 / 5
        "expected to follow: Dirk",
        "Li Chen knows Frank (weak)",
    )


def test_bootstrap_warns_when_a_gatekeeper_comes_after_the_decision_maker_they_guard() -> None:
    sequence = plan(
        """\
client:
  - {id: buyer, name: Bea Buyer, function: procurement, roles: [decision-maker], stance: supporter}
  - {id: gate, name: Gus Gate, function: procurement, roles: [gatekeeper], stance: neutral}
  - {id: quality, name: Quinn Q, function: quality, roles: [gatekeeper], stance: neutral}
  - {id: ada, name: Ada Any, roles: [gatekeeper], stance: unknown}
  - {id: early, name: Eve Early, function: procurement, roles: [gatekeeper], stance: champion}
relationships:
  - {from: kim, kind: knows, to: buyer, strength: strong}
""",
        "bootstrap",
    )
    assert order(sequence) == ["early", "buyer", "gate", "quality", "ada"]
    # Gus guards procurement; Ada's function is not given, so she may guard anyone; Quinn
    # guards quality, not procurement; Eve comes before the buyer anyway.
    assert warnings(sequence) == [
        ("gatekeeper", ("gate", "buyer"), "Engage Gus Gate before Bea Buyer: the gatekeeper comes after the "
         "decision maker they guard (step 3 after step 2)"),
        ("gatekeeper", ("ada", "buyer"), "Engage Ada Any before Bea Buyer: the gatekeeper comes after the "
         "decision maker they guard (step 5 after step 2)"),
    ]  # fmt: skip


def test_a_gatekeeper_who_may_guard_many_names_the_first_three() -> None:
    deciders = "".join(
        f"  - {{id: d{i}, name: D{i}, roles: [decision-maker], stance: supporter, function: f{i}}}\n" for i in range(5)
    )
    contacts = "".join(f"  - {{from: kim, kind: knows, to: d{i}, strength: strong}}\n" for i in range(5))
    sequence = plan(
        f"client:\n{deciders}  - {{id: g, name: Gil, roles: [gatekeeper]}}\nrelationships:\n{contacts}", "bootstrap"
    )
    assert warnings(sequence) == [
        ("gatekeeper", ("g", "d0", "d1", "d2"), "Engage Gil before D0, D1, D2 and 2 more: the gatekeeper comes "
         "after the decision makers they guard (step 6 after steps 1, 2, 3 and others)"),
    ]  # fmt: skip


def test_a_way_in_says_when_it_passes_a_detractor_a_conflict_or_is_too_long_to_be_one() -> None:
    long = plan(
        """\
client:
  - {id: a, name: Abe, stance: supporter}
  - {id: b, name: Bea}
  - {id: c, name: Cas, stance: detractor}
  - {id: d, name: Dot}
  - {id: e, name: Eli, stance: supporter}
relationships:
  - {from: kim, kind: knows, to: a, strength: strong}
  - {from: a, kind: influences, to: b, strength: strong}
  - {from: b, kind: influences, to: c, strength: strong}
  - {from: c, kind: influences, to: d, strength: strong}
  - {from: d, kind: influences, to: e, strength: strong}
""",
        "bootstrap",
    )
    why = {step.person: step.why for step in long.steps}
    assert why["d"][-1] == "on the way: Cas, a detractor"
    assert why["e"][-1] == (
        "a long way round (4 steps from Abe, through the detractor Cas): meeting Eli directly may be quicker"
    )
    conflicted = plan(ANTAGONIST + "  - {from: ant, kind: opposes, to: t}\n", "pyramid")
    [tara] = [step for step in conflicted.steps if step.person == "t"]
    assert (tara.via, tara.why[-1]) == (("kim", "ant", "mid"), "the way there has a conflict: Ann opposes Tara")


UNREACHABLE = """\
client:
  - {id: a, name: Abe, stance: supporter}
  - {id: b, name: Bea}
  - {id: c, name: Cas}
  - {id: x, name: Xan}
relationships:
  - {from: kim, kind: knows, to: a, strength: strong}
  - {from: a, kind: influences, to: b, strength: strong}
  - {from: b, kind: influences, to: c, strength: strong}
  - {from: a, kind: opposes, to: c}
"""


def test_only_a_conflicted_way_or_none_at_all() -> None:
    # Cas: Kim -> Abe -> Bea -> Cas is the only way, and Abe opposes Cas; nobody leads to Xan
    for strategy in ("bootstrap", "pyramid"):
        steps = {step.person: step for step in plan(UNREACHABLE, strategy).steps}
        assert steps["c"].via == ("kim", "a", "b")
        assert steps["c"].why[-1] == "the way there has a conflict: Abe opposes Cas"
        assert steps["x"].via == ()
    assert plan(UNREACHABLE, "backward", target="x").steps == []
    assert [step.person for step in plan(UNREACHABLE, "backward", target="c").steps] == ["a", "b", "c"]
    graph = graph_of(HEADER + TEAM + UNREACHABLE)
    assert reachable(graph) == {"a", "b", "c"} == set(search(graph, clean=False).labels)
    assert set(search(graph, clean=True).labels) == {"a", "b"}


@given(account_maps())
def test_reachable_is_whom_the_unconstrained_search_finds(data: dict[str, Any]) -> None:
    graph = build_graph(validate_map(data), date(2026, 11, 23))
    assert reachable(graph) == set(search(graph, clean=False).labels)


# -- pyramid -------------------------------------------------------------------------------
def test_pyramid_ranks_by_power_and_lists_who_follows() -> None:
    body = """\
client:
  - {id: ceo, name: CEO, influence: 4}
  - {id: a, name: A, influence: 5, reports_to: ceo}
  - {id: b, name: B, influence: 5, reports_to: ceo}
  - {id: c, name: C, influence: 5}
relationships:
  - {from: c, kind: defers-to, to: b, strength: weak}
"""
    assert power(graph_of(HEADER + TEAM + body)) == {"ceo": 6.0, "a": 5.0, "b": 5.4, "c": 5.0}
    sequence = plan(body, "pyramid")
    assert order(sequence) == ["ceo", "b", "a", "c"]
    assert sequence.steps[0].follow == ("a", "b")
    assert sequence.steps[1].follow == ("c",)
    assert sequence.steps[0].why[0] == "power 6.00: influence 4 + 2.00 from those who follow them"


def test_pyramid_power_names_the_unfilled_positions_it_counts() -> None:
    sequence = plan(
        """\
client:
  - {id: ceo, name: CEO, influence: 4}
  - {id: a, name: A, influence: 5, reports_to: ceo}
  - {id: tbd, title: Head of Sustainability, placeholder: true, reports_to: ceo}
""",
        "pyramid",
    )
    assert (sequence.steps[0].follow, sequence.steps[0].why[0]) == (
        ("a",),
        "power 5.60: influence 4 + 1.60 from those who follow them, including the unfilled position "
        "Head of Sustainability",
    )


def test_pyramid_backward_paths_are_the_ones_backward_mapping_takes() -> None:
    sequence = plan(CHAIN, "pyramid")
    # ceo: 5 + (0.7 * 4 + 0.4 * 3) / 5 = 5.8; vp: 4 + 1.0 * 3 / 5 = 4.6; dir and buyer lead nobody
    assert order(sequence) == ["ceo", "vp", "dir", "buyer"]
    # the CEO's backward path is Buyer's (0.32 beats 0.3136 through Dir and VP, see below)
    assert [step.via for step in sequence.steps] == [("kim", "buyer"), ("li", "dir"), ("li",), ("kim",)]


# -- backward ------------------------------------------------------------------------------
CHAIN = """\
client:
  - {id: ceo, name: CEO, roles: [decision-maker], influence: 5}
  - {id: vp, name: VP, influence: 4}
  - {id: dir, name: Dir, stance: supporter}
  - {id: buyer, name: Buyer, stance: supporter}
relationships:
  - {from: vp, kind: influences, to: ceo, strength: good}
  - {from: dir, kind: influences, to: vp, strength: strong}
  - {from: buyer, kind: influences, to: ceo, strength: weak}
  - {from: li, kind: knows, to: dir, strength: good}
  - {from: kim, kind: knows, to: buyer, strength: strong}
"""


def test_backward_influence_fades_so_a_direct_contact_beats_a_longer_chain() -> None:
    sequence = plan(CHAIN, "backward")
    # Dir -> VP -> CEO: 0.7 * 1.0 * 0.7 * 0.8^2 = 0.3136; Buyer -> CEO: 1.0 * 0.4 * 0.8 = 0.32.
    # Without the fading the chain would win (0.49 against 0.4).
    assert sequence.target == "ceo"
    assert order(sequence) == ["buyer", "ceo"]
    assert [step.why for step in sequence.steps] == [
        ("we reach them: Kim Park knows Buyer (strong)",),
        ("Buyer influences CEO (weak)",),
    ]
    assert [step.score for step in sequence.steps] == [1.0, 0.32]
    assert [step.via for step in sequence.steps] == [("kim",), ("kim", "buyer")]
    assert sequence.strength == 0.32


def test_backward_path_ends_at_the_first_person_we_reach() -> None:
    sequence = plan(
        """\
client:
  - {id: ceo, name: CEO, influence: 5}
  - {id: coo, name: COO, influence: 5, reports_to: ceo}
  - {id: vpf, name: VP Fleet, roles: [decision-maker], influence: 4, reports_to: coo}
relationships:
  - {from: kim, kind: knows, to: ceo, strength: strong}
  - {from: li, kind: knows, to: coo, strength: good}
""",
        "backward",
    )
    # through the CEO it would be 1.0 * 1.0 * 1.0 * 0.8^2 = 0.64, but we already reach the COO:
    # the walk back from the VP stops there (0.7 * 1.0 * 0.8 = 0.56)
    assert sequence.target == "vpf"
    assert order(sequence) == ["coo", "vpf"]
    assert [step.score for step in sequence.steps] == [0.7, 0.56]


def test_backward_never_goes_over_a_detractors_head_from_their_antagonist() -> None:
    sequence = plan(
        """\
client:
  - {id: ceo, name: CEO, roles: [decision-maker], influence: 5}
  - {id: cfo, name: CFO, roles: [budget-holder], stance: detractor, influence: 5, reports_to: ceo}
  - {id: rival, name: Rival, stance: champion, influence: 4}
relationships:
  - {from: rival, kind: opposes, to: cfo}
  - {from: rival, kind: influences, to: ceo, strength: strong}
  - {from: kim, kind: knows, to: rival, strength: strong}
  - {from: li, kind: knows, to: ceo, strength: good}
""",
        "backward",
        "cfo",
    )
    assert order(sequence) == ["ceo", "cfo"]
    assert sequence.steps[1].why == ("CFO reports to CEO (strong)", "CFO is a detractor: win them over through CEO")
    assert sequence.warnings == []


def test_backward_passes_a_detractor_in_the_middle_of_the_only_chain_and_says_they_must_be_won() -> None:
    sequence = plan(
        """\
client:
  - {id: dm, name: Dana, roles: [decision-maker], stance: neutral, influence: 5}
  - {id: adv, name: Victor, stance: detractor, influence: 4}
  - {id: coach, name: Cora, stance: supporter, influence: 2}
relationships:
  - {from: dm, kind: defers-to, to: adv, basis: expertise}
  - {from: coach, kind: influences, to: adv, strength: good}
  - {from: kim, kind: knows, to: coach, strength: strong}
  - {from: li, kind: knows, to: adv, strength: strong}
""",
        "backward",
    )
    # Li knows Victor well, but a detractor is not reached: win Cora, who turns Victor, who moves Dana
    assert order(sequence) == ["coach", "adv", "dm"]
    assert [step.why for step in sequence.steps] == [
        ("we reach them: Kim Park knows Cora (strong)",),
        ("Cora influences Victor (good)", "Victor is a detractor: win them over through Cora"),
        ("Dana defers to Victor (good, expertise)",),
    ]
    assert sequence.strength == 0.3136  # 1.0 * 0.7 * 0.7 * 0.8^2


ANTAGONIST = """\
client:
  - {id: t, name: Tara, roles: [decision-maker], influence: 5}
  - {id: mid, name: Mo, influence: 4}
  - {id: ant, name: Ann, stance: supporter}
relationships:
  - {from: ant, kind: influences, to: mid, strength: strong}
  - {from: mid, kind: influences, to: t, strength: strong}
  - {from: kim, kind: knows, to: ant, strength: strong}
"""


def test_backward_prefers_a_weaker_path_without_a_conflict_to_a_stronger_one_with_an_antagonist() -> None:
    sequence = plan(
        ANTAGONIST.replace("relationships:\n", "  - {id: calm, name: Cal, stance: supporter}\nrelationships:\n")
        + "  - {from: ant, kind: opposes, to: t}\n"
        "  - {from: calm, kind: influences, to: t, strength: weak}\n"
        "  - {from: li, kind: knows, to: calm, strength: good}\n",
        "backward",
    )
    # Ann -> Mo -> Tara is 1.0 * 1.0 * 1.0 * 0.8^2 = 0.64, but Ann opposes Tara; Cal -> Tara is 0.7 * 0.4 * 0.8
    assert order(sequence) == ["calm", "t"]
    assert sequence.strength == 0.224
    assert sequence.warnings == []


# Ann and Ben lead to Tara; the strong way through Xavier passes Anna, who opposes Cara further on
SHARED_LINK = """\
client:
  - {id: x, name: Xavier, stance: supporter}
  - {id: y, name: Yara, stance: supporter}
  - {id: a, name: Anna}
  - {id: b, name: Ben}
  - {id: c, name: Cara}
  - {id: t, name: Tess, roles: [decision-maker], influence: 5}
relationships:
  - {from: kim, kind: knows, to: x, strength: strong}
  - {from: kim, kind: knows, to: y, strength: good}
  - {from: x, kind: influences, to: a, strength: strong}
  - {from: a, kind: influences, to: b, strength: strong}
  - {from: y, kind: influences, to: b, strength: strong}
  - {from: b, kind: influences, to: c, strength: strong}
  - {from: c, kind: influences, to: t, strength: strong}
  - {from: a, kind: opposes, to: c}
"""


def test_backward_finds_the_clean_way_through_someone_a_stronger_conflicted_way_reaches_first() -> None:
    sequence = plan(SHARED_LINK, "backward")
    # Xavier -> Anna -> Ben -> Cara -> Tess is 0.8^4 = 0.4096 but Anna opposes Cara; Ben is reached
    # more strongly through Anna, yet Yara -> Ben -> Cara -> Tess (0.7 * 0.8^3) is clean
    assert order(sequence) == ["y", "b", "c", "t"]
    assert sequence.strength == 0.3584
    assert sequence.warnings == []


def test_pyramid_and_bootstrap_take_the_clean_way_backward_mapping_takes() -> None:
    for strategy in ("pyramid", "bootstrap"):
        steps = {step.person: step for step in plan(SHARED_LINK, strategy).steps}
        assert steps["t"].via == ("kim", "y", "b", "c"), strategy
        assert steps["c"].via == ("kim", "y", "b"), strategy
        assert steps["b"].via == ("kim", "x", "a"), strategy  # Ben himself is cleanly reached through Anna
        assert not any("conflict" in line for step in steps.values() for line in step.why), strategy


def test_backward_uses_a_path_with_an_antagonist_only_when_there_is_no_other_and_warns() -> None:
    sequence = plan(ANTAGONIST + "  - {from: ant, kind: opposes, to: t}\n", "backward")
    assert order(sequence) == ["ant", "mid", "t"]
    assert warnings(sequence) == [
        ("conflict", ("ant", "t"), "No path to Tara avoids a conflict: Ann opposes Tara, who comes later on it; "
         "bringing Ann in may cost Tara"),
    ]  # fmt: skip


def test_backward_never_routes_through_someone_who_opposes_the_next_person() -> None:
    sequence = plan(ANTAGONIST + "  - {from: ant, kind: opposes, to: mid}\n", "backward")
    assert sequence.steps == []
    # Mo is the way on to Tara, but Ann opposes Mo: get to know Mo instead
    assert warnings(sequence) == [
        ("unreachable", ("t", "mid"), "Nobody we reach leads to Tara. Get to know Mo: Mo leads to Tara "
         "(Mo influences Tara (strong))"),
    ]  # fmt: skip


def test_backward_warns_when_the_path_depends_on_someone_who_is_leaving() -> None:
    body = """\
client:
  - {id: dm, name: Dora, roles: [decision-maker], influence: 5}
  - {id: fay, name: Fay Falk, stance: champion, influence: 4, left: 2027-03-01}
  - {id: sam, name: Sam, stance: supporter}
relationships:
  - {from: dm, kind: defers-to, to: fay, strength: strong}
  - {from: sam, kind: influences, to: dm, strength: weak}
  - {from: kim, kind: knows, to: fay, strength: strong}
  - {from: li, kind: knows, to: sam, strength: good}
"""
    before = plan(body, "backward", today=date(2026, 11, 23))
    assert order(before) == ["fay", "dm"]  # 1.0 * 1.0 * 0.8 = 0.8 against Sam's 0.7 * 0.4 * 0.8
    assert warnings(before) == [
        ("departing", ("fay",), "This path depends on Fay Falk, who leaves on 2027-03-01: build a second way in "
         "before then"),
    ]  # fmt: skip
    after = plan(body, "backward", today=date(2027, 3, 1))
    assert (order(after), after.warnings) == (["sam", "dm"], [])


def test_backward_warns_when_our_own_contact_is_leaving() -> None:
    team = "team:\n  - {id: kim, name: Kim Park, left: 2027-01-31}\n  - {id: li, name: Li Chen}\n"
    sequence = plan_sequence(graph_of(HEADER + team + CHAIN, date(2026, 11, 23)), "backward")
    assert order(sequence) == ["buyer", "ceo"]
    assert [w.people for w in sequence.warnings if w.kind == "departing"] == [("kim",)]
    assert sequence.warnings[0].message == (
        "This path depends on our Kim Park, who leaves on 2027-01-31: build a second way in before then"
    )


def test_backward_suggests_whom_to_get_to_know_when_no_path_exists() -> None:
    body = """\
client:
  - {id: t, name: Tara, roles: [decision-maker], influence: 5}
  - {id: a, name: Abe}
  - {id: b, name: Bo}
  - {id: c, name: Cy}
relationships:
  - {from: a, kind: influences, to: t, strength: weak}
  - {from: b, kind: influences, to: c, strength: strong}
  - {from: c, kind: influences, to: t, strength: strong}
  - {from: kim, kind: knows, to: a, strength: weak}
"""
    sequence = plan(body, "backward")
    # from Cy 1.0 * 0.8 = 0.8, from Bo 1.0 * 1.0 * 0.8^2 = 0.64, from Abe 0.4 * 0.8 = 0.32
    assert sequence.steps == []
    assert warnings(sequence) == [
        ("unreachable", ("t", "c"), "Nobody we reach leads to Tara. Get to know Cy: Cy leads to Tara "
         "(Cy influences Tara (strong))"),
    ]  # fmt: skip
    weakly = plan(body + "  - {from: li, kind: knows, to: c, strength: weak}\n", "backward")
    assert weakly.warnings[0].message == (
        "Nobody we reach leads to Tara. Get to know Cy better (Li Chen knows them only weakly): Cy leads to Tara "
        "(Cy influences Tara (strong))"
    )


def test_a_suggested_opening_several_steps_away_names_the_whole_way() -> None:
    sequence = plan(
        """\
client:
  - {id: t, name: Tara, roles: [decision-maker], influence: 5}
  - {id: d, name: Dirk, stance: detractor}
  - {id: b, name: Bo}
relationships:
  - {from: t, kind: defers-to, to: d, strength: strong}
  - {from: b, kind: influences, to: d, strength: good}
""",
        "backward",
    )
    # Dirk leads to Tara, but getting to know a detractor does not reach them: get to know Bo
    assert warnings(sequence) == [
        ("unreachable", ("t", "b", "d"), "Nobody we reach leads to Tara. Get to know Bo: Bo leads to Tara "
         "through Dirk (Bo influences Dirk (good); Tara defers to Dirk (strong))"),
    ]  # fmt: skip


def test_placeholders_and_people_who_left_are_never_on_a_path() -> None:
    sequence = plan(
        """\
client:
  - {id: t, name: Tara, roles: [decision-maker], influence: 5}
  - {id: tbd, title: Head of Strategy, placeholder: true}
  - {id: gone, name: Gus, left: 2026-01-31}
  - {id: a, name: Abe, stance: supporter}
relationships:
  - {from: t, kind: defers-to, to: tbd}
  - {from: a, kind: influences, to: tbd, strength: strong}
  - {from: gone, kind: influences, to: t, strength: strong}
  - {from: kim, kind: knows, to: a, strength: strong}
  - {from: li, kind: knows, to: gone, strength: strong}
""",
        "backward",
        today=date(2026, 11, 23),
    )
    assert sequence.steps == []
    assert warnings(sequence) == [
        ("unreachable", ("t", "tbd"), "Nobody we reach leads to Tara. Tara follows Head of Strategy, a position "
         "the map has no name for yet: find out who holds it"),
    ]  # fmt: skip


def test_backward_target_nobody_is_mapped_to_sway() -> None:
    sequence = plan(
        """\
client:
  - {id: island, name: Island, roles: [decision-maker]}
  - {id: a, name: A}
relationships:
  - {from: a, kind: defers-to, to: island}
  - {from: kim, kind: knows, to: a, strength: strong}
""",
        "backward",
    )
    assert sequence.steps == []
    assert warnings(sequence) == [
        ("unreachable", ("island",), "Nobody we reach leads to Island. Nobody is mapped as someone Island defers "
         "to or is influenced by: find out whom they listen to, or get to know them directly"),
    ]  # fmt: skip


def test_a_detractor_target_we_know_well_is_won_over_directly() -> None:
    sequence = plan(
        """\
client:
  - {id: t, name: Tess, roles: [budget-holder], stance: detractor, influence: 5}
  - {id: a, name: Ann, stance: supporter, influence: 3}
relationships:
  - {from: kim, kind: knows, to: t, strength: strong}
  - {from: kim, kind: knows, to: a, strength: good}
actions:
  - {id: a1, owner: kim, with: [t], goal: Hear the budget concerns, due: 2026-12-10}
""",
        "backward",
    )
    assert sequence.steps == []
    assert warnings(sequence) == [
        ("unreachable", ("t", "kim"), "Nobody we reach leads to Tess. Tess is a detractor whom Kim Park already knows "
         "(strong): win them over directly, with Kim Park finding out what drives their opposition and answering it "
         "(their open action a1 (Hear the budget concerns, due 2026-12-10))"),
    ]  # fmt: skip


def test_a_target_we_know_only_weakly_names_the_contact_and_the_open_action() -> None:
    body = """\
client:
  - {id: t, name: Tess, roles: [decision-maker], influence: 5}
  - {id: a, name: Ann, stance: supporter}
relationships:
  - {from: a, kind: influences, to: t, strength: good}
  - {from: kim, kind: knows, to: a, strength: good}
  - {from: li, kind: knows, to: t, strength: weak}
actions:
"""
    planned = plan(body + "  - {id: a1, owner: kim, with: [t], goal: CEO breakfast, due: 2027-01-20}\n", "backward")
    assert order(planned) == ["a", "t"]
    assert planned.steps[-1].why == (
        "Ann influences Tess (good)",
        "Li Chen knows Tess only weakly: Kim Park's open action a1 (CEO breakfast, due 2027-01-20) can make it a "
        "thread",
    )
    assert plan(body, "backward").steps[-1].why[1] == "Li Chen knows Tess only weakly: build it into a thread too"


def test_backward_equally_strong_paths_go_by_the_first_persons_place_in_the_file() -> None:
    body = """\
client:
  - {id: t, name: T, roles: [decision-maker]}
  - {id: p, name: P}
  - {id: q, name: Q}
relationships:
  - {from: p, kind: influences, to: t, strength: strong}
  - {from: q, kind: influences, to: t, strength: good}
  - {from: kim, kind: knows, to: p, strength: good}
  - {from: li, kind: knows, to: q, strength: strong}
"""
    # both 0.7 * 0.8 = 0.56 exactly
    assert order(plan(body, "backward")) == ["p", "t"]
    swapped = body.replace(
        "  - {id: p, name: P}\n  - {id: q, name: Q}\n", "  - {id: q, name: Q}\n  - {id: p, name: P}\n"
    )
    assert order(plan(swapped, "backward")) == ["q", "t"]


def test_backward_when_we_reach_the_target_directly() -> None:
    sequence = plan(CHAIN + "  - {from: kim, kind: knows, to: ceo, strength: good}\n", "backward", "ceo")
    assert order(sequence) == ["ceo"]
    assert sequence.steps[0].why == ("we reach CEO directly: Kim Park knows CEO (good)",)
    assert sequence.steps[0].via == ("kim",)


def test_default_target_is_the_most_powerful_decider_we_do_not_reach_yet() -> None:
    body = """\
client:
  - {id: ceo, name: CEO, roles: [decision-maker], influence: 5}
  - {id: cfo, name: CFO, roles: [budget-holder], influence: 4, reports_to: ceo}
  - {id: buyer, name: Buyer, stance: supporter, influence: 2, reports_to: cfo}
relationships:
  - {from: kim, kind: knows, to: ceo, strength: strong}
  - {from: li, kind: knows, to: buyer, strength: good}
  - {from: buyer, kind: influences, to: cfo}
"""
    sequence = plan(body, "backward")
    # the CEO is more powerful but already reached; through the CEO 1.0 * 1.0 * 0.8 beats Buyer's 0.7 * 0.7 * 0.8
    assert (sequence.target, order(sequence)) == ("cfo", ["ceo", "cfo"])
    # when we reach them all, the most powerful decision maker
    everyone = plan(body + "  - {from: li, kind: knows, to: cfo, strength: good}\n", "backward")
    assert (everyone.target, order(everyone)) == ("ceo", ["ceo"])


def test_backward_to_an_explicit_target() -> None:
    assert order(plan(CHAIN, "backward", "vp")) == ["dir", "vp"]


def test_backward_survives_cycles_of_deference() -> None:
    sequence = plan(
        """\
client:
  - {id: t, name: T, roles: [decision-maker]}
  - {id: a, name: A}
  - {id: b, name: B}
relationships:
  - {from: t, kind: defers-to, to: a}
  - {from: a, kind: defers-to, to: b}
  - {from: b, kind: defers-to, to: a}
  - {from: b, kind: defers-to, to: t}
  - {from: kim, kind: knows, to: b, strength: good}
""",
        "backward",
    )
    assert order(sequence) == ["b", "a", "t"]


def test_backward_target_must_be_a_current_identified_client_person() -> None:
    graph = graph_of(HEADER + TEAM + CHAIN)
    with pytest.raises(UnknownTarget) as error:
        plan_sequence(graph, "backward", "cfo")
    assert str(error.value) == "no client person has the id 'cfo'; valid targets: ceo, vp, dir, buyer"
    with pytest.raises(UnknownTarget, match="'kim' is on our team"):
        plan_sequence(graph, "backward", "kim")
    gone = graph_of(
        HEADER + TEAM + "client:\n  - {id: p, title: P, placeholder: true}\n  - {id: g, name: G, left: 2026-01-01}\n"
    )
    with pytest.raises(
        UnknownTarget, match="'p' is a placeholder: there is nobody to approach yet; valid targets: \\(none\\)"
    ):
        plan_sequence(gone, "backward", "p")
    with pytest.raises(UnknownTarget, match="'g' has left the company"):
        plan_sequence(gone, "backward", "g")


def test_no_decision_maker_aims_at_the_most_powerful_person() -> None:
    sequence = plan(
        """\
client:
  - {id: a, name: A, influence: 5}
  - {id: b, name: B, influence: 2}
relationships:
  - {from: kim, kind: knows, to: b, strength: good}
  - {from: b, kind: influences, to: a}
""",
        "backward",
    )
    assert sequence.target == "a"
    assert warnings(sequence) == [
        ("no-decision-maker", ("a",), "No identified decision maker or budget holder: aiming at A, the most "
         "powerful person mapped"),
    ]  # fmt: skip
    assert order(sequence) == ["b", "a"]


# -- scope and length ------------------------------------------------------------------------
SCOPED = """\
client:
  - {id: dm, name: Dee, roles: [decision-maker], stance: neutral, influence: 5}
  - {id: link, name: Lin, stance: neutral, influence: 2}
  - {id: fan, name: Fan, stance: champion, influence: 1}
  - {id: other, name: Oto, stance: supporter, influence: 1}
relationships:
  - {from: link, kind: influences, to: dm, strength: strong}
  - {from: fan, kind: influences, to: link, strength: strong}
  - {from: kim, kind: knows, to: fan, strength: strong}
  - {from: kim, kind: knows, to: other, strength: good}
"""


def test_scope_key_players_keeps_them_and_the_people_on_the_best_paths_to_them() -> None:
    # bootstrap: Fan (champion), Oto (supporter), then Lin pulled by Fan, then Dee pulled by Lin
    assert order(plan(SCOPED, "bootstrap")) == ["fan", "other", "link", "dm"]
    assert order(plan(SCOPED, "bootstrap", scope="key-players")) == ["fan", "link", "dm"]
    # pyramid: Dee 5, Lin 2 + 1.0 * 5 / 5 = 3, Fan 1 + 1.0 * 2 / 5 = 1.4, Oto 1
    assert order(plan(SCOPED, "pyramid")) == ["dm", "link", "fan", "other"]
    pyramid = plan(SCOPED, "pyramid", scope="key-players")
    assert order(pyramid) == ["dm", "link", "fan"]
    assert pyramid.steps[0].via == ("kim", "fan", "link")
    assert order(plan(SCOPED, "backward", scope="key-players")) == ["fan", "link", "dm"]


def test_top_cuts_the_list_and_counts_what_was_left_out() -> None:
    sequence = plan(SCOPED, "bootstrap", top=2)
    assert (order(sequence), sequence.total) == (["fan", "other"], 4)
    assert plan(SCOPED, "backward", top=1).steps[0].person == "fan"
    assert plan(SCOPED, "pyramid", top=10).total == 4


def test_scope_and_top_on_the_command_line() -> None:
    text = HEADER + TEAM + SCOPED
    result = run(["sequence", "-", "-s", "bootstrap", "--top", "2", "-f", "json"], stdin=text)
    data = json.loads(result.stdout)
    assert [(s["person"], s["via"]) for s in data["steps"]] == [("fan", ["kim"]), ("other", ["kim"])]
    assert (data["scope"], data["total"]) == ("everyone", 4)
    table = run(["sequence", "-", "-s", "pyramid", "--scope", "key-players"], stdin=text).stdout.splitlines()
    assert table[0] == "Acme: pyramid (most powerful first, key players and the people on the way to them)"
    assert table[3:6] == [
        "1   Dee        Kim Park            power 5.00: influence 5 + 0.00 from those who follow them",
        "               → Fan",
        "               → Lin",
    ]
    cut = run(["sequence", "-", "-s", "backward", "--top", "1"], stdin=text).stdout.splitlines()
    assert cut[-2:] == [
        "Path strength 0.64 = contact 1.0 × edges 1.0 × 1.0 × fading 0.8 per step (2 steps)",
        "Showing 1 of 3 steps (--top).",
    ]
    for wrong in (["--top", "0"], ["--scope", "all"]):
        refused = run(["sequence", "-", "-s", "bootstrap", *wrong], stdin=text)
        assert refused.exit_code == 2 and refused.stdout == ""


# -- warnings for every strategy ------------------------------------------------------------
def test_antagonism_warning_names_everyone_an_early_step_may_cost() -> None:
    sequence = plan(
        """\
client:
  - {id: c, name: Carla, stance: champion}
  - {id: x, name: Xavier, stance: neutral}
  - {id: y, name: Yusuf, stance: detractor}
relationships:
  - {from: c, kind: opposes, to: x}
  - {from: y, kind: opposes, to: c}
""",
        "bootstrap",
    )
    assert warnings(sequence) == [
        ("antagonism", ("c", "x", "y"), "Bringing Carla in early may cost Xavier and Yusuf"),
    ]


def test_every_strategy_warns_when_a_way_in_depends_on_someone_leaving() -> None:
    body = """\
client:
  - {id: dm, name: Dora, roles: [decision-maker], influence: 5}
  - {id: fay, name: Fay Falk, stance: champion, influence: 4, left: 2027-03-01}
  - {id: x, name: Xia, stance: neutral}
relationships:
  - {from: dm, kind: defers-to, to: fay, strength: strong}
  - {from: fay, kind: influences, to: x, strength: good}
  - {from: kim, kind: knows, to: fay, strength: strong}
"""
    # bootstrap: Fay (champion), Xia (neutral), Dora (unknown); pyramid: Fay 5.42, Dora 5, Xia 3
    for strategy, names, people in (
        ("bootstrap", "Xia and Dora", ("fay", "x", "dm")),
        ("pyramid", "Dora and Xia", ("fay", "dm", "x")),
    ):
        sequence = plan(body, strategy, today=date(2026, 11, 23))
        assert [w for w in warnings(sequence) if w[0] == "departing"] == [
            ("departing", people, f"The way to {names} depends on Fay Falk, who leaves on 2027-03-01"),
        ]
        [fay] = [step for step in sequence.steps if step.person == "fay"]
        assert fay.why[-1] == "Fay Falk leaves on 2027-03-01"


def test_empty_client_list() -> None:
    for strategy in ("bootstrap", "pyramid", "backward"):
        sequence = plan("", strategy)
        assert sequence.steps == []
    assert [w.kind for w in plan("", "backward").warnings] == ["unreachable"]


# -- exact strengths and scale --------------------------------------------------------------
WEIGHT = {"strong": Fraction(1), "good": Fraction(7, 10), "weak": Fraction(2, 5)}


@given(
    st.lists(st.sampled_from(["strong", "good", "weak"]), max_size=40),
    st.lists(st.sampled_from(["strong", "good", "weak"]), max_size=40),
)
def test_strengths_compare_exactly_as_fractions_do(left: list[str], right: list[str]) -> None:  # fmt: skip
    def both(edges: list[str]) -> tuple[Strength, Fraction]:
        strength, exact = Strength(), Fraction(1)
        for number, edge in enumerate(edges):
            strength = strength.step(edge) if number else strength.times(edge)
            exact *= WEIGHT[edge] * (Fraction(4, 5) if number else 1)
        return strength, exact

    (a, x), (b, y) = both(left), both(right)
    assert (a < b, a == b, b < a) == (x < y, x == y, y < x)


def test_strengths_equal_only_with_the_same_counts_and_a_near_tie_is_decided_exactly() -> None:
    assert Strength().times("good").step("strong") == Strength().times("strong").step("good")
    # the logarithms of these two differ by about 2e-9, and both values underflow a float to 0.0
    a, b = Strength(good=1028, weak=2313), Strength(steps=11141)
    assert a.value == b.value == 0.0
    exact = Fraction(7, 10) ** 1028 * Fraction(2, 5) ** 2313 < Fraction(4, 5) ** 11141
    assert (a < b, b < a) == (exact, not exact)


def test_a_deep_reporting_chain_is_one_search_not_one_per_path() -> None:
    depth = 20_000
    lines = [HEADER + TEAM + "client:", "  - {id: p0, name: P0, stance: supporter}"]
    lines += [f"  - {{id: p{i}, name: P{i}, reports_to: p{i - 1}}}" for i in range(1, depth)]
    lines.append(f"  - {{id: boss, name: Boss, roles: [decision-maker], reports_to: p{depth - 1}}}")
    lines += ["relationships:", "  - {from: kim, kind: knows, to: p0, strength: strong}"]
    graph = graph_of("\n".join(lines) + "\n")
    backward = plan_sequence(graph, "backward")
    assert (backward.target, len(backward.steps), backward.steps[0].person) == ("boss", depth + 1, "p0")
    assert backward.steps[-1].via[:2] == ("kim", "p0") and backward.steps[-1].via_skipped > 0
    for strategy in ("bootstrap", "pyramid"):
        assert len(plan_sequence(graph, strategy).steps) == depth + 1


# -- the strategies as the negotiation literature tells them ----------------------------------
def test_bootstrap_builds_support_one_commitment_at_a_time_as_in_the_gulf_coalition() -> None:
    """After Sebenius's account of how the 1990 Gulf coalition was sequenced.

    The firmest ally first, then the partners we already talk to, then those
    whose commitment follows from someone already on board, the opponent last.
    """
    sequence = plan(
        """\
client:
  - {id: uk, name: Britain, stance: champion, influence: 4}
  - {id: saudi, name: Saudi Arabia, stance: supporter, influence: 4}
  - {id: egypt, name: Egypt, stance: neutral, influence: 3}
  - {id: syria, name: Syria, stance: neutral, influence: 3}
  - {id: ussr, name: Soviet Union, stance: neutral, influence: 5}
  - {id: china, name: China, stance: detractor, influence: 5}
relationships:
  - {from: kim, kind: knows, to: uk, strength: strong}
  - {from: kim, kind: knows, to: saudi, strength: good}
  - {from: li, kind: knows, to: ussr, strength: good}
  - {from: egypt, kind: defers-to, to: saudi, basis: dependence}
  - {from: egypt, kind: influences, to: syria}
""",
        "bootstrap",
    )
    assert order(sequence) == ["uk", "saudi", "ussr", "egypt", "syria", "china"]
    assert sequence.steps[3].why[-1] == "Egypt defers to Saudi Arabia (good, dependence), already on board"
    assert sequence.steps[4].via == ("kim", "saudi", "egypt")


def test_backward_mapping_asks_whom_the_decision_maker_defers_to_and_so_on_back() -> None:
    """Lax and Sebenius's backward mapping, as Kissinger practised it: start from the decision maker,
    ask whom they defer to, then whom that person defers to, until someone we can influence."""
    sequence = plan(
        """\
client:
  - {id: dm, name: The Minister, roles: [decision-maker], influence: 5}
  - {id: adviser, name: The Adviser, influence: 4}
  - {id: prof, name: The Professor, stance: supporter, influence: 2}
  - {id: chief, name: Chief of Staff, influence: 3}
relationships:
  - {from: dm, kind: defers-to, to: adviser, basis: expertise, strength: strong}
  - {from: adviser, kind: defers-to, to: prof, basis: respect}
  - {from: chief, kind: influences, to: dm, strength: strong}
  - {from: kim, kind: knows, to: prof, strength: strong}
  - {from: li, kind: knows, to: chief, strength: weak}
""",
        "backward",
    )
    # 1.0 * 0.7 * 1.0 * 0.8^2; the chief of staff is closer, but a weak contact is no way in
    assert (order(sequence), sequence.strength) == (["prof", "adviser", "dm"], 0.448)
    assert [step.via for step in sequence.steps] == [("kim",), ("kim", "prof"), ("kim", "prof", "adviser")]
