"""Atomic file writes: a temporary file beside the target, then one rename.

A failure (a full disk, Ctrl-C) never leaves a truncated file or a
temporary file behind; `write_new` never replaces a file that exists;
`replace_file` refuses when the file changed on disk since it was read.
Symbolic links are written through, and special files (a terminal, a pipe)
are written into, never replaced.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class WriteError(Exception):
    """The file could not be written (or read for an edit); the message says why, in plain words."""


_PRIVATE_NEW = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def create_temporary(folder: Path, prefix: str) -> tuple[int, str]:
    """A new file only its owner can read, `folder/prefix<random>.tmp`: its descriptor and name.

    What `tempfile.mkstemp` does (a name no one holds, created exclusively,
    no link followed), without importing tempfile and random: about 0.7 ms
    of every edit.
    """
    for _ in range(100):
        name = os.path.join(folder, f"{prefix}{os.urandom(6).hex()}.tmp")
        try:
            return os.open(name, _PRIVATE_NEW, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", str(folder))


def _temporary(target: Path, data: bytes) -> Path:
    """Write `data` to a new temporary file in the target's folder, flushed to the disk."""
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, name = create_temporary(folder, f".{target.name}.")
    except OSError as error:
        raise WriteError(f"cannot write in {folder}: {error.strerror}") from None
    try:
        # mkstemp makes the file private; give it the mode a new file would get
        # (or the mode of the file it replaces)
        os.chmod(name, _mode_for(target))
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException as error:  # a full disk, or Ctrl-C half-way: leave nothing behind
        Path(name).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise WriteError(f"cannot write {target}: {error.strerror}") from None
        raise
    return Path(name)


def _mode_for(target: Path) -> int:
    """The permission bits for `target`: kept if it exists, else 0o666 less the umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(target: Path) -> None:
    """Make a rename durable (best effort: some file systems cannot sync a folder)."""
    try:
        handle = os.open(target.parent if str(target.parent) else ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _exists_message(target: Path) -> str:
    return f"{target} already exists; relmap does not overwrite it"


def write_new(target: Path, text: str) -> None:
    """Create `target` with `text`; refuse if it exists (even if it appears meanwhile)."""
    if target.exists() or target.is_symlink():
        raise WriteError(_exists_message(target))
    temporary = _temporary(target, text.encode("utf-8"))
    try:
        try:
            os.link(temporary, target)  # atomic, and fails if the target exists
        except FileExistsError:
            raise WriteError(_exists_message(target)) from None
        except OSError:
            _claim_then_rename(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    _sync_folder(target)


def _claim_then_rename(temporary: Path, target: Path) -> None:
    """Without hard links: claim the name with an empty file, then rename the full one over it.

    The text is already on the disk in `temporary`, so a full disk cannot
    leave a truncated map; the claim keeps another writer from the name.
    """
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise WriteError(_exists_message(target)) from None
    except OSError as error:
        raise WriteError(f"cannot write {target}: {error.strerror}") from None
    try:
        os.replace(temporary, target)
    except BaseException as error:
        target.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise WriteError(f"cannot write {target}: {error.strerror}") from None
        raise


def write_replace(target: Path, text: str) -> None:
    """Write `text` to `target`, replacing a regular file atomically.

    A symbolic link is followed: the file it points to is replaced and the
    link stays. A device, FIFO or socket (`/dev/stdout`, a named pipe) is
    written into directly, since it cannot be replaced.
    """
    if target.is_dir():
        raise WriteError(f"{target} is a directory")
    try:
        special = target.exists() and not stat.S_ISREG(target.stat().st_mode)
    except OSError as error:
        raise WriteError(f"cannot write {target}: {error.strerror}") from None
    if special:
        try:
            with open(target, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
        except OSError as error:
            raise WriteError(f"cannot write {target}: {error.strerror}") from None
        return
    _replace(target, text.encode("utf-8"), None)


def read_original(target: Path, limit: int) -> bytes:
    """The bytes of a map about to be edited (a regular file, at most `limit` bytes)."""
    try:
        with open(target, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise WriteError(f"{target} is not a regular file; relmap edits map files in place")
            data = stream.read(limit + 1)
    except FileNotFoundError:
        raise WriteError(f"no such file: {target}") from None
    except IsADirectoryError:
        raise WriteError(f"{target} is a directory; name the map file to edit") from None
    except OSError as error:
        raise WriteError(f"cannot read {target}: {error.strerror}") from None
    if len(data) > limit:
        raise WriteError(f"{target} is over the {limit:,}-byte limit for a map")
    return data


def replace_file(target: Path, data: bytes, expected: bytes) -> None:
    """Replace `target` with `data` atomically, unless it no longer holds `expected`.

    The file is read again just before the rename: an edit made meanwhile
    (in an editor, by a `git pull`) is never overwritten.
    """
    _replace(target, data, expected)


def _replace(target: Path, data: bytes, expected: bytes | None) -> None:
    real = Path(os.path.realpath(target)) if target.is_symlink() else target
    temporary = _temporary(real, data)
    try:
        if expected is not None and _current(real) != expected:
            raise WriteError(
                f"{target} changed on disk since relmap read it; nothing was written: run the command again"
            )
        os.replace(temporary, real)
    except OSError as error:
        raise WriteError(f"cannot write {target}: {error.strerror}") from None
    finally:
        temporary.unlink(missing_ok=True)
    _sync_folder(real)


def _current(target: Path) -> bytes | None:
    try:
        return target.read_bytes()
    except OSError:
        return None
