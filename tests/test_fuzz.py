"""The loader on raw bytes and odd inputs: no exception escapes, cost stays bounded."""

from __future__ import annotations

import os
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
