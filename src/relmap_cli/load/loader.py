"""Files -> validated `AccountMap` plus a source map, or every located problem.

The only module that reads files. Steps: read the bytes (with a size limit),
decode UTF-8, parse once keeping positions, check the version, validate the
schema, then the whole-map rules. Every problem of every file is returned;
nothing is raised for bad input.
"""

import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic_core import ValidationError

from ..format.model import FORMAT_VERSION, SECTIONS, Account, AccountMap
from ..format.validator import validate, validate_map
from ..tuples import NamedTuple
from .integrity import Items, check_integrity
from .limits import DEFAULT_MAX_BYTES, MAX_BYTES_CEILING, MAX_BYTES_ENV
from .problems import Problem, ProblemLog, Severity
from .yamltree import ALIAS, Pos, YList, YMap, has_top_level_key, line_and_column, parse_yaml

STDIN = "-"
STDIN_NAME = "<stdin>"
MAP_SUFFIXES = (".yaml", ".yml")  # compared without regard to case: MAP.YAML is a map file too
# Enough of a file to find its top-level `relmap:` key when it is too large, or broken, to parse whole.
SNIFF_BYTES = 64 * 1024
# When YAML cannot tell (a syntax error before the first level is read), a
# `relmap:` key at the start of a line, or after the opening brace, says "map".
_MAP_MARKER = r"^\ufeff?(?:-{3}[ \t]+)?(?:[ \t]*[{?][ \t]*)?(?:relmap|\"relmap\"|'relmap')[ \t]*:"
# characters YAML does not allow, replaced to judge a file that is not clean UTF-8 text
_NOT_YAML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_FILE_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a directory",
}


class UsageError(Exception):
    """A path the user named cannot be used at all (it does not exist)."""


class Source(NamedTuple):
    """The text of one file to load, or the problem that kept us from reading it."""

    path: str
    text: str | None
    problem: Problem | None = None
    # what the file looks like when it cannot be read as a map (for folder scans to judge)
    sample: str | None = None
    bom: bool = False  # the bytes started with a UTF-8 byte-order mark (`text` does not hold it)


class Skipped(NamedTuple):
    """A file a folder scan passed over without reading it as a map, and why."""

    path: str
    reason: str


class Scan(NamedTuple):
    """What the paths of a run hold: the sources to load, and files passed over that a user should hear of."""

    sources: list[Source]
    skipped: list[Skipped]


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


class LoadedMap(NamedTuple):
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


def _too_large(path: str, size: int, limit: int, *, from_option: bool, sample: str | None = None) -> Source:
    how = "--max-bytes" if from_option else MAX_BYTES_ENV
    message = (
        f"file is {size:,} bytes, over the {limit:,}-byte limit for a map; "
        f"raise it with {how} if this really is one account"
    )
    return Source(path, None, Problem(path, 1, 1, "file-too-large", message), sample)


def _sample(data: bytes) -> str:
    """The start of a file as text YAML can read, whatever bytes it holds."""
    return _NOT_YAML.sub("\ufffd", data[:SNIFF_BYTES].decode("utf-8", "replace"))


class _NotRegular(Exception):
    """A folder scan met something that is not a regular file."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def read_source(path: str, limit: int | None = None, *, regular_only: bool = False) -> Source:
    """Read and decode one file (or stdin for `-`); never raises for bad input.

    With `regular_only` (folder scans) a pipe, device or socket raises
    `_NotRegular` instead of being read: it could block or never end.
    """
    from_option = limit is not None
    limit = limit or max_bytes()
    shown = STDIN_NAME if path == STDIN else path
    try:
        if path == STDIN:
            stream = sys.stdin.buffer if sys.stdin is not None else None
            data = stream.read(limit + 1) if stream is not None else b""
            if len(data) > limit:
                return _too_large(shown, len(data), limit, from_option=from_option, sample=_sample(data))
        else:
            # O_NONBLOCK: opening a pipe must not wait for a writer before we can see it is one
            flags = os.O_RDONLY | (getattr(os, "O_NONBLOCK", 0) if regular_only else 0) | getattr(os, "O_BINARY", 0)
            descriptor = os.open(path, flags)
            with open(descriptor, "rb") as handle:
                status = os.fstat(handle.fileno())
                if regular_only and not stat.S_ISREG(status.st_mode):
                    raise _NotRegular(_FILE_KINDS.get(stat.S_IFMT(status.st_mode), "not a regular file"))
                if status.st_size > limit:
                    head = handle.read(SNIFF_BYTES)
                    return _too_large(shown, status.st_size, limit, from_option=from_option, sample=_sample(head))
                data = handle.read(limit + 1)
                if len(data) > limit:
                    return _too_large(shown, len(data), limit, from_option=from_option, sample=_sample(data))
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


_OTHER_ENCODINGS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)


def decode_source(path: str, data: bytes) -> Source:
    """UTF-8 bytes (a BOM is allowed) -> text, or a located encoding problem."""
    for mark, encoding in _OTHER_ENCODINGS:
        if data.startswith(mark):
            message = f"the file is {encoding} text, not UTF-8: save it as UTF-8"
            return Source(path, None, Problem(path, 1, 1, "encoding", message), _sample_other(data, encoding))
    unmarked = _unmarked_encoding(data[:4])
    if unmarked is not None:
        message = f"the file is {unmarked[:6]} text (without a byte-order mark), not UTF-8: save it as UTF-8"
        return Source(path, None, Problem(path, 1, 1, "encoding", message), _sample_other(data, unmarked))
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _byte_position(data, nul)
        problem = Problem(path, line, column, "encoding", "this is a binary file, not YAML text (NUL byte)")
        return Source(path, None, problem, _sample(data))
    try:
        text = data.decode("utf-8")  # not utf-8-sig: its errors count their offsets from after the BOM
    except UnicodeDecodeError as error:
        line, column = _byte_position(data, error.start)
        message = (
            f"the file is not UTF-8: byte 0x{data[error.start]:02X} cannot start a character here; save it as UTF-8"
        )
        return Source(path, None, Problem(path, line, column, "encoding", message), _sample(data))
    bom = text.startswith("\ufeff")
    return Source(path, text[1:] if bom else text, bom=bom)


def _unmarked_encoding(head: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, told by where the NULs of the first ASCII characters fall.

    A YAML file starts with a character below U+0080 (a key, `#`, `-`, a
    space), so its first four bytes show the pattern (as RFC 4627 reads JSON).
    """
    if len(head) < 4 or head[0] == head[1] == head[2] == head[3] == 0:
        return None
    pattern = tuple(byte == 0 for byte in head)
    return {
        (True, True, True, False): "UTF-32-BE",
        (False, True, True, True): "UTF-32-LE",
        (True, False, True, False): "UTF-16-BE",
        (False, True, False, True): "UTF-16-LE",
    }.get(pattern)


def _sample_other(data: bytes, encoding: str) -> str:
    text = data[: SNIFF_BYTES * 4].decode(encoding, "replace").lstrip("\ufeff")
    return _NOT_YAML.sub("\ufffd", text)


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column of a byte, counted in the text as relmap reads it: without a byte-order mark."""
    text = data[:offset].decode("utf-8", "replace").removeprefix("\ufeff")
    return line_and_column(text, len(text))


def looks_like_map(text: str) -> bool:
    """Whether YAML text has a top-level `relmap:` key (directory scans skip others).

    Decided by what YAML reads at the first level of the document; only when
    the text does not parse that far does a `relmap:` line decide.
    """
    if "relmap" not in text and "\\" not in text:  # the key is not written, not even escaped: no need to parse
        return False
    found = has_top_level_key(text, "relmap")
    if found is None:  # compiled only here (re caches it): a file that parses never needs it
        return re.search(_MAP_MARKER, text, re.MULTILINE) is not None
    return found


def is_map_source(source: Source) -> bool:
    """Whether a source is a map: by its text, or, for a file that could not be read as text, by its start."""
    if source.text is not None:
        return looks_like_map(source.text)
    return source.sample is not None and looks_like_map(source.sample)


def scan_paths(paths: Iterable[str], limit: int | None = None, *, only_maps: bool = False) -> Scan:
    """Read every named file and every map below every named directory, in order.

    A file named explicitly must be a map, unless `only_maps` is set: then it
    is skipped like a directory scan skips files that are not maps (YAML
    without a top-level `relmap:` key, other text, binaries, lockfiles over
    the size limit): pre-commit names every YAML file that changed.
    A folder scan reads regular files only and reports what else it met.
    Raises `UsageError` for a path that does not exist.
    """
    paths = list(paths)
    if paths.count(STDIN) > 1:
        raise UsageError("- (standard input) can be named only once")
    scan = Scan([], [])
    for path in paths:
        if path != STDIN and os.path.islink(path) and not os.path.exists(path):
            raise UsageError(f"{path} is a broken symbolic link: {os.readlink(path)} does not exist")
        if path == STDIN:
            scan.sources.append(read_source(path, limit))
        elif os.path.isdir(path):
            for file in _walk(Path(path), scan.skipped):
                if os.path.islink(file) and not os.path.exists(file):
                    scan.skipped.append(Skipped(str(file), "a broken symbolic link"))
                    continue
                try:
                    source = read_source(str(file), limit, regular_only=True)
                except _NotRegular as error:
                    scan.skipped.append(Skipped(str(file), f"not a regular file ({error.kind})"))
                    continue
                if source.problem is not None and source.problem.rule == "read-error":
                    scan.sources.append(source)  # a map we cannot read is still a map we must not skip
                elif is_map_source(source):
                    scan.sources.append(source)
        elif os.path.lexists(path):
            source = read_source(path, limit)
            if not only_maps or is_map_source(source):
                scan.sources.append(source)
        else:
            raise UsageError(f"no such file or directory: {path}")
    return scan


def collect_sources(paths: Iterable[str], limit: int | None = None, *, only_maps: bool = False) -> list[Source]:
    """The sources `scan_paths` finds (what it skipped is dropped)."""
    return scan_paths(paths, limit, only_maps=only_maps).sources


def _walk(root: Path, skipped: list[Skipped]) -> Iterator[Path]:
    """Every `.yaml`/`.yml` file below `root` (any case), sorted, skipping hidden folders.

    Iterative, so no depth of folders can exhaust the stack; linked folders
    are not entered. A folder that cannot be listed is added to `skipped`:
    its maps must not vanish unsaid.
    """
    found: list[Path] = []
    pending = [str(root)]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        if not entry.name.startswith("."):
                            pending.append(entry.path)
                    elif entry.name.lower().endswith(MAP_SUFFIXES):
                        found.append(Path(entry.path))
        except OSError as error:
            skipped.append(Skipped(folder, f"cannot read the folder: {error.strerror or error}"))
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
    """Load a map from YAML text; `path` is only used to label problems.

    At most `MAX_PROBLEMS` problems are listed, the first in the file, then
    one that says how many more there are.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    root, parsed = parse_yaml(text, path)
    problems = ProblemLog(parsed)
    if root is None:
        if not problems:
            problems.append(Problem(path, 1, 1, "empty", "the file is empty; a map starts with 'relmap: 1'"))
        return LoadedMap(path, None, problems.capped())
    if not isinstance(root, YMap):
        pos = root.pos() if isinstance(root, YList) else Pos(1, 1)
        problems.append(
            Problem(path, *pos, "type", "a map must be a YAML mapping of keys such as relmap, account, client")
        )
        return LoadedMap(path, None, problems.capped())
    source = SourceMap(path, root)
    version = _check_version(root, path)
    if version is not None:
        problems.append(version)
        return LoadedMap(path, None, problems.capped(), source)
    model = _validate(root, path, problems)
    if model is not None and not problems:
        return LoadedMap(path, model, [], source)
    return LoadedMap(path, None, problems.capped(), source)


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


def _validate(root: YMap, path: str, problems: ProblemLog) -> AccountMap | None:
    """Schema then whole-map rules; a fast path when the schema passes at once."""
    try:
        model = validate_map(root)
    except ValidationError:
        items = _validate_parts(root, path, problems)
        problems.extend(check_integrity(items, root, path))
        return None
    items = Items(
        account=model.account,
        team=list(enumerate(model.team)),
        client=list(enumerate(model.client)),
        relationships=list(enumerate(model.relationships)),
        actions=list(enumerate(model.actions)),
        interest_ids=[(index, interest.id) for index, interest in enumerate(model.interests)],
    )
    integrity = check_integrity(items, root, path)
    problems.extend(integrity)
    return model if not integrity else None


def _errors(error: ValidationError, prefix: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    """pydantic's errors, located from the top of the map; an alias already has its own error."""
    found = []
    for item in error.errors(include_url=False):
        if item.get("input") is not ALIAS:
            item["loc"] = (*prefix, *item["loc"])
            found.append(item)
    return found


def _translated(errors: list[dict[str, Any]], root: YMap, path: str) -> list[Problem]:
    """The schema's errors in the words of the format; their wording loads only for a map that has some."""
    if not errors:
        return []
    from .schema_errors import translate

    return [translate(item, root, path) for item in errors]


def _validate_parts(root: YMap, path: str, problems: ProblemLog) -> Items:
    """Validate the top level, then item by item, so the whole-map rules can
    still judge everything else (one typo must not hide the rest), and so
    that a file full of mistakes is translated one item at a time."""
    top = {key: [] if key in SECTIONS and isinstance(value, list) else value for key, value in root.items()}
    try:
        validate(AccountMap, top)
    except ValidationError as error:
        errors = _errors(error)
    else:
        errors = []
    problems.extend(_translated(errors, root, path))
    account_faults = {str(item["loc"][1]) for item in errors if len(item["loc"]) > 1 and item["loc"][0] == "account"}
    items = Items(account=_try(Account, root.get("account"), account_faults))
    for section, model in SECTIONS.items():
        entries = root.get(section)
        if not isinstance(entries, list):
            continue
        valid: list[tuple[int, Any]] = []
        for index, entry in enumerate(entries):
            try:
                valid.append((index, validate(model, entry)))
                continue
            except ValidationError as error:
                errors = _errors(error, (section, index))
            # a problem is never before the item it is in: past the listed ones, only count
            if isinstance(entries, YList) and not problems.listed(path, *entries.item_pos(index)):
                problems.count(Severity.ERROR, len(errors))
            else:
                problems.extend(_translated(errors, root, path))
            dropped = {str(item["loc"][2]) for item in errors if len(item["loc"]) > 2}
            item = _try(model, entry, dropped) if dropped else None
            if item is not None:
                valid.append((index, item))
                items.dropped.update((section, index, key) for key in dropped)
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
