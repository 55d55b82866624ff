"""Atomic file writes: a temporary file beside the target, then one rename.

A failure never leaves a truncated file behind, and `write_new` never
replaces a file that already exists. Symbolic links are written through, and
special files (a terminal, a pipe) are written into, never replaced.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


class WriteError(Exception):
    """The file could not be written; the message says why, in plain words."""


def _temporary(target: Path, text: str) -> Path:
    """Write `text` to a new temporary file in the target's folder."""
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise WriteError(f"cannot write in {folder}: {error.strerror}") from None
    try:
        # mkstemp makes the file private; give it the mode a new file would get
        # (or the mode of the file it replaces)
        os.chmod(name, _mode_for(target))
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as error:
        Path(name).unlink(missing_ok=True)
        raise WriteError(f"cannot write {target}: {error.strerror}") from None
    return Path(name)


def _mode_for(target: Path) -> int:
    """The permission bits for `target`: kept if it exists, else 0o666 less the umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_new(target: Path, text: str) -> None:
    """Create `target` with `text`; refuse if it exists (even if it appears meanwhile)."""
    if target.exists() or target.is_symlink():
        raise WriteError(f"{target} already exists; relmap does not overwrite it")
    temporary = _temporary(target, text)
    try:
        os.link(temporary, target)  # atomic, and fails if the target exists
    except FileExistsError:
        raise WriteError(f"{target} already exists; relmap does not overwrite it") from None
    except OSError:
        # file systems without hard links: exclusive create, then copy in
        try:
            with open(target, "x", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
        except FileExistsError:
            raise WriteError(f"{target} already exists; relmap does not overwrite it") from None
        except OSError as error:
            raise WriteError(f"cannot write {target}: {error.strerror}") from None
    finally:
        temporary.unlink(missing_ok=True)


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
    real = Path(os.path.realpath(target)) if target.is_symlink() else target
    temporary = _temporary(real, text)
    try:
        os.replace(temporary, real)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise WriteError(f"cannot write {target}: {error.strerror}") from None
