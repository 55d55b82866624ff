"""The counterpart rule: which of our people should know which of theirs.

Our X should know their Y when they share a function (or the map's
`counterparts` pair their functions) and their levels are at most one step
apart; executives always pair with executives. Indexed by function so that
finding a person's counterparts costs a few lookups, not a scan of the team.
"""

from __future__ import annotations

from collections import defaultdict

from ..graph import AccountGraph
from ..format.model import LEVELS, ClientPerson, TeamMember

RANK = {level: rank for rank, level in enumerate(LEVELS)}


def level_gap(ours: TeamMember, theirs: ClientPerson) -> int | None:
    """Steps between two people's levels, or None when either level is unknown."""
    if ours.level is None or theirs.level is None:
        return None
    return abs(RANK[ours.level] - RANK[theirs.level])


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
        for pair in graph.model.counterparts:
            if pair.ours not in self.pairs[pair.theirs]:
                self.pairs[pair.theirs].append(pair.ours)
        self._cache: dict[str, list[TeamMember]] = {}

    def why(self, ours: TeamMember, theirs: ClientPerson) -> str:
        """In a few words, why the two should know each other."""
        if ours.level == "executive" and theirs.level == "executive":
            return "executive to executive"
        if ours.function == theirs.function:
            return f"both {ours.function}"
        return f"{ours.function} pairs with {theirs.function}"

    def candidates(self, theirs: ClientPerson) -> list[TeamMember]:
        """Our people who should know `theirs`, closest level first, then file order."""
        if theirs.id not in self._cache:
            found: dict[str, TeamMember] = {}
            if theirs.level == "executive":
                found.update((member.id, member) for member in self.executives)
            if theirs.function is not None and theirs.level is not None:
                rank = RANK[theirs.level]
                for function in (theirs.function, *self.pairs.get(theirs.function, ())):
                    for near in (rank - 1, rank, rank + 1):
                        found.update((member.id, member) for member in self.by_place.get((function, near), ()))
            self._cache[theirs.id] = sorted(found.values(), key=lambda m: (level_gap(m, theirs) or 0, self.order[m.id]))
        return self._cache[theirs.id]

    def candidate_ids(self, theirs: ClientPerson) -> set[str]:
        """The ids of `candidates(theirs)`."""
        return {member.id for member in self.candidates(theirs)}
