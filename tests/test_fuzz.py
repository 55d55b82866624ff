"""The loader on raw bytes and odd inputs: no exception escapes, cost stays bounded."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relmap_cli.load.loader import decode_source, load_source

from .conftest import ROOT, run

FRAGMENTS = st.sampled_from(
    [
        "relmap: 1\n",
        "account:\n",
        "  name: x\n",
        "  owner: k\n",
        "team:\n",
        "client:\n",
        "relationships:\n",
        "  - ",
        "{",
        "}",
        "[",
        "]",
        ", ",
        ": ",
        "id: ",
        "k",
        "name: N",
        "from: k",
        "to: c",
        "kind: knows",
        "reports_to: ",
        "&a ",
        "*a",
        "!!int ",
        "? ",
        "|\n",
        ">\n",
        "'",
        '"',
        "#",
        "\t",
        "\r\n",
        "\ufeff",
        "2026-02-30",
        "placeholder: yes",
        "\x00",
        "\x85",
        "\u2028",
        "é",
        "---\n",
        "...\n",
        "%YAML 1.1\n",
    ]
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(data: bytes) -> None:
    loaded = load_source(decode_source("fuzz.yaml", data))
    assert loaded.model is not None or loaded.problems


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FRAGMENTS, max_size=60).map("".join))
def test_yaml_like_fragments_never_raise(text: str) -> None:
    loaded = load_source(decode_source("fuzz.yaml", text.encode("utf-8", "surrogatepass")))
    assert loaded.model is not None or loaded.problems
    for problem in loaded.problems:
        assert problem.line >= 1 and problem.column >= 1


def test_an_alias_bomb_is_never_expanded() -> None:
    bomb = "relmap: 1\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(20)
    )
    loaded = load_source(decode_source("bomb.yaml", bomb.encode()))
    # 9 ** 21 nodes if expanded; reported instead, one alias error per anchor
    assert len([p for p in loaded.problems if p.rule == "alias"]) == 41


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.truncate(40 * 1024 * 1024)  # 40 MiB of zeros, sparse
    result = run(["validate", str(path)])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}:1:1: error: file is 41,943,040 bytes, over the 33,554,432-byte limit for a map; "
        "raise it with RELMAP_MAX_BYTES if this really is one account [file-too-large]\n"
    )


def test_long_names_and_thousands_of_relationships_on_one_person(tmp_path: Path) -> None:
    clients = "".join(f"  - {{id: c{i}, name: C{i}}}\n" for i in range(3000))
    rels = "".join(f"  - {{from: hub, kind: influences, to: c{i}}}\n" for i in range(3000))
    text = (
        f"relmap: 1\naccount: {{name: {'A' * 200_000}, owner: kim}}\nteam:\n  - {{id: kim, name: K}}\n"
        f"client:\n  - {{id: hub, name: Hub, roles: [decision-maker]}}\n{clients}relationships:\n{rels}"
    )
    path = tmp_path / "wide.yaml"
    path.write_text(text, encoding="utf-8")
    assert run(["validate", str(path)]).exit_code == 0
    result = run(["sequence", str(path), "--strategy", "pyramid", "--format", "json"])
    assert result.exit_code == 0
    assert '"person": "hub"' in result.stdout.split("\n", 8)[6]


@pytest.mark.parametrize("depth", [65, 3000, 200_000])
def test_deep_nesting_is_a_located_error(tmp_path: Path, depth: int) -> None:
    # The same answer on every PyYAML the ranges admit: libyaml 6.0.4 stops at
    # 1,000 levels with its own message, 6.0.1-6.0.3 scan deep flow quadratically.
    path = tmp_path / "deep.yaml"
    path.write_text("relmap: 1\naccount: " + "[" * depth + "]" * depth + "\n")
    started = time.perf_counter()
    result = run(["validate", str(path)])
    assert time.perf_counter() - started < 10  # bounded: the parse stops at the limit
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}:2:73: error: lists and mappings nested more than 64 levels deep; "
        "a map never needs more than six [too-deep]\n"
    )


def test_closed_stdin_is_an_empty_map_not_a_crash() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "relmap_cli", "validate", "-"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        preexec_fn=lambda: os.close(0),
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == "<stdin>:1:1: error: the file is empty; a map starts with 'relmap: 1' [empty]\n"
    assert "Traceback" not in result.stderr


# -- bounds on what one file can cost ------------------------------------------------------
def test_a_file_full_of_mistakes_lists_200_problems_and_counts_the_rest(tmp_path: Path) -> None:
    people = "".join(f"  - {{id: p{i}, nme: P, stance: fan, influence: 9}}\n" for i in range(20_000))
    path = tmp_path / "mistakes.yaml"
    path.write_text(f"relmap: 1\naccount: {{name: A, owner: kim}}\nteam: [{{id: kim, name: K}}]\nclient:\n{people}")
    result = run(["validate", str(path)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 201
    assert lines[:4] == [
        f"{path}:5:5: error: client person 'p0' needs 'name' (or 'placeholder: true' for a position not yet filled) "
        "[missing-key]",
        f"{path}:5:14: error: unknown key 'nme' in client person 'p0' (did you mean 'name'?) [unknown-key]",
        f"{path}:5:30: error: stance 'fan' is not allowed: use 'champion', 'supporter', 'neutral', 'detractor' "
        "or 'unknown' [value]",
        f"{path}:5:46: error: influence must be at most 5, not 9 [value]",
    ]
    assert lines[200] == (
        f"{path}:55:5: error: 79,800 more problems from here on are not listed (relmap lists the first 200 "
        "of a file); fix these and run again [too-many-problems]"
    )
    assert result.stderr == "1 map checked: 1 invalid, 80,000 errors\n"


def test_the_problem_log_keeps_the_first_problems_by_place_whatever_the_order_found() -> None:
    from relmap_cli.load.problems import Problem, ProblemLog, Severity

    log = ProblemLog(limit=3)
    for line in (9, 2, 7, 1, 8, 3, 6, 5, 4, 10):
        log.append(Problem("f", line, 1, "r", "m", Severity.WARNING if line % 2 else Severity.ERROR))
    other = ProblemLog([Problem("f", 0, 1, "x", "earliest")], limit=3)
    log.extend(other)
    capped = pickle.loads(pickle.dumps(log.capped()))  # as it comes back from a worker of `check`
    assert [(p.line, p.rule) for p in capped] == [(0, "x"), (1, "r"), (2, "r"), (3, "too-many-problems")]
    assert capped[-1].message.startswith("8 more problems from here on")
    assert capped[-1].severity == Severity.ERROR  # the worst of those left out
    assert capped.total == 11
    assert not log.listed("f", 11, 1) and log.listed("f", 2, 5)


def _hint_storm(ids: int, typos: int) -> str:
    people = "".join(f"  - {{id: person-{i:06d}, name: P}}\n" for i in range(ids))
    # a digit dropped from every reference: each is unknown, each gets a hint
    refs = "".join(
        f"  - {{from: person-{i:06d}, kind: influences, to: person-{(i * 7919) % ids:06d}-x}}\n" for i in range(typos)
    )
    head = "relmap: 1\naccount: {name: A, owner: kim}\nteam: [{id: kim, name: K}]\n"
    return f"{head}client:\n{people}relationships:\n{refs}"


def test_did_you_mean_hints_do_not_compare_with_every_id(tmp_path: Path) -> None:
    path = tmp_path / "storm.yaml"
    path.write_text(_hint_storm(20_000, 200))
    started = time.perf_counter()
    result = run(["validate", str(path)])
    assert time.perf_counter() - started < 30  # comparing every typo with every id took minutes
    lines = result.stdout.splitlines()
    assert len(lines) == 200
    assert lines[1].endswith(
        "influences to 'person-007919-x' is not defined (did you mean 'person-007919'?) [unknown-ref]"
    )
    assert all("(did you mean 'person-" in line for line in lines)


def test_the_suggester_finds_what_difflib_finds_among_few_words_and_typos_among_many() -> None:
    import difflib

    from relmap_cli.load.hints import Suggester

    few = ["maria", "anna", "schmidt", "li-chen", "raj"]
    for word in ("mraia", "chen", "schmit", "ana", "zzz", "Maria"):
        expected = difflib.get_close_matches(word, sorted(few), n=1, cutoff=0.6)
        assert Suggester(few).closest(word) == (expected[0] if expected else None)
    many = Suggester([f"contact-{i:05d}" for i in range(50_000)] + ["maria-lopez", "eva-schmidt"])
    assert many.closest("maria-lopes") == "maria-lopez"  # a typo at the end
    assert many.closest("mmaria-lopez") == "maria-lopez"  # a character too many
    assert many.closest("xva-schmidt") == "eva-schmidt"  # a typo at the start
    found = many.closest("contact-1234")  # a digit left out: one of the ids with one more
    assert found is not None and any(found[:i] + found[i + 1 :] == "contact-1234" for i in range(len(found)))
    assert many.closest("q" * 65) is None  # nobody mistypes a word that long
