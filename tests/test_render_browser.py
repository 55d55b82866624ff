"""The HTML picture in a real headless Chromium, offline: drawn, complete, legible and inert.

Needs Debian's `chromium` (`.ci/run` installs it). Without it the tests are
skipped on a developer's machine and fail in CI.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from relmap_cli.load.loader import load_text

from .browser import CHROMIUM, capture, render_and_capture
from .conftest import DATA, EXAMPLES

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

HOSTILE = DATA / "valid" / "hostile-text.yaml"

# text that does not fit in its box: its right edge past the box, or under a client's stance mark
OVERFLOW = """
Array.from(document.querySelectorAll('.person')).flatMap(group => {
  const frame = group.querySelector('rect.frame').getBBox();
  const marked = group.classList.contains('client');
  return Array.from(group.querySelectorAll('text:not(.mark)')).map(text => {
    const box = text.getBBox();
    const limit = frame.x + frame.width - (marked && text.classList.contains('name') ? 21 : 4);
    return [group.dataset.key, text.textContent, Math.round(box.x + box.width - limit)];
  }).filter(item => item[2] > 0);
})
"""
# every person's name as drawn: its name lines joined (no space after a line broken at a hyphen)
NAMES = """
Array.from(document.querySelectorAll('.person')).map(group =>
  Array.from(group.querySelectorAll('text.name, text.pname'))
    .filter(text => text.getComputedTextLength() > 0)
    .map(text => text.textContent)
    .reduce((out, line) => out && !out.endsWith('-') ? out + ' ' + line : out + line, ''))
"""
PANEL = "document.getElementById('relmap-panel').hidden ? null : document.getElementById('relmap-panel').innerText"


def people(path: Path) -> list[str]:
    loaded = load_text(path.read_text(encoding="utf-8"), path.name)
    assert loaded.model is not None
    return [person.label for person in [*loaded.model.team, *loaded.model.client]]


def picture_stats(png: bytes) -> tuple[tuple[int, int], int, float]:
    """Size, number of distinct colours, and the share of pixels inked darker than any background."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 24) or []
    pixels = image.width * image.height
    ink = sum(count for count, (r, g, b) in colours if min(r, g, b) < 200)  # text, lines, borders
    return image.size, len(colours), ink / pixels


def test_the_example_map_draws_offline_with_every_name(tmp_path: Path) -> None:
    page, shot = render_and_capture(
        EXAMPLES / "acme.yaml",
        tmp_path,
        tmp_path / "acme.png",
        questions={
            "overflow": OVERFLOW,
            "title": "document.title",
            "names": NAMES,
        },
    )
    # the one request is the file itself; nothing else was even attempted
    assert shot.requests == [page.resolve().as_uri()]
    assert shot.refused == []
    assert shot.problems == [] and shot.dialogs == []
    # a real picture: many colours, much more than a blank page
    size, colours, inked = picture_stats(shot.png)
    assert size == shot.size and size[0] > 1200 and size[1] > 900
    assert colours > 500 and inked > 0.01
    # every person is drawn by name, in full, inside their box; and the legend is there
    assert sorted(shot.facts["names"]) == sorted(people(EXAMPLES / "acme.yaml"))
    assert shot.facts["overflow"] == []
    for heading in ("STANCE", "THEIR LINES", "OUR CONTACTS", "champion", "negative"):
        assert heading in shot.texts
    assert shot.facts["title"] == "Acme Chemicals: relationship map"
    assert (tmp_path / "acme.png").read_bytes() == shot.png


def test_hovering_over_a_person_shows_their_details(tmp_path: Path) -> None:
    _, shot = render_and_capture(
        EXAMPLES / "acme.yaml",
        tmp_path,
        hover="p7",
        questions={
            "panel": PANEL,
            "lit": "Array.from(document.querySelectorAll('.person.on')).map(g => g.dataset.key).sort()",
        },
    )
    panel = shot.facts["panel"]
    assert panel is not None
    lines = [line.strip() for line in panel.splitlines() if line.strip()]
    assert lines[:2] == ["Maria Lopez", "Chief Procurement Officer — Procurement · Executive"]
    text = " ".join(lines)
    for fact in (
        "stance supporter",
        "influence 4 of 5",
        "roles decision-maker, budget-holder",
        "topics cost, supply-security",
        "last contact 2026-10-20",
        "known by Kim Park (strong, last 2026-10-20)",
    ):
        assert fact in text.replace("\t", " ")
    # Maria and everyone she is linked to stay lit; the rest fade
    assert shot.facts["lit"] == sorted(["p7", "p6", "p8", "p10", "p0"], key=str)
    assert shot.problems == [] and shot.refused == []


def test_hostile_names_stay_text_and_nothing_runs(tmp_path: Path) -> None:
    page, shot = render_and_capture(
        HOSTILE,
        tmp_path,
        hover="p0",
        questions={
            "panel": PANEL,
            "elements": "document.querySelectorAll('img, iframe, object, embed, b, foreignObject, a').length",
            "scripts": "document.scripts.length",
            "labels": "Array.from(document.querySelectorAll('.person')).map(g => g.getAttribute('aria-label'))",
        },
    )
    assert shot.dialogs == []  # no alert() ran
    assert shot.requests == [page.resolve().as_uri()] and shot.refused == []
    assert shot.problems == []
    assert shot.facts["elements"] == 0 and shot.facts["scripts"] == 2
    panel = shot.facts["panel"]
    assert panel is not None and panel.splitlines()[0] == "</script><img src=x onerror=alert(1)>"
    assert "[bold]x[/] \\x1b[31mred\\x07" in panel  # control characters shown, escaped
    labels = shot.facts["labels"]
    for name in people(HOSTILE):
        shown = name.replace("\u202e", "\\u202e").replace("\u200f", "\\u200f")
        assert any(label.startswith(shown) for label in labels), shown


MERMAID_JS = os.environ.get("RELMAP_MERMAID_JS")


@pytest.mark.skipif(not MERMAID_JS, reason="set RELMAP_MERMAID_JS to a local mermaid.min.js to check Mermaid output")
@pytest.mark.parametrize(
    "path",
    [EXAMPLES / "acme.yaml", EXAMPLES / "champion-left.yaml", HOSTILE, DATA / "accounts" / "st-aldric-hospital.yaml", "org30"],
    ids=str,
)
def test_mermaid_parses_and_renders_every_label_as_text(path: Path | str, tmp_path: Path) -> None:
    """Mermaid's own parser and renderer, run offline in the browser from a local copy."""
    from relmap_cli.graph import build_graph
    from relmap_cli.render.diagram import DIAGRAM_FORMATS

    if isinstance(path, str):  # a realistic 30-person account
        from .test_render_formats import org_text

        path = tmp_path / "org30.yaml"
        path.write_text(org_text(30), encoding="utf-8")
    loaded = load_text(path.read_text(encoding="utf-8"), path.name)
    assert loaded.model is not None
    graph = build_graph(loaded.model)
    source = DIAGRAM_FORMATS["mermaid"](graph)
    page = tmp_path / "mermaid.html"
    library = Path(str(MERMAID_JS)).resolve().as_uri()
    page.write_text(
        f'<!DOCTYPE html><meta charset="utf-8"><script src="{library}"></script><body><script>'
        f"window.done = mermaid.render('m', {json.dumps(source)}).then("
        "r => { document.body.insertAdjacentHTML('beforeend', r.svg); return 'ok'; }, e => String(e));"
        "</script>",
        encoding="utf-8",
    )
    shot = capture(
        page,
        tmp_path / "mermaid.png",  # kept with the test's files, to look at
        width=1600,
        questions={
            "done": "window.done",
            "labels": "Array.from(document.querySelectorAll('.nodeLabel')).map(e => e.textContent)",
            "elements": "Array.from(document.querySelectorAll('.nodeLabel *')).map(e => e.tagName.toLowerCase())",
            "clusters": "Array.from(document.querySelectorAll('g.cluster')).map(g => g.textContent.trim())",
            "tops": "Object.fromEntries(Array.from(document.querySelectorAll('g.node')).map(g => "
            "[g.id.split('-')[2], [g.getBoundingClientRect().top, g.getBoundingClientRect().bottom]]))",
        },
    )
    from relmap_cli.render.diagram.scene import build_scene, function_label

    scene = build_scene(graph)
    # one box per function, and one for our team, which Mermaid draws beneath the client's people
    wanted = {function_label(node.function) for node in scene.client} | ({"Our team"} if scene.team else set())
    assert set(shot.facts["clusters"]) == wanted
    tops = shot.facts["tops"]
    if scene.team:
        assert max(tops[n.key][1] for n in scene.client) < min(tops[n.key][0] for n in scene.team)
    assert shot.facts["done"] == "ok"
    assert set(shot.facts["elements"]) <= {"p", "br", "span"}
    assert shot.dialogs == [] and [url for url in shot.requests if not url.startswith("file:")] == []
    for name in people(path):
        shown = name.replace("\u202e", "\\u202e").replace("\u200f", "\\u200f")
        assert any(label.startswith(shown) for label in shot.facts["labels"]), shown


@pytest.mark.parametrize(("account", "paper"), [("nordic-skyways", "A3"), ("st-aldric-hospital", "A4")])
def test_a_real_account_prints_on_the_pages_the_drawing_plans(account: str, paper: str, tmp_path: Path) -> None:
    """Chromium's own print: the pages `paginate` plans, each with its part of the picture, the legend last."""
    from typer.testing import CliRunner

    from relmap_cli.cli import app

    from .test_render_print import printed, scene_of
    from .test_review_pages import A3, A4, pdf_pages, poppler_missing, print_pdf

    if poppler_missing():
        pytest.skip("pdfinfo, pdftotext and pdftoppm are not installed (apt-get install poppler-utils)")
    source = DATA / "accounts" / f"{account}.yaml"
    page = tmp_path / f"{account}.html"
    result = CliRunner().invoke(app, ["render", str(source), "--today", "2026-12-02", "-o", str(page)])
    assert result.exit_code == 0, result.stderr
    pdf = tmp_path / f"{account}.pdf"
    print_pdf(page, pdf, {"A3": A3, "A4": A4}[paper])
    texts, inked, _ = pdf_pages(pdf)
    _, sheets = printed(scene_of(source))
    assert len(texts) == len(sheets) <= 2
    assert all(share > 0.02 for share in inked)
    assert "relationship map" in texts[0] and "OUR CONTACTS" in texts[-1] and "Our team".upper() in texts[-1]
    words = " ".join(" ".join(texts).split())
    for name in people(source):  # every name is printed (a name that wraps in its box reads as its words)
        assert all(part in words for part in name.split()), name


@pytest.mark.parametrize("size", [10, 30, 80, 150])
def test_generated_accounts_draw_every_name_in_full_and_the_screenshots_are_kept(size: int, tmp_path: Path) -> None:
    """The picture at 10 to 150 people in a real browser; RELMAP_ARTEFACTS keeps the PNGs to look at."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from generate import org_map

    source = tmp_path / f"account-{size}.yaml"
    source.write_text(org_map(size), encoding="utf-8")
    kept = Path(os.environ.get("RELMAP_ARTEFACTS", tmp_path))
    kept.mkdir(parents=True, exist_ok=True)
    _, shot = render_and_capture(
        source,
        tmp_path,
        kept / f"account-{size}.png",
        today="2026-11-20",
        questions={"overflow": OVERFLOW, "names": NAMES},
    )
    assert shot.problems == [] and shot.refused == []
    assert sorted(shot.facts["names"]) == sorted(people(source))
    assert shot.facts["overflow"] == []
    size_px, colours, inked = picture_stats(shot.png)
    assert size_px[0] <= 1600 and colours > 200 and inked > 0.005
    assert (kept / f"account-{size}.png").read_bytes() == shot.png
