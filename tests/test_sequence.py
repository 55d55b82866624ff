"""`plan_sequence`: bootstrap, pyramid and backward, with their tie-breaks and warnings."""

from __future__ import annotations

import pytest

from relmap_cli.analysis.sequence import Sequence, UnknownTarget, plan_sequence, power

from .conftest import HEADER, graph_of

TEAM = "team:\n  - {id: kim, name: Kim Park}\n  - {id: li, name: Li Chen}\n"


def plan(body: str, strategy: str, target: str | None = None) -> Sequence:
    return plan_sequence(graph_of(HEADER + TEAM + body), strategy, target)


def order(sequence: Sequence) -> list[str]:
    return [step.person for step in sequence.steps]


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


def test_backward_takes_the_strongest_chain_to_the_default_target() -> None:
    sequence = plan(CHAIN, "backward")
    # dir -> vp -> ceo: 0.7 * 1.0 * 0.7 = 0.49 beats buyer -> ceo: 1.0 * 0.4 = 0.4
    assert sequence.target == "ceo"
    assert order(sequence) == ["dir", "vp", "ceo"]
    assert [step.why for step in sequence.steps] == [
        ("we reach them: Li Chen knows Dir (good)",),
        ("Dir influences VP (strong)",),
        ("VP influences CEO (good)",),
    ]
    assert [step.score for step in sequence.steps] == [0.7, 0.7, 0.49]


def test_backward_never_routes_through_someone_who_opposes_the_next_person() -> None:
    sequence = plan(CHAIN + "  - {from: vp, kind: opposes, to: ceo}\n", "backward")
    assert order(sequence) == ["buyer", "ceo"]


def test_backward_prefers_the_shorter_of_equally_strong_chains() -> None:
    sequence = plan(
        """\
client:
  - {id: t, name: T, roles: [decision-maker]}
  - {id: a, name: A}
  - {id: b, name: B}
  - {id: c, name: C}
relationships:
  - {from: a, kind: influences, to: b, strength: strong}
  - {from: b, kind: influences, to: t, strength: good}
  - {from: c, kind: influences, to: t, strength: good}
  - {from: kim, kind: knows, to: a, strength: strong}
  - {from: li, kind: knows, to: c, strength: strong}
""",
        "backward",
    )
    assert order(sequence) == ["c", "t"]


def test_backward_when_we_reach_the_target_directly() -> None:
    sequence = plan(CHAIN + "  - {from: kim, kind: knows, to: ceo, strength: good}\n", "backward")
    assert order(sequence) == ["ceo"]
    assert sequence.steps[0].why == ("we reach CEO directly: Kim Park knows CEO (good)",)


def test_backward_to_an_explicit_target_and_an_unreachable_one() -> None:
    assert order(plan(CHAIN, "backward", "vp")) == ["dir", "vp"]
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
    assert [(w.kind, w.people, w.message) for w in sequence.warnings] == [
        (
            "unreachable",
            ("island",),
            "Nobody we reach leads to Island: no chain of deference or influence from a person we know at good or "
            "strong (chains never pass through detractors, placeholders or people who left)",
        )
    ]


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
    assert [w.kind for w in sequence.warnings] == ["no-decision-maker"]
    assert order(sequence) == ["b", "a"]


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
    assert [(w.kind, w.people, w.message) for w in sequence.warnings] == [
        ("antagonism", ("c", "x", "y"), "Bringing Carla in early may cost Xavier and Yusuf"),
    ]


def test_empty_client_list() -> None:
    for strategy in ("bootstrap", "pyramid", "backward"):
        sequence = plan("", strategy)
        assert sequence.steps == []
    assert [w.kind for w in plan("", "backward").warnings] == ["unreachable"]
