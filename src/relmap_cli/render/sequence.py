"""An approach sequence as a rich table, JSON or Markdown."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from ..analysis.sequence import Sequence
from ..graph import AccountGraph
from .json_ import to_json
from .safe import clean_line, markdown_cell
from .table import Cell, Column, Report, print_report

TITLES = {
    "bootstrap": "easy to hard",
    "pyramid": "most powerful first",
    "backward": "back from the target to someone we reach",
}


def _title(sequence: Sequence, graph: AccountGraph) -> str:
    target = f", target {graph.label(sequence.target)}" if sequence.target else ""
    return f"{sequence.account}: {sequence.strategy} ({TITLES[sequence.strategy]}{target})"


def _why(step_why: tuple[str, ...], follow: tuple[str, ...], graph: AccountGraph, strategy: str) -> str:
    """Why now, in one line; for pyramid the power and who should follow (the edges are in JSON)."""
    if strategy == "pyramid":
        followers = ", ".join(graph.label(person) for person in follow)
        return step_why[0] + (f"; expected to follow: {followers}" if follow else "")
    return "; ".join(step_why)


def render_table(sequence: Sequence, graph: AccountGraph, out: TextIO) -> None:
    """Numbered steps with why now, then the warnings."""
    table = Report(
        clean_line(_title(sequence, graph)),
        [Column("#", "right", style="dim"), Column("approach"), Column("why now", flexible=True)],
        empty="No steps.",
    )
    for number, step in enumerate(sequence.steps, start=1):
        why = _why(step.why, step.follow, graph, sequence.strategy)
        table.rows.append([Cell(str(number)), Cell(clean_line(graph.label(step.person))), Cell(clean_line(why))])
    table.after += [("⚠ " + clean_line(warning.message), "yellow") for warning in sequence.warnings]
    print_report(out, table)


def render_json(sequence: Sequence, graph: AccountGraph, out: TextIO) -> None:
    """The documented shape: account, strategy, target, steps with why, warnings."""
    steps = []
    for step in sequence.steps:
        item: dict[str, object] = {"person": step.person, "why": "; ".join(step.why), "edges": list(step.why)}
        if sequence.strategy == "pyramid":
            item["follow"] = list(step.follow)
            item["power"] = step.score
        if sequence.strategy == "backward":
            item["strength"] = step.score
        steps.append(item)
    out.write(
        to_json(
            {
                "account": sequence.account,
                "strategy": sequence.strategy,
                "target": sequence.target,
                "steps": steps,
                "warnings": [
                    {"kind": warning.kind, "people": list(warning.people), "message": warning.message}
                    for warning in sequence.warnings
                ],
            }
        )
    )


def render_markdown(sequence: Sequence, graph: AccountGraph, out: TextIO) -> None:
    """A numbered Markdown list with why now, then the warnings."""
    lines = [f"## Sequence: {markdown_cell(_title(sequence, graph))}", ""]
    for number, step in enumerate(sequence.steps, start=1):
        why = markdown_cell(_why(step.why, step.follow, graph, sequence.strategy))
        lines.append(f"{number}. **{markdown_cell(graph.label(step.person))}**: {why}")
    if not sequence.steps:
        lines.append("No steps.")
    if sequence.warnings:
        lines += ["", *(f"- ⚠ {markdown_cell(warning.message)}" for warning in sequence.warnings)]
    out.write("\n".join(lines) + "\n")


SEQUENCE_FORMATS: dict[str, Callable[[Sequence, AccountGraph, TextIO], None]] = {
    "table": render_table,
    "json": render_json,
    "markdown": render_markdown,
}
