"""How an account's health moved: one point per version of its map, each judged as of its own day.

A version that is not a valid map is a point with its number of errors and
no figures. The figures are `health.account_health`'s, so a point means what
the same map would show in `portfolio` on that day; they are plain values,
so points can be kept between runs, and the analyses are imported only when
a version has to be judged. Pure; no I/O.
"""

from datetime import date
from typing import TYPE_CHECKING

from ..tuples import NamedTuple

if TYPE_CHECKING:
    from ..format.model import AccountMap
    from .health import Health

SERIES = ("reached", "threads", "red_flags", "stale", "open", "overdue")


class Figures(NamedTuple):
    """The numbers of one point: plain values, so they can be kept between runs."""

    account: str
    status: int
    model: str
    key_players: int
    reached: int
    threads: int
    red_flags: int
    stale: int
    open: int
    overdue: int
    reviewed: date | None = None

    @classmethod
    def of(cls, health: "Health", reviewed: date | None) -> "Figures":
        """The figures of an account's health."""
        return cls(
            health.account,
            health.status,
            health.model,
            health.key_players,
            health.reached,
            health.threads,
            len(health.red_flags),
            health.stale,
            health.open,
            health.overdue,
            reviewed,
        )


class Point(NamedTuple):
    """The account as one version of its map left it."""

    commit: str | None  # None for the working tree
    short: str  # the short commit id, or "working tree"
    day: date  # the day the point is judged as of: the commit's, or --today for the working tree
    subject: str
    figures: Figures | None  # None when that version is not a valid map
    errors: int = 0

    def value(self, series: str) -> int | None:
        """A figure of the point by name (one of SERIES), None without figures."""
        return None if self.figures is None else int(getattr(self.figures, series))


class Trend:
    """The points of one map, oldest first (filled in as they are judged)."""

    __slots__ = ("account", "path", "points", "shallow")

    def __init__(self, account: str, path: str, shallow: bool, points: list[Point] | None = None) -> None:
        self.account = account
        self.path = path
        self.shallow = shallow  # the history is cut short: it starts at the clone's depth
        self.points: list[Point] = points if points is not None else []

    @property
    def valid(self) -> list[Point]:
        """The points that have figures."""
        return [point for point in self.points if point.figures is not None]


def judge_version(model: "AccountMap", day: date) -> Figures:
    """The figures of a valid map as of `day`."""
    from ..graph import build_graph
    from .health import account_health

    return Figures.of(account_health(build_graph(model, day), day), model.account.reviewed)
