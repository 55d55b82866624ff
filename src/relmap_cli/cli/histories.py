"""Git history -> trends: each version read (files.history), loaded (load) and judged (analysis.trend).

Shared by `trend`, `report` and `portfolio`. A point depends only on the
version's content and its day, so points are kept between runs
(files.cache, keyed by the blob id and the day): a second run reads only
the versions it has not judged before, and loads no map at all when there
are none. Versions dated after `--today` are not part of the trend.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..analysis.trend import Figures, Trend
    from ..files.history import History, Version


def _versions_in_view(history: History, today: date, last: int | None) -> list[Version]:
    versions = [v for v in history.versions if date.fromisoformat(v.revision.day) <= today]
    if last is not None:
        keep = max(0, last - (history.working is not None))
        versions = versions[len(versions) - keep :] if keep else []
    return versions


def _stored(value: Any) -> tuple[Figures | None, int] | None:
    """A kept entry back as figures (or an error count); None when it is not one relmap wrote."""
    from ..analysis.trend import Figures

    try:
        if "errors" in value:
            return None, int(value["errors"])
        reviewed = value.get("reviewed")
        fields = {**value, "reviewed": date.fromisoformat(reviewed) if reviewed else None}
        return Figures(**fields), 0
    except (TypeError, ValueError, AttributeError):
        return None


def _kept(figures: Figures | None, errors: int) -> dict[str, Any]:
    if figures is None:
        return {"errors": errors}
    value = figures._asdict()
    value["reviewed"] = figures.reviewed.isoformat() if figures.reviewed else None
    return value


def build_trends(
    histories: dict[str, History], today: date, last: int | None = None, *, use_cache: bool = True
) -> dict[str, Trend]:
    """The trend of each history (keyed as given) as of `today`; `last` keeps only the newest points.

    Every content still to judge, over all the histories of one
    repository, is read in one batch.
    """
    from ..analysis.trend import Point, Trend
    from ..files.cache import Store
    from ..files.history import read_blobs

    stores = {name: Store("trend", f"{h.root}\0{h.path}") if use_cache else None for name, h in histories.items()}
    chosen = {name: _versions_in_view(history, today, last) for name, history in histories.items()}
    judged: dict[tuple[str, str], tuple[Figures | None, int]] = {}  # (blob, day) -> figures or errors
    kept: set[tuple[str, str, str]] = set()  # (name, blob, day) found in that name's store: kept already
    missing: dict[str, list[Version]] = {}
    for name, versions in chosen.items():
        store = stores[name]
        for version in versions:
            found = _stored(store.get(f"{version.blob}@{version.revision.day}")) if store else None
            if found is not None:
                judged[(version.blob, version.revision.day)] = found
                kept.add((name, version.blob, version.revision.day))
            else:
                missing.setdefault(name, []).append(version)
    by_root: dict[Path, tuple[History, list[str]]] = {}
    for name, versions in missing.items():
        entry = by_root.setdefault(histories[name].root, (histories[name], []))
        entry[1].extend(version.blob for version in versions)
    contents: dict[str, bytes] = {}
    for history, blobs in by_root.values():
        contents.update(read_blobs(history, blobs))
    trends = {}
    for name, history in histories.items():
        store = stores[name]
        trend = Trend(account=name, path=history.path, shallow=history.shallow)
        for version in chosen[name]:
            revision, key = version.revision, (version.blob, version.revision.day)
            if key not in judged and version.blob in contents:
                judged[key] = _judge(f"{revision.short}:{version.path}", contents[version.blob], key[1])
            if key not in judged:
                continue  # git could not give the content (a missing object in a broken clone)
            figures, errors = judged[key]
            if store is not None and (name, *key) not in kept:
                store.put(f"{key[0]}@{key[1]}", _kept(figures, errors))
            day = date.fromisoformat(revision.day)
            trend.points.append(Point(revision.commit, revision.short, day, revision.subject, figures, errors))
        if history.working is not None:
            from ..files.digest import sha256

            digest = "w" + sha256(history.working).hexdigest()
            found = _stored(store.get(f"{digest}@{today}")) if store else None
            figures, errors = found if found is not None else _judge(name, history.working, today.isoformat())
            if store is not None:
                store.put(f"{digest}@{today}", _kept(figures, errors))
            trend.points.append(Point(None, "working tree", today, "not committed yet", figures, errors))
        if store is not None:
            store.save()
        named = [point.figures.account for point in trend.points if point.figures is not None]
        trend.account = named[-1] if named else name
        trends[name] = trend
    return trends


def build_trend(history: History, label: str, today: date, last: int | None = None, *, use_cache: bool = True) -> Trend:
    """The trend of one map's history as of `today` (see `build_trends`)."""
    return build_trends({label: history}, today, last, use_cache=use_cache)[label]


def _judge(name: str, data: bytes, day: str) -> tuple[Figures | None, int]:
    """Load one version and judge it as of `day`: its figures, or its number of errors."""
    from ..analysis.trend import judge_version
    from ..load.loader import load_source, source_from_bytes

    loaded = load_source(source_from_bytes(name, data))
    if loaded.model is None or loaded.problems:
        return None, len(loaded.problems)
    return judge_version(loaded.model, date.fromisoformat(day)), 0
