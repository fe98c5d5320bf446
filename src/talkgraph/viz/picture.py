"""A network picture: which nodes to draw (capped by centrality), where, how big and in which colour.

One :class:`NetworkPicture` feeds both renderers: the self-contained interactive page
(:mod:`talkgraph.viz.network_html`) and the matplotlib figure (:mod:`talkgraph.viz.static`), so
the browser, the notebook and the exported PNG show the same drawing.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import networkx as nx

__all__ = ["PictureNode", "PictureEdge", "NetworkPicture", "network_picture", "path_picture",
           "SIZE_MEASURES", "COLOR_MODES", "PALETTE", "KIND_COLORS", "OTHER_COLOR", "DEFAULT_CAP"]

SIZE_MEASURES = ("pagerank", "degree", "strength")
COLOR_MODES = ("kind", "community")
DEFAULT_CAP = 300
# Tableau 10: distinguishable, colour-blind friendlier than the rainbow.
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#bab0ac")
KIND_COLORS = {"person": "#4e79a7", "talk": "#f28e2b", "topic": "#59a14f", "organization": "#e15759",
               "edition": "#b07aa1", "centre": "#e15759"}
OTHER_COLOR = "#c8c8c8"
WIDTH, HEIGHT, MARGIN = 1000.0, 700.0, 40.0
_MEASURE_WORDS = {"pagerank": "PageRank", "degree": "degree", "strength": "weighted degree"}


@dataclass(frozen=True)
class PictureNode:
    """One drawn node: its graph id, text, group, centrality, radius (px) and position (px)."""

    id: str
    label: str
    kind: str
    group: str
    value: float
    radius: float
    x: float
    y: float
    show_label: bool = False


@dataclass(frozen=True)
class PictureEdge:
    """One drawn edge between node indices ``source`` and ``target`` of the picture."""

    source: int
    target: int
    weight: float = 1.0
    label: str = ""


@dataclass
class NetworkPicture:
    """Everything a renderer needs; positions are in a ``width`` x ``height`` pixel box.

    ``caption`` states what was left out (the cap), and every renderer puts it on the picture.
    """

    title: str
    nodes: list[PictureNode]
    edges: list[PictureEdge]
    groups: list[tuple[str, str]]  # (group name, colour), legend order
    caption: str
    total_nodes: int
    total_edges: int
    size_by: str = "pagerank"
    width: float = WIDTH
    height: float = HEIGHT
    meta: dict = field(default_factory=dict)

    @property
    def capped(self) -> bool:
        return len(self.nodes) < self.total_nodes or len(self.edges) < self.total_edges

    def __repr__(self) -> str:
        return (f"<NetworkPicture {self.title!r}: {len(self.nodes)} nodes, {len(self.edges)} edges; "
                f"{self.caption}>")

    def color(self, group: str) -> str:
        return dict(self.groups).get(group, OTHER_COLOR)

    def to_html(self, *, standalone: bool = True) -> str:
        """The interactive page (``standalone``) or a fragment to embed; see :mod:`.network_html`."""
        from .network_html import render_html

        return render_html(self, standalone=standalone)

    def to_figure(self, **kwargs):
        """A matplotlib ``Figure`` of the same drawing; see :func:`talkgraph.viz.static.draw_network`."""
        from .static import draw_network

        return draw_network(self, **kwargs)

    def save(self, path: str | Path) -> Path:
        """Write ``.html`` (interactive page) or ``.png``/``.svg``/``.pdf`` (matplotlib); returns the path."""
        from .static import save_figure

        path = Path(path)
        if path.suffix.lower() in (".html", ".htm"):
            from .network_html import write_html

            return write_html(self, path)
        from .static import require_matplotlib

        require_matplotlib(f"writing {path}")
        return save_figure(self.to_figure(), path)

    def _repr_html_(self) -> str:
        return self.to_html(standalone=False)


def _undirected(graph: nx.Graph) -> nx.Graph:
    """A simple undirected graph with ``weight`` on every edge (multigraph ties are summed)."""
    if graph.is_multigraph():
        from ..analysis.projection import collapse

        if all("weight" in d for _, _, d in graph.edges(data=True)):
            return collapse(graph)
        g = nx.Graph(**graph.graph)
        g.add_nodes_from(graph.nodes(data=True))
        for a, b in graph.edges():
            if g.has_edge(a, b):
                g.edges[a, b]["weight"] += 1.0
            else:
                g.add_edge(a, b, weight=1.0)
        return g
    g = graph.to_undirected(as_view=False) if graph.is_directed() else graph.copy()
    for _, _, d in g.edges(data=True):
        d.setdefault("weight", 1.0)
    return g


def measure(graph: nx.Graph, size_by: str) -> dict[str, float]:
    """Centrality of every node of a weighted undirected graph: PageRank, degree or strength."""
    if size_by == "degree":
        return {n: float(d) for n, d in graph.degree()}
    if size_by == "strength":
        return {n: float(d) for n, d in graph.degree(weight="weight")}
    if graph.number_of_edges() == 0:
        return {n: 1.0 / max(graph.number_of_nodes(), 1) for n in graph}
    return nx.pagerank(graph, weight="weight")


def _fit(pos: Mapping[str, tuple[float, float]], width: float, height: float) -> dict[str, tuple[float, float]]:
    """Scale positions into the pixel box, keeping the aspect ratio; a single node sits in the middle."""
    if not pos:
        return {}
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
    scale = min((width - 2 * MARGIN) / span_x if span_x else math.inf,
                (height - 2 * MARGIN) / span_y if span_y else math.inf)
    if scale == math.inf:
        scale = 0.0
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {n: (round(width / 2 + (x - cx) * scale, 1), round(height / 2 - (y - cy) * scale, 1))
            for n, (x, y) in pos.items()}


def _layout(graph: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    """Seeded spring layout, each connected component packed beside the others by size."""
    n = graph.number_of_nodes()
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    # Unweighted, with a generous optimal distance: heavy ties (a shared panel, a shared
    # conference) would otherwise pull each community into a single blot.
    k = 3.0 / math.sqrt(n)
    pos = nx.spring_layout(graph, seed=seed, weight=None, k=k, iterations=60 if n < 1000 else 40)
    return {node: (float(x), float(y)) for node, (x, y) in pos.items()}


def _groups_by_kind(graph: nx.Graph, nodes: list[str]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    groups = {n: str(graph.nodes[n].get("kind") or "node") for n in nodes}
    names = sorted(set(groups.values()), key=lambda k: (k not in KIND_COLORS, k))
    spare = iter(c for c in PALETTE if c not in KIND_COLORS.values())
    legend = [(k, KIND_COLORS.get(k) or next(spare, OTHER_COLOR)) for k in names]
    return groups, legend


def _groups_by_community(original: nx.Graph, graph: nx.Graph, nodes: list[str],
                         seed: int) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Louvain communities of the whole graph; the 9 largest among the drawn nodes get colours."""
    from ..analysis import weights
    from ..analysis.communities import communities

    names: dict[str, str] = {}
    if original.is_multigraph() and all("evidence" in d for _, _, d in original.edges(data=True)):
        for c in communities(original, seed=seed, min_size=1):
            reason = c.reason if len(c.reason) <= 90 else c.reason[:89] + "\u2026"
            name = f"{c.index + 1}: {reason}" if c.size > 1 else "single speakers"
            names.update({m: name for m in c.members})
    else:
        parts = nx.community.louvain_communities(graph, weight="weight", seed=seed,
                                                 resolution=weights.LOUVAIN_RESOLUTION)
        for i, members in enumerate(sorted(parts, key=lambda c: (-len(c), min(c)))):
            top = max(members, key=lambda n: (graph.degree(n, weight="weight"), n))
            name = f"{i + 1}: around {graph.nodes[top].get('label', top)}" if len(members) > 1 else "unconnected"
            names.update({m: name for m in members})
    drawn: dict[str, int] = {}
    for n in nodes:
        drawn[names[n]] = drawn.get(names[n], 0) + 1
    order = [g for g in sorted(drawn, key=lambda g: (-drawn[g], g))
             if g not in ("single speakers", "unconnected")][: len(PALETTE) - 1]
    legend = [(g, PALETTE[i]) for i, g in enumerate(order)]
    kept = set(order)
    groups = {n: names[n] if names[n] in kept else "other" for n in nodes}
    if any(g == "other" for g in groups.values()):
        legend.append(("other", OTHER_COLOR))
    return groups, legend


def network_picture(graph: nx.Graph, *, title: str = "network", color_by: str | Mapping[str, str] = "kind",
                    size_by: str | Mapping[str, float] = "pagerank", cap: int | None = DEFAULT_CAP,
                    max_edges: int | None = None, labels: int = 25, seed: int = 42,
                    pos: Mapping[str, tuple[float, float]] | None = None,
                    noun: str = "nodes") -> NetworkPicture:
    """Lay out ``graph`` for drawing: the ``cap`` most central nodes, coloured and sized.

    Parameters
    ----------
    graph
        Any networkx graph whose nodes may carry ``label`` and ``kind``: a projection of
        :mod:`talkgraph.analysis.projection` (a speaker MultiGraph is collapsed, ties summed).
    color_by
        ``"kind"`` (person, talk, topic...), ``"community"`` (seeded Louvain on the whole graph;
        for the speaker projection each community is named by the ties that hold it) or a
        mapping node -> group name.
    size_by
        ``"pagerank"``, ``"degree"``, ``"strength"`` (weighted degree), computed on the whole
        graph, or a mapping node -> value.
    cap
        Draw at most this many nodes, the most central first (None: all). The caption says so.
    max_edges
        Draw at most this many edges among them, the heaviest first (default: 6 x the nodes drawn).
    labels
        Write the labels of this many of the most central drawn nodes; the rest show on hover.
    pos
        Positions to use instead of the seeded spring layout.
    noun
        What the nodes are, for the caption ("speakers").

    Raises
    ------
    ValueError
        For an unknown ``color_by`` or ``size_by``, or ``cap`` < 1.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.star_graph(5)
    >>> pic = network_picture(g, cap=3, noun="people")
    >>> len(pic.nodes), pic.total_nodes
    (3, 6)
    >>> pic.caption
    'Showing the 3 most central of 6 people (by PageRank), and all 2 edges among them.'
    """
    if isinstance(color_by, str) and color_by not in COLOR_MODES:
        raise ValueError(f"cannot colour by {color_by!r}; allowed: {', '.join(COLOR_MODES)} or a mapping")
    if isinstance(size_by, str) and size_by not in SIZE_MEASURES:
        raise ValueError(f"cannot size by {size_by!r}; allowed: {', '.join(SIZE_MEASURES)} or a mapping")
    if cap is not None and cap < 1:
        raise ValueError(f"cap must be at least 1; got {cap}")
    g = _undirected(graph)
    values = measure(g, size_by) if isinstance(size_by, str) else {n: float(size_by.get(n, 0.0)) for n in g}

    def label(n) -> str:
        return str(g.nodes[n].get("label", n))

    ranked = sorted(g, key=lambda n: (-values[n], label(n), str(n)))
    kept = ranked[:cap] if cap else ranked
    sub = g.subgraph(kept)
    edges = sorted(sub.edges(data=True), key=lambda e: (-e[2].get("weight", 1.0), str(e[0]), str(e[1])))
    edge_cap = max_edges if max_edges is not None else 6 * len(kept)
    drawn_edges = edges[:edge_cap]

    layout_graph = nx.Graph()
    layout_graph.add_nodes_from(kept)
    layout_graph.add_edges_from((a, b, {"weight": d.get("weight", 1.0)}) for a, b, d in drawn_edges)
    placed = _fit(pos if pos is not None else _layout(layout_graph, seed), WIDTH, HEIGHT)

    if isinstance(color_by, str) and color_by == "kind":
        groups, legend = _groups_by_kind(g, kept)
    elif isinstance(color_by, str):
        groups, legend = _groups_by_community(graph, g, kept, seed)
    else:
        groups = {n: str(color_by.get(n, "other")) for n in kept}
        names = sorted(set(groups.values()) - {"other"})
        legend = [(name, PALETTE[i % len(PALETTE)]) for i, name in enumerate(names)]
        if "other" in groups.values():
            legend.append(("other", OTHER_COLOR))

    top = max((values[n] for n in kept), default=0.0) or 1.0
    labelled = set(kept[:labels])
    index = {n: i for i, n in enumerate(kept)}
    nodes = [PictureNode(str(n), label(n), str(g.nodes[n].get("kind") or "node"), groups[n], values[n],
                         round(4.0 + 14.0 * math.sqrt(max(values[n], 0.0) / top), 1), *placed[n],
                         show_label=n in labelled)
             for n in kept]
    pedges = [PictureEdge(index[a], index[b], float(d.get("weight", 1.0))) for a, b, d in drawn_edges]
    caption = _caption(len(kept), g.number_of_nodes(), len(drawn_edges), len(edges), g.number_of_edges(),
                       size_by if isinstance(size_by, str) else "the given values", noun)
    return NetworkPicture(title, nodes, pedges, legend, caption, g.number_of_nodes(), g.number_of_edges(),
                          size_by if isinstance(size_by, str) else "value")


def _caption(n_drawn: int, n_total: int, e_drawn: int, e_among: int, e_total: int, size_by: str,
             noun: str) -> str:
    measure_word = _MEASURE_WORDS.get(size_by, size_by)
    if n_drawn < n_total:
        head = f"Showing the {n_drawn:,} most central of {n_total:,} {noun} (by {measure_word})"
    else:
        head = f"All {n_total:,} {noun} (sized by {measure_word})"
    def edges(n: int) -> str:
        return "edge" if n == 1 else "edges"

    if e_drawn < e_among:
        tail = f"the {e_drawn:,} strongest of the {e_among:,} {edges(e_among)} among them"
    elif n_drawn < n_total:
        tail = f"all {e_among:,} {edges(e_among)} among them"
    else:
        tail = f"all {e_total:,} {edges(e_total)}"
    return f"{head}, and {tail}."


def path_picture(graph: nx.Graph, path, *, title: str = "explanation path",
                 context: int = 0) -> NetworkPicture:
    """A left-to-right drawing of an explained path (:class:`talkgraph.analysis.paths.Path`).

    Nodes are coloured by kind; each edge is labelled with the hop's kind of tie. With
    ``context`` > 0, up to that many other neighbours of each path node are drawn around it.
    """
    nodes = list(path.nodes)
    pos: dict[str, tuple[float, float]] = {n: (float(i), 0.35 * (-1) ** i) for i, n in enumerate(nodes)}
    sub = nx.Graph()
    for n in nodes:
        sub.add_node(n, **graph.nodes[n])
    for i, n in enumerate(nodes):
        extra = [m for m in sorted(graph[n], key=str) if m not in pos][:context]
        for j, m in enumerate(extra):
            sub.add_node(m, **graph.nodes[m])
            sub.add_edge(n, m, weight=0.3)
            pos[m] = (i + 0.25 * (j - (len(extra) - 1) / 2), pos[n][1] + (0.6 if pos[n][1] > 0 else -0.6))
    for hop in path.hops:
        sub.add_edge(hop.source, hop.target, weight=1.0)
    groups = {n: str(sub.nodes[n].get("kind") or "node") for n in sub}
    pic = network_picture(sub, title=title, color_by=groups, size_by="degree", cap=None, max_edges=10_000,
                          labels=len(nodes), pos=pos, noun="nodes on and around the path")
    legend = [(k, KIND_COLORS.get(k, c)) for k, c in pic.groups]
    index = {n.id: i for i, n in enumerate(pic.nodes)}
    on_path = set(nodes)
    hop_kind = {frozenset((h.source, h.target)): h.kind for h in path.hops}
    pic.nodes = [PictureNode(n.id, n.label, n.kind, n.group, 1.0 if n.id in on_path else 0.3,
                             12.0 if n.id in on_path else 6.0, n.x, n.y, show_label=n.id in on_path) for n in pic.nodes]
    pic.edges = [PictureEdge(e.source, e.target, e.weight,
                             hop_kind.get(frozenset((pic.nodes[e.source].id, pic.nodes[e.target].id)), ""))
                 for e in pic.edges]
    pic.groups = legend
    pic.caption = (path.text() if path.found else "not connected in the graph")
    pic.meta["path"] = [index[n] for n in nodes]
    return pic

