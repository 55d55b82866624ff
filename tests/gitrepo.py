"""Real git repositories in temporary folders, with commits at set dates."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path


def git_env(home: Path) -> dict[str, str]:
    """An environment where git reads no user or system settings."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_AUTHOR_NAME="Kim Park",
        GIT_AUTHOR_EMAIL="kim@example.com",
        GIT_COMMITTER_NAME="Kim Park",
        GIT_COMMITTER_EMAIL="kim@example.com",
    )
    return env


@dataclass
class GitRepo:
    """A repository on disk and the environment to run git in it."""

    path: Path
    env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def create(cls, path: Path) -> GitRepo:
        """`git init` a new repository with branch `main`."""
        path.mkdir(parents=True, exist_ok=True)
        repo = cls(path, git_env(path.parent))
        repo.git("init", "-q", "-b", "main")
        return repo

    def git(self, *args: str) -> str:
        """Run git in the repository; its output."""
        result = subprocess.run(["git", *args], cwd=self.path, env=self.env, capture_output=True, text=True, check=True)
        return result.stdout

    def commit(self, files: dict[str, str], message: str, day: str) -> str:
        """Write `files` (path -> text), commit them all on `day` (YYYY-MM-DD); the commit id."""
        for name, text in files.items():
            target = self.path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        self.git("add", "--all")
        stamp = f"{day}T12:00:00+00:00"
        self.env.update(GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD").strip()
