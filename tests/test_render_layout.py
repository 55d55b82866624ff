"""The picture's geometry: rows by level, columns by function, lines that never hide anything."""

from __future__ import annotations

import re
from itertools import combinations, pairwise

import pytest
from hypothesis import HealthCheck, given, settings

from relmap_cli.format.model import AccountMap
from relmap_cli.format.validator import validate_map
from relmap_cli.graph import build_graph
from relmap_cli.load.loader import load_text
from relmap_cli.render.diagram.layout import Box, Layout, Route, build_layout
from relmap_cli.render.diagram.scene import Scene, build_scene

from .conftest import EXAMPLES, valid_map
from .strategies import account_maps

Segment = tuple[tuple[float, float], tuple[float, float]]


def example_scene(name: str) -> Scene:
    loaded = load_text((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"), f"{name}.yaml")
    assert loaded.model is not None
    return build_scene(build_graph(loaded.model))


def scene_of(model: AccountMap) -> Scene:
    return build_scene(build_graph(model))


def key_of(scene: Scene, person_id: str) -> str:
    return next(node.key for node in scene.nodes if node.person_id == person_id)


def middle(box: Box) -> float:
    return box.y + box.h / 2


def segments(points: tuple[tuple[float, float], ...]) -> list[Segment]:
    return list(pairwise(points))


def crosses_inside(segment: Segment, box: Box) -> bool:
    """True when an axis-parallel segment enters the inside of a box (its border does not count)."""
    (x0, y0), (x1, y1) = segment
    left, right, top, bottom = box.x + 0.5, box.right - 0.5, box.y + 0.5, box.bottom - 0.5
    if abs(y0 - y1) < 1e-6:
        return top < y0 < bottom and min(x0, x1) < right and max(x0, x1) > left
    return left < x0 < right and min(y0, y1) < bottom and max(y0, y1) > top


def overlap(a: Segment, b: Segment) -> float:
    """How long two collinear axis-parallel segments run on top of each other."""
    (ax0, ay0), (ax1, ay1) = a
    (bx0, by0), (bx1, by1) = b
    if abs(ay0 - ay1) < 1e-6 and abs(by0 - by1) < 1e-6 and abs(ay0 - by0) < 0.5:
        return min(max(ax0, ax1), max(bx0, bx1)) - max(min(ax0, ax1), min(bx0, bx1))
    if abs(ax0 - ax1) < 1e-6 and abs(bx0 - bx1) < 1e-6 and abs(ax0 - bx0) < 0.5:
        return min(max(ay0, ay1), max(by0, by1)) - max(min(ay0, ay1), min(by0, by1))
    return 0.0


def on_border(point: tuple[float, float], box: Box) -> bool:
    x, y = point
    return box.x - 0.01 <= x <= box.right + 0.01 and (abs(y - box.y) < 0.01 or abs(y - box.bottom) < 0.01)


def route_ends(scene: Scene, route: Route) -> tuple[str, str]:
    """The keys of the boxes a route is drawn from and to."""
    edge = scene.edges[route.edge]
    return (edge.target, edge.source) if route.reverse else (edge.source, edge.target)


def assert_clean(scene: Scene, layout: Layout) -> None:
    """Boxes apart; lines start and end on their boxes, run straight, and hide neither boxes nor lines.

    Lines may share a run only inside one bundle (one style, one shared person).
    """
    boxes = list(layout.boxes.values())
    for a, b in _pairs_that_may_touch(boxes):
        apart = a.right <= b.x or b.right <= a.x or a.bottom <= b.y or b.bottom <= a.y
        assert apart, (a, b)
    for box in boxes:
        assert box.x >= 0 and box.right <= layout.width and box.y >= 0 and box.bottom <= layout.height
    rows: dict[float, list[Box]] = {}
    for box in boxes:
        rows.setdefault(box.y, []).append(box)
    for route in layout.routes:
        start, end = route_ends(scene, route)
        assert on_border(route.points[0], layout.boxes[start]), (scene.edges[route.edge], route)
        assert on_border(route.points[-1], layout.boxes[end]), (scene.edges[route.edge], route)
        for segment in segments(route.points):
            (x0, y0), (x1, y1) = segment
            assert abs(x0 - x1) < 1e-6 or abs(y0 - y1) < 1e-6, route
            for box in _boxes_near(segment, rows):
                assert not crosses_inside(segment, box), (scene.edges[route.edge], box.key, segment)
    by_line: dict[tuple[str, float], list[tuple[Segment, Route]]] = {}
    for route in layout.routes:
        for (x0, y0), (x1, y1) in segments(route.points):
            key = ("h", round(y0, 1)) if abs(y0 - y1) < 1e-6 else ("v", round(x0, 1))
            by_line.setdefault(key, []).append((((x0, y0), (x1, y1)), route))
    for pieces in by_line.values():
        for (s, first), (t, second) in combinations(pieces, 2):
            if first.bundle == second.bundle or first is second:
                continue  # one bundle's trunk is shared on purpose
            assert overlap(s, t) < 1.0, (scene.edges[first.edge], scene.edges[second.edge], s, t)


def _pairs_that_may_touch(boxes: list[Box]) -> list[tuple[Box, Box]]:
    """Pairs of boxes whose vertical extents meet (sorted sweep: no quadratic scan on large maps)."""
    ordered = sorted(boxes, key=lambda box: box.y)
    pairs = []
    for index, box in enumerate(ordered):
        for other in ordered[index + 1 :]:
            if other.y >= box.bottom:
                break
            pairs.append((box, other))
    return pairs


def _boxes_near(segment: Segment, rows: dict[float, list[Box]]) -> list[Box]:
    (_, y0), (_, y1) = segment
    low, high = min(y0, y1), max(y0, y1)
    return [box for top, row in rows.items() for box in row if top < high and box.bottom > low]


def test_rows_follow_levels_and_reporting_lines() -> None:
    scene = example_scene("acme")
    layout = build_layout(scene)
    y = {node.person_id: middle(layout.boxes[node.key]) for node in scene.nodes}
    # Maria and Frank are executives who report to Anna: same band, half a row lower
    assert y["anna"] < y["maria"] == y["frank"] < y["raj"] == y["lee"] < y["schmidt"] < y["joe"] < y["ben"]
    assert y["joe"] == y["omar"] == y["nina"]
    # our team sits beneath every client person
    assert min(y[n.person_id] for n in scene.team) > max(y[n.person_id] for n in scene.client)
    assert [band.label for band in layout.bands] == ["Executive", "VP", "Director", "Manager", "Staff", "Our team"]


def test_columns_follow_functions_in_file_order() -> None:
    scene = example_scene("acme")
    layout = build_layout(scene)
    assert [column.label for column in layout.columns] == [
        "executive",
        "procurement",
        "finance",
        "r-and-d",
        "operations",
        "sustainability",
    ]
    column_of = {}
    for node in scene.client:
        box = layout.boxes[node.key]
        column_of[node.person_id] = next(c.label for c in layout.columns if c.x <= box.x and box.right <= c.x + c.w)
    assert column_of["schmidt"] == column_of["raj"] == "r-and-d"
    assert column_of["omar"] == column_of["nina"] == column_of["lee"] == "operations"


def test_boxes_grow_with_influence() -> None:
    scene = example_scene("acme")
    layout = build_layout(scene)
    width = {node.person_id: layout.boxes[node.key].w for node in scene.nodes}
    assert width["anna"] > width["maria"] > width["omar"] > width["joe"]  # influence 5 > 4 > 3 > 2


def test_our_people_sit_under_the_people_they_know() -> None:
    scene = example_scene("acme")
    layout = build_layout(scene)
    x = {node.person_id: layout.boxes[node.key].x for node in scene.nodes}
    order = sorted((node.person_id for node in scene.team), key=x.__getitem__)
    assert order == ["olsen", "kim", "chen", "tom", "priya", "lena"]  # lena knows nobody: at the end


def test_a_managers_reports_share_one_bus() -> None:
    scene = example_scene("acme")
    layout = build_layout(scene)
    lee = key_of(scene, "lee")
    routes = [
        r for r in layout.routes if scene.edges[r.edge].kind == "reports-to" and scene.edges[r.edge].source == lee
    ]
    assert len(routes) == 2
    # both leave Lee at the same point and come down the same gutter
    assert routes[0].points[:4] == routes[1].points[:4]


def test_the_shipped_examples_are_drawn_cleanly() -> None:
    for name in ("acme", "champion-left", "starter"):
        scene = example_scene(name)
        assert_clean(scene, build_layout(scene))


def test_a_crowded_row_and_lines_in_every_direction_are_drawn_cleanly() -> None:
    model = valid_map(
        """
        relmap: 1
        account: {name: Crowd, owner: us1}
        team:
          - {id: us1, name: One}
          - {id: us2, name: Two, function: sales}
        client:
          - {id: boss, name: Boss, level: executive, function: executive}
          - {id: a, name: A, level: director, function: ops, reports_to: boss}
          - {id: b, name: B, level: director, function: ops, reports_to: boss}
          - {id: c, name: C, level: director, function: ops, reports_to: a}
          - {id: d, name: D, level: staff, function: ops, reports_to: c}
          - {id: e, name: E, level: staff, function: finance, reports_to: boss}
          - {id: f, name: F}
        relationships:
          - {from: d, kind: influences, to: boss}
          - {from: boss, kind: defers-to, to: d}
          - {from: a, kind: opposes, to: b}
          - {from: c, kind: influences, to: e}
          - {from: f, kind: influences, to: a}
          - {from: us1, kind: knows, to: boss}
          - {from: us1, kind: knows, to: d, strength: negative}
          - {from: us2, kind: knows, to: a, strength: weak}
          - {from: us2, kind: knows, to: f}
        """
    )
    scene = scene_of(model)
    layout = build_layout(scene)
    assert_clean(scene, layout)
    y = {node.person_id: middle(layout.boxes[node.key]) for node in scene.nodes}
    assert y["a"] == y["b"] < y["c"] < y["d"] == y["e"] < y["f"]  # c reports to a peer; f has no level


def test_a_map_without_people_has_an_empty_layout() -> None:
    scene = scene_of(valid_map("relmap: 1\naccount: {name: Empty, owner: kim}\nteam:\n  - {id: kim, name: Kim}\n"))
    layout = build_layout(scene)
    assert list(layout.boxes) == ["p0"] and layout.routes == () and layout.columns == ()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(account_maps())
def test_any_valid_map_is_laid_out_cleanly_and_the_same_every_time(data: dict[str, object]) -> None:
    model = validate_map(data)
    scene = scene_of(model)
    layout = build_layout(scene)
    assert_clean(scene, layout)
    assert build_layout(scene_of(model)) == layout


# -- realistic accounts of 10 to 150 people ------------------------------------------------
def org_scene(people: int) -> Scene:
    from datetime import date

    from .test_render_formats import org_text

    loaded = load_text(org_text(people), f"org{people}.yaml")
    assert loaded.problems == [] and loaded.model is not None
    return build_scene(build_graph(loaded.model, date(2026, 11, 20)))


@pytest.mark.parametrize("people", [10, 30, 80, 150])
def test_a_realistic_account_fits_the_window_and_stays_clean(people: int) -> None:
    from relmap_cli.render.diagram.layout import MAX_WIDTH

    scene = org_scene(people)
    assert len(scene.client) == people
    layout = build_layout(scene)
    assert layout.width <= MAX_WIDTH <= 1600  # a 1,600 px window, page margins included
    assert_clean(scene, layout)  # no two boxes overlap, no box crossed by a line, no line over another
    if people >= 80:  # too many functions side by side: folded into several bands, each with its headings
        assert len({column.y for column in layout.columns}) >= 2


@pytest.mark.parametrize("people", [10, 30, 80, 150])
def test_a_realistic_account_shows_every_name_and_title_in_full_at_11_px_or_more(people: int) -> None:
    import xml.etree.ElementTree as ET

    from relmap_cli.render.diagram.svg import render_svg
    from relmap_cli.render.safe import clean_line

    from .test_render_formats import SVG, drawn_lines, joined

    scene = org_scene(people)
    root = ET.fromstring(render_svg(scene).encode())
    assert float(root.get("width") or 0) <= 1600
    css = {m.group(1): float(m.group(2)) for m in re.finditer(r"\.relmap \.([a-z-]+) \{[^}]*font-size: ([\d.]+)px", root.findtext(f"{SVG}style") or "")}
    sizes = []
    for text in root.iter(f"{SVG}text"):
        size = text.get("font-size") or next((str(css[c]) for c in (text.get("class") or "").split() if c in css), None)
        assert size is not None, text.attrib  # every text has a known size ...
        sizes.append(float(size))
    assert min(sizes) >= 11  # ... and none is under 11 px
    people_groups = {g.get("data-key"): g for g in root.iter(f"{SVG}g") if "person" in (g.get("class") or "").split()}
    for node in scene.nodes:
        group = people_groups[node.key]
        name = joined(drawn_lines(group, "name") or drawn_lines(group, "pname"))
        assert name == clean_line(node.name)
        if node.title and not node.placeholder:
            assert joined(drawn_lines(group, "job")) == clean_line(node.title)  # wrapped, never cut


def test_functions_fold_into_bands_that_fill_the_width_first() -> None:
    # twelve one-person functions and nine slots a row: nine side by side, then the other three
    people = "\n".join(f"  - {{id: c{i}, name: Person {i}, function: f{i:02d}, level: director}}" for i in range(12))
    scene = scene_of(valid_map(f"relmap: 1\naccount: {{name: Wide, owner: us}}\nteam:\n  - {{id: us, name: Us}}\nclient:\n{people}\n"))
    layout = build_layout(scene)
    y = [layout.boxes[key_of(scene, f"c{i}")].y for i in range(12)]
    assert len(set(y[:9])) == 1 and len(set(y[9:])) == 1 and y[9] > y[0]
    assert [column.label for column in layout.columns] == [f"f{i:02d}" for i in range(12)]


def test_contacts_of_one_strength_from_one_of_ours_run_as_one_trunk() -> None:
    model = valid_map(
        """
        relmap: 1
        account: {name: Trunk, owner: kim}
        team:
          - {id: kim, name: Kim}
        client:
          - {id: a, name: A, function: ops, level: director}
          - {id: b, name: B, function: ops, level: manager}
          - {id: c, name: C, function: finance, level: manager}
        relationships:
          - {from: kim, kind: knows, to: a, strength: good}
          - {from: kim, kind: knows, to: b, strength: good}
          - {from: kim, kind: knows, to: c, strength: weak}
        """
    )
    scene = scene_of(model)
    layout = build_layout(scene)
    good = [route for route in layout.routes if scene.edges[route.edge].strength == "good"]
    weak = next(route for route in layout.routes if scene.edges[route.edge].strength == "weak")
    assert good[0].bundle == good[1].bundle != weak.bundle
    assert good[0].points[:2] == good[1].points[:2]  # one port on Kim's box, one trunk ...
    assert good[0].points[2][1] == good[1].points[2][1]  # ... branching along one track
    assert weak.points[0] != good[0].points[0]


def test_an_opposes_marker_sits_on_its_line_near_each_person() -> None:
    from relmap_cli.render.diagram.svg import MARK_AT, opposes_marks

    scene = example_scene("acme")
    layout = build_layout(scene)
    for route in layout.routes:
        if scene.edges[route.edge].kind != "opposes":
            continue
        marks = opposes_marks(route.points)
        length = sum(abs(x1 - x0) + abs(y1 - y0) for (x0, y0), (x1, y1) in pairwise(route.points))
        for x, y in marks:  # on the line
            assert any(
                min(x0, x1) - 0.01 <= x <= max(x0, x1) + 0.01 and min(y0, y1) - 0.01 <= y <= max(y0, y1) + 0.01
                for (x0, y0), (x1, y1) in pairwise(route.points)
            )
        if length >= 4 * MARK_AT:
            assert len(marks) == 2
            assert abs(marks[0][0] - route.points[0][0]) + abs(marks[0][1] - route.points[0][1]) <= MARK_AT + 0.01


def test_functions_alike_in_levels_share_a_band_so_that_rows_are_full() -> None:
    from relmap_cli.render.diagram.grid import fold

    # four functions, two of managers and two of staff, alternating in the file; four slots a row
    managers, staff = {0: 4}, {1: 4}
    bands = fold([managers, staff, managers, staff], 4)
    assert [members for members, _ in bands] == [[0, 2], [1, 3]]  # one band of managers, one of staff
    assert [widths for _, widths in bands] == [[2, 2], [2, 2]]
    # a map that folds as well in file order keeps it
    assert [members for members, _ in fold([managers, managers, staff, staff], 4)] == [[0, 1], [2, 3]]


def test_the_150_person_account_is_drawn_within_its_height_bound() -> None:
    from relmap_cli.render.diagram.layout import MAX_WIDTH

    layout = build_layout(org_scene(150))
    rows = {box.y for box in layout.boxes.values()}
    assert layout.width <= MAX_WIDTH
    assert layout.height <= 4800 and len(rows) <= 37  # 5,188 px and 40 rows with bands in file order only
