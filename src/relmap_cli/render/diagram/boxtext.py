"""What one person's box says, line by line, and how tall that makes the box. No drawing.

Names and titles are wrapped, never cut: a long title takes a second line
(and a third only when two would need type under 11 px). Every size here is
at least 11 px, so the picture stays readable at its own size. The layout
sizes boxes from this and the SVG draws exactly these lines.
"""

from ...tuples import NamedTuple
from ..safe import clean_line
from .scene import ROLE_SHORT, Node
from .textsize import text_width, wrap, wrap_fit

PAD_LEFT = 12.0  # the stance stripe and a margin
PAD_RIGHT = 7.0
MARK_ROOM = 22.0  # the stance mark in the top-right corner, beside the first name line
PIPS_W = 36.0  # five influence dots
NAME_SIZES = (13.0, 12.0)
TITLE_SIZES = (11.5, 11.0)
FOOT_SIZE = 11.0
TOP, GAP, FOOT_H, BOTTOM = 6.0, 3.0, 15.0, 5.0


class BoxText(NamedTuple):
    """The lines of one box, their sizes, and the height they need."""

    name: tuple[str, ...]
    name_size: float
    title: tuple[str, ...]
    title_size: float
    footer: str | None  # roles, or the date someone left or leaves
    pips: bool  # draw the influence dots
    height: float

    def line_height(self, size: float) -> float:
        """The distance between two baselines of text at `size`."""
        return round(size * 1.22, 2)


def _name_lines(text: str, room: float, first_room: float, bold: bool) -> tuple[list[str], float]:
    """A name on one line at 13 or 12 px, else wrapped at 12 px, clear of the stance mark."""
    for size in NAME_SIZES:
        if text_width(text, size, bold) <= first_room:
            return [text], size
    size = NAME_SIZES[-1]
    return wrap(text, first_room, size, bold), size


def box_text(node: Node, width: float) -> BoxText:
    """The lines of `node`'s box at `width` pixels."""
    client = node.side == "client"
    marked = client and node.stance is not None
    room = width - PAD_LEFT - PAD_RIGHT
    first_room = room - (MARK_ROOM - PAD_RIGHT if marked else 0)
    if node.placeholder:
        name, name_size = _name_lines(clean_line(node.name), room, first_room, False)
        title, title_size = ["to be identified"], FOOT_SIZE
    else:
        name, name_size = _name_lines(clean_line(node.name), room, first_room, True)
        title, title_size = wrap_fit(clean_line(node.title), room, TITLE_SIZES, 2) if node.title else ([], 11.0)
    footer = None
    if client and node.left:
        footer = f"{'left' if node.gone else 'leaving'} {node.left.isoformat()}"
    elif client and node.roles:
        footer = " ".join(ROLE_SHORT[role] for role in node.roles)
    pips = client and node.influence is not None
    height = TOP + len(name) * round(name_size * 1.22, 2) + len(title) * round(title_size * 1.22, 2)
    if client:
        foot_room = room - (PIPS_W + 6 if pips else 0)
        if footer is not None and text_width(footer, FOOT_SIZE, bold=True) > foot_room:
            footer_lines = wrap(footer, foot_room, FOOT_SIZE, bold=True)
            footer = "\n".join(footer_lines)
            height += (len(footer_lines) - 1) * FOOT_H
        height += GAP + FOOT_H
    return BoxText(tuple(name), name_size, tuple(title), title_size, footer, pips, round(height + BOTTOM, 2))
