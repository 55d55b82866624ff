"""Coalitions as a table, JSON or Markdown: what needs attention first, then everyone's standing."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from ..analysis.coalitions import CoalitionReport, Standing
from ..graph import AccountGraph
from .json_ import to_json
from .safe import clean_line, markdown_cell
from .styles import BUCKET
from .table import Cell, Column, Report, print_report

MARKS = {
    "pivot": "pivot: can swing either way and carries weight (influence 4+, or two or more defer to them)",
    "inferred": "inferred: stance unknown, placed by the model alone: confirm it",
}
ATTENTION_WORDS = {"hinders": "hinders", "at-risk": "at risk", "within-reach": "within reach", "pivot": "pivot"}


def _pulls(standing: Standing, graph: AccountGraph) -> str:
    return "; ".join(f"{pull.relation} {graph.label(pull.person)} ({pull.amount:+.2f})" for pull in standing.pulled_by)


def _marks(standing: Standing) -> list[str]:
    return [mark for mark, on in (("pivot", standing.pivot), ("inferred", standing.inferred)) if on]


def _coalition_lines(report: CoalitionReport, graph: AccountGraph) -> list[str]:
    lines = []
    for coalition in report.coalitions:
        others = [graph.label(member) for member in coalition.members if member != coalition.leader]
        rest = f" with {', '.join(others)}" if others else " alone"
        lines.append(f"{coalition.bucket}: {graph.label(coalition.leader)} leads{rest}")
    return lines


def render_table(report: CoalitionReport, graph: AccountGraph, out: TextIO) -> None:
    """What needs attention, then one row per client person, then the coalitions with their leaders."""
    attention = Report(
        f"{clean_line(report.account)}: who furthers and who hinders our interests",
        [Column("needs attention"), Column("why", flexible=True)],
        empty="Nothing needs attention.",
    )
    for item in report.attention:
        attention.rows.append([Cell(ATTENTION_WORDS[item.kind], "bold"), Cell(clean_line(item.message))])
    print_report(out, attention)
    table = Report(
        "Where everyone stands",
        [
            Column("person"),
            Column("stance"),
            Column("bucket"),
            Column("how"),
            Column("score", "right"),
            Column("pulled by", flexible=True),
        ],
        empty="No current client people.",
    )
    for standing in report.people:
        person = graph.client[standing.person]
        marks = _marks(standing)
        table.rows.append(
            [
                Cell(clean_line(person.label)),
                Cell(person.stance),
                Cell(
                    "\n".join([standing.bucket, *marks]), line_styles=(BUCKET[standing.bucket], *("bold",) * len(marks))
                ),
                Cell(standing.how),
                Cell(f"{standing.score:+.2f}"),
                Cell(clean_line(_pulls(standing, graph))),
            ]
        )
    key = [text for mark, text in MARKS.items() if any(mark in _marks(standing) for standing in report.people)]
    if key:
        table.after.append(("; ".join(key), "dim"))
    if report.coalitions:
        table.after.append(("Coalitions:", "bold"))
        table.after += [(f"  {clean_line(line)}", None) for line in _coalition_lines(report, graph)]
    print_report(out, table)


def render_json(report: CoalitionReport, graph: AccountGraph, out: TextIO) -> None:
    """The documented shape: attention first, people with bucket, how, score, pivot, inferred; coalitions."""
    out.write(
        to_json(
            {
                "account": report.account,
                "attention": [
                    {"kind": item.kind, "people": list(item.people), "message": item.message}
                    for item in report.attention
                ],
                "people": [
                    {
                        "person": standing.person,
                        "bucket": standing.bucket,
                        "how": standing.how,
                        "score": standing.score,
                        "pivot": standing.pivot,
                        "inferred": standing.inferred,
                        "pulled_by": [
                            {"person": pull.person, "relation": pull.relation, "amount": pull.amount}
                            for pull in standing.pulled_by
                        ],
                    }
                    for standing in report.people
                ],
                "coalitions": [
                    {"leader": coalition.leader, "members": list(coalition.members), "bucket": coalition.bucket}
                    for coalition in report.coalitions
                ],
            }
        )
    )


def render_markdown(report: CoalitionReport, graph: AccountGraph, out: TextIO) -> None:
    """A Markdown section: what needs attention, the people table and the coalitions."""
    lines = [f"## Coalitions: {markdown_cell(report.account)}", "", "Needs attention:", ""]
    lines += [f"- **{ATTENTION_WORDS[item.kind]}**: {markdown_cell(item.message)}" for item in report.attention]
    if not report.attention:
        lines.append("- nothing")
    lines += [
        "",
        "| person | stance | bucket | how | score | pulled by |",
        "| --- | --- | --- | --- | ---: | --- |",
    ]
    for standing in report.people:
        person = graph.client[standing.person]
        bucket = ", ".join([standing.bucket, *_marks(standing)])
        lines.append(
            f"| {markdown_cell(person.label)} | {person.stance} | {bucket} | {standing.how} | "
            f"{standing.score:+.2f} | {markdown_cell(_pulls(standing, graph))} |"
        )
    lines += ["", *(f"- {markdown_cell(line)}" for line in _coalition_lines(report, graph))]
    out.write("\n".join(lines) + "\n")


COALITION_FORMATS: dict[str, Callable[[CoalitionReport, AccountGraph, TextIO], None]] = {
    "table": render_table,
    "json": render_json,
    "markdown": render_markdown,
}
