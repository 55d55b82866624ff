"""Results kept between runs, keyed by the content they were computed from.

A store is one JSON file per subject (say, one map's history), under
`RELMAP_CACHE_DIR`, else the user's cache folder (`$XDG_CACHE_HOME/relmap`,
`~/.cache/relmap`, `~/Library/Caches/relmap` on macOS, `%LOCALAPPDATA%\\relmap`
on Windows); `RELMAP_NO_CACHE=1` turns it off. Entries are valid only for the
relmap code that wrote them: the file records a fingerprint of relmap's
version and source files, and any other fingerprint empties the store. It
keeps only the entries the last run used, so it never outgrows one subject.
A store that cannot be read is empty and one that cannot be written is left
as it was: a cache never changes a result or fails a command.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

CACHE_ENV = "RELMAP_CACHE_DIR"
NO_CACHE_ENV = "RELMAP_NO_CACHE"


def cache_folder() -> Path | None:
    """Where stores live, or None when caching is turned off or there is no home to keep them in."""
    if os.environ.get(NO_CACHE_ENV, "").strip() not in ("", "0"):
        return None
    chosen = os.environ.get(CACHE_ENV, "").strip()
    if chosen:
        return Path(chosen)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "relmap" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "relmap"
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    try:
        return Path(base) / "relmap" if base else Path.home() / ".cache" / "relmap"
    except RuntimeError:  # no home folder at all
        return None


@cache
def fingerprint() -> str:
    """relmap's version and the size and time of each of its source files: changed code, new fingerprint."""
    from .. import __version__

    package = Path(__file__).resolve().parent.parent
    parts = [__version__]
    for source in sorted(package.rglob("*.py")):
        try:
            info = source.stat()
        except OSError:
            continue
        parts.append(f"{source.relative_to(package).as_posix()}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32]


class Store:
    """The entries kept for one subject of one kind (`kind` is a folder name, `subject` any text)."""

    def __init__(self, kind: str, subject: str) -> None:
        folder = cache_folder()
        name = hashlib.sha256(subject.encode("utf-8", "surrogateescape")).hexdigest()[:32] + ".json"
        self.file = folder / kind / name if folder is not None else None
        self.entries: dict[str, Any] = self._read()
        self.used: dict[str, Any] = {}

    def _read(self) -> dict[str, Any]:
        if self.file is None:
            return {}
        try:
            document = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(document, dict) or document.get("fingerprint") != fingerprint():
            return {}
        entries = document.get("entries")
        return entries if isinstance(entries, dict) else {}

    def get(self, key: str) -> Any:
        """The entry for `key`, or None; either way the key counts as used."""
        value = self.entries.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        """Keep `value` for `key`."""
        self.used[key] = value

    def save(self) -> None:
        """Write the entries used in this run, if they differ from what is on disk."""
        if self.file is None or self.used == self.entries:
            return
        from .save import WriteError, write_replace

        text = json.dumps({"fingerprint": fingerprint(), "entries": self.used}, sort_keys=True)
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_replace(self.file, text)
        except (OSError, WriteError):
            pass  # a cache that cannot be written is simply not there next time
