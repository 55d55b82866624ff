"""The gap report as a table, JSON or Markdown; names and notes from the map stay data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TextIO

from ..analysis.gaps import SEVERITIES, GapReport
from .json_ import to_json
from .safe import clean_line, markdown_cell
from .styles import SEVERITY
from .table import Cell, Column, Report, print_report


def summary(report: GapReport) -> str:
    """`19 findings: 3 errors, 14 warnings, 2 info`, and how many the filters left out."""
    counts = Counter(finding.severity for finding in report.findings)
    parts = [
        f"{counts[severity]} {severity}{'s' * (counts[severity] != 1 and severity != 'info')}"
        for severity in SEVERITIES
        if counts[severity]
    ]
    total = len(report.findings)
    text = f"{total} finding{'s' * (total != 1)}" + (f": {', '.join(parts)}" if parts else "")
    if report.left_out:
        text += f"; {report.left_out} left out by the filters"
    return text


def headline(report: GapReport) -> str:
    """`Acme Chemicals: engagement model bow-tie (target diamond), map status 3 (supportive key players)`."""
    return (
        f"{clean_line(report.account)}: engagement model {report.model} (target {report.target_model}), "
        f"map status {report.status} ({report.status_text})"
    )


def render_table(report: GapReport, out: TextIO) -> None:
    """A table of findings, most important first, with the one-line summary."""
    table = Report(
        headline(report),
        [
            Column("#", "right", style="dim"),
            Column("severity"),
            Column("kind"),
            Column("finding → suggestion", flexible=True),
        ],
        empty="No findings match the filters." if report.left_out else "No gaps found.",
    )
    for number, finding in enumerate(report.findings, start=1):
        lines = [clean_line(finding.message), f"→ {clean_line(finding.suggestion)}"]
        styles: tuple[str | None, ...] = (None, "dim")
        if finding.plan_note:
            lines.append(clean_line(finding.plan_note))
            styles += ("green",)
        table.rows.append(
            [
                Cell(str(number)),
                Cell(finding.severity, SEVERITY[finding.severity]),
                Cell(finding.kind),
                Cell("\n".join(lines), line_styles=styles),
            ]
        )
    if report.findings or report.left_out:
        table.after.append((summary(report), None))
    print_report(out, table)


def render_json(report: GapReport, out: TextIO) -> None:
    """The documented shape: account, model, target_model, status, findings (with the actions planned)."""
    out.write(
        to_json(
            {
                "account": report.account,
                "model": report.model,
                "target_model": report.target_model,
                "status": report.status,
                "status_text": report.status_text,
                "findings": [
                    {
                        "kind": finding.kind,
                        "severity": finding.severity,
                        "people": list(finding.people),
                        "message": finding.message,
                        "suggestion": finding.suggestion,
                        "planned": list(finding.planned),
                    }
                    for finding in report.findings
                ],
                "left_out": report.left_out,
            }
        )
    )


def render_markdown(report: GapReport, out: TextIO) -> None:
    """A Markdown section: headline, table, summary."""
    lines = [f"## Gaps: {markdown_cell(report.account)}", "", markdown_cell(headline(report)), ""]
    if report.findings:
        lines += ["| # | severity | kind | finding | suggestion |", "| ---: | --- | --- | --- | --- |"]
        for number, finding in enumerate(report.findings, start=1):
            suggestion = markdown_cell(finding.suggestion)
            if finding.plan_note:
                suggestion += f" ({markdown_cell(finding.plan_note)})"
            lines.append(
                f"| {number} | {finding.severity} | {finding.kind} | {markdown_cell(finding.message)} | {suggestion} |"
            )
        lines.append("")
    lines.append(summary(report))
    out.write("\n".join(lines) + "\n")


GAPS_FORMATS: dict[str, Callable[[GapReport, TextIO], None]] = {
    "table": render_table,
    "json": render_json,
    "markdown": render_markdown,
}
