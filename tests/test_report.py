"""`relmap report`: the account plan as one document, and the redacted version that leaks nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from relmap_cli.analysis.gaps import Finding
from relmap_cli.analysis.review import actor

from .conftest import EXAMPLES, graph_of, run

SECRET = """\
relmap: 1
account: {name: Hollow Works, owner: kim, vision: VISION-SENTINEL grow the account, intent: high}
interests:
  - {id: win, text: OURINTEREST-SENTINEL win the tender, priority: 1}
team:
  - {id: kim, name: Kim Park, title: Key Account Manager, function: sales, level: manager,
     notes: TEAMNOTE-SENTINEL}
  - {id: chen, name: Li Chen, title: R&D Director, function: r-and-d, level: director}
client:
  - id: maria
    name: Maria Lopez
    title: Chief Procurement Officer
    function: procurement
    level: executive
    roles: [decision-maker, budget-holder]
    stance: champion
    influence: 5
    notes: PERSONNOTE-SENTINEL
    cares_about: [win]
    interests: {needs: [NEED-SENTINEL], concerns: [CONCERN-SENTINEL], fears: [FEAR-SENTINEL],
                success: SUCCESS-SENTINEL}
  - {id: raj, name: Raj Patel, title: VP Technology, function: r-and-d, level: vp, stance: detractor,
     influence: 4, reports_to: maria}
  - {id: lee, name: Susan Lee, title: Plant Manager, function: operations, level: manager, stance: supporter,
     influence: 2, reports_to: maria}
  - {id: omar, name: Omar Haddad, title: Quality Engineer, function: operations, level: staff, stance: neutral,
     influence: 1, reports_to: lee}
relationships:
  - {from: raj, kind: opposes, to: lee, note: OPPOSENOTE-SENTINEL}
  - {from: raj, kind: influences, to: omar}
  - {from: omar, kind: defers-to, to: lee, basis: expertise}
  - {from: chen, kind: knows, to: omar, strength: negative, last: 2026-09-01}
  - {from: kim, kind: knows, to: maria, strength: strong, last: 2026-11-20, note: KNOWSNOTE-SENTINEL}
  - {from: chen, kind: knows, to: raj, strength: weak, last: 2026-06-01, notes: RELNOTES-SENTINEL}
  - {from: kim, kind: knows, to: lee, strength: good, last: 2026-10-01}
actions:
  - {id: a1, owner: chen, with: [raj], goal: ACTIONGOAL-SENTINEL win Raj over, due: 2026-12-15}
"""
# what --redact must drop, wherever it would appear
DROPPED = [
    r"[A-Z]+-SENTINEL",  # notes, interests (theirs and ours), the vision, an action's goal
    r"\bchampion", r"\bsupporter", r"\bdetractor", r"\bneutral",  # stances
    r"\boppos",  # antagonism
    r"\binfluence\b", r"●",  # influence, as words or as pips
    r"\binfluences\b", r"\bdefers\b", r"\bexpertise\b",  # who sways whom
    r"\bnegative\b",  # a hostile contact
    r"decision.maker", r"budget.holder", r">DM<", r">BH<",  # roles, as words or as badges
    r"\bfurthers\b", r"\bhinders\b", r"\bswing\b", r"\bpivot", r"\bscore\b",  # coalition buckets
]  # fmt: skip


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "hollow.yaml"
    path.write_text(SECRET, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--redact"],
        ["report", "--redact", "--to", "markdown"],
        ["render", "--redact", "--to", "html"],
        ["render", "--redact", "--to", "svg"],
        ["render", "--redact", "--to", "mermaid"],
        ["render", "--redact", "--to", "dot"],
    ],
    ids=lambda args: "-".join(a.strip("-") for a in args),
)
def test_redacted_output_holds_none_of_the_dropped_values(secret: Path, args: list[str]) -> None:
    result = run([args[0], str(secret), *args[1:], "--today", "2026-12-02"])
    assert result.exit_code == 0, result.stderr
    leaked = [pattern for pattern in DROPPED if re.search(pattern, result.stdout, re.IGNORECASE)]
    assert leaked == []
    # and it is still the org chart and our coverage
    for kept in ("Maria Lopez", "Chief Procurement Officer", "Raj Patel", "Kim Park", "Li Chen"):
        assert kept in result.stdout or kept.replace(" ", "&#32;") in result.stdout


def test_the_same_values_are_in_the_full_report(secret: Path) -> None:
    # the redaction test would prove nothing if the full report did not show these values
    result = run(["report", str(secret), "--today", "2026-12-02", "--no-history"])
    found = [pattern for pattern in DROPPED if re.search(pattern, result.stdout, re.IGNORECASE)]
    assert {"\\bchampion", "\\bdetractor", "\\bfurthers\\b", "\\bhinders\\b", "[A-Z]+-SENTINEL", "\\bnegative\\b",
            "decision.maker", "\\binfluences\\b"} <= set(found)  # fmt: skip


def test_the_redacted_coverage_table_lists_people_as_the_org_chart_reads(secret: Path) -> None:
    result = run(["report", str(secret), "--redact", "--to", "markdown", "--today", "2026-12-02"])
    lines = result.stdout.splitlines()
    table = lines[lines.index("| person | title | function | level | our contacts |") + 2 :]
    assert table == [
        "| Maria Lopez | Chief Procurement Officer | procurement | executive | Kim Park (strong, 2026-11-20) |",
        "| Raj Patel | VP Technology | r-and-d | vp | Li Chen (weak, 2026-06-01) |",
        "| Susan Lee | Plant Manager | operations | manager | Kim Park (good, 2026-10-01) |",
        "| Omar Haddad | Quality Engineer | operations | staff | - |",
    ]


def test_markdown_renders_as_a_document_with_tables() -> None:
    result = run(["report", str(EXAMPLES / "acme.yaml"), "--to", "markdown", "--today", "2026-12-02"])
    assert result.exit_code == 0, result.stderr
    html = MarkdownIt("commonmark").enable("table").render(result.stdout)
    assert html.count("<table>") == 6  # interests, health, coalitions, actions, no planned touch, reminders
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    assert headings == [
        "Vision and our interests",
        "The picture",
        "Engagement model and health",
        "Red flags",
        "What each of us should do",
        "Coalitions",
        "Recommended sequence: backward, towards Anna Keller",
        "Plan: Acme Chemicals",
    ]
    assert '<code class="language-mermaid">flowchart TB' in html
    assert re.findall(r"<h3>(.*?)</h3>", html) == ["Kim Park", "Priya Nair", "Mark Olsen", "Dr. Li Chen", "Lena Vogt"]


def test_the_html_report_has_every_section_and_no_script(tmp_path: Path) -> None:
    page = tmp_path / "acme.html"
    result = run(["report", str(EXAMPLES / "acme.yaml"), "--today", "2026-12-02", "-o", str(page)])
    assert result.exit_code == 0 and result.stderr == f"wrote {page} (html)\n"
    html = page.read_text(encoding="utf-8")
    assert re.findall(r"<h2>(.*?)</h2>", html) == [
        "Vision and our interests",
        "The picture",
        "Engagement model and health",
        "Red flags",
        "What each of us should do",
        "Coalitions",
        "Recommended sequence: backward, towards Anna Keller",
        "The plan",
    ]
    assert "<script" not in html and "script-src 'none'" in html
    assert html.count('<section class="page') == 3  # the picture, the health, the plan
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="relmap"' in html


def test_findings_go_to_the_colleague_the_suggestion_names() -> None:
    graph = graph_of(SECRET)

    def finding(suggestion: str, people: tuple[str, ...] = ()) -> Finding:
        return Finding("uncovered", "warning", people, "message", suggestion)

    assert actor(finding("Have Li Chen build on the weak contact"), graph) == "chen"
    assert actor(finding("Bring Kim Park and Li Chen together"), graph) == "kim"
    assert actor(finding("Move these relationships to their successor", ("raj", "chen")), graph) == "chen"
    assert actor(finding("Find out who holds the role"), graph) == "kim"  # the account owner


def test_report_options_that_do_not_fit_are_usage_errors(secret: Path) -> None:
    cases = [
        (["--redact", "--strategy", "pyramid"], "a redacted report has no sequence"),
        (["--strategy", "pyramid", "--target", "raj"], "--target only applies to --strategy backward"),
        (["--output", "plan.pdf"], "cannot tell the format from the name; use .html or .md"),
        (["--target", "nobody"], "--target:"),
    ]
    for args, message in cases:
        result = run(["report", str(secret), *args])
        assert result.exit_code == 2 and message in result.stderr, (args, result.stderr)


def test_an_invalid_map_is_a_usage_error_with_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("relmap: 1\naccount: {name: Broken}\n", encoding="utf-8")
    result = run(["report", str(path)])
    assert result.exit_code == 2 and "broken.yaml:2:10: error:" in result.stderr and result.stdout == ""


def test_the_report_reads_a_map_from_stdin_without_a_trend() -> None:
    result = run(["report", "-", "--to", "markdown", "--today", "2026-12-02"], stdin=SECRET)
    assert result.exit_code == 0 and "# Account plan: Hollow Works" in result.stdout
    assert "From " not in result.stdout
