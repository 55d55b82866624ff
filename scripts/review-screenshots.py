#!/usr/bin/env python3
"""Make the README's pictures of the review documents: the portfolio page and two printed report pages.

The same code paths as the browser tests (`tests/test_review_pages.py`):
the portfolio page of the shipped examples and the realistic accounts,
opened offline in headless Chromium; the Acme Chemicals report printed on
A4 landscape, turned into PNG pages by pdftoppm, two of them side by side.

    .venv/bin/python scripts/review-screenshots.py    # writes docs/portfolio.png and docs/report-pages.png
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image
from tests.browser import capture
from tests.test_review_pages import A4, print_pdf
from typer.testing import CliRunner

from relmap_cli.cli import app

TODAY = "2026-12-02"


def relmap(*args: str) -> None:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    if result.exit_code not in (0, 1):
        sys.exit(f"relmap {' '.join(args)} failed: {result.stderr}")


def portfolio(folder: Path, target: Path) -> None:
    page = folder / "portfolio.html"
    relmap("portfolio", "examples", "tests/data/accounts", "--today", TODAY, "-f", "html", "-o", str(page))
    shot = capture(page, width=1400)
    if shot.refused or shot.problems:
        sys.exit(f"the page asked for {shot.refused} or reported {shot.problems}")
    height = int(capture(page, width=1400, questions={"h": "document.querySelector('main').offsetHeight + 24"})
                 .facts["h"])  # fmt: skip
    image = Image.open(__import__("io").BytesIO(shot.png)).convert("RGB")
    image.crop((0, 0, image.width, min(image.height, height))).save(target, optimize=True)
    print(f"wrote {target}")


def report_pages(folder: Path, target: Path, pages: tuple[int, int] = (2, 3)) -> None:
    page = folder / "acme.html"
    relmap("report", "examples/acme.yaml", "--today", TODAY, "-o", str(page))
    pdf = folder / "acme.pdf"
    print_pdf(page, pdf, A4)
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(folder / "page")], check=True)
    images = [Image.open(sorted(folder.glob("page-*.png"))[number - 1]).convert("RGB") for number in pages]
    gap = 24
    sheet = Image.new("RGB", (sum(i.width for i in images) + gap * 3, max(i.height for i in images) + gap * 2),
                      "#9aa5b1")  # fmt: skip
    x = gap
    for image in images:
        sheet.paste(image, (x, gap))
        x += image.width + gap
    sheet.save(target, optimize=True)
    print(f"wrote {target}")


def main() -> None:
    import os

    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as scratch:
        portfolio(Path(scratch), ROOT / "docs" / "portfolio.png")
        report_pages(Path(scratch), ROOT / "docs" / "report-pages.png")


if __name__ == "__main__":
    main()
