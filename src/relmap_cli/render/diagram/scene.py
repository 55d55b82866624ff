"""The account graph -> what a picture of it shows: people and lines, in file order.

Every output format (SVG, HTML, Mermaid, DOT) draws the same scene, so they
carry the same information. Keys (`p0`, `p1`, ...) are made from positions,
never from map text, so they cannot collide or inject anything. Text is kept
as written: each format escapes it for its own target. A redacted scene
never holds a stance, an influence, a note, an interest or an `opposes`
line, so no format can leak one. No I/O.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ...format.model import LEVELS, ClientPerson, Person, Relationship
from ...graph import AccountGraph
from ...tuples import NamedTuple
from .view import View, describe_view, shown_people

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
    stance: str | None  # client only; None when redacted
    influence: int | None  # client only; None when redacted
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
        facts = [] if node.stance is None else [node.stance, f"influence {node.influence}"]
        roles = " ".join(ROLE_SHORT[role] for role in node.roles)
        if roles:
            facts.append(roles)
        if facts:
            lines.append(" · ".join(facts))
    if node.left:
        lines.append(f"{'left' if node.gone else 'leaving'} {node.left.isoformat()}")
    return lines


class Edge(NamedTuple):
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


class Scene(NamedTuple):
    """The people and lines of one map, and the words for its title."""

    account: str
    reviewed: date | None
    owner: str | None  # the account owner's name
    vision: str | None
    tier: int
    intent: str | None
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    links: dict[str, tuple[int, ...]]  # node key -> the indexes of the edges that touch it, in order
    part: str | None = None  # the part drawn (`around Maria Lopez, 1 step: 9 of 31 people`); None: all
    redacted: bool = False

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


def build_scene(graph: AccountGraph, view: View | None = None) -> Scene:
    """Everything the picture shows, derived once from the account graph (all of it, or `view`'s part)."""
    view = view or View()
    model = graph.model
    shown = shown_people(graph, view)
    everyone: list[Person] = [*graph.team.values(), *graph.client.values()]
    people = [person for person in everyone if person.id in shown]
    keys = {person.id: f"p{index}" for index, person in enumerate(people)}
    nodes = tuple(_node(keys[person.id], person, graph.gone(person), view.redact) for person in people)
    gone = {node.person_id for node in nodes if node.gone}

    edges: list[Edge] = []
    for person in graph.client.values():
        if person.reports_to is not None and person.id in keys and person.reports_to in keys:
            touches_gone = person.id in gone or person.reports_to in gone
            edges.append(
                Edge("reports-to", keys[person.reports_to], keys[person.id], "strong", "authority", None, touches_gone)
            )
    for rel in model.relationships:
        if rel.source not in keys or rel.target not in keys or (view.redact and not _shareable(rel)):
            continue
        touches_gone = rel.source in gone or rel.target in gone
        edges.append(
            Edge(rel.kind, keys[rel.source], keys[rel.target], rel.strength, rel.basis, rel.last, touches_gone)
        )
    links: dict[str, list[int]] = {node.key: [] for node in nodes}
    for index, edge in enumerate(edges):
        links[edge.source].append(index)
        links[edge.target].append(index)

    owner = graph.team.get(model.account.owner)
    return Scene(
        account=model.account.name,
        reviewed=model.account.reviewed,
        owner=owner.name if owner else None,
        vision=None if view.redact else model.account.vision,
        tier=model.account.tier,
        intent=None if view.redact else model.account.intent,
        nodes=nodes,
        edges=tuple(edges),
        links={key: tuple(indexes) for key, indexes in links.items()},
        part=describe_view(graph, view, len(people), len(everyone)),
        redacted=view.redact,
    )


def _shareable(rel: Relationship) -> bool:
    """What a redacted picture keeps: who of ours knows whom, short of a hostile contact.

    Who sways or defers to whom, and who opposes whom, is the account team's
    reading of the client's politics: never shown beyond it.
    """
    return rel.kind == "knows" and rel.strength != "negative"


def _node(key: str, person: Person, gone: bool, redact: bool) -> Node:
    client = isinstance(person, ClientPerson) and not redact
    return Node(
        key=key,
        person_id=person.id,
        side="client" if isinstance(person, ClientPerson) else "team",
        name=person.label,
        title=person.title,
        function=person.function,
        level=person.level,
        stance=person.stance if client and isinstance(person, ClientPerson) else None,
        influence=person.influence if client and isinstance(person, ClientPerson) else None,
        roles=tuple(person.roles) if client and isinstance(person, ClientPerson) else (),
        topics=tuple(person.topics),
        placeholder=person.placeholder if isinstance(person, ClientPerson) else False,
        left=person.left,
        gone=gone,
        notes=None if redact else person.notes,
        interests=_interests(person) if client and isinstance(person, ClientPerson) else (),
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


# short words that are written in capitals wherever they stand in a function's name
ACRONYMS = frozenset(
    "it ict hr qa qc qhse hse ehs esg csr pr ir cx ux ui bi mro scm crm erp pmo gtm sre hq emea apac amer latam"
    " r&d m&a p&l ai ml".split()
)


def function_label(function: str | None) -> str:
    """A function slug as a heading: `r-and-d` -> `R&D`, `it` -> `IT`, `supply-chain` -> `Supply chain`."""
    if function is None:
        return "Function not set"
    words = [word for word in function.replace("_", "-").split("-") if word]
    joined: list[str] = []
    index = 0
    while index < len(words):  # `r-and-d` and `m-and-a`: two letters around "and" are one acronym
        if index + 2 < len(words) and words[index + 1] == "and" and len(words[index]) == len(words[index + 2]) == 1:
            joined.append(f"{words[index]}&{words[index + 2]}")
            index += 3
        else:
            joined.append("&" if words[index] == "and" else words[index])
            index += 1
    shown = [word.upper() if word.lower() in ACRONYMS else word for word in joined]
    text = " ".join(shown) or function
    return text[:1].upper() + text[1:]


LEVEL_ORDER = {level: index for index, level in enumerate(LEVELS)}
