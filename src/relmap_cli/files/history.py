"""A map's earlier version, read from git history with the `git` command.

The one module that runs git. It refuses rather than guesses: a shallow
clone, an unknown revision or a file the revision does not hold is a
`HistoryError` with a plain message, never a wrong "old version".
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

_OBJECT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class HistoryError(Exception):
    """The old version cannot be read; the message says why, in plain words."""


@dataclass(frozen=True, slots=True)
class Revision:
    """One commit, as shown to the user."""

    commit: str
    short: str
    day: str  # committer date, YYYY-MM-DD
    subject: str


@dataclass(frozen=True, slots=True)
class OldVersion:
    """A file's bytes as they were in a revision."""

    path: str  # inside the repository, as `REV:path`
    data: bytes
    revision: Revision


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
    if _DATE.match(rev):
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


def read_old_version(path: str, rev: str) -> OldVersion:
    """The committed content of the file at `path` as of revision `rev`.

    `rev` is anything `git rev-parse` understands (HEAD~3, v1.2, main, a
    commit id) or a date YYYY-MM-DD: the last commit on the current
    branch's first-parent line made on or before that day.
    """
    file = Path(path).resolve()
    if file.is_dir():
        raise HistoryError(f"{path} is a directory; diff --since compares one map file with its history")
    folder = file.parent
    if not folder.is_dir():
        raise HistoryError(f"no such folder: {Path(path).parent}")
    top = _git(folder, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise HistoryError(f"{path} is not inside a git repository{_said(top)}")
    shallow = _git(folder, "rev-parse", "--is-shallow-repository")
    if shallow.stdout.decode().strip() == "true":
        raise HistoryError(
            "this is a shallow clone: its history is incomplete, so relmap cannot tell what an earlier "
            "version held. Fetch the whole history first: git fetch --unshallow "
            "(in GitHub Actions: actions/checkout with fetch-depth: 0)"
        )
    commit = _resolve(folder, rev)
    root = Path(os.fsdecode(top.stdout.strip()))
    inside = file.relative_to(root.resolve()).as_posix() if file.is_relative_to(root.resolve()) else None
    if inside is None:
        raise HistoryError(f"{path} is outside the repository at {root}")
    revision = _describe(folder, commit)
    content = _git(folder, "cat-file", "blob", f"{commit}:{inside}")
    if content.returncode != 0:
        raise HistoryError(
            f"{inside} does not exist in {rev} (commit {revision.short} of {revision.day}): "
            "was it added later, or under another name?"
        )
    return OldVersion(inside, content.stdout, revision)


def _describe(folder: Path, commit: str) -> Revision:
    shown = _git(folder, "show", "-s", "--format=%h%x00%cs%x00%s", commit)
    short, day, subject = [*shown.stdout.decode("utf-8", "replace").strip().split("\0"), "", "", ""][:3]
    return Revision(commit, short or commit[:7], day, subject)
