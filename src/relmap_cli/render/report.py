"""The account plan as one self-contained HTML page that prints cleanly on A4 or A3 landscape.

Sections: the account and its vision with our interests, the picture, the
engagement model against its target (with the trend), red flags, findings
under the colleague who should act, coalitions, the recommended sequence
and the plan. The picture, the account's health and the plan each start a
printed page (the findings follow the red flags, so a short overflow never
leaves a page nearly empty); the picture is scaled to fit one page, and no
finding, row or list item is cut in two. Redacted, the page is only the org chart and our
coverage (see `report_redacted`). Map text is escaped HTML; the page has
no script and allows nothing but its own style. No I/O.
"""

from __future__ import annotations

from ..analysis.gaps import Finding
from ..analysis.review import Review, by_actor
from ..analysis.trend import Trend
from ..graph import AccountGraph
from .chart import render_chart
from .page import head, html_text
from .plan import addressed_by_person
from .portfolio import champions_words, review_words
from .trend import movement, shallow_note

CSS = """
html { background: #ffffff; }
body { margin: 0; font: 13px/1.45 Arial, 'Liberation Sans', Helvetica, sans-serif; color: #1f2933; }
main { max-width: 1500px; margin: 0 auto; padding: 24px 28px; }
h1 { font-size: 24px; margin: 0 0 2px; }
h2 { font-size: 17px; margin: 0 0 10px; padding-bottom: 4px; border-bottom: 2px solid #d5dae1; }
h3 { font-size: 14px; margin: 14px 0 6px; }
section { margin: 0 0 28px; }
.sub { color: #5f6b7a; margin: 0 0 18px; }
.vision { font-size: 15px; font-style: italic; margin: 0 0 12px; }
.figures { display: flex; flex-wrap: wrap; gap: 10px; margin: 10px 0 0; padding: 0; list-style: none; }
.figures li { border: 1px solid #d5dae1; border-radius: 6px; padding: 6px 12px; min-width: 110px; }
.figures b { display: block; font-size: 18px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #e3e7ec; }
th { background: #eef1f5; font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em; color: #3c4650; }
td.num { text-align: right; }
.muted { color: #7b8794; }
.picture svg.relmap { display: block; width: 100%; height: auto; max-height: 88vh; }
.picture .sheets { display: none; }
.trend svg { max-width: 100%; height: auto; }
@page { size: landscape; margin: 12mm; }
@media print {
  main { max-width: none; padding: 0; }
  section.page { break-before: page; }
  section { margin-bottom: 14px; }
  h2 { break-after: avoid; }
  tr, li, p, .figures li { break-inside: avoid; }
  thead { display: table-header-group; }
  .picture svg.relmap { max-height: 165mm; }
  /* a picture of several pages: the drawing stays in the document (its slices clone it) but takes no room */
  .picture .on-screen { height: 0; overflow: hidden; }
  .picture .sheets { display: block; }
  .picture svg.sheet { display: block; margin: 0 auto; max-height: 170mm; break-inside: avoid; break-after: page; }
  .picture svg.sheet:last-child { break-after: auto; }
}
"""
# what only the full report shows: severities, advice, coalition buckets
REVIEW_CSS = """
.sev { font-weight: bold; text-transform: uppercase; font-size: 11px; }
.sev.error { color: #b42318; }
.sev.warning { color: #a15c07; }
.sev.info { color: #1f6fb2; }
.advice { color: #3c4650; }
.advice::before { content: "\\2192  "; }
.planned { display: block; color: #2e7d32; font-size: 12px; }
.columns { display: flex; gap: 18px; }
.columns > div { flex: 1; min-width: 0; }
.bucket { border-top: 4px solid #9aa5b1; padding-top: 6px; }
.bucket.furthers { border-color: #2e7d32; }
.bucket.hinders { border-color: #c62828; }
.bucket.swing { border-color: #d97706; }
.bucket ul, ol { margin: 0; padding-left: 20px; }
.pivot { font-weight: bold; }
"""


def _severity(finding: Finding) -> str:
    return f'<span class="sev {finding.severity}">{finding.severity}</span>'


def _planned(finding: Finding, review: Review) -> str:
    planned = getattr(finding, "planned", None)
    if planned is None:
        planned = [
            item.action.id
            for item in review.plan.items
            if any(found.kind == finding.kind and found.people == finding.people for found in item.addresses)
        ]
    if not planned:
        return ""
    return f'<span class="planned">planned: {html_text(", ".join(planned))}</span>'


def reviewed_words(review: Review) -> str:
    """`last reviewed 2026-10-01 (next review in 28d)`, or `never reviewed`."""
    reviewed = review.graph.model.account.reviewed
    if reviewed is None:
        return "never reviewed"
    return f"last reviewed {reviewed.isoformat()} (next review {review_words(review.health)})"


def _header(review: Review, trend: Trend | None) -> str:
    model, graph = review.graph.model, review.graph
    owner = graph.label(model.account.owner)
    out = [
        f"<h1>Account plan: {html_text(model.account.name)}</h1>",
        f'<p class="sub">Owner {html_text(owner)} · tier {model.account.tier} · {reviewed_words(review)} '
        f"· as of {review.today.isoformat()}</p>",
        "<section>",
        "<h2>Vision and our interests</h2>",
    ]
    if model.account.vision:
        out.append(f'<p class="vision">{html_text(model.account.vision)}</p>')
    if model.interests:
        out.append("<table><thead><tr><th>#</th><th>Our interest</th><th>Horizon</th>"
                   "<th>Who on their side cares</th></tr></thead><tbody>")  # fmt: skip
        for interest in sorted(model.interests, key=lambda i: i.priority or 10**6):
            people = [p.label for p in graph.active_client() if interest.id in p.cares_about]
            who = html_text(", ".join(people)) or '<span class="muted">nobody recorded</span>'
            out.append(
                f'<tr><td class="num">{interest.priority or ""}</td><td>{html_text(interest.text)}</td>'
                f"<td>{interest.horizon or ''}</td><td>{who}</td></tr>"
            )
        out.append("</tbody></table>")
    elif not model.account.vision:
        out.append('<p class="muted">No vision or interests recorded in the map.</p>')
    out.append("</section>")
    return "\n".join(out)


def _model(review: Review, trend: Trend | None) -> str:
    health = review.health
    figures = [
        ("engagement model", f"{health.model} → {health.target_model}"),
        ("map status", f"{health.status} of 3"),
        ("key players reached", f"{health.reached} of {health.key_players}"),
        ("threads", str(health.threads)),
        ("champions", champions_words(health)),
        ("red flags", str(len(health.red_flags))),
        ("stale key contacts", str(health.stale)),
        ("overdue actions", f"{health.overdue} of {health.open}"),
    ]
    items = "".join(f"<li>{html_text(label)}<b>{html_text(value)}</b></li>" for label, value in figures)
    out = ['<section class="page">', "<h2>Engagement model and health</h2>", f'<ul class="figures">{items}</ul>']
    if trend is not None and trend.points:
        out.append(f'<div class="trend">{render_chart(trend)}</div>')
        said = movement(trend)
        if said:
            out.append(f"<p>{html_text(said)}</p>")
        note = shallow_note(trend)
        if note:
            out.append(f'<p class="muted">{html_text(note)}</p>')
    out.append("</section>")
    return "\n".join(out)


def _flags(review: Review) -> str:
    flags = review.health.red_flags
    out = ["<section>", "<h2>Red flags</h2>"]
    if not flags:
        out.append('<p class="muted">No red flags.</p>')
    for flag in flags:
        out.append(
            f"<p>{_severity(flag)} {html_text(flag.message)}<br>"
            f'<span class="advice">{html_text(flag.suggestion)}</span>{_planned(flag, review)}</p>'
        )
    out.append("</section>")
    return "\n".join(out)


def _findings(review: Review, top: int) -> str:
    graph = review.graph
    findings = [f for f in review.health.gaps.findings if f.kind != "red-flag"]
    shown = findings[:top]
    out = ["<section>", "<h2>What each of us should do</h2>"]
    if len(findings) > len(shown):
        out.append(f'<p class="muted">The {len(shown)} most important of {len(findings)} findings '
                   "(relmap gaps lists them all).</p>")  # fmt: skip
    if not shown:
        out.append('<p class="muted">No gaps found.</p>')
    for ours, group in by_actor(shown, graph):
        out.append(f"<h3>{html_text(graph.label(ours))}</h3>")
        for finding in group:
            out.append(
                f"<p>{_severity(finding)} <b>{html_text(finding.kind)}</b>: {html_text(finding.message)}<br>"
                f'<span class="advice">{html_text(finding.suggestion)}</span>{_planned(finding, review)}</p>'
            )
    out.append("</section>")
    return "\n".join(out)


def _coalitions(review: Review) -> str:
    graph, report = review.graph, review.health.coalitions
    out = ["<section>", "<h2>Coalitions</h2>", '<div class="columns">']
    if not report.people:
        out.append('<p class="muted">No current client people.</p>')
    for bucket, words in (("furthers", "Further our interests"), ("hinders", "Hinder them"),
                          ("swing", "Could swing either way")):  # fmt: skip
        people = [s for s in report.people if s.bucket == bucket]
        items = "".join(
            f"<li{' class=pivot' if s.pivot else ''}>{html_text(graph.label(s.person))} "
            f'<span class="muted">({s.how}, {s.score:+.2f}{", pivot" if s.pivot else ""})</span></li>'
            for s in people
        )
        out.append(f'<div class="bucket {bucket}"><h3>{words} ({len(people)})</h3><ul>{items}</ul></div>')
    out.append("</div>")
    if report.coalitions:
        out.append("<h3>Coalitions and their leaders</h3><ul>")
        for coalition in report.coalitions:
            others = [graph.label(m) for m in coalition.members if m != coalition.leader]
            rest = f" with {', '.join(others)}" if others else " alone"
            out.append(f"<li>{coalition.bucket}: <b>{html_text(graph.label(coalition.leader))}</b> leads"
                       f"{html_text(rest)}</li>")  # fmt: skip
        out.append("</ul>")
    out.append("</section>")
    return "\n".join(out)


def _sequence(review: Review, graph: AccountGraph) -> str:
    sequence = review.sequence
    target = f", towards {graph.label(sequence.target)}" if sequence.target else ""
    out = ["<section>", f"<h2>Recommended sequence: {html_text(sequence.strategy + target)}</h2>"]
    if sequence.steps:
        out.append("<ol>")
        for step in sequence.steps:
            out.append(f"<li><b>{html_text(graph.label(step.person))}</b>: {html_text('; '.join(step.why))}</li>")
        out.append("</ol>")
    else:
        out.append('<p class="muted">No steps.</p>')
    for warning in sequence.warnings:
        out.append(f'<p><span class="sev warning">watch</span> {html_text(warning.message)}</p>')
    out.append("</section>")
    return "\n".join(out)


def _plan(review: Review) -> str:
    plan = review.plan
    out = ['<section class="page">', "<h2>The plan</h2>"]
    if plan.items:
        out.append("<table><thead><tr><th>Due</th><th>Action</th><th>Owner</th><th>With</th><th>Goal</th>"
                   "<th>Gaps it addresses</th></tr></thead><tbody>")  # fmt: skip
        for item in plan.items:
            due = item.action.due.isoformat() if item.action.due else "no date"
            late = ' <span class="sev error">overdue</span>' if item.overdue else ""
            works = "<br>".join(html_text(line) for line in addressed_by_person(item)) or "-"
            out.append(
                f"<tr><td>{due}{late}</td><td>{html_text(item.action.id)}</td><td>{html_text(item.owner)}</td>"
                f"<td>{html_text(', '.join(item.people))}</td><td>{html_text(item.action.goal)}</td>"
                f"<td>{works}</td></tr>"
            )
        out.append("</tbody></table>")
    else:
        out.append('<p class="muted">No open actions.</p>')
    if plan.untouched:
        out.append("<h3>Key players with no planned touch</h3><table><thead><tr><th>Key player</th>"
                   "<th>Who of ours</th><th>Why</th></tr></thead><tbody>")  # fmt: skip
        out += [
            f"<tr><td>{html_text(p.name)}</td><td>{html_text(p.ours_name)}</td><td>{html_text(p.reason)}</td></tr>"
            for p in plan.untouched
        ]
        out.append("</tbody></table>")
    if plan.reminders:
        out.append(f"<h3>Key contacts whose window runs out within {plan.reminder_days} days</h3><ul>")
        out += [
            f"<li>{r.expires.isoformat()}: {html_text(r.name)} ({html_text(r.ours_name)}, {r.strength}, "
            f"last met {r.last.isoformat()})</li>"
            for r in plan.reminders
        ]
        out.append("</ul>")
    out.append("</section>")
    return "\n".join(out)


def picture_css() -> str:
    """The picture's own style, which the page must carry (its policy allows one style element)."""
    from .diagram.svg import CSS as SVG_CSS

    return SVG_CSS


PICTURE_ID = "relmap-picture"  # the drawing, cloned slice by slice onto printed pages when it needs several


def picture_svg(graph: AccountGraph, redact: bool) -> str:
    """The map's picture as inline SVG, redacted or not.

    On screen it is one drawing. Printed, a picture that fits one page is
    scaled to it; a larger one (55 people and more, typically) goes on as
    many pages as `render --to html` prints it on, cut between rows of
    boxes, so its names stay readable instead of shrinking to a stamp.
    """
    from .diagram.scene import build_scene
    from .diagram.sheets import sheet_svgs
    from .diagram.svg import draw
    from .diagram.view import View

    drawing = draw(
        build_scene(graph, View(redact=redact)), tooltips=False, standalone=False, css=False, drawing_id=PICTURE_ID
    )
    sheets = sheet_svgs(drawing, PICTURE_ID)
    if len(sheets) <= 1:
        return drawing.markup
    printed = "".join(sheets)
    return f'<div class="on-screen">{drawing.markup}</div>\n<div class="sheets" aria-hidden="true">\n{printed}</div>'


def report_html(review: Review, trend: Trend | None, top: int) -> str:
    """The whole account plan as one page."""
    graph = review.graph
    body = [
        _header(review, trend),
        '<section class="page picture"><h2>The picture</h2>' + picture_svg(graph, redact=False) + "</section>",
        _model(review, trend),
        _flags(review),
        _findings(review, top),
        _coalitions(review),
        _sequence(review, graph),
        _plan(review),
    ]
    title = f"Account plan: {graph.model.account.name}"
    return (
        head(title, picture_css() + CSS + REVIEW_CSS) + "<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
    )


def coverage_rows(graph: AccountGraph) -> list[tuple[str, str, str, str, str]]:
    """(person, title, function, level, our contacts) for each current client person, as an org chart reads.

    By function (in the order the map first names them), then level, then
    the map's order. No stance, influence, role, note or negative contact:
    what a redacted document may show.
    """
    from ..format.model import LEVELS

    people = graph.active_client()
    functions = list(dict.fromkeys(person.function or "" for person in people))
    rank = {level: index for index, level in enumerate(LEVELS)}
    order = sorted(
        range(len(people)),
        key=lambda i: (functions.index(people[i].function or ""), rank.get(people[i].level or "", 99), i),
    )
    rows = []
    for index in order:
        person = people[index]
        contacts = [
            f"{graph.label(c.ours)} ({c.strength}{', ' + c.last.isoformat() if c.last else ''})"
            for c in graph.active_contacts_of(person.id)
            if c.strength != "negative"  # a hostile contact is the account team's business
        ]
        title = "(to be identified)" if person.placeholder else person.title or ""
        rows.append((person.label, title, person.function or "", person.level or "", "; ".join(contacts)))
    return rows


def report_redacted_html(graph: AccountGraph, today: str) -> str:
    """The org chart and our coverage, without stances, influence, notes, interests, antagonism or buckets."""
    model = graph.model
    rows = "".join(
        "<tr>" + "".join(f"<td>{html_text(cell) or '-'}</td>" for cell in row) + "</tr>" for row in coverage_rows(graph)
    )
    body = [
        f"<h1>Account map: {html_text(model.account.name)}</h1>",
        f'<p class="sub">Owner {html_text(graph.label(model.account.owner))} · as of {today} · '
        "a version to share beyond the account team</p>",
        '<section class="picture"><h2>The organisation and our contacts</h2>'
        + picture_svg(graph, redact=True)
        + "</section>",
        '<section class="page"><h2>Our coverage</h2><table><thead><tr><th>Person</th><th>Title</th>'
        f"<th>Function</th><th>Level</th><th>Our contacts</th></tr></thead><tbody>{rows}</tbody></table></section>",
    ]
    title = f"Account map: {model.account.name}"
    return head(title, picture_css() + CSS) + "<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
