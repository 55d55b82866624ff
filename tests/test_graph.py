"""The account graph: every edge the map implies, once, in file order."""

from __future__ import annotations

from relmap_cli.graph import build_graph

from .conftest import valid_map

MAP = """\
relmap: 1
account: {name: Acme, owner: kim}
team:
  - {id: kim, name: Kim Park}
  - {id: old, name: Old Timer, left: 2025-01-01}
client:
  - {id: anna, name: Anna Keller}
  - {id: maria, name: Maria Lopez, reports_to: anna, stance: supporter}
  - {id: lee, name: Susan Lee, stance: detractor}
  - {id: paul, name: Paul Richter, left: 2026-08-31}
relationships:
  - {from: anna, kind: defers-to, to: lee, basis: expertise, strength: weak}
  - {from: maria, kind: influences, to: lee}
  - {from: maria, kind: opposes, to: lee}
  - {from: paul, kind: influences, to: anna}
  - {from: lee, kind: opposes, to: paul}
  - {from: kim, kind: knows, to: maria, strength: good, last: 2026-10-01}
  - {from: kim, kind: knows, to: lee, strength: strong}
  - {from: old, kind: knows, to: anna, strength: strong}
  - {from: kim, kind: knows, to: paul, strength: weak}
"""


def test_sway_edges_in_both_directions() -> None:
    graph = build_graph(valid_map(MAP))
    assert [s.describe() for s in graph.sway_in["maria"]] == ["maria reports to anna (strong)"]
    assert [s.describe() for s in graph.sway_in["anna"]] == ["anna defers to lee (weak, expertise)"]
    assert [s.describe() for s in graph.sway_in["lee"]] == ["maria influences lee (good)"]
    assert [(s.leader, s.follower, s.weight) for s in graph.sway_out["anna"]] == [("anna", "maria", 1.0)]
    assert graph.sway_in["anna"][0].index == 0


def test_people_who_left_no_longer_sway_or_oppose() -> None:
    graph = build_graph(valid_map(MAP))
    assert "paul" not in graph.sway_out
    assert graph.opposes == {"lee": ["maria"], "maria": ["lee"]}


def test_reach_needs_a_good_contact_from_an_active_colleague_and_no_detractor() -> None:
    graph = build_graph(valid_map(MAP))
    reach = graph.reach("maria")
    assert reach is not None and (reach.ours, reach.strength) == ("kim", "good")
    assert graph.reach("lee") is None  # strong contact, but a detractor
    assert graph.reach("anna") is None  # only known by someone who left
    assert graph.reach("paul") is None  # left, and only weakly known
    assert [c.ours for c in graph.contacts_of["anna"]] == ["old"]
    assert graph.active_contacts_of("anna") == []


def test_networkx_view_carries_every_edge_kind() -> None:
    graph = build_graph(valid_map(MAP))
    nxg = graph.to_networkx()
    kinds = sorted(data["kind"] for _, _, data in nxg.edges(data=True))
    assert kinds == ["defers-to", "influences", "knows", "knows", "knows", "knows", "opposes", "opposes", "reports-to"]
    assert nxg.nodes["kim"]["side"] == "team" and nxg.nodes["anna"]["side"] == "client"
    assert graph.to_networkx() is nxg
