"""The scene -> a Graphviz DOT digraph (`dot -Tsvg map.dot > map.svg`).

Ids are generated and quoted (`"p0"`); labels are quoted strings with `\\`
and `"` escaped and `&` written as `&amp;` (Graphviz reads entities in
labels), never HTML-like `<...>` labels, so map text stays text.

Rows follow the same levels as the SVG layout, as ranks Graphviz keeps: each
row is a `rank=same` group holding an invisible anchor, and the anchors are
chained top-down by invisible edges, so every row sits below the one before
it whatever the lines say. Only an org-chart line that points down a row and
a contact (theirs above ours) may pull on the ranks; sway and antagonism
never bend the chart (`constraint=false`). No clusters: Graphviz 2.43 cannot
rank clusters and `rank=same` together reliably. A legend sits beneath. No I/O.
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
    elif node.stance is None:  # redacted
        palette, shape_style = style.PLAIN, '"rounded,filled"'
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


def _edge(edge: Edge, row: dict[str, int]) -> str:
    line = style.line_for(edge.kind, edge.strength, edge.gone)
    dash = None
    if edge.gone or (edge.kind == "knows" and edge.strength == "negative"):
        dash = "dotted"
    elif line.dash:
        dash = "dashed"
    common = {"color": f'"{line.color}"', "penwidth": line.width, "style": dash}
    if edge.kind == "reports-to":
        downward = row[edge.source] < row[edge.target]
        attrs = _attrs(dir="none", constraint=None if downward else "false", **common)
        return f'"{edge.source}" -> "{edge.target}" [{attrs}];'
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


LEGEND_STANCES = ("champion", "supporter", "neutral", "detractor", "unknown")
LEGEND_LINES = (
    ("reports-to", "strong", "reports to"),
    ("influences", "good", "influences"),
    ("defers-to", "good", "defers to"),
    ("opposes", "good", "opposes"),
    ("knows", "strong", "knows: strong"),
    ("knows", "good", "good"),
    ("knows", "weak", "weak"),
    ("knows", "negative", "negative"),
)


def _legend(scene: Scene) -> list[str]:
    """Sample boxes and lines, in three ranks of their own beneath the map."""
    out = ['  subgraph legend_boxes { rank=same;  // legend', '    "legend0" [style=invis, label="", width=0.01];']
    samples: list[tuple[str, style.Palette, str]] = []
    if not scene.redacted:
        samples.extend((stance, style.STANCES[stance], '"rounded,filled"') for stance in LEGEND_STANCES)
    samples.append(("placeholder", style.PLACEHOLDER, '"rounded,filled,dashed"'))
    samples.append(("left the company", style.GONE, '"rounded,filled"'))
    samples.append(("our team", style.TEAM, '"rounded,filled"'))
    for number, (label, palette, shape) in enumerate(samples):
        attrs = _attrs(label=_quoted(label), style=shape, fillcolor=f'"{palette.fill}"', color=f'"{palette.stroke}"')
        out.append(f'    "legend_box{number}" [{attrs}, fontsize=10];')
    out.append("  }")
    lines = [line for line in LEGEND_LINES if not (scene.redacted and (line[0] != "knows" or line[1] == "negative"))]
    if scene.redacted:
        lines = [("reports-to", "strong", "reports to"), *lines]
    for rank in ("a", "b"):
        out.append(f"  subgraph legend_{rank} {{ rank=same;")
        out.append(f'    "legend_{rank}" [style=invis, label="", width=0.01];')
        out.extend(f'    "legend_{rank}{number}" [shape=point, width=0.05, color="#9aa0a6"];' for number in range(len(lines)))
        out.append("  }")
    out.append('  "legend0" -> "legend_a" -> "legend_b" [style=invis];')
    for number, (kind, strength, words) in enumerate(lines):
        line = style.line_for(kind, strength)
        dash = "dotted" if strength == "negative" and kind == "knows" else ("dashed" if line.dash else None)
        arrow = "normal" if kind in ("influences", "defers-to") else "none"
        attrs = _attrs(label=_quoted(words), color=f'"{line.color}"', penwidth=line.width, style=dash, arrowhead=arrow)
        out.append(f'  "legend_a{number}" -> "legend_b{number}" [{attrs}];')
    return out


def render_dot(scene: Scene) -> str:
    """`relmap render --to dot`: the whole map as one digraph."""
    reviewed = f"reviewed {scene.reviewed.isoformat()}" if scene.reviewed else "review date not recorded"
    title_lines = [f"{dot_text(scene.account)} — relationship map", reviewed]
    if scene.part:
        title_lines.append(f"showing {dot_text(scene.part)}")
    out = [
        "digraph relmap {",
        f"  graph [{_attrs(label=_quoted(*title_lines), labelloc='t', fontname='Arial', fontsize=18)}];",
        "  graph [nodesep=0.35, ranksep=0.55];",
        '  node [shape=box, fontname="Arial", fontsize=11, margin="0.14,0.07"];',
        '  edge [fontname="Arial", fontsize=9, fontcolor="#4a5561"];',
    ]
    rows, tier_of = client_rows(scene)
    levels: list[str | None] = [*LEVELS, None]
    row = dict(tier_of)
    anchors: list[str] = []
    for number, (band, depth) in enumerate(rows):
        members = [node for node in scene.client if tier_of[node.key] == number]
        comment = level_label(levels[band]) + (f", {depth} below" if depth else "")
        out.append(f"  subgraph row{number} {{ rank=same;  // {comment}")
        out.append(f'    "row{number}" [style=invis, label="", width=0.01];')
        out.extend(f"    {_node(node)}" for node in members)
        out.append("  }")
        anchors.append(f'"row{number}"')
    if scene.team:
        out.append("  subgraph team_row { rank=same;  // our team")
        out.append('    "team_row" [style=invis, label="", width=0.01];')
        out.extend(f"    {_node(node)}" for node in scene.team)
        out.append("  }")
        anchors.append('"team_row"')
        row.update({node.key: len(rows) for node in scene.team})
    out.extend(_legend(scene))
    anchors.append('"legend0"')
    out.append(f"  {' -> '.join(anchors)} [style=invis];" if len(anchors) > 1 else "")
    out.extend(f"  {_edge(edge, row)}" for edge in scene.edges)
    out.append("}")
    return "\n".join(line for line in out if line) + "\n"
