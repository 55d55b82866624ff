"""The scene -> a Mermaid flowchart that GitHub renders in Markdown.

Node ids are generated (`p0`, `p1`, ... in file order), never taken from the
map, so they cannot collide with each other or with Mermaid keywords. Every
piece of map text is quoted and every character outside letters, digits and
a few harmless marks is written as a Mermaid entity code (`#34;` for `"`),
which Mermaid turns into an HTML character reference: `-->`, `]`, `;`,
`<img ...>` or `%%` in a name stay text. No I/O.
"""

from __future__ import annotations

from itertools import pairwise

from ...format.model import LEVELS
from ..safe import clean_line
from . import style
from .grid import client_tiers as client_rows
from .scene import Edge, Node, Scene, function_label, label_lines

_PLAIN = frozenset(" .,-()/'+@!?")


def mermaid_text(text: str) -> str:
    """Map text as the inside of a quoted Mermaid label."""
    return "".join(
        character if (character.isalnum() and character.isprintable()) or character in _PLAIN else f"#{ord(character)};"
        for character in clean_line(text)
    )


def _label(node: Node) -> str:
    text = "<br/>".join(label_lines(node, mermaid_text))
    return f'("{text}")' if node.side == "team" else f'["{text}"]'


def _link(edge: Edge, row: dict[str, int]) -> str:
    """The link between two nodes, written so that the org chart reads top-down.

    Mermaid ranks every link from its first node down to its second and can
    only put an arrowhead at the second, so a sway arrow that points up the
    org chart would pull the hierarchy out of shape. Such a link is written
    top-down without a head, and its label says which way it points (`▲`).
    """
    if edge.kind == "reports-to":
        return f"{edge.source} --- {edge.target}"
    if edge.kind == "knows":
        when = f", {edge.last.isoformat()}" if edge.last else ""
        return f'{edge.target} ---|"{edge.strength}{when}"| {edge.source}'  # theirs first: our team sits below
    upper, lower = sorted((edge.source, edge.target), key=lambda key: (row[key], int(key[1:])))
    if edge.kind == "opposes":
        return f'{upper} x--x|"opposes"| {lower}'
    basis = f", {edge.basis}" if edge.basis else ""
    words = f"{'defers to' if edge.kind == 'defers-to' else 'influences'} ({edge.strength}{basis})"
    if row[edge.source] > row[edge.target]:
        return f'{edge.target} {"-.-" if edge.kind == "defers-to" else "---"}|"▲ {words}"| {edge.source}'
    return f'{edge.source} {"-.->" if edge.kind == "defers-to" else "-->"}|"{words}"| {edge.target}'


def _holds(scene: Scene, row: dict[str, int]) -> list[tuple[str, str]]:
    """Invisible links that keep each level of a function below the one above it, and our team at the bottom.

    Mermaid has no `rank=same` and lays each subgraph out on its own: without
    these, a manager whose only line is to an executive would float up beside
    the vice presidents of their function.
    """
    holds: list[tuple[str, str]] = []
    functions: list[str | None] = list(dict.fromkeys(node.function for node in scene.client))
    for function in functions:
        groups = [
            members
            for level in (*LEVELS, None)
            if (members := [n for n in scene.client if n.function == function and n.level == level])
        ]
        for upper, lower in pairwise(groups):
            anchor = max(upper, key=lambda node: (row[node.key], -int(node.key[1:])))
            holds.extend((anchor.key, node.key) for node in lower)
    levels = [members for level in (*LEVELS, None) if (members := [n for n in scene.client if n.level == level])]
    if scene.team:
        levels.append(scene.team)
    for upper, lower in pairwise(levels):  # and across the map, each level below the one above
        anchor = max(upper, key=lambda node: (row[node.key], -int(node.key[1:])))
        holds.extend((anchor.key, node.key) for node in lower if (anchor.key, node.key) not in holds)
    return holds


def _link_style(edge: Edge) -> str:
    line = style.line_for(edge.kind, edge.strength, edge.gone)
    css = f"stroke:{line.color},stroke-width:{line.width}px"
    if line.dash:
        css += f",stroke-dasharray:{line.dash}"
    return css


def _class(node: Node) -> str:
    if node.gone:
        return "departed"
    if node.side == "team":
        return "teammember"
    if node.placeholder:
        return "placeholder"
    return node.stance or "person"  # no stance: a redacted picture


def render_mermaid(scene: Scene) -> str:
    """`relmap render --to mermaid`: a `flowchart TB` of the whole map.

    One subgraph per function, and our team in one beneath. Mermaid lays
    each subgraph out on its own, so the levels line up inside a function
    (manager above report, invisible links holding each level below the one
    above), not across functions; `--to svg` keeps the rows across the map.
    """
    reviewed = f"reviewed {scene.reviewed.isoformat()}" if scene.reviewed else "review date not recorded"
    out = ["flowchart TB", f"  %% {mermaid_text(scene.account)}: relationship map, {reviewed}"]
    if scene.part:
        out.append(f"  %% showing {mermaid_text(scene.part)}")
    _, row = client_rows(scene)
    bottom = max(row.values(), default=0) + 1
    row.update({node.key: bottom for node in scene.team})
    functions: list[str | None] = []
    for node in scene.client:
        if node.function not in functions:
            functions.append(node.function)
    for number, function in enumerate(functions):
        out.append(f'  subgraph f{number}["{mermaid_text(function_label(function))}"]')
        for level in (*LEVELS, None):
            out.extend(
                f"    {node.key}{_label(node)}" for node in scene.client if node.function == function and node.level == level
            )
        out.append("  end")
    if scene.team:
        out.append('  subgraph ours["Our team"]')
        out.extend(f"    {node.key}{_label(node)}" for node in scene.team)
        out.append("  end")
    styles: dict[str, list[int]] = {}
    for index, edge in enumerate(scene.edges):
        out.append(f"  {_link(edge, row)}")
        styles.setdefault(_link_style(edge), []).append(index)
    out.extend(f"  {above} ~~~ {below}" for above, below in _holds(scene, row))
    groups: dict[str, list[str]] = {}
    for node in scene.nodes:
        groups.setdefault(_class(node), []).append(node.key)
    for name, palette, extra in _classes():
        if name in groups:  # only the classes in use: a redacted chart names no stance at all
            out.append(f"  classDef {name} fill:{palette.fill},stroke:{palette.stroke},color:{palette.text}{extra}")
    for name, keys in groups.items():
        out.append(f"  class {','.join(keys)} {name}")
    for css, indexes in styles.items():
        out.append(f"  linkStyle {','.join(map(str, indexes))} {css}")
    return "\n".join(out) + "\n"


def _classes() -> list[tuple[str, style.Palette, str]]:
    classes = [(stance, palette, ",stroke-width:2px") for stance, palette in style.STANCES.items()]
    classes.append(("placeholder", style.PLACEHOLDER, ",stroke-dasharray:5 4"))
    classes.append(("departed", style.GONE, ""))
    classes.append(("teammember", style.TEAM, ""))
    classes.append(("person", style.PLAIN, ""))
    return classes
