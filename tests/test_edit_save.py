"""Writing maps when things go wrong: Ctrl-C, no hard links, a full disk, a file changed meanwhile."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from relmap_cli.files import save
from relmap_cli.files.save import WriteError, replace_file, write_new, write_replace

from .conftest import EXAMPLES, run

ORIGINAL = (EXAMPLES / "acme.yaml").read_bytes()


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


def test_ctrl_c_half_way_through_a_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "acme.yaml"
    target.write_bytes(ORIGINAL)

    def interrupted(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        replace_file(target, b"relmap: 1\n", ORIGINAL)
    with pytest.raises(KeyboardInterrupt):
        write_new(tmp_path / "new.yaml", "relmap: 1\n")
    with pytest.raises(KeyboardInterrupt):
        write_replace(target, "relmap: 1\n")
    assert leftovers(tmp_path) == []
    assert sorted(path.name for path in tmp_path.iterdir()) == ["acme.yaml"]
    assert target.read_bytes() == ORIGINAL


def test_ctrl_c_just_before_the_rename_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "acme.yaml"
    target.write_bytes(ORIGINAL)

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        replace_file(target, b"relmap: 1\n", ORIGINAL)
    assert leftovers(tmp_path) == [] and target.read_bytes() == ORIGINAL


def test_without_hard_links_a_new_file_is_renamed_into_place_not_written_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: object, target: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    writes_to_target: list[str] = []
    real_open = os.open

    def watched_open(path: object, flags: int, *args: object) -> int:
        if str(path).endswith("new.yaml") and flags & os.O_WRONLY:
            writes_to_target.append(str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(os, "open", watched_open)
    target = tmp_path / "new.yaml"
    write_new(target, "relmap: 1\n")
    assert target.read_text() == "relmap: 1\n"
    assert leftovers(tmp_path) == []
    # the name is claimed with an empty file, and the full text arrives by rename: never a partial write
    assert writes_to_target == [str(target)] and target.stat().st_size == len("relmap: 1\n")
    with pytest.raises(WriteError, match="already exists"):
        write_new(target, "other\n")
    assert target.read_text() == "relmap: 1\n"


def test_a_file_changed_since_it_was_read_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "acme.yaml"
    target.write_bytes(ORIGINAL + b"# a colleague's line\n")
    with pytest.raises(WriteError, match="changed on disk since relmap read it; nothing was written"):
        replace_file(target, b"relmap: 1\n", ORIGINAL)
    assert target.read_bytes() == ORIGINAL + b"# a colleague's line\n"
    assert leftovers(tmp_path) == []
    target.unlink()
    with pytest.raises(WriteError, match="changed on disk"):
        replace_file(target, b"relmap: 1\n", ORIGINAL)
    assert not target.exists()



def fill(folder: Path, leave: int) -> None:
    """Fill the file system until fewer than `leave` bytes are free."""
    stats = os.statvfs(folder)
    free = stats.f_bavail * stats.f_frsize
    if free > leave:
        with open(folder / "ballast", "wb") as stream:
            try:
                stream.write(b"x" * (free - leave))
            except OSError:
                pass


def test_a_full_disk_leaves_the_original_map_intact(tiny_disk: Path) -> None:
    target = tiny_disk / "acme.yaml"
    target.write_bytes(ORIGINAL)
    fill(tiny_disk, 4096)
    bigger = "relmap: 1\n# " + "x" * 20000 + "\n"
    with pytest.raises(WriteError, match="cannot write"):
        replace_file(target, bigger.encode(), ORIGINAL)
    with pytest.raises(WriteError, match="cannot write"):
        write_replace(target, bigger)
    with pytest.raises(WriteError, match="cannot write"):
        write_new(tiny_disk / "new.yaml", bigger)
    assert target.read_bytes() == ORIGINAL
    assert sorted(path.name for path in tiny_disk.iterdir()) == ["acme.yaml", "ballast"]


def test_every_writer_reports_a_full_disk_plainly(tiny_disk: Path) -> None:
    target = tiny_disk / "acme.yaml"
    target.write_bytes(ORIGINAL)
    fill(tiny_disk, 2048)
    note = "x" * 8000  # the new line does not fit on the disk
    commands = [
        ["log", str(target), "--by", "kim", "--with", "anna", "--note", note, "--today", "2026-11-23"],
        ["set", str(target), "maria", f"notes={note}"],
        ["add", str(target), "person", "ines", "--name", note],
        ["fmt", str(target)],  # the formatted map (about as long as the original) does not fit either
    ]
    for args in commands:
        result = run(args)
        assert result.exit_code == 2, args
        assert f"relmap: error: cannot write {target}: No space left on device\n" in result.stderr, result.stderr
        assert target.read_bytes() == ORIGINAL
    assert sorted(path.name for path in tiny_disk.iterdir()) == ["acme.yaml", "ballast"]


def test_the_temporary_file_of_a_failed_write_is_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "acme.yaml"
    target.write_bytes(ORIGINAL)

    def disk_full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(save.os, "fsync", disk_full)
    with pytest.raises(WriteError, match="No space left on device"):
        replace_file(target, b"relmap: 1\n", ORIGINAL)
    assert leftovers(tmp_path) == [] and target.read_bytes() == ORIGINAL


def test_a_temporary_file_is_new_private_and_never_one_that_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = tmp_path / ".acme.yaml.000000000000.tmp"
    taken.write_text("someone else's")
    draws = iter([b"\x00" * 6, b"\x00" * 6, b"\xab" * 6])
    monkeypatch.setattr(save.os, "urandom", lambda size: next(draws))
    handle, name = save.create_temporary(tmp_path, ".acme.yaml.")
    os.close(handle)
    assert Path(name) == tmp_path / ".acme.yaml.abababababab.tmp"
    assert os.stat(name).st_mode & 0o777 == 0o600
    assert taken.read_text() == "someone else's"
