"""Located findings of many files (validate, check) in each output format.

A registry from format name to a function of the same reports; adding a
format is one function and one entry.
"""

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

from ..load.problems import Problem, Severity, count_by_severity
from ..tuples import NamedTuple
from .safe import clean, clean_line

if TYPE_CHECKING:
    from ..analysis.staleness import Finding, Place
    from ..load.loader import SourceMap
    from ..load.yamltree import Pos


class FileReport(NamedTuple):
    """The findings of one file."""

    path: str
    account: str | None
    problems: Sequence[Problem]


def format_line(problem: Problem) -> str:
    """`path:line:col: severity: message [rule]`, on one line, inert."""
    return (
        f"{clean_line(problem.path)}:{problem.line}:{problem.column}: "
        f"{problem.severity}: {clean_line(problem.message)} [{problem.rule}]"
    )


SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render_table(reports: Sequence[FileReport], out: TextIO, color: bool) -> None:
    """One `file:line:col` line per finding, coloured by severity on a terminal."""
    problems = [problem for report in reports for problem in report.problems]
    if not color:
        out.writelines(format_line(problem) + "\n" for problem in problems)
        return
    from rich.text import Text

    from .console import make_console

    console = make_console(out)
    for problem in problems:
        head, _, rest = format_line(problem).partition(f" {problem.severity}: ")
        console.print(
            Text.assemble((head, "bold"), " ", (str(problem.severity), SEVERITY_STYLES[problem.severity]), ": ", rest)
        )


def render_json(reports: Sequence[FileReport], out: TextIO, color: bool) -> None:
    """The documented JSON shape: files -> findings with rule, line, column."""
    from .json_ import write_json  # only this format needs the json module

    document = {
        "files": [
            {
                "path": report.path,
                "account": report.account,
                "findings": [
                    {
                        "rule": problem.rule,
                        "severity": str(problem.severity),
                        "line": problem.line,
                        "column": problem.column,
                        "message": problem.message,
                    }
                    for problem in report.problems
                ],
            }
            for report in reports
        ]
    }
    write_json(out, document)


def escape_data(text: str) -> str:
    """Escape a workflow-command message (`%`, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow-command property value (also `:` and `,`)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(reports: Sequence[FileReport], out: TextIO, color: bool) -> None:
    """GitHub Actions workflow commands: one folded group per file, one annotation per finding.

    Each message repeats `path:line:col`: GitHub shows only the first ten
    errors and ten warnings of a step on the files, and prints the rest in
    the log as bare messages, where the place would otherwise be lost.
    """
    for report in reports:
        if not report.problems:
            continue
        out.write(f"::group::{escape_data(clean_line(report.path))}: {_count(report.problems)}\n")
        for problem in report.problems:
            level = "notice" if problem.severity == "info" else str(problem.severity)
            properties = ",".join(
                (
                    f"file={escape_property(clean(problem.path))}",
                    f"line={problem.line}",
                    f"col={problem.column}",
                    f"title={escape_property('relmap ' + problem.rule)}",
                )
            )
            place = f"{clean(problem.path)}:{problem.line}:{problem.column}"
            out.write(f"::{level} {properties}::{escape_data(place + ': ' + clean(problem.message))}\n")
        out.write("::endgroup::\n")


def _count(problems: Sequence[Problem]) -> str:
    """`1 error, 2 warnings`: the findings of one file by severity, worst first."""
    found = count_by_severity(problems)  # with the problems past the 200 listed
    counts = {severity: found[Severity(severity)] for severity in ("error", "warning", "info")}
    words = {"error": "error", "warning": "warning", "info": "note"}
    return ", ".join(f"{n} {words[s]}{'s' * (n != 1)}" for s, n in counts.items() if n)


FINDINGS_FORMATS: dict[str, Callable[[Sequence[FileReport], TextIO, bool], None]] = {
    "table": render_table,
    "json": render_json,
    "github": render_github,
}


def locate(source: "SourceMap", place: "Place") -> "Pos":
    """The line and column in the file where a finding of `relmap check` belongs."""
    if place.section == "account":
        return source.account(place.key)
    if place.section == "person":
        return source.person(str(place.ref), place.key)
    return source.item(place.section, int(place.ref or 0), place.key)


def located(findings: "Sequence[Finding]", source: "SourceMap") -> list[Problem]:
    """Findings as problems at their place in the file, in file order."""
    problems = [
        Problem(source.path, *locate(source, finding.place), finding.rule, finding.message, finding.severity)
        for finding in findings
    ]
    return sorted(problems, key=Problem.sort_key)
