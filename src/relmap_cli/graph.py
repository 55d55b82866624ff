"""Model -> the account's graph: who sways whom, who opposes whom, who knows whom.

The one place that derives edges from a map (`reports_to` becomes authority
deference, `defers-to` and `influences` become sway, `opposes` is mutual).
The adjacency is plain Python so that `relmap gaps` starts fast; analyses
that need graph algorithms ask for `to_networkx()`, which imports networkx
on first use. No I/O, no rendering.
"""

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from .format.model import AccountMap, ClientPerson, Person, TeamMember
from .tuples import NamedTuple

if TYPE_CHECKING:
    import networkx as nx

# SPEC weights: how much a relationship of each strength carries
WEIGHTS: dict[str, float] = {"strong": 1.0, "good": 0.7, "weak": 0.4, "negative": 0.0}
REACHING = frozenset({"strong", "good"})


class Sway(NamedTuple):
    """One edge of the sway graph: `leader` sways `follower`.

    `follower defers-to leader`, `follower reports_to leader` and
    `leader influences follower` all give this edge; `kind` says which.
    """

    leader: str
    follower: str
    kind: str  # "reports-to" | "defers-to" | "influences"
    strength: str
    basis: str | None = None
    index: int | None = None  # position in `relationships`; None for reports_to

    @property
    def weight(self) -> float:
        """The SPEC weight of the edge's strength."""
        return WEIGHTS[self.strength]

    def describe(self, name: Callable[[str], str] = str) -> str:
        """The edge in the words of the map: `maria defers to anna (good, expertise)`.

        `name` turns an id into what to print (e.g. `AccountGraph.label`).
        """
        if self.kind == "influences":
            return f"{name(self.leader)} influences {name(self.follower)} ({self.strength})"
        verb = "reports to" if self.kind == "reports-to" else "defers to"
        basis = f", {self.basis}" if self.basis and self.kind == "defers-to" else ""
        return f"{name(self.follower)} {verb} {name(self.leader)} ({self.strength}{basis})"


class Contact(NamedTuple):
    """One of our people knows one of theirs."""

    ours: str
    theirs: str
    strength: str
    last: date | None
    index: int

    @property
    def weight(self) -> float:
        """The SPEC weight of the contact's strength (negative counts 0)."""
        return WEIGHTS[self.strength]


class AccountGraph:
    """The adjacency of one map, in file order, derived once (by `build_graph`)."""

    def __init__(
        self,
        model: AccountMap,
        team: dict[str, TeamMember],
        client: dict[str, ClientPerson],
        today: date | None = None,
    ) -> None:
        self.model = model
        self.team = team
        self.client = client
        self.today = today  # the day `left` dates are judged against; None: every one has passed
        self.sway_in: dict[str, list[Sway]] = {}  # follower -> edges
        self.sway_out: dict[str, list[Sway]] = {}  # leader -> edges
        self.opposes: dict[str, list[str]] = {}  # mutual, sorted ids
        self.contacts_of: dict[str, list[Contact]] = {}  # client id -> our contacts
        self.contacts_by: dict[str, list[Contact]] = {}  # team id -> their contacts
        self._networkx: Any = None
        self._best: dict[str, Contact | None] = {}  # best_contact, once per person
        self._active: dict[str, list[Contact]] = {}  # active_contacts_of, once per person

    def label(self, person_id: str) -> str:
        """How to name a person in a message: their name, or a placeholder's title."""
        person = self.team.get(person_id) or self.client.get(person_id)
        return person.label if person is not None else person_id

    def gone(self, person: Person) -> bool:
        """True when the person has left their company by `today`."""
        return person.left is not None and (self.today is None or person.left <= self.today)

    def leaving(self, person: Person) -> bool:
        """True when the person's departure is announced for a day after `today`."""
        return person.left is not None and not self.gone(person)

    def active(self, person_id: str) -> bool:
        """True unless the person has left their company."""
        person = self.team.get(person_id) or self.client.get(person_id)
        return person is not None and not self.gone(person)

    def active_client(self) -> list[ClientPerson]:
        """The client's people who have not left, in file order."""
        return [person for person in self.client.values() if not self.gone(person)]

    def active_team(self) -> list[TeamMember]:
        """Our people who have not left, in file order."""
        return [member for member in self.team.values() if not self.gone(member)]

    def active_contacts_of(self, client_id: str) -> list[Contact]:
        """Our contacts with a client person, from people of ours who have not left (kept: read it only)."""
        found = self._active.get(client_id)
        if found is None:
            team, gone = self.team, self.gone
            found = [contact for contact in self.contacts_of.get(client_id, ()) if not gone(team[contact.ours])]
            self._active[client_id] = found
        return found

    def best_contact(self, client_id: str) -> Contact | None:
        """Our strongest active contact with a person (ties: most recent, then id)."""
        try:
            return self._best[client_id]
        except KeyError:
            pass
        contacts = self.active_contacts_of(client_id)
        best = min(contacts, key=lambda c: (-c.weight, -(c.last or date.min).toordinal(), c.ours)) if contacts else None
        self._best[client_id] = best
        return best

    def reach(self, client_id: str) -> Contact | None:
        """Our contact that reaches the person: good or strong, and they are no detractor."""
        person = self.client.get(client_id)
        contact = self.best_contact(client_id)
        if person is None or self.gone(person) or person.stance == "detractor":
            return None
        if contact is None or contact.strength not in REACHING:
            return None
        return contact

    def to_networkx(self) -> "nx.MultiDiGraph[str]":
        """The whole graph for networkx algorithms (built on first call, then kept).

        Nodes are people (attribute `side`: team or client). Edges carry
        `kind`: sway edges run leader -> follower, `opposes` runs both ways,
        `knows` runs from our person to theirs; `weight` is the SPEC weight.
        """
        if self._networkx is None:
            import networkx as nx

            graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
            graph.add_nodes_from(self.team, side="team")
            graph.add_nodes_from(self.client, side="client")
            for edges in self.sway_out.values():
                for sway in edges:
                    graph.add_edge(sway.leader, sway.follower, kind=sway.kind, weight=sway.weight, sway=sway)
            for person, others in self.opposes.items():
                for other in others:
                    graph.add_edge(person, other, kind="opposes", weight=1.0)
            for contacts in self.contacts_by.values():
                for contact in contacts:
                    graph.add_edge(contact.ours, contact.theirs, kind="knows", weight=contact.weight, contact=contact)
            self._networkx = graph
        built: nx.MultiDiGraph[str] = self._networkx
        return built


def build_graph(model: AccountMap, today: date | None = None) -> AccountGraph:
    """Derive the account graph from a valid map, as of `today`.

    People who left by `today` keep their contacts (so gaps can report them)
    but no longer sway or oppose anyone; a departure announced for a later
    day does not count yet. Without `today`, every `left` date has passed.
    """
    graph = AccountGraph(
        model=model,
        team={person.id: person for person in model.team},
        client={person.id: person for person in model.client},
        today=today,
    )
    gone = {person.id for person in model.client if graph.gone(person)}

    def add_sway(sway: Sway) -> None:
        if sway.leader in gone or sway.follower in gone:
            return
        graph.sway_in.setdefault(sway.follower, []).append(sway)
        graph.sway_out.setdefault(sway.leader, []).append(sway)

    for person in model.client:
        if person.reports_to is not None:
            add_sway(Sway(person.reports_to, person.id, "reports-to", "strong", "authority"))
    opposed: dict[str, set[str]] = {}
    for index, rel in enumerate(model.relationships):
        if rel.kind == "defers-to":
            add_sway(Sway(rel.target, rel.source, "defers-to", rel.strength, rel.basis, index))
        elif rel.kind == "influences":
            add_sway(Sway(rel.source, rel.target, "influences", rel.strength, None, index))
        elif rel.kind == "opposes":
            if rel.source not in gone and rel.target not in gone:
                opposed.setdefault(rel.source, set()).add(rel.target)
                opposed.setdefault(rel.target, set()).add(rel.source)
        else:
            contact = Contact(rel.source, rel.target, rel.strength, rel.last, index)
            graph.contacts_of.setdefault(rel.target, []).append(contact)
            graph.contacts_by.setdefault(rel.source, []).append(contact)
    graph.opposes = {person: sorted(others) for person, others in sorted(opposed.items())}
    return graph
