"""Make the README's picture: `relmap render` a map to HTML, open it in headless Chromium, save a PNG.

The same code path as the browser test (`tests/browser.py`), so the picture
in the README is what the test checks.

    .venv/bin/python scripts/screenshot.py [MAP] [PNG]    # default: examples/acme.yaml docs/acme.png
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import render_and_capture  # noqa: E402


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "examples" / "acme.yaml"
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "docs" / "acme.png"
    with tempfile.TemporaryDirectory() as folder:
        _, shot = render_and_capture(source, Path(folder), target)
    if shot.refused or shot.problems:
        sys.exit(f"the page asked for {shot.refused} or reported {shot.problems}")
    print(f"wrote {target} ({shot.size[0]}x{shot.size[1]}, {len(shot.png)} bytes)")


if __name__ == "__main__":
    main()
