"""The benchmark harness works (at a tiny size; no timing is judged here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def test_quick_benchmark_writes_every_table(tmp_path: Path) -> None:
    output = tmp_path / "performance.md"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--output", str(output)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    report = output.read_text(encoding="utf-8")
    for heading in (
        "## Budgets",
        "## Start-up: examples/acme.yaml",
        "## Realistic 40-person map",
        "## Large map",
        "## Portfolio",
        "### Worker processes",
        "## Calendar and CRM",
        "## Picture",
        "## Trend",
        "## Growth",
        "## Adversarial shapes",
        "## Imports",
    ):
        assert heading in report
    for row in (
        "| import floor, gc off |",
        "| import floor, gc off, no shutdown collection |",
        "| yamllint, gc off |",
        "| validate |",
        "| gaps table |",
        "| sequence backward json |",
        "| log |",
        "| large matrix terminal |",
        "| block parse only, gc off |",
        "| check warm |",
        "| check --jobs 2, all cores |",
        "| deep reports_to chain |",
    ):
        assert row in report, row
    assert "imports nothing on the deny-list | yes |" in report
    assert "Medians of 1 interleaved runs per command (start-up on acme and the realistic map: 1;" in report
    memory = report.split("Peak memory", 1)[1].split("\n\n", 2)[1].splitlines()
    assert [row.split(" | ")[0] for row in memory[2:]] == ["| 1x", "| 2x", "| 4x"]
    cells = [cell for row in memory[2:] for cell in row.strip("| ").split(" | ")[1:]]
    assert cells and all(cell.endswith("MiB") or "MiB (" in cell for cell in cells)


def test_generated_maps_are_valid_and_deterministic() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import SHAPES, block_style, large_map, realistic_map

    from relmap_cli.load.loader import load_text

    assert realistic_map(3) == realistic_map(3)
    shapes = [make(max(8, size // 500)) for make, size in SHAPES.values()]
    for text in (realistic_map(3), large_map(0.01), block_style(realistic_map(3)), *shapes):
        loaded = load_text(text, "generated.yaml")
        assert loaded.problems == []
    assert load_text(block_style(realistic_map(3)), "b.yaml").model == load_text(realistic_map(3), "f.yaml").model
    model = load_text(realistic_map(1), "r.yaml").model
    assert model is not None and (len(model.client), len(model.team), len(model.relationships)) == (40, 10, 150)
