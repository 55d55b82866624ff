"""Whom to approach in which order: bootstrapping, pyramiding, backward mapping.

Every step names a person and the edges behind it ("why now"); every strategy
warns when a step brings in someone who opposes people still needed later.
Only people who are still there and have a name can be approached (no
placeholders). Deterministic: ties are broken as documented, ending in file
order. Near-linear: heaps and a single best-path search, no all-pairs work.
Pure: no I/O.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from fractions import Fraction

from ..graph import AccountGraph, Contact, Sway
from ..format.model import ClientPerson
from .words import join_names

STRATEGIES = ("bootstrap", "pyramid", "backward")
STANCE_EASE = {"champion": 0, "supporter": 1, "neutral": 2, "unknown": 3, "detractor": 4}
CONTACT_EASE = {"strong": 0, "good": 1, "weak": 2, None: 3, "negative": 4}
# exact weights for best-path products, so equal paths compare equal
EXACT = {"strong": Fraction(1), "good": Fraction(7, 10), "weak": Fraction(2, 5)}
# the same weights in tenths, so sums of leverage compare exactly (0.7 * 3 == 1.0 + 0.7 + 0.4)
TENTHS = {"strong": 10, "good": 7, "weak": 4}


@dataclass(frozen=True)
class Step:
    """One person to approach, and why now."""

    person: str
    why: tuple[str, ...]
    follow: tuple[str, ...] = ()  # pyramid: people expected to follow
    score: float | None = None  # pyramid: power; backward: path strength so far


@dataclass(frozen=True)
class Warning:
    """Something to watch in the sequence."""

    kind: str  # antagonism | unreachable | no-decision-maker
    people: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class Sequence:
    """An approach order under one strategy."""

    account: str
    strategy: str
    target: str | None
    steps: list[Step] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)


class UnknownTarget(ValueError):
    """The requested target cannot be approached; the message lists the valid ids."""


def approachable(graph: AccountGraph) -> list[ClientPerson]:
    """Client people we could talk to: still there and identified, in file order."""
    return [person for person in graph.active_client() if not person.placeholder]


def plan_sequence(graph: AccountGraph, strategy: str, target: str | None = None) -> Sequence:
    """The approach order under `strategy` (bootstrap, pyramid or backward)."""
    warnings: list[Warning] = []
    if strategy == "bootstrap":
        steps = bootstrap(graph)
    elif strategy == "pyramid":
        steps = pyramid(graph)
    elif strategy == "backward":
        target, steps, warnings = backward(graph, target)
    else:
        raise ValueError(f"unknown strategy {strategy!r}")
    return Sequence(
        graph.model.account.name,
        strategy,
        target if strategy == "backward" else None,
        steps,
        [*warnings, *antagonism_warnings(graph, steps)],
    )


# -- bootstrap: easy to hard ------------------------------------------------------------
def bootstrap(graph: AccountGraph) -> list[Step]:
    """Repeatedly take the easiest person given who is already on board.

    Ease is (stance, our best contact, leverage): champions before supporters
    before neutral, unknown and detractors; then strong before good, weak, no
    and negative contact; then more pull from people already on board whom
    they defer to or are influenced by. Ties: lower influence first, then id.
    """
    people = approachable(graph)
    order = {person.id: position for position, person in enumerate(people)}
    best = {person.id: graph.best_contact(person.id) for person in people}
    leverage = dict.fromkeys(order, 0)  # in tenths
    backers: dict[str, list[Sway]] = {person_id: [] for person_id in order}

    def key(person: ClientPerson) -> tuple[int, int, int, int, str]:
        contact = best[person.id]
        strength = contact.strength if contact is not None else None
        return (STANCE_EASE[person.stance], CONTACT_EASE[strength], -leverage[person.id], person.influence, person.id)

    heap = [(key(person), person.id) for person in people]
    heapq.heapify(heap)
    on_board: set[str] = set()
    steps = []
    while heap:
        entry, person_id = heapq.heappop(heap)
        person = graph.client[person_id]
        if person_id in on_board or entry != key(person):
            continue  # stale entry: leverage grew since it was pushed
        on_board.add(person_id)
        steps.append(Step(person_id, _bootstrap_why(graph, person, best[person_id], backers[person_id])))
        for sway in graph.sway_out.get(person_id, []):
            if sway.follower in leverage and sway.follower not in on_board:
                leverage[sway.follower] += TENTHS[sway.strength]
                backers[sway.follower].append(sway)
                heapq.heappush(heap, (key(graph.client[sway.follower]), sway.follower))
    return steps


STANCE_WORDS = {
    "champion": "a champion",
    "supporter": "a supporter",
    "neutral": "neutral",
    "unknown": "of unknown stance",
    "detractor": "a detractor",
}


def _bootstrap_why(
    graph: AccountGraph, person: ClientPerson, contact: Contact | None, backers: list[Sway]
) -> tuple[str, ...]:
    why = [f"{person.label} is {STANCE_WORDS[person.stance]}", _contact_words(graph, person.id, contact)]
    why.extend(f"{sway.describe(graph.label)}, already on board" for sway in backers)
    return tuple(why)


def _contact_words(graph: AccountGraph, person_id: str, contact: Contact | None) -> str:
    if contact is None:
        return f"none of ours knows {graph.label(person_id)} yet"
    return f"{graph.label(contact.ours)} knows {graph.label(person_id)} ({contact.strength})"


# -- pyramid: most powerful first ---------------------------------------------------------
def power(graph: AccountGraph) -> dict[str, float]:
    """Declared influence plus the pull the person has on others.

    power(p) = influence(p) + sum over people f who defer to, report to or are
    influenced by p of weight(edge) * influence(f) / 5: who many defer to ranks high.
    """
    result = {}
    for person in graph.active_client():
        pull = sum(
            sway.weight * graph.client[sway.follower].influence / 5 for sway in graph.sway_out.get(person.id, [])
        )
        result[person.id] = person.influence + pull
    return result


def pyramid(graph: AccountGraph) -> list[Step]:
    """Most powerful first; each step lists who is expected to follow."""
    strength = power(graph)
    order = {person.id: position for position, person in enumerate(graph.client.values())}
    people = sorted(approachable(graph), key=lambda p: (-round(strength[p.id], 9), -p.influence, order[p.id]))
    steps = []
    seen: set[str] = set()
    for person in people:
        sways = graph.sway_out.get(person.id, [])
        followers = [sway for sway in sways if not graph.client[sway.follower].placeholder]
        follow = tuple(dict.fromkeys(sway.follower for sway in followers if sway.follower not in seen))
        pull = strength[person.id] - person.influence
        unfilled = list(dict.fromkeys(graph.label(s.follower) for s in sways if graph.client[s.follower].placeholder))
        positions = (
            f", including the unfilled position{'s' * (len(unfilled) > 1)} {join_names(unfilled)}" if unfilled else ""
        )
        why = [
            f"power {strength[person.id]:.2f}: influence {person.influence} + {pull:.2f} from those who follow them"
            f"{positions}"
        ]
        why.extend(sway.describe(graph.label) for sway in followers)
        steps.append(Step(person.id, tuple(why), follow, round(strength[person.id], 2)))
        seen.add(person.id)
    return steps


# -- backward: from the decision maker back to someone we reach ----------------------------
def default_target(graph: AccountGraph) -> tuple[str | None, list[Warning]]:
    """The decision maker with the most power, or the most powerful person if none."""
    strength = power(graph)
    people = approachable(graph)
    deciders = [p for p in people if "decision-maker" in p.roles]
    pool = deciders or people
    if not pool:
        return None, []
    order = {person.id: position for position, person in enumerate(people)}
    chosen = min(pool, key=lambda p: (-round(strength[p.id], 9), -p.influence, order[p.id]))
    warnings = []
    if not deciders:
        warnings.append(
            Warning(
                "no-decision-maker",
                (chosen.id,),
                f"No identified decision maker: aiming at {chosen.label}, the most powerful person mapped",
            )
        )
    return chosen.id, warnings


def check_target(graph: AccountGraph, target: str) -> None:
    """Raise UnknownTarget unless `target` is a current, identified client person."""
    valid = [person.id for person in approachable(graph)]
    if target in valid:
        return
    if target in graph.team:
        problem = f"'{target}' is on our team; the target must be a client person"
    elif target in graph.client and graph.client[target].placeholder:
        problem = f"'{target}' is a placeholder: there is nobody to approach yet"
    elif target in graph.client:
        problem = f"'{target}' has left the company"
    else:
        problem = f"no client person has the id '{target}'"
    raise UnknownTarget(f"{problem}; valid targets: {', '.join(valid) or '(none)'}")


def backward(graph: AccountGraph, target: str | None) -> tuple[str | None, list[Step], list[Warning]]:
    """The strongest chain from someone we reach to the target.

    Walk back from the target through the people it defers to or is influenced
    by, then theirs, to people we can reach. Strength = product of the edge
    weights and our contact weight; ties: fewer steps, then the path's ids.
    Never route through a person who opposes the next one on the path; never
    through placeholders, people who left, or detractors.
    """
    warnings: list[Warning] = []
    if target is None:
        target, warnings = default_target(graph)
        if target is None:
            return None, [], [Warning("unreachable", (), "There is nobody on the client side to approach")]
    else:
        check_target(graph, target)
    person = graph.client[target]
    direct = graph.reach(target)
    if direct is not None:
        why = (f"we reach {person.label} directly: {_contact_words(graph, target, direct)}",)
        return target, [Step(target, why, score=float(EXACT[direct.strength]))], warnings

    path = _best_path(graph, target)
    if path is None:
        message = (
            f"Nobody we reach leads to {person.label}: no chain of deference or influence from a person "
            "we know at good or strong (chains never pass through detractors, placeholders or people who left)"
        )
        return target, [], [*warnings, Warning("unreachable", (target,), message)]
    contact, edges = path
    steps = []
    strength = EXACT[contact.strength]
    first = edges[0].leader if edges else target
    steps.append(Step(first, (f"we reach them: {_contact_words(graph, first, contact)}",), score=float(strength)))
    for sway in edges:
        strength *= EXACT[sway.strength]
        steps.append(Step(sway.follower, (sway.describe(graph.label),), score=round(float(strength), 4)))
    return target, steps, warnings


def _usable(graph: AccountGraph, person_id: str) -> bool:
    person = graph.client[person_id]
    return not graph.gone(person) and not person.placeholder and person.stance != "detractor"


def _best_path(graph: AccountGraph, target: str) -> tuple[Contact, list[Sway]] | None:
    """Max-product path into `target`, searched backwards (a Dijkstra on exact fractions)."""
    # state: (-strength, hops, ids from target backwards) -> the chain of edges
    heap: list[tuple[Fraction, int, tuple[str, ...], tuple[Sway, ...]]] = [(Fraction(-1), 0, (target,), ())]
    settled: set[str] = set()
    best: tuple[tuple[Fraction, int, tuple[str, ...]], Contact, tuple[Sway, ...]] | None = None
    while heap:
        negative, hops, ids, edges = heapq.heappop(heap)
        person_id = ids[-1]
        if person_id in settled:
            continue
        settled.add(person_id)
        if best is not None and (negative, hops, ids) > best[0]:
            break  # every remaining chain is weaker than the best complete one
        if person_id != target:
            contact = graph.reach(person_id)
            if contact is not None:
                total = negative * EXACT[contact.strength]
                candidate = (total, hops, ids)
                if best is None or candidate < best[0]:
                    best = (candidate, contact, edges)
        for sway in graph.sway_in.get(person_id, []):
            leader = sway.leader
            if leader in settled or leader in ids or not _usable(graph, leader):
                continue
            if person_id in graph.opposes.get(leader, ()):
                continue  # the leader would work against the next person on the path
            heapq.heappush(heap, (negative * EXACT[sway.strength], hops + 1, (*ids, leader), (sway, *edges)))
    if best is None:
        return None
    _, contact, edges = best
    return contact, list(edges)


# -- warnings -------------------------------------------------------------------------
def antagonism_warnings(graph: AccountGraph, steps: list[Step]) -> list[Warning]:
    """Warn when a step brings in someone who opposes people still needed later."""
    position = {step.person: number for number, step in enumerate(steps)}
    warnings = []
    for number, step in enumerate(steps):
        later = [other for other in graph.opposes.get(step.person, []) if position.get(other, -1) > number]
        if later:
            later.sort(key=lambda other: position[other])
            names = [graph.label(other) for other in later]
            joined = join_names(names)
            warnings.append(
                Warning(
                    "antagonism",
                    (step.person, *later),
                    f"Bringing {graph.label(step.person)} in early may cost {joined}",
                )
            )
    return warnings
