"""The counterpart rule: which of our people should know which of theirs.

Our X should know their Y when they share a function (or the map's
`counterparts` pair their functions) and their levels are at most one step
apart; executives always pair with executives. Indexed by function so that
finding a person's counterparts costs a few lookups, not a scan of the team.
"""

from __future__ import annotations

from collections import defaultdict

from ..graph import AccountGraph
from ..model import LEVELS, ClientPerson, TeamMember

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
        self.by_function: dict[str, list[TeamMember]] = defaultdict(list)
        self.executives: list[TeamMember] = []
        for member in graph.team.values():
            if member.left is not None:
                continue
            if member.function is not None:
                self.by_function[member.function].append(member)
            if member.level == "executive":
                self.executives.append(member)
        # their function -> our functions that pair with it (besides the same function)
        self.pairs: dict[str, list[str]] = defaultdict(list)
        for pair in graph.model.counterparts:
            if pair.ours not in self.pairs[pair.theirs]:
                self.pairs[pair.theirs].append(pair.ours)

    def why(self, ours: TeamMember, theirs: ClientPerson) -> str:
        """In a few words, why the two should know each other."""
        if ours.level == "executive" and theirs.level == "executive":
            return "executive to executive"
        if ours.function == theirs.function:
            return f"both {ours.function}"
        return f"{ours.function} pairs with {theirs.function}"

    def candidates(self, theirs: ClientPerson) -> list[TeamMember]:
        """Our people who should know `theirs`, closest level first, then file order."""
        found: dict[str, TeamMember] = {}
        if theirs.level == "executive":
            for member in self.executives:
                found[member.id] = member
        if theirs.function is not None:
            for function in (theirs.function, *self.pairs.get(theirs.function, ())):
                for member in self.by_function.get(function, ()):
                    gap = level_gap(member, theirs)
                    if gap is not None and gap <= 1:
                        found[member.id] = member
        order = {member_id: position for position, member_id in enumerate(self.graph.team)}
        return sorted(found.values(), key=lambda m: (level_gap(m, theirs) or 0, order[m.id]))
