"""Where nodes and labels go: a force-directed layout that keeps communities apart, and labels that never overlap.

- :func:`community_layout`: each community is laid out by networkx's ``spring_layout`` in a disc
  sized by its number of members; the discs are placed by a spring layout of the community
  graph (communities with more ties between them sit closer) and pushed apart until none
  overlap; then one short seeded ``spring_layout`` over the whole graph, started from there,
  lets ties between communities pull their members towards each other.
- :func:`place_labels`: greedy: the most central node first, its label tried right, left,
  above and below it, kept in the first place where its box (estimated from the text, on the
  generous side) overlaps no label already placed and stays in the picture, preferring a place
  that covers no other node.
"""
from __future__ import annotations

import math
from collections import defaultdict
from typing import Hashable, Mapping, Sequence

import networkx as nx

__all__ = ["LAYOUTS", "community_layout", "spring_layout", "spread", "ordered_subgraph", "text_width", "place_labels", "Box", "LABEL_FONT_PX"]

LAYOUTS = ("community", "spring")
LABEL_FONT_PX = 11.0
_LABEL_PAD = 2.0

Pos = dict[Hashable, tuple[float, float]]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 (px, y down)


def ordered_subgraph(graph: nx.Graph, nodes) -> nx.Graph:
    """A copy of the subgraph on ``nodes``, iterated in ``nodes``' order.

    networkx's subgraph views iterate a small node set in set order, which changes from one
    process to the next (string hashing): seeded layouts would then differ between runs.
    """
    nodes = list(nodes)
    keep = set(nodes)
    out = nx.Graph()
    out.add_nodes_from((n, graph.nodes[n]) for n in nodes)
    out.add_edges_from((a, b, d) for a in nodes for b, d in graph[a].items() if b in keep)
    return out


def spring_layout(graph: nx.Graph, seed: int) -> Pos:
    """Seeded spring layout, unweighted, with a generous optimal distance (the old default)."""
    n = graph.number_of_nodes()
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    # Unweighted: heavy ties (a shared panel, a shared conference) would pull each community into a blot.
    pos = nx.spring_layout(graph, seed=seed, weight=None, k=3.0 / math.sqrt(n), iterations=60 if n < 1000 else 40)
    return {node: (float(x), float(y)) for node, (x, y) in pos.items()}


def _separate(centres: dict, radii: dict, rounds: int = 200) -> dict:
    """Push discs apart (pairwise, a little each round) until no two overlap."""
    keys = sorted(centres, key=str)
    pos = {k: list(centres[k]) for k in keys}
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                dx, dy = pos[b][0] - pos[a][0], pos[b][1] - pos[a][1]
                dist = math.hypot(dx, dy)
                need = radii[a] + radii[b]
                if dist >= need:
                    continue
                moved = True
                if dist < 1e-9:
                    dx, dy, dist = 1.0, 0.0, 1.0
                push = (need - dist) / 2 + 1e-6
                ux, uy = dx / dist, dy / dist
                pos[a][0] -= ux * push
                pos[a][1] -= uy * push
                pos[b][0] += ux * push
                pos[b][1] += uy * push
        if not moved:
            break
    return {k: (v[0], v[1]) for k, v in pos.items()}


def community_layout(graph: nx.Graph, community: Mapping[Hashable, Hashable], seed: int,
                     refine: int = 0) -> Pos:
    """Positions that keep the communities of ``graph`` apart (see the module docstring).

    ``community`` maps every node to its community. ``refine`` is the number of iterations of
    the final whole-graph spring layout (0: none, the communities stay in disjoint discs).
    """
    n = graph.number_of_nodes()
    if n <= 1:
        return spring_layout(graph, seed)
    members: dict[Hashable, list] = defaultdict(list)
    for node in graph:
        members[community[node]].append(node)
    # a disc per community, its area proportional to its size
    radii = {c: math.sqrt(len(ms)) for c, ms in members.items()}
    between = nx.Graph()
    between.add_nodes_from(members)
    for a, b, d in graph.edges(data=True):
        ca, cb = community[a], community[b]
        if ca != cb:
            w = d.get("weight", 1.0)
            if between.has_edge(ca, cb):
                between.edges[ca, cb]["weight"] += w
            else:
                between.add_edge(ca, cb, weight=w)
    scale = math.sqrt(n)
    if len(members) > 1:
        raw = nx.spring_layout(between, seed=seed, weight="weight", k=2.0 / math.sqrt(len(members)), iterations=100)
        centres = {c: (float(x) * scale, float(y) * scale) for c, (x, y) in raw.items()}
    else:
        centres = {c: (0.0, 0.0) for c in members}
    centres = _separate(centres, {c: r * 1.6 + 1.0 for c, r in radii.items()})
    pos: Pos = {}
    for c, ms in members.items():
        cx, cy = centres[c]
        if len(ms) == 1:
            pos[ms[0]] = (cx, cy)
            continue
        sub = ordered_subgraph(graph, ms)
        inner = nx.spring_layout(sub, seed=seed, weight=None, k=1.5 / math.sqrt(len(ms)), iterations=50)
        xs = [p[0] for p in inner.values()]
        ys = [p[1] for p in inner.values()]
        ox, oy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        span = max(max(math.hypot(x - ox, y - oy) for x, y in inner.values()), 1e-9)
        r = radii[c]
        for node, (x, y) in inner.items():
            pos[node] = (cx + (x - ox) / span * r, cy + (y - oy) / span * r)
    if refine > 0 and graph.number_of_edges():
        # A short whole-graph relaxation from the community arrangement: ties between communities
        # pull, ties inside keep each community together (they weigh more than ties across).
        weighted = nx.Graph()
        weighted.add_nodes_from(graph)
        weighted.add_edges_from((a, b, {"w": 1.0 if community[a] == community[b] else 0.2})
                                for a, b in graph.edges())
        relaxed = nx.spring_layout(weighted, pos=pos, seed=seed, weight="w", k=1.0, iterations=refine,
                                   scale=None)
        pos = {node: (float(x), float(y)) for node, (x, y) in relaxed.items()}
    return pos


def spread(pos: Mapping[Hashable, tuple[float, float]], radii: Mapping[Hashable, float], width: float,
           height: float, margin: float, rounds: int = 80, gap: float = 1.5) -> Pos:
    """Nudge circles (pixel positions and radii) apart until none overlap, or ``rounds`` run out.

    Each round moves every overlapping pair apart along the line between them by half the
    overlap each, then keeps every centre inside the box; a layout's shape stays, blots open up.
    """
    import numpy as np

    keys = list(pos)
    if len(keys) < 2:
        return dict(pos)
    xy = np.array([pos[k] for k in keys], dtype=float)
    r = np.array([radii[k] for k in keys], dtype=float)
    need = r[:, None] + r[None, :] + gap
    np.fill_diagonal(need, 0.0)
    rng = np.random.default_rng(0)
    for _ in range(rounds):
        delta = xy[:, None, :] - xy[None, :, :]
        dist = np.sqrt((delta ** 2).sum(-1))
        over = np.clip(need - dist, 0.0, None)
        np.fill_diagonal(over, 0.0)
        if not over.any():
            break
        same = dist < 1e-6
        np.fill_diagonal(same, False)
        if same.any():  # coincident centres: a tiny seeded jitter gives them a direction
            xy += rng.normal(0.0, 0.01, xy.shape) * same.any(axis=1)[:, None]
            continue
        unit = delta / np.where(dist > 0, dist, 1.0)[..., None]
        xy += (unit * (over / 2)[..., None]).sum(axis=1) * 0.9
        xy[:, 0] = np.clip(xy[:, 0], margin, width - margin)
        xy[:, 1] = np.clip(xy[:, 1], margin, height - margin)
    return {k: (round(float(x), 1), round(float(y), 1)) for k, (x, y) in zip(keys, xy)}


# Average advance of a character at 1 px font size, in DejaVu Sans / Helvetica-like sans-serif
# faces, on the generous side: a label's box is never narrower than what a browser draws.
_NARROW = set("iljtfrI.,:;'!|()[]{} `\"-")
_WIDE = set("mwMW@%")


def text_width(text: str, font_px: float = LABEL_FONT_PX) -> float:
    """Estimated width (px) of ``text`` set in a sans-serif face at ``font_px``, on the generous side."""
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.40
        elif ch in _WIDE:
            em += 1.0
        elif ch.isupper() or ch.isdigit():
            em += 0.76
        elif ord(ch) > 0x2E80:  # CJK and other wide scripts
            em += 1.1
        else:
            em += 0.64
    return em * font_px


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _hits_circle(box: Box, cx: float, cy: float, r: float) -> bool:
    nx_ = min(max(cx, box[0]), box[2])
    ny_ = min(max(cy, box[1]), box[3])
    return (nx_ - cx) ** 2 + (ny_ - cy) ** 2 < r * r


def place_labels(nodes: Sequence[tuple[float, float, float, str]], order: Sequence[int], limit: int,
                 width: float, height: float, font_px: float = LABEL_FONT_PX
                 ) -> dict[int, tuple[float, float, str, Box]]:
    """Labels for up to ``limit`` nodes of ``order`` (most central first) that fit without overlapping.

    ``nodes`` are ``(x, y, radius, text)``. Returns ``index -> (x, y, anchor, box)``: the text's
    anchor point (SVG ``text-anchor`` ``start``/``end``/``middle``, ``y`` the baseline) and its box.
    A label never overlaps another label and stays inside ``width`` x ``height``; it is put where
    it covers no other node when one of its four places allows.
    """
    placed: dict[int, tuple[float, float, str, Box]] = {}
    boxes: list[Box] = []
    ascent, descent = 0.8 * font_px + _LABEL_PAD, 0.25 * font_px + _LABEL_PAD
    # a coarse grid of the nodes, for the circle test
    cell = 40.0
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (x, y, r, _) in enumerate(nodes):
        for gx in range(int((x - r) // cell), int((x + r) // cell) + 1):
            for gy in range(int((y - r) // cell), int((y + r) // cell) + 1):
                grid[(gx, gy)].append(i)

    def clear(box: Box, own: int, avoid_nodes: bool) -> bool:
        if box[0] < 0 or box[1] < 0 or box[2] > width or box[3] > height:
            return False
        if any(_overlaps(box, other) for other in boxes):
            return False
        if not avoid_nodes:
            return True
        seen = set()
        for gx in range(int(box[0] // cell), int(box[2] // cell) + 1):
            for gy in range(int(box[1] // cell), int(box[3] // cell) + 1):
                for j in grid.get((gx, gy), ()):
                    if j != own and j not in seen:
                        seen.add(j)
                        x, y, r, _ = nodes[j]
                        if _hits_circle(box, x, y, r):
                            return False
        return True

    for i in order:
        if len(placed) >= limit:
            break
        x, y, r, text = nodes[i]
        if not text:
            continue
        w = text_width(text, font_px) + 2 * _LABEL_PAD
        gap = r + 2.0
        base = y + 0.3 * font_px  # baseline for a label centred on the node's height
        candidates = (
            (x + gap, base, "start", (x + gap - _LABEL_PAD, base - ascent, x + gap + w - _LABEL_PAD, base + descent)),
            (x - gap, base, "end", (x - gap - w + _LABEL_PAD, base - ascent, x - gap + _LABEL_PAD, base + descent)),
            (x, y - gap - descent, "middle", (x - w / 2, y - gap - descent - ascent, x + w / 2, y - gap)),
            (x, y + gap + ascent, "middle", (x - w / 2, y + gap, x + w / 2, y + gap + ascent + descent)),
        )
        # First a place that covers no other node; else one that covers only nodes (the label has
        # a white halo), never another label.
        for avoid_nodes in (True, False):
            spot = next(((lx, ly, anchor, box) for lx, ly, anchor, box in candidates
                         if clear(box, i, avoid_nodes)), None)
            if spot:
                placed[i] = (round(spot[0], 1), round(spot[1], 1), spot[2], spot[3])
                boxes.append(spot[3])
                break
    return placed
