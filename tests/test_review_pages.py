"""The portfolio page and the printed report in a real headless Chromium, offline.

Needs Debian's `chromium`, and `pdfinfo`, `pdftotext` and `pdftoppm` (poppler-utils)
for the printed report. Without them the tests are skipped on a developer's
machine and fail in CI.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .browser import CHROMIUM, capture
from .conftest import run
from .test_portfolio import ALPHA, BETA, BROKEN, GAMMA

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

ORDER = "Array.from(document.querySelectorAll('#portfolio tbody tr')).map(r => r.cells[1].firstChild.textContent)"


def click(header: str) -> str:
    """JavaScript that clicks a column heading and returns the account order after it."""
    return (
        "(() => { const b = Array.from(document.querySelectorAll('#portfolio th button'))"
        f".find(b => b.textContent === {header!r}); b.click(); return {ORDER}; }})()"
    )


@pytest.fixture
def page(tmp_path: Path) -> Path:
    maps = tmp_path / "accounts"
    maps.mkdir()
    for name, text in (("alpha", ALPHA), ("beta", BETA), ("gamma", GAMMA), ("broken", BROKEN)):
        (maps / f"{name}.yaml").write_text(text, encoding="utf-8")
    target = tmp_path / "portfolio.html"
    result = run(["portfolio", str(maps), "--today", "2026-12-02", "-f", "html", "-o", str(target)])
    assert result.exit_code == 1, result.stderr
    return target


def test_the_portfolio_page_makes_no_request_and_shows_every_account(page: Path) -> None:
    shot = capture(page, page.with_suffix(".png"), width=1400, questions={"order": ORDER, "title": "document.title"})
    assert shot.requests == [page.resolve().as_uri()]
    assert shot.refused == [] and shot.problems == [] and shot.dialogs == []
    assert shot.facts == {"order": ["Broken Co", "Alpha", "Gamma", "Beta"], "title": "Portfolio: 4 accounts"}


def test_the_portfolio_table_sorts_by_any_column(page: Path) -> None:
    shot = capture(
        page,
        width=1400,
        questions={
            "by name": click("Account"),
            "by name, reversed": click("Account"),
            # ties keep the risk order; a map that does not load has no figure and goes last
            "by red flags": click("Red flags"),
            "by review": click("Review"),
            "back to risk": click("Risk"),
            "sorted": "Array.from(document.querySelectorAll('#portfolio th[aria-sort]')).map(h => h.textContent)",
        },
    )
    assert shot.problems == []
    assert shot.facts == {
        "by name": ["Alpha", "Beta", "Broken Co", "Gamma"],
        "by name, reversed": ["Gamma", "Broken Co", "Beta", "Alpha"],
        "by red flags": ["Gamma", "Beta", "Alpha", "Broken Co"],
        "by review": ["Gamma", "Alpha", "Beta", "Broken Co"],
        "back to risk": ["Broken Co", "Alpha", "Gamma", "Beta"],
        "sorted": ["Risk"],  # one heading at a time says how the table is sorted
    }


def test_each_account_links_to_its_report_which_opens_offline(tmp_path: Path) -> None:
    from urllib.parse import unquote, urlparse

    maps = tmp_path / "accounts"
    maps.mkdir()
    for name, text in (("alpha", ALPHA), ("beta", BETA), ("broken", BROKEN)):
        (maps / f"{name}.yaml").write_text(text, encoding="utf-8")
    page = tmp_path / "review" / "portfolio.html"
    page.parent.mkdir()
    args = ["-f", "html", "-o", str(page), "--reports", str(tmp_path / "review" / "reports")]
    assert run(["portfolio", str(maps), "--today", "2026-12-02", *args]).exit_code == 1
    shot = capture(page, width=1400, questions={"links": "Array.from(document.querySelectorAll('#portfolio a'))"
                                                          ".map(a => [a.textContent, a.href])"})  # fmt: skip
    links = shot.facts["links"]
    assert [name for name, _ in links] == ["Alpha", "Beta"]  # the broken map has no report
    for _, url in links:
        report = Path(unquote(urlparse(url).path))
        assert report.is_file()
        opened = capture(report, width=1400, questions={"title": "document.title"})
        assert opened.requests == [report.resolve().as_uri()] and opened.refused == [] and opened.problems == []
    assert opened.facts["title"] == "Account plan: Beta"


POPPLER = ("pdfinfo", "pdftotext", "pdftoppm")


def poppler_missing() -> bool:
    """Whether poppler's tools are missing: a reason to skip here, an error in CI (`.ci/run` installs them)."""
    missing = [tool for tool in POPPLER if not shutil.which(tool)]
    if missing and os.environ.get("CI"):
        raise RuntimeError(f"{', '.join(missing)} missing: .ci/run installs Debian's poppler-utils package")
    return bool(missing)


needs_poppler = pytest.mark.skipif(
    "poppler_missing()", reason="pdfinfo, pdftotext and pdftoppm are not installed (apt-get install poppler-utils)"
)


def print_pdf(page: Path, pdf: Path, paper: tuple[float, float]) -> None:
    """Print `page` offline to `pdf` on landscape paper of (width, height) inches, as a user's browser would."""
    import base64

    from .browser import Chromium

    with Chromium() as browser:
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        browser.call("Page.enable", {}, session)
        browser.call("Network.enable", {}, session)
        browser.call("Network.emulateNetworkConditions", {"offline": True, "latency": 0, "downloadThroughput": -1,
                                                          "uploadThroughput": -1}, session)  # fmt: skip
        browser.call("Page.navigate", {"url": page.resolve().as_uri()}, session)
        browser.wait_for("Page.loadEventFired")
        printed = browser.call(
            "Page.printToPDF",
            {"landscape": True, "paperWidth": paper[1], "paperHeight": paper[0], "printBackground": True,
             "preferCSSPageSize": False, "displayHeaderFooter": False},
            session,
        )  # fmt: skip
    pdf.write_bytes(base64.b64decode(printed["data"]))


def pdf_pages(pdf: Path) -> tuple[list[str], list[float], tuple[float, float]]:
    """Each page's text, each page's share of inked pixels, and the page size in points."""
    import re
    import subprocess

    from PIL import Image

    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))  # type: ignore[union-attr]
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE)
    assert size is not None
    texts = [
        subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"], capture_output=True,
                       text=True, check=True).stdout
        for n in range(1, pages + 1)
    ]  # fmt: skip
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(prefix)], check=True)
    inked = []
    for png in sorted(pdf.parent.glob(f"{prefix.name}-*.png")):
        image = Image.open(png).convert("L")
        dark = sum(count for count, value in (image.getcolors(256) or []) if value < 200)
        inked.append(dark / (image.width * image.height))
    return texts, inked, (float(size.group(1)), float(size.group(2)))


A4 = (210 / 25.4, 297 / 25.4)  # inches, portrait width x height
A3 = (297 / 25.4, 420 / 25.4)


@needs_poppler
@pytest.mark.parametrize(("paper", "points"), [(A4, (842, 595)), (A3, (1191, 842))], ids=["A4", "A3"])
def test_the_report_prints_on_landscape_paper_with_content_on_every_page(
    tmp_path: Path, paper: tuple[float, float], points: tuple[int, int]
) -> None:
    from .conftest import EXAMPLES

    page = tmp_path / "acme.html"
    result = run(["report", str(EXAMPLES / "acme.yaml"), "--today", "2026-12-02", "-o", str(page)])
    assert result.exit_code == 0, result.stderr
    pdf = tmp_path / "acme.pdf"
    print_pdf(page, pdf, paper)
    texts, inked, size = pdf_pages(pdf)
    assert abs(size[0] - points[0]) <= 1 and abs(size[1] - points[1]) <= 1  # Chromium rounds to a CSS pixel
    # every page carries text and ink: no blank page between the sections
    assert len(texts) >= 5
    assert all(text.strip() for text in texts), [len(text.strip()) for text in texts]
    assert all(share > 0.004 for share in inked), inked
    assert "Account plan: Acme Chemicals" in texts[0] and "Vision and our interests" in texts[0]
    # the picture is a page of its own and fits it: the top of the org chart and our team below
    picture = next(text for text in texts if "The picture" in text)
    assert all(name in picture for name in ("Anna Keller", "Greta Holm", "Lena Vogt", "Mark Olsen"))
    assert "Engagement model and health" not in picture
    # the picture, the health and the plan each start a page; the findings follow the red flags
    headings = ("The picture", "Engagement model and health", "The plan")
    starts = [next(i for i, text in enumerate(texts) if heading in text) for heading in headings]
    assert starts == sorted(set(starts)) and starts[0] == 1
    assert all(texts[i].lstrip().startswith(heading) for i, heading in zip(starts, headings, strict=True))
    assert "Red flags" in texts[starts[1]]
    assert "CEO dinner at the Coatings Summit" in "".join(texts[starts[2] :])


@needs_poppler
def test_a_large_account_s_picture_prints_on_several_pages_with_every_name(tmp_path: Path) -> None:
    import sys

    from .conftest import ROOT

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import org_map

    source = tmp_path / "large.yaml"
    source.write_text(org_map(80), encoding="utf-8")
    page = tmp_path / "large.html"
    result = run(["report", str(source), "--today", "2026-12-02", "-o", str(page)])
    assert result.exit_code == 0, result.stderr
    assert page.read_text(encoding="utf-8").count('<svg class="sheet"') >= 2
    pdf = tmp_path / "large.pdf"
    print_pdf(page, pdf, A4)
    texts, inked, _ = pdf_pages(pdf)
    assert all(share > 0.004 for share in inked), inked  # no blank page
    first = next(i for i, text in enumerate(texts) if "The picture" in text)
    health = next(i for i, text in enumerate(texts) if "Engagement model and health" in text)
    assert health - first >= 2  # the picture takes pages of its own, instead of shrinking onto one
    import subprocess

    import yaml

    # in reading order (a name wrapped in its box is contiguous there, unlike in the page's layout)
    raw = subprocess.run(["pdftotext", "-raw", "-f", str(first + 1), "-l", str(health), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    printed = "".join(raw.split())

    names = [person["name"] for person in yaml.safe_load(source.read_text(encoding="utf-8"))["client"] if "name" in person]
    assert [name for name in names if "".join(name.split()) not in printed] == []
