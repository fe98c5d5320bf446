"""Projections of the RDF graph into networkx: one function per projection, typed and weighted.

Each projection pulls only what it needs with the named ``projection-*`` queries (a few bulk
SELECTs, never one query per talk) and keeps no copy of the data beyond its nodes and edges.
Node ids are IRIs (``str``); every node has ``kind`` and ``label``.
"""
from __future__ import annotations

import functools
import itertools
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

import networkx as nx
import pyoxigraph as ox

from ..query.catalog import load_query
from ..resources import resource_dir
from ..store.local import GraphStore
from . import weights

__all__ = [
    "SPEAKER_TIES", "query_rows", "speaker_graph", "collapse", "talk_topic_graph", "speaker_org_graph",
    "employment_in", "entity_graph", "topic_hierarchy", "TopicHierarchy", "Membership", "memberships",
]

SPEAKER_TIES = ("spoke_together", "same_event", "shared_topic", "same_employer")


def query_rows(store: GraphStore | ox.Store, name: str) -> list[dict[str, str | None]]:
    """Rows of a named query as dicts of plain strings (IRIs and lexical forms; None when unbound).

    Faster than :func:`talkgraph.query.run.run_query` for bulk reads: no rdflib terms are built.
    """
    q = load_query(name)
    q.check({})
    solutions = store.query(q.text) if isinstance(store, GraphStore) else store.query(q.text)
    names = [v.value for v in solutions.variables]
    return [dict(zip(names, [None if t is None else t.value for t in s])) for s in solutions]


# ---- topics ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TopicHierarchy:
    """SKOS concepts: label and direct skos:broader concepts of each."""

    labels: dict[str, str]
    broader: dict[str, tuple[str, ...]]

    def label(self, concept: str) -> str:
        return self.labels.get(concept) or concept.rsplit("/", 1)[-1].replace("-", " ")

    def ancestors(self, concept: str, levels: int = weights.MAX_BROADER_LEVELS) -> dict[str, int]:
        """Broader concepts up to ``levels`` steps up, each with its distance (cycles are safe)."""
        seen: dict[str, int] = {}
        frontier = [concept]
        for depth in range(1, levels + 1):
            nxt = []
            for c in frontier:
                for b in self.broader.get(c, ()):
                    if b not in seen and b != concept:
                        seen[b] = depth
                        nxt.append(b)
            frontier = nxt
        return seen


@functools.lru_cache(maxsize=1)
def _ontology_topics() -> ox.Store | None:
    try:
        path = resource_dir("ontology") / "topics.ttl"
    except FileNotFoundError:
        return None
    if not path.is_file():
        return None
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def topic_hierarchy(store: GraphStore) -> TopicHierarchy:
    """The topic scheme: concepts the store knows, plus ``ontology/topics.ttl`` when it ships.

    The store may hold only the concepts talks are about (``schema:about``) and candidate
    concepts; the shipped scheme adds the ``skos:broader`` hierarchy above them.
    """
    labels: dict[str, str] = {}
    broader: dict[str, set[str]] = defaultdict(set)
    sources: list = [store]
    onto = _ontology_topics()
    if onto is not None:
        sources.append(onto)
    for source in sources:
        for row in query_rows(source, "projection-topics"):
            t = row["topic"]
            if row["label"] and t not in labels:
                labels[t] = row["label"]
            if row["broader"]:
                broader[t].add(row["broader"])
    return TopicHierarchy(labels, {k: tuple(sorted(v)) for k, v in broader.items()})


def talk_topic_graph(store: GraphStore) -> nx.DiGraph:
    """Bipartite talk-topic graph with the SKOS hierarchy.

    Edges ``talk -> topic`` have ``kind="about"``; edges ``topic -> broader topic`` have
    ``kind="broader"``. Talk nodes have ``bipartite=0``, topic nodes ``bipartite=1``.
    """
    g = nx.DiGraph(projection="talk-topic")
    hierarchy = topic_hierarchy(store)
    titles = {r["talk"]: r["title"] for r in query_rows(store, "projection-talks")}
    for talk, title in titles.items():
        g.add_node(talk, kind="talk", label=title, bipartite=0)
    for row in query_rows(store, "projection-talk-topics"):
        for node in (row["talk"], row["topic"]):
            if node not in g:
                is_talk = node == row["talk"]
                g.add_node(node, kind="talk" if is_talk else "topic",
                           label=titles.get(node, node) if is_talk else hierarchy.label(node),
                           bipartite=0 if is_talk else 1)
        g.add_edge(row["talk"], row["topic"], kind="about")
    for concept, ups in hierarchy.broader.items():
        for up in ups:
            for node in (concept, up):
                if node not in g:
                    g.add_node(node, kind="topic", label=hierarchy.label(node), bipartite=1)
            g.add_edge(concept, up, kind="broader")
    return g


# ---- employment --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Membership:
    """One person's membership of one organisation, with the years known (None when not stated)."""

    person: str
    name: str
    organization: str
    organization_name: str
    current: bool | None
    begin: int | None
    end: int | None

    def overlaps(self, other: "Membership") -> bool | None:
        """True/False when the years (or both being current) decide it; None when unknown."""
        if self.current and other.current:
            return True
        a0, a1 = self.begin, self.end if self.end is not None else (9999 if self.current else None)
        b0, b1 = other.begin, other.end if other.end is not None else (9999 if other.current else None)
        if None in (a0, a1, b0, b1):
            if a0 is not None and b0 is not None and a1 is not None and a1 < b0:
                return False
            if a0 is not None and b0 is not None and b1 is not None and b1 < a0:
                return False
            return None
        return a0 <= b1 and b0 <= a1

    def active_in(self, year: int) -> bool | None:
        if self.begin is not None and year < self.begin:
            return False
        if self.end is not None and year > self.end:
            return False
        if self.begin is None and self.end is None:
            return None
        return True


def _year(text: str | None) -> int | None:
    if not text:
        return None
    try:
        return int(text[:4])
    except ValueError:
        return None


def memberships(store: GraphStore) -> list[Membership]:
    """Every (person, organisation) membership with its years, from ``projection-memberships``."""
    out = []
    for r in query_rows(store, "projection-memberships"):
        current = None if r["current"] is None else r["current"] in ("true", "1")
        out.append(Membership(r["person"], r["name"] or r["person"], r["organization"],
                              r["organization_name"] or r["organization"], current,
                              _year(r["begin"]), _year(r["end"])))
    return out


def speaker_org_graph(store: GraphStore) -> nx.Graph:
    """Bipartite person-organisation graph over time.

    Each edge is one membership with ``current``, ``begin`` and ``end`` (years, None when not
    stated). Person nodes have ``bipartite=0``, organisations ``bipartite=1``.
    See :func:`employment_in` for the graph of one year.
    """
    g = nx.Graph(projection="speaker-organisation")
    for m in memberships(store):
        g.add_node(m.person, kind="person", label=m.name, bipartite=0)
        g.add_node(m.organization, kind="organization", label=m.organization_name, bipartite=1)
        g.add_edge(m.person, m.organization, kind="member", current=m.current, begin=m.begin, end=m.end)
    return g


def employment_in(graph: nx.Graph, year: int, *, include_unknown: bool = False) -> nx.Graph:
    """The memberships of ``graph`` (from :func:`speaker_org_graph`) active in ``year``.

    A membership with no years is left out unless ``include_unknown``.
    """
    def keep(u, v):
        d = graph.edges[u, v]
        m = Membership("", "", "", "", d["current"], d["begin"], d["end"])
        active = m.active_in(year)
        return active or (active is None and include_unknown)
    return nx.subgraph_view(graph, filter_edge=keep)


# ---- speakers ----------------------------------------------------------------------------------
class _Ties:
    """Ties accumulated in plain dicts, added to the graph in one bulk call (fast on 400k-edge graphs)."""

    def __init__(self) -> None:
        self.weight: dict[tuple[str, str, str], float] = defaultdict(float)
        self.evidence: dict[tuple[str, str, str], list] = defaultdict(list)

    def add(self, a: str, b: str, kind: str, evidence: tuple[str, str], weight: float) -> None:
        if a == b:
            return
        key = (a, b, kind) if a < b else (b, a, kind)
        self.weight[key] += weight
        self.evidence[key].append(evidence)

    def into(self, g: nx.MultiGraph) -> None:
        g.add_edges_from((a, b, kind, {"kind": kind, "weight": w, "evidence": self.evidence[(a, b, kind)]})
                         for (a, b, kind), w in self.weight.items())


def speaker_graph(store: GraphStore, kinds: Iterable[str] = SPEAKER_TIES) -> nx.MultiGraph:
    """Speaker-speaker graph: one edge per pair and kind of tie, keyed by the kind.

    Kinds (weights per piece of evidence in :data:`weights.SPEAKER_EDGE`):

    - ``spoke_together``: co-performers of a talk occurrence; evidence ``(occurrence, "title @ edition")``
    - ``same_event``: both spoke at an edition; evidence ``(edition, edition name)``
    - ``shared_topic``: both gave talks about a topic; evidence ``(topic, label)``
    - ``same_employer``: members of one organisation at overlapping times (or times unknown, at
      :data:`weights.SAME_EMPLOYER_UNKNOWN_TIME` of the weight); evidence ``(organisation, name)``

    Editions and topics with more speakers than :data:`weights.MAX_EVENT_CLIQUE` /
    :data:`weights.MAX_TOPIC_CLIQUE` add no edges; they are listed in ``graph.graph["skipped"]``.
    Only people who performed a talk are nodes.

    Raises
    ------
    ValueError
        For a kind not in :data:`SPEAKER_TIES`.
    """
    kinds = set(kinds)
    unknown = kinds - set(SPEAKER_TIES)
    if unknown:
        raise ValueError(f"unknown speaker ties {sorted(unknown)}; allowed: {', '.join(SPEAKER_TIES)}")
    g = nx.MultiGraph(projection="speaker-speaker", skipped=[])
    ties = _Ties()
    w = weights.SPEAKER_EDGE
    perf = query_rows(store, "projection-performances")
    titles = {}
    by_occurrence: dict[str, set[str]] = defaultdict(set)
    by_edition: dict[str, set[str]] = defaultdict(set)
    edition_names: dict[str, str] = {}
    occ_label: dict[str, str] = {}
    talks_of: dict[str, set[str]] = defaultdict(set)
    for r in perf:
        if not r["person"]:
            continue
        g.add_node(r["person"], kind="person", label=r["name"] or r["person"])
        by_occurrence[r["occurrence"]].add(r["person"])
        talks_of[r["person"]].add(r["talk"])
        if r["edition"]:
            by_edition[r["edition"]].add(r["person"])
            edition_names[r["edition"]] = r["edition_name"] or r["edition"]
        occ_label.setdefault(r["occurrence"], (r["talk"], r["edition_name"]))
    if "spoke_together" in kinds or "shared_topic" in kinds:
        titles = {r["talk"]: r["title"] for r in query_rows(store, "projection-talks")}
    if "spoke_together" in kinds:
        for occ, people in by_occurrence.items():
            talk, edition = occ_label[occ]
            label = titles.get(talk, talk) + (f" @ {edition}" if edition else "")
            for a, b in itertools.combinations(sorted(people), 2):
                ties.add(a, b, "spoke_together", (occ, label), w["spoke_together"])
    if "same_event" in kinds:
        for ed, people in by_edition.items():
            if len(people) > weights.MAX_EVENT_CLIQUE:
                g.graph["skipped"].append(("same_event", ed, len(people)))
                continue
            for a, b in itertools.combinations(sorted(people), 2):
                ties.add(a, b, "same_event", (ed, edition_names[ed]), w["same_event"])
    if "shared_topic" in kinds:
        hierarchy = topic_hierarchy(store)
        topics_of_talk: dict[str, set[str]] = defaultdict(set)
        for r in query_rows(store, "projection-talk-topics"):
            topics_of_talk[r["talk"]].add(r["topic"])
        by_topic: dict[str, set[str]] = defaultdict(set)
        for person, talks in talks_of.items():
            for t in talks:
                for topic in topics_of_talk.get(t, ()):
                    by_topic[topic].add(person)
        for topic, people in by_topic.items():
            if len(people) > weights.MAX_TOPIC_CLIQUE:
                g.graph["skipped"].append(("shared_topic", topic, len(people)))
                continue
            for a, b in itertools.combinations(sorted(people), 2):
                ties.add(a, b, "shared_topic", (topic, hierarchy.label(topic)), w["shared_topic"])
    if "same_employer" in kinds:
        by_org: dict[str, list[Membership]] = defaultdict(list)
        for m in memberships(store):
            if m.person in g:
                by_org[m.organization].append(m)
        for org, ms in by_org.items():
            for ma, mb in itertools.combinations(sorted(ms, key=lambda m: m.person), 2):
                overlap = ma.overlaps(mb)
                if overlap is False:
                    continue
                factor = 1.0 if overlap else weights.SAME_EMPLOYER_UNKNOWN_TIME
                ties.add(ma.person, mb.person, "same_employer", (org, ma.organization_name),
                         w["same_employer"] * factor)
    ties.into(g)
    return g


def collapse(graph: nx.MultiGraph) -> nx.Graph:
    """One edge per pair: ``weight`` is the sum over kinds, ``kinds`` maps kind -> its weight.

    Also sets ``distance = 1 / weight`` for shortest paths and betweenness.
    """
    out = nx.Graph(**graph.graph)
    out.add_nodes_from(graph.nodes(data=True))
    for a, b, kind, d in graph.edges(keys=True, data=True):
        if out.has_edge(a, b):
            e = out.edges[a, b]
            e["weight"] += d["weight"]
            e["kinds"][kind] = d["weight"]
        else:
            out.add_edge(a, b, weight=d["weight"], kinds={kind: d["weight"]})
    for _, _, d in out.edges(data=True):
        d["distance"] = 1.0 / d["weight"]
    return out


# ---- everything, for explanations ------------------------------------------------------------
def entity_graph(store: GraphStore) -> nx.Graph:
    """Talks, people, editions, topics and organisations in one typed graph, for explained paths.

    Edges: talk-person ``gave``, talk-edition ``given_at``, talk-topic ``about``, topic-topic
    ``broader``, person-organisation ``member``. Each edge has ``cost`` for path search: stepping
    into a node costs ``1 + HUB_COST * log(degree)`` so paths prefer specific connections.
    """
    g = nx.Graph(projection="entity")
    hierarchy = topic_hierarchy(store)
    for r in query_rows(store, "projection-talks"):
        g.add_node(r["talk"], kind="talk", label=r["title"])
    for r in query_rows(store, "projection-performances"):
        if r["talk"] not in g:
            g.add_node(r["talk"], kind="talk", label=r["talk"])
        if r["person"]:
            g.add_node(r["person"], kind="person", label=r["name"] or r["person"])
            g.add_edge(r["talk"], r["person"], kind="gave")
        if r["edition"]:
            g.add_node(r["edition"], kind="edition", label=r["edition_name"] or r["edition"])
            g.add_edge(r["talk"], r["edition"], kind="given_at")
    for r in query_rows(store, "projection-talk-topics"):
        g.add_node(r["topic"], kind="topic", label=hierarchy.label(r["topic"]))
        g.add_edge(r["talk"], r["topic"], kind="about")
    for concept, ups in hierarchy.broader.items():
        if concept in g:
            for up in ups:
                g.add_node(up, kind="topic", label=hierarchy.label(up))
                g.add_edge(concept, up, kind="broader")
    for m in memberships(store):
        g.add_node(m.person, kind="person", label=m.name)
        g.add_node(m.organization, kind="organization", label=m.organization_name)
        g.add_edge(m.person, m.organization, kind="member", current=m.current, begin=m.begin, end=m.end)
    degree = dict(g.degree())
    for a, b, d in g.edges(data=True):
        d["cost"] = 1.0 + weights.HUB_COST * (math.log(max(degree[a], 1)) + math.log(max(degree[b], 1))) / 2
    return g
