"""A self-contained interactive network page: inline SVG drawn in Python, pan/zoom/hover/search in inline JS.

No external script, style, font or image: the page works offline, from a file, in a notebook
output (JupyterLab, VS Code, exported HTML) and with scripts blocked (the SVG is already drawn;
the script only adds interaction). Text from the data reaches the page only

- HTML-escaped (``html.escape``) inside elements and attributes, and
- as JSON inside ``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and
  U+2029 escaped, read with ``JSON.parse`` and inserted with ``textContent``, never ``innerHTML``.

A standalone page also carries a Content-Security-Policy that allows no network access and runs
only the page's own script (by its hash).
"""
from __future__ import annotations

import base64
import hashlib
import html
import itertools
import json
import re
from pathlib import Path

from .picture import NetworkPicture

__all__ = ["render_html", "write_html", "json_for_script", "clean_text", "short_label"]

_COUNTER = itertools.count()
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_LABEL_CHARS = 60


def clean_text(text: object) -> str:
    """``text`` as a string fit for a page: control characters and lone surrogates replaced by U+FFFD.

    >>> clean_text("a\\x00b\\ud800")
    'a\\ufffdb\\ufffd'
    """
    return _CONTROL.sub("\ufffd", str(text))


def json_for_script(data: object) -> str:
    """JSON safe to place inside ``<script type="application/json">``: it cannot close the element.

    >>> json_for_script({"label": "</script><b>&\\u2028"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026\\\\u2028"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _e(text: object) -> str:
    return html.escape(clean_text(text), quote=True)


def short_label(label: str) -> str:
    """A node label as the page writes it: at most 60 characters (the whole label shows on hover)."""
    return label if len(label) <= _LABEL_CHARS else label[: _LABEL_CHARS - 1] + "\u2026"


def _color(value: str) -> str:
    return value if _COLOR.match(value) else "#c8c8c8"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _payload(pic: NetworkPicture) -> dict:
    return {
        "width": pic.width, "height": pic.height, "measure": pic.size_by,
        "nodes": [{"id": clean_text(n.id), "label": clean_text(n.label), "kind": clean_text(n.kind),
                   "group": clean_text(n.group), "value": float(f"{n.value:.4g}")} for n in pic.nodes],
        "edges": [[e.source, e.target, float(f"{e.weight:.4g}")] for e in pic.edges],
        "path": pic.meta.get("path", []),
    }


def _svg(pic: NetworkPicture) -> str:
    out = [f'<svg class="tg-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(pic.width)} {_num(pic.height)}"'
           f' preserveAspectRatio="xMidYMid meet" role="img" aria-label="{_e(pic.title)}"'
           f' data-nodes="{len(pic.nodes)}" data-edges="{len(pic.edges)}">',
           '<g class="tg-edges">']
    top = max((e.weight for e in pic.edges), default=1.0) or 1.0
    for e in pic.edges:
        a, b = pic.nodes[e.source], pic.nodes[e.target]
        width = 0.6 + 2.4 * (e.weight / top) ** 0.5
        out.append(f'<line class="tg-edge" x1="{_num(a.x)}" y1="{_num(a.y)}" x2="{_num(b.x)}" y2="{_num(b.y)}"'
                   f' stroke-width="{width:.2f}"/>')
    out.append('</g><g class="tg-elabels">')
    for e in pic.edges:
        if e.label:
            a, b = pic.nodes[e.source], pic.nodes[e.target]
            out.append(f'<text class="tg-elabel" x="{_num((a.x + b.x) / 2)}" y="{_num((a.y + b.y) / 2 - 4)}">'
                       f'{_e(e.label)}</text>')
    out.append('</g><g class="tg-nodes">')
    for i, n in enumerate(pic.nodes):
        out.append(f'<circle class="tg-node" data-i="{i}" cx="{_num(n.x)}" cy="{_num(n.y)}" r="{_num(n.radius)}"'
                   f' fill="{_color(pic.color(n.group))}"><title>{_e(n.label)}</title></circle>')
    out.append('</g><g class="tg-labels">')
    for i, n in enumerate(pic.nodes):
        if n.show_label:
            anchor = n.label_anchor if n.label_anchor in ("start", "end", "middle") else "start"
            out.append(f'<text class="tg-label" data-i="{i}" x="{_num(n.label_x)}" y="{_num(n.label_y)}"'
                       f' text-anchor="{anchor}">{_e(short_label(n.label))}</text>')
    out.append("</g></svg>")
    return "".join(out)


_CSS = """
#ID{font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;background:#fff;
 border:1px solid #ddd;border-radius:6px;padding:8px;position:relative;max-width:1100px}
#ID .tg-title{font-weight:600;font-size:15px}
#ID .tg-caption{color:#555;margin:2px 0 6px}
#ID .tg-bar{display:flex;gap:8px;align-items:center;margin-bottom:4px;flex-wrap:wrap}
#ID .tg-bar input[type=search]{padding:2px 6px;min-width:14em}
#ID .tg-svg{width:100%;height:auto;display:block;background:#fcfcfc;border:1px solid #eee;cursor:grab;
 touch-action:none;user-select:none}
#ID .tg-edge{stroke:#9aa3ad;stroke-opacity:.55}
#ID .tg-node{stroke:#fff;stroke-width:1;cursor:pointer}
#ID .tg-node:hover,#ID .tg-node.tg-on{stroke:#222;stroke-width:2}
#ID .tg-label{font-size:11px;fill:#222;paint-order:stroke;stroke:#fff;stroke-width:3px;pointer-events:none}
#ID .tg-elabel{font-size:10px;fill:#555;text-anchor:middle;paint-order:stroke;stroke:#fff;stroke-width:3px}
#ID .tg-dim{opacity:.12}
#ID .tg-legend{display:flex;flex-wrap:wrap;gap:4px 14px;margin-top:6px}
#ID .tg-legend span.tg-sw{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:4px}
#ID .tg-tip{position:absolute;pointer-events:none;background:#222;color:#fff;padding:3px 6px;border-radius:3px;
 font-size:12px;max-width:28em;white-space:normal;z-index:2}
#ID .tg-info{margin-top:6px;color:#333}
#ID .tg-info ul{margin:2px 0 0 1.2em;padding:0;columns:2}
"""

_JS = r"""
(function () {
  "use strict";
  var root = document.getElementById("ID");
  if (!root || root.getAttribute("data-ready")) { return; }
  var data = JSON.parse(root.querySelector("script.tg-data").textContent);
  var svg = root.querySelector("svg.tg-svg");
  var circles = root.querySelectorAll("circle.tg-node");
  var lines = root.querySelectorAll("line.tg-edge");
  var tip = root.querySelector(".tg-tip");
  var info = root.querySelector(".tg-info");
  var find = root.querySelector("input.tg-find");
  var showAll = root.querySelector("input.tg-all");
  var NS = "http://www.w3.org/2000/svg";
  var home = {x: 0, y: 0, w: data.width, h: data.height};
  var view = {x: 0, y: 0, w: data.width, h: data.height};
  var adj = data.nodes.map(function () { return []; });
  data.edges.forEach(function (e) { adj[e[0]].push(e[1]); adj[e[1]].push(e[0]); });

  function setView() { svg.setAttribute("viewBox", view.x + " " + view.y + " " + view.w + " " + view.h); }
  function toSvg(cx, cy) {
    var m = svg.getScreenCTM();
    if (!m) { return {x: 0, y: 0}; }
    var p = svg.createSVGPoint(); p.x = cx; p.y = cy;
    return p.matrixTransform(m.inverse());
  }
  function say(el, text) { el.textContent = text; }
  function describe(i) {
    var n = data.nodes[i];
    var s = n.label + " \u2014 " + n.kind;
    if (n.group !== n.kind) { s += " \u00b7 " + n.group; }
    return s + " \u00b7 " + data.measure + " " + n.value + " \u00b7 " + adj[i].length + " links drawn";
  }
  function mark(set) {
    for (var i = 0; i < circles.length; i++) {
      var k = +circles[i].getAttribute("data-i");
      circles[i].classList.toggle("tg-dim", !!set && !set[k]);
      circles[i].classList.toggle("tg-on", !!set && !!set[k]);
    }
    for (var j = 0; j < lines.length; j++) {
      var e = data.edges[j];
      lines[j].classList.toggle("tg-dim", !!set && !(set[e[0]] && set[e[1]]));
    }
  }
  function clear(el) { while (el.firstChild) { el.removeChild(el.firstChild); } }
  function select(i) {
    var set = {}; set[i] = true;
    adj[i].forEach(function (k) { set[k] = true; });
    mark(set);
    clear(info);
    var head = document.createElement("div");
    var b = document.createElement("strong"); say(b, data.nodes[i].label); head.appendChild(b);
    head.appendChild(document.createTextNode(" \u00b7 " + data.nodes[i].kind + " \u00b7 " + data.nodes[i].id));
    info.appendChild(head);
    var near = adj[i].slice().sort(function (a, c) { return data.nodes[c].value - data.nodes[a].value; });
    if (near.length) {
      var ul = document.createElement("ul");
      near.slice(0, 40).forEach(function (k) {
        var li = document.createElement("li"); say(li, data.nodes[k].label); ul.appendChild(li);
      });
      info.appendChild(ul);
      if (near.length > 40) { info.appendChild(document.createTextNode("and " + (near.length - 40) + " more")); }
    }
  }
  var extra = null;
  function allLabels(on) {
    if (extra) { extra.parentNode.removeChild(extra); extra = null; }
    if (!on) { return; }
    extra = document.createElementNS(NS, "g");
    var shown = {};
    root.querySelectorAll("text.tg-label").forEach(function (t) { shown[t.getAttribute("data-i")] = true; });
    for (var i = 0; i < circles.length; i++) {
      var c = circles[i], k = c.getAttribute("data-i");
      if (shown[k]) { continue; }
      var t = document.createElementNS(NS, "text");
      t.setAttribute("class", "tg-label");
      t.setAttribute("x", +c.getAttribute("cx") + (+c.getAttribute("r")) + 2);
      t.setAttribute("y", +c.getAttribute("cy") + 4);
      var label = data.nodes[+k].label;
      say(t, label.length > 60 ? label.slice(0, 59) + "\u2026" : label);
      extra.appendChild(t);
    }
    root.querySelector("g.tg-labels").appendChild(extra);
  }

  svg.addEventListener("pointerover", function (ev) {
    var i = ev.target.getAttribute && ev.target.getAttribute("data-i");
    if (i === null || i === undefined || ev.target.tagName.toLowerCase() !== "circle") { return; }
    say(tip, describe(+i)); tip.hidden = false;
  });
  svg.addEventListener("pointermove", function (ev) {
    if (tip.hidden) { return; }
    var r = root.getBoundingClientRect();
    tip.style.left = (ev.clientX - r.left + 12) + "px"; tip.style.top = (ev.clientY - r.top + 12) + "px";
  });
  svg.addEventListener("pointerout", function (ev) {
    if (ev.target.tagName && ev.target.tagName.toLowerCase() === "circle") { tip.hidden = true; }
  });
  svg.addEventListener("click", function (ev) {
    var i = ev.target.getAttribute && ev.target.getAttribute("data-i");
    if (ev.target.tagName.toLowerCase() === "circle" && i !== null) { select(+i); }
    else if (!moved) { mark(null); clear(info); }
  });
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var p = toSvg(ev.clientX, ev.clientY);
    var f = ev.deltaY > 0 ? 1.15 : 1 / 1.15;
    var w = Math.min(Math.max(view.w * f, home.w / 40), home.w * 4);
    f = w / view.w;
    view.x = p.x - (p.x - view.x) * f; view.y = p.y - (p.y - view.y) * f;
    view.w = w; view.h = view.h * f; setView();
  }, {passive: false});
  var drag = null, moved = false;
  svg.addEventListener("pointerdown", function (ev) {
    if (ev.target.tagName.toLowerCase() === "circle") { return; }
    drag = toSvg(ev.clientX, ev.clientY); moved = false;
    svg.setPointerCapture(ev.pointerId);
  });
  svg.addEventListener("pointermove", function (ev) {
    if (!drag) { return; }
    var p = toSvg(ev.clientX, ev.clientY);
    if (Math.abs(p.x - drag.x) + Math.abs(p.y - drag.y) > 1) { moved = true; }
    view.x += drag.x - p.x; view.y += drag.y - p.y; setView();
  });
  svg.addEventListener("pointerup", function () { drag = null; });
  find.addEventListener("input", function () {
    var q = find.value.trim().toLowerCase();
    if (!q) { mark(null); return; }
    var set = {}, n = 0;
    data.nodes.forEach(function (node, i) {
      if (node.label.toLowerCase().indexOf(q) >= 0) { set[i] = true; n++; }
    });
    mark(set);
    say(info, n + " of " + data.nodes.length + " drawn nodes match");
  });
  showAll.addEventListener("change", function () { allLabels(showAll.checked); });
  root.querySelector("button.tg-reset").addEventListener("click", function () {
    view = {x: home.x, y: home.y, w: home.w, h: home.h}; setView(); mark(null); clear(info);
    find.value = "";
  });
  root.setAttribute("data-ready", "1");
  if (window.performance && performance.now) {
    root.setAttribute("data-ready-ms", String(Math.round(performance.now())));
  }
})();
"""


def _fragment(pic: NetworkPicture, ident: str) -> tuple[str, str]:
    """The embeddable ``<div>`` and the text of its inline script (for the CSP hash)."""
    script = _JS.replace('"ID"', json.dumps(ident))
    legend = "".join(f'<span><span class="tg-sw" style="background:{_color(color)}"></span>{_e(name)}</span>'
                     for name, color in pic.groups)
    body = (f'<div class="tg-net" id="{ident}">'
            f"<style>{_CSS.replace('#ID', '#' + ident)}</style>"
            f'<div class="tg-title">{_e(pic.title)}</div>'
            f'<div class="tg-caption">{_e(pic.caption)}</div>'
            '<div class="tg-bar"><input class="tg-find" type="search" placeholder="find a node" aria-label="find a node">'
            '<label><input class="tg-all" type="checkbox"> all labels</label>'
            '<button class="tg-reset" type="button">reset view</button>'
            '<span class="tg-hint">drag to pan, wheel to zoom, click a node for its neighbours</span></div>'
            f"{_svg(pic)}"
            f'<div class="tg-legend">{legend}</div>'
            '<div class="tg-tip" hidden></div><div class="tg-info" aria-live="polite"></div>'
            f'<script type="application/json" class="tg-data">{json_for_script(_payload(pic))}</script>'
            f"<script>{script}</script></div>")
    return body, script


def render_html(pic: NetworkPicture, *, standalone: bool = True) -> str:
    """The interactive page for ``pic``: a whole document, or (``standalone=False``) a ``<div>`` to embed.

    Every fragment gets its own element id, so several can share one notebook.
    """
    payload = json_for_script(_payload(pic))
    ident = "tg-net-" + hashlib.sha1(f"{next(_COUNTER)}:{payload}".encode()).hexdigest()[:12]
    body, script = _fragment(pic, ident)
    if not standalone:
        return body
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; img-src data:; "
           "connect-src 'none'; form-action 'none'; base-uri 'none'")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(pic.title)}</title></head>\n<body style=\"margin:12px;background:#fff\">\n"
            f"{body}\n</body></html>\n")


def write_html(pic: NetworkPicture, path: str | Path) -> Path:
    """Write the standalone page to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    path.write_text(render_html(pic, standalone=True), encoding="utf-8")
    return path
