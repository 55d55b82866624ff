"""The relationship matrix: our people x their people, each cell a strength.

The grid KAMs draw on whiteboards: the client's people grouped by function
(in the order the map first names each function) and, inside a function,
from the executive down, so the senior leadership of each function reads
first. People who left are not in it (the gap report names their
leftover links). Pure: no I/O.
"""

from dataclasses import dataclass, field
from datetime import date

from ..format.model import LEVELS
from ..graph import AccountGraph, Contact
from ..tuples import NamedTuple

LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}


class Group(NamedTuple):
    """The client's people of one function (None: no function given), most senior first."""

    function: str | None
    theirs: list[str]


@dataclass(frozen=True)
class Matrix:
    """Our current people (file order) against their current people (grouped)."""

    account: str
    ours: list[str] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    cells: dict[tuple[str, str], Contact] = field(default_factory=dict)
    known: dict[str, list[Contact]] = field(default_factory=dict)  # theirs -> contacts, ours in order

    @property
    def theirs(self) -> list[str]:
        """Their people in grid order: group by group."""
        return [person for group in self.groups for person in group.theirs]

    def coverage(self, theirs: str) -> int:
        """How many of our people know this person at all (negative included)."""
        return len(self.known.get(theirs, ()))

    def last_contact(self, theirs: str) -> Contact | None:
        """The most recent dated contact with the person (ties: the stronger, then ours in order)."""
        dated = [contact for contact in self.known.get(theirs, ()) if contact.last is not None]
        if not dated:
            return None
        return max(dated, key=lambda contact: (contact.last or date.min, contact.weight))


def build_matrix(graph: AccountGraph) -> Matrix:
    """The matrix of one map."""
    ours = [member.id for member in graph.active_team()]
    people = graph.active_client()
    first_seen: dict[str | None, int] = {}
    for person in people:
        first_seen.setdefault(person.function, len(first_seen))
    ordered = sorted(
        enumerate(people),
        key=lambda item: (
            item[1].function is None,  # people without a function come last
            first_seen[item[1].function],
            LEVEL_RANK.get(item[1].level or "", len(LEVELS)),
            item[0],
        ),
    )
    groups: list[Group] = []
    for _, person in ordered:
        if not groups or groups[-1].function != person.function:
            groups.append(Group(person.function, []))
        groups[-1].theirs.append(person.id)
    rows, columns = set(ours), {person.id for person in people}
    cells = {
        (contact.ours, contact.theirs): contact
        for contacts in graph.contacts_by.values()
        for contact in contacts
        if contact.ours in rows and contact.theirs in columns
    }
    order = {member: number for number, member in enumerate(ours)}
    known: dict[str, list[Contact]] = {}
    for contact in sorted(cells.values(), key=lambda contact: order[contact.ours]):
        known.setdefault(contact.theirs, []).append(contact)
    return Matrix(graph.model.account.name, ours, groups, cells, known)
