"""A git repository in which one realistic map went through many commits, for timing `relmap trend`.

Each commit does what a KAM's week does to a map: a contact's `last` date
moves, now and then a stance changes or an action is marked done. The
versions are also written out as files, so the benchmark can time parsing
every version once, the floor of any trend that reads them all.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
from datetime import date, timedelta
from pathlib import Path

from generate import realistic_map

ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_NAME": "Kim Park",
    "GIT_AUTHOR_EMAIL": "kim@example.com",
    "GIT_COMMITTER_NAME": "Kim Park",
    "GIT_COMMITTER_EMAIL": "kim@example.com",
}
LAST = re.compile(r"last: \d{4}-\d{2}-\d{2}")


def make_history(folder: Path, commits: int = 200, seed: int = 7) -> tuple[Path, list[Path]]:
    """A repository at `folder/repo` whose `acme.yaml` has `commits` versions; and the versions as files."""
    repo = folder / "repo"
    versions = folder / "versions"
    repo.mkdir(parents=True)
    versions.mkdir()
    env = {**os.environ, **ENV}
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, env=env, check=True)
    rng = random.Random(seed)
    lines = realistic_map(seed).splitlines()
    files = []
    for number in range(commits):
        knows = [i for i, line in enumerate(lines) if "kind: knows" in line]
        pick = rng.choice(knows)
        day = date(2025, 1, 1) + timedelta(days=2 * number)
        lines[pick] = LAST.sub(f"last: {day.isoformat()}", lines[pick])
        if number % 10 == 5:
            actions = [i for i, line in enumerate(lines) if "status: open" in line]
            if actions:
                done = rng.choice(actions)
                lines[done] = lines[done].replace("status: open", "status: done")
        text = "\n".join(lines) + "\n"
        (repo / "acme.yaml").write_text(text, encoding="utf-8")
        files.append(versions / f"v{number:04d}.yaml")
        files[-1].write_text(text, encoding="utf-8")
        stamp = f"{day.isoformat()}T12:00:00+00:00"
        commit_env = {**env, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        subprocess.run(["git", "add", "acme.yaml"], cwd=repo, env=commit_env, check=True)
        subprocess.run(["git", "commit", "-q", "-m", f"week {number}"], cwd=repo, env=commit_env, check=True)
    return repo, files
