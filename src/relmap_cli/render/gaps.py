"""The gap report as a rich table, JSON or Markdown."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TextIO

from ..analysis.gaps import GapReport
from .json_ import to_json
from .safe import clean_line, markdown_cell
from .styles import SEVERITY


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
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from .console import print_block, wants_color

    title = Text(headline(report), style="bold")
    if not report.findings:
        print_block(out, title, "No gaps found.")
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column("#", justify="right", style="dim")
    table.add_column("severity")
    table.add_column("kind", no_wrap=True)
    table.add_column("finding → suggestion", ratio=1)
    for number, finding in enumerate(report.findings, start=1):
        text = Text(clean_line(finding.message))
        text.append("\n→ " + clean_line(finding.suggestion), style="dim" if wants_color(out) else "")
        table.add_row(str(number), Text(finding.severity, style=SEVERITY[finding.severity]), finding.kind, text)
    print_block(out, title, table, _summary(report))


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
