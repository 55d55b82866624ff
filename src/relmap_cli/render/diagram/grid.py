"""The scene -> a grid: which row and which slot each box takes. No pixels, no lines.

The client's people sit in rows by level (executive at the top) and in
blocks by function, in the order the file first names each function. A
function gets as many slots across as its widest row needs, up to what the
window allows; a wider row wraps onto sub-rows, a manager's reports stacked
under them. When the functions side by side would not fit, they fold into
several bands, one under another, each with its own level rows: the split
and the widths are the ones that need the fewest rows, so the picture grows
down, never off the screen. Functions whose people sit at alike levels
share a band (a band of functions heavy in managers, one heavy in staff),
so that rows are full; within a band they keep the file's order, and the
band holding the first-named function comes first. Our team fills the rows
beneath. Deterministic.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from math import ceil

from ...tuples import NamedTuple
from .scene import LEVEL_ORDER, Node, Scene

Tier = tuple[int, int]  # (level index, depth of peers of the same level above on the reports_to chain)


class Row(NamedTuple):
    """One row of boxes."""

    kind: str  # "level" | "team"
    band: int  # the band of functions it belongs to (team rows: one past the last band)
    level: int  # index in LEVEL_ORDER, len(LEVEL_ORDER) when not set; -1 for our team
    sub: int  # 0 for the first row of its tier, 1, 2, ... for the rows a wide tier wraps onto


@dataclass(frozen=True, slots=True)
class Block:
    """The slots one function takes in one band."""

    band: int
    function: str | None
    first: int
    count: int


@dataclass
class Grid:
    """Every box's row and slot."""

    slots: int
    rows: list[Row] = field(default_factory=list)
    row_of: dict[str, int] = field(default_factory=dict)
    slot_of: dict[str, int] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)


def level_index(node: Node) -> int:
    """The row band of a level: 0 for executive ... 4 for staff, 5 when not set."""
    return LEVEL_ORDER[node.level] if node.level is not None else len(LEVEL_ORDER)


def manager_of(scene: Scene) -> dict[str, str]:
    """Each client person's manager (node keys), from the reports_to lines."""
    return {edge.target: edge.source for edge in scene.edges if edge.kind == "reports-to"}


def _depths(client: list[Node], managers: dict[str, str]) -> dict[str, int]:
    """How many peers of the same level stand above each person on the reports_to chain."""
    by_key = {node.key: node for node in client}

    def peer_manager(key: str) -> str | None:
        manager = managers.get(key)
        if manager is not None and manager in by_key and level_index(by_key[manager]) == level_index(by_key[key]):
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


def client_tiers(scene: Scene) -> tuple[list[Tier], dict[str, int]]:
    """The client's tiers, top-down, as (level index, depth), and each person's tier number."""
    client = scene.client
    depth = _depths(client, manager_of(scene))
    tiers = sorted({(level_index(node), depth[node.key]) for node in client})
    number = {tier: index for index, tier in enumerate(tiers)}
    return tiers, {node.key: number[(level_index(node), depth[node.key])] for node in client}


def spread(desired: list[float], lo: int, hi: int) -> list[int]:
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


# -- folding functions into bands ------------------------------------------------------------
def _band_rows(counts: list[dict[int, int]], widths: list[int]) -> tuple[int, int]:
    """(rows the band needs, rows its functions need added up) for these widths."""
    tiers: dict[int, int] = {}
    own = 0
    for tier_counts, width in zip(counts, widths, strict=True):
        for tier, count in tier_counts.items():
            rows = ceil(count / width)
            own += rows
            tiers[tier] = max(tiers.get(tier, 0), rows)
    return sum(tiers.values()), own


def _widths(counts: list[dict[int, int]], slots: int) -> tuple[list[int], int] | None:
    """The widths of functions side by side in one band that need the fewest rows, or None if they cannot fit.

    Greedy: one slot at a time to the function whose widening saves the most
    (band rows, then rows of its functions added up), the first on a tie.
    Only the widened function's rows change, so each try is scored against
    the other functions' tallest rows per level, kept up to date.
    """
    if len(counts) > slots:
        return None
    natural = [max(tier_counts.values()) for tier_counts in counts]
    widths = [1] * len(counts)
    need = [dict(tier_counts) for tier_counts in counts]  # rows per function and tier at its width
    best = _band_rows(counts, widths)
    while sum(widths) < slots:
        top: dict[int, list[tuple[int, int]]] = {}  # tier -> the two tallest (rows, function)
        for index, rows_of in enumerate(need):
            for tier, rows in rows_of.items():
                pair = top.setdefault(tier, [])
                pair.append((rows, index))
                pair.sort(key=lambda item: -item[0])
                del pair[2:]
        choice = None
        for index, width in enumerate(widths):
            if width >= natural[index]:
                continue
            band, own = best
            for tier, count in counts[index].items():
                rows = ceil(count / (width + 1))
                pair = top[tier]
                others = next((r for r, i in pair if i != index), 0)
                band += max(others, rows) - pair[0][0]
                own += rows - need[index][tier]
            score = (band, own)
            if choice is None or score < choice[0]:
                choice = (score, index)
        if choice is None or choice[0] >= best:
            break
        best = choice[0]
        index = choice[1]
        widths[index] += 1
        need[index] = {tier: ceil(count / widths[index]) for tier, count in counts[index].items()}
    return widths, best[0]


BAND_COST = 1.5  # a band's headings and the channel above it, in rows
REGROUP_MAX = 40  # more functions than this: bands of consecutive functions only (the regrouping search grows as n^2)


Fit = Callable[[tuple[int, ...]], "tuple[list[int], int] | None"]


def _consecutive(order: list[int], fit: Fit, slots: int) -> list[list[int]]:
    """Runs of consecutive functions (in `order`) -> bands, the fewest rows in all."""
    count = len(order)
    best: list[tuple[float, int]] = [(0.0, 0)] + [(float("inf"), 0)] * count
    for end in range(1, count + 1):
        for start in range(max(0, end - slots), end):
            fitted = fit(tuple(sorted(order[start:end])))
            if fitted is None or best[start][0] == float("inf"):
                continue
            cost = best[start][0] + fitted[1] + BAND_COST
            if cost <= best[end][0] + 1e-9:  # on a tie, the later start: earlier bands are the fuller
                best[end] = (cost, start)
    bands: list[list[int]] = []
    end = count
    while end > 0:
        start = best[end][1]
        bands.append(sorted(order[start:end]))
        end = start
    return bands[::-1]


def _cost(fit: Fit, band: tuple[int, ...]) -> float:
    if not band:
        return 0.0
    fitted = fit(band)
    return float("inf") if fitted is None else fitted[1] + BAND_COST


def _regroup(count: int, fit: Fit, bands: list[list[int]]) -> list[list[int]]:
    """Move or swap functions between bands while that saves rows: functions with alike level profiles share a band.

    A deterministic descent from `bands`: each step takes the move (one
    function to another or a new band) or swap (two functions of two bands)
    that saves the most rows, the first one found on a tie; it stops when
    none saves any. Only a saving moves a function, so a map that folds
    well in file order keeps that order.
    """
    state = [tuple(band) for band in bands]
    for _ in range(4 * count):  # every step saves at least half a row: this bound is never the limit in practice
        best: tuple[float, list[tuple[int, ...]]] | None = None
        where = {index: number for number, band in enumerate(state) for index in band}
        for index in range(count):
            home = where[index]
            for target in range(len(state) + 1):
                if target == home or (target == len(state) and len(state[home]) == 1):
                    continue  # where it is, or alone in a new band when it is alone already
                moved = [*state, ()]
                moved[home] = tuple(i for i in moved[home] if i != index)
                moved[target] = tuple(sorted((*moved[target], index)))
                before = _cost(fit, state[home]) + _cost(fit, state[target] if target < len(state) else ())
                gain = before - _cost(fit, moved[home]) - _cost(fit, moved[target])
                if gain > 1e-9 and (best is None or gain > best[0] + 1e-9):
                    best = (gain, [band for band in moved if band])
            for other in range(index + 1, count):
                there = where[other]
                if there == home:
                    continue
                a = tuple(sorted((*(i for i in state[home] if i != index), other)))
                b = tuple(sorted((*(i for i in state[there] if i != other), index)))
                gain = _cost(fit, state[home]) + _cost(fit, state[there]) - _cost(fit, a) - _cost(fit, b)
                if gain > 1e-9 and (best is None or gain > best[0] + 1e-9):
                    swapped = list(state)
                    swapped[home], swapped[there] = a, b
                    best = (gain, swapped)
        if best is None:
            break
        state = best[1]
    return [list(band) for band in sorted(state)]  # bands in the order of their first function


def fold(counts: list[dict[int, int]], slots: int) -> list[tuple[list[int], list[int]]]:
    """Functions -> bands: [(the functions, in file order; their widths)], the fewest rows found.

    Two starts: bands of consecutive functions in file order, and in the
    order of each function's mean level (functions alike in levels side by
    side); each improved by regrouping, the one with fewer rows kept (file
    order on a tie).
    """
    memo: dict[tuple[int, ...], tuple[list[int], int] | None] = {}

    def fit(band: tuple[int, ...]) -> tuple[list[int], int] | None:
        if band not in memo:
            memo[band] = _widths([counts[index] for index in band], slots)
        return memo[band]

    def total(bands: list[list[int]]) -> float:
        return sum(_cost(fit, tuple(band)) for band in bands)

    in_file = list(range(len(counts)))
    bands = _consecutive(in_file, fit, slots)
    if len(counts) <= REGROUP_MAX:
        bands = _regroup(len(counts), fit, bands)
        def mean_level(i: int) -> tuple[float, int]:
            return (sum(t * n for t, n in counts[i].items()) / max(1, sum(counts[i].values())), i)

        by_level = sorted(in_file, key=mean_level)
        alike = _regroup(len(counts), fit, _consecutive(by_level, fit, slots))
        if total(alike) < total(bands) - 1e-9:
            bands = alike
    out = []
    for band in bands:
        fitted = fit(tuple(band))
        assert fitted is not None  # every band of the descent fits
        out.append((band, fitted[0]))
    return out


# -- placing ---------------------------------------------------------------------------------
def _place_tier(members: list[Node], wants: list[float], first: int, width: int, rows: int) -> list[tuple[int, int]]:
    """(sub-row, slot) for each member of one function's tier, in the members' order."""
    order = sorted(range(len(members)), key=lambda index: (wants[index], index))
    if rows == 1:
        slots = spread([wants[index] for index in order], first, first + width)
        placed = {index: (0, slot) for index, slot in zip(order, slots, strict=True)}
    else:  # stacked: column by column, each column under the people its members report to
        columns = [order[start : start + rows] for start in range(0, len(order), rows)]
        column_wants = [sum(wants[index] for index in column) / len(column) for column in columns]
        slots = spread(column_wants, first, first + width)
        placed = {index: (sub, slot) for column, slot in zip(columns, slots, strict=True) for sub, index in enumerate(column)}
    return [placed[index] for index in range(len(members))]


def build_grid(scene: Scene, slots: int) -> Grid:
    """Rows and slots for every box, at most `slots` across."""
    client, team = scene.client, scene.team
    managers = manager_of(scene)
    tiers, tier_of = client_tiers(scene)
    functions: list[str | None] = []
    for node in client:
        if node.function is not None and node.function not in functions:
            functions.append(node.function)
    if any(node.function is None for node in client):
        functions.append(None)
    cells: dict[tuple[str | None, int], list[Node]] = {}
    for node in client:
        cells.setdefault((node.function, tier_of[node.key]), []).append(node)
    counts = [{tier: len(cells[(f, tier)]) for tier in range(len(tiers)) if (f, tier) in cells} for f in functions]

    grid = Grid(slots=slots)
    bands = fold(counts, slots) if functions else []
    for band, (members, widths) in enumerate(bands):
        members_of = [functions[index] for index in members]
        first = 0
        blocks = []
        for function, width in zip(members_of, widths, strict=True):
            blocks.append(Block(band, function, first, width))
            first += width
        grid.blocks.extend(blocks)
        for tier in sorted({tier for f in members_of for (g, tier) in cells if g == f}):
            rows = max(ceil(len(cells.get((b.function, tier), [])) / b.count) for b in blocks)
            top = len(grid.rows)
            grid.rows.extend(Row("level", band, tiers[tier][0], sub) for sub in range(rows))
            for block in blocks:
                members = cells.get((block.function, tier), [])
                if not members:
                    continue
                default = block.first + (block.count - min(len(members), block.count)) / 2
                wants = []
                for order, node in enumerate(members):
                    manager = managers.get(node.key)
                    at = grid.slot_of.get(manager) if manager is not None else None
                    inside = at is not None and block.first <= at < block.first + block.count
                    wants.append(float(at) if inside and at is not None else default + order % block.count)
                sub_rows = ceil(len(members) / block.count)
                for node, (sub, slot) in zip(members, _place_tier(members, wants, block.first, block.count, sub_rows), strict=True):
                    grid.row_of[node.key] = top + sub
                    grid.slot_of[node.key] = slot

    used = max((block.first + block.count for block in grid.blocks), default=0)
    grid.slots = max(used, min(len(team), slots), 1)
    if team:
        contacts: dict[str, list[int]] = {}
        for edge in scene.edges:
            if edge.kind == "knows" and edge.target in grid.slot_of:
                contacts.setdefault(edge.source, []).append(grid.slot_of[edge.target])
        centre = {b.function: b.first + (b.count - 1) / 2 for b in grid.blocks}
        wants_team: list[tuple[float, int, Node]] = []
        for order, node in enumerate(team):
            if node.key in contacts:
                want = sum(contacts[node.key]) / len(contacts[node.key])
            else:
                want = centre.get(node.function, float(grid.slots + order))
            wants_team.append((want, order, node))
        wants_team.sort(key=lambda item: (item[0], item[1]))
        for start in range(0, len(wants_team), grid.slots):
            chunk = wants_team[start : start + grid.slots]
            row = len(grid.rows)
            grid.rows.append(Row("team", len(bands), -1, start // grid.slots))
            for slot, (_, _, node) in zip(spread([w for w, _, _ in chunk], 0, grid.slots), chunk, strict=True):
                grid.row_of[node.key] = row
                grid.slot_of[node.key] = slot
    return grid
