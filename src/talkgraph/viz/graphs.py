"""The networks the viz commands draw, from the store: speakers, co-speakers, speaker-topic, talk-topic, ego.

Thin over :mod:`talkgraph.analysis.projection`; the speaker-topic projection (not needed by the
analytics) is built here from the same bulk queries.
"""
from __future__ import annotations

from collections import Counter
from typing import Mapping

import networkx as nx

from ..store.local import GraphStore
from .picture import DEFAULT_CAP, KIND_COLORS, MIN_COMPONENT, NetworkPicture, network_picture

__all__ = ["NETWORK_KINDS", "speaker_topic_graph", "network_graph", "network", "ego"]

NETWORK_KINDS = ("speakers", "co-speaker", "speaker-topic", "talk-topic")
_NOUNS = {"speakers": "speakers", "co-speaker": "speakers with a co-speaker", "speaker-topic": "speakers and topics",
          "talk-topic": "talks and topics"}
_TITLES = {"speakers": "Speaker network (all ties)", "co-speaker": "Co-speaker network (spoke together)",
           "speaker-topic": "Speakers and the topics they talk about", "talk-topic": "Talks and their topics"}


def speaker_topic_graph(store: GraphStore) -> nx.Graph:
    """Bipartite speaker-topic graph: an edge per (person, topic), ``weight`` = how many of their talks.

    Person nodes have ``kind="person"``, topics ``kind="topic"``; both have ``label``. Only
    people with at least one talk about a known topic are nodes.
    """
    from ..analysis.projection import bound_value, query_rows, topic_hierarchy

    hierarchy = topic_hierarchy(store)
    topics_of: dict[str, set[str]] = {}
    for r in query_rows(store, "projection-talk-topics"):
        topics_of.setdefault(bound_value(r, "talk"), set()).add(bound_value(r, "topic"))
    g = nx.Graph(projection="speaker-topic")
    counts: Counter = Counter()
    seen: set[tuple[str, str]] = set()
    names: dict[str, str] = {}
    for r in query_rows(store, "projection-performances"):
        person, talk = r["person"], bound_value(r, "talk")
        if not person or (person, talk) in seen:
            continue
        seen.add((person, talk))
        names[person] = r["name"] or person
        for topic in topics_of.get(talk, ()):
            counts[(person, topic)] += 1
    for (person, topic), n in sorted(counts.items()):
        g.add_node(person, kind="person", label=names[person])
        g.add_node(topic, kind="topic", label=hierarchy.label(topic))
        g.add_edge(person, topic, weight=float(n), kind="talks_about")
    return g


def network_graph(store: GraphStore, kind: str = "speakers") -> nx.Graph:
    """The graph of one of :data:`NETWORK_KINDS` (a MultiGraph for the speaker kinds).

    The co-speaker network leaves out people who never shared a talk.

    Raises
    ------
    ValueError
        For another kind.
    """
    from ..analysis import projection

    if kind == "speakers":
        return projection.speaker_graph(store)
    if kind == "co-speaker":
        graph = projection.speaker_graph(store, kinds=("spoke_together",))
        graph.remove_nodes_from([n for n, d in graph.degree() if d == 0])
        return graph
    if kind == "speaker-topic":
        return speaker_topic_graph(store)
    if kind == "talk-topic":
        return projection.talk_topic_graph(store)
    raise ValueError(f"unknown network {kind!r}; allowed: {', '.join(NETWORK_KINDS)}")


def network(store: GraphStore, kind: str = "speakers", *, color_by: str | Mapping[str, str] | None = None,
            size_by: str = "pagerank", cap: int | None = DEFAULT_CAP, labels: int = 25,
            title: str | None = None, seed: int = 42, min_component: int = MIN_COMPONENT,
            layout: str = "community") -> NetworkPicture:
    """A picture of one network of the store; speaker networks are coloured by community by default.

    Isolated pairs and singletons are left out (``min_component``) and communities kept apart
    (``layout``); see :func:`~talkgraph.viz.picture.network_picture`.
    """
    graph = network_graph(store, kind)
    if color_by is None:
        color_by = "community" if kind in ("speakers", "co-speaker") else "kind"
    return network_picture(graph, title=title or _TITLES[kind], color_by=color_by, size_by=size_by, cap=cap,
                           labels=labels, seed=seed, noun=_NOUNS[kind], min_component=min_component,
                           layout=layout)


def ego(graph: nx.MultiGraph, person: str, *, radius: int = 1, cap: int | None = DEFAULT_CAP,
        title: str | None = None, seed: int = 42) -> NetworkPicture:
    """A picture of ``person``'s ego network in the speaker projection, coloured by distance from them.

    ``person`` is a name or an IRI (see :func:`talkgraph.analysis.paths.ego_network`, whose errors it raises).
    """
    from ..analysis.paths import ego_network

    sub, ties = ego_network(graph, person, radius)
    distance = {t.person: t.distance for t in ties}
    centre = next(n for n in sub if n not in distance)
    words = {1: "1 hop", 2: "2 hops", 3: "3 hops"}
    groups = {n: "centre" if n == centre else words.get(distance.get(n, 0), "farther") for n in sub}
    name = sub.nodes[centre].get("label", centre)
    # Everyone of an ego network is tied to the centre: nothing is an isolated pair, even a lone
    # co-speaker. One spring layout keeps the centre in the middle (the groups are distances here,
    # not communities to keep apart).
    pic = network_picture(sub, title=title or f"Ego network of {name} (radius {radius})", color_by=groups,
                          size_by="strength", cap=cap, seed=seed, noun="people", min_component=1, layout="spring")
    order = ["centre", "1 hop", "2 hops", "3 hops", "farther"]
    colors = {"centre": KIND_COLORS["centre"], "1 hop": "#4e79a7", "2 hops": "#76b7b2", "3 hops": "#bab0ac",
              "farther": "#c8c8c8"}
    present = {n.group for n in pic.nodes}
    pic.groups = [(g, colors[g]) for g in order if g in present]
    pic.meta["ties"] = [t.to_dict() for t in ties]
    return pic
