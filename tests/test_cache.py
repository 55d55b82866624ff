"""The results `check`, `validate` and `portfolio` keep per map never change what they print."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from relmap_cli.files.cache import ResultCache, fingerprint

from .conftest import DATA, EXAMPLES, run

COMMANDS = [
    ["validate"],
    ["validate", "--format", "json"],
    ["check", "--today", "2026-11-23"],
    ["check", "--today", "2026-11-23", "--format", "github", "--fail-on", "warning"],
    ["check", "--today", "2027-03-01", "--strong-days", "30", "--format", "json"],
    ["check", "--today", "2026-11-23", "--jobs", "2"],
    ["portfolio", "--today", "2026-11-23"],
    ["portfolio", "--today", "2026-11-23", "--format", "json"],
]
CORPORA = [DATA / "accounts", DATA / "valid", DATA / "invalid", DATA / "hostile", EXAMPLES]


def outcome(args: list[str]) -> tuple[int, str, str]:
    result = run(args)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_results_are_the_same_with_and_without_the_cache(command: list[str], in_root: Path, tmp_path: Path) -> None:
    folders = [str(corpus.relative_to(in_root)) for corpus in CORPORA]
    cache = ["--cache-dir", str(tmp_path / "cache")]
    plain = outcome([*command, *folders, "--no-cache"])
    assert plain[0] in (0, 1) and plain[1]
    filling = outcome([*command, *folders, *cache])
    kept = outcome([*command, *folders, *cache])
    assert filling == plain
    assert kept == plain
    # one folder on its own, from the same store, and then the whole lot again
    alone = outcome([*command, folders[0], *cache])
    assert alone == outcome([*command, folders[0], "--no-cache"])
    assert outcome([*command, *folders, *cache]) == plain
    assert list((tmp_path / "cache" / "results").glob("*.pickle"))


def test_a_changed_map_is_judged_again(tmp_path: Path) -> None:
    source = (EXAMPLES / "acme.yaml").read_text(encoding="utf-8")
    target = tmp_path / "acme.yaml"
    target.write_text(source, encoding="utf-8")
    args = ["validate", str(target), str(EXAMPLES / "halden-paper.yaml")]
    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert run([*args, *cache]).exit_code == 0
    target.write_text(source.replace("reports_to: anna", "reports_to: nobody", 1), encoding="utf-8")
    changed = run([*args, *cache])
    assert changed.exit_code == 1
    assert "nobody" in changed.stdout
    assert changed.stdout == run([*args, "--no-cache"]).stdout


def test_one_map_is_judged_without_a_store(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    for command in (["check", "--today", "2026-11-23"], ["validate"], ["portfolio", "--today", "2026-11-23"]):
        assert run([*command, str(EXAMPLES / "acme.yaml"), "--cache-dir", str(folder)]).exit_code == 0
    assert not folder.exists()


def test_no_cache_keeps_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    assert run(["check", "--today", "2026-11-23", str(EXAMPLES), "--no-cache"]).exit_code == 1
    assert run(["validate", str(EXAMPLES), "--no-cache"]).exit_code == 0
    assert run(["validate", str(EXAMPLES)], env={"RELMAP_CACHE_DIR": str(folder), "RELMAP_NO_CACHE": "1"}).exit_code == 0
    assert not folder.exists()


def _store(folder: Path) -> Path:
    (store,) = (folder / "results").glob("*.pickle")
    return store


def _planted(folder: Path, entries: dict[str, object], print_: str) -> Path:
    """Replace the one store under `folder` with `entries` written under fingerprint `print_`."""
    store = _store(folder)
    store.write_bytes(pickle.dumps(print_) + pickle.dumps(entries))
    os.chmod(store, 0o600)
    return store


def _lying_entries() -> dict[str, object]:
    """An entry for examples/acme.yaml that says something no run would."""
    from relmap_cli.load.problems import Problem
    from relmap_cli.render.findings import FileReport

    path = str(EXAMPLES / "acme.yaml")
    key = ResultCache.key(path, (EXAMPLES / "acme.yaml").read_text(encoding="utf-8"))
    return {key: FileReport(path, "Planted", [Problem(path, 1, 1, "planted", "planted finding")])}


def test_a_store_from_another_relmap_is_not_trusted(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    args = ["validate", str(EXAMPLES / "acme.yaml"), str(EXAMPLES / "halden-paper.yaml"), "--cache-dir", str(folder)]
    assert run(args).exit_code == 0
    _planted(folder, _lying_entries(), "another version")
    result = run(args)
    assert (result.exit_code, "planted" in result.stdout) == (0, False)
    # the same entry under this relmap's own fingerprint is used: the test above proves something
    _planted(folder, _lying_entries(), fingerprint())
    assert "planted finding" in run(args).stdout


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file modes are POSIX")
def test_a_store_others_may_write_is_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    args = ["validate", str(EXAMPLES / "acme.yaml"), str(EXAMPLES / "halden-paper.yaml"), "--cache-dir", str(folder)]
    assert run(args).exit_code == 0
    store = _planted(folder, _lying_entries(), fingerprint())
    os.chmod(store, 0o666)
    result = run(args)
    assert (result.exit_code, "planted" in result.stdout) == (0, False)


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05truncated"])
def test_a_damaged_store_is_an_empty_one(tmp_path: Path, damage: bytes) -> None:
    folder = tmp_path / "cache"
    args = ["check", "--today", "2026-11-23", str(EXAMPLES), "--cache-dir", str(folder)]
    first = outcome(args)
    _store(folder).write_bytes(damage)
    assert outcome(args) == first
    assert outcome(args) == first


def test_a_cache_that_cannot_be_written_changes_nothing(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("in the way", encoding="utf-8")
    args = ["check", "--today", "2026-11-23", str(EXAMPLES)]
    assert outcome([*args, "--cache-dir", str(blocked)]) == outcome([*args, "--no-cache"])


def test_the_digests_without_openssl_are_hashlibs() -> None:
    import hashlib

    from relmap_cli.files import digest

    data = "Ünïcode and bytes\0".encode() * 1000
    assert digest.sha1(data, usedforsecurity=False).hexdigest() == hashlib.sha1(data).hexdigest()
    assert digest.sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
    assert digest.blake2b(data, digest_size=16).hexdigest() == hashlib.blake2b(data, digest_size=16).hexdigest()
