"""Make the README's pictures: `relmap render` a map to HTML, open it in headless Chromium, save a PNG.

The same code path as the browser test (`tests/browser.py`), so the pictures
in the README are what the tests check. Without arguments it makes all three,
each drawn for a fixed day so that the same code gives the same pictures:
`docs/acme.png` (the shipped example) and `docs/account-30.png`,
`docs/account-150.png` (accounts of 30 and 150 people from the benchmark
generator).

    .venv/bin/python scripts/screenshot.py               # the three pictures in docs/
    .venv/bin/python scripts/screenshot.py MAP PNG       # one map
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import org_map
from tests.browser import render_and_capture

TODAY = "2026-11-20"


def shoot(source: Path, target: Path, folder: Path) -> None:
    """One map's picture, at its own size."""
    _, shot = render_and_capture(source, folder, target, today=TODAY)
    if shot.refused or shot.problems:
        sys.exit(f"the page asked for {shot.refused} or reported {shot.problems}")
    print(f"wrote {target} ({shot.size[0]}x{shot.size[1]}, {len(shot.png)} bytes)")


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        if len(sys.argv) > 1:
            target = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "docs" / f"{Path(sys.argv[1]).stem}.png"
            shoot(Path(sys.argv[1]), target, folder)
            return
        shoot(ROOT / "examples" / "acme.yaml", ROOT / "docs" / "acme.png", folder)
        for people in (30, 150):
            source = folder / f"account-{people}.yaml"
            source.write_text(org_map(people), encoding="utf-8")
            shoot(source, ROOT / "docs" / f"account-{people}.png", folder)


if __name__ == "__main__":
    main()
