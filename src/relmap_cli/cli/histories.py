"""Git history -> trends: each version read (files.history), loaded (load) and judged (analysis.trend).

Shared by `trend`, `report` and `portfolio`. Each distinct version is
loaded once, however many commits left it so; versions dated after
`--today` are not part of the trend.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..analysis.trend import Trend
    from ..files.history import History
    from ..format.model import AccountMap


def build_trend(history: History, label: str, today: date, last: int | None = None) -> Trend:
    """The trend of one map's history as of `today`; `last` keeps only the newest points."""
    from ..analysis.trend import Point, Trend, judge_version
    from ..load.loader import load_source, source_from_bytes

    loaded: dict[bytes, tuple[AccountMap | None, int]] = {}

    def load(name: str, data: bytes) -> tuple[AccountMap | None, int]:
        key = hashlib.sha1(data, usedforsecurity=False).digest()
        if key not in loaded:
            result = load_source(source_from_bytes(name, data))
            valid = result.model is not None and not result.problems
            loaded[key] = (result.model if valid else None, len(result.problems))
        return loaded[key]

    def point(name: str, data: bytes, day: date, commit: str | None, short: str, subject: str) -> Point:
        model, errors = load(name, data)
        figures = judge_version(model, day) if model is not None else None
        return Point(commit, short, day, subject, figures, errors)

    versions = [v for v in history.versions if date.fromisoformat(v.revision.day) <= today]
    if last is not None:
        keep = max(0, last - (history.working is not None))
        versions = versions[len(versions) - keep :] if keep else []
    trend = Trend(account=label, path=history.path, shallow=history.shallow)
    for version in versions:
        revision = version.revision
        day = date.fromisoformat(revision.day)
        name = f"{revision.short}:{version.path}"
        trend.points.append(point(name, version.data, day, revision.commit, revision.short, revision.subject))
    if history.working is not None:
        trend.points.append(point(label, history.working, today, None, "working tree", "not committed yet"))
    named = [point.figures.account for point in trend.points if point.figures is not None]
    if named:
        trend.account = named[-1]
    return trend
