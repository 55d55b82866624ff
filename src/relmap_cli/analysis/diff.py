"""What changed between two versions of a map, in the map's own terms. Pure; no I/O.

People are matched by id, relationships by `from kind to` (`opposes` either
way round), actions by id. Everything comes out in a fixed order: the new
map's order for what is there now, the old map's for what was removed.
Notes, contact details, topics and interests are not compared.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..format.model import AccountMap, Action, ClientPerson, Person, Relationship

# the fields whose changes a KAM wants to hear about, in the order they are reported
PERSON_FIELDS = ("name", "title", "function", "level", "roles", "stance", "influence", "placeholder", "reports_to")
ACCOUNT_FIELDS = ("name", "owner", "vision", "tier", "reviewed", "review_every", "intent")
ACTION_FIELDS = ("goal", "owner", "with_", "activity", "due", "status")
STRENGTH_RANK = {"negative": 0, "weak": 1, "good": 2, "strong": 3}

Key = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class PersonEntry:
    """A person who appeared in or disappeared from the map."""

    person: str
    side: str  # "team" or "client"
    name: str


@dataclass(frozen=True, slots=True)
class Departure:
    """A person whose `left` date was set."""

    person: str
    side: str
    name: str
    left: date


@dataclass(frozen=True, slots=True)
class Change:
    """One field of one thing (a person, an action, the account) that changed."""

    subject: str  # a person id, an action id, or the account's name
    field: str  # as written in the file
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class Link:
    """A relationship that was added or removed."""

    source: str
    kind: str
    target: str
    strength: str


@dataclass(frozen=True, slots=True)
class LinkChange:
    """A relationship that is in both versions with a field changed."""

    source: str
    kind: str
    target: str
    field: str  # strength, basis or last
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class GapChange:
    """A gap (as `relmap gaps` reports it) that opened or closed between the versions."""

    kind: str
    people: tuple[str, ...]
    message: str


@dataclass
class MapDiff:
    """Everything that changed from `old` to `new`, section by section."""

    account: str
    old: str  # how to name each version to the user
    new: str
    names: dict[str, str] = field(default_factory=dict)  # person id -> name, from either version
    people_added: list[PersonEntry] = field(default_factory=list)
    people_removed: list[PersonEntry] = field(default_factory=list)
    people_departed: list[Departure] = field(default_factory=list)
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


def _compare_people(old: AccountMap, new: AccountMap, diff: MapDiff) -> None:
    before, after = _people(old), _people(new)
    for person_id, (side, person) in after.items():
        previous = before.get(person_id)
        if previous is None or previous[0] != side:
            diff.people_added.append(PersonEntry(person_id, side, person.label))
            continue
        was = previous[1]
        if person.left is not None and was.left is None:
            diff.people_departed.append(Departure(person_id, side, person.label, person.left))
        elif person.left != was.left:
            diff.people_changed.append(Change(person_id, "left", was.left, person.left))
        names = PERSON_FIELDS if isinstance(person, ClientPerson) else PERSON_FIELDS[:4]
        diff.people_changed.extend(_fields(person_id, was, person, names, {}))
    for person_id, (side, person) in before.items():
        if person_id not in after or after[person_id][0] != side:
            diff.people_removed.append(PersonEntry(person_id, side, person.label))


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
    _compare_people(old, new, diff)
    _compare_relationships(old, new, diff)
    _compare_actions(old, new, diff)
    _compare_gaps(old, new, today, diff)
    return diff


def _compare_gaps(old: AccountMap, new: AccountMap, today: date, diff: MapDiff) -> None:
    """Gaps that opened or closed.

    Findings are compared one person at a time (unmerged), matched by kind
    and what they are about (`Finding.key`), so that another colleague asked
    to act, or a score that moved, is not a new gap.
    """
    from ..graph import build_graph
    from .gaps import find_gaps

    before = {f.key: f for f in find_gaps(build_graph(old, today), merging=False).findings}
    after = {f.key: f for f in find_gaps(build_graph(new, today), merging=False).findings}
    diff.gaps_opened = [GapChange(f.kind, f.people, f.message) for key, f in after.items() if key not in before]
    diff.gaps_closed = [GapChange(f.kind, f.people, f.message) for key, f in before.items() if key not in after]
