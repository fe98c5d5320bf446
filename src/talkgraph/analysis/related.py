"""Related talks and related speakers: a hybrid ranking over every signal the graph holds, each answer explained.

Build a :class:`RelatedIndex` once from the store (a few bulk queries, then sparse matrices);
each :meth:`RelatedIndex.related_talks` / :meth:`RelatedIndex.related_speakers` call is then a
handful of sparse products. Signals, each scaled to [0, 1] and weighted by
:data:`talkgraph.analysis.weights.RELATED_TALKS`:

- ``topics``: cosine of IDF-weighted topic vectors, a talk's topics backed off along
  ``skos:broader`` at :data:`~talkgraph.analysis.weights.BROADER_DECAY` per level;
- ``text``: TF-IDF cosine of the two talks' titles and abstracts (sublinear term frequency);
  ``bm25`` (BM25 of the candidate for the query talk's terms, divided by the best candidate's
  score) and ``tfidf`` (plain TF-IDF cosine) are the benchmark's baselines, weight 0;
- ``semantic``: cosine in a latent semantic space (LSI) trained on the store's own talks
  (:mod:`talkgraph.analysis.semantic`), absent on stores too small to learn one from;
- ``speakers``, ``edition``, ``series``, ``employers``: cosine of IDF-weighted incidence vectors
  (a shared 500-talk conference counts less than a shared workshop).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

import numpy as np
from scipy import sparse

from ..store.local import GraphStore
from . import semantic as _semantic
from . import text as _text
from . import weights
from .lookup import Lookup, UnknownPersonError, UnknownTalkError
from .projection import ProjectionData, TopicHierarchy, load_data

__all__ = ["Reason", "Related", "RelatedIndex", "TALK_SIGNALS", "SPEAKER_SIGNALS",
           "UnknownTalkError", "UnknownPersonError", "related_talks", "related_speakers"]

TALK_SIGNALS = ("topics", "text", "bm25", "tfidf", "semantic", "speakers", "edition", "series", "employers")
SPEAKER_SIGNALS = ("topics", "text", "spoke_together", "employers", "editions")


@dataclass(frozen=True)
class Reason:
    """Why one result is related: the signal, its share of the score, a sentence and the evidence."""

    signal: str
    score: float
    text: str
    evidence: tuple[tuple[str, str], ...] = ()  # (IRI or term, label)

    def to_dict(self) -> dict:
        return {"signal": self.signal, "score": round(self.score, 4), "text": self.text,
                "evidence": [{"id": i, "label": label} for i, label in self.evidence]}


@dataclass(frozen=True)
class Related:
    """One related talk or person, its score and every reason it scored."""

    iri: str
    label: str
    score: float
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return {"iri": self.iri, "label": self.label, "score": round(self.score, 4),
                "reasons": [r.to_dict() for r in self.reasons]}

    def explanation(self) -> str:
        return "; ".join(r.text for r in self.reasons)


class _Fast:
    """A CSR matrix with its CSC twin: row look-ups and row-vs-all products without scipy's slicing overhead."""

    __slots__ = ("csr", "csc", "n")

    def __init__(self, m) -> None:
        self.csr = sparse.csr_matrix(m)
        self.csr.sort_indices()
        self.csc = self.csr.tocsc()
        self.csc.sort_indices()
        self.n = self.csr.shape[0]

    def row(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        a, b = self.csr.indptr[i], self.csr.indptr[i + 1]
        return self.csr.indices[a:b], self.csr.data[a:b]

    def value(self, i: int, j: int) -> float:
        idx, data = self.row(i)
        k = np.searchsorted(idx, j)
        return float(data[k]) if k < len(idx) and idx[k] == j else 0.0

    def dot_columns(self, cols: np.ndarray, vals: np.ndarray) -> np.ndarray:
        """``M @ v`` for a sparse vector ``v`` given by its nonzero columns and values."""
        out = np.zeros(self.n)
        ind, ptr, data = self.csc.indices, self.csc.indptr, self.csc.data
        for c, v in zip(cols.tolist(), vals.tolist()):
            a, b = ptr[c], ptr[c + 1]
            out[ind[a:b]] += v * data[a:b]
        return out

    def similar(self, i: int) -> np.ndarray:
        """Row ``i`` against every row (the cosine when rows are L2-normalised)."""
        return self.dot_columns(*self.row(i))

    def shared(self, i: int, j: int) -> np.ndarray:
        return np.intersect1d(self.row(i)[0], self.row(j)[0], assume_unique=True)


def _incidence(rows: Iterable[tuple[int, int]], shape: tuple[int, int], values: Iterable[float] | None = None):
    rows = list(rows)
    r = np.fromiter((a for a, _ in rows), dtype=np.int64, count=len(rows))
    c = np.fromiter((b for _, b in rows), dtype=np.int64, count=len(rows))
    v = np.ones(len(rows)) if values is None else np.fromiter(values, dtype=float, count=len(rows))
    m = sparse.coo_matrix((v, (r, c)), shape=shape).tocsr()
    m.sum_duplicates()
    return m


def _idf_cosine_rows(m: sparse.csr_matrix, binary: bool = True) -> sparse.csr_matrix:
    """Rows scaled by IDF of each column (log(N / df)) and L2-normalised: row . row = cosine."""
    m = m.tocsr().astype(float)
    if binary:
        m.data[:] = np.minimum(m.data, 1.0)
    n = m.shape[0]
    df = np.asarray((m > 0).sum(axis=0)).ravel()
    idf = np.log((n + 1) / (df + 1)) + 1e-9
    m = m @ sparse.diags(idf)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ m


def _fmt_list(labels: list[str], limit: int = 4) -> str:
    more = len(labels) - limit
    shown = ", ".join(labels[:limit])
    return f"{shown} and {more} more" if more > 0 else shown


@dataclass(frozen=True)
class IncidenceSignal:
    """One related-talks signal read from what two talks share: speakers, edition, series or employers.

    ``raw`` is talks x things (counts: the evidence), ``score`` its rows IDF-weighted and
    L2-normalised (row . row is the cosine: the score); ``keys`` are the columns' IRIs and
    ``labels`` their names; ``sentence`` phrases the evidence (``"both given by {}"``).
    """

    name: str
    raw: _Fast
    score: _Fast
    keys: list[str]
    labels: dict[str, str]
    sentence: str

    @classmethod
    def from_incidence(cls, name: str, matrix: sparse.csr_matrix, keys: list[str], labels: dict[str, str],
                       sentence: str) -> "IncidenceSignal":
        return cls(name, _Fast(matrix), _Fast(_idf_cosine_rows(matrix)), keys, labels, sentence)

    def similar(self, i: int) -> np.ndarray:
        """Talk ``i``'s score against every talk."""
        return self.score.similar(i)

    def why(self, i: int, j: int) -> tuple[str, list[tuple[str, str]]]:
        """The sentence and the (IRI, label) evidence of what talks ``i`` and ``j`` share."""
        keys = [self.keys[c] for c in self.raw.shared(i, j).tolist()]
        names = [self.labels[k] for k in keys]
        return self.sentence.format(_fmt_list(names)), list(zip(keys, names))


class RelatedIndex:
    """Everything the related-talks and related-speakers rankings need, precomputed from one store.

    Parameters
    ----------
    store
        The graph store.
    exclude_topics
        Concept IRIs to leave out of the topic signal (e.g. topics copied from human tags that a
        benchmark withholds).

    Examples
    --------
    >>> from talkgraph.store.local import GraphStore
    >>> RelatedIndex.from_store(GraphStore()).n_talks
    0
    """

    # Filled by from_store, step by step (_read_text, _read_topics, _read_performances, ...).
    titles: dict[str, str]
    has_abstract: np.ndarray
    talk_pos: dict[str, int]
    talk_lookup: Lookup
    vocab: dict[str, int]
    terms: list[str]
    tf: _Fast
    idf: np.ndarray
    bm25: _Fast
    tfidf: _Fast
    semantic: _semantic.SemanticSpace | None
    hierarchy: TopicHierarchy
    direct_topics: defaultdict[int, set[str]]
    concepts: list[str]
    concept_pos: dict[str, int]
    topic_m: _Fast
    talk_topic_direct: _Fast
    signals: dict[str, IncidenceSignal]  # speakers, edition, series, employers
    talk_person_raw: _Fast
    talk_edition_raw: _Fast
    person_names: dict[str, str]
    edition_names: dict[str, str]
    series_names: dict[str, str]
    edition_year: dict[str, str]
    occurrence_label: dict[str, tuple[str, str | None]]
    people: list[str]
    person_pos: dict[str, int]
    editions: list[str]
    series: list[str]
    memberships: list
    org_names: dict[str, str]
    orgs: list[str]
    person_orgs: defaultdict[str, list]
    person_talk: _Fast
    _talk_edition_m: sparse.csr_matrix
    occurrences: list[str]
    person_occ: _Fast
    person_edition_raw: _Fast
    person_topic_raw: _Fast
    _edition_size: np.ndarray
    _topic_size: np.ndarray
    person_lookup: Lookup
    all_person_lookup: Lookup
    person_topic: _Fast
    person_text: _Fast
    person_edition: _Fast

    def __init__(self) -> None:  # use from_store
        self.talks: list[str] = []

    # ---- building ------------------------------------------------------------------------------
    @classmethod
    def from_store(cls, store: GraphStore | ProjectionData, *, exclude_topics: Iterable[str] = (),
                   ignore_topic_fields: Sequence[str] = weights.IGNORE_TOPIC_FIELDS) -> "RelatedIndex":
        """Build the index from a store, or from :class:`ProjectionData` already read from one.

        Parameters
        ----------
        store
            The graph store, or its :class:`~talkgraph.analysis.projection.ProjectionData` (read
            once and shared with the projections).
        exclude_topics
            Concept IRIs to leave out of the topic signal.
        ignore_topic_fields
            Prefixes of ``tg:textField``: a talk's topic found only in such fields of its record
            (``"tags"``: pyvideo's human ``tags[i]``) is left out of the topic signal, one also
            found in the title or abstract stays. Default
            :data:`~talkgraph.analysis.weights.IGNORE_TOPIC_FIELDS` (nothing ignored); the
            benchmark passes ``("tags",)`` because the tags are its judgements.
        """
        self = cls()
        data = load_data(store)
        excluded = set(exclude_topics)
        self.talks = list(data.titles)
        self.titles = {t: title or t for t, title in data.titles.items()}
        self.has_abstract = np.array([t in data.abstracts for t in self.talks], dtype=bool)
        self.talk_pos = {t: i for i, t in enumerate(self.talks)}
        self.talk_lookup = Lookup(self.titles, UnknownTalkError)
        self._read_text(data)
        talk_topic_direct = self._read_topics(data, excluded, ignore_topic_fields)
        self._read_semantic(data)
        talk_person_m, talk_edition_m, person_occ = self._read_performances(data)
        self._read_employers(data, talk_person_m)
        self._read_speakers(data, talk_person_m, talk_edition_m, talk_topic_direct, person_occ)
        return self

    def _read_text(self, data: ProjectionData) -> None:
        """Text: one document per talk, in its language's words, its own speakers' names left out."""
        speaker_names: dict[str, set[str]] = defaultdict(set)
        for o, ps in data.performers.items():
            occ = data.occurrences.get(o)
            if occ is not None:
                speaker_names[occ.talk].update(data.names.get(p, "") for p in ps)
        languages = data.talk_languages()
        docs = [_text.talk_tokens(f"{self.titles[t]} {data.abstracts.get(t, '')}", language=languages.get(t),
                                  speakers=speaker_names.get(t, ())) for t in self.talks]
        self._build_text(docs)

    def _read_semantic(self, data: ProjectionData) -> None:
        """The latent semantic space of the talks' words and topics: loaded from the store's cache, or
        trained and saved. Each talk's row is its TF-IDF word vector beside its topic vector (the
        topic signal's, back-off included) times :data:`~talkgraph.analysis.weights.SEMANTIC_TOPIC_WEIGHT`:
        words and concepts the corpus uses together load on the same dimensions."""
        if self.n_talks < weights.SEMANTIC_MIN_TALKS:
            self.semantic = None
            return
        cache = data.store.cache_dir if data.store is not None else None
        features = sparse.hstack([self.tfidf.csr, weights.SEMANTIC_TOPIC_WEIGHT * self.topic_m.csr]).tocsr()
        self.semantic = _semantic.load_or_train(features, self.terms + self.concepts, cache)

    def _read_topics(self, data: ProjectionData, excluded: set[str],
                     ignore_topic_fields: Sequence[str]) -> sparse.csr_matrix:
        """Topics with back-off along skos:broader; returns the talk x concept matrix of direct topics."""
        n = len(self.talks)
        self.hierarchy = data.hierarchy
        self.direct_topics = defaultdict(set)
        for talk, topic in data.talk_topic_pairs(ignore_topic_fields):
            i = self.talk_pos.get(talk)
            if i is not None and topic not in excluded:
                self.direct_topics[i].add(topic)
        cpos: dict[str, int] = {}
        entries: dict[tuple[int, int], float] = {}
        direct: list[tuple[int, int]] = []
        ancestors: dict[str, dict[str, int]] = {}
        for i in sorted(self.direct_topics):
            for t in sorted(self.direct_topics[i]):
                if t not in ancestors:
                    ancestors[t] = {a: d for a, d in self.hierarchy.ancestors(t).items() if a not in excluded}
                direct.append((i, cpos.setdefault(t, len(cpos))))
                for c, depth in ((t, 0), *ancestors[t].items()):
                    j = cpos.setdefault(c, len(cpos))
                    v = weights.BROADER_DECAY ** depth
                    if entries.get((i, j), 0.0) < v:
                        entries[(i, j)] = v
        self.concepts = list(cpos)
        self.concept_pos = cpos
        self.topic_m = _Fast(_idf_cosine_rows(_incidence(entries.keys(), (n, len(cpos)), entries.values()),
                                              binary=False))
        talk_topic_direct = _incidence(direct, (n, len(cpos)))
        self.talk_topic_direct = _Fast(talk_topic_direct)
        return talk_topic_direct

    def _read_performances(self, data: ProjectionData):
        """Speakers, editions and series of each talk: their signals; returns the talk x person and
        talk x edition matrices and the (person, occurrence) pairs."""
        n = len(self.talks)
        self.person_names = {}
        self.edition_names = {e: ed.name for e, ed in data.editions.items()}
        self.series_names = {}
        self.edition_year = {e: ed.year[:4] for e, ed in data.editions.items() if ed.year}
        talk_person, talk_edition, talk_series = set(), set(), set()
        person_occ: set[tuple[str, str]] = set()
        ppos: dict[str, int] = {}
        epos: dict[str, int] = {}
        spos: dict[str, int] = {}
        self.occurrence_label = {}
        for r in data.performances():
            i = self.talk_pos.get(r.talk)
            if i is None:
                continue
            self.occurrence_label.setdefault(r.occurrence, (r.talk, r.edition_name))
            if r.person:
                self.person_names.setdefault(r.person, r.name or r.person)
                talk_person.add((i, ppos.setdefault(r.person, len(ppos))))
                person_occ.add((r.person, r.occurrence))
            if r.edition:
                self.edition_names.setdefault(r.edition, r.edition_name or r.edition)
                talk_edition.add((i, epos.setdefault(r.edition, len(epos))))
            if r.series:
                self.series_names.setdefault(r.series, r.series_name or r.series)
                talk_series.add((i, spos.setdefault(r.series, len(spos))))
        self.people = list(ppos)
        self.person_pos = ppos
        self.editions = list(epos)
        self.series = list(spos)
        talk_person_m = _incidence(sorted(talk_person), (n, len(ppos)))
        talk_edition_m = _incidence(sorted(talk_edition), (n, len(epos)))
        talk_series_m = _incidence(sorted(talk_series), (n, len(spos)))
        self.signals = {
            "speakers": IncidenceSignal.from_incidence("speakers", talk_person_m, self.people, self.person_names,
                                                       "both given by {}"),
            "edition": IncidenceSignal.from_incidence("edition", talk_edition_m, self.editions, self.edition_names,
                                                      "both given at {}"),
            "series": IncidenceSignal.from_incidence("series", talk_series_m, self.series, self.series_names,
                                                     "both given at {} events"),
        }
        self.talk_person_raw = self.signals["speakers"].raw
        self.talk_edition_raw = self.signals["edition"].raw
        return talk_person_m, talk_edition_m, person_occ

    def _read_employers(self, data: ProjectionData, talk_person_m: sparse.csr_matrix) -> None:
        """Employers of each talk's speakers: the employers signal."""
        self.memberships = list(data.memberships)
        self.org_names = {m.organization: m.organization_name for m in self.memberships}
        self.orgs = sorted(self.org_names)
        opos = {o: j for j, o in enumerate(self.orgs)}
        self.person_orgs = defaultdict(list)
        for m in self.memberships:
            self.person_orgs[m.person].append(m)
        person_org = _incidence(((self.person_pos[m.person], opos[m.organization]) for m in self.memberships
                                 if m.person in self.person_pos), (len(self.person_pos), len(opos)))
        self.signals["employers"] = IncidenceSignal.from_incidence(
            "employers", (talk_person_m @ person_org).tocsr(), self.orgs, self.org_names,
            "speakers of both worked at {}")

    def _read_speakers(self, data: ProjectionData, talk_person_m, talk_edition_m, talk_topic_direct,
                       person_occ: set[tuple[str, str]]) -> None:
        """Speakers (for related speakers and explained paths): person x talk, occurrence, edition, topic."""
        ppos = self.person_pos
        self.person_talk = _Fast(talk_person_m.T)
        self._talk_edition_m = talk_edition_m
        occs = sorted({o for _, o in person_occ})
        opos2 = {o: j for j, o in enumerate(occs)}
        self.occurrences = occs
        self.person_occ = _Fast(_incidence(((ppos[p], opos2[o]) for p, o in sorted(person_occ)),
                                           (len(ppos), len(occs))))
        self.person_edition_raw = _Fast(talk_person_m.T @ talk_edition_m)
        self.person_topic_raw = _Fast(talk_person_m.T @ talk_topic_direct)
        self._edition_size = np.asarray(talk_edition_m.sum(axis=0)).ravel()
        self._topic_size = np.asarray(talk_topic_direct.sum(axis=0)).ravel()
        for p, name in data.names.items():
            self.person_names.setdefault(p, name)
        self.person_lookup = Lookup({p: self.person_names[p] for p in self.people}, UnknownPersonError)
        self.all_person_lookup = Lookup(self.person_names, UnknownPersonError)
        self._person_matrices()

    def _build_text(self, docs: list[list[str]]) -> None:
        vocab: dict[str, int] = {}
        rows, cols, vals = [], [], []
        lengths = np.zeros(len(docs))
        for i, doc in enumerate(docs):
            lengths[i] = len(doc)
            counts: dict[int, int] = defaultdict(int)
            for tok in doc:
                counts[vocab.setdefault(tok, len(vocab))] += 1
            for j, c in counts.items():
                rows.append(i)
                cols.append(j)
                vals.append(c)
        self.vocab = vocab
        self.terms = list(vocab)
        n = len(docs)
        tf = sparse.csr_matrix((np.array(vals, dtype=float), (rows, cols)), shape=(n, len(vocab)))
        self.tf = _Fast(tf)
        df = np.asarray((tf > 0).sum(axis=0)).ravel()
        # BM25 (Robertson-Sparck Jones IDF, floored at 0 the Lucene way: log(1 + (N - df + .5)/(df + .5)))
        idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
        self.idf = idf
        avgdl = lengths.mean() if n else 0.0
        k1, b = weights.BM25_K1, weights.BM25_B
        coo = tf.tocoo()
        denom = coo.data + k1 * (1 - b + b * lengths[coo.row] / (avgdl or 1.0))
        w = idf[coo.col] * coo.data * (k1 + 1) / denom
        self.bm25 = _Fast(sparse.csr_matrix((w, (coo.row, coo.col)), shape=tf.shape))
        # TF-IDF (sublinear tf, smooth idf, L2 rows), the baseline and the speaker text signal
        t = tf.copy()
        t.data = 1 + np.log(t.data)
        tfidf = t @ sparse.diags(np.log((n + 1) / (df + 1)) + 1)
        norms = np.sqrt(np.asarray(tfidf.multiply(tfidf).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        self.tfidf = _Fast(sparse.diags(1.0 / norms) @ tfidf)

    def _person_matrices(self) -> None:
        pt = self.person_talk.csr
        # topics and text: the sum of their talks' vectors, renormalised
        self.person_topic = _Fast(_normalise_rows(pt @ self.topic_m.csr))
        self.person_text = _Fast(_normalise_rows(pt @ self.tfidf.csr))
        self.person_edition = _Fast(_idf_cosine_rows(pt @ self._talk_edition_m))

    @property
    def n_talks(self) -> int:
        return len(self.talks)

    # ---- talks ---------------------------------------------------------------------------------
    def resolve_talk(self, talk: str) -> int:
        return self.talk_pos[self.talk_lookup.resolve(talk)]

    def talk_signals(self, i: int, use: Mapping[str, float]) -> dict[str, np.ndarray]:
        """Each used signal's score of every talk against talk ``i``, scaled to [0, 1]."""
        out: dict[str, np.ndarray] = {}
        if use.get("topics"):
            out["topics"] = self.topic_m.similar(i)
        for name, signal in self.signals.items():
            if use.get(name):
                out[name] = signal.similar(i)
        if use.get("text"):
            out["text"] = self.tfidf.similar(i)
        if use.get("bm25"):
            terms = self.tf.row(i)[0]
            if len(terms):
                s = self.bm25.dot_columns(terms, np.ones(len(terms)))
                s[i] = 0.0
                top = s.max()
                out["bm25"] = s / top if top > 0 else s
            else:
                out["bm25"] = np.zeros(self.n_talks)
        if "employers" in out and "speakers" in out:
            out["employers"][out["speakers"] > 0] = 0.0  # the same person's employer is not a second tie
        if "series" in out and "edition" in out:
            out["series"][out["edition"] > 0] = 0.0  # the same edition already says it
        if use.get("tfidf"):
            out["tfidf"] = self.tfidf.similar(i)
        if use.get("semantic") and self.semantic is not None:
            out["semantic"] = self.semantic.similar(i)
        return out

    def related_talks(self, talk: str, k: int = 10, *, weights_: Mapping[str, float] | None = None,
                      explain: bool = True, min_score: float | None = None) -> list[Related]:
        """The ``k`` talks most related to ``talk`` (a title or an IRI), best first, with reasons.

        Only results scoring at least ``min_score`` (default
        :data:`~talkgraph.analysis.weights.RELATED_TALKS_MIN_SCORE`) are kept: a talk with no
        signal in common with any other, or only noise, gets an empty list.

        Raises
        ------
        UnknownTalkError
            When no talk has that title or IRI; the message lists the closest titles.
        """
        i = self.resolve_talk(talk)
        return self.related_talks_at(i, k, weights_=weights_, explain=explain, min_score=min_score)

    def related_talks_at(self, i: int, k: int = 10, *, weights_: Mapping[str, float] | None = None,
                         explain: bool = True, min_score: float | None = None) -> list[Related]:
        use = dict(weights.RELATED_TALKS if weights_ is None else weights_)
        if weights_ is None and self.semantic is None and use.get("semantic"):
            # The space carries the talks' topics (its tuned weight took most of the topic signal's);
            # a store too small for one ranks by the topics themselves at the space's weight.
            use["topics"] = use.get("topics", 0.0) + use.pop("semantic")
        unknown = set(use) - set(TALK_SIGNALS)
        if unknown:
            raise ValueError(f"unknown signals {sorted(unknown)}; allowed: {', '.join(TALK_SIGNALS)}")
        signals = self.talk_signals(i, use)
        total = np.zeros(self.n_talks)
        for name, s in signals.items():
            total += use[name] * s
        total[i] = 0.0
        floor = weights.RELATED_TALKS_MIN_SCORE if min_score is None else min_score
        order = _top(total, k, floor)
        graph_signals = any(use.get(name) for name in ("topics", "speakers", "edition", "series", "employers"))
        results = []
        for j in order:
            reasons = self._talk_reasons(i, j, signals, use) if explain else []
            if explain and graph_signals and not len(self.talk_person_raw.shared(i, j)):
                path = self.path_reason(i, j)
                if path is not None:
                    reasons.append(path)
            results.append(Related(self.talks[j], self.titles[self.talks[j]], float(total[j]), tuple(reasons)))
        return results

    def _talk_reasons(self, i: int, j: int, signals, use) -> list[Reason]:
        reasons = []
        for name, s in signals.items():
            contrib = use[name] * float(s[j])
            if contrib <= 0:
                continue
            text, evidence = self.signals[name].why(i, j) if name in self.signals else getattr(self, f"_why_{name}")(i, j)
            reasons.append(Reason(name, contrib, text, tuple(evidence)))
        reasons.sort(key=lambda r: -r.score)
        return reasons

    def path_reason(self, i: int, j: int) -> Reason | None:
        """A typed path of three steps from talk ``i`` to talk ``j`` through a speaker, as a sentence.

        ``i - speaker - (speaker | edition | topic) - j``, or the mirror image from ``j``: a speaker
        of one talk spoke with a speaker of the other (on a third talk), spoke at an edition where
        the other was given, or gave another talk about a topic of the other. Steps already shared
        directly (a common speaker, edition or topic: a path of two steps, given by the other
        reasons) are not repeated. The most specific path wins: speaking together, then the
        smallest edition or the rarest topic. At most :data:`weights.PATH_MAX_FANOUT` speakers of
        each talk are tried, so this stays cheap. The reason has score 0: it explains, it does
        not rank. None when no such path exists.
        """
        cap = weights.PATH_MAX_FANOUT
        sa = self.talk_person_raw.row(i)[0][:cap].tolist()
        sb = self.talk_person_raw.row(j)[0][:cap].tolist()
        if not sa and not sb:
            return None
        name = self.person_names
        # Python sets, not np.intersect1d: the rows are a handful of ids, and each numpy set
        # operation costs tens of microseconds whatever its size (this runs for every result).
        occ_b = [(q, set(self.person_occ.row(q)[0].tolist())) for q in sb]
        for p in sa:  # spoke together, on a third talk
            mine_occ = self.person_occ.row(p)[0].tolist()
            for q, theirs in occ_b:
                occ = [o for o in mine_occ if o in theirs]  # in id order, as the row is
                if occ:
                    o = self.occurrences[occ[0]]
                    talk, edition = self.occurrence_label[o]
                    where = f" at {edition}" if edition else ""
                    pa, pb = self.people[p], self.people[q]
                    text = (f"path: {name[pa]}, who gave this talk, spoke with {name[pb]}, who gave that one, "
                            f"on {self.titles.get(talk, talk)!r}{where}")
                    return Reason("path", 0.0, text, ((pa, name[pa]), (o, self.titles.get(talk, talk)),
                                                      (pb, name[pb])))
        best = None  # (size, tie-break, reason)
        eds = (set(self.talk_edition_raw.row(i)[0].tolist()), set(self.talk_edition_raw.row(j)[0].tolist()))
        tops = (set(self.talk_topic_direct.row(i)[0].tolist()), set(self.talk_topic_direct.row(j)[0].tolist()))
        for side, speakers in ((0, sa), (1, sb)):
            mine, other = ("this", "that") if side == 0 else ("that", "this")
            for p in speakers:
                person = self.people[p]
                for e in sorted((eds[1 - side] - eds[side]).intersection(self.person_edition_raw.row(p)[0].tolist())):
                    key = (int(self._edition_size[e]), 0, name[person], int(e))
                    if best is None or key < best[0]:
                        label = self.edition_names[self.editions[e]]
                        text = (f"path: {name[person]}, who gave {mine} talk, also spoke at {label}, "
                                f"where {other} one was given")
                        best = (key, Reason("path", 0.0, text, ((person, name[person]), (self.editions[e], label))))
                for c in sorted((tops[1 - side] - tops[side]).intersection(self.person_topic_raw.row(p)[0].tolist())):
                    key = (int(self._topic_size[c]), 1, name[person], int(c))
                    if best is None or key < best[0]:
                        concept = self.concepts[c]
                        label = self.hierarchy.label(concept)
                        text = (f"path: {name[person]}, who gave {mine} talk, also talks about {label}, "
                                f"a topic of {other} one")
                        best = (key, Reason("path", 0.0, text, ((person, name[person]), (concept, label))))
        return best[1] if best else None

    def _why_topics(self, i: int, j: int):
        shared = self.topic_m.shared(i, j)
        contrib = {c: self.topic_m.value(i, c) * self.topic_m.value(j, c) for c in shared}
        best = sorted(shared, key=lambda c: -contrib[c])[:4]
        direct_a, direct_b = self.direct_topics.get(i, set()), self.direct_topics.get(j, set())
        parts, evidence = [], []
        for c in best:
            concept = self.concepts[c]
            label = self.hierarchy.label(concept)
            evidence.append((concept, label))
            if concept in direct_a and concept in direct_b:
                parts.append(label)
            else:
                via = sorted({self.hierarchy.label(t) for t in (direct_a | direct_b) - {concept}
                              if concept in self.hierarchy.ancestors(t)})
                parts.append(f"{label} (via {_fmt_list(via, 2)})" if via else label)
        return f"both about {_fmt_list(parts)}", evidence

    def _why_text(self, i: int, j: int):
        """The shared words that add most to the TF-IDF cosine."""
        (ti, vi), (tj, vj) = self.tfidf.row(i), self.tfidf.row(j)
        shared, a, b = np.intersect1d(ti, tj, assume_unique=True, return_indices=True)
        best = shared[np.argsort(-(vi[a] * vj[b]), kind="stable")[:5]]
        words = [self.terms[t] for t in best.tolist()]
        return f"similar wording: {', '.join(words)}", [(w, w) for w in words]

    _why_tfidf = _why_text

    def _why_bm25(self, i: int, j: int):
        shared = self.tf.shared(i, j)
        score = dict(zip(*self.bm25.row(j)))
        best = sorted(shared, key=lambda t: -score.get(t, 0.0))[:5]
        words = [self.terms[t] for t in best]
        return f"similar wording: {', '.join(words)}", [(w, w) for w in words]

    def _why_semantic(self, i: int, j: int):
        """The words of either talk that weigh most in both talks' latent directions."""
        space = self.semantic
        assert space is not None
        terms = np.union1d(self.tf.row(i)[0], self.tf.row(j)[0])
        w = space.term_weights(i, terms) * space.term_weights(j, terms)
        best = [int(terms[t]) for t in np.argsort(-w, kind="stable")[:5] if w[t] > 0]
        words = [self.terms[t] for t in best]
        return f"similar content: {', '.join(words)}", [(w_, w_) for w_ in words]

    # ---- speakers ------------------------------------------------------------------------------
    def resolve_person(self, person: str) -> int:
        iri = self.all_person_lookup.resolve(person)
        if iri not in self.person_pos:
            raise UnknownPersonError(person, [p for p in self.person_lookup.closest(person)])
        return self.person_pos[iri]

    def related_speakers(self, person: str, k: int = 10, *, weights_: Mapping[str, float] | None = None,
                         explain: bool = True, min_score: float | None = None) -> list[Related]:
        """The ``k`` speakers most related to ``person`` (a name or an IRI), best first, with reasons.

        Only results scoring at least ``min_score`` (default
        :data:`~talkgraph.analysis.weights.RELATED_SPEAKERS_MIN_SCORE`) are kept.

        Raises
        ------
        UnknownPersonError
            When no speaker has that name or IRI (someone who never gave a talk included); the
            message lists the closest speaker names.
        """
        p = self.resolve_person(person)
        use = dict(weights.RELATED_SPEAKERS if weights_ is None else weights_)
        unknown = set(use) - set(SPEAKER_SIGNALS)
        if unknown:
            raise ValueError(f"unknown signals {sorted(unknown)}; allowed: {', '.join(SPEAKER_SIGNALS)}")
        n = len(self.people)
        signals: dict[str, np.ndarray] = {}
        for name, m in (("topics", self.person_topic), ("text", self.person_text), ("editions", self.person_edition)):
            if use.get(name):
                signals[name] = m.similar(p)
        if use.get("spoke_together"):
            s = self.person_occ.similar(p)
            s[p] = 0.0
            top = s.max()
            signals["spoke_together"] = s / top if top > 0 else s
        employer_evidence: dict[int, list] = defaultdict(list)
        if use.get("employers"):
            s = np.zeros(n)
            me = self.people[p]
            for m in self.person_orgs.get(me, []):
                for other in self.memberships:
                    if other.organization != m.organization or other.person == me or other.person not in self.person_pos:
                        continue
                    overlap = m.overlaps(other)
                    if overlap is False:
                        continue
                    q = self.person_pos[other.person]
                    s[q] = max(s[q], 1.0 if overlap else weights.SAME_EMPLOYER_UNKNOWN_TIME)
                    employer_evidence[q].append((m.organization, m.organization_name, overlap))
            signals["employers"] = s
        total = np.zeros(n)
        for name, s in signals.items():
            total += use[name] * s
        total[p] = 0.0
        results = []
        floor = weights.RELATED_SPEAKERS_MIN_SCORE if min_score is None else min_score
        for q in _top(total, k, floor):
            reasons = []
            if explain:
                for name, s in signals.items():
                    contrib = use[name] * float(s[q])
                    if contrib > 0:
                        text, ev = self._why_person(name, p, q, employer_evidence.get(q, []))
                        reasons.append(Reason(name, contrib, text, tuple(ev)))
                reasons.sort(key=lambda r: -r.score)
            iri = self.people[q]
            results.append(Related(iri, self.person_names[iri], float(total[q]), tuple(reasons)))
        return results

    def _why_person(self, name: str, p: int, q: int, employer_evidence):
        if name == "topics":
            a = self.person_topic
            best = sorted(a.shared(p, q), key=lambda c: -(a.value(p, c) * a.value(q, c)))[:4]
            labels = [(self.concepts[c], self.hierarchy.label(self.concepts[c])) for c in best]
            return f"both talk about {_fmt_list([l for _, l in labels])}", labels
        if name == "text":
            ta = np.unique(self.tf.csr[self.person_talk.row(p)[0]].indices)
            tb = np.unique(self.tf.csr[self.person_talk.row(q)[0]].indices)
            shared = np.intersect1d(ta, tb)
            best = sorted(shared, key=lambda t: -self.idf[t])[:5]
            words = [self.terms[t] for t in best]
            return f"similar wording in their talks: {', '.join(words)}", [(w, w) for w in words]
        if name == "spoke_together":
            occ = self.person_occ.shared(p, q)
            labels, seen = [], set()
            for o in occ:
                talk, edition = self.occurrence_label[self.occurrences[o]]
                label = self.titles.get(talk, talk) + (f" at {edition}" if edition else "")
                if label not in seen:
                    seen.add(label)
                    labels.append((self.occurrences[o], label))
            return f"spoke together: {_fmt_list([l for _, l in labels], 3)}", labels
        if name == "editions":
            eds = [self.editions[e] for e in self.person_edition.shared(p, q)]
            return (f"both spoke at {_fmt_list([self.edition_names[e] for e in eds])}",
                    [(e, self.edition_names[e]) for e in eds])
        # employers
        parts = []
        for org, org_name, overlap in employer_evidence:
            parts.append(org_name if overlap else f"{org_name} (dates unknown)")
        return f"both worked at {_fmt_list(parts)}", [(o, n) for o, n, _ in employer_evidence]


def _normalise_rows(m) -> sparse.csr_matrix:
    m = sparse.csr_matrix(m)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return (sparse.diags(1.0 / norms) @ m).tocsr()


def _top(scores: np.ndarray, k: int, floor: float = 0.0) -> list[int]:
    """Indices of the ``k`` best positive scores of at least ``floor``, best first (ties by index)."""
    positive = np.flatnonzero((scores > 1e-12) & (scores >= floor - 1e-12))
    if len(positive) == 0 or k <= 0:
        return []
    if len(positive) > k:
        part = positive[np.argpartition(-scores[positive], k - 1)[:k]]
        # widen to include ties at the cut so the order does not depend on argpartition
        cut = scores[part].min()
        part = positive[scores[positive] >= cut]
    else:
        part = positive
    return sorted(part.tolist(), key=lambda j: (-scores[j], j))[:k]


def related_talks(store: GraphStore, talk: str, k: int = 10) -> list[Related]:
    """One-off :meth:`RelatedIndex.related_talks` (builds the index; keep an index for many calls)."""
    return RelatedIndex.from_store(store).related_talks(talk, k)


def related_speakers(store: GraphStore, person: str, k: int = 10) -> list[Related]:
    """One-off :meth:`RelatedIndex.related_speakers`."""
    return RelatedIndex.from_store(store).related_speakers(person, k)
