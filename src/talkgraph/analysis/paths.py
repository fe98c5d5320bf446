"""Shortest typed paths between two speakers or two talks, and ego networks, rendered as explanations.

A path reads like "A spoke with B at Code BEAM SF 2019; B and C both talk about Erlang scalability".
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx

from .lookup import Lookup, UnknownPersonError, UnknownTalkError
from .projection import ProjectionData, collapse, entity_graph, speaker_graph

if TYPE_CHECKING:  # pragma: no cover
    from ..store.local import GraphStore

__all__ = ["Tie", "Hop", "Path", "TIE_PREFERENCE", "speaker_path", "talk_path", "explained_path", "ego_network", "EgoTie",
           "node_lookup"]


@dataclass(frozen=True)
class Tie:
    """One reason two nodes are tied: its kind, its weight, a sentence and the evidence behind it."""

    kind: str
    weight: float
    text: str
    evidence: tuple[tuple[str, str], ...] = ()  # (IRI, label)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "weight": round(self.weight, 3), "text": self.text,
                "evidence": [{"id": i, "label": label} for i, label in self.evidence]}


@dataclass(frozen=True)
class Hop:
    """One step of a path: from a node to the next, the kind of tie and a sentence saying it.

    ``kind`` and ``text`` state the strongest true thing (see :data:`TIE_PREFERENCE`);
    ``reasons`` holds every tie between the two, that one first, each with its evidence.
    """

    source: str
    target: str
    kind: str
    text: str
    reasons: tuple[Tie, ...] = ()

    def to_dict(self) -> dict:
        return {"from": self.source, "to": self.target, "kind": self.kind, "text": self.text,
                "reasons": [r.to_dict() for r in self.reasons]}


@dataclass(frozen=True)
class Path:
    """A path between two nodes; ``hops`` is empty when they are not connected.

    When they are not, ``components`` holds the sizes of the two connected components
    (source's, target's) and ``noun`` what their nodes are, for the message.
    """

    source: str
    target: str
    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]
    components: tuple[int, int] | None = None
    names: tuple[str, str] = ("", "")
    noun: str = "nodes"

    @property
    def found(self) -> bool:
        return bool(self.nodes)

    def text(self) -> str:
        """The whole explanation, hops joined by "; " (or why there is none)."""
        if self.hops:
            return "; ".join(h.text for h in self.hops)
        if not self.found and self.components:
            a, b = self.names
            na, nb = self.components
            return (f"not connected in the graph: {a} is in a group of {na:,} connected {self.noun}, "
                    f"{b} in another of {nb:,}")
        return "not connected in the graph"

    def to_dict(self) -> dict:
        out = {"source": self.source, "target": self.target, "connected": self.found, "nodes": list(self.nodes),
               "hops": [h.to_dict() for h in self.hops], "text": self.text()}
        if self.components:
            out["components"] = {"source": self.components[0], "target": self.components[1]}
        return out


def node_lookup(graph: nx.Graph, kind: str) -> Lookup:
    """A :class:`Lookup` over the nodes of one ``kind`` ("person" or "talk") of a projection."""
    error = UnknownTalkError if kind == "talk" else UnknownPersonError
    return Lookup({n: d.get("label", n) for n, d in graph.nodes(data=True) if d.get("kind") == kind}, error)


def _label(g: nx.Graph, n: str) -> str:
    return g.nodes[n].get("label", n)


# "Spoke together" is the strongest true thing two speakers can share, then an employer, then a
# topic, then an event; a tie made only of large sessions (see weights.LARGE_SESSION: lightning
# talks, big panels) says less than a shared topic.
TIE_PREFERENCE = ("spoke_together", "same_employer", "shared_topic", "large_session", "same_event")


def _tie(g: nx.MultiGraph, a: str, b: str, kind: str, d: dict) -> tuple[Tie, str]:
    """The sentence for one kind of tie, and its rank kind (``large_session`` when only big sessions)."""
    evidence = list(d["evidence"])
    la, lb = _label(g, a), _label(g, b)
    rank = kind
    if kind == "spoke_together":
        sizes = g.graph.get("session_sizes", {})
        small = [e for e in evidence if e[0] not in sizes]
        evidence = small + [e for e in evidence if e[0] in sizes]
        first = evidence[0]
        title, _, edition = first[1].partition(" @ ")
        where = f" at {edition}" if edition else ""
        if small:
            text = f"{la} spoke with {lb}{where} ({title!r})"
        else:
            rank = "large_session"
            text = f"{la} and {lb} spoke in one session{where} ({title!r}, {sizes[first[0]]} speakers)"
    elif kind == "same_employer":
        text = f"{la} and {lb} both worked at {evidence[0][1]}"
    elif kind == "shared_topic":
        text = f"{la} and {lb} both talk about {evidence[0][1]}"
    else:
        text = f"{la} and {lb} both spoke at {evidence[0][1]}"
    if len(evidence) > 1:
        text += f" (and {len(evidence) - 1} more)"
    return Tie(kind, float(d["weight"]), text, tuple((str(i), str(label)) for i, label in evidence)), rank


def _speaker_hop(g: nx.MultiGraph, a: str, b: str) -> Hop:
    ranked = []
    for kind, d in (g.get_edge_data(a, b) or {}).items():
        tie, rank = _tie(g, a, b, kind, d)
        order = TIE_PREFERENCE.index(rank) if rank in TIE_PREFERENCE else len(TIE_PREFERENCE)
        ranked.append((order, -tie.weight, kind, tie))
    ranked.sort(key=lambda t: t[:3])
    reasons = tuple(t[3] for t in ranked)
    return Hop(a, b, reasons[0].kind, reasons[0].text, reasons)


def _not_connected(g: nx.Graph, src: str, dst: str, noun: str) -> Path:
    sizes = (len(nx.node_connected_component(g, src)), len(nx.node_connected_component(g, dst)))
    return Path(src, dst, (), (), sizes, (_label(g, src), _label(g, dst)), noun)


def speaker_path(graph: nx.MultiGraph, a: str, b: str) -> Path:
    """The strongest shortest path between two speakers of :func:`projection.speaker_graph`.

    ``a`` and ``b`` are names or IRIs. Edge length is ``1 / weight``, so a path over strong ties
    (spoke together, same employer) beats one over weak ties (same 300-person conference).
    Each hop states the strongest true tie (:data:`TIE_PREFERENCE`) and carries all of them.
    When there is no path, the result says how large each one's connected component is.

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
        return _not_connected(g, src, dst, "people")
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
        return _not_connected(graph, src, dst, "nodes (talks, people, events, topics)")
    hops = []
    for x, y in zip(nodes, nodes[1:]):
        kx, ky = graph.nodes[x]["kind"], graph.nodes[y]["kind"]
        template = _ENTITY_TEXT.get((kx, ky), "{a} is linked to {b}")
        kind = graph.edges[x, y].get("kind", "")
        text = template.format(a=_label(graph, x), b=_label(graph, y))
        hops.append(Hop(x, y, kind, text, (Tie(kind, 1.0, text, ((x, _label(graph, x)), (y, _label(graph, y)))),)))
    return Path(src, dst, tuple(nodes), tuple(hops))


def explained_path(source: "GraphStore | ProjectionData", a: str, b: str, *,
                   talks: bool = False) -> tuple[nx.Graph, Path]:
    """The projection and the explained shortest path in it between speakers ``a`` and ``b``.

    With ``talks``, ``a`` and ``b`` are talks and the path runs through :func:`projection.entity_graph`
    (:func:`talk_path`); otherwise through :func:`projection.speaker_graph` (:func:`speaker_path`).
    """
    if talks:
        entities = entity_graph(source)
        return entities, talk_path(entities, a, b)
    speakers = speaker_graph(source)
    return speakers, speaker_path(speakers, a, b)


@dataclass(frozen=True)
class EgoTie:
    """One neighbour of a person: how strong the tie is and what it is made of.

    ``hops`` is the path from the person to them (one hop for a direct neighbour), each hop with
    every reason and its evidence; ``reason`` states the strongest true one of each hop.
    """

    person: str
    name: str
    distance: int
    weight: float
    reason: str
    hops: tuple[Hop, ...] = ()

    def to_dict(self) -> dict:
        return {"person": self.person, "name": self.name, "distance": self.distance,
                "weight": round(self.weight, 3), "reason": self.reason,
                "reasons": [r.to_dict() for h in self.hops[:1] for r in h.reasons] if self.distance == 1 else [],
                "hops": [h.to_dict() for h in self.hops]}


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
    # nx.ego_graph iterates its nodes in set order, which string hashing changes from one process to
    # the next; a copy in a fixed order keeps seeded layouts and tie order the same on every run.
    reach = nx.single_source_shortest_path_length(g, centre, cutoff=radius)
    members = sorted(reach, key=lambda n: (reach[n], str(n)))
    keep = set(members)
    ego = nx.Graph()
    ego.add_nodes_from((n, g.nodes[n]) for n in members)
    ego.add_edges_from((a, b, d) for a in members for b, d in sorted(g[a].items(), key=lambda bd: str(bd[0]))
                       if b in keep)
    paths = nx.single_source_shortest_path(ego, centre)
    ties = []
    for n, path in paths.items():
        if n == centre:
            continue
        hops = tuple(_speaker_hop(graph, x, y) for x, y in zip(path, path[1:]))
        weight = g.edges[centre, n]["weight"] if len(path) == 2 else 0.0
        ties.append(EgoTie(n, _label(g, n), len(path) - 1, weight, "; ".join(h.text for h in hops), hops))
    ties.sort(key=lambda t: (t.distance, -t.weight, t.name))
    return ego, ties
