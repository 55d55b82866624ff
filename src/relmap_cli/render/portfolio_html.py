"""The portfolio as one self-contained page: a sortable table, a trend per account, links to reports.

Nothing is loaded from anywhere: style and script are inline and the
Content-Security-Policy allows exactly those two (by hash), so the page
makes no request at all. Map text reaches it only as escaped HTML. The
script sorts rows by each cell's `data-sort` value; without it the table
is simply in risk order. No I/O.
"""

from __future__ import annotations

from datetime import date
from html import escape
from urllib.parse import quote

from ..analysis.portfolio import Row
from ..analysis.trend import Trend
from .chart import render_sparkline
from .page import head, html_text
from .portfolio import champions_words, review_words, summary

CSS = """
html { background: #f4f6f8; }
body { margin: 0; font: 14px/1.4 Arial, 'Liberation Sans', Helvetica, sans-serif; color: #1f2933; }
main { max-width: 1400px; margin: 0 auto; padding: 20px 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
.sub { color: #5f6b7a; margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; background: #ffffff; box-shadow: 0 1px 3px rgba(20, 30, 40, 0.14); }
th, td { padding: 6px 10px; border-bottom: 1px solid #e3e7ec; text-align: left; vertical-align: middle; }
th { background: #eef1f5; font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: #3c4650; }
th button { font: inherit; color: inherit; background: none; border: 0; padding: 0; cursor: pointer;
  text-transform: inherit; letter-spacing: inherit; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td .path { color: #7b8794; font-size: 12px; }
td .error { color: #b42318; font-size: 12px; max-width: 28em; }
td a { color: #1f4e8c; font-weight: bold; text-decoration: none; }
td a:hover { text-decoration: underline; }
tr.broken td { background: #fdecec; }
.bad { color: #b42318; font-weight: bold; }
.warn { color: #a15c07; }
.muted { color: #7b8794; }
.legend { color: #5f6b7a; font-size: 12px; margin-top: 12px; }
.legend .swatch { display: inline-block; width: 14px; height: 3px; vertical-align: middle; margin: 0 4px 0 10px; }
.legend .reached { background: #2e7d32; }
.legend .flags { background: #c62828; }
@media print {
  @page { size: landscape; margin: 10mm; }
  html { background: #ffffff; }
  main { max-width: none; padding: 0; }
  table { box-shadow: none; }
  th button::after { content: none; }
  tr { break-inside: avoid; }
}
"""

SCRIPT = """
(function () {
  "use strict";
  var table = document.getElementById("portfolio");
  var body = table.tBodies[0];
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function value(row, index, numeric) {
    var text = row.cells[index].getAttribute("data-sort") || "";
    if (!numeric) { return text; }
    var number = parseFloat(text);
    return isNaN(number) ? Infinity : number;
  }
  function sort(index) {
    var head = heads[index];
    var numeric = head.getAttribute("data-type") === "number";
    var ascending = head.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a, index, numeric), y = value(b, index, numeric);
      var order = numeric ? (x < y ? -1 : x > y ? 1 : 0) : x.localeCompare(y);
      if (order === 0) { order = value(a, 0, true) - value(b, 0, true); }
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
    head.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  heads.forEach(function (head, index) {
    var button = head.querySelector("button");
    if (button) { button.addEventListener("click", function () { sort(index); }); }
  });
})();
"""

# header, sort type, cell class
COLUMNS = (
    ("Risk", "number", "num"),
    ("Account", "text", ""),
    ("Tier", "number", "num"),
    ("Status", "number", "num"),
    ("Model → target", "text", ""),
    ("Reached", "number", "num"),
    ("Champions", "number", ""),
    ("Red flags", "number", "num"),
    ("Stale", "number", "num"),
    ("Overdue", "number", "num"),
    ("Review", "number", ""),
    ("Errors", "number", "num"),
    ("Trend", "number", ""),
)


def _cell(text: str, sort: object, css: str = "", raw: bool = False) -> str:
    shown = text if raw else html_text(text)
    klass = f' class="{css}"' if css else ""
    return f'<td{klass} data-sort="{html_text(str(sort))}">{shown}</td>'


def _row(rank: int, row: Row, trend: Trend | None, link: str | None) -> str:
    name = html_text(row.name)
    if link is not None:
        name = f'<a href="{escape(quote(link), quote=True)}">{name}</a>'
    account = f'{name}<div class="path">{html_text(row.path)}</div>'
    if row.health is None:  # what is wrong, where: the first errors
        account += "".join(
            f'<div class="error">line {p.line}, column {p.column}: {html_text(p.message)}</div>' for p in row.problems
        )
    cells = [_cell(str(rank), rank, "num"), _cell(account, row.name.casefold(), raw=True)]
    health = row.health
    spark = render_sparkline(trend) if trend is not None and trend.points else '<span class="muted">no history</span>'
    spark_sort = trend.valid[-1].value("reached") if trend and trend.valid else -1
    if health is None:
        cells += [_cell("-", "") for _ in range(9)]
        cells.append(_cell(f"{row.errors}", row.errors, "num bad"))
        cells.append(_cell(spark, spark_sort, raw=True))
        return '<tr class="broken">' + "".join(cells) + "</tr>"
    share = health.reached / health.key_players if health.key_players else 0
    review = health.next_review_days if health.next_review_days is not None else -(10**6)
    late = health.next_review_days is None or health.next_review_days < 0
    cells += [
        _cell(str(health.tier), health.tier, "num"),
        _cell(str(health.status), health.status, "num"),
        _cell(f"{health.model} → {health.target_model}", f"{health.model} {health.target_model}"),
        _cell(f"{health.reached}/{health.key_players}", f"{share:.4f}", "num"),
        _cell(champions_words(health), health.champions, "warn" if health.champion_risks else ""),
        _cell(str(len(health.red_flags)), len(health.red_flags), "num bad" if health.red_flags else "num"),
        _cell(str(health.stale), health.stale, "num"),
        _cell(str(health.overdue), health.overdue, "num"),
        _cell(review_words(health), review, "bad" if late else ""),
        _cell("0", 0, "num"),
        _cell(spark, spark_sort, raw=True),
    ]
    return "<tr>" + "".join(cells) + "</tr>"


def render_portfolio_html(rows: list[Row], today: date, trends: dict[str, Trend], links: dict[str, str]) -> str:
    """The page; `trends` and `links` are keyed by the row's path (either may be missing for a row)."""
    sorted_by = ' aria-sort="ascending"'
    heads = "".join(
        f'<th data-type="{kind}"{sorted_by if index == 0 else ""}><button type="button">{escape(header)}</button></th>'
        for index, (header, kind, _) in enumerate(COLUMNS)
    )
    body = "\n".join(
        _row(rank, row, trends.get(row.path), links.get(row.path)) for rank, row in enumerate(rows, start=1)
    )
    legend = (
        '<p class="legend">Risk order: maps that do not load, then the most red flags and champions at risk, '
        "the lowest status, the smallest share of key players reached, the most stale contacts and overdue "
        "actions, the review due soonest. Click a column heading to sort by it; click again to reverse."
        '<br>Trend:<span class="swatch reached"></span>share of key players reached'
        '<span class="swatch flags"></span>red flags, over the last changes of each map.</p>'
    )
    return (
        head(f"Portfolio: {len(rows)} accounts", CSS, SCRIPT) + "<main>\n"
        "<h1>Portfolio</h1>\n"
        f'<p class="sub">{html_text(summary(rows, today))}. Riskiest first.</p>\n'
        f'<table id="portfolio">\n<thead><tr>{heads}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n'
        f"{legend}\n"
        "</main>\n"
        f"<script>{SCRIPT}</script>\n"
        "</body>\n</html>\n"
    )
