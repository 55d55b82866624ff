"""Every kind of edit on maps written in several styles, against golden before/after files.

The maps in tests/golden/edits/ say the same thing in five ways: block
style, one flow document, mixed, commented on and around the edited lines,
and CRLF with a BOM. Each edit runs for real (`relmap log`, `done`, `set`,
`add`) on a copy; the result must equal the golden file byte for byte,
validate, and keep every comment. Rewrite the golden files on purpose only:
RELMAP_UPDATE_GOLDEN=1 pytest tests/test_edit_golden.py, then read the diff.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from relmap_cli.load.loader import load_text

from .conftest import ROOT, run

GOLDEN = ROOT / "tests" / "golden" / "edits"
STYLES = ["block", "flow", "mixed", "comments", "crlf-bom"]
TODAY = ["--today", "2026-11-23"]
EDITS: dict[str, list[str]] = {
    "log-update": ["log", "--by", "kim", "--with", "maria", "--on", "2026-11-20", "--note", "QBR prep", *TODAY],
    "log-add": ["log", "--by", "lena", "--with", "omar", "joe", "--on", "2026-11-21", *TODAY],
    "log-strength": ["log", "--by", "kim", "--with", "maria", "--on", "2026-11-22", "--strength", "good", *TODAY],
    "done": ["done", "a1", "--on", "2026-11-14", *TODAY],
    "set-person": ["set", "maria", "stance=champion", "influence=5", "roles+=influencer", "email=maria@nordwind.example"],
    "set-remove": ["set", "joe", "reports_to=", "title=Senior Category Manager"],
    "set-relationship": ["set", "joe:influences:maria", "strength=strong", "note=He prepares her decisions"],
    "set-account": ["set", "account", "reviewed=2026-11-23", "tier=1"],
    "add-person": [
        "add", "person", "ines", "--name", "Ines Berger", "--title", "Head of Sustainability",
        "--function", "sustainability", "--level", "director", "--reports-to", "maria",
    ],
    "add-team": ["add", "person", "chen", "--team", "--name", "Dr. Li Chen", "function=r-and-d"],
    "add-relationship": ["add", "relationship", "omar", "defers-to", "maria", "--basis", "authority"],
    "add-action": [
        "add", "action", "--owner", "lena", "--with", "omar", "--goal", "Line trial debrief",
        "--activity", "meeting", "--due", "2026-12-10",
    ],
}  # fmt: skip
COMMENT = re.compile(r"(?:^|\s)(#[^\n\r]*)")
CASES = [(style, edit) for style in STYLES for edit in EDITS]


def edited(style: str, edit: str, folder: Path) -> bytes:
    """Run one edit on a copy of a style's map; the bytes it writes."""
    target = folder / f"{style}.yaml"
    shutil.copyfile(GOLDEN / f"{style}.yaml", target)
    command, *rest = EDITS[edit]
    result = run([command, str(target), *rest])
    assert result.exit_code == 0, result.stderr
    return target.read_bytes()


@pytest.mark.parametrize(("style", "edit"), CASES, ids=[f"{style}-{edit}" for style, edit in CASES])
def test_each_edit_writes_exactly_the_golden_file(style: str, edit: str, tmp_path: Path) -> None:
    after = edited(style, edit, tmp_path)
    golden = GOLDEN / f"{style}.{edit}.yaml"
    if os.environ.get("RELMAP_UPDATE_GOLDEN"):
        golden.write_bytes(after)
    assert after == golden.read_bytes()
    text = after.decode("utf-8")
    assert load_text(text, "edited.yaml").problems == []
    before = (GOLDEN / f"{style}.yaml").read_text(encoding="utf-8")
    assert [c for c in COMMENT.findall(before)] == [c for c in COMMENT.findall(text) if c in before]


@pytest.mark.parametrize("edit", EDITS)
def test_line_ends_and_the_bom_are_kept(edit: str, tmp_path: Path) -> None:
    after = edited("crlf-bom", edit, tmp_path)
    assert after.startswith(b"\xef\xbb\xbf")
    assert after.count(b"\n") == after.count(b"\r\n")
    assert after.decode("utf-8-sig").replace("\r\n", "\n") == (GOLDEN / f"mixed.{edit}.yaml").read_text()


@pytest.mark.parametrize("style", STYLES)
def test_every_style_says_the_same_after_each_edit(style: str, tmp_path: Path) -> None:
    from relmap_cli.format.model import as_data

    for edit in EDITS:
        mine = load_text((GOLDEN / f"{style}.{edit}.yaml").read_text(encoding="utf-8")).model
        block = load_text((GOLDEN / f"block.{edit}.yaml").read_text(encoding="utf-8")).model
        assert mine is not None and block is not None
        assert _sorted(as_data(mine)) == _sorted(as_data(block)), edit


def _sorted(data: dict) -> dict:
    """The map with its lists in a fixed order (an edit puts a new line beside its kind)."""
    return {
        key: sorted(value, key=repr) if isinstance(value, list) else value for key, value in data.items()
    }
