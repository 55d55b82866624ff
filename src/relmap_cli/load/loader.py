"""Files -> validated `AccountMap` plus a source map, or every located problem.

The only module that reads files. Steps: read the bytes (with a size limit),
decode UTF-8, parse once keeping positions, check the version, validate the
schema, then the whole-map rules. Every problem of every file is returned;
nothing is raised for bad input.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic_core import ValidationError

from .integrity import Items, check_integrity
from .limits import DEFAULT_MAX_BYTES, MAX_BYTES_CEILING, MAX_BYTES_ENV
from ..format.model import FORMAT_VERSION, SECTIONS, Account, AccountMap
from .problems import Problem
from .schema_errors import translate
from ..format.validator import validate, validate_map
from .yamltree import ALIAS, Pos, YList, YMap, parse_yaml

STDIN = "-"
STDIN_NAME = "<stdin>"
MAP_SUFFIXES = (".yaml", ".yml")
# A map has a top-level `relmap:` key: at the start of a line in block style,
# or right after the opening brace of a flow-style document.
_MAP_MARKER = re.compile(r"^\ufeff?(?:[ \t]*\{[ \t]*)?(?:relmap|\"relmap\"|'relmap')[ \t]*:", re.MULTILINE)


class UsageError(Exception):
    """A path the user named cannot be used at all (it does not exist)."""


@dataclass(frozen=True, slots=True)
class Source:
    """The text of one file to load, or the problem that kept us from reading it."""

    path: str
    text: str | None
    problem: Problem | None = None


class SourceMap:
    """Turns person ids, item indexes and keys into positions in the file."""

    def __init__(self, path: str, root: YMap) -> None:
        self.path = path
        self.root = root
        self._people: dict[str, tuple[str, int]] | None = None

    def _index(self) -> dict[str, tuple[str, int]]:
        if self._people is None:
            self._people = {}
            for section in ("team", "client"):
                entries = self.root.get(section)
                if isinstance(entries, YList):
                    for index, entry in enumerate(entries):
                        if isinstance(entry, YMap) and isinstance(entry.get("id"), str):
                            self._people.setdefault(entry["id"], (section, index))
        return self._people

    def item(self, section: str, index: int, key: str | None = None) -> Pos:
        """Position of item `index` of `section`, or of the value of its `key`."""
        entries = self.root.get(section)
        if not isinstance(entries, YList) or not 0 <= index < len(entries):
            return self.root.pos()
        entry = entries[index]
        if key is None or not isinstance(entry, YMap):
            return entries.item_pos(index)
        return entry.value_pos(key) if key in entry else entries.item_pos(index)

    def person(self, person_id: str, key: str | None = None) -> Pos:
        """Position of a person's entry (its `id`), or of the value of `key`."""
        found = self._index().get(person_id)
        if found is None:
            return self.root.pos()
        section, index = found
        return self.item(section, index, key or "id")

    def account(self, key: str | None = None) -> Pos:
        """Position of the `account` mapping, or of the value of one of its keys."""
        account = self.root.get("account")
        if not isinstance(account, YMap):
            return self.root.pos()
        return account.value_pos(key) if key and key in account else self.root.key_pos("account")


@dataclass(frozen=True)
class LoadedMap:
    """The result of loading one file: a model when it is valid, and its problems."""

    path: str
    model: AccountMap | None
    problems: list[Problem]
    source: SourceMap | None = None

    @property
    def ok(self) -> bool:
        """True when the map loaded without any problem."""
        return self.model is not None and not self.problems

    @property
    def account_name(self) -> str | None:
        """The account's name, read even from an invalid map where possible."""
        if self.model is not None:
            return self.model.account.name
        if self.source is not None:
            account = self.source.root.get("account")
            if isinstance(account, YMap) and isinstance(account.get("name"), str):
                return str(account["name"])
        return None


def max_bytes() -> int:
    """The file size limit: `RELMAP_MAX_BYTES` if set (see `check_max_bytes_env`), else 32 MiB."""
    raw = os.environ.get(MAX_BYTES_ENV, "").strip()
    return int(raw) if raw.isdigit() and 0 < int(raw) <= MAX_BYTES_CEILING else DEFAULT_MAX_BYTES


def check_max_bytes_env() -> None:
    """Raise UsageError when `RELMAP_MAX_BYTES` is set to something that is not a usable limit."""
    raw = os.environ.get(MAX_BYTES_ENV, "").strip()
    if raw and not (raw.isdigit() and 0 < int(raw) <= MAX_BYTES_CEILING):
        shown = raw if len(raw) <= 40 else raw[:40] + "..."
        raise UsageError(f"{MAX_BYTES_ENV} must be a number of bytes from 1 to {MAX_BYTES_CEILING}, not '{shown}'")


def _too_large(path: str, size: int, limit: int, *, from_option: bool) -> Source:
    how = "--max-bytes" if from_option else MAX_BYTES_ENV
    message = (
        f"file is {size:,} bytes, over the {limit:,}-byte limit for a map; "
        f"raise it with {how} if this really is one account"
    )
    return Source(path, None, Problem(path, 1, 1, "file-too-large", message))


def read_source(path: str, limit: int | None = None) -> Source:
    """Read and decode one file (or stdin for `-`); never raises for bad input."""
    from_option = limit is not None
    limit = limit or max_bytes()
    shown = STDIN_NAME if path == STDIN else path
    try:
        if path == STDIN:
            stream = sys.stdin.buffer if sys.stdin is not None else None
            data = stream.read(limit + 1) if stream is not None else b""
            if len(data) > limit:
                return _too_large(shown, len(data), limit, from_option=from_option)
        else:
            with open(path, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                if size > limit:
                    return _too_large(shown, size, limit, from_option=from_option)
                data = handle.read(limit + 1)
                if len(data) > limit:
                    return _too_large(shown, len(data), limit, from_option=from_option)
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        return Source(shown, None, Problem(shown, 1, 1, "read-error", f"cannot read the file: {reason}"))
    return decode_source(shown, data)


def source_from_bytes(path: str, data: bytes, limit: int | None = None) -> Source:
    """A source from bytes read elsewhere (a file's old version from git), size limit applied."""
    from_option = limit is not None
    limit = limit or max_bytes()
    if len(data) > limit:
        return _too_large(path, len(data), limit, from_option=from_option)
    return decode_source(path, data)


def decode_source(path: str, data: bytes) -> Source:
    """UTF-8 bytes (a BOM is allowed) -> text, or a located encoding problem."""
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _byte_position(data, nul)
        return Source(
            path, None, Problem(path, line, column, "encoding", "this is a binary file, not YAML text (NUL byte)")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _byte_position(data, error.start)
        message = (
            f"the file is not UTF-8: byte 0x{data[error.start]:02X} cannot start a character here; save it as UTF-8"
        )
        return Source(path, None, Problem(path, line, column, "encoding", message))
    return Source(path, text)


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", "replace")) + 1
    return line, column


def looks_like_map(text: str) -> bool:
    """Whether YAML text has a top-level `relmap:` key (directory scans skip others)."""
    return _MAP_MARKER.search(text) is not None


def collect_sources(paths: Iterable[str], limit: int | None = None, *, only_maps: bool = False) -> list[Source]:
    """Read every named file and every map below every named directory, in order.

    A file named explicitly must be a map, unless `only_maps` is set: then it
    is skipped like a directory scan skips YAML without a top-level `relmap:`
    key (pre-commit names every YAML file that changed, workflows included).
    Raises `UsageError` for a path that does not exist.
    """
    paths = list(paths)
    if paths.count(STDIN) > 1:
        raise UsageError("- (standard input) can be named only once")
    sources: list[Source] = []
    for path in paths:
        if os.path.islink(path) and not os.path.exists(path):
            raise UsageError(f"{path} is a broken symbolic link: {os.readlink(path)} does not exist")
        if path == STDIN:
            sources.append(read_source(path, limit))
        elif os.path.isdir(path):
            for file in _walk(Path(path)):
                source = read_source(str(file), limit)
                if source.text is None or looks_like_map(source.text):
                    sources.append(source)
        elif os.path.lexists(path):
            source = read_source(path, limit)
            if not only_maps or source.text is None or looks_like_map(source.text):
                sources.append(source)
        else:
            raise UsageError(f"no such file or directory: {path}")
    return sources


def _walk(root: Path) -> Iterator[Path]:
    """Every `.yaml`/`.yml` file below `root`, sorted, skipping hidden folders."""
    found: list[Path] = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        found.extend(Path(folder, name) for name in files if name.endswith(MAP_SUFFIXES))
    yield from sorted(found)


def load_source(source: Source) -> LoadedMap:
    """Parse, validate and check one source."""
    if source.text is None:
        assert source.problem is not None
        return LoadedMap(source.path, None, [source.problem])
    return load_text(source.text, source.path)


def load_map(path: str, limit: int | None = None) -> LoadedMap:
    """Load one file (or `-` for stdin)."""
    return load_source(read_source(path, limit))


def load_text(text: str, path: str = STDIN_NAME) -> LoadedMap:
    """Load a map from YAML text; `path` is only used to label problems."""
    if text.startswith("\ufeff"):
        text = text[1:]
    root, problems = parse_yaml(text, path)
    if root is None:
        if not problems:
            problems.append(Problem(path, 1, 1, "empty", "the file is empty; a map starts with 'relmap: 1'"))
        return LoadedMap(path, None, problems)
    if not isinstance(root, YMap):
        pos = root.pos() if isinstance(root, YList) else Pos(1, 1)
        problems.append(
            Problem(path, *pos, "type", "a map must be a YAML mapping of keys such as relmap, account, client")
        )
        return LoadedMap(path, None, problems)
    source = SourceMap(path, root)
    version = _check_version(root, path)
    if version is not None:
        return LoadedMap(path, None, [*problems, version], source)
    model, schema_problems = _validate(root, path)
    problems.extend(schema_problems)
    if model is not None and not problems:
        return LoadedMap(path, model, [], source)
    problems.sort(key=Problem.sort_key)
    return LoadedMap(path, None, problems, source)


def _check_version(root: YMap, path: str) -> Problem | None:
    if "relmap" not in root:
        return Problem(
            path,
            *root.pos(),
            "version",
            f"missing 'relmap: {FORMAT_VERSION}' (the format version) at the top of the map",
        )
    version = root["relmap"]
    if version != str(FORMAT_VERSION):
        shown = "nothing" if version is None else f"'{version}'" if isinstance(version, str) else "a list or mapping"
        return Problem(
            path,
            *root.value_pos("relmap"),
            "version",
            f"unsupported format version {shown}: this relmap reads 'relmap: {FORMAT_VERSION}'",
        )
    return None


def _validate(root: YMap, path: str) -> tuple[AccountMap | None, list[Problem]]:
    """Schema then whole-map rules; a fast path when the schema passes at once."""
    model: AccountMap | None
    try:
        model = validate_map(root)
    except ValidationError as error:
        model = None
        # an alias already has its own error; what it would have held is unknown
        errors = [item for item in error.errors(include_url=False) if item.get("input") is not ALIAS]
        problems = [translate(item, root, path) for item in errors]
        items = _salvage(root, errors)
    else:
        problems = []
        items = Items(
            account=model.account,
            team=list(enumerate(model.team)),
            client=list(enumerate(model.client)),
            relationships=list(enumerate(model.relationships)),
            actions=list(enumerate(model.actions)),
            interest_ids=[(index, interest.id) for index, interest in enumerate(model.interests)],
        )
    problems.extend(check_integrity(items, root, path))
    return (model if not problems else None), problems


def _salvage(root: YMap, errors: list[Any]) -> Items:
    """Validate item by item, without the fields at fault, so the whole-map
    rules can still judge everything else (one typo must not hide the rest)."""
    faulty: dict[tuple[Any, ...], set[str]] = {}
    for error in errors:
        loc = tuple(error["loc"])
        owner, field = (loc[:1], loc[1:2]) if loc[:1] == ("account",) else (loc[:2], loc[2:3])
        if field and isinstance(field[0], str):
            faulty.setdefault(owner, set()).add(field[0])
    items = Items(account=_try(Account, root.get("account"), faulty.get(("account",))))
    for section, model in SECTIONS.items():
        entries = root.get(section)
        if not isinstance(entries, list):
            continue
        valid: list[tuple[int, Any]] = []
        for index, entry in enumerate(entries):
            dropped = faulty.get((section, index))
            item = _try(model, entry, dropped)
            if item is not None:
                valid.append((index, item))
                items.dropped.update((section, index, key) for key in dropped or ())
            elif section in ("team", "client") and isinstance(entry, dict) and isinstance(entry.get("id"), str):
                items.ghost_sides.setdefault(entry["id"], section)
        if section == "interests":
            items.interest_ids = [(index, item.id) for index, item in valid]
        elif section != "counterparts":
            setattr(items, section, valid)
    return items


def _try(model: Any, data: Any, drop: set[str] | None) -> Any:
    """The model of `data` without the keys in `drop`, or None if still invalid."""
    if drop and isinstance(data, dict):
        data = {key: value for key, value in data.items() if key not in drop}
    try:
        return validate(model, data)
    except ValidationError:
        return None
