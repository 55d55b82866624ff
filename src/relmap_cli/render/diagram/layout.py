"""The scene -> geometry: where every box sits and where every line runs. No drawing.

The client's people sit in rows by level (executive at the top) and in
columns by function, in the order the file first names each function.
Inside a level, someone who reports to a peer of the same level sits half a
row lower, so the org chart reads top-down. Our team is a row beneath.

Boxes sit on a grid of slots. Lines never cross a box: they leave a box from
its top or bottom edge, run sideways in the horizontal channel between two
rows, climb or fall in a vertical gutter between two slots, and enter the
other box the same way. Each channel and gutter is as wide as the number of
lines that must run side by side in it (the tracks), so lines never overlap
and a manager's reports share one bus, as in any org chart. The whole
computation is deterministic: same scene, same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .scene import LEVEL_ORDER, Edge, Node, Scene

SLOT_W = 190  # room for the widest box
BOX_W = {1: 150, 2: 158, 3: 166, 4: 178, 5: 190}  # by influence
BOX_H = {1: 60, 2: 62, 3: 64, 4: 68, 5: 72}
TEAM_W, TEAM_H = 170, 54
TIER_H, TEAM_TIER_H = 76, 58
LABEL_W = 104  # room on the left for the level headings
HEAD_H = 34  # room on top for the function headings
RIGHT_PAD = 16
TRACK = 6  # distance between two lines running side by side
GUTTER_MIN = {"inner": 16, "group": 36, "edge": 16}
GUTTER_PAD = 8
CHANNEL_MIN = {"top": 14, "sub": 26, "band": 44, "team": 64, "bottom": 12}
CHANNEL_PAD = 10
PORT_GAP = 6  # how far apart two line ends on one box edge must be


@dataclass(frozen=True, slots=True)
class Box:
    """Where one person's box sits (top-left corner, size)."""

    key: str
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        """The x of the right edge."""
        return self.x + self.w

    @property
    def bottom(self) -> float:
        """The y of the bottom edge."""
        return self.y + self.h


@dataclass(frozen=True, slots=True)
class Route:
    """The polyline of one edge, from its source box edge to its target box edge."""

    edge: int  # index in `scene.edges`
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class Band:
    """A horizontal band: one level of the client, or our team."""

    label: str
    kind: str  # "level" | "team"
    y: float
    h: float


@dataclass(frozen=True, slots=True)
class Column:
    """A function's columns, with the heading drawn above them."""

    label: str
    x: float
    w: float


@dataclass(frozen=True, slots=True)
class Layout:
    """The geometry of the whole map, in pixels, origin at the top-left."""

    width: float
    height: float
    boxes: dict[str, Box]
    routes: tuple[Route, ...]
    bands: tuple[Band, ...]
    columns: tuple[Column, ...]


# -- rows and slots ---------------------------------------------------------------------
@dataclass
class _Grid:
    tier_of: dict[str, int] = field(default_factory=dict)
    slot_of: dict[str, int] = field(default_factory=dict)
    tiers: list[tuple[int, int]] = field(default_factory=list)  # (band, depth); team is the last tier
    groups: list[tuple[str | None, int, int]] = field(default_factory=list)  # function, first slot, slot count
    slots: int = 0
    team_tier: int | None = None


def _band(node: Node) -> int:
    return LEVEL_ORDER[node.level] if node.level is not None else len(LEVEL_ORDER)


def _depths(client: list[Node], manager_of: dict[str, str]) -> dict[str, int]:
    """How many peers of the same level stand above each person on the reports_to chain."""
    by_key = {node.key: node for node in client}

    def peer_manager(key: str) -> str | None:
        manager = manager_of.get(key)
        if manager is not None and manager in by_key and _band(by_key[manager]) == _band(by_key[key]):
            return manager
        return None

    depth: dict[str, int] = {}
    for node in client:
        chain: list[str] = []
        key: str | None = node.key
        while key is not None and key not in depth and key not in chain:
            chain.append(key)
            key = peer_manager(key)
        base = depth[key] + 1 if key is not None and key in depth else 0
        for member in reversed(chain):
            depth[member] = base
            base += 1
    return depth


def _spread(desired: list[float], lo: int, hi: int) -> list[int]:
    """Distinct integer slots in [lo, hi) as close as possible to `desired` (already sorted)."""
    count = len(desired)
    slots: list[int] = []
    for index, want in enumerate(desired):
        slot = max(round(want), lo + index, slots[-1] + 1 if slots else lo)
        slots.append(slot)
    for index in range(count - 1, -1, -1):  # pull back anything pushed past the right end
        limit = hi - (count - index)
        nxt = slots[index + 1] - 1 if index + 1 < count else limit
        slots[index] = min(slots[index], limit, nxt)
    return slots


def client_rows(scene: Scene) -> tuple[list[tuple[int, int]], dict[str, int]]:
    """The client's rows, top-down, as (level index, depth inside the level), and each person's row."""
    client = scene.client
    manager_of = {edge.target: edge.source for edge in scene.edges if edge.kind == "reports-to"}
    depth = _depths(client, manager_of)
    rows = sorted({(_band(node), depth[node.key]) for node in client})
    index = {row: number for number, row in enumerate(rows)}
    return rows, {node.key: index[(_band(node), depth[node.key])] for node in client}


def _grid(scene: Scene) -> _Grid:
    grid = _Grid()
    client, team = scene.client, scene.team
    manager_of = {edge.target: edge.source for edge in scene.edges if edge.kind == "reports-to"}
    grid.tiers, rows = client_rows(scene)
    grid.tier_of.update(rows)

    functions: list[str | None] = []
    for node in client:
        if node.function is not None and node.function not in functions:
            functions.append(node.function)
    if any(node.function is None for node in client):
        functions.append(None)
    cells: dict[tuple[int, str | None], list[Node]] = {}
    for node in client:
        cells.setdefault((grid.tier_of[node.key], node.function), []).append(node)
    first = 0
    for function in functions:
        width = max(len(members) for (_, f), members in cells.items() if f == function)
        grid.groups.append((function, first, width))
        first += width
    grid.slots = first

    # place row by row, top-down, each person as near as possible below their manager
    starts = {function: (start, width) for function, start, width in grid.groups}
    for tier in range(len(grid.tiers)):
        for function in functions:
            members = cells.get((tier, function), [])
            if not members:
                continue
            start, width = starts[function]
            default = start + (width - len(members)) // 2
            wants = []
            for order, node in enumerate(members):
                manager = manager_of.get(node.key)
                if manager in grid.slot_of and start <= grid.slot_of[manager] < start + width:
                    wants.append((float(grid.slot_of[manager]), order, node))
                else:
                    wants.append((float(default + order), order, node))
            wants.sort(key=lambda item: (item[0], item[1]))
            for slot, (_, _, node) in zip(_spread([w[0] for w in wants], start, start + width), wants, strict=True):
                grid.slot_of[node.key] = slot

    if team:
        grid.team_tier = len(grid.tiers)
        contacts: dict[str, list[int]] = {}
        for edge in scene.edges:
            if edge.kind == "knows":
                contacts.setdefault(edge.source, []).append(grid.slot_of[edge.target])
        group_of = {function: start + (width - 1) / 2 for function, start, width in grid.groups}
        wants_team: list[tuple[float, int, Node]] = []
        for order, node in enumerate(team):
            if node.key in contacts:
                want = sum(contacts[node.key]) / len(contacts[node.key])
            else:
                want = group_of.get(node.function, float(grid.slots + order))
            wants_team.append((want, order, node))
        wants_team.sort(key=lambda item: (item[0], item[1]))
        grid.slots = max(grid.slots, len(team))
        placed = _spread([w[0] for w in wants_team], 0, grid.slots)
        for slot, (_, _, node) in zip(placed, wants_team, strict=True):
            grid.tier_of[node.key] = grid.team_tier
            grid.slot_of[node.key] = slot
    return grid


# -- routing ----------------------------------------------------------------------------
@dataclass
class _End:
    edge: int
    node: str
    side: str  # "top" | "bottom"
    heading: float  # abstract x the line runs to after leaving the box
    share: str | None  # ends with the same share use one port (a manager's bus)
    port: int = -1


@dataclass
class _Run:
    """A straight piece of line in a channel (horizontal) or a gutter (vertical)."""

    lo: float
    hi: float
    group: tuple[object, ...]


@dataclass
class _Plan:
    edge: int
    source: _End
    target: _End
    out_channel: int
    in_channel: int
    gutter: int | None


def _channel(tier: int, side: str) -> int:
    return tier if side == "top" else tier + 1


def _sides(edge: Edge, grid: _Grid) -> tuple[str, str]:
    if edge.kind == "reports-to":
        return "bottom", "top"
    if edge.kind == "knows":
        return "top", "bottom"
    source, target = grid.tier_of[edge.source], grid.tier_of[edge.target]
    if source < target:
        return "bottom", "top"
    if source > target:
        return "top", "bottom"
    return "bottom", "bottom"


def _choose_gutter(
    xs: float, xt: float, low: int, high: int, load: dict[int, list[tuple[int, int]]], slots: int
) -> int:
    """The gutter for a climb between channels `low` and `high`: short, then beside the target, then empty."""
    candidates = sorted({g for g in (int(xt), int(xt) + 1, int(xs), int(xs) + 1) if 0 <= g <= slots})

    def cost(gutter: int) -> tuple[float, float, int]:
        busy = sum(1 for lo, hi in load.get(gutter, []) if lo <= high and low <= hi)
        return (abs(xs - gutter) + abs(gutter - xt) + 0.8 * busy, abs(gutter - xt), gutter)

    return min(candidates, key=cost)


def _assign_tracks(runs: list[_Run]) -> tuple[dict[tuple[object, ...], int], int]:
    """Give every group of runs a track so that no two overlapping groups share one."""
    spans: dict[tuple[object, ...], list[float]] = {}
    for run in runs:
        span = spans.setdefault(run.group, [run.lo, run.hi])
        span[0], span[1] = min(span[0], run.lo), max(span[1], run.hi)
    order = sorted(spans.items(), key=lambda item: (item[1][0], item[1][1], repr(item[0])))
    ends: list[float] = []  # per track, where its last run ends
    track_of: dict[tuple[object, ...], int] = {}
    for group, (lo, hi) in order:
        for track, end in enumerate(ends):
            if end < lo - 1e-9:
                ends[track] = hi
                track_of[group] = track
                break
        else:
            track_of[group] = len(ends)
            ends.append(hi)
    return track_of, len(ends)


def _box_size(node: Node) -> tuple[float, float]:
    if node.side == "team":
        return TEAM_W, TEAM_H
    influence = node.influence or 3
    return BOX_W[influence], BOX_H[influence]


def _port_fraction(index: int, count: int) -> float:
    return 0.12 + 0.76 * (index + 1) / (count + 1)


def build_layout(scene: Scene) -> Layout:
    """Place every box and route every line of the scene."""
    grid = _grid(scene)
    tiers = len(grid.tiers) + (1 if grid.team_tier is not None else 0)
    boxes_wh = {node.key: _box_size(node) for node in scene.nodes}

    # 1. which box edges, channels and gutters each line uses
    plans: list[_Plan] = []
    gutter_load: dict[int, list[tuple[int, int]]] = {}
    # a manager's reports in one row share one bus, so they share the gutter it comes down
    bus_targets: dict[tuple[str, int], list[float]] = {}
    for edge in scene.edges:
        if edge.kind == "reports-to":
            bus_key = (edge.source, grid.tier_of[edge.target])
            bus_targets.setdefault(bus_key, []).append(grid.slot_of[edge.target] + 0.5)
    bus_gutter: dict[tuple[str, int], int] = {}
    for index, edge in enumerate(scene.edges):
        source_side, target_side = _sides(edge, grid)
        out_channel = _channel(grid.tier_of[edge.source], source_side)
        in_channel = _channel(grid.tier_of[edge.target], target_side)
        xs, xt = grid.slot_of[edge.source] + 0.5, grid.slot_of[edge.target] + 0.5
        gutter = None
        if out_channel != in_channel:
            low, high = min(out_channel, in_channel), max(out_channel, in_channel)
            bus = (edge.source, grid.tier_of[edge.target]) if edge.kind == "reports-to" else None
            if bus is not None and bus in bus_gutter:
                gutter = bus_gutter[bus]
            else:
                if bus is not None:
                    xt = sum(bus_targets[bus]) / len(bus_targets[bus])
                gutter = _choose_gutter(xs, xt, low, high, gutter_load, grid.slots)
                gutter_load.setdefault(gutter, []).append((low, high))
                if bus is not None:
                    bus_gutter[bus] = gutter
        share = f"bus:{edge.source}" if edge.kind == "reports-to" else None
        plans.append(
            _Plan(
                index,
                _End(index, edge.source, source_side, float(gutter) if gutter is not None else xt, share),
                _End(index, edge.target, target_side, float(gutter) if gutter is not None else xs, None),
                out_channel,
                in_channel,
                gutter,
            )
        )

    # 2. ports: the ends on one box edge, ordered by where their lines head, spread evenly
    by_side: dict[tuple[str, str], list[_End]] = {}
    for plan in plans:
        for end in (plan.source, plan.target):
            by_side.setdefault((end.node, end.side), []).append(end)
    port_fraction: dict[tuple[str, str, int], float] = {}
    for (key, side), ends in sorted(by_side.items()):
        ports: dict[object, list[_End]] = {}
        for end in ends:
            ports.setdefault(end.share if end.share else ("edge", end.edge), []).append(end)
        own = grid.slot_of[key] + 0.5

        def heading(group: list[_End], own: float = own) -> tuple[float, int]:
            if group[0].share:  # a bus spreads both ways: keep it in the middle
                return (own, min(end.edge for end in group))
            return (group[0].heading, group[0].edge)

        ordered = sorted(ports.values(), key=heading)
        for port, group in enumerate(ordered):
            for end in group:
                end.port = port
            port_fraction[(key, side, port)] = _port_fraction(port, len(ordered))

    # where each port sits, in pixels from the left of its slot; then pull apart a port on
    # a top edge that would share its x with a port on the bottom edge of the box just above
    port_offset: dict[tuple[str, str, int], float] = {}
    for (key, side, port), fraction in port_fraction.items():
        width = boxes_wh[key][0]
        port_offset[(key, side, port)] = round((SLOT_W - width) / 2 + width * fraction, 2)
    lines_at: dict[tuple[str, str, int], set[object]] = {}
    for plan in plans:
        for end in (plan.source, plan.target):
            lines_at.setdefault((end.node, end.side, end.port), set()).add(end.share or ("edge", end.edge))
    # a report's top end belongs to its manager's bus too
    for plan in plans:
        if plan.source.share:
            lines_at[(plan.target.node, plan.target.side, plan.target.port)].add(plan.source.share)
    _separate_ports(grid, boxes_wh, port_offset, lines_at)

    def end_abstract(end: _End) -> float:
        return grid.slot_of[end.node] + port_offset[(end.node, end.side, end.port)] / SLOT_W

    # 3. runs in channels and gutters, then tracks
    channel_runs: dict[int, list[_Run]] = {}
    gutter_runs: dict[int, list[_Run]] = {}
    run_groups: dict[int, tuple[tuple[object, ...], ...]] = {}
    for plan in plans:
        edge = scene.edges[plan.edge]
        owner: tuple[object, ...] = ("bus", edge.source) if edge.kind == "reports-to" else ("edge", plan.edge)
        xs, xt = end_abstract(plan.source), end_abstract(plan.target)
        if plan.gutter is None:
            group_out = (*owner, "c", plan.out_channel)
            channel_runs.setdefault(plan.out_channel, []).append(_Run(min(xs, xt), max(xs, xt), group_out))
            run_groups[plan.edge] = (group_out,)
            continue
        g = float(plan.gutter)
        group_out = (*owner, "c", plan.out_channel)
        group_up = (*owner, "g", plan.gutter)
        group_in = (*owner, "c", plan.in_channel, plan.gutter)
        channel_runs.setdefault(plan.out_channel, []).append(_Run(min(xs, g), max(xs, g), group_out))
        low, high = min(plan.out_channel, plan.in_channel), max(plan.out_channel, plan.in_channel)
        gutter_runs.setdefault(plan.gutter, []).append(_Run(low, high, group_up))
        channel_runs.setdefault(plan.in_channel, []).append(_Run(min(g, xt), max(g, xt), group_in))
        run_groups[plan.edge] = (group_out, group_up, group_in)
    channel_tracks = {channel: _assign_tracks(runs) for channel, runs in channel_runs.items()}
    gutter_tracks = {gutter: _assign_tracks(runs) for gutter, runs in gutter_runs.items()}

    # 4. real coordinates: gutters and slots across, channels and tiers down
    group_starts = {start for _, start, _ in grid.groups}
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

    channel_y: list[float] = []
    channel_h: list[float] = []
    tier_y: list[float] = []
    y = float(HEAD_H)
    for channel in range(tiers + 1):
        if channel == 0:
            kind = "top"
        elif channel == tiers:
            kind = "bottom"
        elif grid.team_tier is not None and channel == grid.team_tier:
            kind = "team"
        elif grid.tiers[channel][0] != grid.tiers[channel - 1][0]:
            kind = "band"
        else:
            kind = "sub"
        count = channel_tracks.get(channel, ({}, 0))[1]
        height = max(CHANNEL_MIN[kind], 2 * CHANNEL_PAD + (count - 1) * TRACK)
        channel_y.append(y)
        channel_h.append(height)
        y += height
        if channel < tiers:
            tier_y.append(y)
            y += TEAM_TIER_H if channel == grid.team_tier else TIER_H
    height_total = y

    boxes: dict[str, Box] = {}
    for node in scene.nodes:
        w, h = boxes_wh[node.key]
        tier = grid.tier_of[node.key]
        row_h = TEAM_TIER_H if tier == grid.team_tier else TIER_H
        boxes[node.key] = Box(
            node.key, slot_x[grid.slot_of[node.key]] + (SLOT_W - w) / 2, tier_y[tier] + (row_h - h) / 2, w, h
        )

    def track_pos(start: float, size: float, count: int, track: int) -> float:
        return start + (size - (count - 1) * TRACK) / 2 + track * TRACK

    def channel_track_y(channel: int, group: tuple[object, ...]) -> float:
        track_of, count = channel_tracks[channel]
        return track_pos(channel_y[channel], channel_h[channel], count, track_of[group])

    def gutter_track_x(gutter: int, group: tuple[object, ...]) -> float:
        track_of, count = gutter_tracks[gutter]
        return track_pos(gutter_x[gutter], gutter_w[gutter], count, track_of[group])

    def port_x(end: _End) -> float:
        return round(slot_x[grid.slot_of[end.node]] + port_offset[(end.node, end.side, end.port)], 2)

    # 6. the polylines
    routes: list[Route] = []
    for plan in plans:
        groups = run_groups[plan.edge]
        source, target = plan.source, plan.target
        sx, tx = port_x(source), port_x(target)
        sy = boxes[source.node].y if source.side == "top" else boxes[source.node].bottom
        ty = boxes[target.node].y if target.side == "top" else boxes[target.node].bottom
        out_y = channel_track_y(plan.out_channel, groups[0])
        if plan.gutter is None:
            points = [(sx, sy), (sx, out_y), (tx, out_y), (tx, ty)]
        else:
            gx = gutter_track_x(plan.gutter, groups[1])
            in_y = channel_track_y(plan.in_channel, groups[2])
            points = [(sx, sy), (sx, out_y), (gx, out_y), (gx, in_y), (tx, in_y), (tx, ty)]
        routes.append(Route(plan.edge, _simplify(points)))

    bands = _bands(grid, channel_y, channel_h, tier_y, height_total)
    columns = tuple(
        Column(
            "" if function is None else function,
            slot_x[start],
            slot_x[start + count - 1] + SLOT_W - slot_x[start],
        )
        for function, start, count in grid.groups
    )
    return Layout(width_total, height_total, boxes, tuple(routes), bands, columns)


def _separate_ports(
    grid: _Grid,
    sizes: dict[str, tuple[float, float]],
    offset: dict[tuple[str, str, int], float],
    lines_at: dict[tuple[str, str, int], set[object]],
) -> None:
    """Move a top-edge port sideways where it would share its x with a bottom-edge port just above.

    Both ports' lines run through the same channel, one down from the box
    above and one up from the box below; on the same x they could run over
    each other. A manager's bus dropping straight onto its report is the
    exception: one line, and it should stay straight.
    """
    box_at = {(grid.tier_of[key], grid.slot_of[key]): key for key in grid.tier_of}
    bottoms: dict[str, list[tuple[float, set[object]]]] = {}
    for (key, side, port), at in offset.items():
        if side == "bottom":
            bottoms.setdefault(key, []).append((at, lines_at[(key, side, port)]))
    for (key, side, port), at in sorted(offset.items()):
        if side != "top":
            continue
        above = box_at.get((grid.tier_of[key] - 1, grid.slot_of[key]))
        legs = bottoms.get(above, []) if above is not None else []
        mine = lines_at[(key, side, port)]

        def clashes(x: float, legs: list[tuple[float, set[object]]] = legs, mine: set[object] = mine) -> bool:
            return any(abs(x - other) < 3 and not (lines & mine) for other, lines in legs)

        if not clashes(at):
            continue
        width = sizes[key][0]
        left, right = (SLOT_W - width) / 2 + 6, (SLOT_W + width) / 2 - 6
        neighbours = [x for (k, s, p), x in offset.items() if k == key and s == "top" and p != port]
        for step in (1, -1, 2, -2, 3, -3):
            candidate = at + step * PORT_GAP
            apart = all(abs(candidate - x) >= PORT_GAP - 1e-9 for x in neighbours)
            if left <= candidate <= right and apart and not clashes(candidate):
                offset[(key, side, port)] = candidate
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
    grid: _Grid, channel_y: list[float], channel_h: list[float], tier_y: list[float], bottom: float
) -> tuple[Band, ...]:
    from .scene import level_label

    levels = [*LEVEL_ORDER, None]
    bands: list[Band] = []
    tier = 0
    while tier < len(grid.tiers):
        band = grid.tiers[tier][0]
        last = tier
        while last + 1 < len(grid.tiers) and grid.tiers[last + 1][0] == band:
            last += 1
        top = channel_y[tier] if tier == 0 else channel_y[tier] + channel_h[tier] / 2
        end = channel_y[last + 1] + channel_h[last + 1] / 2
        if grid.team_tier is None and last + 1 == len(grid.tiers):
            end = bottom
        bands.append(Band(level_label(levels[band]), "level", top, end - top))
        tier = last + 1
    if grid.team_tier is not None:
        team = grid.team_tier
        top = channel_y[team] + channel_h[team] / 2 if team > 0 else channel_y[0]
        bands.append(Band("Our team", "team", top, bottom - top))
    return tuple(bands)
