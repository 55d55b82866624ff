"""`relmap portfolio`: one row per account, riskiest first, with invalid maps as rows; and the page."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from relmap_cli.analysis.health import account_health

from .conftest import graph_of, run

ALPHA = """\
relmap: 1
account: {name: Alpha, owner: kim, tier: 1, reviewed: 2026-11-01}
team: [{id: kim, name: Kim Park}]
client:
  - {id: dm, name: Dana Moss, roles: [decision-maker], stance: supporter, influence: 5}
  - {id: det, name: Dirk Elm, stance: detractor, influence: 3}
relationships:
  - {from: det, kind: influences, to: dm, strength: strong}
  - {from: kim, kind: knows, to: dm, strength: strong, last: 2026-11-20}
"""
BETA = """\
relmap: 1
account: {name: Beta, owner: sam, tier: 2, reviewed: 2026-11-15}
team: [{id: sam, name: Sam Okafor}]
client:
  - {id: karin, name: Karin Lund, roles: [budget-holder], stance: supporter, influence: 4}
relationships:
  - {from: sam, kind: knows, to: karin, strength: strong, last: 2026-11-30}
"""
GAMMA = """\
relmap: 1
account: {name: Gamma, owner: lee, tier: 3}
team: [{id: lee, name: Lee Park}]
client:
  - {id: ola, name: Ola Berg, roles: [decision-maker], stance: neutral, influence: 3}
relationships:
  - {from: lee, kind: knows, to: ola, strength: weak, last: 2026-11-01}
"""
BROKEN = "relmap: 1\naccount: {name: Broken Co}\nclient: [{id: x, stance: happy}]\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    maps = tmp_path / "accounts"
    (maps / "emea").mkdir(parents=True)
    (maps / "alpha.yaml").write_text(ALPHA, encoding="utf-8")
    (maps / "emea" / "beta.yaml").write_text(BETA, encoding="utf-8")
    (maps / "gamma.yml").write_text(GAMMA, encoding="utf-8")
    (maps / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (maps / "mkdocs.yaml").write_text("site_name: not a map\n", encoding="utf-8")
    return maps


def accounts(*args: str) -> tuple[int, list[dict[str, object]]]:
    result = run(["portfolio", *args, "--today", "2026-12-02", "-f", "json"])
    return result.exit_code, list(json.loads(result.stdout)["accounts"])


def test_every_map_is_a_row_riskiest_first_and_other_yaml_is_skipped(folder: Path) -> None:
    code, rows = accounts(str(folder))
    # the broken map first; Alpha has a red flag; Gamma's key player is not supportive (status 2)
    assert [row["account"] for row in rows] == ["Broken Co", "Alpha", "Gamma", "Beta"]
    assert code == 1  # a map that does not load, an overdue and a missing review: errors, as in check


def test_each_row_has_the_documented_figures(folder: Path) -> None:
    _, rows = accounts(str(folder))
    keys = ("tier", "status", "model", "target_model", "key_players", "reached", "champions", "red_flags",
            "stale", "overdue", "next_review_days", "errors")  # fmt: skip
    by_name = {row["account"]: tuple(row[key] for key in keys) for row in rows}
    assert by_name == {
        "Broken Co": (None,) * 11 + (3,),
        # reviewed 2026-11-01, every 30 days: the review was due yesterday
        # the detractor sways the decision maker, and pulls her below zero: two red flags
        "Alpha": (1, 3, "bow-tie", "cotton-reel", 1, 1, 0, 2, 0, 0, -1, 0),
        # one weak contact is not a thread yet: no engagement model
        "Gamma": (3, 2, "none", "cotton-reel", 1, 0, 0, 0, 0, 0, None, 0),
        "Beta": (2, 3, "bow-tie", "cotton-reel", 1, 1, 0, 0, 0, 0, 73, 0),
    }
    assert [row["path"] for row in rows][-1] == str(folder / "emea" / "beta.yaml")


def test_a_healthy_portfolio_exits_0(folder: Path) -> None:
    code, rows = accounts(str(folder / "emea"))
    assert (code, [row["account"] for row in rows]) == (0, ["Beta"])


def test_fail_on_warning_counts_warnings_too(tmp_path: Path) -> None:
    stale = tmp_path / "stale.yaml"
    stale.write_text(BETA.replace("last: 2026-11-30", "last: 2026-08-01"), encoding="utf-8")
    assert run(["portfolio", str(stale), "--today", "2026-12-02"]).exit_code == 0
    assert run(["portfolio", str(stale), "--today", "2026-12-02", "--fail-on", "warning"]).exit_code == 1


def test_champion_risks_are_named(tmp_path: Path) -> None:
    text = BETA.replace("stance: supporter, influence: 4}", "stance: champion, influence: 4, left: 2027-01-31}")
    health = account_health(graph_of(text, today=__import__("datetime").date(2026, 12, 2)),
                            __import__("datetime").date(2026, 12, 2))  # fmt: skip
    assert [(risk.person, risk.risk) for risk in health.champion_risks] == [("karin", "leaving")]
    assert [flag.message for flag in health.red_flags] == [
        "Our champion Karin Lund is leaving on 2027-01-31 (in 60 days)"
    ]


def test_the_table_shows_each_account_and_the_totals(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder.parent)
    result = run(["portfolio", "accounts", "--today", "2026-12-02"], env={"COLUMNS": "160"})
    lines = result.stdout.splitlines()
    assert lines[0] == "Portfolio, riskiest first"
    assert lines[3].split() == ["Broken", "Co", *["-"] * 9, "3"]
    alpha = next(line for line in lines if line.startswith("Alpha"))
    assert alpha.split() == ["Alpha", "1", "3", "bow-tie", "1/1", "0", "2", "0", "0", "1d", "late", "0"]
    assert (
        "4 accounts as of 2026-12-02: 1 map with errors, 2 reviews late or missing, 2 red flags, "
        "0 champions at risk, 0 stale key contacts, 0 overdue actions" in lines
    )
    broken = "accounts/broken.yaml"  # what is wrong, located, under the table
    assert lines[-3:] == [
        f"{broken}:2:10: account needs 'owner' [missing-key]",
        f"{broken}:3:10: client person 'x' needs 'name' (or 'placeholder: true' for a position not yet filled) "
        "[missing-key]",
        f"{broken}:3:26: stance 'happy' is not allowed: use 'champion', 'supporter', 'neutral', 'detractor' or "
        "'unknown' [value]",
    ]


def test_a_broken_row_has_its_first_errors_and_counts_the_rest(tmp_path: Path) -> None:
    many = tmp_path / "many.yaml"
    many.write_text(
        "relmap: 1\naccount: {name: Many, owner: kim}\nteam: [{id: kim, name: Kim}]\nclient:\n"
        + "".join(f"  - {{id: p{n}, name: P{n}, stance: happy}}\n" for n in range(5)),
        encoding="utf-8",
    )
    code, (row,) = accounts(str(many))
    assert (code, row["errors"], [(p["line"], p["rule"]) for p in row["problems"]]) == (
        1, 5, [(5, "value"), (6, "value"), (7, "value")]
    )  # fmt: skip
    lines = run(["portfolio", str(many), "--today", "2026-12-02"], env={"COLUMNS": "200"}).stdout.splitlines()
    assert lines[-4].startswith(f"{many}:5:")
    assert lines[-1] == f"{many}: 2 more errors; relmap validate {many} shows them all"
    page = run(["portfolio", str(many), "--today", "2026-12-02", "-f", "html"]).stdout
    assert page.count('<div class="error">line ') == 3


def test_markdown_is_one_table(folder: Path) -> None:
    result = run(["portfolio", str(folder), "--today", "2026-12-02", "-f", "markdown"])
    lines = result.stdout.splitlines()
    assert lines[4].startswith("| account | tier | status |")
    assert lines[6] == "| Broken Co | - | - | - | - | - | - | - | - | - | 3 |"
    assert lines[7] == "| Alpha | 1 | 3 | bow-tie → cotton-reel | 1/1 | 0 | 2 | 0 | 0 | 1d late | 0 |"
    from relmap_cli.render.safe import markdown_cell

    broken = markdown_cell(str(folder / "broken.yaml"))  # its underscores escaped, as every cell's
    assert lines[-5:] == [
        "Maps that do not load:",
        "",
        f"- {broken}:2:10: account needs 'owner' \\[missing-key\\]",
        f"- {broken}:3:10: client person 'x' needs 'name' (or 'placeholder: true' for a position not yet filled) "
        "\\[missing-key\\]",
        f"- {broken}:3:26: stance 'happy' is not allowed: use 'champion', 'supporter', 'neutral', 'detractor' or "
        "'unknown' \\[value\\]",
    ]


def test_the_page_is_written_and_self_contained(folder: Path, tmp_path: Path) -> None:
    page = tmp_path / "portfolio.html"
    result = run(["portfolio", str(folder), "--today", "2026-12-02", "-f", "html", "-o", str(page)])
    assert result.exit_code == 1 and result.stderr == f"wrote {page}: 4 accounts\n"
    html = page.read_text(encoding="utf-8")
    assert "<script src" not in html and "http://" not in html and "https://" not in html
    assert "default-src 'none'" in html
    assert html.count("<tr") == 5  # the heading and four accounts


def test_map_text_is_inert_in_the_page(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(BETA.replace("name: Beta", "name: '<img src=x onerror=alert(1)>\"'"), encoding="utf-8")
    result = run(["portfolio", str(hostile), "--today", "2026-12-02", "-f", "html"])
    assert "<img" not in result.stdout and "&lt;img src=x onerror=alert(1)&gt;&quot;" in result.stdout


def test_no_history_is_only_for_the_page(folder: Path) -> None:
    result = run(["portfolio", str(folder), "--no-history"])
    assert result.exit_code == 2 and "--no-history is for --format html" in result.stderr


def test_an_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "nothing").mkdir()
    result = run(["portfolio", str(tmp_path / "nothing")])
    assert result.exit_code == 2 and "no maps found" in result.stderr


def test_text_wraps_in_a_narrow_terminal(folder: Path) -> None:
    result = run(["portfolio", str(folder), "--today", "2026-12-02"], env={"COLUMNS": "100"})
    assert result.exit_code == 1
    assert all(name in result.stdout for name in ("Broken Co", "Alpha", "Gamma", "Beta"))


def test_the_page_has_each_account_s_trend_from_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from .gitrepo import GitRepo

    repo = GitRepo.create(tmp_path / "repo")
    repo.commit({"maps/beta.yaml": BETA.replace("last: 2026-11-30", "last: 2026-06-01")}, "Beta", "2026-09-01")
    repo.commit({"maps/beta.yaml": BETA}, "Sam met Karin", "2026-11-30")
    repo.commit({"maps/alpha.yaml": ALPHA}, "Alpha", "2026-11-30")
    monkeypatch.chdir(repo.path)
    result = run(["portfolio", "maps", "--today", "2026-12-02", "-f", "html"])
    rows = result.stdout.split("<tbody>")[1].split("</tr>")
    beta = next(row for row in rows if "maps/beta.yaml" in row)
    assert "2026-09-01 to 2026-11-30: key players reached 1/1 -&gt; 1/1, red flags 0 -&gt; 0" in beta
    assert beta.count("<polyline") == 2
    alpha = next(row for row in rows if "maps/alpha.yaml" in row)
    assert "2026-11-30 to 2026-11-30" in alpha and alpha.count("<circle") == 2
    assert "no history" not in result.stdout
    plain = run(["portfolio", "maps", "--today", "2026-12-02", "-f", "html", "--no-history"])
    assert plain.stdout.count("no history") == 2


def test_the_account_of_a_broken_map_is_named_when_it_can_be(folder: Path) -> None:
    (folder / "broken.yaml").write_text(textwrap.dedent("relmap: 1\n: :\n"), encoding="utf-8")
    _, rows = accounts(str(folder))
    assert (rows[0]["account"], rows[0]["path"]) == (None, str(folder / "broken.yaml"))


def test_reports_are_written_beside_the_page_and_linked(folder: Path, tmp_path: Path) -> None:
    page = tmp_path / "review" / "portfolio.html"
    page.parent.mkdir()
    reports = tmp_path / "review" / "accounts"
    args = ["portfolio", str(folder), "--today", "2026-12-02", "-f", "html", "-o", str(page), "--reports", str(reports)]
    result = run(args)
    assert result.exit_code == 1
    assert f"wrote 3 reports into {reports}" in result.stderr
    assert sorted(p.name for p in reports.iterdir()) == ["alpha.html", "beta.html", "gamma.html"]
    html = page.read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', html)
    assert links == [("accounts/alpha.html", "Alpha"), ("accounts/gamma.html", "Gamma"), ("accounts/beta.html", "Beta")]
    assert "Account plan: Beta" in (reports / "beta.html").read_text(encoding="utf-8")


def test_report_names_take_folders_only_where_names_clash() -> None:
    from relmap_cli.cli.portfolio_cmd import report_names

    assert report_names(["maps/emea/acme.yaml", "maps/apac/acme.yaml", "maps/emea/beta.yml"]) == {
        "maps/emea/acme.yaml": "emea-acme.html",
        "maps/apac/acme.yaml": "apac-acme.html",
        "maps/emea/beta.yml": "beta.html",
    }


def test_names_that_clash_with_every_folder_in_get_a_number() -> None:
    from relmap_cli.cli.portfolio_cmd import report_names

    # sub-acme.yaml and sub/acme.yaml both make "sub-acme"; Acme.yaml and acme.yaml clash on macOS
    assert report_names(["maps/sub-acme.yaml", "maps/sub/acme.yaml", "maps/sub2/acme.yaml", "x/Acme.yaml"]) == {
        "maps/sub-acme.yaml": "maps-sub-acme.html",
        "maps/sub/acme.yaml": "maps-sub-acme-2.html",
        "maps/sub2/acme.yaml": "sub2-acme.html",
        "x/Acme.yaml": "x-Acme.html",
    }
    assert report_names(["a/acme.yaml", "A/acme.yaml"]) == {"a/acme.yaml": "a-acme-2.html", "A/acme.yaml": "A-acme.html"}


def test_reports_are_for_the_page_only(folder: Path, tmp_path: Path) -> None:
    result = run(["portfolio", str(folder), "--reports", str(tmp_path / "r")])
    assert result.exit_code == 2 and "--reports is for --format html" in result.stderr
