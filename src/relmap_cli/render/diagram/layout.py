"""The scene -> geometry: where every box sits and where every line runs, in pixels. No drawing.

Boxes come from the grid (`grid.py`): bands of functions, rows by level,
slots across, at most as many slots as fit in a 1,600 px window. Lines never
cross a box: they leave a box from its top or bottom edge, run sideways in
the horizontal channel between two rows, climb or fall in a vertical gutter
between two slots, and enter the other box the same way. Each channel and
gutter is as wide as the number of lines that must run side by side in it
(the tracks), so lines never run on top of each other, except on purpose:
lines of one style that share an end are bundled into one trunk (a
manager's reports, one of our people's contacts of one strength, the sway
into one person), as in any org chart. Every step is linear or n log n in
the number of boxes and lines; same scene, same numbers.
"""

import heapq
from dataclasses import dataclass

from ...tuples import NamedTuple
from .boxtext import BoxText, box_text
from .grid import Grid, Row, build_grid
from .scene import Edge, Node, Scene, level_label

MAX_WIDTH = 1576  # a 1,600 px window, less the page margins (12 px a side)
MIN_SLOTS = 3
SLOT_W = 140  # room for the widest box
BOX_W = {1: 116, 2: 122, 3: 128, 4: 134, 5: 140}  # by influence
PLAIN_W = 128  # our team, and everyone in a redacted picture
ROW_PAD = 4  # above and below the boxes of a row
LABEL_W = 86  # room on the left for the level headings
RIGHT_PAD = 12
HEAD_ROOM = 24  # room for the function headings at the top of a band
TRACK = 5  # distance between two lines running side by side
GUTTER_MIN = {"inner": 14, "group": 22, "edge": 10}
GUTTER_PAD = 5
CHANNEL_MIN = {"head": 8, "level": 22, "sub": 14, "team": 44, "bottom": 10}
CHANNEL_PAD = 6
PORT_GAP = 6  # how far apart two line ends on one box edge must be


class Box(NamedTuple):
    """Where one person's box sits (top-left corner, size) and what it says."""

    key: str
    x: float
    y: float
    w: float
    h: float
    text: BoxText

    @property
    def right(self) -> float:
        """The x of the right edge."""
        return self.x + self.w

    @property
    def bottom(self) -> float:
        """The y of the bottom edge."""
        return self.y + self.h


class Route(NamedTuple):
    """The polyline of one edge, drawn from `points[0]`.

    The points run from the edge's source to its target, unless `reverse`:
    a line bundled into the sway that arrives at one person is drawn from
    that person outwards, so that the bundle's shared trunk starts at the
    same point for every line in it (its dashes then line up).
    """

    edge: int  # index in `scene.edges`
    points: tuple[tuple[float, float], ...]
    bundle: str  # lines with the same bundle share their trunk on purpose
    reverse: bool = False


class Band(NamedTuple):
    """A horizontal band: one level of the client in one band of functions, or our team."""

    label: str
    kind: str  # "level" | "team"
    y: float
    h: float


class Column(NamedTuple):
    """A function's slots in one band, with the heading drawn above them at `y` (its baseline)."""

    label: str
    x: float
    w: float
    y: float


class Layout(NamedTuple):
    """The geometry of the whole map, in pixels, origin at the top-left."""

    width: float
    height: float
    boxes: dict[str, Box]
    routes: tuple[Route, ...]
    bands: tuple[Band, ...]
    columns: tuple[Column, ...]
    cuts: tuple[tuple[float, bool], ...] = ()  # where a printed page may end (between two rows), and if between bands


# -- which lines share a trunk -------------------------------------------------------------
@dataclass
class _End:
    node: str
    side: str  # "top" | "bottom"
    heading: float  # abstract x the line runs to after leaving the box
    share: str | None  # ends with the same share use one port (a bundle's hub)
    port: int = -1


@dataclass
class _Plan:
    edge: int
    hub: _End  # where the line is drawn from
    other: _End
    out_channel: int
    in_channel: int
    gutter: int | None
    bundle: str
    reverse: bool


def _channel(row: int, side: str) -> int:
    return row if side == "top" else row + 1


def _sides(edge: Edge, row_of: dict[str, int]) -> tuple[str, str]:
    if edge.kind == "reports-to":
        return "bottom", "top"
    if edge.kind == "knows":
        return "top", "bottom"
    source, target = row_of[edge.source], row_of[edge.target]
    if source < target:
        return "bottom", "top"
    if source > target:
        return "top", "bottom"
    return "bottom", "bottom"


def _bundles(scene: Scene, row_of: dict[str, int]) -> list[tuple[str, bool]]:
    """Each edge's bundle name and whether it is drawn from its target (the hub) outwards."""
    sides = [_sides(edge, row_of) for edge in scene.edges]
    into: dict[tuple[object, ...], int] = {}
    out_of: dict[tuple[object, ...], int] = {}

    def style(edge: Edge) -> tuple[object, ...]:
        return (edge.kind, edge.strength, edge.gone)

    for edge, (source_side, target_side) in zip(scene.edges, sides, strict=True):
        if edge.kind in ("influences", "defers-to"):
            key_in = (edge.target, target_side, *style(edge))
            key_out = (edge.source, source_side, *style(edge))
            into[key_in] = into.get(key_in, 0) + 1
            out_of[key_out] = out_of.get(key_out, 0) + 1
    names: list[tuple[str, bool]] = []
    for index, (edge, (source_side, target_side)) in enumerate(zip(scene.edges, sides, strict=True)):
        if edge.kind == "reports-to":
            names.append((f"reports:{edge.source}", False))
        elif edge.kind == "knows":
            names.append((f"knows:{edge.source}:{edge.strength}:{edge.gone}", False))
        elif edge.kind == "opposes":
            names.append((f"edge:{index}", False))
        elif into[(edge.target, target_side, *style(edge))] > 1:
            names.append((f"into:{edge.target}:{target_side}:{edge.kind}:{edge.strength}:{edge.gone}", True))
        elif out_of[(edge.source, source_side, *style(edge))] > 1:
            names.append((f"from:{edge.source}:{source_side}:{edge.kind}:{edge.strength}:{edge.gone}", False))
        else:
            names.append((f"edge:{index}", False))
    return names


def _assign_tracks(spans: dict[str, list[float]]) -> tuple[dict[str, int], int]:
    """Give every group of runs the lowest free track, so that no two overlapping groups share one."""
    order = sorted(spans.items(), key=lambda item: (item[1][0], item[1][1], item[0]))
    free: list[int] = []  # tracks whose last run has ended
    busy: list[tuple[float, int]] = []  # (end, track) of the runs still open
    track_of: dict[str, int] = {}
    count = 0
    for group, (lo, hi) in order:
        while busy and busy[0][0] < lo - 1e-9:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            track = heapq.heappop(free)
        else:
            track, count = count, count + 1
        track_of[group] = track
        heapq.heappush(busy, (hi, track))
    return track_of, count


def _box_width(node: Node) -> float:
    if node.side == "team" or node.influence is None:
        return PLAIN_W
    return BOX_W[node.influence]


def _port_fraction(index: int, count: int) -> float:
    return 0.12 + 0.76 * (index + 1) / (count + 1)


def _choose_gutter(xs: float, xt: float, load: dict[int, int], slots: int) -> int:
    """The gutter for a climb: short, then beside the target, then the least used."""
    candidates = sorted({g for g in (int(xt), int(xt) + 1, int(xs), int(xs) + 1) if 0 <= g <= slots})

    def cost(gutter: int) -> tuple[float, float, int]:
        return (abs(xs - gutter) + abs(gutter - xt) + 0.5 * load.get(gutter, 0), abs(gutter - xt), gutter)

    return min(candidates, key=cost)


def build_layout(scene: Scene) -> Layout:
    """Place every box and route every line, on the most slots across at which the drawing fits the window.

    The lines' gutters widen the drawing beyond what the slots alone need,
    so the grid is laid out at the most slots the window could hold, then
    at one slot fewer each time until it fits: more slots, fuller rows, a
    shorter picture. A drawing twice too wide is kept as it is: thousands
    of lines need more gutter than any folding frees.
    """
    slots = max(MIN_SLOTS, (MAX_WIDTH - LABEL_W - RIGHT_PAD - 2 * GUTTER_MIN["edge"] + GUTTER_MIN["inner"]) // (SLOT_W + GUTTER_MIN["inner"]))
    texts = {node.key: box_text(node, _box_width(node)) for node in scene.nodes}
    layout = _layout(scene, build_grid(scene, slots), texts)
    while MAX_WIDTH < layout.width <= 2 * MAX_WIDTH and slots > MIN_SLOTS:
        slots = max(MIN_SLOTS, slots - max(1, int((layout.width - MAX_WIDTH) // (2 * (SLOT_W + GUTTER_MIN["inner"])))))
        layout = _layout(scene, build_grid(scene, slots), texts)
    return layout


def _layout(scene: Scene, grid: Grid, texts: dict[str, BoxText]) -> Layout:
    rows = grid.rows
    row_of, slot_of = grid.row_of, grid.slot_of

    # 1. which box edges, channels and gutters each line uses
    bundles = _bundles(scene, row_of)
    plans: list[_Plan] = []
    gutter_load: dict[int, int] = {}
    # a bundle climbs one gutter, near the middle of the people it leads to, and branches off it
    wants: dict[str, list[float]] = {}
    for edge, (bundle, reverse) in zip(scene.edges, bundles, strict=True):
        other = edge.source if reverse else edge.target
        wants.setdefault(bundle, []).append(slot_of[other] + 0.5)
    bundle_gutter: dict[str, int] = {}
    for index, (edge, (bundle, reverse)) in enumerate(zip(scene.edges, bundles, strict=True)):
        source_side, target_side = _sides(edge, row_of)
        hub, other = (edge.target, edge.source) if reverse else (edge.source, edge.target)
        hub_side, other_side = (target_side, source_side) if reverse else (source_side, target_side)
        out_channel = _channel(row_of[hub], hub_side)
        in_channel = _channel(row_of[other], other_side)
        xs, xt = slot_of[hub] + 0.5, slot_of[other] + 0.5
        gutter = None
        shared = not bundle.startswith("edge:")
        if out_channel != in_channel:
            if bundle in bundle_gutter:
                gutter = bundle_gutter[bundle]
            else:
                if shared:
                    xt = sum(wants[bundle]) / len(wants[bundle])
                gutter = _choose_gutter(xs, xt, gutter_load, grid.slots)
                gutter_load[gutter] = gutter_load.get(gutter, 0) + 1
                bundle_gutter[bundle] = gutter
        heading_out = float(gutter) if gutter is not None else slot_of[other] + 0.5
        plans.append(
            _Plan(
                index,
                _End(hub, hub_side, heading_out, bundle if shared else None),
                _End(other, other_side, float(gutter) if gutter is not None else xs, None),
                out_channel,
                in_channel,
                gutter,
                bundle,
                reverse,
            )
        )

    # 2. ports: the ends on one box edge, ordered by where their lines head, spread evenly
    by_side: dict[tuple[str, str], list[tuple[_End, int]]] = {}
    for plan in plans:
        for end in (plan.hub, plan.other):
            by_side.setdefault((end.node, end.side), []).append((end, plan.edge))
    port_offset: dict[tuple[str, str, int], float] = {}
    ports_on: dict[tuple[str, str], list[float]] = {}
    for (key, side), ends in sorted(by_side.items()):
        ports: dict[object, list[tuple[_End, int]]] = {}
        for end, edge_index in ends:
            ports.setdefault(end.share if end.share else ("edge", edge_index), []).append((end, edge_index))
        own = slot_of[key] + 0.5

        def heading(group: list[tuple[_End, int]], own: float = own) -> tuple[float, int]:
            first, edge_index = group[0]
            if first.share:  # a bundle spreads both ways: keep it in the middle
                return (own, min(index for _, index in group))
            return (first.heading, edge_index)

        ordered = sorted(ports.values(), key=heading)
        width = _box_width(scene.node(key))
        for port, group in enumerate(ordered):
            for end, _ in group:
                end.port = port
            at = round((SLOT_W - width) / 2 + width * _port_fraction(port, len(ordered)), 2)
            port_offset[(key, side, port)] = at
            ports_on.setdefault((key, side), []).append(at)
    lines_at: dict[tuple[str, str, int], set[str]] = {}
    for plan in plans:
        for end in (plan.hub, plan.other):
            lines_at.setdefault((end.node, end.side, end.port), set()).add(plan.bundle)
    _separate_ports(grid, port_offset, ports_on, lines_at, scene)

    def end_abstract(end: _End) -> float:
        return slot_of[end.node] + port_offset[(end.node, end.side, end.port)] / SLOT_W

    # 3. runs in channels and gutters, then tracks
    channel_spans: dict[int, dict[str, list[float]]] = {}
    gutter_spans: dict[int, dict[str, list[float]]] = {}
    run_groups: dict[int, tuple[str, ...]] = {}

    def add(spans: dict[int, dict[str, list[float]]], where: int, group: str, lo: float, hi: float) -> None:
        span = spans.setdefault(where, {}).setdefault(group, [lo, hi])
        span[0], span[1] = min(span[0], lo), max(span[1], hi)

    for plan in plans:
        owner = plan.bundle
        xs, xt = end_abstract(plan.hub), end_abstract(plan.other)
        group_out = f"{owner}|c{plan.out_channel}"
        if plan.gutter is None:
            add(channel_spans, plan.out_channel, group_out, min(xs, xt), max(xs, xt))
            run_groups[plan.edge] = (group_out,)
            continue
        g = float(plan.gutter)
        group_up = f"{owner}|g{plan.gutter}"
        group_in = f"{owner}|c{plan.in_channel}|g{plan.gutter}"
        add(channel_spans, plan.out_channel, group_out, min(xs, g), max(xs, g))
        low, high = min(plan.out_channel, plan.in_channel), max(plan.out_channel, plan.in_channel)
        add(gutter_spans, plan.gutter, group_up, low, high)
        add(channel_spans, plan.in_channel, group_in, min(g, xt), max(g, xt))
        run_groups[plan.edge] = (group_out, group_up, group_in)
    channel_tracks = {channel: _assign_tracks(spans) for channel, spans in channel_spans.items()}
    gutter_tracks = {gutter: _assign_tracks(spans) for gutter, spans in gutter_spans.items()}

    # 4. real coordinates: gutters and slots across, channels and rows down
    group_starts = {block.first for block in grid.blocks}
    gutter_x: list[float] = []
    gutter_w: list[float] = []
    slot_x: list[float] = []
    x = float(LABEL_W)
    for gutter in range(grid.slots + 1):
        kind = "edge" if gutter in (0, grid.slots) else ("group" if gutter in group_starts else "inner")
        count = gutter_tracks.get(gutter, ({}, 0))[1]
        width = max(GUTTER_MIN[kind], 2 * GUTTER_PAD + (count - 1) * TRACK)
        gutter_x.append(x)
        gutter_w.append(width)
        x += width
        if gutter < grid.slots:
            slot_x.append(x)
            x += SLOT_W
    width_total = x + RIGHT_PAD

    row_h = [0.0] * len(rows)
    for key, row in row_of.items():
        row_h[row] = max(row_h[row], texts[key].height + 2 * ROW_PAD)
    channel_y: list[float] = []
    channel_h: list[float] = []
    track_top: list[float] = []
    row_y: list[float] = []
    y = 0.0
    for channel in range(len(rows) + 1):
        kind = _channel_kind(rows, channel)
        count = channel_tracks.get(channel, ({}, 0))[1]
        room = HEAD_ROOM if kind == "head" else 0.0
        height = room + max(CHANNEL_MIN[kind], 2 * CHANNEL_PAD + (count - 1) * TRACK)
        channel_y.append(y)
        channel_h.append(height)
        track_top.append(y + room)
        y += height
        if channel < len(rows):
            row_y.append(y)
            y += row_h[channel]
    height_total = y

    # every box of a row is as tall as the row's tallest, so rows read as rows
    boxes: dict[str, Box] = {}
    for node in scene.nodes:
        row = row_of[node.key]
        w, h = _box_width(node), row_h[row] - 2 * ROW_PAD
        boxes[node.key] = Box(node.key, slot_x[slot_of[node.key]] + (SLOT_W - w) / 2, row_y[row] + ROW_PAD, w, h, texts[node.key])

    def track_pos(start: float, size: float, count: int, track: int) -> float:
        return start + (size - (count - 1) * TRACK) / 2 + track * TRACK

    def channel_track_y(channel: int, group: str) -> float:
        track_of, count = channel_tracks[channel]
        size = channel_h[channel] - (track_top[channel] - channel_y[channel])
        return track_pos(track_top[channel], size, count, track_of[group])

    def gutter_track_x(gutter: int, group: str) -> float:
        track_of, count = gutter_tracks[gutter]
        return track_pos(gutter_x[gutter], gutter_w[gutter], count, track_of[group])

    def port_x(end: _End) -> float:
        return round(slot_x[slot_of[end.node]] + port_offset[(end.node, end.side, end.port)], 2)

    # 5. the polylines, from each line's hub
    routes: list[Route] = []
    for plan in plans:
        groups = run_groups[plan.edge]
        hub, other = plan.hub, plan.other
        sx, tx = port_x(hub), port_x(other)
        sy = boxes[hub.node].y if hub.side == "top" else boxes[hub.node].bottom
        ty = boxes[other.node].y if other.side == "top" else boxes[other.node].bottom
        out_y = channel_track_y(plan.out_channel, groups[0])
        if plan.gutter is None:
            points = [(sx, sy), (sx, out_y), (tx, out_y), (tx, ty)]
        else:
            gx = gutter_track_x(plan.gutter, groups[1])
            in_y = channel_track_y(plan.in_channel, groups[2])
            points = [(sx, sy), (sx, out_y), (gx, out_y), (gx, in_y), (tx, in_y), (tx, ty)]
        routes.append(Route(plan.edge, _simplify(points), plan.bundle, plan.reverse))

    bands = _bands(rows, channel_y, channel_h, row_y, row_h, height_total)
    columns = tuple(
        Column(
            "" if block.function is None else block.function,
            slot_x[block.first],
            slot_x[block.first + block.count - 1] + SLOT_W - slot_x[block.first],
            channel_y[_first_row(rows, block.band)] + HEAD_ROOM - 8,
        )
        for block in grid.blocks
    )
    cuts = tuple((channel_y[c], _channel_kind(rows, c) in ("head", "team")) for c in range(1, len(rows)))
    return Layout(width_total, height_total, boxes, tuple(routes), bands, columns, cuts)


def _first_row(rows: list[Row], band: int) -> int:
    return next(index for index, row in enumerate(rows) if row.band == band)


def _channel_kind(rows: list[Row], channel: int) -> str:
    """What the channel above row `channel` separates (the last channel is below every row)."""
    if channel == len(rows):
        return "bottom"
    row = rows[channel]
    above = rows[channel - 1] if channel > 0 else None
    if row.kind == "team":
        return "team" if above is None or above.kind != "team" else "sub"
    if above is None or above.band != row.band:
        return "head"
    return "level" if above.level != row.level else "sub"


def _separate_ports(
    grid: Grid,
    offset: dict[tuple[str, str, int], float],
    ports_on: dict[tuple[str, str], list[float]],
    lines_at: dict[tuple[str, str, int], set[str]],
    scene: Scene,
) -> None:
    """Move a top-edge port sideways where it would share its x with a bottom-edge port just above.

    Both ports' lines run through the same channel, one down from the box
    above and one up from the box below; on the same x they could run over
    each other. A bundle dropping straight onto one of its ends is the
    exception: one line, and it should stay straight.
    """
    box_at = {(grid.row_of[key], grid.slot_of[key]): key for key in grid.row_of}
    bottoms: dict[str, list[tuple[float, set[str]]]] = {}
    for (key, side, port), at in offset.items():
        if side == "bottom":
            bottoms.setdefault(key, []).append((at, lines_at[(key, side, port)]))
    for (key, side, port), at in sorted(offset.items()):
        if side != "top":
            continue
        above = box_at.get((grid.row_of[key] - 1, grid.slot_of[key]))
        legs = bottoms.get(above, []) if above is not None else []
        mine = lines_at[(key, side, port)]

        def clashes(x: float, legs: list[tuple[float, set[str]]] = legs, mine: set[str] = mine) -> bool:
            return any(abs(x - other) < 3 and not (lines & mine) for other, lines in legs)

        if not legs or not clashes(at):
            continue
        width = _box_width(scene.node(key))
        left, right = (SLOT_W - width) / 2 + 6, (SLOT_W + width) / 2 - 6
        neighbours = [x for x in ports_on[(key, side)] if x != at]
        for step in (1, -1, 2, -2, 3, -3):
            candidate = at + step * PORT_GAP
            apart = all(abs(candidate - x) >= PORT_GAP - 1e-9 for x in neighbours)
            if left <= candidate <= right and apart and not clashes(candidate):
                offset[(key, side, port)] = candidate
                ports_on[(key, side)] = [candidate if x == at else x for x in ports_on[(key, side)]]
                break


def _simplify(points: list[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    """Drop repeated points and the middle of straight runs."""
    out: list[tuple[float, float]] = []
    for point in points:
        if out and abs(point[0] - out[-1][0]) < 1e-9 and abs(point[1] - out[-1][1]) < 1e-9:
            continue
        if len(out) >= 2:
            (x0, y0), (x1, y1) = out[-2], out[-1]
            if (abs(x0 - x1) < 1e-9 and abs(x1 - point[0]) < 1e-9) or (
                abs(y0 - y1) < 1e-9 and abs(y1 - point[1]) < 1e-9
            ):
                out[-1] = point
                continue
        out.append(point)
    return tuple((round(x, 2), round(y, 2)) for x, y in out)


def _bands(
    rows: list[Row], channel_y: list[float], channel_h: list[float], row_y: list[float], row_h: list[float], bottom: float
) -> tuple[Band, ...]:
    """The level headings on the left: one per run of rows of the same level (and band), then our team."""
    from .scene import LEVEL_ORDER

    levels = [*LEVEL_ORDER, None]
    bands: list[Band] = []
    index = 0
    while index < len(rows):
        row = rows[index]
        last = index
        while last + 1 < len(rows) and (rows[last + 1].band, rows[last + 1].level, rows[last + 1].kind) == (
            row.band,
            row.level,
            row.kind,
        ):
            last += 1
        if _channel_kind(rows, index) == "head":
            top = channel_y[index] + HEAD_ROOM  # below the function headings
        else:
            top = channel_y[index] + channel_h[index] / 2
        if row.kind == "team":
            bands.append(Band("Our team", "team", channel_y[index] + channel_h[index] / 2, bottom - channel_y[index] - channel_h[index] / 2))
            break
        end = row_y[last] + row_h[last] + channel_h[last + 1] / 2
        if last + 1 == len(rows):
            end = bottom
        elif _channel_kind(rows, last + 1) == "head":
            end = channel_y[last + 1]
        bands.append(Band(level_label(levels[row.level]), "level", top, end - top))
        index = last + 1
    return tuple(bands)
