"""Communities of speakers (Louvain, seeded), each described by what ties its members together."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from . import weights
from .projection import collapse

__all__ = ["Community", "communities", "partition"]

_TEMPLATES = {"spoke_together": "spoke together: {}", "same_employer": "worked at {}",
              "shared_topic": "talk about {}", "same_event": "spoke at {}"}


@dataclass(frozen=True)
class Community:
    """A group of speakers, its members (strongest first) and the ties that hold it together."""

    index: int
    members: tuple[str, ...]
    labels: tuple[str, ...]
    reason: str

    @property
    def size(self) -> int:
        return len(self.members)

    def to_dict(self) -> dict:
        return {"community": self.index, "size": self.size, "members": list(self.labels), "reason": self.reason}


def partition(graph: nx.Graph, *, seed: int = weights.LOUVAIN_SEED,
              resolution: float = weights.LOUVAIN_RESOLUTION) -> list[set]:
    """Seeded Louvain communities of a weighted graph (a MultiGraph is collapsed), largest first.

    The same every run; ties in size are ordered by their smallest member.

    >>> [sorted(c) for c in partition(nx.barbell_graph(3, 0))]
    [[0, 1, 2], [3, 4, 5]]
    """
    g = collapse(graph) if graph.is_multigraph() else graph
    if g.number_of_nodes() == 0:
        return []
    parts = nx.community.louvain_communities(g, weight="weight", resolution=resolution, seed=seed)
    return sorted(parts, key=lambda c: (-len(c), min(map(str, c))))


def communities(graph: nx.MultiGraph, *, seed: int = weights.LOUVAIN_SEED,
                resolution: float = weights.LOUVAIN_RESOLUTION, min_size: int = 2) -> list[Community]:
    """Louvain communities of the speaker projection, largest first; the same every run (seeded).

    Each community's ``reason`` names the evidence its internal ties share most (by weight),
    e.g. ``"worked at Erlang Solutions; spoke at Code BEAM SF 2019"``.
    """
    g = collapse(graph) if graph.is_multigraph() else graph
    out: list[Community] = []
    for members in partition(g, seed=seed, resolution=resolution):
        if len(members) < min_size:
            continue
        evidence: Counter = Counter()
        if graph.is_multigraph():
            for a, b, kind, d in graph.subgraph(members).edges(keys=True, data=True):
                per = d["weight"] / max(len(d["evidence"]), 1)
                for _, label in d["evidence"]:
                    evidence[(kind, label)] += per
        strength = {n: g.degree(n, weight="weight") for n in members}
        ordered = sorted(members, key=lambda n: (-strength[n], n))
        # by weight, then by name: the same whatever order the edges came in
        best = sorted(evidence.items(), key=lambda kv: (-round(kv[1], 9), kv[0]))[:3]
        reason = "; ".join(_TEMPLATES[k].format(label) for (k, label), _ in best)
        out.append(Community(len(out), tuple(ordered), tuple(g.nodes[n].get("label", n) for n in ordered),
                             reason or "tied by the speaker graph"))
    return out
