"""The portfolio page and the printed report in a real headless Chromium, offline.

Needs Debian's `chromium`, and `pdftoppm` and `pdftotext` (poppler-utils)
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


needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("pdftotext")) and not os.environ.get("CI"),
    reason="pdftoppm and pdftotext are not installed (apt-get install poppler-utils)",
)
