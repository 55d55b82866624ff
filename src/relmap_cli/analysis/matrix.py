"""The relationship matrix: our people x their people, each cell a strength.

The grid KAMs draw on whiteboards. People who left are not in it (the gap
report names their leftover links). Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..graph import AccountGraph, Contact


@dataclass(frozen=True)
class Matrix:
    """Rows are our current people, columns their current people, both in file order."""

    account: str
    ours: list[str] = field(default_factory=list)
    theirs: list[str] = field(default_factory=list)
    cells: dict[tuple[str, str], Contact] = field(default_factory=dict)

    def coverage(self, theirs: str) -> int:
        """How many of our people know this person at all (negative included)."""
        return sum(1 for ours in self.ours if (ours, theirs) in self.cells)


def build_matrix(graph: AccountGraph) -> Matrix:
    """The matrix of one map."""
    ours = [member.id for member in graph.active_team()]
    theirs = [person.id for person in graph.active_client()]
    rows, columns = set(ours), set(theirs)
    cells = {
        (contact.ours, contact.theirs): contact
        for contacts in graph.contacts_by.values()
        for contact in contacts
        if contact.ours in rows and contact.theirs in columns
    }
    return Matrix(graph.model.account.name, ours, theirs, cells)
