"""The portfolio as a table, JSON or Markdown (the page is in `portfolio_html`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TextIO

from ..analysis.health import Health
from ..analysis.portfolio import Row
from ..analysis.words import plural
from .json_ import to_json
from .safe import clean_line, markdown_cell
from .table import Cell, Column, Report, print_report

RISK_WORDS = {"left": "left", "leaving": "leaving", "at-risk": "at risk"}




def champions_words(health: Health) -> str:
    """`2 (1 leaving)`: current champions, then the risks."""
    risks: dict[str, int] = {}
    for risk in health.champion_risks:
        risks[risk.risk] = risks.get(risk.risk, 0) + 1
    said = ", ".join(f"{count} {RISK_WORDS[risk]}" for risk, count in risks.items())
    return f"{health.champions}" + (f" ({said})" if said else "")


def review_words(health: Health) -> str:
    """`in 30d`, `today`, `12d late` or `never reviewed`."""
    days = health.next_review_days
    if days is None:
        return "never reviewed"
    if days == 0:
        return "due today"
    return f"in {days}d" if days > 0 else f"{-days}d late"


def summary(rows: list[Row], today: date) -> str:
    """`3 accounts as of 2026-12-02: 1 map with errors, 2 reviews late, 5 red flags, 3 overdue actions`."""
    valid = [row.health for row in rows if row.health is not None]
    broken = len(rows) - len(valid)
    late = sum(1 for h in valid if h.next_review_days is None or h.next_review_days < 0)
    parts = [
        plural(broken, "map") + " with errors" if broken else "",
        plural(late, "review") + " late or missing" if late else "",
        plural(sum(len(h.red_flags) for h in valid), "red flag"),
        plural(sum(len(h.champion_risks) for h in valid), "champion") + " at risk",
        plural(sum(h.stale for h in valid), "stale key contact"),
        plural(sum(h.overdue for h in valid), "overdue action"),
    ]
    return f"{plural(len(rows), 'account')} as of {today.isoformat()}: " + ", ".join(p for p in parts if p)


def render_table(rows: list[Row], today: date, out: TextIO) -> None:
    """One row per account, riskiest first, then the totals and where the broken maps are."""
    table = Report(
        "Portfolio, riskiest first",
        [
            Column("account", flexible=True),
            Column("tier", "right"),
            Column("status", "right"),
            Column("model → target"),
            Column("reached", "right"),
            Column("champions"),
            Column("red flags", "right"),
            Column("stale", "right"),
            Column("overdue", "right"),
            Column("review"),
            Column("errors", "right"),
        ],
        empty="No maps.",
    )
    for row in rows:
        name = Cell(f"{clean_line(row.name)}\n{clean_line(row.path)}", line_styles=(None, "dim"))
        health = row.health
        if health is None:
            table.rows.append([name, *[Cell("-") for _ in range(9)], Cell(str(row.errors), "bold red")])
            continue
        table.rows.append(
            [
                name,
                Cell(str(health.tier)),
                Cell(str(health.status)),
                Cell(f"{health.model}\n→ {health.target_model}", line_styles=(None, "dim")),
                Cell(f"{health.reached}/{health.key_players}"),
                Cell(champions_words(health), "yellow" if health.champion_risks else None),
                Cell(str(len(health.red_flags)), "red" if health.red_flags else None),
                Cell(str(health.stale)),
                Cell(str(health.overdue)),
                Cell(
                    review_words(health),
                    "red" if health.next_review_days is None or health.next_review_days < 0 else None,
                ),
                Cell("0"),
            ]
        )
    if rows:
        table.after.append((summary(rows, today), None))
    for row in rows:
        if row.health is None:
            table.after += [(line, "red") for line in broken_lines(row)]
    print_report(out, table)


def broken_lines(row: Row) -> list[str]:
    """What is wrong with a map that does not load: its first errors, located, and where to see them all."""
    path = clean_line(row.path)
    lines = [f"{path}:{p.line}:{p.column}: {clean_line(p.message)} [{p.rule}]" for p in row.problems]
    more = row.errors - len(row.problems)
    if more > 0 or not lines:
        said = f"{plural(more, 'more error')}" if lines else f"not a valid map ({plural(row.errors, 'error')})"
        lines.append(f"{path}: {said}; relmap validate {path} shows them all")
    return lines


def account_document(row: Row) -> dict[str, object]:
    """One account in the documented JSON shape (counts as integers; null where the map does not load)."""
    health = row.health
    if health is None:
        keys = ("tier", "status", "model", "target_model", "key_players", "reached", "champions", "red_flags",
                "stale", "overdue", "next_review_days")  # fmt: skip
        return {
            "path": row.path,
            "account": row.account,
            **dict.fromkeys(keys),
            "errors": row.errors,
            "problems": [
                {"line": p.line, "column": p.column, "rule": p.rule, "message": p.message} for p in row.problems
            ],
        }
    return {
        "path": row.path,
        "account": row.account,
        "tier": health.tier,
        "status": health.status,
        "model": health.model,
        "target_model": health.target_model,
        "key_players": health.key_players,
        "reached": health.reached,
        "champions": health.champions,
        "red_flags": len(health.red_flags),
        "stale": health.stale,
        "overdue": health.overdue,
        "next_review_days": health.next_review_days,
        "errors": 0,
        "problems": [],
        "champion_risks": [{"person": risk.person, "risk": risk.risk} for risk in health.champion_risks],
        "threads": health.threads,
        "open": health.open,
        "red_flag_findings": [
            {"severity": flag.severity, "people": list(flag.people), "message": flag.message}
            for flag in health.red_flags
        ],
    }


def render_json(rows: list[Row], today: date, out: TextIO) -> None:
    """The documented shape: accounts, riskiest first."""
    out.write(to_json({"today": today, "accounts": [account_document(row) for row in rows]}))


def render_markdown(rows: list[Row], today: date, out: TextIO) -> None:
    """A Markdown table, riskiest first."""
    lines = [
        "## Portfolio",
        "",
        summary(rows, today) + ".",
        "",
        "| account | tier | status | model → target | reached | champions | red flags | stale | overdue | review "
        "| errors |",
        "| --- | ---: | ---: | --- | ---: | --- | ---: | ---: | ---: | --- | ---: |",
    ]
    for row in rows:
        health = row.health
        if health is None:
            lines.append(f"| {markdown_cell(row.name)} |" + " - |" * 9 + f" {row.errors} |")
            continue
        cells = [
            markdown_cell(row.name),
            str(health.tier),
            str(health.status),
            f"{health.model} → {health.target_model}",
            f"{health.reached}/{health.key_players}",
            champions_words(health),
            str(len(health.red_flags)),
            str(health.stale),
            str(health.overdue),
            review_words(health),
            "0",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    broken = [line for row in rows if row.health is None for line in broken_lines(row)]
    if broken:
        lines += ["", "Maps that do not load:", "", *(f"- {markdown_cell(line)}" for line in broken)]
    out.write("\n".join(lines) + "\n")


PORTFOLIO_FORMATS: dict[str, Callable[[list[Row], date, TextIO], None]] = {
    "table": render_table,
    "json": render_json,
    "markdown": render_markdown,
}
