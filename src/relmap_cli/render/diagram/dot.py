"""The scene -> a Graphviz DOT digraph (`dot -Tsvg map.dot > map.svg`).

Ids are generated and quoted (`"p0"`); labels are quoted strings with `\\`
and `"` escaped and `&` written as `&amp;` (Graphviz reads entities in
labels), never HTML-like `<...>` labels, so map text stays text. Rows follow
the same levels as the SVG layout; sway and antagonism do not bend the org
chart (`constraint=false`). No I/O.
"""

from __future__ import annotations

import re

from ...format.model import LEVELS
from ..safe import clean_line
from . import style
from .grid import client_tiers as client_rows
from .scene import Edge, Node, Scene, label_lines, level_label

_NOT_UNICODE = re.compile("[\ud800-\udfff]")


def dot_text(text: str) -> str:
    """Map text as the inside of a DOT quoted string, shown as written."""
    text = _NOT_UNICODE.sub(lambda m: f"\\u{ord(m.group()):04x}", clean_line(text))
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")


def _quoted(*lines: str) -> str:
    """A quoted DOT string of already-escaped lines, one per `\\n`."""
    return '"' + "\\n".join(lines) + '"'


def _attrs(**values: object) -> str:
    return ", ".join(f"{name}={value}" for name, value in values.items() if value is not None)


def _node(node: Node) -> str:
    lines = label_lines(node, dot_text)
    if node.gone:
        palette, shape_style = style.GONE, '"rounded,filled"'
    elif node.side == "team":
        palette, shape_style = style.TEAM, '"rounded,filled"'
    elif node.placeholder:
        palette, shape_style = style.PLACEHOLDER, '"rounded,filled,dashed"'
    else:
        palette, shape_style = style.stance_palette(node.stance), '"rounded,filled"'
    pen = 2.0 if node.side == "client" and node.stance in ("champion", "detractor") and not node.gone else 1.2
    width = 1.7 + 0.15 * (node.influence or 3) if node.side == "client" else None
    attrs = _attrs(
        label=_quoted(*lines),
        style=shape_style,
        fillcolor=f'"{palette.fill}"',
        color=f'"{palette.stroke}"',
        fontcolor=f'"{palette.text}"',
        penwidth=pen,
        width=f"{width:.2f}" if width else None,
    )
    return f'"{node.key}" [{attrs}];'


def _edge(edge: Edge) -> str:
    line = style.line_for(edge.kind, edge.strength, edge.gone)
    dash = None
    if edge.gone or (edge.kind == "knows" and edge.strength == "negative"):
        dash = "dotted"
    elif line.dash:
        dash = "dashed"
    common = {"color": f'"{line.color}"', "penwidth": line.width, "style": dash}
    if edge.kind == "reports-to":
        return f'"{edge.source}" -> "{edge.target}" [{_attrs(dir="none", **common)}];'
    if edge.kind == "knows":
        when = f", {edge.last.isoformat()}" if edge.last else ""
        label = _quoted(f"{edge.strength}{when}")
        # theirs -> ours, so that our team ranks below the people it knows
        return f'"{edge.target}" -> "{edge.source}" [{_attrs(dir="none", label=label, **common)}];'
    if edge.kind == "opposes":
        attrs = _attrs(dir="both", arrowhead="tee", arrowtail="tee", constraint="false", label='"opposes"', **common)
        return f'"{edge.source}" -> "{edge.target}" [{attrs}];'
    basis = f", {edge.basis}" if edge.basis else ""
    words = "defers to" if edge.kind == "defers-to" else "influences"
    label = _quoted(f"{words} ({edge.strength}{basis})")
    return f'"{edge.source}" -> "{edge.target}" [{_attrs(constraint="false", label=label, **common)}];'


def render_dot(scene: Scene) -> str:
    """`relmap render --to dot`: the whole map as one digraph."""
    reviewed = f"reviewed {scene.reviewed.isoformat()}" if scene.reviewed else "review date not recorded"
    title = _quoted(f"{dot_text(scene.account)} — relationship map", reviewed)
    out = [
        "digraph relmap {",
        f"  graph [{_attrs(label=title, labelloc='t', fontname='Arial', fontsize=18, newrank='true')}];",
        "  graph [nodesep=0.35, ranksep=0.55];",
        '  node [shape=box, fontname="Arial", fontsize=11, margin="0.14,0.07"];',
        '  edge [fontname="Arial", fontsize=9, fontcolor="#4a5561"];',
    ]
    client = scene.client
    if client:
        rows, row_of = client_rows(scene)
        levels: list[str | None] = [*LEVELS, None]
        out.append("  subgraph cluster_client {")
        out.append(f'    label={_quoted(dot_text(scene.account))}; style="rounded"; color="#c5ccd6"; fontname="Arial";')
        for number, (band, depth) in enumerate(rows):
            members = [node for node in client if row_of[node.key] == number]
            comment = level_label(levels[band]) + (f", {depth} below" if depth else "")
            out.append(f"    subgraph row{number} {{ rank=same;  // {comment}")
            out.extend(f"      {_node(node)}" for node in members)
            out.append("    }")
        out.append("  }")
    if scene.team:
        out.append("  subgraph cluster_team {")
        out.append(
            '    label="Our team"; style="rounded,filled"; fillcolor="#e9eef5"; color="#b8c4d4"; fontname="Arial";'
        )
        out.append("    subgraph team_row { rank=same;")
        out.extend(f"      {_node(node)}" for node in scene.team)
        out.append("    }")
        out.append("  }")
    out.extend(f"  {_edge(edge)}" for edge in scene.edges)
    out.append("}")
    return "\n".join(out) + "\n"
