"""The account graph -> what a picture of it shows: people and lines, in file order.

Every output format (SVG, HTML, Mermaid, DOT) draws the same scene, so they
carry the same information. Keys (`p0`, `p1`, ...) are made from positions,
never from map text, so they cannot collide or inject anything. Text is kept
as written: each format escapes it for its own target. No I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ...format.model import LEVELS, ClientPerson, Person
from ...graph import AccountGraph

EDGE_KINDS = ("reports-to", "defers-to", "influences", "opposes", "knows")
SWAY_KINDS = frozenset({"reports-to", "defers-to", "influences"})
ROLE_SHORT = {
    "decision-maker": "DM",
    "budget-holder": "BH",
    "influencer": "INF",
    "resource-controller": "RC",
    "gatekeeper": "GK",
    "user": "U",
    "technical": "T",
}


@dataclass(frozen=True, slots=True)
class Node:
    """One person as the picture shows them."""

    key: str  # `p0`, `p1`, ... in file order: team first, then client
    person_id: str
    side: str  # "client" | "team"
    name: str  # the name; a placeholder's title or id
    title: str | None
    function: str | None
    level: str | None
    stance: str | None  # client only
    influence: int | None  # client only
    roles: tuple[str, ...]
    topics: tuple[str, ...]
    placeholder: bool
    left: date | None
    gone: bool  # left by the day the picture is drawn for (a later `left` is an announced departure)
    notes: str | None
    interests: tuple[tuple[str, str], ...] = ()  # ("needs", text), ("fears", text), ...


def label_lines(node: Node, text: Callable[[str], str]) -> list[str]:
    """The lines of a person's label in the text formats; `text` escapes map text for the target."""
    lines = [text(node.name)]
    if node.title and not node.placeholder:
        lines.append(text(node.title))
    if node.placeholder:
        lines.append("(to be identified)")
    if node.side == "client":
        facts = [node.stance or "unknown", f"influence {node.influence}"]
        roles = " ".join(ROLE_SHORT[role] for role in node.roles)
        if roles:
            facts.append(roles)
        lines.append(" · ".join(facts))
    if node.left:
        lines.append(f"{'left' if node.gone else 'leaving'} {node.left.isoformat()}")
    return lines


@dataclass(frozen=True, slots=True)
class Edge:
    """One line of the picture.

    `source` -> `target` is manager -> report for reports-to (the org chart
    reads top-down), and the relationship as the map writes it otherwise:
    `from KIND to` (so `anna defers-to frank` is anna -> frank).
    """

    kind: str
    source: str  # node key
    target: str  # node key
    strength: str
    basis: str | None
    last: date | None
    gone: bool  # touches someone who left: drawn as history, greyed

    @property
    def directed(self) -> bool:
        """True for sway, which the picture draws as an arrow."""
        return self.kind in ("defers-to", "influences")


@dataclass(frozen=True, slots=True)
class Scene:
    """The people and lines of one map, and the words for its title."""

    account: str
    reviewed: date | None
    owner: str | None  # the account owner's name
    vision: str | None
    tier: int
    intent: str | None
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def node(self, key: str) -> Node:
        """The node with this key."""
        return self.nodes[int(key[1:])]

    @property
    def client(self) -> list[Node]:
        """The client's people, in file order."""
        return [node for node in self.nodes if node.side == "client"]

    @property
    def team(self) -> list[Node]:
        """Our people, in file order."""
        return [node for node in self.nodes if node.side == "team"]


def build_scene(graph: AccountGraph) -> Scene:
    """Everything the picture shows, derived once from the account graph."""
    model = graph.model
    people: list[Person] = [*graph.team.values(), *graph.client.values()]
    keys = {person.id: f"p{index}" for index, person in enumerate(people)}
    nodes = tuple(_node(keys[person.id], person, graph.gone(person)) for person in people)
    gone = {node.person_id for node in nodes if node.gone}

    edges: list[Edge] = []
    for person in graph.client.values():
        if person.reports_to is not None:
            touches_gone = person.id in gone or person.reports_to in gone
            edges.append(
                Edge("reports-to", keys[person.reports_to], keys[person.id], "strong", "authority", None, touches_gone)
            )
    for rel in model.relationships:
        touches_gone = rel.source in gone or rel.target in gone
        edges.append(
            Edge(rel.kind, keys[rel.source], keys[rel.target], rel.strength, rel.basis, rel.last, touches_gone)
        )

    owner = graph.team.get(model.account.owner)
    return Scene(
        account=model.account.name,
        reviewed=model.account.reviewed,
        owner=owner.name if owner else None,
        vision=model.account.vision,
        tier=model.account.tier,
        intent=model.account.intent,
        nodes=nodes,
        edges=tuple(edges),
    )


def _node(key: str, person: Person, gone: bool) -> Node:
    return Node(
        key=key,
        person_id=person.id,
        side="client" if isinstance(person, ClientPerson) else "team",
        name=person.label,
        title=person.title,
        function=person.function,
        level=person.level,
        stance=person.stance if isinstance(person, ClientPerson) else None,
        influence=person.influence if isinstance(person, ClientPerson) else None,
        roles=tuple(person.roles) if isinstance(person, ClientPerson) else (),
        topics=tuple(person.topics),
        placeholder=person.placeholder if isinstance(person, ClientPerson) else False,
        left=person.left,
        gone=gone,
        notes=person.notes,
        interests=_interests(person) if isinstance(person, ClientPerson) else (),
    )


def _interests(person: ClientPerson) -> tuple[tuple[str, str], ...]:
    interests = person.interests
    if interests is None:
        return ()
    pairs = [(kind, text) for kind in ("needs", "concerns", "fears") for text in getattr(interests, kind)]
    if interests.success:
        pairs.append(("success", interests.success))
    return tuple(pairs)


def level_label(level: str | None) -> str:
    """The row heading for a level: `Executive`, `VP`, ..., or `Level not set`."""
    if level is None:
        return "Level not set"
    return "VP" if level == "vp" else level.capitalize()


def function_label(function: str | None) -> str:
    """A function slug as a column heading: `r-and-d` -> `R&D`, `supply-chain` -> `Supply chain`."""
    if function is None:
        return "Function not set"
    words = function.replace("_", "-").split("-")
    if len(words) == 3 and words[1] == "and" and len(words[0]) == len(words[2]) == 1:
        return f"{words[0]}&{words[2]}".upper()
    text = " ".join("&" if word == "and" else word for word in words if word) or function
    return text[:1].upper() + text[1:]


LEVEL_ORDER = {level: index for index, level in enumerate(LEVELS)}
