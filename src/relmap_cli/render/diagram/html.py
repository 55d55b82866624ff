"""The scene -> one self-contained HTML page: the SVG picture plus hover details.

Nothing is loaded from anywhere: the style and the script are inline, and the
page's Content-Security-Policy allows exactly those two (by hash) and nothing
else, so even a browser that wanted to could not fetch a font, an image or a
tracker. Map text reaches the page only as escaped XML text and as JSON that
the script reads with `JSON.parse` and shows with `textContent`. No I/O.
"""

from __future__ import annotations

import base64
import hashlib
import json

from ..safe import clean
from .details import person_details
from .scene import Scene
from .sheets import sheet_svgs
from .svg import CSS as SVG_CSS
from .svg import draw, xml_text

DRAWING_ID = "relmap-drawing"  # the picture, drawn again page by page when printed

PAGE_CSS = """
html { background: #eceff3; }
body { margin: 0; font-family: Arial, 'Liberation Sans', Helvetica, sans-serif; color: #1f2933; position: relative; }
main { padding: 12px 12px 4px; }
svg.relmap { display: block; margin: 0 auto; background: #ffffff; border-radius: 6px;
  box-shadow: 0 1px 3px rgba(20, 30, 40, 0.16); }
body.fit svg.relmap { max-width: 100%; height: auto; }
.bar { text-align: center; font-size: 12px; color: #5f6b7a; margin: 4px 0 16px; }
.bar button { font: inherit; color: #2f4a6d; background: #ffffff; border: 1px solid #b8c4d4; border-radius: 4px;
  padding: 2px 8px; margin-left: 8px; cursor: pointer; }
.relmap .person { cursor: pointer; }
svg.relmap.focused .edge { opacity: 0.1; }
svg.relmap.focused .edge.on { opacity: 1; }
svg.relmap.focused .person { opacity: 0.3; }
svg.relmap.focused .person.on { opacity: 1; }
.panel { position: absolute; z-index: 10; width: max-content; max-width: 360px; background: #ffffff;
  border: 1px solid #c9d1db; border-radius: 8px; box-shadow: 0 6px 24px rgba(20, 30, 40, 0.2);
  padding: 12px 14px; font-size: 13px; line-height: 1.35; }
.panel[hidden] { display: none; }
.panel h2 { font-size: 15px; margin: 0 0 2px; }
.panel .sub { margin: 0 0 8px; color: #4a5561; }
.panel dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 3px 10px; margin: 0; }
.panel dt { color: #5f6b7a; }
.panel dd { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.sheets { display: none; }
@page { size: landscape; margin: 8mm; }
@media print {
  .bar, .panel { display: none; }
  html, body { background: #ffffff; }
  main { padding: 0; height: 0; overflow: hidden; }
  .sheets { display: block; }
  svg.sheet { display: block; margin: 0 auto; height: auto; break-inside: avoid; break-after: page; }
  svg.sheet:last-child { break-after: auto; }
}
"""

SCRIPT = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("relmap-data").textContent);
  var svg = document.querySelector("svg.relmap");
  var panel = document.getElementById("relmap-panel");
  var people = Array.prototype.slice.call(svg.querySelectorAll(".person"));
  var edges = Array.prototype.slice.call(svg.querySelectorAll(".edge"));
  var pinned = null;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function fill(card) {
    while (panel.firstChild) { panel.removeChild(panel.firstChild); }
    panel.appendChild(element("h2", "", card.name));
    if (card.subtitle) { panel.appendChild(element("p", "sub", card.subtitle)); }
    var list = element("dl");
    card.rows.forEach(function (row) {
      list.appendChild(element("dt", "", row[0]));
      list.appendChild(element("dd", "", row[1]));
    });
    panel.appendChild(list);
  }
  function place(group) {
    var box = group.getBoundingClientRect();
    panel.hidden = false;
    var width = panel.offsetWidth, height = panel.offsetHeight;
    var x = box.right + 12, y = box.top;
    if (x + width > window.innerWidth - 8) { x = box.left - width - 12; }
    if (x < 8) { x = Math.max(8, Math.min(window.innerWidth - width - 8, box.left)); y = box.bottom + 8; }
    if (y + height > window.innerHeight - 8) { y = Math.max(8, window.innerHeight - height - 8); }
    panel.style.left = (x + window.scrollX) + "px";
    panel.style.top = (y + window.scrollY) + "px";
  }
  function highlight(key) {
    svg.classList.add("focused");
    people.forEach(function (group) { group.classList.toggle("on", group.dataset.key === key); });
    edges.forEach(function (edge) {
      var on = edge.dataset.a === key || edge.dataset.b === key;
      edge.classList.toggle("on", on);
      if (on) {
        people.forEach(function (group) {
          if (group.dataset.key === edge.dataset.a || group.dataset.key === edge.dataset.b) {
            group.classList.add("on");
          }
        });
      }
    });
  }
  function show(group) {
    fill(data[group.dataset.key]);
    place(group);
    highlight(group.dataset.key);
  }
  function hide() {
    panel.hidden = true;
    svg.classList.remove("focused");
  }
  people.forEach(function (group) {
    group.addEventListener("mouseenter", function () { if (!pinned) { show(group); } });
    group.addEventListener("mouseleave", function () { if (!pinned) { hide(); } });
    group.addEventListener("focus", function () { if (!pinned) { show(group); } });
    group.addEventListener("blur", function () { if (!pinned) { hide(); } });
    group.addEventListener("click", function (event) {
      event.stopPropagation();
      if (pinned === group) { pinned = null; hide(); } else { pinned = group; show(group); }
    });
    group.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        group.dispatchEvent(new MouseEvent("click"));
      }
    });
  });
  panel.addEventListener("click", function (event) { event.stopPropagation(); });
  document.addEventListener("click", function () { pinned = null; hide(); });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") { pinned = null; hide(); } });
  var toggle = document.getElementById("relmap-fit");
  toggle.addEventListener("click", function (event) {
    event.stopPropagation();
    var fit = document.body.classList.toggle("fit");
    toggle.textContent = fit ? "Actual size" : "Fit to window";
  });
})();
"""


def script_json(document: object) -> str:
    """JSON that is inert inside a `<script>` element: no `<`, `>`, `&` or U+2028/2029 appear raw."""
    text = json.dumps(document, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render_html(scene: Scene) -> str:
    """`relmap render --to html`: the whole picture in one file that works offline."""
    cards = {}
    for node in scene.nodes:
        details = person_details(node, scene)
        cards[node.key] = {
            "name": clean(details.name),
            "subtitle": clean(details.subtitle),
            "rows": [[clean(label), clean(value)] for label, value in details.rows],
        }
    css = SVG_CSS + PAGE_CSS
    policy = (
        f"default-src 'none'; style-src {_sha256(css)}; script-src {_sha256(SCRIPT)}; "
        "img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )
    title = xml_text(f"{scene.account}: relationship map")
    drawing = draw(scene, tooltips=False, standalone=False, css=False, drawing_id=DRAWING_ID)
    sheets = "".join(sheet_svgs(drawing, DRAWING_ID))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n"
        f"<style>{css}</style>\n"
        "</head>\n<body>\n<main>\n"
        f"{drawing.markup}"
        "</main>\n"
        f'<div class="sheets" aria-hidden="true">\n{sheets}</div>\n'
        '<p class="bar">Hover over or click a person for details (Esc closes).'
        '<button type="button" id="relmap-fit">Fit to window</button></p>\n'
        '<div id="relmap-panel" class="panel" role="dialog" aria-live="polite" hidden></div>\n'
        f'<script type="application/json" id="relmap-data">{script_json(cards)}</script>\n'
        f"<script>{SCRIPT}</script>\n"
        "</body>\n</html>\n"
    )
