"""Colours, line styles and sizes shared by every format, so that they agree.

Stance is a box colour (green for us, red against us); the strength of our
contacts is a blue scale, so that it never reads as a stance; red is kept
for trouble (a detractor, a negative contact, antagonism).
"""

from ...tuples import NamedTuple


class Palette(NamedTuple):
    """A border (or line) colour, a fill and a text colour."""

    stroke: str
    fill: str
    text: str = "#1f2933"


STANCES: dict[str, Palette] = {
    "champion": Palette("#137333", "#ceead6"),
    "supporter": Palette("#5e9e2e", "#e9f5dc"),
    "neutral": Palette("#c98a00", "#fdf3d6"),
    "detractor": Palette("#c5221f", "#fbe0de"),
    "unknown": Palette("#80868b", "#f1f3f4"),
}
TEAM = Palette("#2f4a6d", "#e4ebf5")
GONE = Palette("#a0a4a8", "#f3f3f3", "#8a8f94")
PLACEHOLDER = Palette("#80868b", "#ffffff", "#5f6368")
PLAIN = Palette("#6b7785", "#f8f9fb")  # a client person in a redacted picture: no stance to show


class Line(NamedTuple):
    """How one kind of line is drawn."""

    color: str
    width: float
    dash: str | None = None  # an SVG dash array


REPORTS = Line("#5f6b7a", 1.6)
SWAY = {
    "influences": {"strong": Line("#6a3d9a", 2.6), "good": Line("#6a3d9a", 1.9), "weak": Line("#6a3d9a", 1.3)},
    "defers-to": {
        "strong": Line("#6a3d9a", 2.6, "7 4"),
        "good": Line("#6a3d9a", 1.9, "7 4"),
        "weak": Line("#6a3d9a", 1.3, "7 4"),
    },
}
OPPOSES = Line("#d93025", 2.0)
KNOWS = {
    "strong": Line("#174ea6", 3.2),
    "good": Line("#4285f4", 2.2),
    "weak": Line("#8ab4f8", 1.8, "5 4"),
    "negative": Line("#b3261e", 2.2, "2 3"),
}
HISTORY = Line("#b0b4b8", 1.3, "3 3")  # lines that touch someone who left


def line_for(kind: str, strength: str, gone: bool = False) -> Line:
    """The line style of an edge of `kind` and `strength`."""
    if gone:
        return HISTORY
    if kind == "reports-to":
        return REPORTS
    if kind == "opposes":
        return OPPOSES
    if kind == "knows":
        return KNOWS[strength]
    return SWAY[kind].get(strength, SWAY[kind]["good"])


def stance_palette(stance: str | None) -> Palette:
    """The colours of a client person's stance (unknown when not given)."""
    return STANCES.get(stance or "unknown", STANCES["unknown"])
