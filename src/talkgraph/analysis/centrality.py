"""Centrality of speakers in the speaker-speaker projection: degree, PageRank, betweenness, each explained."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from . import weights
from .projection import collapse

__all__ = ["CentralityRow", "centrality", "describe_ties", "node_scores", "MEASURES"]

MEASURES = ("pagerank", "degree", "strength", "betweenness")

_KIND_WORDS = {"spoke_together": "spoke together", "same_employer": "same employer",
               "shared_topic": "shared topics", "same_event": "same event"}


@dataclass(frozen=True)
class CentralityRow:
    """One person's centralities and why: how many ties of each kind, and the strongest ties."""

    person: str
    name: str
    degree: int
    strength: float
    pagerank: float
    betweenness: float
    reason: str

    def to_dict(self) -> dict:
        return {"person": self.person, "name": self.name, "degree": self.degree, "strength": round(self.strength, 3),
                "pagerank": round(self.pagerank, 5), "betweenness": round(self.betweenness, 5),
                "reason": self.reason}


def describe_ties(graph: nx.Graph, node: str, top: int = 3) -> str:
    """``"12 ties (5 spoke together, 9 same event); strongest: Ann, Bob"`` for a collapsed graph."""
    kinds: Counter = Counter()
    for _, _, d in graph.edges(node, data=True):
        kinds.update(d["kinds"].keys())
    strongest = sorted(graph[node].items(), key=lambda kv: (-kv[1]["weight"], kv[0]))[:top]
    parts = ", ".join(f"{n} {_KIND_WORDS.get(k, k)}" for k, n in kinds.most_common())
    names = ", ".join(graph.nodes[n].get("label", n) for n, _ in strongest)
    return f"{graph.degree(node)} ties ({parts}); strongest: {names}" if strongest else "no ties"


def node_scores(graph: nx.Graph, by: str = "pagerank", *, seed: int = weights.LOUVAIN_SEED) -> dict:
    """One centrality of every node of a weighted undirected graph (``weight`` on edges, 1 when absent).

    ``pagerank`` (weighted; uniform on a graph with no edges), ``degree``, ``strength``
    (weighted degree) or ``betweenness`` (``distance = 1 / weight``, sampled on large graphs).

    Raises
    ------
    ValueError
        For another measure.

    >>> node_scores(nx.star_graph(2), "degree")
    {0: 2.0, 1: 1.0, 2: 1.0}
    """
    if by not in MEASURES:
        raise ValueError(f"cannot rank by {by!r}; allowed: {', '.join(MEASURES)}")
    if by == "degree":
        return {n: float(d) for n, d in graph.degree()}
    if by == "strength":
        return {n: float(d) for n, d in graph.degree(weight="weight")}
    if graph.number_of_edges() == 0:
        return {n: (1.0 / max(graph.number_of_nodes(), 1) if by == "pagerank" else 0.0) for n in graph}
    if by == "pagerank":
        return nx.pagerank(graph, weight="weight")
    if not all("distance" in d for _, _, d in graph.edges(data=True)):
        graph = graph.copy()
        for _, _, d in graph.edges(data=True):
            d["distance"] = 1.0 / d.get("weight", 1.0)
    sample = weights.BETWEENNESS_SAMPLE if graph.number_of_nodes() > weights.BETWEENNESS_SAMPLE else None
    return nx.betweenness_centrality(graph, k=sample, weight="distance", seed=seed)


def centrality(graph: nx.Graph | nx.MultiGraph, *, by: str = "pagerank", top: int | None = None,
               seed: int = weights.LOUVAIN_SEED) -> list[CentralityRow]:
    """Degree, weighted degree (strength), PageRank and betweenness of every node, best first.

    ``graph`` is the speaker projection (a MultiGraph is collapsed first). Betweenness uses
    ``distance = 1 / weight`` and is estimated from :data:`weights.BETWEENNESS_SAMPLE` seeded
    pivots on larger graphs.

    Raises
    ------
    ValueError
        When ``by`` is not one of degree, strength, pagerank, betweenness.
    """
    if by not in MEASURES:
        raise ValueError(f"cannot rank by {by!r}; allowed: degree, strength, pagerank, betweenness")
    g = collapse(graph) if graph.is_multigraph() else graph
    if g.number_of_nodes() == 0:
        return []
    pagerank = node_scores(g, "pagerank")
    betweenness = node_scores(g, "betweenness", seed=seed)
    rows = [CentralityRow(n, g.nodes[n].get("label", n), g.degree(n), g.degree(n, weight="weight"),
                          pagerank[n], betweenness[n], describe_ties(g, n)) for n in g]
    rows.sort(key=lambda r: (-getattr(r, by), r.name))
    return rows[:top] if top else rows
