"""A trend as SVG: a small line chart (for `trend`, `report`) and a sparkline (for `portfolio`).

Plain SVG with presentation attributes only (no style element, no script),
so it can be inlined in any page, including one with a strict
Content-Security-Policy. Map text is escaped as XML. No I/O.
"""

from __future__ import annotations

import re
from html import escape

from ..analysis.trend import Point, Trend
from .safe import clean_line

# series -> (label, colour, dash); the order of the legend
LINES = {
    "reached": ("key players reached", "#2e7d32", ""),
    "threads": ("threads", "#1f6fb2", ""),
    "red_flags": ("red flags", "#c62828", ""),
    "stale": ("stale key contacts", "#d97706", "5 3"),
    "overdue": ("overdue actions", "#6a1b9a", "2 3"),
}
FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def xml(text: str) -> str:
    """Map text as XML character data or a quoted attribute value."""
    return escape(_NOT_XML.sub("\ufffd", clean_line(text)), quote=True)


def _n(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _xs(points: list[Point], left: float, width: float) -> list[float]:
    """x of each point: by date, or evenly when every point has the same day."""
    days = [point.day.toordinal() for point in points]
    span = max(days) - min(days) if days else 0
    if len(points) == 1:
        return [left + width / 2]
    if span == 0:
        return [left + width * i / (len(points) - 1) for i in range(len(points))]
    return [left + width * (day - days[0]) / span for day in days]


def _paths(values: list[int | None], xs: list[float], y: object) -> list[str]:
    """Polyline point lists, broken where a version had no figures."""
    runs: list[list[str]] = [[]]
    for value, x in zip(values, xs, strict=True):
        if value is None:
            runs.append([])
        else:
            runs[-1].append(f"{_n(x)},{_n(y(value))}")  # type: ignore[operator]
    return [" ".join(run) for run in runs if run]


def render_chart(trend: Trend, width: int = 720, height: int = 240) -> str:
    """The trend's counts over time, one line each, with a legend giving the latest values."""
    left, right, top, bottom = 36.0, 200.0, 34.0, 30.0
    plot_w, plot_h = width - left - right, height - top - bottom
    points = trend.points
    values = {series: [point.value(series) for point in points] for series in LINES}
    highest = max([v for series in values.values() for v in series if v is not None] + [4])
    step = max(1, -(-highest // 4))
    ceiling = step * -(-highest // step)

    def y(value: int) -> float:
        return top + plot_h * (1 - value / ceiling)

    title = f"{trend.account}: health over {len(points)} version{'s' * (len(points) != 1)}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="relmap-trend" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{xml(title)}" font-family="{FONT}">',
        f"<title>{xml(title)}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{_n(left)}" y="20" font-size="13" font-weight="bold" fill="#1f2933">{xml(title)}</text>',
    ]
    for tick in range(0, ceiling + 1, step):
        ty = y(tick)
        out.append(
            f'<line x1="{_n(left)}" y1="{_n(ty)}" x2="{_n(left + plot_w)}" y2="{_n(ty)}" stroke="#e3e7ec"/>'
            f'<text x="{_n(left - 6)}" y="{_n(ty + 4)}" font-size="10" text-anchor="end" fill="#5f6b7a">{tick}</text>'
        )
    if not points:
        out.append(
            f'<text x="{_n(left + 8)}" y="{_n(top + plot_h / 2)}" font-size="12" fill="#5f6b7a">No history</text>'
        )
    xs = _xs(points, left + 6, plot_w - 12)
    for series, (_, colour, dash) in LINES.items():
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        for run in _paths(values[series], xs, y):
            out.append(
                f'<polyline class="series-{series.replace("_", "-")}" points="{run}" fill="none" stroke="{colour}" '
                f'stroke-width="2"{dashes} stroke-linejoin="round"/>'
            )
        for value, x in zip(values[series], xs, strict=True):
            if value is not None:
                out.append(f'<circle cx="{_n(x)}" cy="{_n(y(value))}" r="2.5" fill="{colour}"/>')
    for point, x in zip(points, xs, strict=True):
        if point.figures is None:
            out.append(
                f'<text x="{_n(x)}" y="{_n(top + plot_h - 4)}" font-size="11" text-anchor="middle" fill="#9aa5b1">'
                f"\u00d7<title>{xml(point.short)}: not a valid map ({point.errors} errors)</title></text>"
            )
    if points:
        base = top + plot_h + 16
        first, last = points[0], points[-1]
        out.append(f'<text x="{_n(xs[0])}" y="{_n(base)}" font-size="10" fill="#5f6b7a">{first.day}</text>')
        if len(points) > 1:
            out.append(
                f'<text x="{_n(xs[-1])}" y="{_n(base)}" font-size="10" text-anchor="end" fill="#5f6b7a">'
                f"{last.day}</text>"
            )
    latest = trend.valid[-1] if trend.valid else None
    for row, (series, (label, colour, dash)) in enumerate(LINES.items()):
        ly = top + 8 + row * 20
        lx = width - right + 18
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        now = ""
        if latest is not None and latest.figures is not None:
            now = f": {latest.value(series)}"
            if series == "reached":
                now += f" of {latest.figures.key_players}"
        out.append(
            f'<line x1="{_n(lx)}" y1="{_n(ly)}" x2="{_n(lx + 20)}" y2="{_n(ly)}" stroke="{colour}" stroke-width="2"'
            f'{dashes}/><text x="{_n(lx + 26)}" y="{_n(ly + 4)}" font-size="11" fill="#3c4650">{label}{now}</text>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def render_sparkline(trend: Trend, width: int = 120, height: int = 30) -> str:
    """Key players reached (share, green) and red flags (red) over time, with the figures as a tooltip."""
    valid = trend.valid
    pad = 3.0
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="spark" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{xml(_spark_words(trend))}">',
        f"<title>{xml(_spark_words(trend))}</title>",
    ]
    if valid:
        xs = _xs(trend.points, pad, width - 2 * pad)
        share = [
            None if p.figures is None else (p.figures.reached / p.figures.key_players if p.figures.key_players else 0.0)
            for p in trend.points
        ]
        flags = [p.value("red_flags") for p in trend.points]
        most = max([f for f in flags if f is not None] + [3])

        def y_share(value: float) -> float:
            return pad + (height - 2 * pad) * (1 - value)

        def y_flags(value: int) -> float:
            return pad + (height - 2 * pad) * (1 - value / most)

        for run in _paths([None if s is None else round(s * 1000) for s in share], xs, lambda v: y_share(v / 1000)):
            out.append(f'<polyline points="{run}" fill="none" stroke="#2e7d32" stroke-width="1.5"/>')
        for run in _paths(flags, xs, y_flags):
            out.append(f'<polyline points="{run}" fill="none" stroke="#c62828" stroke-width="1.5"/>')
        # the latest figures as dots, so a single version still shows where the account stands
        latest = max(i for i, point in enumerate(trend.points) if point.figures is not None)
        last_share, last_flags = share[latest], flags[latest]
        if last_share is not None and last_flags is not None:
            x = _n(xs[latest])
            out.append(f'<circle cx="{x}" cy="{_n(y_share(last_share))}" r="2.2" fill="#2e7d32"/>')
            out.append(f'<circle cx="{x}" cy="{_n(y_flags(last_flags))}" r="2.2" fill="#c62828"/>')
    out.append("</svg>")
    return "".join(out)


def _spark_words(trend: Trend) -> str:
    """`2025-03-01 to 2026-11-20: key players reached 2/6 -> 4/7, red flags 3 -> 1`."""
    valid = trend.valid
    if not valid:
        return "no history"
    first, last = valid[0].figures, valid[-1].figures
    assert first is not None and last is not None
    return (
        f"{valid[0].day} to {valid[-1].day}: key players reached {first.reached}/{first.key_players} -> "
        f"{last.reached}/{last.key_players}, red flags {first.red_flags} -> {last.red_flags}"
    )
