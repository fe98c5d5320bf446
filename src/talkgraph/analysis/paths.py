"""Shortest typed paths between two speakers or two talks, and ego networks, rendered as explanations.

A path reads like "A spoke with B at Code BEAM SF 2019; B and C both talk about Erlang scalability".
"""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from .lookup import Lookup, UnknownPersonError, UnknownTalkError
from .projection import collapse

__all__ = ["Hop", "Path", "speaker_path", "talk_path", "ego_network", "EgoTie", "node_lookup"]


@dataclass(frozen=True)
class Hop:
    """One step of a path: from a node to the next, the kind of tie and a sentence saying it."""

    source: str
    target: str
    kind: str
    text: str


@dataclass(frozen=True)
class Path:
    """A path between two nodes; ``hops`` is empty when they are not connected."""

    source: str
    target: str
    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]

    @property
    def found(self) -> bool:
        return bool(self.nodes)

    def text(self) -> str:
        """The whole explanation, hops joined by "; "."""
        return "; ".join(h.text for h in self.hops) if self.hops else "not connected in the graph"

    def to_dict(self) -> dict:
        return {"source": self.source, "target": self.target, "nodes": list(self.nodes),
                "hops": [{"from": h.source, "to": h.target, "kind": h.kind, "text": h.text} for h in self.hops],
                "text": self.text()}


def node_lookup(graph: nx.Graph, kind: str) -> Lookup:
    """A :class:`Lookup` over the nodes of one ``kind`` ("person" or "talk") of a projection."""
    error = UnknownTalkError if kind == "talk" else UnknownPersonError
    return Lookup({n: d.get("label", n) for n, d in graph.nodes(data=True) if d.get("kind") == kind}, error)


def _label(g: nx.Graph, n: str) -> str:
    return g.nodes[n].get("label", n)


def _speaker_hop(g: nx.MultiGraph, a: str, b: str) -> Hop:
    ties = g.get_edge_data(a, b) or {}
    order = ("spoke_together", "same_employer", "shared_topic", "same_event")
    kind = max(ties, key=lambda k: (ties[k]["weight"], -order.index(k)))
    labels = [label for _, label in ties[kind]["evidence"]]
    la, lb = _label(g, a), _label(g, b)
    first = labels[0]
    if kind == "spoke_together":
        title, _, edition = first.partition(" @ ")
        where = f" at {edition}" if edition else ""
        text = f"{la} spoke with {lb}{where} ({title!r})"
    elif kind == "same_employer":
        text = f"{la} and {lb} both worked at {first}"
    elif kind == "shared_topic":
        text = f"{la} and {lb} both talk about {first}"
    else:
        text = f"{la} and {lb} both spoke at {first}"
    if len(labels) > 1:
        text += f" (and {len(labels) - 1} more)"
    return Hop(a, b, kind, text)


def speaker_path(graph: nx.MultiGraph, a: str, b: str) -> Path:
    """The strongest shortest path between two speakers of :func:`projection.speaker_graph`.

    ``a`` and ``b`` are names or IRIs. Edge length is ``1 / weight``, so a path over strong ties
    (spoke together, same employer) beats one over weak ties (same 300-person conference).

    Raises
    ------
    UnknownPersonError
        When a name matches no speaker; the message lists the closest names.
    """
    lookup = node_lookup(graph, "person")
    src, dst = lookup.resolve(a), lookup.resolve(b)
    g = collapse(graph)
    try:
        nodes = nx.shortest_path(g, src, dst, weight="distance")
    except nx.NetworkXNoPath:
        return Path(src, dst, (), ())
    hops = tuple(_speaker_hop(graph, x, y) for x, y in zip(nodes, nodes[1:]))
    return Path(src, dst, tuple(nodes), hops)


_ENTITY_TEXT = {
    ("talk", "person"): "{a!r} was given by {b}",
    ("person", "talk"): "{a} gave {b!r}",
    ("talk", "edition"): "{a!r} was given at {b}",
    ("edition", "talk"): "{a} also had {b!r}",
    ("talk", "topic"): "{a!r} is about {b}",
    ("topic", "talk"): "{a} is also the topic of {b!r}",
    ("topic", "topic"): "{a} is related to {b} (SKOS broader/narrower)",
    ("person", "organization"): "{a} worked at {b}",
    ("organization", "person"): "{a} also employed {b}",
}


def talk_path(graph: nx.Graph, a: str, b: str) -> Path:
    """The cheapest path between two talks of :func:`projection.entity_graph`, explained hop by hop.

    Stepping through a hub (a 500-talk conference, the topic "Python") costs more, so specific
    connections are preferred. ``a`` and ``b`` are titles or IRIs.

    Raises
    ------
    UnknownTalkError
        When a title matches no talk; the message lists the closest titles.
    """
    lookup = node_lookup(graph, "talk")
    src, dst = lookup.resolve(a), lookup.resolve(b)
    try:
        nodes = nx.shortest_path(graph, src, dst, weight="cost")
    except nx.NetworkXNoPath:
        return Path(src, dst, (), ())
    hops = []
    for x, y in zip(nodes, nodes[1:]):
        kx, ky = graph.nodes[x]["kind"], graph.nodes[y]["kind"]
        template = _ENTITY_TEXT.get((kx, ky), "{a} is linked to {b}")
        hops.append(Hop(x, y, graph.edges[x, y].get("kind", ""),
                        template.format(a=_label(graph, x), b=_label(graph, y))))
    return Path(src, dst, tuple(nodes), tuple(hops))


@dataclass(frozen=True)
class EgoTie:
    """One neighbour of a person: how strong the tie is and what it is made of."""

    person: str
    name: str
    distance: int
    weight: float
    reason: str

    def to_dict(self) -> dict:
        return {"person": self.person, "name": self.name, "distance": self.distance,
                "weight": round(self.weight, 3), "reason": self.reason}


def ego_network(graph: nx.MultiGraph, person: str, radius: int = 1) -> tuple[nx.Graph, list[EgoTie]]:
    """The ego network of ``person`` (name or IRI) within ``radius`` hops, and its ties explained.

    Neighbours at distance 1 are explained by their direct ties; farther ones by the path to them.

    Raises
    ------
    UnknownPersonError
        When the name matches no speaker.
    """
    centre = node_lookup(graph, "person").resolve(person)
    g = collapse(graph)
    ego = nx.ego_graph(g, centre, radius=radius)
    hops = nx.single_source_shortest_path(ego, centre)
    ties = []
    for n, path in hops.items():
        if n == centre:
            continue
        if len(path) == 2:
            reason = _speaker_hop(graph, centre, n).text
            weight = g.edges[centre, n]["weight"]
        else:
            reason = "; ".join(_speaker_hop(graph, x, y).text for x, y in zip(path, path[1:]))
            weight = 0.0
        ties.append(EgoTie(n, _label(g, n), len(path) - 1, weight, reason))
    ties.sort(key=lambda t: (t.distance, -t.weight, t.name))
    return ego, ties
