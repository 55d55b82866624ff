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

import json
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

from .digest import blake2b, sha256

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

    parts = [__version__]
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    folders = [""]  # inside the package, "/"-separated; os.scandir, not Path.rglob: this runs at every start
    while folders:
        inside = folders.pop()
        try:
            entries = sorted(os.scandir(os.path.join(package, inside)), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            name = f"{inside}/{entry.name}" if inside else entry.name
            try:
                if entry.is_dir() and entry.name != "__pycache__":
                    folders.append(name)
                elif entry.name.endswith(".py"):
                    info = entry.stat()
                    parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
            except OSError:
                continue
    return sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32]


class Store:
    """The entries kept for one subject of one kind (`kind` is a folder name, `subject` any text)."""

    def __init__(self, kind: str, subject: str) -> None:
        folder = cache_folder()
        name = sha256(subject.encode("utf-8", "surrogateescape")).hexdigest()[:32] + ".json"
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


# -- results per file: `check`, `validate`, `portfolio` over many maps -----------------------
RESULTS_KIND = "results"
MAX_ENTRIES = 20_000  # per store: a portfolio of maps, many times over
MAX_STORES = 16  # per folder: each command and set of options is one store; the least recently used go


class ResultCache:
    """What one command found in each file, under one set of options, keyed by the file's path and bytes.

    A store is one file per command and set of options (`options`: every
    option that changes a file's result, as text): relmap's fingerprint,
    then the entries, each pickled. It is read only if it belongs to the
    user running relmap and no one else may write it (it holds pickled
    Python objects), and its entries only if the fingerprint matches.
    Entries found in this run move to the end, new ones are added, and the
    oldest go beyond MAX_ENTRIES; the stores of the folder beyond MAX_STORES
    go, least recently used first. Saving is atomic: concurrent runs leave
    one of their stores whole, never a mix.
    """

    def __init__(self, kind: str, options: str, folder: Path | None) -> None:
        self.kind = kind
        name = sha256(f"{kind}\0{options}".encode("utf-8", "surrogateescape")).hexdigest()[:32]
        self.file = folder / RESULTS_KIND / f"{name}.pickle" if folder is not None else None
        self.entries: dict[str, Any] = self._read()
        self.fresh: dict[str, Any] = {}
        self.hits = 0

    @staticmethod
    def key(path: str, text: str) -> str:
        """The entry's key: the path (results name it) and the text, which is the file's bytes decoded."""
        digest = blake2b(path.encode("utf-8", "surrogateescape"), digest_size=16)
        digest.update(b"\0")
        digest.update(text.encode("utf-8", "surrogateescape"))
        return digest.hexdigest()

    def _read(self) -> dict[str, Any]:
        if self.file is None:
            return {}
        import pickle

        try:
            with open(self.file, "rb") as stream:
                info = os.fstat(stream.fileno())
                if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
                    return {}  # someone else's file, or one others may write: never unpickled
                # the fingerprint comes first, so another relmap's entries are never even unpickled
                if pickle.load(stream) != fingerprint():
                    return {}
                entries = pickle.load(stream)
        except Exception:
            return {}
        return entries if isinstance(entries, dict) else {}

    def get(self, path: str, text: str | None) -> Any:
        """The result kept for this file, or None."""
        if text is None or self.file is None:
            return None
        key = self.key(path, text)
        value = self.entries.pop(key, None)
        if value is not None:
            self.fresh[key] = value
            self.hits += 1
        return value

    def put(self, path: str, text: str | None, value: Any) -> None:
        """Keep `value` as the result for this file."""
        if text is not None and self.file is not None:
            self.fresh[self.key(path, text)] = value

    def save(self) -> None:
        """Write the store if this run found anything new; a store that cannot be written is left alone."""
        if self.file is None:
            return
        if self.hits == len(self.fresh):  # nothing new: only mark the store as recently used
            try:
                os.utime(self.file)
            except OSError:
                pass
            return
        import pickle

        from .save import create_temporary

        kept = {**self.entries, **self.fresh}  # entries not met in this run first, so they are dropped first
        for key in list(kept)[: max(0, len(kept) - MAX_ENTRIES)]:
            del kept[key]
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            protocol = pickle.HIGHEST_PROTOCOL
            data = pickle.dumps(fingerprint(), protocol=protocol) + pickle.dumps(kept, protocol=protocol)
            handle, temporary = create_temporary(self.file.parent, ".")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                os.replace(temporary, self.file)  # atomic: a reader sees the old store or the new one
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            self._prune()
        except OSError:
            pass

    def _prune(self) -> None:
        assert self.file is not None
        stores = []
        for store in self.file.parent.glob("*.pickle"):
            try:
                stores.append((store.stat().st_mtime_ns, store))
            except OSError:
                continue
        for _, store in sorted(stores, reverse=True)[MAX_STORES:]:
            store.unlink(missing_ok=True)


def results_folder(cache_dir: str | None, no_cache: bool) -> Path | None:
    """Where `--cache-dir` / `--no-cache` (then RELMAP_CACHE_DIR, RELMAP_NO_CACHE, the user's folder) put results."""
    if no_cache:
        return None
    if cache_dir:
        return Path(cache_dir)
    return cache_folder()
