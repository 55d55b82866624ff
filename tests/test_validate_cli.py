"""`relmap validate` as a user and a CI job run it: formats, paths, exit codes."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

from .conftest import ROOT, run

BROKEN = """\
relmap: 1
account:
  name: Acme
  owner: kim
team:
  - {id: kim, name: Kim Park}
client:
  - {id: maria, name: Maria, stance: fan}
"""


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def test_json_format_has_the_documented_shape(broken: Path) -> None:
    result = run(["validate", str(broken), "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "files": [
            {
                "path": str(broken),
                "account": "Acme",
                "findings": [
                    {
                        "rule": "value",
                        "severity": "error",
                        "line": 8,
                        "column": 38,
                        "message": "stance 'fan' is not allowed: use 'champion', 'supporter', 'neutral', "
                        "'detractor' or 'unknown'",
                    }
                ],
            }
        ]
    }


def test_json_lists_valid_files_with_no_findings(in_root: Path) -> None:
    result = run(["validate", "examples/starter.yaml", "-f", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "files": [{"path": "examples/starter.yaml", "account": "Nordwind Adhesives", "findings": []}]
    }


def test_github_format_prints_one_annotation_per_error(broken: Path) -> None:
    result = run(["validate", str(broken), "--format", "github"])
    assert result.exit_code == 1
    assert result.stdout == (
        f"::group::{broken}: 1 error\n"
        f"::error file={broken},line=8,col=38,title=relmap value::{broken}:8:38: stance 'fan' is not allowed: "
        "use 'champion', 'supporter', 'neutral', 'detractor' or 'unknown'\n"
        "::endgroup::\n"
    )


def test_stdin_is_read_for_dash() -> None:
    result = run(["validate", "-"], stdin=BROKEN)
    assert result.exit_code == 1
    assert result.stdout.startswith("<stdin>:8:38: error: stance 'fan' is not allowed")


def test_stdin_valid_map_exits_0() -> None:
    result = run(["validate", "-"], stdin="relmap: 1\naccount: {name: A, owner: k}\nteam: [{id: k, name: K}]\n")
    assert result.exit_code == 0
    assert result.stderr == "1 map checked: all valid\n"


def test_all_errors_of_all_files_in_one_run(tmp_path: Path, broken: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text("relmap: 1\naccount: {name: B, owner: nobody}\n", encoding="utf-8")
    result = run(["validate", str(broken), str(other)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{broken}:8:38: error: stance 'fan' is not allowed: use 'champion', 'supporter', 'neutral', "
        "'detractor' or 'unknown' [value]",
        f"{other}:2:27: error: owner 'nobody' is not defined [unknown-ref]",
    ]
    assert result.stderr == "2 maps checked: 2 invalid, 2 errors\n"


def test_directory_skips_yaml_that_is_not_a_map(tmp_path: Path) -> None:
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "acme.yml").write_text("relmap: 1\naccount: {name: A, owner: k}\nteam: [{id: k, name: K}]\n")
    (tmp_path / "maps" / "ci.yaml").write_text("on: push\njobs: {}\n")
    (tmp_path / "maps" / "notes.txt").write_text("relmap: 1\n")
    (tmp_path / "maps" / ".hidden").mkdir()
    (tmp_path / "maps" / ".hidden" / "x.yaml").write_text("relmap: 2\n")
    result = run(["validate", str(tmp_path / "maps")])
    assert result.exit_code == 0
    assert result.stderr == "1 map checked: all valid\n"


def test_a_file_named_explicitly_must_be_a_map(tmp_path: Path) -> None:
    path = tmp_path / "ci.yaml"
    path.write_text("on: push\n")
    result = run(["validate", str(path)])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}:1:1: error: missing 'relmap: 1' (the format version) at the top of the map [version]\n"
    )


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = run(["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"relmap: error: no such file or directory: {tmp_path / 'nope.yaml'}\n"


def test_directory_without_maps_is_a_usage_error(tmp_path: Path) -> None:
    result = run(["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert "no maps found in" in result.stderr


def test_unknown_format_is_a_usage_error(broken: Path) -> None:
    result = run(["validate", str(broken), "--format", "xml"])
    assert result.exit_code == 2


def test_no_paths_is_a_usage_error() -> None:
    assert run(["validate"]).exit_code == 2


def test_size_limit_option_and_environment(tmp_path: Path, broken: Path) -> None:
    result = run(["validate", str(broken), "--max-bytes", "100"])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{broken}:1:1: error: file is {len(BROKEN):,} bytes, over the 100-byte limit for a map; "
        "raise it with --max-bytes if this really is one account [file-too-large]\n"
    )
    result = run(["validate", str(broken)], env={"RELMAP_MAX_BYTES": "50"})
    assert result.stdout == (
        f"{broken}:1:1: error: file is {len(BROKEN):,} bytes, over the 50-byte limit for a map; "
        "raise it with RELMAP_MAX_BYTES if this really is one account [file-too-large]\n"
    )
    result = run(["validate", "-", "--max-bytes", "10"], stdin=BROKEN)
    assert result.stdout.startswith("<stdin>:1:1: error: file is 11 bytes, over the 10-byte limit")


@pytest.mark.parametrize("value", ["abc", "0", "-1", "1e6", "99999999999999999999999"])
@pytest.mark.parametrize("command", ["validate", "check", "gaps"])
def test_an_unusable_size_limit_in_the_environment_is_a_usage_error(value: str, command: str, broken: Path) -> None:
    result = run([command, str(broken)], env={"RELMAP_MAX_BYTES": value})
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"relmap: error: RELMAP_MAX_BYTES must be a number of bytes from 1 to 2147483648, not '{value}'\n"
    )


@pytest.mark.parametrize("command", ["validate", "check"])
def test_a_size_limit_option_beyond_2_gib_is_a_usage_error(command: str, broken: Path) -> None:
    result = run([command, str(broken), "--max-bytes", "99999999999999999999999"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert "is not in the range 1<=x<=2147483648" in result.stderr


def test_default_limit_admits_25_megabytes() -> None:
    from relmap_cli.load.loader import DEFAULT_MAX_BYTES

    assert DEFAULT_MAX_BYTES >= 25 * 1000 * 1000


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_an_unreadable_file_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.yaml"
    path.write_text("relmap: 1\n")
    path.chmod(0)
    try:
        result = run(["validate", str(path)])
    finally:
        path.chmod(0o644)
    assert result.exit_code == 1
    assert result.stdout == f"{path}:1:1: error: cannot read the file: Permission denied [read-error]\n"


def test_a_path_that_is_a_directory_holding_only_other_files(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").mkdir()  # a directory named like a map: walked, holds nothing
    result = run(["validate", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2
    assert "no maps found in" in result.stderr


def test_version_and_bare_command_show_help() -> None:
    from relmap_cli import __version__

    assert run(["--version"]).stdout == f"relmap {__version__}\n"
    result = run([])
    assert (result.exit_code, result.stdout) == (2, "")  # a command is missing: a usage error
    assert "Usage: relmap [OPTIONS] COMMAND" in result.stderr
    for command in ("validate", "schema", "init"):
        assert f"  {command} " in result.stderr


def test_mistyped_command_suggests_the_right_one() -> None:
    result = run(["valdate", "x.yaml"])
    assert result.exit_code == 2
    assert "No such command 'valdate'. Did you mean 'validate'?" in result.stderr


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\x01\x02",
        b"\xff\xfe\x00r\x00e",
        b"\xef\xbb\xbf",
        b"[[[[",
        b"relmap: 1\n\t- x",
        b"\x1b[31m: x",
        b"relmap: 1\naccount: *x\n",
        b"? ? ? a\n",
        b"relmap: 1\naccount:\n  name: [\n",
    ],
)
def test_garbage_never_crashes(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "garbage.yaml"
    path.write_bytes(content)
    result = run(["validate", str(path)])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path}:")
    assert "\x1b" not in result.stdout


def test_only_maps_skips_named_files_that_are_not_maps(tmp_path: Path, broken: Path) -> None:
    ci = tmp_path / "ci.yaml"
    ci.write_text("on: push\njobs: {}\n")
    result = run(["validate", str(ci), "--only-maps"])
    assert result.exit_code == 0
    assert result.stderr == "no maps among the files given: nothing to check\n"
    result = run(["validate", str(ci), str(broken), "--only-maps"])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{broken}:8:38: error: stance 'fan' is not allowed")
    assert result.stderr == "1 map checked: 1 invalid, 1 error\n"


def test_standard_input_named_twice_is_a_usage_error() -> None:
    result = run(["validate", "-", "-"], stdin="relmap: 1\n")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "relmap: error: - (standard input) can be named only once\n"


def test_a_broken_symbolic_link_is_a_usage_error_like_a_missing_file(tmp_path: Path) -> None:
    link = tmp_path / "acme.yaml"
    link.symlink_to("moved.yaml")
    result = run(["validate", str(link)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"relmap: error: {link} is a broken symbolic link: moved.yaml does not exist\n"


@pytest.mark.parametrize(
    ("command", "code", "stderr"),
    [
        ("validate examples/acme.yaml --format json", 2, "standard output is closed"),
        ("gaps examples/acme.yaml", 2, "standard output is closed"),
        ("--version", 2, "standard output is closed"),
        ("validate examples/acme.yaml", 0, "1 map checked: all valid"),  # nothing to print but the summary
    ],
)
def test_a_closed_standard_output_is_reported_not_a_crash(command: str, code: int, stderr: str) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        f"'{sys.executable}' -m relmap_cli {command} >&-",
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == code
    assert stderr in result.stderr
    assert "internal error" not in result.stderr


# -- folder scans: what is a map, what is skipped ------------------------------------------
MAP = "relmap: 1\naccount: {name: A, owner: k}\nteam: [{id: k, name: K}]\n"


def test_a_folder_scan_reads_regular_files_only_and_says_what_it_skipped(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    maps.mkdir()
    (maps / "acme.yaml").write_text(MAP)
    os.mkfifo(maps / "fifo.yaml")  # would block the scan forever if it were opened for reading
    (maps / "zero.yaml").symlink_to("/dev/zero")  # would be read to the size limit
    (maps / "gone.yaml").symlink_to("moved.yaml")
    result = run(["validate", str(maps)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        f"skipped {maps / 'fifo.yaml'}: not a regular file (a named pipe)\n"
        f"skipped {maps / 'gone.yaml'}: a broken symbolic link\n"
        f"skipped {maps / 'zero.yaml'}: not a regular file (a device)\n"
        "1 map checked: all valid\n"
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("pretty.json.yaml", b'{\n  "relmap": 1,\n  "account": {"name": "A", "owner": "k"},\n  "team": []\n}\n'),
        ("document.yaml", b"--- {relmap: 1, account: {name: A, owner: k}}\n"),
        ("old-mac.yaml", b"# exported\rrelmap: 1\raccount: {name: A, owner: k}\r"),
        ("complex-key.yaml", b"? relmap\n: 1\naccount: {name: A, owner: k}\n"),
        ("escaped.yaml", b'"\\x72elmap": 1\naccount: {name: A, owner: k}\n'),
        ("tagged.yaml", b"!!str relmap: 1\naccount: {name: A, owner: k}\n"),
        ("ACME.YAML", b"relmap: 1\naccount: {name: A, owner: k}\n"),
        ("acme.YML", b"relmap: 1\naccount: {name: A, owner: k}\n"),
        ("late-key.yaml", b"account: {name: A, owner: k}\nteam: []\nrelmap: 1\n"),
        ("broken-then-key.yaml", b"account: {name: [A\nrelmap: 1\n"),  # YAML cannot tell: the relmap line does
    ],
)
def test_a_folder_scan_finds_every_real_map(tmp_path: Path, name: str, content: bytes) -> None:
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / name).write_bytes(content)
    result = run(["validate", str(tmp_path / "maps"), "--format", "json"])
    assert result.exit_code in (0, 1)
    assert [entry["path"] for entry in json.loads(result.stdout)["files"]] == [str(tmp_path / "maps" / name)]
    assert result.stderr.startswith("1 map checked: ")


NOT_MAPS = [
    ("config.yaml", "name: Café Zürich\nport: 8080\n".encode("latin-1")),  # another program's latin-1 config
    ("data.yaml", b"\x00\x01\x02binary\x00"),  # a NUL byte
    ("notes.yaml", "owner: kim\nmeeting: Friday\n".encode("utf-16")),
]


def _write_lockfile(folder: Path) -> Path:
    lock = folder / "pnpm-lock.yaml"  # a lockfile over the size limit
    with open(lock, "wb") as handle:
        handle.write(b"lockfileVersion: '9.0'\nimporters:\n")
        handle.truncate(33 * 1024 * 1024)
    return lock


def test_a_folder_scan_skips_files_that_are_not_maps(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    maps.mkdir()
    (maps / "acme.yaml").write_text(MAP)
    for name, content in NOT_MAPS:
        (maps / name).write_bytes(content)
    _write_lockfile(maps)
    result = run(["validate", str(maps)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "1 map checked: all valid\n")


def test_only_maps_skips_named_files_that_are_not_text_or_too_large(tmp_path: Path) -> None:
    named = []
    for name, content in NOT_MAPS:
        (tmp_path / name).write_bytes(content)
        named.append(str(tmp_path / name))
    named.append(str(_write_lockfile(tmp_path)))
    result = run(["validate", "--only-maps", *named])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "no maps among the files given: nothing to check\n"


def test_a_map_that_is_not_utf8_or_too_large_is_still_reported(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    maps.mkdir()
    (maps / "latin1.yaml").write_bytes("relmap: 1\naccount: {name: Café, owner: k}\n".encode("latin-1"))
    (maps / "bom-latin1.yaml").write_bytes(b"\xef\xbb\xbf" + (maps / "latin1.yaml").read_bytes())
    (maps / "utf16.yaml").write_bytes("relmap: 1\naccount: {name: A, owner: k}\n".encode("utf-16"))
    with open(maps / "huge.yaml", "wb") as handle:
        handle.write(b"relmap: 1\naccount: {name: A, owner: k}\nclient:\n")
        handle.truncate(33 * 1024 * 1024)
    result = run(["validate", str(maps)])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{maps / 'bom-latin1.yaml'}:2:20: error: the file is not UTF-8: byte 0xE9 cannot start a character here; "
        "save it as UTF-8 [encoding]\n"
        f"{maps / 'huge.yaml'}:1:1: error: file is 34,603,008 bytes, over the 33,554,432-byte limit for a map; "
        "raise it with RELMAP_MAX_BYTES if this really is one account [file-too-large]\n"
        f"{maps / 'latin1.yaml'}:2:20: error: the file is not UTF-8: byte 0xE9 cannot start a character here; "
        "save it as UTF-8 [encoding]\n"
        f"{maps / 'utf16.yaml'}:1:1: error: the file is UTF-16 text, not UTF-8: save it as UTF-8 [encoding]\n"
    )


@pytest.mark.parametrize("mark", [b"", b"\xef\xbb\xbf"], ids=["plain", "byte-order mark"])
@pytest.mark.parametrize(
    ("content", "located"),
    [
        (b"relmap: 1\xff\n", "1:10: error: the file is not UTF-8: byte 0xFF cannot start a character here"),
        (b"relmap: 1 \x00\n", "1:11: error: this is a binary file, not YAML text (NUL byte)"),
    ],
    ids=["not UTF-8", "NUL"],
)
def test_a_byte_order_mark_takes_no_column(tmp_path: Path, mark: bytes, content: bytes, located: str) -> None:
    path = tmp_path / "map.yaml"
    path.write_bytes(mark + content)
    result = run(["validate", str(path)])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path}:{located}")


@pytest.mark.parametrize(("codec", "named"), [("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"),
                                              ("utf-32-le", "UTF-32"), ("utf-32-be", "UTF-32")])  # fmt: skip
def test_utf16_and_utf32_without_a_byte_order_mark_are_named_and_found_by_a_folder_scan(
    tmp_path: Path, codec: str, named: str
) -> None:
    maps = tmp_path / "maps"
    maps.mkdir()
    (maps / "acme.yaml").write_bytes("relmap: 1\naccount: {name: A, owner: k}\n".encode(codec))
    result = run(["validate", str(maps)])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{maps / 'acme.yaml'}:1:1: error: the file is {named} text (without a byte-order mark), not UTF-8: "
        "save it as UTF-8 [encoding]\n"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any folder")
def test_a_folder_that_cannot_be_read_is_said(tmp_path: Path) -> None:
    (tmp_path / "maps" / "locked").mkdir(parents=True)
    (tmp_path / "maps" / "acme.yaml").write_text(MAP)
    (tmp_path / "maps" / "locked").chmod(0)
    try:
        result = run(["validate", str(tmp_path / "maps")])
    finally:
        (tmp_path / "maps" / "locked").chmod(0o755)
    assert result.stderr.splitlines()[0] == (
        f"skipped {tmp_path / 'maps' / 'locked'}: cannot read the folder: Permission denied"
    )


def test_the_walk_reports_a_folder_it_cannot_list(tmp_path: Path) -> None:
    from relmap_cli.load.loader import Skipped, _walk

    skipped: list[Skipped] = []
    assert list(_walk(tmp_path / "gone", skipped)) == []
    assert skipped == [Skipped(str(tmp_path / "gone"), "cannot read the folder: No such file or directory")]


def test_a_folder_scan_reaches_any_depth() -> None:
    # Outside pytest's own temporary folders, which it removes recursively and so could not remove.
    top = Path(tempfile.mkdtemp(prefix="relmap-deep-"))
    deep = top
    for _ in range(1200):  # deeper than Python's recursion limit
        deep = deep / "d"
        os.mkdir(deep)
    (deep / "acme.yaml").write_text(MAP)
    try:
        result = run(["validate", str(top / "d"), "--format", "json"])
    finally:  # from the bottom up
        (deep / "acme.yaml").unlink()
        while deep != top.parent:
            deep.rmdir()
            deep = deep.parent
    assert result.exit_code == 0
    found = [entry["path"] for entry in json.loads(result.stdout)["files"]]
    assert found == [str(top.joinpath(*["d"] * 1200, "acme.yaml"))]


def test_an_annotation_group_counts_the_problems_past_the_200_listed(tmp_path: Path) -> None:
    people = "".join(f"  - {{id: p{i}, name: P, stance: fan}}\n" for i in range(250))
    path = tmp_path / "many.yaml"
    path.write_text(f"relmap: 1\naccount: {{name: A, owner: kim}}\nteam: [{{id: kim, name: K}}]\nclient:\n{people}")
    lines = run(["validate", str(path), "--format", "github"]).stdout.splitlines()
    assert lines[0] == f"::group::{path}: 250 errors"
    assert len(lines) == 1 + 201 + 1
    assert lines[-2].startswith(f"::error file={path},line=205,col=33,title=relmap too-many-problems::")
    assert lines[-2].endswith(
        ":205:33: 50 more problems from here on are not listed (relmap lists the first 200 of a file); "
        "fix these and run again"
    )
