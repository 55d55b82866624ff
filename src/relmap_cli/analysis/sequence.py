"""Whom to approach in which order: bootstrapping, pyramiding, backward mapping.

Every step names a person, why now (the edges behind it) and how we get to
them (`via`: our contact, or the best path from someone we reach, see
`paths`). Every strategy warns when a step brings in someone who opposes
people still needed later, and when a way in depends on someone who is
leaving. `scope="key-players"` keeps the key players and the people on the
best paths to them; `top` cuts the list. Only people who are still there and
have a name can be approached (no placeholders). Deterministic: ties are
broken as documented, ending in file order. Near-linear: heaps and one
best-path search, no all-pairs work. Pure: no I/O.
"""

import heapq
from itertools import islice

from ..format.model import Action, ClientPerson
from ..graph import AccountGraph, Contact, Sway
from ..tuples import NamedTuple
from . import paths as ways
from .paths import Paths
from .words import join_names

STRATEGIES = ("bootstrap", "pyramid", "backward")
SCOPES = ("everyone", "key-players")
STANCE_EASE = {"champion": 0, "supporter": 1, "neutral": 2, "unknown": 3, "detractor": 4}
CONTACT_EASE = {"strong": 0, "good": 1, "weak": 2, None: 3, "negative": 4}
# the weights in tenths, so sums of leverage compare exactly (0.7 * 3 == 1.0 + 0.7 + 0.4)
TENTHS = {"strong": 10, "good": 7, "weak": 4}
WEIGHT_WORDS = {"strong": "1.0", "good": "0.7", "weak": "0.4"}
TIMES = "\u00d7"  # the multiplication sign, in the strength notes
MAX_VIA = 8  # client people named in a `via`; a longer path keeps its first person and the last ones
LONG_WAY = 3  # steps between their people beyond which a way in is a campaign rather than an introduction


class Step(NamedTuple):
    """One person to approach: why now, and how we get there."""

    person: str
    why: tuple[str, ...]
    follow: tuple[str, ...] = ()  # pyramid: people expected to follow
    score: float | None = None  # pyramid: power; backward: path strength up to this person
    via: tuple[str, ...] = ()  # our person first, then the client people on the way; () when we have no way
    via_skipped: int = 0  # people left out of the middle of a very long `via`
    contact: Contact | None = None  # our contact that opens the way (with its strength)
    edges: tuple[str, ...] = ()  # pyramid: the power, then the edges from those who follow (else `why`)


class Warning(NamedTuple):
    """Something to watch in the sequence."""

    kind: str  # antagonism | conflict | departing | gatekeeper | unreachable | no-decision-maker
    people: tuple[str, ...]
    message: str


class Sequence(NamedTuple):
    """An approach order under one strategy."""

    account: str
    strategy: str
    target: str | None
    steps: list[Step]
    warnings: list[Warning]
    total: int = 0  # steps before `top` cut the list
    scope: str = "everyone"
    strength: float | None = None  # backward: the strength of the whole path
    notes: tuple[str, ...] = ()  # how the numbers came about, for people


class UnknownTarget(ValueError):
    """The requested target cannot be approached; the message lists the valid ids."""


def approachable(graph: AccountGraph) -> list[ClientPerson]:
    """Client people we could talk to: still there and identified, in file order."""
    return [person for person in graph.active_client() if not person.placeholder]


def plan_sequence(
    graph: AccountGraph,
    strategy: str,
    target: str | None = None,
    *,
    scope: str = "everyone",
    top: int | None = None,
) -> Sequence:
    """The approach order under `strategy` (bootstrap, pyramid or backward)."""
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}")
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")
    found = Ways(graph)
    warnings: list[Warning] = []
    strength: float | None = None
    notes: tuple[str, ...] = ()
    if strategy == "backward":
        target, steps, warnings, strength, notes = backward(graph, target)
    else:
        population = found.key_player_scope() if scope == "key-players" else None
        if strategy == "bootstrap":
            # the key players and the people on the way to them, in the order the whole account is won
            steps = [step for step in bootstrap(graph, found) if population is None or step.person in population]
            warnings = gatekeeper_warnings(graph, steps)
        else:
            steps = [step for step in pyramid(graph, found) if population is None or step.person in population]
        warnings += [*antagonism_warnings(graph, steps), *departing_warnings(graph, steps)]
    total = len(steps)
    if top is not None and top < total:
        shown = {step.person for step in steps[:top]}
        steps = steps[:top]
        warnings = [w for w in warnings if w.kind not in STEP_WARNINGS or shown.intersection(w.people)]
    return Sequence(
        graph.model.account.name,
        strategy,
        target if strategy == "backward" else None,
        steps,
        warnings,
        total,
        scope,
        strength,
        notes,
    )


STEP_WARNINGS = frozenset({"antagonism", "departing", "gatekeeper"})


# -- how we get to each person ------------------------------------------------------------
class Ways:
    """How we get to each client person: our contact, or the best path from someone we reach."""

    def __init__(self, graph: AccountGraph) -> None:
        self.graph = graph
        self._clean: Paths | None = None
        self._any: Paths | None = None
        self._reachable: set[str] | None = None

    def paths_to(self, person: str) -> Paths | None:
        """The search that has a path to `person`: one without conflicts if there is one."""
        if self._clean is None:
            self._clean = ways.search(self.graph, clean=True)
        if person in self._clean.labels:
            return self._clean
        if self._any is None:
            if self.graph.opposes and person not in self._leads():
                return None  # no path at all: a second search would find none
            # without any opposition the two searches are the same
            self._any = ways.search(self.graph, clean=False) if self.graph.opposes else self._clean
        return self._any if person in self._any.labels else None

    def _leads(self) -> set[str]:
        if self._reachable is None:
            self._reachable = ways.reachable(self.graph)
        return self._reachable

    def step(self, person: str, *, path_first: bool) -> tuple[tuple[str, ...], int, Contact | None, tuple[str, ...]]:
        """`via`, people left out of it, the contact that opens it, and what to know about the way.

        Someone we reach: our contact. Otherwise our best contact that is not
        negative, else the best path (`path_first`: the path before a weak
        contact, as pyramid gives the backward path to anyone we do not
        reach; a detractor we know is not reached either). Else nothing.
        """
        contact = self.graph.reach(person)
        if contact is not None:
            return (contact.ours,), 0, contact, ()
        known = self.graph.best_contact(person)
        if known is not None and known.strength != "negative" and not path_first:
            return (known.ours,), 0, known, ()
        found = self.paths_to(person)
        if found is not None:
            label = found.labels[person]
            via = via_of(label, label.contact)
            return via, _skipped(label), label.contact, self._notes(label, via)
        if known is not None and known.strength != "negative":
            return (known.ours,), 0, known, ()
        return (), 0, None, ()

    def _notes(self, label: ways.Label, via: tuple[str, ...]) -> tuple[str, ...]:
        """What to know about a way in: a detractor on it, a conflict, or that it is too long to be one."""
        graph, person = self.graph, label.person
        against = [graph.label(p) for p in via[1:] if graph.client[p].stance == "detractor"]
        detractors, kind = join_names(against), "detractors" if len(against) > 1 else "detractor"
        if label.hops > LONG_WAY:
            through = f", through the {kind} {detractors}" if against else ""
            return (
                f"a long way round ({label.hops} steps from {graph.label(label.first)}{through}): meeting "
                f"{graph.label(person)} directly may be quicker",
            )
        notes = []
        if against:
            notes.append(f"on the way: {detractors}, {'a ' * (len(against) == 1)}{kind}")
        if label.conflict is not None:
            earlier, later = label.conflict
            notes.append(f"the way there has a conflict: {graph.label(earlier)} opposes {graph.label(later)}")
        return tuple(notes)

    def key_player_scope(self) -> set[str]:
        """The key players we could approach and everyone on the best paths to them."""
        keep: set[str] = set()
        walked: set[int] = set()
        for person in approachable(self.graph):
            if not person.is_key_player:
                continue
            keep.add(person.id)
            if self.graph.reach(person.id) is not None:
                continue
            found = self.paths_to(person.id)
            if found is None:
                continue
            walker = found.labels[person.id].prev
            while walker is not None and id(walker) not in walked:  # each label is walked once: linear
                walked.add(id(walker))
                keep.add(walker.person)
                walker = walker.prev
        return keep


def via_of(label: ways.Label, contact: Contact | None) -> tuple[str, ...]:
    """Our person, then the client people on the path before `label`'s person (long paths: first and last ones)."""
    if label.hops <= MAX_VIA:
        before, _ = ways.before(label, label.hops)
    else:
        last, _ = ways.before(label, MAX_VIA - 1)
        before = [label.first, *last]
    return ((contact.ours,) if contact is not None else ()) + tuple(before)


def _skipped(label: ways.Label) -> int:
    return label.hops - MAX_VIA if label.hops > MAX_VIA else 0


# -- bootstrap: easy to hard ------------------------------------------------------------
def bootstrap(graph: AccountGraph, found: Ways) -> list[Step]:
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
        via, skipped, contact, notes = found.step(person_id, path_first=False)
        why = (*_bootstrap_why(graph, person, best[person_id], backers[person_id]), *notes)
        steps.append(Step(person_id, why, via=via, via_skipped=skipped, contact=contact))
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
    return (*why, *_leaving_words(graph, person))


def _contact_words(graph: AccountGraph, person_id: str, contact: Contact | None) -> str:
    if contact is None:
        return f"none of ours knows {graph.label(person_id)} yet"
    return f"{graph.label(contact.ours)} knows {graph.label(person_id)} ({contact.strength})"


def _leaving_words(graph: AccountGraph, person: ClientPerson) -> tuple[str, ...]:
    return (f"{person.label} leaves on {person.left}",) if graph.leaving(person) else ()


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


def pyramid(graph: AccountGraph, found: Ways) -> list[Step]:
    """Most powerful first; each step lists who is expected to follow, and how we get there."""
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
        if follow:
            why.append(f"expected to follow: {', '.join(graph.label(f) for f in follow)}")
        via, skipped, contact, notes = found.step(person.id, path_first=True)
        known = graph.best_contact(person.id)
        if known is not None and graph.reach(person.id) is None:
            why.append(_contact_words(graph, person.id, known))
        why += [*_leaving_words(graph, person), *notes]
        edges = (why[0], *(sway.describe(graph.label) for sway in followers))  # the power, then the edges
        steps.append(Step(person.id, tuple(why), follow, round(strength[person.id], 2), via, skipped, contact, edges))
        seen.add(person.id)
    return steps


# -- backward: from the decision maker back to someone we reach ----------------------------
def _deciders(person: ClientPerson) -> bool:
    return "decision-maker" in person.roles or "budget-holder" in person.roles


def default_target(graph: AccountGraph) -> tuple[str | None, list[Warning]]:
    """The most powerful decision maker or budget holder we do not reach yet.

    If we reach them all, the most powerful decision maker (else budget
    holder); with neither in the map, the most powerful person, with a warning.
    """
    strength = power(graph)
    people = approachable(graph)
    if not people:
        return None, []
    order = {person.id: position for position, person in enumerate(people)}

    def strongest(pool: list[ClientPerson]) -> ClientPerson:
        return min(pool, key=lambda p: (-round(strength[p.id], 9), -p.influence, order[p.id]))

    deciders = [p for p in people if _deciders(p)]
    unreached = [p for p in deciders if graph.reach(p.id) is None]
    if unreached:
        return strongest(unreached).id, []
    if deciders:
        return strongest([p for p in deciders if "decision-maker" in p.roles] or deciders).id, []
    chosen = strongest(people)
    message = (
        f"No identified decision maker or budget holder: aiming at {chosen.label}, the most powerful person mapped"
    )
    return chosen.id, [Warning("no-decision-maker", (chosen.id,), message)]


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


Backward = tuple[str | None, list[Step], list[Warning], float | None, tuple[str, ...]]


def backward(graph: AccountGraph, target: str | None) -> Backward:
    """The strongest path from someone we reach to the target (see `paths` for the rules).

    A path on which two people oppose each other is used only when no path
    without such a conflict is found, with a warning. When no path exists,
    the warning names whom to get to know instead.
    """
    warnings: list[Warning] = []
    if target is None:
        target, warnings = default_target(graph)
        if target is None:
            return None, [], [Warning("unreachable", (), "There is nobody on the client side to approach")], None, ()
    else:
        check_target(graph, target)
    person = graph.client[target]
    direct = graph.reach(target)
    if direct is not None:
        why = (f"we reach {person.label} directly: {_contact_words(graph, target, direct)}",)
        steps = [
            Step(target, why, score=ways.Strength().times(direct.strength).value, via=(direct.ours,), contact=direct)
        ]
        return target, steps, [*warnings, *_departing_path(graph, [direct.ours, target])], steps[0].score, ()
    # nobody who opposes the target can be on a path without conflict: leave them out from the start
    found = ways.search(graph, clean=True, stop=target, shun=frozenset(graph.opposes.get(target, ())))
    if target not in found.labels and graph.opposes and target in ways.reachable(graph):
        found = ways.search(graph, clean=False, stop=target)
    if target not in found.labels:
        return target, [], [*warnings, _unreachable(graph, target)], None, ()
    label = found.labels[target]
    ours_too = _our_own_contact(graph, target)
    contact = label.contact
    assert contact is not None
    chain = found.chain(target)
    people = [step.person for step in chain]
    edges = [step.sway for step in chain if step.sway is not None]
    steps = [
        Step(
            people[0],
            (f"we reach them: {_contact_words(graph, people[0], contact)}",),
            score=ways.Strength().times(contact.strength).value,
            via=(contact.ours,),
            contact=contact,
        )
    ]
    for step in chain[1:]:
        sway = step.sway
        assert sway is not None
        reasons = [sway.describe(graph.label)]
        if graph.client[sway.follower].stance == "detractor":
            reasons.append(
                f"{graph.label(sway.follower)} is a detractor: win them over through {graph.label(sway.leader)}"
            )
        if sway.follower == target:
            reasons.extend(ours_too)
        steps.append(
            Step(sway.follower, tuple(reasons), score=round(step.strength.value, 4), via=via_of(step, contact),
                 via_skipped=_skipped(step), contact=contact)
        )  # fmt: skip
    warnings += _conflicts(graph, people)
    warnings += _departing_path(graph, [contact.ours, *label.leaving])
    return target, steps, warnings, round(label.strength.value, 4), (_strength_note(label, contact, edges),)


def _strength_note(label: ways.Label, contact: Contact, edges: list[Sway]) -> str:
    """How the path strength is made: the contact, each edge, and the fading per step."""
    weights = [WEIGHT_WORDS[sway.strength] for sway in edges] if len(edges) <= 8 else [f"({len(edges)} edges)"]
    steps = f"{label.hops} step{'s' * (label.hops != 1)}"
    factors = [f"contact {WEIGHT_WORDS[contact.strength]}", f"edges {f' {TIMES} '.join(weights)}", "fading 0.8"]
    return f"Path strength {label.strength.value:.2f} = {f' {TIMES} '.join(factors)} per step ({steps})"


def _conflicts(graph: AccountGraph, people: list[str]) -> list[Warning]:
    """One warning per person on the path who opposes someone later on it."""
    position = {person: number for number, person in enumerate(people)}
    target = graph.label(people[-1])
    found = []
    for number, person in enumerate(people):
        later = sorted(
            (o for o in graph.opposes.get(person, ()) if position.get(o, -1) > number), key=position.__getitem__
        )
        if later:
            names = join_names([graph.label(other) for other in later])
            found.append(
                Warning(
                    "conflict",
                    (person, *later),
                    f"No path to {target} avoids a conflict: {graph.label(person)} opposes {names}, who "
                    f"come{'s' * (len(later) == 1)} later on it; bringing {graph.label(person)} in may cost {names}",
                )
            )
    return found


def _departing_path(graph: AccountGraph, people: list[str]) -> list[Warning]:
    leaving = [p for p in dict.fromkeys(people) if ways.is_leaving(graph, p)]
    if not leaving:
        return []
    if len(leaving) == 1:
        who = f"{_named(graph, leaving[0])}, who leaves on {_left(graph, leaving[0])}"
    else:
        who = join_names([f"{_named(graph, p)} (leaves {_left(graph, p)})" for p in leaving])
    return [Warning("departing", tuple(leaving), f"This path depends on {who}: build a second way in before then")]


def _named(graph: AccountGraph, person: str) -> str:
    return f"our {graph.label(person)}" if person in graph.team else graph.label(person)


def _left(graph: AccountGraph, person: str) -> str:
    who = graph.team.get(person) or graph.client[person]
    return str(who.left)


def _open_action(graph: AccountGraph, person: str, owner: str | None = None) -> Action | None:
    """An open action with a client person, by a colleague still here: `owner`'s first, else the first."""
    actions = [
        a for a in graph.model.actions if a.status == "open" and person in a.with_ and graph.active(a.owner)
    ]
    return next((a for a in actions if a.owner == owner), actions[0] if actions else None)


def _action_words(graph: AccountGraph, action: Action, ours: str) -> str:
    """`their open action a1 (CEO breakfast, due 2027-01-20)`, or `Li Chen's open action a1 (...)`."""
    whose = "their" if action.owner == ours else f"{graph.label(action.owner)}'s"
    due = f", due {action.due.isoformat()}" if action.due is not None else ""
    if action.due is not None and graph.today is not None and action.due < graph.today:
        due += ", overdue"
    return f"{whose} open action {action.id} ({action.goal}{due})"


def _our_own_contact(graph: AccountGraph, target: str) -> tuple[str, ...]:
    """What we have with a target we do not reach: a contact with a detractor, or a weak one, and the plan."""
    known = graph.best_contact(target)
    if known is None or known.strength == "negative":
        return ()
    name, ours = graph.label(target), graph.label(known.ours)
    action = _open_action(graph, target, known.ours)
    if known.strength == "weak":
        way = "build it into a thread too"
        if action is not None:
            way = f"{_action_words(graph, action, known.ours)} can make it a thread"
        return (f"{ours} knows {name} only weakly: {way}",)
    planned = f" ({_action_words(graph, action, known.ours)})" if action is not None else ""
    return (f"{ours} already knows {name} ({known.strength}): win them over directly too{planned}",)


def _unreachable(graph: AccountGraph, target: str) -> Warning:
    """No path: name whom to get to know, or say why nobody would help."""
    name = graph.label(target)
    opening = ways.search_back(graph, target, clean=True)
    if opening is None and graph.opposes:
        opening = ways.search_back(graph, target, clean=False)
    start = f"Nobody we reach leads to {name}."
    known = graph.best_contact(target)
    if known is not None and known.strength in ("good", "strong"):
        # a detractor we know: the contact is there, their support is not
        action = _open_action(graph, target, known.ours)
        planned = f" ({_action_words(graph, action, known.ours)})" if action is not None else ""
        advice = (
            f"{name} is a detractor whom {graph.label(known.ours)} already knows ({known.strength}): win them over "
            f"directly, with {graph.label(known.ours)} finding out what drives their opposition and answering it"
            f"{planned}"
        )
        if opening is not None:
            advice += f"; {graph.label(opening.people[0])} would also lead to {name}"
        return Warning("unreachable", (target, known.ours), f"{start} {advice}")
    if known is not None and known.strength == "weak":
        start = f"{start} {_our_own_contact(graph, target)[0]}."
    if opening is not None:
        first = opening.people[0]
        label = graph.label(first)
        through = opening.people[1:-1]
        way = f" through {join_names([graph.label(p) for p in through])}" if through else ""
        edges = "; ".join(sway.describe(graph.label) for sway in opening.edges)
        contact = graph.best_contact(first)
        if contact is not None and contact.strength == "weak":
            advice = f"Get to know {label} better ({graph.label(contact.ours)} knows them only weakly)"
        elif contact is not None and contact.strength == "negative":
            advice = f"Get to know {label} (not through {graph.label(contact.ours)}, who is on bad terms with them)"
        else:
            advice = f"Get to know {label}"
        return Warning(
            "unreachable", (target, *opening.people[:-1]), f"{start} {advice}: {label} leads to {name}{way} ({edges})"
        )
    leaders = [sway.leader for sway in graph.sway_in.get(target, [])]
    unfilled = [p for p in dict.fromkeys(leaders) if graph.client[p].placeholder]
    if unfilled:
        positions = join_names([graph.label(p) for p in unfilled])
        many = len(unfilled) > 1
        what = "positions the map has no names for" if many else "a position the map has no name for"
        return Warning(
            "unreachable",
            (target, *unfilled),
            f"{start} {name} follows {positions}, {what} yet: find out who holds {'them' if many else 'it'}",
        )
    if not leaders:
        return Warning(
            "unreachable",
            (target,),
            f"{start} Nobody is mapped as someone {name} defers to or is influenced by: find out whom they listen "
            "to, or get to know them directly",
        )
    return Warning(
        "unreachable",
        (target,),
        f"{start} Every way to {name} passes someone who opposes the next person on it, or only detractors lead "
        "there: find out who else they listen to",
    )


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


def gatekeeper_warnings(graph: AccountGraph, steps: list[Step]) -> list[Warning]:
    """Warn when a gatekeeper comes after a decision maker they guard: "engage X before Y".

    A gatekeeper guards the decision makers of their own function, or any
    decision maker when the map gives either of them no function. A warning
    names the first GUARDED_NAMED of them and counts the rest.
    """
    by_function: dict[str | None, list[tuple[int, ClientPerson]]] = {}  # None: no function in the map
    every: list[tuple[int, ClientPerson]] = []
    warnings = []
    for number, step in enumerate(steps, start=1):
        person = graph.client[step.person]
        if "gatekeeper" in person.roles:  # checked before they count as a decision maker themselves
            if person.function is None:
                pools = [every]
            else:
                pools = [by_function.get(person.function, []), by_function.get(None, [])]
            # each pool is in step order: merge just the first few, count the rest (no sorting per gatekeeper)
            guarded = list(islice(heapq.merge(*pools, key=lambda entry: entry[0]), GUARDED_NAMED))
            if guarded:
                more = sum(len(pool) for pool in pools) - len(guarded)
                warnings.append(_gatekeeper_warning(person, number, guarded, more))
        if "decision-maker" in person.roles:
            by_function.setdefault(person.function, []).append((number, person))
            every.append((number, person))
    return warnings


GUARDED_NAMED = 3  # decision makers a gatekeeper warning names
NAMED = 5  # people a departing warning names before it counts the rest


def _gatekeeper_warning(
    gatekeeper: ClientPerson, number: int, guarded: list[tuple[int, ClientPerson]], more: int
) -> Warning:
    names = [decider.label for _, decider in guarded]
    if more:
        names.append(f"{more} more")
    many = len(guarded) + more > 1
    steps = [str(at) for at, _ in guarded]
    places = f"{', '.join(steps)} and others" if more else join_names(steps)
    return Warning(
        "gatekeeper",
        (gatekeeper.id, *(decider.id for _, decider in guarded)),
        f"Engage {gatekeeper.label} before {join_names(names)}: the gatekeeper comes after the decision "
        f"maker{'s' * many} they guard (step {number} after step{'s' * many} {places})",
    )


def departing_warnings(graph: AccountGraph, steps: list[Step]) -> list[Warning]:
    """Warn when the way to people depends on someone whose `left` date is still to come."""
    depends: dict[str, list[str]] = {}
    for step in steps:
        for link in step.via:
            if link != step.person and ways.is_leaving(graph, link):
                depends.setdefault(link, []).append(step.person)
    warnings = []
    for link, people in depends.items():
        shown = [graph.label(p) for p in people[:NAMED]]
        names = join_names([*shown, f"{len(people) - NAMED} more"] if len(people) > NAMED else shown)
        warnings.append(
            Warning(
                "departing",
                (link, *people),
                f"The way to {names} depends on {_named(graph, link)}, who leaves on {_left(graph, link)}",
            )
        )
    return warnings
