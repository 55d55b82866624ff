"""Measure the picture's own layout against Graphviz `dot` on the same maps (the figures in docs/picture.md).

For each map: the drawing's width and height in CSS pixels (the map only:
no title, no legend), the size its names would print at once the drawing
is shrunk to a 1,600 px window, how many times two lines cross, how many
times a line runs through a box other than its own two, and the time to lay
out and draw. Ours is `render_svg` on the scene (orthogonal routes, read
from the layout); Graphviz is `dot -Tplain` and `dot -Tsvg` on
`relmap render --to dot` (splines sampled every few pixels, read from the
plain output), legend nodes left out.

    .venv/bin/python scripts/picture_vs_dot.py        # needs `dot` on PATH
"""

from __future__ import annotations

import shlex
import subprocess
import sys
import time
from datetime import date
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import org_map

from relmap_cli.graph import build_graph
from relmap_cli.load.loader import load_text
from relmap_cli.render.diagram.dot import render_dot
from relmap_cli.render.diagram.layout import build_layout
from relmap_cli.render.diagram.scene import build_scene
from relmap_cli.render.diagram.svg import render_svg

TODAY = date(2026, 11, 20)
WINDOW = 1600.0
PX_PER_INCH = 96.0
DOT_NAME_PX = 11 * 96 / 72  # the DOT output's 11 pt type, in CSS pixels at full size
OUR_NAME_PX = 12.0  # the smallest name size in our boxes (13 px when the name fits)

Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # left, top, right, bottom


def maps() -> list[tuple[str, str]]:
    out = [(f"generated, {people} people", org_map(people)) for people in (30, 80, 150)]
    for name in ("st-aldric-hospital", "nordic-skyways"):
        out.append((name, (ROOT / "tests" / "data" / "accounts" / f"{name}.yaml").read_text(encoding="utf-8")))
    return out


def _cubic(p0: Point, p1: Point, p2: Point, p3: Point, steps: int) -> list[Point]:
    out = []
    for step in range(1, steps + 1):
        t = step / steps
        u = 1 - t
        out.append(
            (
                u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
            )
        )
    return out


def dot_geometry(plain: str) -> tuple[dict[str, Rect], list[tuple[str, str, list[Point]]]]:
    """Boxes (px, y down) of the people, and every edge between two of them as a sampled polyline."""
    height = 0.0
    boxes: dict[str, Rect] = {}
    edges: list[tuple[str, str, list[Point]]] = []
    for line in plain.splitlines():
        parts = shlex.split(line)
        if not parts:
            continue
        if parts[0] == "graph":
            height = float(parts[3])
        elif parts[0] == "node" and parts[1].startswith("p"):
            x, y, w, h = (float(value) * PX_PER_INCH for value in parts[2:6])
            y = height * PX_PER_INCH - y
            boxes[parts[1]] = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        elif parts[0] == "edge" and parts[1].startswith("p") and parts[2].startswith("p"):
            count = int(parts[3])
            raw = [
                (float(parts[4 + 2 * i]) * PX_PER_INCH, height * PX_PER_INCH - float(parts[5 + 2 * i]) * PX_PER_INCH)
                for i in range(count)
            ]
            points = [raw[0]]
            for index in range(0, count - 3, 3):
                points.extend(_cubic(raw[index], raw[index + 1], raw[index + 2], raw[index + 3], 12))
            edges.append((parts[1], parts[2], points))
    return boxes, edges


def _crosses(a: tuple[Point, Point], b: tuple[Point, Point]) -> bool:
    """Two segments cross at one point strictly inside both (touching and running together do not count)."""
    (x1, y1), (x2, y2) = a
    (x3, y3), (x4, y4) = b
    d = (x2 - x1) * (y4 - y3) - (y2 - y1) * (x4 - x3)
    if abs(d) < 1e-9:
        return False
    t = ((x3 - x1) * (y4 - y3) - (y3 - y1) * (x4 - x3)) / d
    u = ((x3 - x1) * (y2 - y1) - (y3 - y1) * (x2 - x1)) / d
    return 1e-6 < t < 1 - 1e-6 and 1e-6 < u < 1 - 1e-6


def _inside(point: Point, rect: Rect, inset: float = 1.0) -> bool:
    x, y = point
    return rect[0] + inset < x < rect[2] - inset and rect[1] + inset < y < rect[3] - inset


def count(
    boxes: dict[str, Rect], lines: list[tuple[str, str, str, list[Point]]], cell: float = 40.0
) -> tuple[int, int]:
    """(crossings of two lines that share no person and no bundle, lines running through a box not their own)."""
    buckets: dict[tuple[int, int], list[tuple[int, tuple[Point, Point]]]] = {}
    for number, (_, _, _, points) in enumerate(lines):
        for segment in pairwise(points):
            (x0, y0), (x1, y1) = segment
            for cx in range(int(min(x0, x1) // cell), int(max(x0, x1) // cell) + 1):
                for cy in range(int(min(y0, y1) // cell), int(max(y0, y1) // cell) + 1):
                    buckets.setdefault((cx, cy), []).append((number, segment))
    found: set[tuple[int, int, int, int]] = set()
    for members in buckets.values():
        for index, (a, sa) in enumerate(members):
            for b, sb in members[index + 1 :]:
                if a == b:
                    continue
                la, lb = lines[a], lines[b]
                if la[2] == lb[2] or {la[0], la[1]} & {lb[0], lb[1]}:
                    continue
                if _crosses(sa, sb):
                    (x0, y0), (x1, y1) = sa
                    (x2, y2), (x3, y3) = sb
                    key = (min(a, b), max(a, b), round((x0 + x1 + x2 + x3) / 4 / 3), round((y0 + y1 + y2 + y3) / 4 / 3))
                    found.add(key)
    through = 0
    for source, target, _, points in lines:
        samples = list(points)
        for (x0, y0), (x1, y1) in pairwise(points):  # axis-parallel runs: look along them too
            steps = int(max(abs(x1 - x0), abs(y1 - y0)) // 4)
            share = [k / max(1, steps) for k in range(steps)]
            samples.extend((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t) for t in share)
        for key, rect in boxes.items():
            if key not in (source, target) and any(_inside(point, rect) for point in samples):
                through += 1
    return len(found), through


def shared_run(lines: list[tuple[str, str, str, list[Point]]]) -> float:
    """Pixels along which a line runs on top of another (within a pixel, same direction).

    Lines of one bundle, and lines that share a person, are left out.
    """
    cells: dict[tuple[int, int], list[tuple[int, float, float]]] = {}
    for number, (_, _, _, points) in enumerate(lines):
        for (x0, y0), (x1, y1) in pairwise(points):
            length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
            if length < 1e-9:
                continue
            dx, dy = (x1 - x0) / length, (y1 - y0) / length
            seen: set[tuple[int, int]] = set()
            for k in range(int(length) + 1):
                cell = (round(x0 + dx * k), round(y0 + dy * k))
                if cell not in seen:
                    seen.add(cell)
                    cells.setdefault(cell, []).append((number, dx, dy))
    total = 0
    for members in cells.values():
        if len(members) < 2:
            continue
        for index, (a, ax, ay) in enumerate(members):
            if any(
                b != a
                and lines[a][2] != lines[b][2]
                and not {lines[a][0], lines[a][1]} & {lines[b][0], lines[b][1]}
                and abs(ax * bx + ay * by) > 0.95
                for b, bx, by in members[index + 1 :]
            ):
                total += 1
                break
    return float(total)


def ours(text: str, name: str) -> dict[str, float]:
    loaded = load_text(text, f"{name}.yaml")
    assert loaded.model is not None
    graph = build_graph(loaded.model, TODAY)
    started = time.perf_counter()
    scene = build_scene(graph)
    layout = build_layout(scene)
    render_svg(scene)
    seconds = time.perf_counter() - started
    boxes = {key: (box.x, box.y, box.right, box.bottom) for key, box in layout.boxes.items()}
    lines = [
        (scene.edges[route.edge].source, scene.edges[route.edge].target, route.bundle, list(route.points))
        for route in layout.routes
    ]
    crossings, through = count(boxes, lines)
    scale = min(1.0, WINDOW / layout.width)
    return {
        "w": layout.width, "h": layout.height, "name": OUR_NAME_PX * scale, "x": crossings, "through": through,
        "on": shared_run(lines), "s": seconds,
    }  # fmt: skip


def graphviz(text: str, name: str) -> dict[str, float]:
    loaded = load_text(text, f"{name}.yaml")
    assert loaded.model is not None
    source = render_dot(build_scene(build_graph(loaded.model, TODAY)))
    started = time.perf_counter()
    subprocess.run(["dot", "-Tsvg"], input=source, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    plain = subprocess.run(["dot", "-Tplain"], input=source, capture_output=True, text=True, check=True).stdout
    boxes, edges = dot_geometry(plain)
    left = min(rect[0] for rect in boxes.values())
    right = max(rect[2] for rect in boxes.values())
    top = min(rect[1] for rect in boxes.values())
    bottom = max(rect[3] for rect in boxes.values())
    width, height = right - left, bottom - top
    lines = [(a, b, f"edge:{number}", points) for number, (a, b, points) in enumerate(edges)]
    crossings, through = count(boxes, lines)
    scale = min(1.0, WINDOW / width)
    return {
        "w": width, "h": height, "name": DOT_NAME_PX * scale, "x": crossings, "through": through,
        "on": shared_run(lines), "s": seconds,
    }  # fmt: skip


def routed_by_graphviz(text: str, name: str, splines: str) -> dict[str, float]:
    """Our boxes where our layout puts them; Graphviz (`neato -n2`) routes the lines around them."""
    loaded = load_text(text, f"{name}.yaml")
    assert loaded.model is not None
    scene = build_scene(build_graph(loaded.model, TODAY))
    layout = build_layout(scene)
    points_per_px = 72 / PX_PER_INCH
    lines = [f"digraph g {{ splines={splines}; node [shape=box, fixedsize=true, label=\"\"];"]
    for key, box in layout.boxes.items():
        x = (box.x + box.w / 2) * points_per_px
        y = (layout.height - box.y - box.h / 2) * points_per_px
        size = f"width={box.w / PX_PER_INCH:.3f}, height={box.h / PX_PER_INCH:.3f}"
        lines.append(f'  "{key}" [pos="{x:.2f},{y:.2f}!", {size}];')
    for edge in scene.edges:
        lines.append(f'  "{edge.source}" -> "{edge.target}";')
    lines.append("}")
    source = "\n".join(lines)
    started = time.perf_counter()
    run = subprocess.run(["neato", "-n2", "-Tplain"], input=source, capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - started
    if run.returncode != 0:
        nan = float("nan")
        failed = {"x": nan, "through": nan, "on": nan}
        return {"w": layout.width, "h": layout.height, "name": OUR_NAME_PX, **failed, "s": seconds}
    boxes, edges = dot_geometry(run.stdout)
    routed = [(a, b, f"edge:{number}", points) for number, (a, b, points) in enumerate(edges)]
    crossings, through = count(boxes, routed)
    return {
        "w": layout.width, "h": layout.height, "name": OUR_NAME_PX, "x": crossings, "through": through,
        "on": shared_run(routed), "s": seconds,
    }  # fmt: skip


def main() -> None:
    print(
        "| map | layout | width x height (px) | names in a 1,600 px window | line crossings | lines through a box"
        " | px of line on top of another | time |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, text in maps():
        measures = (
            ("relmap", ours),
            ("Graphviz dot 2.43", graphviz),
            ("our boxes, neato -n2 splines=ortho", lambda t, n: routed_by_graphviz(t, n, "ortho")),
            ("our boxes, neato -n2 splines=true", lambda t, n: routed_by_graphviz(t, n, "true")),
        )
        for label, measure in measures:
            m = measure(text, name.replace(" ", "-").replace(",", ""))
            print(
                f"| {name} | {label} | {m['w']:,.0f} x {m['h']:,.0f} | {m['name']:.1f} px | {m['x']:,.0f} | "
                f"{m['through']:,.0f} | {m['on']:,.0f} | {m['s'] * 1000:,.0f} ms |"
            )


if __name__ == "__main__":
    main()
