"""The shared table engine: one width policy for every command's table.

Expected layouts are written out by hand from the policy: natural widths
when the table fits; else the flexible column gives up width (down to 24),
then the others wrap at spaces, widest first; else one block per row.
"""

from __future__ import annotations

import io
import os
import re
import time

import pytest
from rich.cells import cell_len

from relmap_cli.render.cells import ONE_COLUMN_BLOCKS, cell_width, char_width, one_column_each, wrap
from relmap_cli.render.console import MAX_WIDTH, columns_from_env, output_width
from relmap_cli.render.table import Cell, Column, Report, format_plain, print_report

SGR = re.compile(r"\x1b\[[0-9;]*m")


def small() -> Report:
    report = Report("Title", [Column("#", "right"), Column("name"), Column("text", flexible=True)])
    report.rows.append([Cell("1"), Cell("Anna"), Cell("one two three four five six seven\n→ next")])
    report.rows.append([Cell("10"), Cell("Bo"), Cell("short")])
    report.after.append(("2 rows", None))
    return report


def test_a_table_that_fits_keeps_its_natural_widths() -> None:
    assert format_plain(small(), 100) == (
        "Title\n"
        " #   name   text\n"
        "─────────────────────────────────────────────\n"
        " 1   Anna   one two three four five six seven\n"
        "            → next\n"
        "10   Bo     short\n"
        "2 rows\n"
    )


def test_the_flexible_column_wraps_first() -> None:
    assert format_plain(small(), 40) == (
        "Title\n"
        " #   name   text\n"
        "────────────────────────────────────────\n"
        " 1   Anna   one two three four five six\n"
        "            seven\n"
        "            → next\n"
        "10   Bo     short\n"
        "2 rows\n"
    )


def test_rows_are_stacked_when_the_prose_column_would_be_too_narrow() -> None:
    assert format_plain(small(), 32) == (
        "Title\n"
        "\n"
        "1\n"
        "  name: Anna\n"
        "  text: one two three four five\n"
        "        six seven\n"
        "        → next\n"
        "\n"
        "10\n"
        "  name: Bo\n"
        "  text: short\n"
        "\n"
        "2 rows\n"
    )


def test_other_columns_wrap_at_spaces_once_the_prose_column_is_at_its_floor() -> None:
    report = Report("T", [Column("name"), Column("why", flexible=True)])
    report.rows.append([Cell("Dr. Eva Maria Schmidt-Lopez"), Cell("x " * 20)])
    assert format_plain(report, 50).splitlines() == [
        "T",
        "name                      why",
        "──────────────────────────────────────────────────",
        "Dr. Eva Maria             x x x x x x x x x x x x",
        "Schmidt-Lopez             x x x x x x x x",
    ]


def test_a_header_wraps_at_its_spaces_rather_than_widen_a_narrow_column() -> None:
    report = Report("T", [Column("person"), Column("known by", "right"), Column("note", flexible=True)])
    report.rows.append([Cell("Anna"), Cell("1"), Cell("met at the summit, wants a proposal by March")])
    assert format_plain(report, 41).splitlines() == [
        "T",
        "person   known   note",
        "            by",
        "─────────────────────────────────────────",
        "Anna         1   met at the summit, wants",
        "                 a proposal by March",
    ]
    assert format_plain(report, 40).splitlines()[:3] == ["T", "", "Anna"]  # narrower: stacked


def test_short_values_share_a_line_in_a_block_and_a_flag_is_shown_alone() -> None:
    report = Report(
        "T",
        [
            Column("person"),
            Column("stance"),
            Column("score", "right"),
            Column("pivot"),
            Column("pulled by", flexible=True),
        ],
    )
    report.rows.append(
        [Cell("Frank Moreau"), Cell("neutral"), Cell("+0.14"), Cell("pivot"), Cell("opposes Dr. Susan Lee")]
    )
    assert format_plain(report, 30).splitlines() == [
        "T",
        "",
        "Frank Moreau",
        "  stance: neutral",
        "  score: +0.14   pivot",
        "  pulled by:",
        "    opposes Dr. Susan Lee",
    ]


def test_an_indented_cell_keeps_its_indent_when_it_wraps() -> None:
    report = Report("T", [Column("who"), Column("what", flexible=True)])
    report.rows.append([Cell("  Head of Sustainability"), Cell("a b c d e f g h i j k l m")])
    assert format_plain(report, 51).splitlines()[3:5] == [
        "  Head of Sustainability   a b c d e f g h i j k l",
        "                           m",
    ]
    assert format_plain(report, 47).splitlines()[3:5] == [
        "  Head of              a b c d e f g h i j k l",
        "  Sustainability       m",
    ]


def test_wide_characters_count_double() -> None:
    assert cell_width("東京") == 4
    assert cell_width("e\u0301") == 1
    assert cell_width("a\u200bb") == 2  # a zero-width space takes no column
    report = Report(
        "T", [Column("name"), Column("n", "right")], rows=[[Cell("東京"), Cell("1")], [Cell("Kim"), Cell("22")]]
    )
    assert format_plain(report, 80).splitlines() == ["T", "name    n", "─────────", "東京    1", "Kim    22"]


def test_the_one_column_shortcut_holds_at_every_code_point() -> None:
    # the blocks the shortcut counts as one column each, and nothing else: and each of them is one column
    inside = {code for first, last in ONE_COLUMN_BLOCKS for code in range(first, last + 1)}
    assert [code for code in range(0x110000) if one_column_each(chr(code)) != (code in inside)] == []
    assert [code for code in sorted(inside) if char_width(chr(code)) != 1] == []
    assert one_column_each("Zoë → Li · ─── “ok”") and not one_column_each("→ 東京") and not one_column_each("e\u0301")
    assert cell_width("─" * 40 + "東京") == 44


def test_wrap_measures_display_columns_and_breaks_only_overlong_words() -> None:
    assert wrap("東京都 東京都 東京都", 14) == ["東京都 東京都", "東京都"]
    assert wrap("Dr.\u00a0Li Chen", 7) == ["Dr.\u00a0Li", "Chen"]  # no break at a no-break space
    assert wrap("x" * 45, 20) == ["x" * 20, "x" * 20, "x" * 5]
    assert wrap("", 10) == [""]
    assert wrap("a   b  c", 3) == ["a", "b", "c"]  # runs of spaces go where a line breaks
    assert wrap("  lead  two", 6) == ["  lead", "two"]  # and stay inside a line and before the first word
    assert wrap("two   spaces here", 13) == ["two   spaces", "here"]
    assert wrap("Zoë Müller-Lüdenscheidt", 10) == ["Zoë Müller", "-Lüdensche", "idt"]  # Latin beyond ASCII


@pytest.mark.parametrize("width", [20, 30, 40, 60, 80, 100, 200])
def test_no_line_is_wider_than_asked_and_no_word_is_lost(width: int) -> None:
    names = ["Dr. Eva Schmidt", "東京 Tōkyō 大学", "Jean-Baptiste Leclerc-Ōtsuka", "x" * 70, "Ann"]
    report = Report("Account: who knows whom at 東京", [Column("#", "right"), Column("name"), Column("level"),
                                                       Column("note", flexible=True)])  # fmt: skip
    for number, name in enumerate(names, start=1):
        report.rows.append([Cell(str(number)), Cell(name), Cell("director"), Cell(f"{name} met us; wants a demo")])
    text = format_plain(report, width)
    assert max(cell_len(line) for line in text.splitlines()) <= width
    words = "".join(text.split())
    for name in names:
        assert "".join(name.split()) in words or all(part in words for part in name.split())


def test_a_forty_thousand_character_name_gives_output_linear_in_its_size() -> None:
    def size(length: int) -> int:
        report = Report("T", [Column("person"), Column("stance"), Column("why", flexible=True)])
        report.rows.append([Cell("N" * length), Cell("champion"), Cell("influence 5 and a long history with us")])
        report.rows.append([Cell("Anna Keller"), Cell("neutral"), Cell("short")])
        text = format_plain(report, 80)
        assert max(cell_len(line) for line in text.splitlines()) <= 80
        assert "".join(text.split()).count("N") == length  # every character is still there
        return len(text)

    started = time.perf_counter()
    small_size, large_size = size(40_000), size(80_000)
    assert small_size < 2 * 40_000
    assert 1.8 < large_size / small_size < 2.2
    assert time.perf_counter() - started < 2


def test_empty_report_says_so() -> None:
    report = Report("Title", [Column("a")], empty="No gaps found.")
    assert format_plain(report, 80) == "Title\nNo gaps found.\n"


def test_print_report_is_plain_when_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "60")
    out = io.StringIO()
    report = Report("T", [Column("a"), Column("b", flexible=True)], rows=[[Cell("x", "red"), Cell("y")]])
    print_report(out, report)
    assert out.getvalue() == "T\na   b\n─────\nx   y\n"


def test_colour_output_is_the_same_layout_with_styles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    for width in (100, 40, 32):
        monkeypatch.setenv("COLUMNS", str(width))
        out = io.StringIO()
        print_report(out, small())
        assert "\x1b[" in out.getvalue()
        assert [line.rstrip() for line in SGR.sub("", out.getvalue()).splitlines()] == format_plain(
            small(), width
        ).splitlines()
    out = io.StringIO()
    print_report(
        out, Report("T", [Column("a"), Column("bbb", "center")], rows=[[Cell("x", "red"), Cell("S", "white on green")]])
    )
    assert "\x1b[31mx\x1b[0m" in out.getvalue()
    assert "\x1b[37;42m S \x1b[0m" in out.getvalue()  # a background fills the whole cell
    monkeypatch.setenv("NO_COLOR", "1")
    out = io.StringIO()
    print_report(out, Report("T", [Column("a")], rows=[[Cell("x", "red")]]))
    assert "\x1b" not in out.getvalue()


@pytest.mark.parametrize(
    ("value", "width"),
    [("80", 80), ("0", None), ("", None), ("²", None), ("80px", None), (" 72 ", 72), ("5", 20),
     ("99999999", MAX_WIDTH), ("9" * 5000, MAX_WIDTH)],
)  # fmt: skip
def test_columns_is_clamped_and_junk_is_ignored(value: str, width: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", value)
    assert columns_from_env() == width
    assert output_width(io.StringIO()) == (width or 100)  # piped: COLUMNS, else a fixed 100


def test_a_terminal_is_measured_when_columns_is_not_set(monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl
    import struct
    import termios

    monkeypatch.delenv("COLUMNS", raising=False)
    leader, follower = os.openpty()
    try:
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 57, 0, 0))
        with open(follower, "w", closefd=False) as stream:
            assert output_width(stream) == 57
            monkeypatch.setenv("COLUMNS", "0")  # 0 means "not set", as for shutil
            assert output_width(stream) == 57
            fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 0, 0, 0, 0))
            assert output_width(stream) == 80  # a terminal that does not say
    finally:
        os.close(leader)
        os.close(follower)


def test_spans_colour_parts_of_a_cell_and_leave_its_text_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "40")
    row = [Cell("Anna"), Cell("· S ·", spans=((0, 2, "dim"), (2, 3, "bold white on green"), (3, 5, "dim")))]
    report = Report("T", [Column("who"), Column("a b c")], rows=[row])
    out = io.StringIO()
    print_report(out, report)
    assert "Anna   \x1b[2m· \x1b[0m\x1b[1;37;42mS\x1b[0m\x1b[2m ·\x1b[0m\n" in out.getvalue()
    assert SGR.sub("", out.getvalue()) == format_plain(report, 40)


def test_stacked_a_short_multi_line_value_is_one_line_and_a_long_one_keeps_its_lines() -> None:
    columns = [Column("person", flexible=True), Column("stance"), Column("model"), Column("contacts")]
    row = [
        Cell("Karl Halden\nChief Executive Officer"),
        Cell("neutral\ninfluence 5"),
        Cell("diamond\n→ cotton-reel"),
        Cell("Eva Strand, weak, 104 days ago\nIda Lind, good, 3 days ago"),  # too long for one line
    ]
    assert format_plain(Report("T", columns, rows=[row]), 40) == (
        "T\n\nKarl Halden\nChief Executive Officer\n"
        "  stance: neutral, influence 5\n"
        "  model: diamond → cotton-reel\n"
        "  contacts:\n"
        "    Eva Strand, weak, 104 days ago\n"
        "    Ida Lind, good, 3 days ago\n"
    )
