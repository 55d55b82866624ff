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
the number of paths. Where people oppose each other, a search for paths
without conflict keys its states by (person, people opposed ahead): a weaker
path to someone is kept when it may go on to a person the stronger one may
not, so a clean path is never lost because a conflicted one got there first.
Pure: no I/O.
"""

import heapq
import math
from collections.abc import Callable
from functools import total_ordering

from ..graph import AccountGraph, Contact, Sway
from ..tuples import NamedTuple

DECAY = 0.8  # each step between client people keeps 80% of the pull
_LOG = (math.log(0.7), math.log(0.4), math.log(DECAY))


@total_ordering
class Strength:
    """0.7**good x 0.4**weak x 0.8**steps, compared exactly (strong edges weigh 1.0).

    Two strengths are equal only when the three counts are: 0.7, 0.4 and 0.8
    are 7/10, 2/5 and 4/5, and by unique factorisation no other products meet.
    A value: nothing changes a strength once made.
    """

    __slots__ = ("good", "steps", "weak")

    def __init__(self, good: int = 0, weak: int = 0, steps: int = 0) -> None:
        self.good = good
        self.weak = weak
        self.steps = steps

    def __repr__(self) -> str:
        return f"Strength(good={self.good}, weak={self.weak}, steps={self.steps})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Strength):
            return NotImplemented
        return self.good == other.good and self.weak == other.weak and self.steps == other.steps

    def __hash__(self) -> int:
        return hash((self.good, self.weak, self.steps))

    def times(self, strength: str) -> "Strength":
        """This strength times a contact's or an edge's weight."""
        if strength == "good":
            return Strength(self.good + 1, self.weak, self.steps)
        if strength == "weak":
            return Strength(self.good, self.weak + 1, self.steps)
        return self

    def step(self, strength: str) -> "Strength":
        """One more step between client people, along an edge of this strength."""
        moved = self.times(strength)
        return Strength(moved.good, moved.weak, moved.steps + 1)

    @property
    def value(self) -> float:
        """The strength as a number (for printing, never for comparing)."""
        return 0.7**self.good * 0.4**self.weak * DECAY**self.steps

    def __lt__(self, other: "Strength") -> bool:
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


class _Stronger:
    """A strength on the queue's heap of strengths: the stronger first."""

    __slots__ = ("counts", "strength")

    def __init__(self, strength: Strength, counts: tuple[int, int, int]) -> None:
        self.strength = strength
        self.counts = counts

    def __lt__(self, other: "_Stronger") -> bool:
        return _compare(self.strength, other.strength) > 0


class _Queue:
    """The search's priority queue: the strongest label first, then the earliest place, then the first pushed.

    Labels wait in one heap per strength, ordered by (place, number pushed):
    plain integers, compared in C. Only the few distinct strengths are
    compared in Python. Every label of one strength has as many steps
    (a step adds one), so shorter-first needs no key of its own.
    """

    def __init__(self) -> None:
        self._waiting: dict[tuple[int, int, int], list[tuple[int, int, Label]]] = {}
        self._strengths: list[_Stronger] = []
        self._pushed = 0

    def push(self, label: "Label", place: int) -> None:
        strength = label.strength
        counts = (strength.good, strength.weak, strength.steps)
        waiting = self._waiting.get(counts)
        if waiting is None:
            waiting = self._waiting[counts] = []
            heapq.heappush(self._strengths, _Stronger(strength, counts))
        heapq.heappush(waiting, (place, self._pushed, label))
        self._pushed += 1

    def pop(self) -> "Label | None":
        """The next label, or None when the queue is empty."""
        strengths = self._strengths
        while strengths:
            counts = strengths[0].counts
            waiting = self._waiting[counts]
            if waiting:
                return heapq.heappop(waiting)[2]
            heapq.heappop(strengths)
            del self._waiting[counts]
        return None


class Label(NamedTuple):
    """One path found to one person, as a pointer to the label of the person before them."""

    person: str
    strength: Strength
    hops: int  # steps between client people
    parent: str | None  # the person before them on the path; None for the first
    sway: Sway | None  # the edge from `parent` to `person`
    first: str  # the first person of the path (the one we reach)
    contact: Contact | None  # our contact with `first`; None when searching back from a target
    conflict: tuple[str, str] | None = None  # (earlier, later): two people on the path who oppose each other
    leaving: tuple[str, ...] = ()  # people on the path (ours included) whose `left` date is still to come
    prev: "Label | None" = None  # the label of `parent`: the path up to the person before
    ahead: frozenset[str] = frozenset()  # people someone on the path opposes: the path may not go on to them


class Paths:
    """The best label of each person; read a path back with `people`, `edges` or `chain`."""

    def __init__(self) -> None:
        self.labels: dict[str, Label] = {}

    def get(self, person: str) -> Label | None:
        """The label of `person`, or None when no path leads there."""
        return self.labels.get(person)

    def chain(self, person: str) -> list[Label]:
        """The labels along the path to `person`, first person first (empty when there is none)."""
        return along(self.labels.get(person))

    def people(self, person: str) -> list[str]:
        """The path to `person`, first person first (empty when there is none)."""
        return [label.person for label in self.chain(person)]

    def edges(self, person: str) -> list[Sway]:
        """The sway edges of the path to `person`, in path order."""
        return [label.sway for label in self.chain(person) if label.sway is not None]

    def before(self, person: str, limit: int) -> tuple[list[str], int]:
        """Up to `limit` people just before `person` on the path, in order, and how many earlier were left out."""
        return before(self.labels.get(person), limit)


def along(label: Label | None) -> list[Label]:
    """The labels of the path that ends with `label`, first person first."""
    chain: list[Label] = []
    while label is not None:
        chain.append(label)
        label = label.prev
    chain.reverse()
    return chain


def before(label: Label | None, limit: int) -> tuple[list[str], int]:
    """Up to `limit` people just before `label`'s person on its path, in order, and how many earlier were left out."""
    if label is None or label.prev is None:
        return [], 0
    chain: list[str] = []
    walker: Label | None = label.prev
    earliest = walker
    while walker is not None and len(chain) < limit:
        chain.append(walker.person)
        earliest = walker
        walker = walker.prev
    chain.reverse()
    return chain, (earliest.hops if earliest is not None else 0)


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


def reachable(graph: AccountGraph) -> set[str]:
    """Everyone `search(graph, clean=False)` gives a path to: the people we reach, and whom they lead to.

    The search's steps without strengths or order, so a linear walk: when
    someone is not here, no unconstrained search is needed to know that no
    path leads to them.
    """
    found = set(reached(graph))
    todo = list(found)
    while todo:
        leader = todo.pop()
        against = graph.opposes.get(leader, ())
        for sway in graph.sway_out.get(leader, []):
            follower = sway.follower
            if follower not in found and follower not in against and usable(graph, follower):
                found.add(follower)
                todo.append(follower)
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

    `clean`: set aside any path on which someone opposes a later person: the
    strongest clean path to each person is kept, however its people were
    reached by other paths (a person reached only by conflicted paths gets
    none). Otherwise the strongest path, with its first conflict recorded.
    `stop`: end once this person's path is settled. `shun`: people never to
    put on a path. Ties: stronger, then shorter (a tie in strength between
    paths of different lengths cannot happen), then the path whose first
    person comes first in the file, then the one found first.
    """
    queue = _Queue()
    place = {person_id: number for number, person_id in enumerate(graph.client)}
    sources = reached(graph)
    opposed = _Opposed(graph, lambda p: p not in sources and p not in shun and usable(graph, p)) if clean else None
    for person_id, contact in sources.items():
        if person_id in shun:
            continue
        leaving = tuple(p for p in (contact.ours, person_id) if is_leaving(graph, p))
        strength = Strength().times(contact.strength)
        ahead = opposed.of(person_id) if opposed is not None else _NOBODY
        label = Label(person_id, strength, 0, None, None, person_id, contact, None, leaving, None, ahead)
        queue.push(label, place[person_id])
    paths = Paths()
    settled = _Settled()
    tree = _Tree() if graph.opposes and not clean else None
    while (label := queue.pop()) is not None:
        leader = label.person
        if not settled.add(label):
            continue
        if leader not in paths.labels:
            paths.labels[leader] = label
            if tree is not None:
                tree.add(leader, label.parent)
            if leader == stop:
                break
        against = graph.opposes.get(leader, ())
        for sway in graph.sway_out.get(leader, []):
            follower = sway.follower
            if follower in shun or follower in against or follower in sources or not usable(graph, follower):
                continue  # a path ends at the first person we reach: theirs starts with our own contact
            conflict, ahead = label.conflict, label.ahead
            if opposed is not None:
                if follower in ahead:
                    continue  # someone on the path opposes them
                ahead = opposed.add(ahead, follower)
                if settled.covers(follower, ahead):
                    continue  # a stronger path got there, free to go on to everyone this one may
            else:
                if follower in paths.labels:
                    continue
                if tree is not None and conflict is None:
                    opponent = next((o for o in graph.opposes.get(follower, ()) if tree.on_path(o, leader)), None)
                    if opponent is not None:
                        conflict = (opponent, follower)
            leaving = (*label.leaving, follower) if is_leaving(graph, follower) else label.leaving
            strength = label.strength.step(sway.strength)
            step = Label(
                follower, strength, label.hops + 1, leader, sway, label.first, label.contact, conflict, leaving,
                label, ahead,
            )  # fmt: skip
            queue.push(step, place[step.first])
    return paths


_NOBODY: frozenset[str] = frozenset()


class _Opposed:
    """Whom each person opposes, among the people a path could still go on to."""

    def __init__(self, graph: AccountGraph, open_to: Callable[[str], bool]) -> None:
        self.graph = graph
        self.open_to = open_to
        self._of: dict[str, frozenset[str]] = {}

    def of(self, person: str) -> frozenset[str]:
        found = self._of.get(person)
        if found is None:
            others = [o for o in self.graph.opposes.get(person, ()) if self.open_to(o)]
            found = self._of[person] = frozenset(others) if others else _NOBODY
        return found

    def add(self, ahead: frozenset[str], person: str) -> frozenset[str]:
        """`ahead` with the people `person` opposes."""
        more = self.of(person)
        if not more or more <= ahead:
            return ahead
        return ahead | more if ahead else more


class _Settled:
    """The labels settled at each person, strongest first.

    A search without opposition settles one label per person. With it, a
    weaker path to the same person is settled too when it may go on to
    someone every stronger one may not (its `ahead` is no superset of
    theirs): the search state is (person, people opposed ahead), and a state
    is kept only when no stronger path dominates it.
    """

    def __init__(self) -> None:
        self._at: dict[str, list[frozenset[str]]] = {}

    def covers(self, person: str, ahead: frozenset[str]) -> bool:
        """Whether a settled label at `person` may go on to everyone a path with `ahead` may."""
        return any(kept <= ahead for kept in self._at.get(person, ()))

    def add(self, label: Label) -> bool:
        """Settle `label`, unless one settled before covers it."""
        if self.covers(label.person, label.ahead):
            return False
        self._at.setdefault(label.person, []).append(label.ahead)
        return True


class Opening(NamedTuple):
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
    left and opposition (`clean`: states keyed by the people opposed ahead).
    """
    known = reached(graph)
    opposed = _Opposed(graph, lambda p: p not in known and usable(graph, p)) if clean else None
    ahead = opposed.of(target) if opposed is not None else _NOBODY
    start = Label(target, Strength(), 0, None, None, target, None, ahead=ahead)
    queue = _Queue()
    queue.push(start, 0)
    place = {person_id: number for number, person_id in enumerate(graph.client)}
    settled = _Settled()
    best: set[str] = set()
    tree = _Tree() if graph.opposes and not clean else None
    while (label := queue.pop()) is not None:
        follower = label.person
        if not settled.add(label):
            continue
        if follower not in best:
            best.add(follower)
            if tree is not None:
                tree.add(follower, label.parent)
        if follower != target and graph.client[follower].stance != "detractor":
            chain = along(label)  # the person to get to know first, back to the target
            people = tuple(reversed([step.person for step in chain]))
            edges = tuple(reversed([step.sway for step in chain if step.sway is not None]))
            return Opening(people, edges, label.strength, label.conflict)
        for sway in graph.sway_in.get(follower, []):
            leader = sway.leader
            if leader in known or not usable(graph, leader):
                continue
            if follower in graph.opposes.get(leader, ()):
                continue  # never through someone who opposes the next person
            conflict, ahead = label.conflict, label.ahead
            if opposed is not None:
                if leader in ahead:
                    continue  # they oppose someone later on the path
                ahead = opposed.add(ahead, leader)
                if settled.covers(leader, ahead):
                    continue
            else:
                if leader in best:
                    continue
                if tree is not None and conflict is None:
                    opponent = next((o for o in graph.opposes.get(leader, ()) if tree.on_path(o, follower)), None)
                    if opponent is not None:
                        conflict = (leader, opponent)
            strength = label.strength.step(sway.strength)
            later = Label(leader, strength, label.hops + 1, follower, sway, target, None, conflict, (), label, ahead)
            queue.push(later, place[leader])
    return None
