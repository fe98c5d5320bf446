"""Topic tagging: match talk texts against the curated SKOS topic scheme (ontology/topics.ttl)."""
from __future__ import annotations

import functools
import importlib.resources
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from ..keys import slug
from ..vocab import CANDIDATE, TG

if TYPE_CHECKING:
    from ..records.model import Talk

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from spacy.language import Language
    from spacy.tokens import Doc, Span

__all__ = ["TopicHit", "TopicConcept", "TopicScheme", "CANDIDATE_NS", "SCHEME_IRI", "topics_path",
           "load_scheme", "find_topics", "find_topics_many", "topic_labels", "broader_closure", "is_source_field",
           "tag_talks"]

log = logging.getLogger(__name__)

SCHEME_IRI = "https://w3id.org/talkgraph/topics"
COMPOSITES_IRI = "https://w3id.org/talkgraph/topics/composites"
# Uncurated keyphrases get IRIs here, never in the scheme.
CANDIDATE_NS = str(CANDIDATE)

# Base confidence of each rule, before the field adjustment.
_CONFIDENCE = {
    "tag": 0.95,        # a track tag that is a label of the concept
    "tag-part": 0.9,    # a label found inside a longer tag ("Distribution and concurrency")
    "pref": 0.9,        # the preferred label in a text field
    "alt": 0.85,        # an alternative label (abbreviation, variant)
    "composite": 0.75,  # both parts of a composite concept close together in one sentence
    "context": 0.7,     # an ambiguous label ("Go", "Phoenix") accepted because of its context
}
_FIELD_BONUS = {"title": 0.05, "subtitle": 0.05, "three_words": 0.05, "tags": 0.0, "abstract": 0.0, "objectives": 0.0}
_OTHER_FIELD_BONUS = -0.1  # bios and other loosely topical fields
_REPEAT_BONUS = 0.02       # per further mention of the concept, up to three
_FIELD_ORDER = {"tags": 0, "title": 1, "subtitle": 2, "three_words": 2, "abstract": 3, "objectives": 4}

# How ambiguous labels are read ("Go", "C", "Phoenix") is data in the scheme (tg:exactLabel, tg:cuedLabel,
# tg:contextLabel, tg:cueAfter, tg:cueBefore, tg:notFollowedBy; see ontology/topics.ttl), not a list here.
_EXACT, _CUED, _CONTEXT = "exact", "cued", "context"
_LABEL_USE = {"exactLabel": _EXACT, "cuedLabel": _CUED, "contextLabel": _CONTEXT}
_HEADLINE_FIELDS = frozenset({"title", "subtitle", "three_words"})
_LONG_TEXT_SENTENCES = 3  # a text of this many sentences or more names some topics only in passing
_TITLE_CASE_SHARE = 0.6
_COMPOSITE_WINDOW = 8  # tokens between the two parts of a composite concept, same sentence
_COMPOSITE_NEAR = 3    # ... when one part is only implied by a narrower topic
_MAX_CANDIDATES = 5
_CANDIDATE_STOP = {"talk", "this talk", "session", "speaker", "audience", "will", "also", "years", "year", "way",
                   "lightning talk", "lightning talks", "keynote", "keynotes", "talks", "sponsor", "sponsors",
                   "sponsored talk", "panel", "workshop", "tutorial", "q&a", "open space", "poster",
                   "people", "time", "things", "thing", "lot", "lots", "today", "work", "share", "learn"}


@dataclass(frozen=True)
class TopicHit:
    """One topic found in a record: which concept, where, by which rule and how sure."""

    concept: str          # IRI of a skos:Concept, or of a candidate under CANDIDATE_NS
    label: str            # prefLabel of the concept (the keyphrase itself for candidates)
    text_field: str       # "title", "abstract", ... or "tags[i]"
    start: int            # character offsets into that field's text
    end: int
    rule: str             # "tag", "tag-part", "pref", "alt", "composite", "context" or "candidate"
    confidence: float
    candidate: bool = False


@dataclass(frozen=True)
class TopicConcept:
    """A concept of the topic scheme."""

    iri: str
    pref_label: str
    alt_labels: tuple[str, ...]
    broader: frozenset[str]
    narrower: frozenset[str]
    wikidata: tuple[str, ...]
    composite: bool
    top: bool
    label_use: Mapping[str, str] = field(default_factory=dict)  # label -> "exact" | "cued" | "context"
    not_followed_by: frozenset[str] = frozenset()  # words after a cued label that make it another word
    context_words: frozenset[str] = frozenset()  # words that confirm an ambiguous label in the same text
    labels_de: tuple[str, ...] = ()  # German and French labels (pref first), where they differ from English
    labels_fr: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicScheme:
    """The topic scheme as plain Python: concepts by IRI, and the transitive broader closure."""

    concepts: Mapping[str, TopicConcept]
    closure: Mapping[str, frozenset[str]] = field(repr=False)
    cue_after: frozenset[str] = frozenset()   # a word right after an ambiguous label that says it is the topic
    cue_before: frozenset[str] = frozenset()  # ... or right before it

    def tops(self, iri: str) -> frozenset[str]:
        """Top concepts above ``iri`` (itself when it is one)."""
        ancestors = self.closure[iri] | {iri}
        return frozenset(a for a in ancestors if self.concepts[a].top)


def topics_path() -> Traversable | Path:
    """Where ontology/topics.ttl is: inside the installed package (wheel), else in the source checkout."""
    try:
        packaged = importlib.resources.files("talkgraph") / "ontology" / "topics.ttl"
        if packaged.is_file():
            return packaged
    except (ModuleNotFoundError, NotADirectoryError):
        pass
    return Path(__file__).resolve().parents[3] / "ontology" / "topics.ttl"


@functools.cache
def load_scheme() -> TopicScheme:
    """Parse the topic scheme once per process.

    Examples
    --------
    >>> scheme = load_scheme()
    >>> scheme.concepts["https://w3id.org/talkgraph/topic/erlang"].pref_label
    'Erlang'
    """
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF, SKOS

    path = topics_path()
    graph = Graph().parse(data=path.read_text(encoding="utf-8"), format="turtle")
    scheme = URIRef(SCHEME_IRI)
    composites = {str(m) for m in graph.objects(URIRef(COMPOSITES_IRI), SKOS.member)}
    concepts: dict[str, TopicConcept] = {}
    for c in graph.subjects(RDF.type, SKOS.Concept):
        if (c, SKOS.inScheme, scheme) not in graph:
            continue
        prefs = {lang: str(label) for label in graph.objects(c, SKOS.prefLabel)
                 for lang in [getattr(label, "language", None) or "en"]}
        alts: dict[str, list[str]] = defaultdict(list)
        for label in graph.objects(c, SKOS.altLabel):
            alts[getattr(label, "language", None) or "en"].append(str(label))
        pref = prefs.get("en")
        use = {str(label): mode for name, mode in _LABEL_USE.items()
               for label in graph.objects(c, getattr(TG, name))}
        concepts[str(c)] = TopicConcept(
            iri=str(c),
            pref_label=pref if pref is not None else str(c).rsplit("/", 1)[-1],
            alt_labels=tuple(sorted(alts["en"])),
            label_use=use,
            not_followed_by=frozenset(str(w) for w in graph.objects(c, TG.notFollowedBy)),
            context_words=frozenset(str(w).casefold() for w in graph.objects(c, TG.contextWord)),
            labels_de=tuple(dict.fromkeys([*([prefs["de"]] if "de" in prefs else []), *sorted(alts["de"])])),
            labels_fr=tuple(dict.fromkeys([*([prefs["fr"]] if "fr" in prefs else []), *sorted(alts["fr"])])),
            broader=frozenset(str(b) for b in graph.objects(c, SKOS.broader)),
            narrower=frozenset(str(n) for n in graph.objects(c, SKOS.narrower)),
            wikidata=tuple(sorted(str(w) for w in graph.objects(c, SKOS.exactMatch))),
            composite=str(c) in composites,
            top=(c, SKOS.topConceptOf, scheme) in graph,
        )
    closure: dict[str, frozenset[str]] = {}

    def ancestors(iri: str, seen: frozenset[str] = frozenset()) -> frozenset[str]:
        if iri in closure:
            return closure[iri]
        out: set[str] = set()
        for b in concepts[iri].broader:
            if b in concepts and b not in seen:
                out.add(b)
                out |= ancestors(b, seen | {iri})
        closure[iri] = frozenset(out)
        return closure[iri]

    for iri in concepts:
        ancestors(iri)
    log.debug("loaded %d topic concepts from %s", len(concepts), path)
    cues = {name: frozenset(str(w).casefold() for w in graph.objects(scheme, getattr(TG, name)))
            for name in ("cueAfter", "cueBefore")}
    return TopicScheme(concepts=concepts, closure=closure, cue_after=cues["cueAfter"], cue_before=cues["cueBefore"])


def broader_closure(concept_iri: str) -> set[str]:
    """Every concept above ``concept_iri`` (transitive skos:broader), without itself.

    Examples
    --------
    >>> T = "https://w3id.org/talkgraph/topic/"
    >>> sorted(broader_closure(T + "genserver"))[:3]  # doctest: +NORMALIZE_WHITESPACE
    ['https://w3id.org/talkgraph/topic/beam-ecosystem', 'https://w3id.org/talkgraph/topic/erlang',
     'https://w3id.org/talkgraph/topic/otp']
    """
    return set(load_scheme().closure.get(concept_iri, frozenset()))


def topic_labels(hits: Iterable[TopicHit]) -> list[str]:
    """The prefLabels of the curated hits, in order, without candidates or repeats."""
    return list(dict.fromkeys(h.label for h in hits if not h.candidate))


# ---- matching ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Mention:
    concept: str
    field: str
    start: int      # token offsets in the doc
    end: int
    start_char: int
    end_char: int
    rule: str
    sent: int       # sentence index in the doc


class _Tagger:
    """The spaCy pipeline, the phrase matcher over every label, and the label index; built once."""

    def __init__(self, scheme: TopicScheme) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher

        self.scheme = scheme
        self.nlp: Language = spacy.blank("en")
        self.nlp.add_pipe("sentencizer")
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        # lowered token tuple -> concept -> ("pref"|"alt", exact spellings)
        self.labels: dict[tuple[str, ...], dict[str, tuple[str, set[str]]]] = defaultdict(dict)
        patterns: dict[str, list[Doc]] = defaultdict(list)
        for c in scheme.concepts.values():
            others = (*c.alt_labels, *c.labels_de, *c.labels_fr)  # German and French labels read like alt labels
            for kind, label in [("pref", c.pref_label)] + [("alt", a) for a in others]:
                doc = self.nlp.make_doc(label)
                key = tuple(t.lower_ for t in doc)
                if not key:
                    continue
                old_kind, spellings = self.labels[key].get(c.iri, (kind, set()))
                spellings.add(doc.text)
                self.labels[key][c.iri] = ("pref" if "pref" in (kind, old_kind) else "alt", spellings)
                patterns[c.iri].append(doc)
        for iri, docs in patterns.items():
            self.matcher.add(iri, docs)
        # lowered label -> how it is read, and the words after a cued label that make it an ordinary word
        self.ambiguous: dict[str, str] = {}
        self.not_followed_by: dict[str, frozenset[str]] = {}
        for c in scheme.concepts.values():
            for label, mode in c.label_use.items():
                self.ambiguous[" ".join(t.lower_ for t in self.nlp.make_doc(label))] = mode
            if c.not_followed_by:
                self.not_followed_by[c.iri] = frozenset(w.casefold() for w in c.not_followed_by)
        # Composite concepts by the parts that can stand for them: a part is satisfied by itself or by any
        # (non-composite) concept below it, so "GenServer" counts as Erlang via OTP.
        self.composites = {c.iri: tuple(sorted(c.broader)) for c in scheme.concepts.values() if c.composite}
        self.satisfies: dict[str, frozenset[str]] = {
            iri: frozenset({iri} | scheme.closure[iri]) for iri, c in scheme.concepts.items() if not c.composite}

    # -- one record --------------------------------------------------------------------------------------------
    def tag(self, docs: Sequence[tuple[str, Doc]], tags: Sequence[str]) -> list[TopicHit]:
        mentions: list[_Mention] = []
        pending: list[tuple[_Mention, Doc, str]] = []  # ambiguous mentions, decided once context is known
        for name, doc in docs:
            title_cased = name == "title" and _is_title_cased(doc)
            sent_of = _sentence_index(doc)
            for match_id, start, end in self.matcher(doc):
                concept = self.nlp.vocab.strings[match_id]
                span = doc[start:end]
                key = tuple(t.lower_ for t in span)
                kind, spellings = self.labels[key][concept]
                m = _Mention(concept, name, start, end, span.start_char, span.end_char, kind, sent_of[start])
                label = " ".join(key)
                mode = self.ambiguous.get(label)
                if mode is None:
                    mentions.append(m)
                    continue
                if any(ch.isupper() for s in spellings for ch in s) and span.text not in spellings:
                    continue  # "go" is not Go, "phoenix" is not Phoenix
                acronym = len(span.text) > 1 and span.text.isupper()
                needs_context = mode == _CONTEXT or (
                    mode == _CUED and not acronym
                    and (span.start == span.sent.start or title_cased or self._verb_like(concept, span)))
                if needs_context:
                    pending.append((m, doc))
                else:
                    mentions.append(m)
        tag_hits = self._tag_hits(tags)
        context = {m.concept for m in mentions} | {h.concept for h in tag_hits}
        words: set[str] | None = None
        for m, doc in pending:
            cue_words = self.scheme.concepts[m.concept].context_words
            if len(doc[m.start:m.end].text) == 1:
                # "C", "R": a cue word, a related topic within a few words ("Erlang and C") or one of the
                # concept's context words in the same sentence ("R and ggplot2"), nothing looser
                near = {n.concept for n in mentions if n.field == m.field and abs(n.start - m.start) <= 4}
                sentence = doc[m.start:m.end].sent
                accept = (self._has_cue(doc, m.start, m.end) or self._related(m.concept, near)
                          or bool(cue_words and any(t.lower_ in cue_words for t in sentence)))
            else:
                if cue_words and words is None:
                    words = {t.lower_ for _, d in docs for t in d}
                accept = (self._has_cue(doc, m.start, m.end) or self._related(m.concept, context)
                          or bool(cue_words and words and cue_words & words))
            if accept:
                mentions.append(_Mention(m.concept, m.field, m.start, m.end, m.start_char, m.end_char, "context",
                                         m.sent))
        mentions = self._longest(mentions)
        hits = [self._hit(m) for m in mentions]
        hits += self._composites(mentions)
        hits += tag_hits
        long_fields = {name for name, doc in docs
                       if name not in _HEADLINE_FIELDS and sum(1 for _ in doc.sents) >= _LONG_TEXT_SENTENCES}
        return _best_per_concept(hits, long_fields)

    def _verb_like(self, concept: str, span: Span) -> bool:
        """'Go' followed by 'to', 'ahead', ... is the verb (Let's Go Live, Go to Production)."""
        words = self.not_followed_by.get(concept)
        if not words or span.end >= len(span.doc) or not span.text[:1].isupper():
            return False
        return span.doc[span.end].lower_ in words

    def _has_cue(self, doc: Doc, start: int, end: int) -> bool:
        """A word beside the mention that says it is the technology: "Phoenix framework", "written in Go"."""
        after = doc[end].lower_ if end < len(doc) else ""
        before = doc[start - 1].lower_ if start > 0 else ""
        return after in self.scheme.cue_after or before in self.scheme.cue_before

    def _related(self, concept: str, context: set[str]) -> bool:
        """Another topic of the same family in the record: an ancestor, a descendant or a sibling."""
        closure = self.scheme.closure
        broader = self.scheme.concepts[concept].broader
        return any(other != concept and (other in closure[concept] or concept in closure[other]
                                          or broader & self.scheme.concepts[other].broader)
                   for other in context)

    def _longest(self, mentions: list[_Mention]) -> list[_Mention]:
        """Drop a mention inside a longer one ("testing" in "property-based testing"), except the parts of a
        composite concept ("Erlang" in "Erlang scalability")."""
        by_field: dict[str, list[_Mention]] = defaultdict(list)
        for m in mentions:
            by_field[m.field].append(m)
        kept: list[_Mention] = []
        for group in by_field.values():
            group.sort(key=lambda m: (-(m.end - m.start), m.start))
            accepted: list[_Mention] = []
            for m in group:
                covered = any(a.start <= m.start and m.end <= a.end and (a.end - a.start) > (m.end - m.start)
                              and not self.scheme.concepts[a.concept].composite for a in accepted)
                if not covered:
                    accepted.append(m)
            kept += accepted
        return kept

    def _composites(self, mentions: list[_Mention]) -> list[TopicHit]:
        hits: list[TopicHit] = []
        by_sentence: dict[tuple[str, int], list[_Mention]] = defaultdict(list)
        for m in mentions:
            if m.concept in self.satisfies:
                by_sentence[(m.field, m.sent)].append(m)
        for (name, _sent), group in by_sentence.items():
            if len(group) < 2:
                continue
            for iri, (a, b) in self.composites.items():
                side_a = [m for m in group if a in self.satisfies[m.concept]]
                side_b = [m for m in group if b in self.satisfies[m.concept]]
                best: tuple[int, int, _Mention, _Mention] | None = None
                for x in side_a:
                    for y in side_b:
                        if x.concept == y.concept:
                            continue
                        gap = max(0, y.start - x.end, x.start - y.end)
                        # Parts named outright may be a few words apart ("scaling our Erlang cluster");
                        # a part known only through a narrower topic ("SBOMs" for Security) must be adjacent.
                        indirect = (x.concept != a) + (y.concept != b)
                        if gap > (_COMPOSITE_WINDOW, _COMPOSITE_NEAR, -1)[indirect]:
                            continue
                        if best is None or (indirect, gap) < best[:2]:
                            best = (indirect, gap, x, y)
                if best is None:
                    continue
                indirect, gap, x, y = best
                conf = (_CONFIDENCE["composite"] + (0.05 if gap <= 2 and not indirect else 0.0)
                        - 0.05 * indirect + _field_bonus(name))
                start, end = min(x.start_char, y.start_char), max(x.end_char, y.end_char)
                hits.append(TopicHit(iri, self.scheme.concepts[iri].pref_label, name, start, end, "composite",
                                     round(min(conf, 0.99), 3)))
        return hits

    def _tag_hits(self, tags: Sequence[str]) -> list[TopicHit]:
        hits: list[TopicHit] = []
        for i, entry in enumerate(tags):
            name, raw = entry if isinstance(entry, tuple) else (f"tags[{i}]", entry)
            stripped = raw.strip().lstrip("#").strip()
            text = _normalise_tag(stripped)
            whole = [iri for t in dict.fromkeys([stripped, text]) if t
                     for iri in self.labels.get(tuple(x.lower_ for x in self.nlp.make_doc(t)), {})]
            if whole:
                hits += [TopicHit(iri, self.scheme.concepts[iri].pref_label, name, 0, len(stripped), "tag",
                                  _CONFIDENCE["tag"]) for iri in dict.fromkeys(whole)]
                continue
            doc = self.nlp(text)
            parts: list[_Mention] = []
            for match_id, start, end in self.matcher(doc):
                span = doc[start:end]
                if len(span.text) == 1 and span.text.islower():
                    continue
                parts.append(_Mention(self.nlp.vocab.strings[match_id], name, start, end, span.start_char,
                                      span.end_char, "tag-part", 0))
            parts = self._longest(parts)
            for m in parts:
                hits.append(TopicHit(m.concept, self.scheme.concepts[m.concept].pref_label, name, m.start_char,
                                     m.end_char, "tag-part", _CONFIDENCE["tag-part"]))
            hits += [TopicHit(h.concept, h.label, h.text_field, h.start, h.end, "tag-part", _CONFIDENCE["tag-part"])
                     for h in self._composites(parts)]
        return hits

    def _hit(self, m: _Mention) -> TopicHit:
        conf = _CONFIDENCE[m.rule] + _field_bonus(m.field)
        return TopicHit(m.concept, self.scheme.concepts[m.concept].pref_label, m.field, m.start_char, m.end_char,
                        m.rule, round(min(conf, 0.99), 3))


@functools.cache
def _tagger() -> _Tagger:
    return _Tagger(load_scheme())


def is_source_field(name: str) -> bool:
    """True for the fields a source labelled itself (tags, track), as against text read by the tagger."""
    return name.startswith("tags[") or name == "track"


def _field_bonus(name: str) -> float:
    if is_source_field(name):
        return 0.0
    return _FIELD_BONUS.get(name, _OTHER_FIELD_BONUS)


def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = n
    return index


def _is_title_cased(doc: Doc) -> bool:
    words = [t for t in doc if t.is_alpha and len(t) > 3]
    if len(words) < 2:
        return False
    return sum(t.text[0].isupper() for t in words) / len(words) >= _TITLE_CASE_SHARE


def _normalise_tag(text: str) -> str:
    """'DistributedSystems', 'distributed_systems', 'distributed-systems' -> 'Distributed Systems' etc."""
    if " " not in text:
        text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", text)
        text = re.sub(r"[_\-]+", " ", text)
    return " ".join(text.split())


def _best_per_concept(hits: list[TopicHit], long_fields: set[str] = frozenset()) -> list[TopicHit]:
    """The best hit of each concept from the text, and apart from it the best from the source's own labels.

    A concept named only once, in passing, in a long text (a field of ``long_fields``) and nowhere else is
    left out ("we store it in PostgreSQL" in a talk about testing); when the text has no other topic, the
    best of these passing mentions is kept.
    """
    best: dict[tuple[str, bool], TopicHit] = {}
    count: dict[tuple[str, bool], int] = defaultdict(int)
    for h in hits:
        key = (h.concept, is_source_field(h.text_field))
        count[key] += 1
        old = best.get(key)
        if old is None or _rank_key(h) < _rank_key(old):
            best[key] = h
    out = []
    passing: list[TopicHit] = []
    for key, h in best.items():
        bonus = min(count[key] - 1, 3) * _REPEAT_BONUS
        if bonus:
            h = TopicHit(h.concept, h.label, h.text_field, h.start, h.end, h.rule,
                         round(min(h.confidence + bonus, 0.99), 3), h.candidate)
        if count[key] == 1 and h.text_field in long_fields:
            passing.append(h)
        else:
            out.append(h)
    if passing and not any(not is_source_field(h.text_field) for h in out):
        out.append(min(passing, key=_rank_key))
    return out


def _rank_key(h: TopicHit) -> tuple[float, int, int]:
    field_rank = 0 if is_source_field(h.text_field) else _FIELD_ORDER.get(h.text_field, 9)
    return (-h.confidence, field_rank, h.start)


# ---- candidates (uncurated keyphrases) ---------------------------------------------------------------------------
def _candidates(fields: Mapping[str, str], tagger: _Tagger) -> list[TopicHit]:
    import yake

    texts = {k: v for k, v in fields.items() if v and v.strip()}
    if not texts:
        return []
    joined = ".\n".join(texts.values())
    extractor = yake.KeywordExtractor(lan="en", n=3, top=4 * _MAX_CANDIDATES, dedupLim=0.8)
    covered: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for name, text in texts.items():  # every label occurrence, not only each concept's best hit
        doc = tagger.nlp.make_doc(text)
        covered[name] += [(doc[s:e].start_char, doc[s:e].end_char) for _, s, e in tagger.matcher(doc)]
    out: list[TopicHit] = []
    seen: set[str] = set()
    for phrase, score in sorted(extractor.extract_keywords(joined), key=lambda kv: kv[1]):
        phrase = " ".join(phrase.split())
        key = phrase.lower()
        if key in seen or key in _CANDIDATE_STOP or len(key) < 3 or not re.search(r"[a-z]", key):
            continue
        doc = tagger.nlp.make_doc(phrase)
        if tuple(t.lower_ for t in doc) in tagger.labels or all(t.is_stop or t.is_punct or t.like_num
                                                                 for t in doc):
            continue
        if len(doc) == 1 and not (any(ch.isupper() for ch in phrase[1:]) or any(ch.isdigit() for ch in phrase)):
            continue  # a lone word ("works", "Sponsor") is no topic; a lone name ("WhatsApp", "K8s") may be
        where = _locate(phrase, texts)
        if where is None:
            continue
        name, start, end = where
        if any(s < end and start < e for s, e in covered[name]):
            continue  # overlaps a curated topic: not new
        seen.add(key)
        out.append(TopicHit(CANDIDATE_NS + slug(phrase), phrase, name, start, end, "candidate",
                            round(0.4 / (1.0 + 10.0 * float(score)), 3), candidate=True))
        if len(out) >= _MAX_CANDIDATES:
            break
    return out


def _locate(phrase: str, texts: Mapping[str, str]) -> tuple[str, int, int] | None:
    pattern = re.compile(r"\s+".join(re.escape(w) for w in phrase.split()), re.IGNORECASE)
    for name, text in texts.items():
        m = pattern.search(text)
        if m:
            return name, m.start(), m.end()
    return None


# ---- public entry points -------------------------------------------------------------------------------------
def find_topics(fields: Mapping[str, str], *, tags: Sequence[str] = (), keyphrases: bool = False) -> list[TopicHit]:
    """Topics of one record's texts, best first.

    Parameters
    ----------
    fields
        Field name to text, e.g. ``{"title": ..., "abstract": ..., "objectives": ..., "three_words": ...}``.
    tags
        Track tags or hashtags ("Distribution and concurrency", "#DistributedSystems"); they count as strong
        evidence.
    keyphrases
        Also return up to five YAKE keyphrases that the scheme lacks, as ``candidate=True`` hits under
        ``CANDIDATE_NS``.

    Returns
    -------
    list of TopicHit
        One hit per concept (the best one), sorted by confidence, then label.

    Examples
    --------
    >>> hits = find_topics({"title": "Scaling Erlang cluster to 10,000 nodes"})
    >>> "Erlang scalability" in topic_labels(hits)
    True
    >>> find_topics({"title": "Let's go to the shop"})
    []
    """
    return find_topics_many([fields], tags=[list(tags)], keyphrases=keyphrases)[0]


def find_topics_many(records: Sequence[Mapping[str, str]], *, tags: Sequence[Sequence[str]] | None = None,
                     keyphrases: bool = False, batch_size: int = 64) -> list[list[TopicHit]]:
    """Like :func:`find_topics` for many records, running the texts through ``nlp.pipe`` in batches.

    Raises
    ------
    ValueError
        When ``tags`` is given and its length differs from that of ``records``.
    """
    if tags is not None and len(tags) != len(records):
        raise ValueError(f"tags has {len(tags)} entries for {len(records)} records; give one list per record")
    tagger = _tagger()
    jobs = [(i, name, text) for i, fields in enumerate(records) for name, text in fields.items()
            if isinstance(text, str) and text.strip()]
    docs_of: list[list[tuple[str, Doc]]] = [[] for _ in records]
    for (i, name, _text), doc in zip(jobs, tagger.nlp.pipe((t for _, _, t in jobs), batch_size=batch_size)):
        docs_of[i].append((name, doc))
    results: list[list[TopicHit]] = []
    for i, fields in enumerate(records):
        hits = tagger.tag(docs_of[i], tags[i] if tags is not None else ())
        if keyphrases:
            hits += _candidates(fields, tagger)
        results.append(sorted(hits, key=lambda h: (-h.confidence, h.label.casefold(), h.concept)))
    return results


def tag_talks(talks: Sequence[Talk], *, keyphrases: bool = False, source_tags: bool = True) -> None:
    """Set ``topic_hits`` and ``topics`` of every talk that has no hits yet, from its title, subtitle and
    abstract (markup reduced to text) and, kept apart by their field, from its source tags and track.

    Talks read from speaker pages arrive tagged (with their objectives and bios); they are left as they are.
    With ``source_tags=False`` the tags and track are not read (benchmarks withhold them). The source's own
    ``topics`` list is kept when no hit is found, so nothing the source said is lost.
    """
    from .markup import is_degenerate, plain_text

    todo = [t for t in talks if not t.topic_hits]
    if not todo:
        return
    records: list[dict[str, str]] = []
    tags: list[list[str | tuple[str, str]]] = []
    for t in todo:
        fields: dict[str, str] = {}
        for name, raw in (("title", t.title), ("subtitle", t.subtitle), ("abstract", t.abstract)):
            text = plain_text(raw or "", max_chars=_MAX_FIELD)
            if text and not is_degenerate(text):
                fields[name] = text
        records.append(fields)
        entries: list[str | tuple[str, str]] = []
        if source_tags:
            entries += [(f"tags[{i}]", tag) for i, tag in enumerate(t.topics) if tag.strip()]
            if t.track and t.track.strip():
                entries.append(("track", t.track))
        tags.append(entries)
    for talk, hits in zip(todo, find_topics_many(records, tags=tags, keyphrases=keyphrases)):
        talk.topic_hits = hits
        if hits and not talk.topics:
            talk.topics = topic_labels(hits)


_MAX_FIELD = 200_000  # characters of one field read by the tagger; a longer description is cut, never refused
