"""A map's earlier versions, read from git history with the `git` command.

The one module that runs git. For one old version (`diff --since`) it
refuses rather than guesses: a shallow clone, an unknown revision or a file
the revision does not hold is a `HistoryError` with a plain message, never a
wrong "old version". For the whole history (`trend`) it reads every version
with a fixed number of git processes whatever the number of commits (one
`git log`, then one `git cat-file --batch` for the contents the caller
does not have yet), follows renames, and says when the clone is shallow so
the caller can say the history is cut short.
"""

import os
import re
import subprocess
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from ..format.model import is_date_text
from ..tuples import NamedTuple

_OBJECT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


class HistoryError(Exception):
    """The old version cannot be read; the message says why, in plain words."""


class Revision(NamedTuple):
    """One commit, as shown to the user."""

    commit: str
    short: str
    day: str  # committer date, YYYY-MM-DD
    subject: str


class OldVersion(NamedTuple):
    """A file's bytes as they were in a revision."""

    path: str  # inside the repository, as `REV:path`
    data: bytes
    revision: Revision


class Version(NamedTuple):
    """A file as one commit left it: its blob id (its content is read with `read_blobs`)."""

    revision: Revision
    path: str  # inside the repository, at that commit (a renamed file had another)
    blob: str


class History(NamedTuple):
    """Every committed version of one file on the current branch's main line, oldest first."""

    root: Path  # the repository's top folder
    path: str  # inside the repository, today
    versions: list[Version]
    working: bytes | None  # the file on disk, when it differs from the newest version
    shallow: bool  # the clone is shallow: versions before the oldest one here are missing


class _Place(NamedTuple):
    """Where a file sits: its repository and its path inside it."""

    folder: Path
    root: Path
    inside: str
    shallow: bool


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0", LC_ALL="C")
    try:
        return subprocess.run(["git", *args], cwd=folder, env=env, capture_output=True, check=False)
    except FileNotFoundError:
        raise HistoryError("git is not installed (or not on PATH); it is needed to read earlier versions") from None


def _said(result: subprocess.CompletedProcess[bytes]) -> str:
    lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
    return f" (git: {lines[0]})" if lines else ""


def _resolve(folder: Path, rev: str) -> str:
    """The commit id `rev` names; a date YYYY-MM-DD names the last commit on or before it."""
    found = _git(folder, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    commit = found.stdout.decode("ascii", "replace").strip()
    if found.returncode == 0 and _OBJECT_ID.fullmatch(commit):  # `^HEAD` verifies too, as "^<id>": no commit
        return commit
    if is_date_text(rev):
        try:
            date.fromisoformat(rev)
        except ValueError:
            raise HistoryError(f"{rev} is not a real date (YYYY-MM-DD)") from None
        before = _git(folder, "rev-list", "-1", "--first-parent", f"--before={rev}T23:59:59", "HEAD")
        commit = before.stdout.decode().strip()
        if before.returncode == 0 and commit:
            return commit
        raise HistoryError(f"no commit on or before {rev} in the history of HEAD")
    raise HistoryError(f"unknown revision '{rev}': name a commit, branch or tag (or a date YYYY-MM-DD)")


# Environment that changes how git finds a repository: with any of it set, git itself is asked.
_DISCOVERY_ENV = ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM")


def _plain_repository(folder: Path) -> tuple[Path, bool] | None:
    """The common case without a git process: the nearest `.git` above `folder` is a folder of its own.

    A `.git` file (a worktree, a submodule) or any discovery setting in the
    environment is left to git: None.
    """
    if any(os.environ.get(name) for name in _DISCOVERY_ENV):
        return None
    for candidate in (folder, *folder.parents):
        dot = candidate / ".git"
        if dot.is_dir() and (dot / "HEAD").is_file() and (dot / "objects").is_dir():
            return candidate, (dot / "shallow").is_file()
        if os.path.lexists(dot):
            return None
    return None


def _repository(folder: Path, path: str) -> tuple[Path, bool]:
    """The top folder of the repository holding `folder` (resolved), and whether the clone is shallow."""
    plain = _plain_repository(folder)
    if plain is not None:
        return plain
    found = _git(folder, "rev-parse", "--show-toplevel", "--is-shallow-repository")
    if found.returncode != 0:
        raise HistoryError(f"{path} is not inside a git repository{_said(found)}")
    top, _, shallow = found.stdout.rstrip(b"\n").rpartition(b"\n")
    return Path(os.fsdecode(top)), shallow.strip() == b"true"


def _locate(path: str, purpose: str) -> _Place:
    """The repository holding the file at `path`; `purpose` finishes the sentence for a directory."""
    file = Path(path).resolve()
    if file.is_dir():
        raise HistoryError(f"{path} is a directory; {purpose}")
    folder = file.parent
    if not folder.is_dir():
        raise HistoryError(f"no such folder: {Path(path).parent}")
    root, shallow = _repository(folder, path)
    if not file.is_relative_to(root.resolve()):
        raise HistoryError(f"{path} is outside the repository at {root}")
    return _Place(folder, root, file.relative_to(root.resolve()).as_posix(), shallow)


def read_old_version(path: str, rev: str) -> OldVersion:
    """The committed content of the file at `path` as of revision `rev`.

    `rev` is anything `git rev-parse` understands (HEAD~3, v1.2, main, a
    commit id) or a date YYYY-MM-DD: the last commit on the current
    branch's first-parent line made on or before that day.
    """
    place = _locate(path, "diff --since compares one map file with its history")
    if place.shallow:
        raise HistoryError(
            "this is a shallow clone: its history is incomplete, so relmap cannot tell what an earlier "
            "version held. Fetch the whole history first: git fetch --unshallow "
            "(in GitHub Actions: actions/checkout with fetch-depth: 0)"
        )
    commit = _resolve(place.folder, rev)
    revision = _describe(place.folder, commit)
    content = _git(place.folder, "cat-file", "blob", f"{commit}:{place.inside}")
    if content.returncode != 0:
        raise HistoryError(
            f"{place.inside} does not exist in {rev} (commit {revision.short} of {revision.day}): "
            "was it added later, or under another name?"
        )
    return OldVersion(place.inside, content.stdout, revision)


# what `git log` prints for each commit, after a NUL: id, committer day, subject
# (no short id: --no-abbrev, which the blob ids need, makes %h the full id)
_LOG_FORMAT = "--format=%x00%H%x00%cs%x00%s"
SHORT = 7  # characters of a commit id shown to the user
_LOG_OPTIONS = ("--first-parent", "-M", "--raw", "--no-abbrev", "-z", "--no-color", "--no-show-signature")


class _Change(NamedTuple):
    """One file in one commit of `git log --raw`: its new blob (or None when deleted) and paths."""

    blob: str | None
    path: str
    old_path: str | None  # for a rename or copy


def _parse_log(output: bytes) -> list[tuple[Revision, list[_Change]]]:
    """`git log -z --raw` with `_LOG_FORMAT`, newest first: each commit and the files it changed."""
    tokens = output.split(b"\0")
    commits: list[tuple[Revision, list[_Change]]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token == b"" and index + 3 < len(tokens) and len(tokens[index + 1]) >= 40:
            commit, day, subject = (tokens[index + i].decode("utf-8", "replace") for i in range(1, 4))
            commits.append((Revision(commit, commit[:SHORT], day, subject), []))
            index += 4
        elif token.lstrip(b"\n").startswith(b":") and commits:
            fields = token.lstrip(b"\n")[1:].decode("ascii", "replace").split(" ")
            new_blob, status = fields[3], fields[4]
            paths = 2 if status[:1] in ("R", "C") else 1
            names = [name.decode("utf-8", "surrogateescape") for name in tokens[index + 1 : index + 1 + paths]]
            blob = None if status.startswith("D") or set(new_blob) == {"0"} else new_blob
            commits[-1][1].append(_Change(blob, names[-1], names[0] if paths == 2 else None))
            index += 1 + paths
        else:
            index += 1
    return commits


def _read_blobs(folder: Path, blobs: list[str]) -> dict[str, bytes]:
    """The content of every blob, read by one `git cat-file --batch`."""
    if not blobs:
        return {}
    request = "".join(f"{blob}\n" for blob in blobs).encode("ascii")
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0", LC_ALL="C")
    try:
        result = subprocess.run(
            ["git", "cat-file", "--batch"], cwd=folder, env=env, input=request, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise HistoryError("git is not installed (or not on PATH); it is needed to read earlier versions") from None
    if result.returncode != 0:
        raise HistoryError(f"git could not read the file's earlier versions{_said(result)}")
    found: dict[str, bytes] = {}
    data, position = result.stdout, 0
    while position < len(data):
        end = data.index(b"\n", position)
        header = data[position:end].split(b" ")
        position = end + 1
        if len(header) == 3:
            size = int(header[2])
            found[header[0].decode("ascii")] = data[position : position + size]
            position += size + 1  # the content, then a newline
    return found


def _follow(
    commits: list[tuple[Revision, list[_Change]]], paths: dict[str, str]
) -> dict[str, list[tuple[Revision, str, str]]]:
    """For each file (path today -> key), (revision, path then, blob) of every commit that left it, oldest first.

    One pass from the newest commit back: a rename hands the key over to
    the file's earlier name.
    """
    tracked = dict(paths)
    found: dict[str, list[tuple[Revision, str, str]]] = {key: [] for key in paths.values()}
    for revision, changes in commits:  # newest first
        for change in changes:
            key = tracked.get(change.path)
            if key is None:
                continue
            if change.blob is not None:
                found[key].append((revision, change.path, change.blob))
            if change.old_path is not None:
                del tracked[change.path]
                tracked[change.old_path] = key
    for versions in found.values():
        versions.reverse()
    return found


def _versions(followed: dict[str, list[tuple[Revision, str, str]]]) -> dict[str, list[Version]]:
    return {key: [Version(*entry) for entry in found] for key, found in followed.items()}


def blob_id(data: bytes, like: str) -> str:
    """The id git gives content as a blob, in the object format of the id `like` (SHA-1 or SHA-256)."""
    from .digest import sha1, sha256

    header = b"blob %d\0" % len(data)
    digest = sha256 if len(like) == 64 else sha1
    return digest(header + data, usedforsecurity=False).hexdigest()


def _unchanged(root: Path, inside: str) -> bool:
    """Whether git sees no change to the file (its filters, such as line-end conversion, applied)."""
    status = _git(root, "status", "--porcelain", "-z", "--", inside)
    return status.returncode == 0 and status.stdout == b""


def _with_working(root: Path, inside: str, versions: list[Version], shallow: bool) -> History:
    """The history, with the file on disk when it is not what the newest commit holds."""
    file = root / inside
    on_disk = file.read_bytes() if file.is_file() else None
    working = on_disk
    if on_disk is not None and versions:
        newest = versions[-1].blob
        if blob_id(on_disk, newest) == newest or _unchanged(root, inside):
            working = None
    return History(root, inside, versions, working, shallow)


def read_blobs(history: History, blobs: Iterable[str]) -> dict[str, bytes]:
    """The content of the given versions' blobs, read by one `git cat-file --batch`."""
    return _read_blobs(history.root, list(dict.fromkeys(blobs)))


def read_history(path: str) -> History:
    """Every version of the file at `path` committed on the current branch's main line, oldest first.

    Renames are followed; a merge counts once, as the change it brought to
    the main line. The file on disk is part of the answer when it is not
    what the newest commit holds (uncommitted edits, or a file never
    committed). Contents are not read here: `read_blobs` reads the ones
    the caller needs, all in one batch.
    """
    place = _locate(path, "trend reads the history of one map file")
    log = _git(place.root, "log", *_LOG_OPTIONS, "--follow", _LOG_FORMAT, "--", place.inside)
    if log.returncode != 0 and b"does not have any commits" not in log.stderr:
        raise HistoryError(f"git could not read the history of {place.inside}{_said(log)}")
    commits = _parse_log(log.stdout) if log.returncode == 0 else []
    versions = _versions(_follow(commits, {place.inside: place.inside}))[place.inside]
    history = _with_working(place.root, place.inside, versions, place.shallow)
    if not history.versions and history.working is None:
        raise HistoryError(f"no such file: {path}")
    return history


def read_folder_histories(folder: str, files: list[str]) -> dict[str, History]:
    """The histories of several files below one folder, from one `git log` over the folder.

    Keys are the names given in `files`. Renames are followed while both
    names are inside the folder. Outside a repository the answer is empty:
    the caller goes without trends.
    """
    base = Path(folder).resolve()
    try:
        root, shallow = _repository(base, folder)
    except HistoryError:
        return {}
    real_root = root.resolve()
    wanted: dict[str, str] = {}  # path inside the repository -> the name given
    for name in files:
        file = Path(name).resolve()
        if file.is_relative_to(real_root):
            wanted[file.relative_to(real_root).as_posix()] = name
    scope = base.relative_to(real_root).as_posix() if base.is_relative_to(real_root) else "."
    log = _git(root, "log", *_LOG_OPTIONS, _LOG_FORMAT, "--", scope)
    commits = _parse_log(log.stdout) if log.returncode == 0 else []
    versions = _versions(_follow(commits, wanted))
    return {name: _with_working(root, inside, versions[name], shallow) for inside, name in wanted.items()}


def _describe(folder: Path, commit: str) -> Revision:
    shown = _git(folder, "show", "-s", "--format=%h%x00%cs%x00%s", commit)
    short, day, subject = [*shown.stdout.decode("utf-8", "replace").strip().split("\0"), "", "", ""][:3]
    return Revision(commit, short or commit[:7], day, subject)
