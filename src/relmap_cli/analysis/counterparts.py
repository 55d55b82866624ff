"""The counterpart rule: which of our people should know which of theirs.

Our X should know their Y when they share a function (or a pair of functions
says so) and their levels are at most one step apart; executives always pair
with executives. The pairs are the map's `counterparts` plus, unless the map
says `counterparts_default: false`, sales with procurement and service with
operations (these relationships exist by default in B2B accounts). Among
several of ours, the one who shares a topic with the client person comes
first. Indexed by function so that finding a person's counterparts costs a
few lookups, not a scan of the team. Pure: no I/O.
"""

from __future__ import annotations

from collections import defaultdict

from ..format.model import LEVELS, ClientPerson, TeamMember
from ..graph import AccountGraph

RANK = {level: rank for rank, level in enumerate(LEVELS)}
# (ours, theirs): the function pairs every B2B account has
DEFAULT_PAIRS = (("sales", "procurement"), ("service", "operations"))


def level_gap(ours: TeamMember, theirs: ClientPerson) -> int | None:
    """Steps between two people's levels, or None when either level is unknown."""
    if ours.level is None or theirs.level is None:
        return None
    return abs(RANK[ours.level] - RANK[theirs.level])


def shared_topics(ours: TeamMember, theirs: ClientPerson) -> list[str]:
    """Their topics that one of ours also has, in their order."""
    return [topic for topic in theirs.topics if topic in ours.topics]


class CounterpartRule:
    """Answers "who of ours should know this client person?" for one map."""

    def __init__(self, graph: AccountGraph) -> None:
        self.graph = graph
        self.order = {member_id: position for position, member_id in enumerate(graph.team)}
        # (function, level rank) -> our current people there, in file order
        self.by_place: dict[tuple[str, int], list[TeamMember]] = defaultdict(list)
        self.executives: list[TeamMember] = []
        for member in graph.active_team():
            if member.function is not None and member.level is not None:
                self.by_place[(member.function, RANK[member.level])].append(member)
            if member.level == "executive":
                self.executives.append(member)
        # their function -> our functions that pair with it (besides the same function)
        self.pairs: dict[str, list[str]] = defaultdict(list)
        written = [(pair.ours, pair.theirs) for pair in graph.model.counterparts]
        defaults = list(DEFAULT_PAIRS) if graph.model.counterparts_default else []
        for ours, theirs in written + defaults:
            if ours != theirs and ours not in self.pairs[theirs]:
                self.pairs[theirs].append(ours)
        # people with the same function, level and topics have the same candidates: ordered once
        self._cache: dict[tuple[str | None, str | None, frozenset[str]], tuple[list[TeamMember], set[str]]] = {}

    def pairs_functions(self, ours: str | None, theirs: str | None) -> bool:
        """True when our function and theirs pair: the same, or a counterparts pair."""
        if ours is None or theirs is None:
            return False
        return ours == theirs or ours in self.pairs.get(theirs, ())

    def why(self, ours: TeamMember, theirs: ClientPerson) -> str:
        """In a few words, why the two should know each other."""
        if ours.level == "executive" and theirs.level == "executive":
            return "executive to executive"
        if ours.function == theirs.function:
            return f"both {ours.function}"
        return f"{ours.function} pairs with {theirs.function}"

    def candidates(self, theirs: ClientPerson) -> list[TeamMember]:
        """Our people who should know `theirs`: who shares a topic first, then closest level, then file order.

        The list is shared by everyone of the same place and topics: read it, do not change it.
        """
        return self._candidates(theirs)[0]

    def candidate_ids(self, theirs: ClientPerson) -> set[str]:
        """The ids of `candidates(theirs)` (shared too)."""
        return self._candidates(theirs)[1]

    def _candidates(self, theirs: ClientPerson) -> tuple[list[TeamMember], set[str]]:
        key = (theirs.function, theirs.level, frozenset(theirs.topics))
        if key not in self._cache:
            found: dict[str, TeamMember] = {}
            if theirs.level == "executive":
                found.update((member.id, member) for member in self.executives)
            if theirs.function is not None and theirs.level is not None:
                rank = RANK[theirs.level]
                for function in (theirs.function, *self.pairs.get(theirs.function, ())):
                    for near in (rank - 1, rank, rank + 1):
                        found.update((member.id, member) for member in self.by_place.get((function, near), ()))
            topics = set(theirs.topics)
            ordered = sorted(
                found.values(),
                key=lambda m: (topics.isdisjoint(m.topics), level_gap(m, theirs) or 0, self.order[m.id]),
            )
            self._cache[key] = (ordered, {member.id for member in ordered})
        return self._cache[key]
