"""The plain-text table layout used when output is not a terminal."""

from __future__ import annotations

import io

from relmap_cli.render.table import Cell, Column, Report, cell_width, format_plain, print_report


def test_plain_layout_wraps_the_flexible_column_and_aligns_the_rest() -> None:
    report = Report("Title", [Column("#", "right"), Column("name"), Column("text", flexible=True)])
    report.rows.append([Cell("1"), Cell("Anna"), Cell("one two three four five six seven\n→ next")])
    report.rows.append([Cell("10"), Cell("Bo"), Cell("short")])
    report.after.append(("2 rows", None))
    assert format_plain(report, 32) == (
        "Title\n"
        " #   name   text\n"
        "────────────────────────────────\n"
        " 1   Anna   one two three four\n"
        "            five six seven\n"
        "            → next\n"
        "10   Bo     short\n"
        "2 rows\n"
    )


def test_wide_characters_count_double() -> None:
    assert cell_width("東京") == 4
    assert cell_width("e\u0301") == 1


def test_empty_report_says_so() -> None:
    report = Report("Title", [Column("a")], empty="No gaps found.")
    assert format_plain(report, 80) == "Title\nNo gaps found.\n"


def test_print_report_is_plain_when_not_a_terminal(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "60")
    out = io.StringIO()
    report = Report("T", [Column("a"), Column("b", flexible=True)], rows=[[Cell("x", "red"), Cell("y")]])
    print_report(out, report)
    assert out.getvalue() == "T\na   b\n─────\nx   y\n"
    assert "\x1b" not in out.getvalue()


def test_print_report_uses_colour_when_forced(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = io.StringIO()
    print_report(out, Report("T", [Column("a")], rows=[[Cell("x", "red")]]))
    assert "\x1b[31mx" in out.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    out = io.StringIO()
    print_report(out, Report("T", [Column("a")], rows=[[Cell("x", "red")]]))
    assert "\x1b" not in out.getvalue()
