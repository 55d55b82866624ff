"""Edits and fmt on a map with more brackets than libyaml's nesting limit (every big flow-style map)."""

from __future__ import annotations

from pathlib import Path

from .conftest import run


def big_flow_map(people: int) -> str:
    client = "".join(f"  - {{id: c{i}, name: Person {i}}}\n" for i in range(people))
    knows = "".join(f"  - {{from: kim, kind: knows, to: c{i}, strength: good, last: 2026-01-05}}\n" for i in range(people))
    return (
        "relmap: 1\naccount: {name: Acme, owner: kim}\nteam:\n  - {id: kim, name: Kim Park}\n"
        f"client:\n{client}relationships:\n{knows}"
    )


def test_log_and_fmt_work_on_a_map_with_thousands_of_flow_mappings(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(big_flow_map(800), encoding="utf-8")
    result = run(["log", str(path), "--by", "kim", "--with", "c799", "--on", "2026-11-20"])
    assert result.exit_code == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert "  - {from: kim, kind: knows, to: c799, strength: good, last: 2026-11-20}\n" in text
    assert text.count("last: 2026-01-05") == 799
    assert run(["fmt", str(path), "--check"]).exit_code == 0
