"""What changed between two versions of a map, in the map's own terms. Pure; no I/O.

People are matched by id, relationships by `from kind to` (`opposes` either
way round), actions by id. Everything comes out in a fixed order: the new
map's order for what is there now, the old map's for what was removed.
Notes, contact details, topics and interests are not compared. A `left`
date still to come is an announced departure ("leaving"), not a departure;
a placeholder that got a named holder is "filled"; a gap that closed only
because someone in it left "no longer applies".
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..format.model import AccountMap, Action, ClientPerson, Person, Relationship
from ..tuples import NamedTuple

# the fields whose changes a KAM wants to hear about, in the order they are reported
PERSON_FIELDS = ("name", "title", "function", "level", "successor")  # both sides
CLIENT_FIELDS = (*PERSON_FIELDS, "roles", "stance", "influence", "placeholder", "reports_to", "cares_about")
ACCOUNT_FIELDS = ("name", "owner", "vision", "tier", "reviewed", "review_every", "intent", "client_intent", "target_model")
ACTION_FIELDS = ("goal", "owner", "with_", "activity", "due", "status")
STRENGTH_RANK = {"negative": 0, "weak": 1, "good": 2, "strong": 3}

Key = tuple[str, str, str]


class PersonEntry(NamedTuple):
    """A person who appeared in or disappeared from the map."""

    person: str
    side: str  # "team" or "client"
    name: str


class Departure(NamedTuple):
    """A person whose `left` date was set."""

    person: str
    side: str
    name: str
    left: date


class Filled(NamedTuple):
    """A placeholder position that now has a named holder (the same id, or a new person with its title and function)."""

    placeholder: str
    person: str
    title: str  # the position
    name: str


class Change(NamedTuple):
    """One field of one thing (a person, an action, the account) that changed."""

    subject: str  # a person id, an action id, or the account's name
    field: str  # as written in the file
    old: Any
    new: Any


class Link(NamedTuple):
    """A relationship that was added or removed."""

    source: str
    kind: str
    target: str
    strength: str


class LinkChange(NamedTuple):
    """A relationship that is in both versions with a field changed."""

    source: str
    kind: str
    target: str
    field: str  # strength, basis or last
    old: Any
    new: Any


class GapChange(NamedTuple):
    """A gap (as `relmap gaps` reports it) that opened or closed between the versions.

    `left` names the people whose departure is the only reason a gap no longer applies.
    """

    kind: str
    people: tuple[str, ...]
    message: str
    left: tuple[str, ...] = ()


@dataclass
class MapDiff:
    """Everything that changed from `old` to `new`, section by section."""

    account: str
    old: str  # how to name each version to the user
    new: str
    names: dict[str, str] = field(default_factory=dict)  # person id -> name, from either version
    people_added: list[PersonEntry] = field(default_factory=list)
    people_removed: list[PersonEntry] = field(default_factory=list)
    people_departed: list[Departure] = field(default_factory=list)  # left by `today`
    people_leaving: list[Departure] = field(default_factory=list)  # an announced departure after `today`
    placeholders_filled: list[Filled] = field(default_factory=list)
    people_changed: list[Change] = field(default_factory=list)
    relationships_added: list[Link] = field(default_factory=list)
    relationships_removed: list[Link] = field(default_factory=list)
    relationships_strengthened: list[LinkChange] = field(default_factory=list)
    relationships_weakened: list[LinkChange] = field(default_factory=list)
    relationships_changed: list[LinkChange] = field(default_factory=list)  # basis, last interaction
    account_changed: list[Change] = field(default_factory=list)
    actions_added: list[Action] = field(default_factory=list)
    actions_removed: list[Action] = field(default_factory=list)
    actions_changed: list[Change] = field(default_factory=list)
    # Empty until the gap analysis is compared (see the end of `diff_maps`).
    gaps_opened: list[GapChange] = field(default_factory=list)
    gaps_closed: list[GapChange] = field(default_factory=list)
    gaps_moot: list[GapChange] = field(default_factory=list)  # no longer apply because someone left

    @property
    def count(self) -> int:
        """How many changes there are in all."""
        return sum(len(value) for value in vars(self).values() if isinstance(value, list))


def _people(model: AccountMap) -> dict[str, tuple[str, Person]]:
    found: dict[str, tuple[str, Person]] = {}
    for side, people in (("team", model.team), ("client", model.client)):
        for person in people:
            found[person.id] = (side, person)
    return found


def _key(rel: Relationship) -> Key:
    if rel.kind == "opposes":
        first, second = sorted((rel.source, rel.target))
        return (first, rel.kind, second)
    return (rel.source, rel.kind, rel.target)


def _fields(subject: str, old: Any, new: Any, names: Iterable[str], written: dict[str, str]) -> list[Change]:
    changes = []
    for name in names:
        before, after = getattr(old, name, None), getattr(new, name, None)
        if before != after:
            changes.append(Change(subject, written.get(name, name), before, after))
    return changes


def _compare_people(old: AccountMap, new: AccountMap, diff: MapDiff, today: date) -> None:
    before, after = _people(old), _people(new)
    added: list[tuple[str, str, Person]] = []
    for person_id, (side, person) in after.items():
        previous = before.get(person_id)
        if previous is None or previous[0] != side:
            added.append((person_id, side, person))
            continue
        was = previous[1]
        if person.left is not None and was.left is None:
            gone = diff.people_departed if person.left <= today else diff.people_leaving
            gone.append(Departure(person_id, side, person.label, person.left))
        elif person.left != was.left:
            diff.people_changed.append(Change(person_id, "left", was.left, person.left))
        names: tuple[str, ...] = CLIENT_FIELDS if isinstance(person, ClientPerson) else PERSON_FIELDS
        if _filled(was) and not _filled(person) and person.name:
            diff.placeholders_filled.append(Filled(person_id, person_id, was.label, person.name))
            names = tuple(name for name in names if name not in ("name", "placeholder"))
        diff.people_changed.extend(_fields(person_id, was, person, names, {}))
    removed = [(i, side, p) for i, (side, p) in before.items() if i not in after or after[i][0] != side]
    # a placeholder removed and a named person added with its title and function: the position was filled
    open_positions: dict[tuple[str | None, str | None], str] = {
        (p.title, p.function): person_id for person_id, _, p in removed if _filled(p) and p.title is not None
    }
    for person_id, side, person in added:
        position = open_positions.pop((person.title, person.function), None) if not _filled(person) else None
        if position is not None and person.name:
            diff.placeholders_filled.append(Filled(position, person_id, person.title or "", person.name))
        else:
            diff.people_added.append(PersonEntry(person_id, side, person.label))
    filled = {entry.placeholder for entry in diff.placeholders_filled}
    diff.people_removed = [PersonEntry(i, side, p.label) for i, side, p in removed if i not in filled]


def _filled(person: Person) -> bool:
    """True for a client placeholder (a position without a named holder)."""
    return isinstance(person, ClientPerson) and person.placeholder


def _compare_relationships(old: AccountMap, new: AccountMap, diff: MapDiff) -> None:
    before = {_key(rel): rel for rel in old.relationships}
    after = {_key(rel): rel for rel in new.relationships}
    for key, rel in after.items():
        was = before.get(key)
        if was is None:
            diff.relationships_added.append(Link(*key, rel.strength))
            continue
        if rel.strength != was.strength:
            change = LinkChange(*key, "strength", was.strength, rel.strength)
            stronger = STRENGTH_RANK[rel.strength] > STRENGTH_RANK[was.strength]
            (diff.relationships_strengthened if stronger else diff.relationships_weakened).append(change)
        for name in ("basis", "last"):
            if getattr(rel, name) != getattr(was, name):
                diff.relationships_changed.append(LinkChange(*key, name, getattr(was, name), getattr(rel, name)))
    for key, rel in before.items():
        if key not in after:
            diff.relationships_removed.append(Link(*key, rel.strength))


def _compare_actions(old: AccountMap, new: AccountMap, diff: MapDiff) -> None:
    before = {action.id: action for action in old.actions}
    after = {action.id: action for action in new.actions}
    for action_id, action in after.items():
        was = before.get(action_id)
        if was is None:
            diff.actions_added.append(action)
        else:
            diff.actions_changed.extend(_fields(action_id, was, action, ACTION_FIELDS, {"with_": "with"}))
    diff.actions_removed.extend(action for action_id, action in before.items() if action_id not in after)


def diff_maps(old: AccountMap, new: AccountMap, old_label: str, new_label: str, today: date) -> MapDiff:
    """Every change from `old` to `new`; both maps must be valid. `today` dates the gap analysis."""
    names = {person_id: person.label for person_id, (_, person) in _people(old).items()}
    names.update((person_id, person.label) for person_id, (_, person) in _people(new).items())
    diff = MapDiff(account=new.account.name, old=old_label, new=new_label, names=names)
    diff.account_changed = _fields(new.account.name, old.account, new.account, ACCOUNT_FIELDS, {})
    _compare_people(old, new, diff, today)
    _compare_relationships(old, new, diff)
    _compare_actions(old, new, diff)
    _compare_gaps(old, new, today, diff)
    return diff


def _compare_gaps(old: AccountMap, new: AccountMap, today: date, diff: MapDiff) -> None:
    """Gaps that opened, closed, or no longer apply because someone left.

    Findings are compared one person at a time (unmerged), matched by kind
    and what they are about (`Finding.key`), so that another colleague asked
    to act, or a score that moved, is not a new gap.
    """
    from ..graph import build_graph
    from .gaps import find_gaps

    old_graph, new_graph = build_graph(old, today), build_graph(new, today)

    before = {f.key: f for f in find_gaps(old_graph, merging=False).findings}
    after = {f.key: f for f in find_gaps(new_graph, merging=False).findings}
    diff.gaps_opened = [GapChange(f.kind, f.people, f.message) for k, f in after.items() if k not in before]
    for k, f in before.items():
        if k in after:
            continue
        left = tuple(
            person
            for person in f.people
            if (person in new_graph.client or person in new_graph.team)
            and not new_graph.active(person)
            and (person in old_graph.client or person in old_graph.team)
            and old_graph.active(person)
        )
        (diff.gaps_moot if left else diff.gaps_closed).append(GapChange(f.kind, f.people, f.message, left))
