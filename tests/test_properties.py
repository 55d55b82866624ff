"""Generated valid maps: no analysis crashes, results never vary, and the documented rules always hold."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from relmap_cli.analysis.coalitions import THRESHOLD, find_coalitions
from relmap_cli.analysis.gaps import find_gaps
from relmap_cli.analysis.matrix import build_matrix
from relmap_cli.analysis.sequence import SCOPES, STRATEGIES, plan_sequence
from relmap_cli.format.validator import validate_map
from relmap_cli.graph import AccountGraph, build_graph

from .strategies import account_maps

TODAY = date(2026, 11, 23)
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(account_maps())
def test_analyses_never_crash_and_are_deterministic(data: dict) -> None:
    model = validate_map(data)
    results = []
    for _ in range(2):
        graph = build_graph(model, TODAY)
        results.append(
            (
                find_gaps(graph),
                find_coalitions(graph),
                [plan_sequence(graph, strategy, scope=scope) for strategy in STRATEGIES for scope in SCOPES],
                build_matrix(graph),
            )
        )
    assert results[0] == results[1]
    gaps, coalitions, sequences, _ = results[0]
    present = [p for p in model.client if p.left is None or p.left > TODAY]  # a later `left` is still to come
    assert [s.person for s in coalitions.people] == [p.id for p in present]
    for standing in coalitions.people:
        assert -1.0 <= standing.score <= 1.0
    everyone = {sequence.strategy: sequence for sequence in sequences if sequence.scope == "everyone"}
    for strategy in ("bootstrap", "pyramid"):  # they take everyone we could approach, once
        steps = [step.person for step in everyone[strategy].steps]
        assert sorted(steps) == sorted(p.id for p in present if not p.placeholder)
    assert all(f.severity in ("error", "warning", "info") for f in gaps.findings)


@SETTINGS
@given(account_maps())
def test_a_backward_path_follows_the_rules(data: dict) -> None:
    graph = build_graph(validate_map(data), TODAY)
    backward = plan_sequence(graph, "backward")
    people = [step.person for step in backward.steps]
    if not people:
        assert any(w.kind == "unreachable" for w in backward.warnings) or backward.target is None
        return
    assert people[-1] == backward.target
    assert len(set(people)) == len(people)
    assert graph.reach(people[0]) is not None  # it starts with someone we reach ...
    assert all(graph.reach(person) is None for person in people[1:])  # ... and never passes another
    for person in people:
        assert not graph.client[person].placeholder and graph.active(person)
    for leader, follower in pairwise(people):
        assert any(s.follower == follower for s in graph.sway_out.get(leader, []))
        assert follower not in graph.opposes.get(leader, [])
    conflicted = {pair for w in backward.warnings if w.kind == "conflict" for pair in _pairs(w.people)}
    for number, person in enumerate(people):
        for later in people[number + 1 :]:
            if later in graph.opposes.get(person, []):
                assert (person, later) in conflicted  # a conflict on the path is always said
    for step in backward.steps:
        assert step.via and step.via[0] in graph.team
    assert [step.via[1:] for step in backward.steps[1:]] == [tuple(people[:n]) for n in range(1, len(people))]


def _pairs(people: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(people[0], other) for other in people[1:]]


# a person of no weight who influences a key player: scoping must not reorder the key players
SWAYED_KEY_PLAYER = {
    "relmap": 1,
    "account": {"name": "0", "owner": "0"},
    "team": [{"id": "0", "name": "0"}],
    "client": [
        *({"id": str(n), "name": "0"} for n in range(1, 8)),
        {"id": "0000", "name": "0", "influence": 4},
        {"id": "DPC07IJZ", "name": "0", "roles": ["decision-maker"]},
    ],
    "relationships": [{"from": "1", "kind": "influences", "to": "0000"}],
}


@SETTINGS
@given(account_maps(), st.sampled_from(STRATEGIES), st.integers(1, 4))
@example(SWAYED_KEY_PLAYER, "bootstrap", 1)
def test_scope_and_top_only_ever_remove_steps(data: dict, strategy: str, top: int) -> None:
    graph = build_graph(validate_map(data), TODAY)
    full = plan_sequence(graph, strategy)
    scoped = plan_sequence(graph, strategy, scope="key-players")
    cut = plan_sequence(graph, strategy, top=top)
    order = [step.person for step in full.steps]
    kept = [step.person for step in scoped.steps]
    assert kept == [person for person in order if person in set(kept)]  # same order, fewer people
    if strategy != "backward":
        key_players = {p.id for p in graph.active_client() if p.is_key_player and not p.placeholder}
        assert key_players <= set(kept)
    assert cut.steps == full.steps[:top] and cut.total == len(full.steps)
    for sequence in (full, scoped, cut):
        for step in sequence.steps:
            _check_via(graph, step.person, step.via)


def _check_via(graph: AccountGraph, person: str, via: tuple[str, ...]) -> None:
    """A `via` is empty, or one of ours followed by the client people of a path that leads to the person."""
    if not via:
        return
    assert via[0] in graph.team and graph.active(via[0])
    chain = [*via[1:], person]
    for leader, follower in pairwise(chain):
        assert any(s.follower == follower for s in graph.sway_out.get(leader, []))


@SETTINGS
@given(account_maps())
def test_buckets_agree_with_the_printed_scores_and_leaders_are_direct_when_they_can_be(data: dict) -> None:
    graph = build_graph(validate_map(data), TODAY)
    report = find_coalitions(graph)
    standing = {s.person: s for s in report.people}
    for s in report.people:
        stance = graph.client[s.person].stance
        assert s.score == round(s.score, 2)
        if stance in ("neutral", "unknown"):
            expected = "furthers" if s.score >= THRESHOLD else "hinders" if s.score <= -THRESHOLD else "swing"
            assert s.bucket == expected
        assert not s.inferred or stance == "unknown"
    for coalition in report.coalitions:
        direct = [m for m in coalition.members if standing[m].how == "direct"]
        assert coalition.leader in (direct or coalition.members)
    assert {a.kind for a in report.attention} <= {"hinders", "at-risk", "within-reach", "pivot"}
    assert [a.people[0] for a in report.attention if a.kind == "pivot"] == [
        s.person for s in sorted(report.people, key=lambda s: -graph.client[s.person].influence) if s.pivot
    ]
