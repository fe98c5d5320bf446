"""Centrality of speakers in the speaker-speaker projection: degree, PageRank, betweenness, each explained."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from . import weights
from .projection import collapse

__all__ = ["CentralityRow", "centrality", "describe_ties"]

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
    if by not in ("degree", "strength", "pagerank", "betweenness"):
        raise ValueError(f"cannot rank by {by!r}; allowed: degree, strength, pagerank, betweenness")
    g = collapse(graph) if graph.is_multigraph() else graph
    if g.number_of_nodes() == 0:
        return []
    pagerank = nx.pagerank(g, weight="weight")
    sample = weights.BETWEENNESS_SAMPLE if g.number_of_nodes() > weights.BETWEENNESS_SAMPLE else None
    betweenness = nx.betweenness_centrality(g, k=sample, weight="distance", seed=seed)
    rows = [CentralityRow(n, g.nodes[n].get("label", n), g.degree(n), g.degree(n, weight="weight"),
                          pagerank[n], betweenness[n], describe_ties(g, n)) for n in g]
    rows.sort(key=lambda r: (-getattr(r, by), r.name))
    return rows[:top] if top else rows
