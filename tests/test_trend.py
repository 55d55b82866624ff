"""`relmap trend`: the account's health at every version of its map, read from real git repositories."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import run
from .gitrepo import GitRepo

V1 = """\
relmap: 1
account: {name: Acme, owner: kim, reviewed: 2026-03-01}
team:
  - {id: kim, name: Kim Park, function: sales, level: manager}
  - {id: chen, name: Li Chen, function: r-and-d, level: director}
client:
  - {id: maria, name: Maria Lopez, function: procurement, level: manager, roles: [decision-maker],
     stance: supporter, influence: 4}
  - {id: raj, name: Raj Patel, function: r-and-d, level: director, influence: 4}
relationships:
  - {from: kim, kind: knows, to: maria, strength: strong, last: 2026-02-20}
actions:
  - {id: a1, owner: chen, with: [raj], goal: Meet Raj, due: 2026-04-01}
"""
# Chen met Raj: a second thread; the action is done
V2 = V1.replace(
    "  - {from: kim, kind: knows, to: maria, strength: strong, last: 2026-02-20}\n",
    "  - {from: kim, kind: knows, to: maria, strength: strong, last: 2026-02-20}\n"
    "  - {from: chen, kind: knows, to: raj, strength: good, last: 2026-05-10}\n",
).replace("due: 2026-04-01}", "due: 2026-04-01, status: done}")
BROKEN = V2.replace("reviewed: 2026-03-01}", "reviewed: 2026-03-01, tier: 7}")
V5 = V2.replace("last: 2026-02-20", "last: 2026-07-20")
WORKING = V5 + "  - {id: a2, owner: kim, with: [maria], goal: Supply review, due: 2026-08-15}\n"

FIGURES = ("date", "status", "model", "reached", "key_players", "threads", "red_flags", "stale", "open", "overdue")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """A repository where the map appears in the second commit, is renamed, broken and fixed."""
    repo = GitRepo.create(tmp_path / "accounts")
    repo.commit({"README.md": "Our key accounts\n"}, "Start the account folder", "2026-01-05")
    repo.commit({"acme.yaml": V1}, "Acme: first map", "2026-03-01")
    repo.commit({"acme.yaml": V2}, "Chen met Raj", "2026-05-15")
    (repo.path / "maps").mkdir()
    repo.git("mv", "acme.yaml", "maps/acme.yaml")
    repo.commit({}, "Move the map into maps/", "2026-06-01")
    repo.commit({"maps/acme.yaml": BROKEN}, "Tier typo", "2026-07-01")
    repo.commit({"maps/acme.yaml": V5}, "Kim met Maria; fix the tier", "2026-08-01")
    monkeypatch.chdir(repo.path)
    return repo


def points(*args: str) -> list[dict[str, object]]:
    result = run(["trend", *args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    return list(document["points"])


def figures(point: dict[str, object]) -> tuple[object, ...]:
    return tuple(point[key] for key in FIGURES)


def test_one_point_per_commit_that_changed_the_map_judged_as_of_its_day(repo: GitRepo) -> None:
    found = points("maps/acme.yaml", "--today", "2026-08-20")
    assert [p["subject"] for p in found] == [
        "Acme: first map",
        "Chen met Raj",
        "Move the map into maps/",
        "Tier typo",
        "Kim met Maria; fix the tier",
    ]
    assert [figures(p) for p in found] == [
        # Raj is a pivot (influence 4, stance unknown) nobody reaches: a red flag
        ("2026-03-01", 3, "bow-tie", 1, 2, 1, 1, 0, 1, 0),
        # Chen reaches Raj, no red flag; Kim still holds 60% of the contact strength: a bow tie;
        # Kim last met Maria 84 days ago
        ("2026-05-15", 3, "bow-tie", 2, 2, 2, 0, 1, 0, 0),
        # the same map two weeks later, under its new name
        ("2026-06-01", 3, "bow-tie", 2, 2, 2, 0, 1, 0, 0),
        ("2026-07-01", None, None, None, None, None, None, None, None, None),
        ("2026-08-01", 3, "bow-tie", 2, 2, 2, 0, 0, 0, 0),
    ]
    assert found[3]["errors"] == 1
    assert all(len(str(p["commit"])) == 40 for p in found)


def test_uncommitted_changes_are_a_last_point_as_of_today(repo: GitRepo) -> None:
    (repo.path / "maps" / "acme.yaml").write_text(WORKING, encoding="utf-8")
    found = points("maps/acme.yaml", "--today", "2026-09-01")
    assert len(found) == 6
    assert found[-1]["commit"] is None and found[-1]["subject"] == "not committed yet"
    # and Chen last met Raj 114 days ago: past the 90 days of a good contact
    assert figures(found[-1]) == ("2026-09-01", 3, "bow-tie", 2, 2, 2, 0, 1, 1, 1)


def test_commits_after_today_are_left_out(repo: GitRepo) -> None:
    assert [p["date"] for p in points("maps/acme.yaml", "--today", "2026-05-31")] == ["2026-03-01", "2026-05-15"]


def test_last_keeps_the_newest_points(repo: GitRepo) -> None:
    assert [p["date"] for p in points("maps/acme.yaml", "--today", "2026-08-20", "--last", "2")] == [
        "2026-07-01",
        "2026-08-01",
    ]


def test_a_merged_branch_is_one_point_on_the_main_line(repo: GitRepo) -> None:
    repo.git("checkout", "-q", "-b", "review")
    repo.commit({"maps/acme.yaml": V5.replace("influence: 4}", "influence: 5}")}, "Raj is decisive", "2026-08-05")
    repo.commit(
        {"maps/acme.yaml": V5.replace("stance: supporter", "stance: champion")}, "Maria champions", "2026-08-06"
    )
    repo.git("checkout", "-q", "main")
    repo.commit({"README.md": "Our key accounts, reviewed\n"}, "Notes", "2026-08-07")
    repo.env.update(GIT_AUTHOR_DATE="2026-08-08T12:00:00+00:00", GIT_COMMITTER_DATE="2026-08-08T12:00:00+00:00")
    repo.git("merge", "-q", "--no-ff", "review", "-m", "Merge the August review")
    found = points("maps/acme.yaml", "--today", "2026-08-20")
    assert [p["subject"] for p in found][-2:] == ["Kim met Maria; fix the tier", "Merge the August review"]


def test_the_table_says_how_the_account_moved(repo: GitRepo) -> None:
    result = run(["trend", "maps/acme.yaml", "--today", "2026-08-20"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Acme: health at 5 versions of maps/acme.yaml"
    short = repo.git("rev-parse", "--short=7", "HEAD~1").strip()
    broken = next(number for number, line in enumerate(lines) if line.startswith("2026-07-01"))
    assert lines[broken].split() == ["2026-07-01", *["-"] * 7, "not", "a", "valid", "map", "(1", "error):", "Tier",
                                     "typo"]  # fmt: skip
    assert lines[broken + 1] == short  # the commit under its date
    assert (
        "From 2026-03-01 to 2026-08-01: key players reached 1/2 → 2/2, threads 1 → 2, red flags 1 → 0, "
        "stale key contacts 0 → 0, overdue actions 0 → 0." in " ".join(lines)
    )


def test_a_shallow_clone_is_said_plainly(repo: GitRepo, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo.path}", str(clone)], check=True, env=repo.env)
    result = run(["trend", str(clone / "maps" / "acme.yaml"), "--today", "2026-08-20", "-f", "json"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["shallow"] is True
    assert [p["date"] for p in document["points"]] == ["2026-07-01", "2026-08-01"]
    assert result.stderr == (
        "relmap: note: This is a shallow clone: the history starts at 2026-07-01, and anything before it is "
        "missing. Fetch the whole history for the full trend: git fetch --unshallow (in GitHub Actions: "
        "actions/checkout with fetch-depth: 0).\n"
    )
    table = run(["trend", str(clone / "maps" / "acme.yaml"), "--today", "2026-08-20"], env={"COLUMNS": "200"})
    assert "This is a shallow clone: the history starts at 2026-07-01" in table.stdout


def test_a_map_never_committed_is_one_working_tree_point(repo: GitRepo) -> None:
    (repo.path / "maps" / "borealis.yaml").write_text(V1.replace("name: Acme", "name: Borealis"), encoding="utf-8")
    found = points("maps/borealis.yaml", "--today", "2026-03-10")
    assert [(p["commit"], p["date"], p["reached"]) for p in found] == [(None, "2026-03-10", 1)]


def test_outside_a_repository_or_from_stdin_is_a_usage_error(tmp_path: Path) -> None:
    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / "acme.yaml").write_text(V1, encoding="utf-8")
    result = run(["trend", str(loose / "acme.yaml")], env={"GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert result.exit_code == 2
    assert result.stderr.startswith(f"relmap: error: {loose / 'acme.yaml'} is not inside a git repository")
    result = run(["trend", "-"], stdin=V1)
    assert result.exit_code == 2
    assert "trend reads the map's git history, so it needs a file, not standard input" in result.stderr


def test_a_missing_file_is_a_usage_error(repo: GitRepo) -> None:
    result = run(["trend", "maps/nowhere.yaml"])
    assert (result.exit_code, result.stderr) == (2, "relmap: error: no such file: maps/nowhere.yaml\n")


def test_the_chart_is_svg_with_a_line_per_series(repo: GitRepo, tmp_path: Path) -> None:
    target = tmp_path / "trend.svg"
    result = run(["trend", "maps/acme.yaml", "--today", "2026-08-20", "-f", "svg", "-o", str(target)])
    assert result.exit_code == 0 and result.stderr == f"wrote {target} (svg)\n"
    root = ET.fromstring(target.read_text(encoding="utf-8"))
    ns = {"s": "http://www.w3.org/2000/svg"}
    classes = [line.get("class") for line in root.iterfind(".//s:polyline", ns)]
    # the invalid version breaks every line in two
    assert sorted(set(classes)) == sorted(
        {"series-reached", "series-threads", "series-red-flags", "series-stale", "series-overdue"}
    )
    assert classes.count("series-reached") == 2
    texts = [text.text for text in root.iterfind(".//s:text", ns)]
    assert "Acme: health over 5 versions" in texts and "key players reached: 2 of 2" in texts


def test_history_is_read_with_a_fixed_number_of_git_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitRepo.create(tmp_path / "many")
    for day in range(1, 29):
        repo.commit({"acme.yaml": V1.replace("last: 2026-02-20", f"last: 2026-02-{day:02d}")}, f"day {day}",
                    f"2026-02-{day:02d}")  # fmt: skip
    monkeypatch.chdir(repo.path)
    calls: list[list[str]] = []
    real = subprocess.run

    def counting(args: list[str], *rest: object, **options: object) -> object:
        calls.append(list(args))
        return real(args, *rest, **options)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "run", counting)
    assert len(points("acme.yaml", "--today", "2026-03-01")) == 28
    # one log with every blob id, one batch read of the blobs (a plain .git folder is found without git)
    assert [call[:2] for call in calls] == [["git", "log"], ["git", "cat-file"]]


def test_a_worktree_or_a_git_dir_setting_asks_git_where_the_repository_is(
    repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["trend", "--today", "2026-08-20", "-f", "json"]
    expected = json.loads(run([*args, "maps/acme.yaml"]).stdout)["points"]
    repo.git("worktree", "add", "-q", str(tmp_path / "other"))  # its .git is a file
    calls = git_calls(monkeypatch)
    assert json.loads(run([*args, str(tmp_path / "other" / "maps" / "acme.yaml")]).stdout)["points"] == expected
    assert calls[0] == "rev-parse"
    calls.clear()
    monkeypatch.setenv("GIT_DIR", str(repo.path / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(repo.path))
    assert json.loads(run([*args, "maps/acme.yaml"]).stdout)["points"] == expected
    assert calls[0] == "rev-parse"


def test_the_readme_shows_what_trend_prints_on_this_repository(repo: GitRepo) -> None:
    import re
    import shlex

    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```console\n(.*?)```", readme, re.DOTALL) if "$ relmap trend " in b)
    command, _, expected = block.partition("\n")
    result = run(shlex.split(command.removeprefix("$ "))[1:], env={"COLUMNS": "100"})
    assert result.stdout + result.stderr == expected


# -- points kept between runs ------------------------------------------------------------------------
def git_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The git subcommands relmap runs from now on."""
    calls: list[str] = []
    real = subprocess.run

    def counting(args: list[str], *rest: object, **options: object) -> object:
        calls.append(args[1])
        return real(args, *rest, **options)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "run", counting)
    return calls


def test_a_second_run_reads_no_content_and_loads_no_map_yet_prints_the_same(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo.path / "maps" / "acme.yaml").write_text(WORKING, encoding="utf-8")
    args = ["trend", "maps/acme.yaml", "--today", "2026-09-01"]
    cold = [run([*args, "-f", fmt]).stdout for fmt in ("table", "json", "svg")]
    calls = git_calls(monkeypatch)
    import relmap_cli.load.loader as loader

    def no_loading(*_: object, **__: object) -> None:
        raise AssertionError("a kept point was loaded again")

    monkeypatch.setattr(loader, "load_source", no_loading)
    warm = [run([*args, "-f", fmt]).stdout for fmt in ("table", "json", "svg")]
    assert warm == cold
    # the log, and whether the edited file really differs (line-end filters)
    assert calls == ["log", "status"] * 3


def test_no_cache_judges_every_version_again(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["trend", "maps/acme.yaml", "--today", "2026-08-20", "-f", "json"]
    first = run(args).stdout
    calls = git_calls(monkeypatch)
    assert run([*args, "--no-cache"]).stdout == first
    assert calls == ["log", "cat-file"]


@pytest.mark.parametrize("spoil", ["not json", '{"fingerprint": "old", "entries": {}}', '{"fingerprint": 1}'])
def test_a_spoilt_or_foreign_cache_is_ignored(
    repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spoil: str
) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv("RELMAP_CACHE_DIR", str(folder))
    args = ["trend", "maps/acme.yaml", "--today", "2026-08-20", "-f", "json"]
    first = run(args).stdout
    (kept,) = (folder / "trend").iterdir()
    kept.write_text(spoil, encoding="utf-8")
    assert run(args).stdout == first
    # and a value that is not a point relmap wrote is judged again, not trusted
    import json as json_module

    document = json_module.loads(kept.read_text(encoding="utf-8"))
    document["entries"] = {key: {"bogus": True} for key in document["entries"]}
    kept.write_text(json_module.dumps(document), encoding="utf-8")
    assert run(args).stdout == first


def test_a_cache_that_cannot_be_written_changes_nothing(
    repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("RELMAP_CACHE_DIR", str(blocked))
    result = run(["trend", "maps/acme.yaml", "--today", "2026-08-20", "-f", "json"])
    assert result.exit_code == 0 and result.stderr == ""
    monkeypatch.delenv("RELMAP_CACHE_DIR")
    monkeypatch.setenv("RELMAP_NO_CACHE", "1")
    assert run(["trend", "maps/acme.yaml", "--today", "2026-08-20", "-f", "json"]).stdout == result.stdout


def test_new_relmap_code_does_not_trust_old_points(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    import relmap_cli.files.cache as cache

    args = ["trend", "maps/acme.yaml", "--today", "2026-08-20", "-f", "json"]
    first = run(args).stdout
    monkeypatch.setattr(cache, "fingerprint", lambda: "another relmap")
    calls = git_calls(monkeypatch)
    assert run(args).stdout == first
    assert calls == ["log", "cat-file"]
