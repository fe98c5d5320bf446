"""A network picture: which nodes to draw (capped by centrality), where, how big and in which colour.

One :class:`NetworkPicture` feeds both renderers: the self-contained interactive page
(:mod:`talkgraph.viz.network_html`) and the matplotlib figure (:mod:`talkgraph.viz.static`), so
the browser, the notebook and the exported PNG show the same drawing.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Hashable, Mapping

import networkx as nx

__all__ = ["PictureNode", "PictureEdge", "NetworkPicture", "network_picture", "path_picture",
           "SIZE_MEASURES", "COLOR_MODES", "PALETTE", "KIND_COLORS", "OTHER_COLOR", "DEFAULT_CAP",
           "MIN_COMPONENT"]

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
MIN_COMPONENT = 3  # smaller connected components (pairs, singletons) are left out by default
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
    # Where the label is drawn (its anchor point, px) and how it hangs from it: "start" (text to the
    # right), "end" (to the left) or "middle" (centred, above or below the node).
    label_x: float = 0.0
    label_y: float = 0.0
    label_anchor: str = "start"


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
    """Centrality of every node of a weighted undirected graph; see :func:`talkgraph.analysis.centrality.node_scores`."""
    from ..analysis.centrality import node_scores

    return node_scores(graph, size_by)


def _fit(pos: Mapping[Hashable, tuple[float, float]], width: float, height: float
         ) -> dict[Hashable, tuple[float, float]]:
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


def _groups_by_kind(graph: nx.Graph, nodes: list[str]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    groups = {n: str(graph.nodes[n].get("kind") or "node") for n in nodes}
    names = sorted(set(groups.values()), key=lambda k: (k not in KIND_COLORS, k))
    spare = iter(c for c in PALETTE if c not in KIND_COLORS.values())
    legend = [(k, KIND_COLORS.get(k) or next(spare, OTHER_COLOR)) for k in names]
    return groups, legend


def _community_names(original: nx.Graph, graph: nx.Graph, seed: int) -> dict[str, str]:
    """Every node's community of the whole graph, named by what ties it (see :mod:`talkgraph.analysis.communities`)."""
    from ..analysis.communities import communities, partition

    names: dict[str, str] = {}
    if original.is_multigraph() and all("evidence" in d for _, _, d in original.edges(data=True)):
        for c in communities(original, seed=seed, min_size=1):
            # the two strongest shared things: a legend entry says it whole, never cut
            reason = "; ".join(c.reason.split("; ")[:2])
            names.update({m: f"{c.index + 1}: {reason}" if c.size > 1 else SINGLE for m in c.members})
    else:
        for i, members in enumerate(partition(graph, seed=seed)):
            top = max(members, key=lambda n: (graph.degree(n, weight="weight"), str(n)))
            name = f"{i + 1}: around {graph.nodes[top].get('label', top)}" if len(members) > 1 else SINGLE
            names.update({m: name for m in members})
    return names


SINGLE = "unconnected"


def _legend_by_community(names: Mapping[str, str], nodes: list[str]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The 9 largest communities among the drawn nodes get colours; the rest are "other"."""
    drawn: dict[str, int] = {}
    for n in nodes:
        drawn[names[n]] = drawn.get(names[n], 0) + 1
    order = [g for g in sorted(drawn, key=lambda g: (-drawn[g], g)) if g != SINGLE][: len(PALETTE) - 1]
    legend = [(g, PALETTE[i]) for i, g in enumerate(order)]
    kept = set(order)
    groups = {n: names[n] if names[n] in kept else "other" for n in nodes}
    if any(g == "other" for g in groups.values()):
        legend.append(("other", OTHER_COLOR))
    return groups, legend


def _small_components(graph: nx.Graph, nodes, min_size: int) -> set:
    """Nodes of ``graph`` (restricted to ``nodes``) whose connected component has fewer than ``min_size``."""
    sub = graph.subgraph(nodes)
    return {n for comp in nx.connected_components(sub) if len(comp) < min_size for n in comp}


def _connect(g: nx.Graph, kept: list, ranked: list, cap: int | None, min_size: int, rounds: int = 4) -> list:
    """``kept`` (in rank order), where a group of fewer than ``min_size`` drawn nodes is joined by its
    strongest neighbours; the least central of the others make room, so at most ``cap`` remain."""
    rank = {n: i for i, n in enumerate(ranked)}
    for _ in range(rounds):
        kept_set = set(kept)
        tiny = [c for c in nx.connected_components(g.subgraph(kept)) if len(c) < min_size]
        if not tiny:
            break
        protected: set = set()
        for comp in sorted(tiny, key=lambda c: min(rank[n] for n in c)):
            ties = sorted(((d.get("weight", 1.0), str(m), m) for n in comp for m, d in g[n].items()
                           if m not in kept_set and m in rank), reverse=True)
            added: list[str] = []
            for _, _, m in ties:
                if len(comp) + len(added) >= min_size:
                    break
                if m not in added:
                    added.append(m)
            if len(comp) + len(added) >= min_size:
                protected |= set(comp) | set(added)
                kept_set |= set(added)
        kept = sorted(kept_set, key=lambda n: rank[n])
        if cap is not None and len(kept) > cap:
            spare = [n for n in reversed(kept) if n not in protected][: len(kept) - cap]
            drop = set(spare)
            kept = [n for n in kept if n not in drop]
    return kept


def _backbone_first(sub: nx.Graph, cap: int) -> list[tuple]:
    """The edges to draw: a maximum spanning forest first (every drawn node keeps its strongest
    ties to the rest), then the heaviest of the others, ``cap`` in all."""
    def key(e):
        return (-e[2].get("weight", 1.0), str(e[0]), str(e[1]))

    forest = {frozenset((a, b)) for a, b in nx.maximum_spanning_edges(sub, weight="weight", data=False)}
    everything = sorted(sub.edges(data=True), key=key)
    backbone = [e for e in everything if frozenset(e[:2]) in forest]
    rest = [e for e in everything if frozenset(e[:2]) not in forest]
    return sorted((backbone + rest)[:cap], key=key)


def network_picture(graph: nx.Graph, *, title: str = "network", color_by: str | Mapping[str, str] = "kind",
                    size_by: str | Mapping[str, float] = "pagerank", cap: int | None = DEFAULT_CAP,
                    max_edges: int | None = None, labels: int = 25, seed: int = 42,
                    pos: Mapping[str, tuple[float, float]] | None = None,
                    noun: str = "nodes", min_component: int = MIN_COMPONENT,
                    layout: str = "community") -> NetworkPicture:
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
        graph (:func:`talkgraph.analysis.centrality.node_scores`), or a mapping node -> value.
    cap
        Draw at most this many nodes, the most central first (None: all). The caption says so.
    max_edges
        Draw at most this many edges among them (default: 6 x the nodes drawn): each node's
        strongest ties to the others first (a maximum spanning forest), then the heaviest.
    labels
        Write the labels of up to this many of the most central drawn nodes, those that fit
        without overlapping another label or node; the rest show on hover.
    pos
        Positions to use instead of the layout.
    noun
        What the nodes are, for the caption ("speakers").
    min_component
        Leave out nodes in connected components smaller than this (default 3: isolated pairs
        and singletons) of the whole graph; the caption counts them. Among the drawn nodes, a
        group smaller than this is joined by its strongest neighbours (the least central drawn
        nodes make room), or left out when it has none. 1 keeps everything.
    layout
        ``"community"`` (communities kept apart, see :func:`talkgraph.viz.layout.community_layout`:
        the colour groups when colouring by community or by a mapping, else seeded Louvain on the
        drawn graph) or ``"spring"`` (one seeded spring layout of everything).

    Raises
    ------
    ValueError
        For an unknown ``color_by``, ``size_by`` or ``layout``, or ``cap`` < 1.

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
    from .layout import LAYOUTS, community_layout, ordered_subgraph, place_labels, spread, spring_layout

    if isinstance(color_by, str) and color_by not in COLOR_MODES:
        raise ValueError(f"cannot colour by {color_by!r}; allowed: {', '.join(COLOR_MODES)} or a mapping")
    if isinstance(size_by, str) and size_by not in SIZE_MEASURES:
        raise ValueError(f"cannot size by {size_by!r}; allowed: {', '.join(SIZE_MEASURES)} or a mapping")
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; allowed: {', '.join(LAYOUTS)}")
    if cap is not None and cap < 1:
        raise ValueError(f"cap must be at least 1; got {cap}")
    g = _undirected(graph)
    values = measure(g, size_by) if isinstance(size_by, str) else {n: float(size_by.get(n, 0.0)) for n in g}

    def label(n) -> str:
        return str(g.nodes[n].get("label", n))

    # Pairs and singletons of the whole graph say nothing about its structure: left out, counted.
    alone = _small_components(g, g, min_component) if min_component > 1 else set()
    ranked = [n for n in sorted(g, key=lambda n: (-values[n], label(n), str(n))) if n not in alone]
    kept = ranked[:cap] if cap else ranked
    stranded: set = set()  # central, but with no tie to the other drawn nodes
    if min_component > 1:
        kept = _connect(g, kept, ranked, cap, min_component)
        stranded = _small_components(g, kept, min_component)
        kept = [n for n in kept if n not in stranded]
    sub = ordered_subgraph(g, kept)
    e_among = sub.number_of_edges()
    edge_cap = max_edges if max_edges is not None else 6 * len(kept)
    drawn_edges = _backbone_first(sub, edge_cap)

    layout_graph = nx.Graph()
    layout_graph.add_nodes_from(kept)
    layout_graph.add_edges_from((a, b, {"weight": d.get("weight", 1.0)}) for a, b, d in drawn_edges)

    names: dict[str, str] | None = None
    if isinstance(color_by, str) and color_by == "kind":
        groups, legend = _groups_by_kind(g, kept)
    elif isinstance(color_by, str):
        names = _community_names(graph, g, seed)
        groups, legend = _legend_by_community(names, kept)
    else:
        names = {n: str(color_by.get(n, "other")) for n in kept}
        groups = dict(names)
        group_names = sorted(set(groups.values()) - {"other"})
        legend = [(name, PALETTE[i % len(PALETTE)]) for i, name in enumerate(group_names)]
        if "other" in groups.values():
            legend.append(("other", OTHER_COLOR))

    raw: Mapping[Hashable, tuple[float, float]]
    if pos is not None:
        raw = {n: xy for n, xy in pos.items()}
    elif layout == "spring":
        raw = spring_layout(layout_graph, seed)
    else:
        if names is None:
            from ..analysis.communities import partition

            names = {m: str(i) for i, c in enumerate(partition(layout_graph, seed=seed)) for m in c}
        raw = community_layout(layout_graph, {n: names[n] for n in kept}, seed)
    placed = _fit(raw, WIDTH, HEIGHT)

    top = max((values[n] for n in kept), default=0.0) or 1.0
    radius = {n: round(4.0 + 14.0 * math.sqrt(max(values[n], 0.0) / top), 1) for n in kept}
    if pos is None:
        placed = spread(placed, radius, WIDTH, HEIGHT, MARGIN / 2)
    from .network_html import short_label

    spots = place_labels([(*placed[n], radius[n], short_label(label(n))) for n in kept], range(len(kept)),
                         labels, WIDTH, HEIGHT)
    index = {n: i for i, n in enumerate(kept)}
    nodes = []
    for i, n in enumerate(kept):
        spot = spots.get(i)
        nodes.append(PictureNode(str(n), label(n), str(g.nodes[n].get("kind") or "node"), groups[n], values[n],
                                 radius[n], *placed[n], show_label=spot is not None,
                                 label_x=spot[0] if spot else 0.0, label_y=spot[1] if spot else 0.0,
                                 label_anchor=spot[2] if spot else "start"))
    pedges = [PictureEdge(index[a], index[b], float(d.get("weight", 1.0))) for a, b, d in drawn_edges]
    caption = _caption(len(kept), g.number_of_nodes(), len(drawn_edges), e_among, g.number_of_edges(),
                       size_by if isinstance(size_by, str) else "the given values", noun,
                       left_out=len(alone), stranded=len(stranded), cap=cap)
    pic = NetworkPicture(title, nodes, pedges, legend, caption, g.number_of_nodes(), g.number_of_edges(),
                         size_by if isinstance(size_by, str) else "value")
    pic.meta["left_out"] = {"small_components": len(alone), "no_tie_among_drawn": len(stranded)}
    return pic


def _caption(n_drawn: int, n_total: int, e_drawn: int, e_among: int, e_total: int, size_by: str,
             noun: str, *, left_out: int = 0, stranded: int = 0, cap: int | None = None) -> str:
    measure_word = _MEASURE_WORDS.get(size_by, size_by)
    if n_drawn < n_total and (cap is not None and n_drawn >= cap):
        head = f"Showing the {n_drawn:,} most central of {n_total:,} {noun} (by {measure_word})"
    elif n_drawn < n_total:
        head = f"Showing {n_drawn:,} of {n_total:,} {noun} (sized by {measure_word})"
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
    out = f"{head}, and {tail}."
    if left_out:
        out += f" Left out: {left_out:,} in isolated pairs or alone"
        out += f", and {stranded:,} with no tie to those drawn." if stranded else "."
    elif stranded:
        out += f" Left out: {stranded:,} with no tie to those drawn."
    return out


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
                          labels=len(nodes), pos=pos, noun="nodes on and around the path", min_component=1)
    legend = [(k, KIND_COLORS.get(k, c)) for k, c in pic.groups]
    index = {n.id: i for i, n in enumerate(pic.nodes)}
    on_path = set(nodes)
    hop_kind = {frozenset((h.source, h.target)): h.kind for h in path.hops}
    from .layout import place_labels
    from .network_html import short_label

    radius = [12.0 if n.id in on_path else 6.0 for n in pic.nodes]
    spots = place_labels([(n.x, n.y, r, short_label(n.label)) for n, r in zip(pic.nodes, radius)],
                         [index[n] for n in nodes], len(nodes), pic.width, pic.height)
    pic.nodes = [PictureNode(n.id, n.label, n.kind, n.group, 1.0 if n.id in on_path else 0.3, r, n.x, n.y,
                             show_label=n.id in on_path,
                             label_x=spots[i][0] if i in spots else n.x + r + 2,
                             label_y=spots[i][1] if i in spots else n.y + 4,
                             label_anchor=spots[i][2] if i in spots else "start")
                 for i, (n, r) in enumerate(zip(pic.nodes, radius))]
    pic.edges = [PictureEdge(e.source, e.target, e.weight,
                             hop_kind.get(frozenset((pic.nodes[e.source].id, pic.nodes[e.target].id)), ""))
                 for e in pic.edges]
    pic.groups = legend
    pic.caption = (path.text() if path.found else "not connected in the graph")
    pic.meta["path"] = [index[n] for n in nodes]
    return pic

