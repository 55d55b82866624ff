"""Coalitions: who furthers our interests, who hinders them, and who can swing.

The influence model is Friedkin-Johnsen opinion dynamics over the sway graph.
Every current client person i holds an opinion x_i in [-1, 1]; they start at
the opinion their stance states (s_i) and are pulled by the people they defer
to or are influenced by, and pushed away from the people they oppose:

    x_i <- lambda_i * sum_j W_ij * x_j + (1 - lambda_i) * s_i

- s_i by stance: champion +1, supporter +0.5, neutral 0, unknown 0, detractor -1.
- lambda_i, how far others can move them: champion 0.2, supporter 0.4,
  neutral 0.7, unknown 0.8, detractor 0.2; 0 for someone nobody sways.
- a_ij = weight(strength) * influence_j / 5 for each edge where j sways i
  (reports_to counts as strong deference); -0.7 * influence_j / 5 when i and
  j oppose each other. W_ij = a_ij / sum_k |a_ik| (rows sum to 1 in absolute).
- iterate (Gauss-Seidel, file order) until no opinion moves more than 1e-9.

Buckets: a champion or supporter furthers and a detractor hinders, directly
(their own stance). A neutral or unknown person furthers when x >= +0.15 and
hinders when x <= -0.15, indirectly; otherwise they are swing. A swing person
with influence >= 4, or whom two or more people defer to, is a pivot.
Coalitions are the connected groups of people who sway each other and lean the
same way; the most influential member leads. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..graph import WEIGHTS, AccountGraph
from ..format.model import ClientPerson

OPINION = {"champion": 1.0, "supporter": 0.5, "neutral": 0.0, "unknown": 0.0, "detractor": -1.0}
SUSCEPTIBILITY = {"champion": 0.2, "supporter": 0.4, "neutral": 0.7, "unknown": 0.8, "detractor": 0.2}
OPPOSITION_WEIGHT = 0.7
THRESHOLD = 0.15
TOLERANCE = 1e-9
MAX_ROUNDS = 1000
DIRECT_BUCKET = {"champion": "furthers", "supporter": "furthers", "detractor": "hinders"}
BUCKET_ORDER = {"furthers": 0, "hinders": 1, "swing": 2}


@dataclass(frozen=True)
class Pull:
    """One person's share in moving another's opinion."""

    person: str
    relation: str  # "defers to", "reports to", "is influenced by", "opposes"
    amount: float


@dataclass(frozen=True)
class Standing:
    """Where one client person stands: bucket, how, net score, pivot."""

    person: str
    bucket: str  # furthers | hinders | swing
    how: str  # direct | indirect
    score: float
    pivot: bool
    pulled_by: tuple[Pull, ...] = ()
    followers: int = 0  # people who defer to or report to them


@dataclass(frozen=True)
class Coalition:
    """People who sway each other and lean the same way."""

    leader: str
    members: tuple[str, ...]
    bucket: str


@dataclass(frozen=True)
class CoalitionReport:
    """Every current client person's standing, and the coalitions they form."""

    account: str
    people: list[Standing] = field(default_factory=list)
    coalitions: list[Coalition] = field(default_factory=list)


def find_coalitions(graph: AccountGraph) -> CoalitionReport:
    """Bucket every current client person and group them into coalitions."""
    people = graph.active_client()
    index = {person.id: number for number, person in enumerate(people)}
    standings = place_people(graph)
    return CoalitionReport(graph.model.account.name, standings, _group(graph, people, standings, index))


def place_people(graph: AccountGraph) -> list[Standing]:
    """Every current client person's standing, without the coalitions (so no networkx: `gaps` uses it)."""
    people = graph.active_client()
    index = {person.id: number for number, person in enumerate(people)}
    stance = [person.stance for person in people]
    initial = [OPINION[s] for s in stance]

    # incoming pulls of each person: (j, raw weight a_ij, relation)
    incoming: list[list[tuple[int, float, str]]] = [[] for _ in people]
    for number, person in enumerate(people):
        for sway in graph.sway_in.get(person.id, []):
            j = index[sway.leader]
            relation = {"reports-to": "reports to", "defers-to": "defers to"}.get(sway.kind, "is influenced by")
            incoming[number].append((j, WEIGHTS[sway.strength] * people[j].influence / 5, relation))
        for other in graph.opposes.get(person.id, []):
            j = index[other]
            incoming[number].append((j, -OPPOSITION_WEIGHT * people[j].influence / 5, "opposes"))

    rows: list[list[tuple[int, float]]] = []
    for pulls in incoming:
        total = sum(abs(a) for _, a, _ in pulls)
        rows.append([(j, a / total) for j, a, _ in pulls] if total else [])
    susceptibility = [SUSCEPTIBILITY[s] if rows[i] else 0.0 for i, s in enumerate(stance)]
    opinion = _settle(initial, rows, susceptibility)

    followers = [0] * len(people)
    for person in people:
        # people, not edges: reports_to and defers-to to the same person count once
        for leader in {sway.leader for sway in graph.sway_in.get(person.id, []) if sway.kind != "influences"}:
            followers[index[leader]] += 1

    standings = []
    for i, person in enumerate(people):
        score = opinion[i]
        if person.stance in DIRECT_BUCKET:
            bucket, how = DIRECT_BUCKET[person.stance], "direct"
        elif score >= THRESHOLD:
            bucket, how = "furthers", "indirect"
        elif score <= -THRESHOLD:
            bucket, how = "hinders", "indirect"
        else:
            bucket, how = "swing", "direct"
        pivot = bucket == "swing" and (person.influence >= 4 or followers[i] >= 2)
        shares = _pulls(incoming[i], rows[i], opinion, people)
        standings.append(Standing(person.id, bucket, how, round(score, 2) + 0.0, pivot, shares, followers[i]))
    return standings


def _settle(initial: list[float], rows: list[list[tuple[int, float]]], susceptibility: list[float]) -> list[float]:
    """Friedkin-Johnsen fixed point by Gauss-Seidel sweeps in file order."""
    opinion = list(initial)
    movable = [i for i, row in enumerate(rows) if row]
    for _ in range(MAX_ROUNDS):
        moved = 0.0
        for i in movable:
            pulled = sum(w * opinion[j] for j, w in rows[i])
            value = susceptibility[i] * pulled + (1.0 - susceptibility[i]) * initial[i]
            moved = max(moved, abs(value - opinion[i]))
            opinion[i] = value
        if moved < TOLERANCE:
            break
    return opinion


def _pulls(
    pulls: list[tuple[int, float, str]], row: list[tuple[int, float]], opinion: list[float], people: list[ClientPerson]
) -> tuple[Pull, ...]:
    """The two largest contributions to a person's opinion, strongest first."""
    shares = [
        Pull(people[j].id, relation, round(w * opinion[j], 2) + 0.0)
        for (j, _, relation), (_, w) in zip(pulls, row, strict=True)
        if round(w * opinion[j], 2) != 0
    ]
    shares.sort(key=lambda pull: (-abs(pull.amount), pull.person))
    return tuple(shares[:2])


def _group(
    graph: AccountGraph,
    people: list[ClientPerson],
    standings: list[Standing],
    index: dict[str, int],
) -> list[Coalition]:
    """Connected groups of same-leaning people linked by sway, each with a leader."""
    import networkx as nx

    bucket = {standing.person: standing.bucket for standing in standings}
    linked: nx.Graph[str] = nx.Graph()
    linked.add_nodes_from(p.id for p in people if bucket[p.id] != "swing")
    for edges in graph.sway_out.values():
        for sway in edges:
            if bucket[sway.leader] == bucket[sway.follower] != "swing":
                linked.add_edge(sway.leader, sway.follower)
    followers = {standing.person: standing.followers for standing in standings}
    coalitions = []
    for component in nx.connected_components(linked):
        members = sorted(component, key=lambda person_id: index[person_id])
        leader = min(
            members,
            key=lambda person_id: (-people[index[person_id]].influence, -followers[person_id], index[person_id]),
        )
        coalitions.append(Coalition(leader, tuple(members), bucket[leader]))
    coalitions.sort(
        key=lambda c: (BUCKET_ORDER[c.bucket], -len(c.members), -people[index[c.leader]].influence, index[c.leader])
    )
    return coalitions
