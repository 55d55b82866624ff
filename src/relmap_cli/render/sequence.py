"""An approach sequence as a table, JSON or Markdown: who, how we get there, why now, what to watch."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from ..analysis.sequence import Sequence, Step
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
    scope = ", key players and the people on the way to them" if sequence.scope == "key-players" else ""
    return f"{sequence.account}: {sequence.strategy} ({TITLES[sequence.strategy]}{target}{scope})"


def via_text(step: Step, graph: AccountGraph, strategy: str) -> str:
    """How we get to the person, in words: our contact, or the people the way passes."""
    if not step.via:
        return "nobody yet"
    ours, *people = step.via
    if not people:
        strength = f" ({step.contact.strength})" if step.contact is not None else ""
        return f"{graph.label(ours)}{strength}"
    if strategy == "backward":
        return f"through {graph.label(people[-1])}"  # the rows above show the rest of the way
    names = [graph.label(person) for person in people]
    if step.via_skipped:
        names[1:1] = ["…"]
    return "\n→ ".join([graph.label(ours), *names])  # one person a line keeps the column narrow


def _why(step: Step) -> str:
    """Why now, in one line (the edges behind a pyramid step are in JSON)."""
    return "; ".join(step.why)


def _after(sequence: Sequence) -> list[str]:
    lines = list(sequence.notes)
    if len(sequence.steps) < sequence.total:
        lines.append(f"Showing {len(sequence.steps)} of {sequence.total} steps (--top).")
    return lines


def render_table(sequence: Sequence, graph: AccountGraph, out: TextIO) -> None:
    """Numbered steps with how we get there and why now, then notes and warnings."""
    table = Report(
        clean_line(_title(sequence, graph)),
        [Column("#", "right", style="dim"), Column("approach"), Column("via"), Column("why now", flexible=True)],
        empty="No steps.",
    )
    for number, step in enumerate(sequence.steps, start=1):
        table.rows.append(
            [
                Cell(str(number)),
                Cell(clean_line(graph.label(step.person))),
                Cell("\n".join(clean_line(line) for line in via_text(step, graph, sequence.strategy).split("\n"))),
                Cell(clean_line(_why(step))),
            ]
        )
    table.after += [(clean_line(line), None) for line in _after(sequence)]
    table.after += [("⚠ " + clean_line(warning.message), "yellow") for warning in sequence.warnings]
    print_report(out, table)


def render_json(sequence: Sequence, graph: AccountGraph, out: TextIO) -> None:
    """The documented shape: account, strategy, target, steps with why and via, warnings."""
    steps = []
    for step in sequence.steps:
        item: dict[str, object] = {
            "person": step.person,
            "why": "; ".join(step.why),
            "via": list(step.via),
            "edges": list(step.edges or step.why),
        }
        if step.via_skipped:
            item["via_skipped"] = step.via_skipped
        if sequence.strategy == "pyramid":
            item["follow"] = list(step.follow)
            item["power"] = step.score
        if sequence.strategy == "backward":
            item["strength"] = step.score
        steps.append(item)
    document: dict[str, object] = {
        "account": sequence.account,
        "strategy": sequence.strategy,
        "target": sequence.target,
        "steps": steps,
        "warnings": [
            {"kind": warning.kind, "people": list(warning.people), "message": warning.message}
            for warning in sequence.warnings
        ],
        "scope": sequence.scope,
        "total": sequence.total,
    }
    if sequence.strategy == "backward":
        document["strength"] = sequence.strength
    out.write(to_json(document))


def render_markdown(sequence: Sequence, graph: AccountGraph, out: TextIO) -> None:
    """A numbered Markdown list with how we get there and why now, then notes and warnings."""
    lines = [f"## Sequence: {markdown_cell(_title(sequence, graph))}", ""]
    for number, step in enumerate(sequence.steps, start=1):
        via = markdown_cell(via_text(step, graph, sequence.strategy).replace("\n", " "))
        why = markdown_cell(_why(step))
        lines.append(f"{number}. **{markdown_cell(graph.label(step.person))}** (via {via}): {why}")
    if not sequence.steps:
        lines.append("No steps.")
    after = [markdown_cell(line) for line in _after(sequence)]
    after += [f"⚠ {markdown_cell(warning.message)}" for warning in sequence.warnings]
    if after:
        lines += ["", *(f"- {line}" for line in after)]
    out.write("\n".join(lines) + "\n")


SEQUENCE_FORMATS: dict[str, Callable[[Sequence, AccountGraph, TextIO], None]] = {
    "table": render_table,
    "json": render_json,
    "markdown": render_markdown,
}
