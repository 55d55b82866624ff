"""The gap report as a rich table, JSON or Markdown."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TextIO

from ..analysis.gaps import GapReport
from .json_ import to_json
from .safe import clean_line, markdown_cell
from .styles import SEVERITY
from .table import Cell, Column, Report, print_report


def _summary(report: GapReport) -> str:
    counts = Counter(finding.severity for finding in report.findings)
    parts = [
        f"{counts[severity]} {severity}{'s' * (counts[severity] != 1 and severity != 'info')}"
        for severity in ("error", "warning", "info")
        if counts[severity]
    ]
    total = len(report.findings)
    return f"{total} finding{'s' * (total != 1)}" + (f": {', '.join(parts)}" if parts else "")


def headline(report: GapReport) -> str:
    """`Acme Chemicals: engagement model bow-tie, map status 3 (supportive key players)`."""
    return (
        f"{clean_line(report.account)}: engagement model {report.model}, "
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
        empty="No gaps found.",
    )
    for number, finding in enumerate(report.findings, start=1):
        text = f"{clean_line(finding.message)}\n→ {clean_line(finding.suggestion)}"
        table.rows.append(
            [
                Cell(str(number)),
                Cell(finding.severity, SEVERITY[finding.severity]),
                Cell(finding.kind),
                Cell(text, line_styles=(None, "dim")),
            ]
        )
    if report.findings:
        table.after.append((_summary(report), None))
    print_report(out, table)


def render_json(report: GapReport, out: TextIO) -> None:
    """The documented shape: account, model, status, findings."""
    out.write(
        to_json(
            {
                "account": report.account,
                "model": report.model,
                "status": report.status,
                "status_text": report.status_text,
                "findings": [
                    {
                        "kind": finding.kind,
                        "severity": finding.severity,
                        "people": list(finding.people),
                        "message": finding.message,
                        "suggestion": finding.suggestion,
                    }
                    for finding in report.findings
                ],
            }
        )
    )


def render_markdown(report: GapReport, out: TextIO) -> None:
    """A Markdown section: headline, table, summary."""
    lines = [f"## Gaps: {markdown_cell(report.account)}", "", markdown_cell(headline(report)), ""]
    if report.findings:
        lines += ["| # | severity | kind | finding | suggestion |", "| ---: | --- | --- | --- | --- |"]
        lines += [
            f"| {number} | {finding.severity} | {finding.kind} | {markdown_cell(finding.message)} | "
            f"{markdown_cell(finding.suggestion)} |"
            for number, finding in enumerate(report.findings, start=1)
        ]
        lines.append("")
    lines.append(_summary(report))
    out.write("\n".join(lines) + "\n")


GAPS_FORMATS: dict[str, Callable[[GapReport, TextIO], None]] = {
    "table": render_table,
    "json": render_json,
    "markdown": render_markdown,
}
