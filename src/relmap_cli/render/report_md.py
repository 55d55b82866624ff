"""The account plan as Markdown for a wiki or a pull request: the same sections as the page.

The picture is a Mermaid block (GitHub and most wikis draw it); every cell
and line of map text goes through `markdown_cell`. No I/O.
"""

from __future__ import annotations

from ..analysis.gaps import Finding
from ..analysis.review import Review, by_actor
from ..analysis.trend import Trend
from ..graph import AccountGraph
from .plan import markdown_lines
from .portfolio import champions_words
from .report import coverage_rows, reviewed_words
from .safe import markdown_cell
from .trend import movement, shallow_note


def _mermaid(graph: AccountGraph, redact: bool) -> list[str]:
    from .diagram import DIAGRAM_FORMATS, View

    return ["```mermaid", DIAGRAM_FORMATS["mermaid"](graph, View(redact=redact)).rstrip("\n"), "```"]


def _planned(finding: Finding, review: Review) -> str:
    planned = getattr(finding, "planned", None)
    if planned is None:
        planned = [
            item.action.id
            for item in review.plan.items
            if any(found.kind == finding.kind and found.people == finding.people for found in item.addresses)
        ]
    return f" (planned: {', '.join(planned)})" if planned else ""


def _finding(finding: Finding, review: Review, kind: bool = True) -> list[str]:
    what = f"{finding.kind}: " if kind else ""
    return [
        f"- **{finding.severity}** {markdown_cell(what + finding.message)}",
        f"  → {markdown_cell(finding.suggestion)}{_planned(finding, review)}",
    ]


def report_markdown(review: Review, trend: Trend | None, top: int) -> str:
    """The whole account plan as one Markdown document."""
    graph, health = review.graph, review.health
    model = graph.model
    lines = [
        f"# Account plan: {markdown_cell(model.account.name)}",
        "",
        f"Owner {markdown_cell(graph.label(model.account.owner))} · tier {model.account.tier} · "
        f"{reviewed_words(review)} · as of {review.today.isoformat()}",
        "",
        "## Vision and our interests",
        "",
    ]
    if model.account.vision:
        lines += [f"> {markdown_cell(model.account.vision)}", ""]
    if model.interests:
        lines += ["| # | our interest | horizon | who on their side cares |", "| ---: | --- | --- | --- |"]
        for interest in sorted(model.interests, key=lambda i: i.priority or 10**6):
            people = [p.label for p in graph.active_client() if interest.id in p.cares_about]
            lines.append(
                f"| {interest.priority or ''} | {markdown_cell(interest.text)} | {interest.horizon or ''} | "
                f"{markdown_cell(', '.join(people)) or 'nobody recorded'} |"
            )
        lines.append("")
    if not model.interests and not model.account.vision:
        lines += ["No vision or interests recorded in the map.", ""]
    lines += ["## The picture", "", *_mermaid(graph, redact=False), ""]
    lines += [
        "## Engagement model and health",
        "",
        "| engagement model | map status | key players reached | threads | champions | red flags | "
        "stale key contacts | overdue actions |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
        f"| {health.model} → {health.target_model} | {health.status} of 3 | {health.reached} of "
        f"{health.key_players} | {health.threads} | {champions_words(health)} | {len(health.red_flags)} | "
        f"{health.stale} | {health.overdue} of {health.open} |",
        "",
    ]
    if trend is not None:
        for said in (movement(trend), shallow_note(trend)):
            if said:
                lines += [markdown_cell(said), ""]
    lines += ["## Red flags", ""]
    for flag in health.red_flags:
        lines += _finding(flag, review, kind=False)
    lines += ["No red flags."] if not health.red_flags else []
    findings = [f for f in health.gaps.findings if f.kind != "red-flag"]
    shown = findings[:top]
    lines += ["", "## What each of us should do", ""]
    if len(findings) > len(shown):
        lines += [f"The {len(shown)} most important of {len(findings)} findings (relmap gaps lists them all).", ""]
    for ours, group in by_actor(shown, graph):
        lines += [f"### {markdown_cell(graph.label(ours))}", ""]
        for finding in group:
            lines += _finding(finding, review)
        lines.append("")
    lines += ["## Coalitions", ""]
    if health.coalitions.people:
        lines += ["| person | bucket | how | score | pivot |", "| --- | --- | --- | ---: | --- |"]
    else:
        lines.append("No current client people.")
    for standing in health.coalitions.people:
        lines.append(
            f"| {markdown_cell(graph.label(standing.person))} | {standing.bucket} | {standing.how} | "
            f"{standing.score:+.2f} | {'pivot' if standing.pivot else ''} |"
        )
    lines.append("")
    for coalition in health.coalitions.coalitions:
        others = [graph.label(m) for m in coalition.members if m != coalition.leader]
        rest = f" with {', '.join(others)}" if others else " alone"
        lines.append(f"- {coalition.bucket}: {markdown_cell(graph.label(coalition.leader) + ' leads' + rest)}")
    sequence = review.sequence
    target = f", towards {graph.label(sequence.target)}" if sequence.target else ""
    lines += ["", f"## Recommended sequence: {markdown_cell(sequence.strategy + target)}", ""]
    for number, step in enumerate(sequence.steps, start=1):
        lines.append(f"{number}. **{markdown_cell(graph.label(step.person))}**: {markdown_cell('; '.join(step.why))}")
    lines += ["No steps."] if not sequence.steps else []
    lines += [f"- ⚠ {markdown_cell(warning.message)}" for warning in sequence.warnings]
    lines += ["", *markdown_lines(review.plan)]
    return "\n".join(lines) + "\n"


def report_redacted_markdown(graph: AccountGraph, today: str) -> str:
    """The org chart and our coverage, as Markdown, without anything `--redact` drops."""
    model = graph.model
    lines = [
        f"# Account map: {markdown_cell(model.account.name)}",
        "",
        f"Owner {markdown_cell(graph.label(model.account.owner))} · as of {today} · a version to share beyond "
        "the account team",
        "",
        "## The organisation and our contacts",
        "",
        *_mermaid(graph, redact=True),
        "",
        "## Our coverage",
        "",
        "| person | title | function | level | our contacts |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in coverage_rows(graph):
        lines.append("| " + " | ".join(markdown_cell(cell) or "-" for cell in row) + " |")
    return "\n".join(lines) + "\n"
