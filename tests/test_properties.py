"""Generated valid maps: no analysis crashes, and results never vary."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from hypothesis import HealthCheck, given, settings

from relmap_cli.analysis.coalitions import find_coalitions
from relmap_cli.analysis.gaps import find_gaps
from relmap_cli.analysis.matrix import build_matrix
from relmap_cli.analysis.sequence import STRATEGIES, plan_sequence
from relmap_cli.graph import build_graph
from relmap_cli.format.validator import validate_map

from .strategies import account_maps

TODAY = date(2026, 11, 23)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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
                [plan_sequence(graph, strategy) for strategy in STRATEGIES],
                build_matrix(graph),
            )
        )
    assert results[0] == results[1]
    gaps, coalitions, sequences, _ = results[0]
    present = [p for p in model.client if p.left is None or p.left > TODAY]  # a later `left` is still to come
    assert [s.person for s in coalitions.people] == [p.id for p in present]
    for standing in coalitions.people:
        assert -1.0 <= standing.score <= 1.0
    for sequence in sequences[:2]:  # bootstrap and pyramid take everyone we could approach, once
        assert sorted(step.person for step in sequence.steps) == sorted(p.id for p in present if not p.placeholder)
    backward = sequences[2]
    if backward.steps:
        assert backward.steps[-1].person == backward.target
        people = [step.person for step in backward.steps]
        assert len(set(people)) == len(people)
        graph = build_graph(model, TODAY)
        for leader, follower in pairwise(people):
            assert any(s.follower == follower for s in graph.sway_out.get(leader, []))
            assert follower not in graph.opposes.get(leader, [])
    assert all(f.severity in ("error", "warning", "info") for f in gaps.findings)
