"""What hovering over a person shows: their facts and their lines, as label/value rows.

Shared by the SVG (a native tooltip) and the HTML (a details panel), so both
say the same. Each card reads only the lines that touch its person (the
scene's index), so the cards of a large map cost what its lines do. Text is
returned as written; the writers escape it. No I/O.
"""

from ...tuples import NamedTuple
from .scene import Edge, Node, Scene, function_label, level_label

STRENGTH_ORDER = {"strong": 0, "good": 1, "weak": 2, "negative": 3}


class Details(NamedTuple):
    """One person's card: a heading, a sub-heading and rows of (label, value)."""

    name: str
    subtitle: str
    rows: tuple[tuple[str, str], ...]

    def as_text(self) -> str:
        """The card as plain lines (for a tooltip)."""
        lines = [self.name]
        if self.subtitle:
            lines.append(self.subtitle)
        lines.extend(f"{label}: {value}" for label, value in self.rows)
        return "\n".join(lines)


def _contact_text(edge: Edge, other: Node) -> str:
    when = f", last {edge.last.isoformat()}" if edge.last else ", no date"
    return f"{other.name} ({edge.strength}{when})"


def _sway_rows(node: Node, scene: Scene) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for index in scene.links[node.key]:
        edge = scene.edges[index]
        if edge.kind == "knows":
            continue
        mine = edge.source == node.key
        other = scene.node(edge.target if mine else edge.source).name
        history = " (history)" if edge.gone else ""
        if edge.kind == "reports-to":
            rows.append(("manages", other + history) if mine else ("reports to", other + history))
        elif edge.kind == "opposes":
            rows.append(("opposes", other + history))
        elif edge.kind == "influences":
            label = "influences" if mine else "influenced by"
            rows.append((label, f"{other} ({edge.strength}){history}"))
        else:
            basis = f", {edge.basis}" if edge.basis else ""
            label = "defers to" if mine else "deferred to by"
            rows.append((label, f"{other} ({edge.strength}{basis}){history}"))
    return rows


def person_details(node: Node, scene: Scene) -> Details:
    """The card of one person."""
    place = " · ".join(
        part
        for part in (
            function_label(node.function) if node.function else "",
            level_label(node.level) if node.level else "",
        )
        if part
    )
    subtitle = " — ".join(part for part in (node.title if not node.placeholder else "", place) if part)
    rows: list[tuple[str, str]] = []
    if node.placeholder:
        rows.append(("position", f"{node.title or node.name}: holder not yet identified"))
    if node.left:
        rows.append(("left" if node.gone else "leaving", node.left.isoformat()))
    if node.side == "client":
        if not scene.redacted:
            rows.append(("stance", node.stance or "unknown"))
            rows.append(("influence", f"{node.influence} of 5"))
        rows.append(("roles", ", ".join(node.roles) if node.roles else "none recorded"))
    else:
        rows.append(("side", "our team"))
    if node.topics:
        rows.append(("topics", ", ".join(node.topics)))

    contacts = [scene.edges[index] for index in scene.links[node.key] if scene.edges[index].kind == "knows"]
    contacts.sort(key=lambda e: (STRENGTH_ORDER[e.strength], -(e.last.toordinal() if e.last else 0)))
    dated = [edge.last for edge in contacts if edge.last is not None]
    if node.side == "client":
        rows.append(("last contact", max(dated).isoformat() if dated else "none recorded"))
        label = "known by"
    else:
        label = "knows"
    for edge in contacts:
        other = scene.node(edge.target if edge.source == node.key else edge.source)
        rows.append((label, _contact_text(edge, other)))
    rows.extend(_sway_rows(node, scene))
    rows.extend(node.interests)
    if node.notes:
        rows.append(("notes", node.notes))
    return Details(node.name, subtitle, tuple(rows))
