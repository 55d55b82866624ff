"""The picture on paper, computed from the drawing: how many pages, where they end, how large the type prints."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from relmap_cli.graph import build_graph
from relmap_cli.load.loader import load_text
from relmap_cli.render.diagram.boxtext import NAME_SIZES, TITLE_SIZES
from relmap_cli.render.diagram.html import render_html
from relmap_cli.render.diagram.layout import build_layout
from relmap_cli.render.diagram.scene import Scene, build_scene
from relmap_cli.render.diagram.sheets import Sheet, paginate, printed_scale
from relmap_cli.render.diagram.svg import Drawing, draw

from .conftest import DATA, EXAMPLES

ACCOUNTS = DATA / "accounts"
TODAY = date(2026, 12, 2)
PT = 0.75  # points per CSS pixel


def scene_of(path: Path) -> Scene:
    loaded = load_text(path.read_text(encoding="utf-8"), path.name)
    assert loaded.model is not None
    return build_scene(build_graph(loaded.model, TODAY))


def printed(scene: Scene) -> tuple[Drawing, tuple[Sheet, ...]]:
    drawing = draw(scene, tooltips=False, standalone=False, css=False)
    return drawing, paginate(drawing.width, drawing.height, list(drawing.cuts))


def assert_nothing_cut(scene: Scene, drawing: Drawing, sheets: tuple[Sheet, ...]) -> None:
    """The pages follow each other over the whole drawing, and every box is whole on one page."""
    assert sheets[0].y == 0 and abs(sheets[-1].y + sheets[-1].h - drawing.height) < 0.01
    for before, after in zip(sheets, sheets[1:], strict=False):
        assert abs(before.y + before.h - after.y) < 0.01
    layout = build_layout(scene)
    for box in layout.boxes.values():
        top, bottom = drawing.map_top + box.y, drawing.map_top + box.bottom
        assert any(sheet.y <= top and bottom <= sheet.y + sheet.h for sheet in sheets), box.key
    for column in layout.columns:  # a band's headings start its page, or sit inside one
        heading = drawing.map_top + column.y
        assert not any(sheet.y < heading < sheet.y + 14 for sheet in sheets[1:]), column.label


@pytest.mark.parametrize(
    ("account", "paper", "pages", "name_pt"),
    [("nordic-skyways", "A3", 2, 8.0), ("st-aldric-hospital", "A4", 2, 6.0), ("st-aldric-hospital", "A3", 2, 8.0)],
)
def test_a_real_account_prints_on_two_landscape_pages_with_legible_names(
    account: str, paper: str, pages: int, name_pt: float
) -> None:
    scene = scene_of(ACCOUNTS / f"{account}.yaml")
    drawing, sheets = printed(scene)
    assert len(sheets) <= pages
    assert_nothing_cut(scene, drawing, sheets)
    for sheet in sheets:
        scale = printed_scale(drawing.width, sheet, paper)
        assert min(NAME_SIZES) * scale * PT >= name_pt  # names at 8 pt or more on A3, 6 on A4
        assert min(TITLE_SIZES) * scale * PT >= name_pt * 0.84


def test_a_small_map_prints_on_one_page_at_the_full_width() -> None:
    drawing, sheets = printed(scene_of(EXAMPLES / "acme.yaml"))
    assert len(sheets) == 1 and sheets[0].share > 0.9


def test_a_page_ends_between_two_bands_when_it_can() -> None:
    # rows of 100 px, a new band at 700: two pages of at most 800, the first ending with its band
    cuts = [(float(y), y == 700) for y in range(100, 1500, 100)]
    assert [(sheet.y, sheet.h) for sheet in paginate(1500, 1500, cuts)] == [(0, 700), (700, 800)]
    # no band to end on: the two pages as alike as the rows allow
    plain = [(y, False) for y, _ in cuts]
    assert [(sheet.y, sheet.h) for sheet in paginate(1500, 1500, plain)] == [(0, 800), (800, 700)]


def test_the_page_prints_each_sheet_from_the_one_drawing() -> None:
    scene = scene_of(ACCOUNTS / "nordic-skyways.yaml")
    drawing, sheets = printed(scene)
    page = render_html(scene)
    shown = re.findall(r'<svg class="sheet" [^>]*width="([\d.]+)%" viewBox="0 ([\d.]+) ([\d.]+) ([\d.]+)">', page)
    assert [(float(w), float(y), float(h)) for w, y, _, h in shown] == [
        (round(sheet.share * 100, 2), sheet.y, sheet.h) for sheet in sheets
    ]
    assert page.count('id="relmap-drawing"') == 1


def test_a_narrow_picture_is_not_split_while_it_prints_legibly_on_one_page() -> None:
    # 900 px wide and 1,000 tall: at the page's full width it would need two pages; on one it still prints
    # at two thirds of its size on A4 (12 px names at 6 pt), more on A3
    sheets = paginate(900, 1000, [(float(y), False) for y in range(100, 1000, 100)])
    assert len(sheets) == 1
    assert printed_scale(900, sheets[0], "A4") * 12 * PT >= 6.0
