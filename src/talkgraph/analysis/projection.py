"""Projections of the RDF graph into networkx: one function per projection, typed and weighted.

The rows every projection needs are read once into a :class:`ProjectionData` by a few flat
``projection-*`` queries (``SELECT DISTINCT``, no GROUP BY: aggregating in pyoxigraph cost
seconds per query on pyvideo, and MAX/MIN over a group with one unbound row gives unbound);
choosing one title or name per entity happens in Python. Each projection function takes either
a store (it loads the data itself) or a :class:`ProjectionData` already loaded, so several
projections and the related-talks index share one read. A projection keeps no copy of the data
beyond its nodes and edges. Node ids are IRIs (``str``); every node has ``kind`` and ``label``.
"""
from __future__ import annotations

import functools
import itertools
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping, Sequence, overload

import networkx as nx
import pyoxigraph as ox

from ..query.catalog import load_query
from ..resources import resource_dir
from ..store.local import GraphStore
from . import weights

__all__ = [
    "SPEAKER_TIES", "query_rows", "bound_value", "ProjectionData", "Occurrence", "Edition", "Performance", "load_data",
    "speaker_graph", "collapse", "talk_topic_graph", "speaker_org_graph", "employment_in", "entity_graph",
    "topic_hierarchy", "TopicHierarchy", "Membership", "memberships",
]

SPEAKER_TIES = ("spoke_together", "same_event", "shared_topic", "same_employer")


def query_rows(store: GraphStore | ox.Store, name: str) -> list[dict[str, str | None]]:
    """Rows of a named query as dicts of plain strings (IRIs and lexical forms; None when unbound).

    Faster than :func:`talkgraph.query.run.run_query` for bulk reads: no rdflib terms are built.
    """
    q = load_query(name)
    q.check({})
    solutions = _solutions(store, name, q.text)
    names = [v.value for v in solutions.variables]
    return [dict(zip(names, [None if t is None else t.value for t in s])) for s in solutions]


def bound_value(row: Mapping[str, str | None], column: str) -> str:
    """``row[column]`` for a :func:`query_rows` row of a query that binds that column in every row.

    Raises ValueError when it is unbound after all (the query is not what its caller expects).
    """
    value = row[column]
    if value is None:
        raise ValueError(f"column {column!r} is unbound in the row {dict(row)}")
    return value


def _solutions(store: GraphStore | ox.Store, name: str, text: str) -> ox.QuerySolutions:
    """The solutions of a SELECT query (ValueError naming the query for an ASK or CONSTRUCT)."""
    solutions = store.query(text)
    if not isinstance(solutions, ox.QuerySolutions):
        raise ValueError(f"query {name!r} is not a SELECT query")
    return solutions


def _select(store: GraphStore | ox.Store, name: str) -> ox.QuerySolutions:
    """The solutions of a named query, checked against its ``columns`` header."""
    q = load_query(name)
    q.check({})
    solutions = _solutions(store, name, q.text)
    names = tuple(v.value for v in solutions.variables)
    if q.columns and names != q.columns:
        raise ValueError(f"query {name!r} returns {names}, its header says {q.columns}")
    return solutions


def _rows(store: GraphStore | ox.Store, name: str) -> list[tuple[str | None, ...]]:
    """Rows of a named query as tuples of plain strings in the order of its ``columns`` header."""
    return [tuple(None if t is None else t.value for t in s) for s in _select(store, name)]


def _bound_rows(store: GraphStore | ox.Store, name: str) -> list[tuple[str, ...]]:
    """:func:`_rows` of a query that binds every column in every row (ValueError if one is unbound)."""
    solutions = _select(store, name)
    width = len(solutions.variables)
    rows = [tuple(t.value for t in s if t is not None) for s in solutions]
    for row in rows:
        if len(row) != width:
            raise ValueError(f"query {name!r} left a column unbound in a row {row}")
    return rows


def _bound(value: str | None, query: str) -> str:
    """A value of a column ``query`` binds in every row (ValueError naming the query if unbound)."""
    if value is None:
        raise ValueError(f"query {query!r} left a column unbound that it always binds")
    return value


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
def _ontology_topic_rows() -> tuple[tuple[str, str | None, str | None], ...]:
    """``projection-topics`` rows of the shipped ``ontology/topics.ttl`` (read once per process)."""
    try:
        path = resource_dir("ontology") / "topics.ttl"
    except FileNotFoundError:
        return ()
    if not path.is_file():
        return ()
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return tuple(_topic_rows(store))


def _topic_rows(store: GraphStore | ox.Store) -> list[tuple[str, str | None, str | None]]:
    """``projection-topics`` rows: (topic, label or None, broader or None)."""
    return [(_bound(topic, "projection-topics"), label, up)
            for topic, label, up in _rows(store, "projection-topics")]


def _hierarchy(*sources: Iterable[tuple[str, str | None, str | None]]) -> TopicHierarchy:
    """Labels from the first source that has one (the first in sort order within it); broader from all."""
    labels: dict[str, str] = {}
    broader: dict[str, set[str]] = defaultdict(set)
    for rows in sources:
        found: dict[str, str] = {}
        for topic, label, up in rows:
            if label and topic not in labels and (topic not in found or label < found[topic]):
                found[topic] = label
            if up:
                broader[topic].add(up)
        labels.update(found)
    return TopicHierarchy(labels, {k: tuple(sorted(v)) for k, v in broader.items()})


def topic_hierarchy(source: GraphStore | ProjectionData) -> TopicHierarchy:
    """The topic scheme: concepts the store knows, plus ``ontology/topics.ttl`` when it ships.

    The store may hold only the concepts talks are about (``schema:about``) and candidate
    concepts; the shipped scheme adds the ``skos:broader`` hierarchy above them. A label in the
    store wins over the shipped one.
    """
    if isinstance(source, ProjectionData):
        return source.hierarchy
    return _hierarchy(_topic_rows(source), _ontology_topic_rows())


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
        if a0 is None or a1 is None or b0 is None or b1 is None:
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


# ---- the rows every projection needs, read once ----------------------------------------------
@dataclass(frozen=True)
class Occurrence:
    """One talk occurrence: the talk performed, the event edition and the date (None when unknown)."""

    talk: str
    edition: str | None
    date: str | None


@dataclass(frozen=True)
class Edition:
    """One event edition: its name, year and series (None when unknown)."""

    name: str
    year: str | None
    series: str | None
    series_name: str | None


@dataclass(frozen=True)
class Performance:
    """One performer of one talk occurrence (``person`` None for an occurrence with no performer)."""

    talk: str
    occurrence: str
    person: str | None
    name: str | None
    edition: str | None
    edition_name: str | None
    series: str | None
    series_name: str | None
    year: str | None
    date: str | None


@overload
def _pick(old: str | None, new: str, *, longest: bool = False) -> str: ...
@overload
def _pick(old: str, new: str | None, *, longest: bool = False) -> str: ...
@overload
def _pick(old: str | None, new: str | None, *, longest: bool = False) -> str | None: ...
def _pick(old: str | None, new: str | None, *, longest: bool = False) -> str | None:
    """One value of several, the same every run: the first in sort order (or the longest)."""
    if new is None:
        return old
    if old is None:
        return new
    if longest:
        return new if (len(new), new) > (len(old), old) else old
    return new if new < old else old


@dataclass(frozen=True, eq=False)
class ProjectionData:
    """Everything the projections and the related-talks index read from the store, read once.

    Seven flat ``projection-*`` queries; where an entity has several values (two titles, two
    spellings of a name) one is chosen here, the same every run: the first in sort order (the
    longest for abstracts). Build it with :meth:`from_store` (or :func:`load_data`) and pass it
    to any projection function instead of the store.

    Examples
    --------
    >>> data = ProjectionData.from_store(GraphStore())
    >>> len(data.titles), len(speaker_graph(data))
    (0, 0)
    """

    titles: dict[str, str]                   # talk -> title; talks in IRI order
    abstracts: dict[str, str]                # talk -> abstract (talks with one)
    occurrences: dict[str, Occurrence]       # occurrence -> talk, edition, date; in IRI order
    performers: dict[str, tuple[str, ...]]   # occurrence -> performers, sorted
    names: dict[str, str]                    # person -> name
    editions: dict[str, Edition]
    talk_topics: tuple[tuple[str, str], ...]  # (talk, topic) pairs, schema:about
    hierarchy: TopicHierarchy
    memberships: tuple[Membership, ...]
    store: GraphStore | None = None           # kept for the lazily read topic fields

    @classmethod
    def from_store(cls, store: GraphStore) -> "ProjectionData":
        """Read the store with the ``projection-*`` queries."""
        titles: dict[str, str] = {}
        abstracts: dict[str, str] = {}
        for talk, title, abstract in _rows(store, "projection-talks"):
            talk = _bound(talk, "projection-talks")
            titles[talk] = _pick(titles.get(talk), _bound(title, "projection-talks"))
            if abstract:
                abstracts[talk] = _pick(abstracts.get(talk), abstract, longest=True)
        occ: dict[str, Occurrence] = {}
        for o, talk, edition, date in _rows(store, "projection-occurrences"):
            o, talk = _bound(o, "projection-occurrences"), _bound(talk, "projection-occurrences")
            old = occ.get(o)
            if old is None:
                occ[o] = Occurrence(talk, edition, date)
            else:
                occ[o] = Occurrence(_pick(old.talk, talk), _pick(old.edition, edition), _pick(old.date, date))
        performers: dict[str, set[str]] = defaultdict(set)
        for o, person in _bound_rows(store, "projection-performers"):
            performers[o].add(person)
        names: dict[str, str] = {}
        for person, name in _bound_rows(store, "projection-people"):
            names[person] = _pick(names.get(person), name)
        ed: dict[str, list[str | None]] = {}
        for e, ed_name, year, series, series_name in _rows(store, "projection-editions"):
            e = _bound(e, "projection-editions")
            old_ed = ed.get(e)
            if old_ed is None:
                ed[e] = [ed_name, year, series, series_name]
            else:
                old_ed[:] = [_pick(a, b) for a, b in zip(old_ed, (ed_name, year, series, series_name))]
        return cls(
            titles={t: titles[t] for t in sorted(titles)},
            abstracts=abstracts,
            occurrences={o: occ[o] for o in sorted(occ)},
            performers={o: tuple(sorted(p)) for o, p in performers.items()},
            names=names,
            editions={e: Edition(v[0] or e, v[1], v[2], v[3]) for e, v in ed.items()},
            talk_topics=tuple(sorted({(talk, topic) for talk, topic in _bound_rows(store, "projection-talk-topics")})),
            hierarchy=topic_hierarchy(store),
            memberships=tuple(_memberships(store)),
            store=store,
        )

    def performances(self) -> Iterator[Performance]:
        """One :class:`Performance` per (occurrence, performer), occurrences in IRI order."""
        for o, occ in self.occurrences.items():
            ed = self.editions.get(occ.edition) if occ.edition else None
            edition_name = ed.name if ed else occ.edition
            series = ed.series if ed else None
            series_name = (ed.series_name or series) if ed else None
            year = ed.year if ed else None
            for person in self.performers.get(o, ()) or (None,):
                yield Performance(occ.talk, o, person, self.names.get(person, person) if person else None,
                                  occ.edition, edition_name, series, series_name, year, occ.date)

    def talk_languages(self) -> dict[str, str]:
        """talk -> the language its occurrences state (``schema:inLanguage``; the first in sort order).

        Read on demand (only the related-talks text needs it); talks with none stated are absent.
        """
        if self.store is None:
            return {}
        out: dict[str, str] = {}
        for talk, language in _bound_rows(self.store, "projection-languages"):
            out[talk] = _pick(out.get(talk), language)
        return out

    def talk_topic_pairs(self, ignore_fields: Sequence[str] = ()) -> tuple[tuple[str, str], ...]:
        """The (talk, topic) pairs, leaving out those whose every annotation came from ignored fields.

        ``ignore_fields`` are prefixes of ``tg:textField`` values of list fields (``"tags"``
        ignores ``tags[0]``, ``tags[1]``...): a topic found only in a talk's human tags is left
        out, one also found in its title or abstract stays. A pair with no annotation stays.
        """
        if not ignore_fields or self.store is None:
            return self.talk_topics
        prefixes = tuple(ignore_fields)
        fields: dict[tuple[str, str], set[str]] = defaultdict(set)
        for talk, topic, field in _bound_rows(self.store, "projection-topic-fields"):
            fields[(talk, topic)].add(field)
        drop = {pair for pair, fs in fields.items() if all(f.startswith(prefixes) for f in fs)}
        return tuple(pair for pair in self.talk_topics if pair not in drop)


def load_data(source: "GraphStore | ProjectionData") -> ProjectionData:
    """``source`` itself when it is :class:`ProjectionData`, else the data read from the store."""
    return source if isinstance(source, ProjectionData) else ProjectionData.from_store(source)


# ---- talks and topics --------------------------------------------------------------------------
def talk_topic_graph(source: GraphStore | ProjectionData) -> nx.DiGraph:
    """Bipartite talk-topic graph with the SKOS hierarchy.

    Edges ``talk -> topic`` have ``kind="about"``; edges ``topic -> broader topic`` have
    ``kind="broader"``. Talk nodes have ``bipartite=0``, topic nodes ``bipartite=1``.
    """
    data = load_data(source)
    g = nx.DiGraph(projection="talk-topic")
    hierarchy = data.hierarchy
    titles = data.titles
    g.add_nodes_from((talk, {"kind": "talk", "label": title, "bipartite": 0}) for talk, title in titles.items())
    for talk, topic in data.talk_topics:
        if talk not in g:
            g.add_node(talk, kind="talk", label=talk, bipartite=0)
        if topic not in g:
            g.add_node(topic, kind="topic", label=hierarchy.label(topic), bipartite=1)
    g.add_edges_from(data.talk_topics, kind="about")
    for concept, ups in hierarchy.broader.items():
        for up in ups:
            for node in (concept, up):
                if node not in g:
                    g.add_node(node, kind="topic", label=hierarchy.label(node), bipartite=1)
            g.add_edge(concept, up, kind="broader")
    return g


def _memberships(store: GraphStore) -> list[Membership]:
    """One :class:`Membership` per (person, organisation): names picked, ``current`` true when any
    membership says so, the earliest begin and the latest end stated (aggregated here, see the query)."""
    acc: dict[tuple[str, str], list] = {}
    for person, name, org, org_name, current, begin, end, _m in _rows(store, "projection-memberships"):
        key = (_bound(person, "projection-memberships"), _bound(org, "projection-memberships"))
        a = acc.setdefault(key, [None, None, None, None, None])
        a[0], a[1] = _pick(a[0], name), _pick(a[1], org_name)
        if current is not None:
            a[2] = bool(a[2]) or current in ("true", "1")
        b, e = _year(begin), _year(end)
        if b is not None:
            a[3] = b if a[3] is None else min(a[3], b)
        if e is not None:
            a[4] = e if a[4] is None else max(a[4], e)
    return [Membership(p, a[0] or p, o, a[1] or o, a[2], a[3], a[4]) for (p, o), a in sorted(acc.items())]


def memberships(source: GraphStore | ProjectionData) -> list[Membership]:
    """Every (person, organisation) membership with its years, from ``projection-memberships``."""
    if isinstance(source, ProjectionData):
        return list(source.memberships)
    return _memberships(source)


def speaker_org_graph(source: GraphStore | ProjectionData) -> nx.Graph:
    """Bipartite person-organisation graph over time.

    Each edge is one membership with ``current``, ``begin`` and ``end`` (years, None when not
    stated). Person nodes have ``bipartite=0``, organisations ``bipartite=1``.
    See :func:`employment_in` for the graph of one year.
    """
    g = nx.Graph(projection="speaker-organisation")
    for m in memberships(source):
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


# ---- speakers --------------------------------------------------------------------------------
class _Ties:
    """Ties accumulated in one plain dict, then added edge by edge with ``add_edge`` (on a 400k-edge
    graph, ``add_edges_from`` with attribute dicts costs twice as much: it looks each edge up again)."""

    def __init__(self) -> None:
        self.ties: dict[tuple[str, str, str], list] = {}

    def add(self, a: str, b: str, kind: str, evidence: tuple[str, str], weight: float) -> None:
        if a == b:
            return
        key = (a, b, kind) if a < b else (b, a, kind)
        tie = self.ties.get(key)
        if tie is None:
            self.ties[key] = [weight, [evidence]]
        else:
            tie[0] += weight
            tie[1].append(evidence)

    def add_clique(self, members: Sequence[str], kind: str, evidence: tuple[str, str], weight: float) -> None:
        """A tie between every two of ``members`` (sorted, distinct)."""
        ties = self.ties
        for a, b in itertools.combinations(members, 2):
            key = (a, b, kind)
            tie = ties.get(key)
            if tie is None:
                ties[key] = [weight, [evidence]]
            else:
                tie[0] += weight
                tie[1].append(evidence)

    def into(self, g: nx.MultiGraph) -> None:
        add = g.add_edge
        for (a, b, kind), (w, evidence) in self.ties.items():
            add(a, b, kind, kind=kind, weight=w, evidence=evidence)


def speaker_graph(source: GraphStore | ProjectionData, kinds: Iterable[str] = SPEAKER_TIES) -> nx.MultiGraph:
    """Speaker-speaker graph: one edge per pair and kind of tie, keyed by the kind.

    Kinds (weights per piece of evidence in :data:`weights.SPEAKER_EDGE`):

    - ``spoke_together``: co-performers of a talk occurrence; evidence ``(occurrence, "title @ edition")``;
      in a session of more than :data:`weights.LARGE_SESSION` people each pair weighs
      :func:`weights.session_tie_weight` of its size, and ``graph.graph["session_sizes"]`` maps
      such occurrences to their number of performers
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
    data = load_data(source)
    g = nx.MultiGraph(projection="speaker-speaker", skipped=[], session_sizes={})
    ties = _Ties()
    w = weights.SPEAKER_EDGE
    by_edition: dict[str, set[str]] = defaultdict(set)
    talks_of: dict[str, set[str]] = defaultdict(set)
    people = sorted({p for ps in data.performers.values() for p in ps})
    g.add_nodes_from((p, {"kind": "person", "label": data.names.get(p, p)}) for p in people)
    for o, ps in data.performers.items():
        occ = data.occurrences.get(o)
        if occ is None:
            continue
        for p in ps:
            talks_of[p].add(occ.talk)
            if occ.edition:
                by_edition[occ.edition].add(p)
        if "spoke_together" in kinds and len(ps) > 1:
            ed = data.editions.get(occ.edition) if occ.edition else None
            edition = ed.name if ed else occ.edition
            label = data.titles.get(occ.talk, occ.talk) + (f" @ {edition}" if edition else "")
            if len(ps) > weights.LARGE_SESSION:
                g.graph["session_sizes"][o] = len(ps)
            ties.add_clique(ps, "spoke_together", (o, label), weights.session_tie_weight(len(ps)))
    if "same_event" in kinds:
        for edition_iri, members in sorted(by_edition.items()):
            if len(members) > weights.MAX_EVENT_CLIQUE:
                g.graph["skipped"].append(("same_event", edition_iri, len(members)))
                continue
            name = data.editions[edition_iri].name if edition_iri in data.editions else edition_iri
            ties.add_clique(sorted(members), "same_event", (edition_iri, name), w["same_event"])
    if "shared_topic" in kinds:
        topics_of_talk: dict[str, set[str]] = defaultdict(set)
        for talk, topic in data.talk_topics:
            topics_of_talk[talk].add(topic)
        by_topic: dict[str, set[str]] = defaultdict(set)
        for person, talks in talks_of.items():
            for t in talks:
                for topic in topics_of_talk.get(t, ()):
                    by_topic[topic].add(person)
        for topic, members in sorted(by_topic.items()):
            if len(members) > weights.MAX_TOPIC_CLIQUE:
                g.graph["skipped"].append(("shared_topic", topic, len(members)))
                continue
            ties.add_clique(sorted(members), "shared_topic", (topic, data.hierarchy.label(topic)),
                            w["shared_topic"])
    if "same_employer" in kinds:
        by_org: dict[str, list[Membership]] = defaultdict(list)
        for m in data.memberships:
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
def entity_graph(source: GraphStore | ProjectionData) -> nx.Graph:
    """Talks, people, editions, topics and organisations in one typed graph, for explained paths.

    Edges: talk-person ``gave``, talk-edition ``given_at``, talk-topic ``about``, topic-topic
    ``broader``, person-organisation ``member``. Each edge has ``cost`` for path search: stepping
    into a node costs ``1 + HUB_COST * log(degree)`` so paths prefer specific connections.
    """
    data = load_data(source)
    g = nx.Graph(projection="entity")
    hierarchy = data.hierarchy
    g.add_nodes_from((t, {"kind": "talk", "label": title}) for t, title in data.titles.items())
    for r in data.performances():
        if r.talk not in g:
            g.add_node(r.talk, kind="talk", label=r.talk)
        if r.person:
            g.add_node(r.person, kind="person", label=r.name or r.person)
            g.add_edge(r.talk, r.person, kind="gave")
        if r.edition:
            g.add_node(r.edition, kind="edition", label=r.edition_name or r.edition)
            g.add_edge(r.talk, r.edition, kind="given_at")
    for talk, topic in data.talk_topics:
        if talk not in g:
            g.add_node(talk, kind="talk", label=talk)
        g.add_node(topic, kind="topic", label=hierarchy.label(topic))
        g.add_edge(talk, topic, kind="about")
    for concept, ups in hierarchy.broader.items():
        if concept in g:
            for up in ups:
                g.add_node(up, kind="topic", label=hierarchy.label(up))
                g.add_edge(concept, up, kind="broader")
    for m in data.memberships:
        g.add_node(m.person, kind="person", label=m.name)
        g.add_node(m.organization, kind="organization", label=m.organization_name)
        g.add_edge(m.person, m.organization, kind="member", current=m.current, begin=m.begin, end=m.end)
    degree = dict(g.degree())
    for a, b, d in g.edges(data=True):
        d["cost"] = 1.0 + weights.HUB_COST * (math.log(max(degree[a], 1)) + math.log(max(degree[b], 1))) / 2
    return g
