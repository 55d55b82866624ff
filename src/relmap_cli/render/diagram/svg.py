"""The scene and its layout -> one SVG document: title, org chart, our team, legend.

Every piece of map text is escaped as XML text or attribute (after control
characters are made visible), and element ids come from positions, never from
the map, so a name cannot open a tag or clash with an id. The HTML page
embeds this same drawing. No I/O.
"""

import html
import re
from collections.abc import Iterable
from itertools import pairwise

from ...tuples import NamedTuple
from ..safe import clean_line
from . import style
from .boxtext import FOOT_SIZE, PAD_LEFT, TOP
from .details import person_details
from .layout import Box, Layout, build_layout
from .scene import Node, Scene, function_label
from .textsize import text_width, wrap

FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"
LINE_H = 18  # one line of the subtitle or the vision
MIN_WIDTH = 900.0
MARGIN = 16
LEGEND_ROW = 26
LEGEND_LABEL_W = 124
STANCE_MARK = {"champion": "++", "supporter": "+", "neutral": "=", "detractor": "\u2013", "unknown": "?"}
KIND_ORDER = {"reports-to": 0, "knows": 1, "defers-to": 2, "influences": 2, "opposes": 3}
ROLE_WORDS = {
    "DM": "decision maker",
    "BH": "budget holder",
    "INF": "influencer",
    "RC": "resource controller",
    "GK": "gatekeeper",
    "U": "user",
    "T": "technical",
}

# characters XML 1.0 cannot carry at all (control characters are already escaped by `clean_line`)
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")

# how each kind of text is drawn, as presentation attributes: they hold wherever the drawing is shown,
# in a page, in a slide tool that ignores style sheets, or cloned onto a printed page by `<use>`
TEXT_STYLE: dict[str, dict[str, str]] = {
    "title": {"font_size": "22", "font_weight": "bold"},
    "subtitle": {"font_size": "13", "fill": "#4a5561"},
    "vision": {"font_size": "13", "font_style": "italic", "fill": "#4a5561"},
    "band-label": {"font_size": "11", "font_weight": "bold", "letter_spacing": "0.44", "fill": "#5f6b7a"},
    "column-label": {
        "font_size": "13",
        "font_weight": "bold",
        "fill": "#3c4650",
        "paint_order": "stroke",
        "stroke": "#ffffff",
        "stroke_width": "4",
        "stroke_linejoin": "round",
    },
    "name": {"font_weight": "bold"},
    "role": {"font_size": "11", "font_weight": "bold"},
    "mark": {"font_size": "11", "font_weight": "bold", "fill": "#ffffff"},
    "legend-head": {"font_size": "11", "font_weight": "bold", "letter_spacing": "0.44", "fill": "#5f6b7a"},
    "legend": {"font_size": "12", "fill": "#3c4650"},
}
TEXT_FILL = "#1f2933"

CSS = """
.relmap .person:focus { outline: none; }
.relmap .person:focus > rect.frame { stroke-width: 3; }
"""


def xml_text(text: str) -> str:
    """Map text made safe as XML character data or a quoted attribute value."""
    return html.escape(_NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", clean_line(text)), quote=True)


def _n(value: float) -> str:
    """A coordinate written the same way every time."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _el(tag: str, content: str | None = None, **attrs: object) -> str:
    """An element: `_` in attribute names becomes `-`, None values are left out, values escaped.

    `content` is markup already escaped by the caller (use `xml_text` for map text).
    """
    parts = [tag]
    if tag == "text":
        style = TEXT_STYLE.get(str(attrs.get("class_") or ""), {})
        attrs = {**attrs, **{name: value for name, value in style.items() if attrs.get(name) is None}}
        if attrs.get("fill") is None:
            attrs["fill"] = TEXT_FILL
    for name, value in attrs.items():
        if value is None:
            continue
        shown = _n(value) if isinstance(value, float) else str(value)
        parts.append(f'{name.rstrip("_").replace("_", "-")}="{xml_text(shown)}"')
    head = " ".join(parts)
    return f"<{head}/>" if content is None else f"<{head}>{content}</{tag}>"


def rounded_path(points: Iterable[tuple[float, float]], radius: float = 7.0) -> str:
    """An SVG path through `points` with rounded corners."""
    pts = list(points)
    out = [f"M{_n(pts[0][0])},{_n(pts[0][1])}"]
    for (x0, y0), (x1, y1), (x2, y2) in zip(pts, pts[1:], pts[2:], strict=False):
        before = abs(x1 - x0) + abs(y1 - y0)
        after = abs(x2 - x1) + abs(y2 - y1)
        r = min(radius, before / 2, after / 2)
        ax, ay = x1 - r * _sign(x1 - x0), y1 - r * _sign(y1 - y0)
        bx, by = x1 + r * _sign(x2 - x1), y1 + r * _sign(y2 - y1)
        out.append(f"L{_n(ax)},{_n(ay)}Q{_n(x1)},{_n(y1)} {_n(bx)},{_n(by)}")
    out.append(f"L{_n(pts[-1][0])},{_n(pts[-1][1])}")
    return "".join(out)


def _sign(value: float) -> int:
    return (value > 1e-9) - (value < -1e-9)


# -- pieces -------------------------------------------------------------------------------
def _defs() -> str:
    markers = []
    for name, color in (("sway", style.SWAY["influences"]["good"].color), ("history", style.HISTORY.color)):
        arrow = _el("path", d="M0,0.5L10,5L0,9.5z", fill=color)
        markers.append(
            _el(
                "marker",
                arrow,
                id=f"relmap-arrow-{name}",
                viewBox="0 0 10 10",
                refX="9.5",
                refY="5",
                markerWidth="10",
                markerHeight="10",
                markerUnits="userSpaceOnUse",
                orient="auto-start-reverse",
            )
        )
    return _el("defs", "".join(markers))


def _header(scene: Scene, width: float) -> tuple[list[str], float]:
    """The title, the facts line, the part drawn and the vision, wrapped to the width; and their height."""
    facts = [f"Reviewed {scene.reviewed.isoformat()}" if scene.reviewed else "Review date not recorded"]
    if scene.owner:
        facts.append(f"Account owner {scene.owner}")
    if not scene.redacted:
        facts.append(f"Tier {scene.tier}")
    if scene.intent:
        facts.append(f"Intent {scene.intent}")
    room = width - 2 * MARGIN
    out: list[str] = []
    y = 32.0
    titles = wrap(clean_line(scene.account) + " \u2014 relationship map", room, 22, bold=True)
    for number, line in enumerate(titles):
        out.append(_el("text", xml_text(line), class_="title", x=float(MARGIN), y=y))
        y += 27 if number + 1 < len(titles) else 21
    lines = [(" · ".join(facts), "subtitle")]
    if scene.part:
        lines.append((f"Showing {scene.part}", "subtitle"))
    if scene.vision:
        lines.append((f"Vision: {scene.vision}", "vision"))
    for text, css in lines:
        for line in wrap(clean_line(text), room, 13):
            out.append(_el("text", xml_text(line), class_=css, x=float(MARGIN), y=y))
            y += LINE_H
    return out, y - 4


def _background(layout: Layout, width: float) -> list[str]:
    out = []
    shade = True
    for band in layout.bands:
        if band.kind == "team":
            out.append(_el("rect", x=0.0, y=band.y, width=width, height=band.h, fill="#e9eef5"))
            out.append(_el("line", x1=0.0, y1=band.y, x2=width, y2=band.y, stroke="#b8c4d4"))
        else:
            fill = "#f6f7f9" if shade else "#ffffff"
            shade = not shade
            out.append(_el("rect", x=0.0, y=band.y, width=width, height=band.h, fill=fill))
        words = band.label.upper().split()
        lines = [" ".join(words[:2]), " ".join(words[2:])] if len(words) > 2 else [" ".join(words)]
        first = band.y + band.h / 2 + 4 - (len(lines) - 1) * 7
        for number, line in enumerate(lines):
            out.append(_el("text", xml_text(line), class_="band-label", x=float(MARGIN), y=first + number * 14))
    for column in layout.columns:
        out.append(_el("rect", x=column.x, y=column.y + 5, width=column.w, height=2.0, rx=1.0, fill="#c5ccd6"))
    return out


def _headings(layout: Layout) -> list[str]:
    """The function headings, drawn over the lines (with a white halo), so that no line runs through one."""
    out = []
    for column in layout.columns:
        label = clean_line(function_label(column.label or None))
        middle = column.x + column.w / 2
        out.append(_el("text", xml_text(label), class_="column-label", text_anchor="middle", x=middle, y=column.y))
    return out


def _edges(scene: Scene, layout: Layout) -> list[str]:
    out = []
    order = sorted(layout.routes, key=lambda route: (KIND_ORDER[scene.edges[route.edge].kind], route.edge))
    for route in order:
        edge = scene.edges[route.edge]
        line = style.line_for(edge.kind, edge.strength, edge.gone)
        d = rounded_path(route.points)
        parts = []
        if edge.kind != "reports-to":  # a white casing, so that crossing lines stay apart
            parts.append(
                _el(
                    "path",
                    d=d,
                    fill="none",
                    stroke="#ffffff",
                    stroke_width=line.width + 3.0,
                    stroke_opacity="0.85",
                    stroke_linejoin="round",
                )
            )
        marker = f"url(#relmap-arrow-{'history' if edge.gone else 'sway'})" if edge.directed else None
        parts.append(
            _el(
                "path",
                d=d,
                fill="none",
                stroke=line.color,
                stroke_width=line.width,
                stroke_dasharray=line.dash,
                stroke_linejoin="round",
                marker_start=marker if route.reverse else None,
                marker_end=None if route.reverse else marker,
            )
        )
        if edge.kind == "opposes":
            parts.extend(_cross(x, y, line.color) for x, y in opposes_marks(route.points))
        out.append(_el("g", "".join(parts), class_=f"edge k-{edge.kind}", data_a=edge.source, data_b=edge.target))
    return out


def _along(points: tuple[tuple[float, float], ...], distance: float) -> tuple[float, float]:
    """The point `distance` pixels along a polyline."""
    for (x0, y0), (x1, y1) in pairwise(points):
        length = abs(x1 - x0) + abs(y1 - y0)
        if distance <= length and length > 0:
            t = distance / length
            return (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)
        distance -= length
    return points[-1]


MARK_AT = 24.0  # how far along an `opposes` line, from each person, its marker sits


def opposes_marks(points: tuple[tuple[float, float], ...]) -> list[tuple[float, float]]:
    """Where an `opposes` line's crossed circles sit: near each of the two people, on the line."""
    length = sum(abs(x1 - x0) + abs(y1 - y0) for (x0, y0), (x1, y1) in pairwise(points))
    if length < 4 * MARK_AT:
        return [_along(points, length / 2)]
    return [_along(points, MARK_AT), _along(points, length - MARK_AT)]


def _cross(cx: float, cy: float, color: str) -> str:
    """A small crossed circle: antagonism."""
    d = f"M{_n(cx - 3)},{_n(cy - 3)}L{_n(cx + 3)},{_n(cy + 3)}M{_n(cx + 3)},{_n(cy - 3)}L{_n(cx - 3)},{_n(cy + 3)}"
    return _el("circle", cx=cx, cy=cy, r=6.0, fill="#ffffff", stroke=color, stroke_width=1.6) + _el(
        "path", d=d, stroke=color, stroke_width=1.8, stroke_linecap="round"
    )


def _stripe(box: Box, color: str) -> str:
    x, y, h = box.x, box.y, box.h
    d = f"M{_n(x + 6)},{_n(y)}A6,6 0 0 0 {_n(x)},{_n(y + 6)}V{_n(y + h - 6)}A6,6 0 0 0 {_n(x + 6)},{_n(y + h)}Z"
    return _el("path", d=d, fill=color)


def _palette(node: Node) -> style.Palette:
    if node.gone:
        return style.GONE
    if node.side == "team":
        return style.TEAM
    if node.placeholder:
        return style.PLACEHOLDER
    if node.stance is None:  # redacted: no stance to show
        return style.PLAIN
    return style.stance_palette(node.stance)


def _person(node: Node, box: Box, scene: Scene, tooltips: bool) -> str:
    details = person_details(node, scene)
    palette = _palette(node)
    classes = ["person", node.side]
    if node.side == "client" and node.stance is not None:
        classes.append(f"s-{node.stance}")
    if node.placeholder:
        classes.append("placeholder")
    if node.gone:
        classes.append("gone")
    parts = [f"<title>{_multiline(details.as_text())}</title>"] if tooltips else []
    strong = node.stance in ("champion", "detractor") and not node.gone
    parts.append(
        _el(
            "rect",
            class_="frame",
            x=box.x,
            y=box.y,
            width=box.w,
            height=box.h,
            rx=6.0,
            fill=palette.fill,
            stroke=palette.stroke,
            stroke_width=2.0 if strong else 1.4,
            stroke_dasharray="5 4" if node.placeholder else None,
        )
    )
    text = box.text
    left = box.x + PAD_LEFT
    if not node.placeholder:
        parts.append(_stripe(box, palette.stroke))
    y = box.y + TOP
    for line in text.name:
        y += text.line_height(text.name_size)
        if node.placeholder:
            parts.append(_text(left, y - 3, line, text.name_size, css="pname", fill=palette.text, font_style="italic"))
        else:
            parts.append(_text(left, y - 3, line, text.name_size, css="name", fill=palette.text))
    for line in text.title:
        y += text.line_height(text.title_size)
        colour = "#80868b" if node.placeholder else ("#8a8f94" if node.gone else "#4a5561")
        extra = {"font_style": "italic"} if node.placeholder else {}
        parts.append(_text(left, y - 3, line, text.title_size, css="job", fill=colour, **extra))
    if node.side == "client":
        base = box.bottom - 7
        if text.footer:
            lines = text.footer.split("\n")
            colour = ("#80868b" if node.gone else palette.stroke) if node.left else palette.stroke
            for number, line in enumerate(lines):
                parts.append(_text(left, base - (len(lines) - 1 - number) * 15, line, FOOT_SIZE, css="role", fill=colour))
        if text.pips:
            parts.extend(_pips(box.right - 37, box.bottom - 11, node.influence or 3, palette.stroke))
        if node.stance is not None:
            parts.extend(_mark(box.right - 12, box.y + 13, 8.0, node.stance, palette.stroke))
    label = details.as_text().replace("\n", " · ")
    return _el(
        "g",
        "".join(parts),
        class_=" ".join(classes),
        data_key=node.key,
        tabindex="0",
        role="img",
        aria_label=label,
    )


def _text(x: float, y: float, text: str, size: float, *, css: str | None = None, **attrs: object) -> str:
    return _el("text", xml_text(text), class_=css, x=x, y=y, font_size=size, **attrs)


def _pips(x: float, y: float, influence: int, color: str) -> list[str]:
    return [
        _el(
            "circle",
            cx=x + index * 6.8,
            cy=y,
            r=2.5,
            fill=color if index < influence else "#ffffff",
            stroke=color,
            stroke_width=1.0,
        )
        for index in range(5)
    ]


def _mark(cx: float, cy: float, r: float, stance: str, color: str) -> list[str]:
    glyph = xml_text(STANCE_MARK[stance])
    size = 11.0
    return [
        _el("circle", cx=cx, cy=cy, r=r, fill=color),
        _el("text", glyph, class_="mark", text_anchor="middle", x=cx, y=cy + size * 0.36, font_size=size),
    ]


def _multiline(text: str) -> str:
    return "\n".join(xml_text(line) for line in text.split("\n"))


# -- legend -------------------------------------------------------------------------------
LEGEND: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "STANCE",
        (
            ("stance:champion", "champion"),
            ("stance:supporter", "supporter"),
            ("stance:neutral", "neutral"),
            ("stance:detractor", "detractor"),
            ("stance:unknown", "unknown"),
            ("influence", "influence 1\u20135 (also box size)"),
        ),
    ),
    (
        "PEOPLE",
        (
            ("team", "our team"),
            ("placeholder", "position to fill (holder not identified)"),
            ("gone", "left the company"),
        ),
    ),
    (
        "THEIR LINES",
        (
            ("reports-to", "reports to (org chart)"),
            ("influences", "influences"),
            ("defers-to", "defers to"),
            ("opposes", "opposes"),
            ("history", "history: someone who left"),
            ("", "thicker: stronger sway"),
            ("", "lines of one style that share a person run as one trunk"),
        ),
    ),
    (
        "OUR CONTACTS",
        (
            ("knows:strong", "strong"),
            ("knows:good", "good"),
            ("knows:weak", "weak"),
            ("knows:negative", "negative"),
        ),
    ),
    ("ROLES", tuple(("", f"{short} {word}") for short, word in ROLE_WORDS.items())),
)
# what a redacted picture does not draw: stances, influence, who sways or opposes whom, hostile contacts, roles
REDACTED_OUT = {
    *(f"stance:{stance}" for stance in ("champion", "supporter", "neutral", "detractor", "unknown")),
    "influence", "influences", "defers-to", "opposes", "knows:negative",
}  # fmt: skip
REDACTED_LABELS = {"thicker: stronger sway"}
REDACTED_SECTIONS = {"ROLES"}


def legend_items(redacted: bool) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """The legend's sections; without what a redacted picture leaves out."""
    if not redacted:
        return LEGEND
    kept = []
    for heading, items in LEGEND:
        if heading in REDACTED_SECTIONS:
            continue
        left = tuple(item for item in items if item[0] not in REDACTED_OUT and item[1] not in REDACTED_LABELS)
        if left:
            kept.append((heading, left))
    return tuple(kept)


def _swatch(kind: str, x: float, y: float) -> tuple[list[str], float]:
    """One legend symbol drawn at (x, y = middle of the row); the parts and the width used."""
    if kind.startswith("stance:"):
        stance = kind.split(":", 1)[1]
        palette = style.STANCES[stance]
        frame = _el("rect", x=x, y=y - 9, width=28.0, height=18.0, rx=4.0, fill=palette.fill, stroke=palette.stroke)
        return [frame, *_mark(x + 14, y, 7.5, stance, palette.stroke)], 28
    if kind in ("team", "placeholder", "gone"):
        palette = {"team": style.TEAM, "placeholder": style.PLACEHOLDER, "gone": style.GONE}[kind]
        dash = "4 3" if kind == "placeholder" else None
        frame = _el(
            "rect",
            x=x,
            y=y - 8,
            width=26.0,
            height=16.0,
            rx=4.0,
            fill=palette.fill,
            stroke=palette.stroke,
            stroke_dasharray=dash,
        )
        return [frame], 26
    if kind == "influence":
        return _pips(x + 3, y, 3, style.STANCES["unknown"].stroke), 36
    line_kind, _, strength = kind.partition(":")
    line = style.HISTORY if line_kind == "history" else style.line_for(line_kind, strength or "good")
    directed = line_kind in ("influences", "defers-to")
    parts = [
        _el(
            "path",
            d=f"M{_n(x)},{_n(y)}H{_n(x + 34)}",
            stroke=line.color,
            stroke_width=line.width,
            stroke_dasharray=line.dash,
            marker_end="url(#relmap-arrow-sway)" if directed else None,
        )
    ]
    if line_kind == "opposes":
        parts.append(_cross(x + 17, y, line.color))
    return parts, 36


def _legend(top: float, width: float, redacted: bool) -> tuple[list[str], float]:
    out: list[str] = []
    y = top + 14
    for heading, items in legend_items(redacted):
        middle = y + LEGEND_ROW / 2
        out.append(_el("text", heading, class_="legend-head", x=float(MARGIN), y=middle + 4))
        x = float(LEGEND_LABEL_W)
        for kind, label in items:
            label_w = text_width(label, 12)
            need = (44 if kind else 0) + label_w + 22
            if x + need > width - MARGIN and x > LEGEND_LABEL_W:
                y += LEGEND_ROW
                middle = y + LEGEND_ROW / 2
                x = float(LEGEND_LABEL_W)
            if kind:
                parts, used = _swatch(kind, x, middle)
                out.extend(parts)
                x += used + 8
            out.append(_el("text", xml_text(label), class_="legend", x=x, y=middle + 4))
            x += label_w + 22
        y += LEGEND_ROW
    height = y - top + 10
    frame = _el("rect", x=0.0, y=top, width=width, height=height, fill="#fbfbfc")
    rule = _el("line", x1=0.0, y1=top, x2=width, y2=top, stroke="#d5dae1")
    return [frame, rule, *out], height


# -- the document -------------------------------------------------------------------------
class Drawing(NamedTuple):
    """The picture as SVG markup, its size, and where a printed page may end (y, between two bands)."""

    markup: str
    width: float
    height: float
    map_top: float  # the y at which the layout's origin sits, below the title
    cuts: tuple[tuple[float, bool], ...]


def render_svg_document(scene: Scene, *, tooltips: bool = True, standalone: bool = True, css: bool = True) -> str:
    """The picture as SVG markup: with an XML declaration when standalone, its own style when `css`."""
    return draw(scene, tooltips=tooltips, standalone=standalone, css=css).markup


def draw(
    scene: Scene, *, tooltips: bool = True, standalone: bool = True, css: bool = True, drawing_id: str | None = None
) -> Drawing:
    """The picture and its geometry; `drawing_id` names the group that holds all of it (for `<use>`)."""
    layout = build_layout(scene)
    width = max(layout.width, MIN_WIDTH)
    header, header_h = _header(scene, width)
    map_h = layout.height if scene.nodes else 80.0
    legend_top = header_h + map_h
    legend, legend_h = _legend(legend_top, width, scene.redacted)
    height = legend_top + legend_h

    body: list[str] = [_defs()]
    if css:
        body.append(f"<style>{CSS}</style>")
    body.append(_el("g", None, id=drawing_id, font_family=FONT)[:-2] + ">")  # holds the whole drawing
    body.append(_el("rect", x=0.0, y=0.0, width=width, height=height, fill="#ffffff"))
    body.extend(header)
    body.append(f'<g class="map" transform="translate(0,{_n(header_h)})">')
    body.extend(_background(layout, width))
    body.append(_el("g", "\n".join(_edges(scene, layout)), class_="edges"))
    body.extend(_headings(layout))
    people = [_person(node, layout.boxes[node.key], scene, tooltips) for node in scene.nodes]
    body.append(_el("g", "\n".join(people), class_="people"))
    body.append("</g>")
    if not scene.nodes:
        body.append(_el("text", "This map has no people yet.", class_="subtitle", x=float(MARGIN), y=header_h + 40))
    body.extend(legend)
    body.append("</g>")

    title = xml_text(f"{scene.account}: relationship map")
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="relmap" width="{_n(width)}" height="{_n(height)}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" role="img" aria-label="{title}">'
    )
    doc_title = f"<title>{title}</title>" if tooltips else ""
    prolog = '<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else ""
    cuts = [(header_h, True), *((header_h + y, between) for y, between in layout.cuts), (legend_top, True)]
    return Drawing(prolog + head + doc_title + "\n" + "\n".join(body) + "\n</svg>\n", width, height, header_h, tuple(cuts))


def render_svg(scene: Scene) -> str:
    """`relmap render --to svg`: a standalone SVG file with native tooltips."""
    return render_svg_document(scene)
