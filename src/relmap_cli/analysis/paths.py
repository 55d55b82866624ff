"""Best paths through the sway graph: how influence gets from someone we reach to anyone.

A path starts at a client person we reach (one of ours knows them at good or
strong, and they are no detractor), follows sway edges from leader to
follower, and ends at the person it leads to. Walking back from its end, it
stops at the first person we reach: it never continues past someone we
already reach. It never passes placeholders or people who left, and never goes
from a person to someone they oppose. Detractors may be on the way (they are
who has to be won).

Strength = our contact's weight x the product of the edge weights x 0.8 for
every step between client people (influence fades with each level removed).
Strengths are kept as exponents of 0.7, 0.4 and 0.8, so comparing two paths is
exact: ties are real ties, never a float accident.

One Dijkstra search from every person we reach at once, with parent pointers
(a path is read back on demand), so the cost grows with the graph, not with
the number of paths. Pure: no I/O.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from functools import total_ordering

from ..graph import AccountGraph, Contact, Sway

DECAY = 0.8  # each step between client people keeps 80% of the pull
_LOG = (math.log(0.7), math.log(0.4), math.log(DECAY))


@total_ordering
@dataclass(frozen=True, slots=True)
class Strength:
    """0.7**good x 0.4**weak x 0.8**steps, compared exactly (strong edges weigh 1.0).

    Two strengths are equal only when the three counts are: 0.7, 0.4 and 0.8
    are 7/10, 2/5 and 4/5, and by unique factorisation no other products meet.
    """

    good: int = 0
    weak: int = 0
    steps: int = 0

    def times(self, strength: str) -> Strength:
        """This strength times a contact's or an edge's weight."""
        if strength == "good":
            return Strength(self.good + 1, self.weak, self.steps)
        if strength == "weak":
            return Strength(self.good, self.weak + 1, self.steps)
        return self

    def step(self, strength: str) -> Strength:
        """One more step between client people, along an edge of this strength."""
        moved = self.times(strength)
        return Strength(moved.good, moved.weak, moved.steps + 1)

    @property
    def value(self) -> float:
        """The strength as a number (for printing, never for comparing)."""
        return 0.7**self.good * 0.4**self.weak * DECAY**self.steps

    def __lt__(self, other: Strength) -> bool:
        return _compare(self, other) < 0


def _compare(a: Strength, b: Strength) -> int:
    """-1, 0 or 1 as a is weaker than, equal to or stronger than b, exactly."""
    if a == b:
        return 0
    dg, dw, ds = a.good - b.good, a.weak - b.weak, a.steps - b.steps
    difference = dg * _LOG[0] + dw * _LOG[1] + ds * _LOG[2]
    if abs(difference) > 1e-9 + 1e-13 * (abs(dg) + abs(dw) + abs(ds)):
        return -1 if difference < 0 else 1
    # too close for floating point: compare a/b = 7^dg * 2^(dw + 2ds - dg) * 5^-(dg + dw + ds) with 1
    above, below = 1, 1
    for prime, exponent in ((7, dg), (2, dw + 2 * ds - dg), (5, -(dg + dw + ds))):
        if exponent > 0:
            above *= prime**exponent
        else:
            below *= prime**-exponent
    return (above > below) - (above < below)


@dataclass(frozen=True, slots=True)
class _Stronger:
    """Heap order: the stronger path first."""

    strength: Strength

    def __lt__(self, other: _Stronger) -> bool:
        return other.strength < self.strength


@dataclass(frozen=True, slots=True)
class Label:
    """The best path found to one person, as a pointer to the one before them."""

    person: str
    strength: Strength
    hops: int  # steps between client people
    parent: str | None  # the person before them on the path; None for the first
    sway: Sway | None  # the edge from `parent` to `person`
    first: str  # the first person of the path (the one we reach)
    contact: Contact | None  # our contact with `first`; None when searching back from a target
    conflict: tuple[str, str] | None = None  # (earlier, later): two people on the path who oppose each other
    leaving: tuple[str, ...] = ()  # people on the path (ours included) whose `left` date is still to come


@dataclass
class Paths:
    """Labels of one search; read a path back with `people` or `edges`."""

    labels: dict[str, Label] = field(default_factory=dict)

    def get(self, person: str) -> Label | None:
        """The label of `person`, or None when no path leads there."""
        return self.labels.get(person)

    def people(self, person: str) -> list[str]:
        """The path to `person`, first person first (empty when there is none)."""
        chain: list[str] = []
        label = self.labels.get(person)
        while label is not None:
            chain.append(label.person)
            label = self.labels[label.parent] if label.parent is not None else None
        chain.reverse()
        return chain

    def edges(self, person: str) -> list[Sway]:
        """The sway edges of the path to `person`, in path order."""
        chain: list[Sway] = []
        label = self.labels.get(person)
        while label is not None and label.sway is not None and label.parent is not None:
            chain.append(label.sway)
            label = self.labels[label.parent]
        chain.reverse()
        return chain

    def before(self, person: str, limit: int) -> tuple[list[str], int]:
        """Up to `limit` people just before `person` on the path, in order, and how many earlier were left out."""
        label = self.labels.get(person)
        if label is None or label.parent is None:
            return [], 0
        chain: list[str] = []
        parent: str | None = label.parent
        while parent is not None and len(chain) < limit:
            chain.append(parent)
            parent = self.labels[parent].parent
        chain.reverse()
        return chain, (self.labels[chain[0]].hops if chain else 0)


def usable(graph: AccountGraph, person_id: str) -> bool:
    """Whether a path may pass this client person: still there, and not a placeholder."""
    person = graph.client.get(person_id)
    return person is not None and not person.placeholder and not graph.gone(person)


class _Tree:
    """Ancestor queries on the growing tree of settled labels (binary lifting, O(log depth))."""

    def __init__(self) -> None:
        self.depth: dict[str, int] = {}
        self.up: dict[str, list[str]] = {}

    def add(self, person: str, parent: str | None) -> None:
        """Settle `person` below `parent` (None for a root)."""
        self.depth[person] = 0 if parent is None else self.depth[parent] + 1
        jumps = [] if parent is None else [parent]  # jumps[k]: the ancestor 2**k levels up
        while jumps and len(self.up[jumps[-1]]) >= len(jumps):
            jumps.append(self.up[jumps[-1]][len(jumps) - 1])
        self.up[person] = jumps

    def on_path(self, ancestor: str, person: str) -> bool:
        """Whether `ancestor` is on the path to `person` (person included)."""
        if ancestor not in self.depth or self.depth[ancestor] > self.depth[person]:
            return False
        climb, node, level = self.depth[person] - self.depth[ancestor], person, 0
        while climb:
            if climb & 1:
                node = self.up[node][level]
            climb >>= 1
            level += 1
        return node == ancestor


def reached(graph: AccountGraph) -> dict[str, Contact]:
    """Every client person we reach, with the contact that reaches them, in file order."""
    found = {}
    for person_id, person in graph.client.items():
        contact = graph.reach(person_id)
        if contact is not None and not person.placeholder:
            found[person_id] = contact
    return found


def is_leaving(graph: AccountGraph, person_id: str) -> bool:
    """Whether a person (ours or theirs) has a `left` date still to come."""
    person = graph.client.get(person_id) or graph.team.get(person_id)
    return person is not None and graph.leaving(person)


def search(
    graph: AccountGraph,
    *,
    clean: bool,
    stop: str | None = None,
    shun: frozenset[str] = frozenset(),
) -> Paths:
    """The strongest path to every person it reaches, from every person we reach.

    `clean`: set aside any path on which two people oppose each other (the
    strongest clean path to each person is kept; a person reached only by
    conflicted paths gets none). Otherwise the strongest path, with its first
    conflict recorded. `stop`: end once this person's path is settled.
    `shun`: people never to put on a path. Ties: stronger, then shorter (a tie
    in strength between paths of different lengths cannot happen), then the
    path whose first person comes first in the file, then the one found first.
    """
    heap: list[tuple[_Stronger, int, int, int, Label]] = []
    counter = 0
    place = {person_id: number for number, person_id in enumerate(graph.client)}
    sources = reached(graph)
    for person_id, contact in sources.items():
        if person_id in shun:
            continue
        leaving = tuple(p for p in (contact.ours, person_id) if is_leaving(graph, p))
        strength = Strength().times(contact.strength)
        label = Label(person_id, strength, 0, None, None, person_id, contact, None, leaving)
        heap.append((_Stronger(strength), 0, place[person_id], counter, label))
        counter += 1
    heapq.heapify(heap)
    paths = Paths()
    tree = _Tree() if graph.opposes else None
    while heap:
        *_, label = heapq.heappop(heap)
        leader = label.person
        if leader in paths.labels:
            continue
        paths.labels[leader] = label
        if tree is not None:
            tree.add(leader, label.parent)
        if leader == stop:
            break
        against = graph.opposes.get(leader, ())
        for sway in graph.sway_out.get(leader, []):
            follower = sway.follower
            if follower in paths.labels or follower in shun or follower in against or not usable(graph, follower):
                continue
            if follower in sources:
                continue  # a path ends at the first person we reach: theirs starts with our own contact
            conflict = label.conflict
            if tree is not None and conflict is None:
                opponent = next((o for o in graph.opposes.get(follower, ()) if tree.on_path(o, leader)), None)
                if opponent is not None:
                    if clean:
                        continue
                    conflict = (opponent, follower)
            leaving = (*label.leaving, follower) if is_leaving(graph, follower) else label.leaving
            strength = label.strength.step(sway.strength)
            step = Label(
                follower, strength, label.hops + 1, leader, sway, label.first, label.contact, conflict, leaving
            )
            heapq.heappush(heap, (_Stronger(strength), step.hops, place[step.first], counter, step))
            counter += 1
    return paths


@dataclass(frozen=True, slots=True)
class Opening:
    """A path from someone we do not reach yet to the target: who to get to know."""

    people: tuple[str, ...]  # the person to get to know first, the target last
    edges: tuple[Sway, ...]
    strength: Strength
    conflict: tuple[str, str] | None


def search_back(graph: AccountGraph, target: str, *, clean: bool) -> Opening | None:
    """The person whom getting to know would open the strongest path to `target`.

    Walks back from the target through the people it defers to or is
    influenced by, never past someone we already reach; the first person
    settled who is not the target and not a detractor (knowing a detractor
    does not reach them) is the answer: the strongest, then the shortest, way
    on to the target. Same rules as `search` for placeholders, people who
    left and opposition.
    """
    start = Label(target, Strength(), 0, None, None, target, None)
    heap: list[tuple[_Stronger, int, int, int, Label]] = [(_Stronger(start.strength), 0, 0, 0, start)]
    counter = 1
    place = {person_id: number for number, person_id in enumerate(graph.client)}
    known = reached(graph)
    settled: dict[str, Label] = {}
    tree = _Tree() if graph.opposes else None
    while heap:
        *_, label = heapq.heappop(heap)
        follower = label.person
        if follower in settled:
            continue
        settled[follower] = label
        if tree is not None:
            tree.add(follower, label.parent)
        if follower != target and graph.client[follower].stance != "detractor":
            people, edges = [], []
            step: Label | None = label
            while step is not None:
                people.append(step.person)
                if step.sway is not None:
                    edges.append(step.sway)
                step = settled[step.parent] if step.parent is not None else None
            return Opening(tuple(people), tuple(edges), label.strength, label.conflict)
        for sway in graph.sway_in.get(follower, []):
            leader = sway.leader
            if leader in settled or leader in known or not usable(graph, leader):
                continue
            if follower in graph.opposes.get(leader, ()):
                continue  # never through someone who opposes the next person
            conflict = label.conflict
            if tree is not None and conflict is None:
                opponent = next((o for o in graph.opposes.get(leader, ()) if tree.on_path(o, follower)), None)
                if opponent is not None:
                    if clean:
                        continue
                    conflict = (leader, opponent)
            strength = label.strength.step(sway.strength)
            later = Label(leader, strength, label.hops + 1, follower, sway, target, None, conflict)
            heapq.heappush(heap, (_Stronger(strength), later.hops, place[leader], counter, later))
            counter += 1
    return None
