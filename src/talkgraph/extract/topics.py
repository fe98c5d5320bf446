"""Topic tagging: match talk texts against the curated SKOS topic scheme (ontology/topics.ttl)."""
from __future__ import annotations

import bisect
import functools
import importlib.resources
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, AbstractSet, Iterable, Mapping, Sequence

from ..keys import slug
from ..vocab import CANDIDATE, TG

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from ..records.model import Talk

__all__ = ["TopicHit", "TopicConcept", "TopicScheme", "CANDIDATE_NS", "SCHEME_IRI", "topics_path",
           "load_scheme", "find_topics", "find_topics_many", "topic_labels", "broader_closure", "is_source_field",
           "names_event", "source_labels", "tag_talks", "warm_up"]

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
_ASIDE_MENTIONS = 4  # a topic read only in a long text, unrelated to the headline's, needs more mentions than this
_REPEAT_BONUS = 0.02       # per further mention of the concept, up to three
_PASSING_REPEATS = 3       # mentions from which a tg:passingLabel outside the headline counts on its own
_FIELD_ORDER = {"tags": 0, "title": 1, "subtitle": 2, "three_words": 2, "abstract": 3, "objectives": 4}

# How ambiguous labels are read ("Go", "C", "Phoenix") is data in the scheme (tg:exactLabel, tg:cuedLabel,
# tg:contextLabel, tg:cueAfter, tg:cueBefore, tg:notFollowedBy; see ontology/topics.ttl), not a list here.
_EXACT, _CUED, _CONTEXT = "exact", "cued", "context"
_LABEL_USE = {"exactLabel": _EXACT, "cuedLabel": _CUED, "contextLabel": _CONTEXT}
_HEADLINE_FIELDS = frozenset({"title", "subtitle", "three_words"})
# A source tag: the text alone (its field is "tags[<i>]"), or (field, text) such as ("track", "Databases")
TagEntry = str | tuple[str, str]
_LONG_TEXT_SENTENCES = 3  # a text of this many sentences or more names some topics only in passing
_TITLE_CASE_SHARE = 0.6
_COMPOSITE_WINDOW = 8  # tokens between the two parts of a composite concept, same sentence
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
    passing_labels: frozenset[str] = frozenset()  # labels descriptions also use in passing (tg:passingLabel)
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
            passing_labels=frozenset(str(w) for w in graph.objects(c, TG.passingLabel)),
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


# Text is cut into tokens by one regular expression (words with their inner dots, apostrophes and trailing
# "+"/"#" - "Node.js", "C++", "C#" - and single punctuation marks), labels and texts alike, and labels are found
# by looking up the token n-grams that start with a label's first token: far faster than a spaCy pipeline.
_TOKEN_RE = re.compile(r"\w+(?:[.'\u2019]\w+)*[+#]*|[^\w\s]")
_SENTENCE_BREAK_RE = re.compile(r"[.!?\u2026](?!\w)|\n")


class _Doc:
    """A text cut into tokens: their texts, lowercase forms and offsets; sentences found on demand."""

    __slots__ = ("text", "tokens", "lowers", "starts", "ends", "_breaks")

    def __init__(self, text: str) -> None:
        self.text = text
        found = list(_TOKEN_RE.finditer(text))
        self.tokens = [m.group() for m in found]
        self.lowers = [t.lower() for t in self.tokens]
        self.starts = [m.start() for m in found]
        self.ends = [m.end() for m in found]
        self._breaks: list[int] | None = None

    def __len__(self) -> int:
        return len(self.tokens)

    def span_text(self, start: int, end: int) -> str:
        return self.text[self.starts[start]:self.ends[end - 1]]

    @property
    def breaks(self) -> list[int]:
        """Character offsets where a sentence ends: after . ! ? or an ellipsis, and at a line break."""
        if self._breaks is None:
            self._breaks = [m.end() for m in _SENTENCE_BREAK_RE.finditer(self.text)]
        return self._breaks

    def sent(self, i: int) -> int:
        """The number of token ``i``'s sentence (numbers may skip; equal numbers mean the same sentence)."""
        return bisect.bisect_right(self.breaks, self.starts[i])

    def opens_sentence(self, i: int) -> bool:
        return i == 0 or self.sent(i) != self.sent(i - 1)

    def sentence_lowers(self, n: int) -> list[str]:
        breaks = self.breaks
        lo = breaks[n - 1] if n > 0 else 0
        hi = breaks[n] if n < len(breaks) else len(self.text) + 1
        a, b = bisect.bisect_left(self.starts, lo), bisect.bisect_left(self.starts, hi)
        return self.lowers[a:b]

    def has_sentences(self, k: int) -> bool:
        """True when the text has at least ``k`` sentences with tokens in them."""
        breaks, seen, last = self.breaks, 0, -1
        if len(breaks) + 1 < k:
            return False
        for start in self.starts:
            n = bisect.bisect_right(breaks, start)
            if n != last:
                seen, last = seen + 1, n
                if seen >= k:
                    return True
        return False


def _token_key(text: str) -> tuple[str, ...]:
    return tuple(m.group().lower() for m in _TOKEN_RE.finditer(text))


class _Tagger:
    """The label index (token n-grams of every label, by first token) and the composites; built once."""

    def __init__(self, scheme: TopicScheme) -> None:
        self.scheme = scheme
        # lowered token tuple -> concept -> ("pref"|"alt", exact spellings)
        self.labels: dict[tuple[str, ...], dict[str, tuple[str, set[str]]]] = defaultdict(dict)
        for c in scheme.concepts.values():
            others = (*c.alt_labels, *c.labels_de, *c.labels_fr)  # German and French labels read like alt labels
            for kind, label in [("pref", c.pref_label)] + [("alt", a) for a in others]:
                key = _token_key(label)
                if not key:
                    continue
                old_kind, spellings = self.labels[key].get(c.iri, (kind, set()))
                spellings.add(label)
                self.labels[key][c.iri] = ("pref" if "pref" in (kind, old_kind) else "alt", spellings)
        lengths: dict[str, set[int]] = defaultdict(set)
        for key in self.labels:
            lengths[key[0]].add(len(key))
        self.lengths = {first: sorted(ns) for first, ns in lengths.items()}
        # lowered label -> how it is read, and the words after a cued label that make it an ordinary word
        self.ambiguous: dict[str, str] = {}
        self.not_followed_by: dict[str, frozenset[str]] = {}
        for c in scheme.concepts.values():
            for label, mode in c.label_use.items():
                self.ambiguous[" ".join(_token_key(label))] = mode
            if c.not_followed_by:
                self.not_followed_by[c.iri] = frozenset(w.casefold() for w in c.not_followed_by)
        # (lowered label tokens, concept) of the labels that descriptions also use in passing
        self.passing: frozenset[tuple[tuple[str, ...], str]] = frozenset(
            (_token_key(label), c.iri) for c in scheme.concepts.values() for label in c.passing_labels)
        # Composite concepts by their two parts, each to be named outright: a part known only through a narrower
        # topic was a guess one step removed ("DIY" for Community made "DIY ... with Python3" Python community;
        # on pyvideo 16% of all composites were confirmed), and the narrower topic is a topic of its own anyway.
        self.composites = {c.iri: tuple(sorted(c.broader)) for c in scheme.concepts.values() if c.composite}
        self.parts = frozenset(part for pair in self.composites.values() for part in pair)

    def matches(self, doc: _Doc) -> Iterable[tuple[str, int, int]]:
        """Every (concept, start, end) whose label's tokens (lowercased) are ``doc``'s tokens start..end."""
        lowers, lengths, labels = doc.lowers, self.lengths, self.labels
        size = len(lowers)
        for i, low in enumerate(lowers):
            ns = lengths.get(low)
            if ns is None:
                continue
            for n in ns:
                if i + n > size:
                    break
                found = labels.get(tuple(lowers[i:i + n])) if n > 1 else labels.get((low,))
                if found:
                    for concept in found:
                        yield concept, i, i + n

    # -- one record --------------------------------------------------------------------------------------------
    def tag(self, docs: Sequence[tuple[str, _Doc]], tags: Sequence[TagEntry]) -> list[TopicHit]:
        mentions: list[_Mention] = []
        pending: list[tuple[_Mention, _Doc]] = []  # ambiguous mentions, decided once context is known
        for name, doc in docs:
            title_cased = name == "title" and _is_title_cased(doc)
            for concept, start, end in self.matches(doc):
                key = tuple(doc.lowers[start:end])
                kind, spellings = self.labels[key][concept]
                text = doc.span_text(start, end)
                m = _Mention(concept, name, start, end, doc.starts[start], doc.ends[end - 1], kind, doc.sent(start))
                label = " ".join(key)
                mode = self.ambiguous.get(label)
                if mode is None:
                    mentions.append(m)
                    continue
                if any(ch.isupper() for s in spellings for ch in s) and text not in spellings:
                    continue  # "go" is not Go, "phoenix" is not Phoenix
                acronym = len(text) > 1 and text.isupper()
                needs_context = mode == _CONTEXT or (
                    mode == _CUED and not acronym
                    and (doc.opens_sentence(start) or title_cased
                         or self._verb_like(concept, doc, start, end, text)))
                if needs_context:
                    pending.append((m, doc))
                else:
                    mentions.append(m)
        tag_hits = self._tag_hits(tags)
        context = {m.concept for m in mentions} | {h.concept for h in tag_hits}
        words: set[str] | None = None
        for m, doc in pending:
            cue_words = self.scheme.concepts[m.concept].context_words
            if len(doc.span_text(m.start, m.end)) == 1:
                # "C", "R": a cue word, a related topic within a few words ("Erlang and C") or one of the
                # concept's context words in the same sentence ("R and ggplot2"), nothing looser
                near = {n.concept for n in mentions if n.field == m.field and abs(n.start - m.start) <= 4}
                accept = (self._has_cue(doc, m.start, m.end) or self._related(m.concept, near)
                          or bool(cue_words and any(low in cue_words for low in doc.sentence_lowers(m.sent))))
            else:
                if cue_words and words is None:
                    words = {low for _, d in docs for low in d.lowers}
                accept = (self._has_cue(doc, m.start, m.end) or self._related(m.concept, context)
                          or bool(cue_words and words and cue_words & words))
            if accept:
                mentions.append(_Mention(m.concept, m.field, m.start, m.end, m.start_char, m.end_char, "context",
                                         m.sent))
        mentions = self._longest(mentions)
        long_fields = {name for name, doc in docs
                       if name not in _HEADLINE_FIELDS and doc.has_sentences(_LONG_TEXT_SENTENCES)}
        if self.passing and long_fields:
            mentions = self._without_passing(mentions, dict(docs), long_fields)
        hits = [self._hit(m) for m in mentions]
        hits += self._composites(mentions)
        hits += tag_hits
        return _best_per_concept(hits, long_fields, self.scheme.closure)

    def _without_passing(self, mentions: list[_Mention], docs: Mapping[str, _Doc],
                         long_fields: set[str]) -> list[_Mention]:
        """Drop what a passing label names in a long text ("an open source library", "at scale") unless the
        concept is in another field too, is named by another of its labels or is named often enough."""
        weak = [m.field in long_fields and (tuple(docs[m.field].lowers[m.start:m.end]), m.concept) in self.passing
                for m in mentions]
        if not any(weak):
            return mentions
        strong = {m.concept for m, w in zip(mentions, weak) if not w}
        count: dict[str, int] = defaultdict(int)
        for m in mentions:
            count[m.concept] += 1
        return [m for m, w in zip(mentions, weak)
                if not w or m.concept in strong or count[m.concept] >= _PASSING_REPEATS]

    def _verb_like(self, concept: str, doc: _Doc, start: int, end: int, text: str) -> bool:
        """'Go' followed by 'to', 'ahead', ... is the verb (Let's Go Live, Go to Production)."""
        words = self.not_followed_by.get(concept)
        if not words or end >= len(doc) or not text[:1].isupper():
            return False
        return doc.lowers[end] in words

    def _has_cue(self, doc: _Doc, start: int, end: int) -> bool:
        """A word beside the mention that says it is the technology: "Phoenix framework", "written in Go"."""
        after = doc.lowers[end] if end < len(doc) else ""
        before = doc.lowers[start - 1] if start > 0 else ""
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
            if m.concept in self.parts:
                by_sentence[(m.field, m.sent)].append(m)
        for (name, _sent), group in by_sentence.items():
            if len(group) < 2:
                continue
            present = {m.concept for m in group}
            for iri, (a, b) in self.composites.items():
                if a not in present or b not in present:
                    continue
                best: tuple[int, _Mention, _Mention] | None = None
                for x in (m for m in group if m.concept == a):
                    for y in (m for m in group if m.concept == b):
                        # the parts may be a few words apart ("scaling our Erlang cluster")
                        gap = max(0, y.start - x.end, x.start - y.end)
                        if gap <= _COMPOSITE_WINDOW and (best is None or gap < best[0]):
                            best = (gap, x, y)
                if best is None:
                    continue
                gap, x, y = best
                conf = _CONFIDENCE["composite"] + (0.05 if gap <= 2 else 0.0) + _field_bonus(name)
                start, end = min(x.start_char, y.start_char), max(x.end_char, y.end_char)
                hits.append(TopicHit(iri, self.scheme.concepts[iri].pref_label, name, start, end, "composite",
                                     round(min(conf, 0.99), 3)))
        return hits

    def _tag_hits(self, tags: Sequence[TagEntry]) -> list[TopicHit]:
        hits: list[TopicHit] = []
        for i, entry in enumerate(tags):
            name, raw = entry if isinstance(entry, tuple) else (f"tags[{i}]", entry)
            stripped = raw.strip().lstrip("#").strip()
            text = _normalise_tag(stripped)
            whole = [iri for t in dict.fromkeys([stripped, text]) if t
                     for iri in self.labels.get(_token_key(t), {})]
            if whole:
                hits += [TopicHit(iri, self.scheme.concepts[iri].pref_label, name, 0, len(stripped), "tag",
                                  _CONFIDENCE["tag"]) for iri in dict.fromkeys(whole)]
                continue
            doc = _Doc(text)
            parts: list[_Mention] = []
            for concept, start, end in self.matches(doc):
                part = doc.span_text(start, end)
                if len(part) == 1 and part.islower():
                    continue
                parts.append(_Mention(concept, name, start, end, doc.starts[start], doc.ends[end - 1], "tag-part",
                                      doc.sent(start)))
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


def warm_up(*, candidates: bool = False) -> None:
    """Load the scheme and build the tagger now (before forking workers that share them)."""
    _tagger()
    if candidates:
        import yake  # noqa: F401
        from spacy.lang.en.stop_words import STOP_WORDS  # noqa: F401


def is_source_field(name: str) -> bool:
    """True for the fields a source labelled itself (tags, track), as against text read by the tagger."""
    return name.startswith("tags[") or name == "track"


def _field_bonus(name: str) -> float:
    if is_source_field(name):
        return 0.0
    return _FIELD_BONUS.get(name, _OTHER_FIELD_BONUS)


def _is_title_cased(doc: _Doc) -> bool:
    words = [t for t in doc.tokens if t.isalpha() and len(t) > 3]
    if len(words) < 2:
        return False
    return sum(t[0].isupper() for t in words) / len(words) >= _TITLE_CASE_SHARE


def _normalise_tag(text: str) -> str:
    """'DistributedSystems', 'distributed_systems', 'distributed-systems' -> 'Distributed Systems' etc."""
    if " " not in text:
        text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", text)
        text = re.sub(r"[_\-]+", " ", text)
    return " ".join(text.split())


def _best_per_concept(hits: list[TopicHit], long_fields: AbstractSet[str] = frozenset(),
                      closure: Mapping[str, frozenset[str]] | None = None) -> list[TopicHit]:
    """The best hit of each concept from the text, and apart from it the best from the source's own labels.

    A concept named only once, in passing, in a long text (a field of ``long_fields``) and nowhere else is
    left out ("we store it in PostgreSQL" in a talk about testing); when the text has no other topic, the
    best of these passing mentions is kept. A topic read only in the long text, at most ``_ASIDE_MENTIONS``
    times, and neither above nor below a topic of the headline (of the other topics when the headline has
    none) is an aside and left out too ("Testing Django views" whose abstract says twice that the team
    deploys on Kubernetes); when every text topic is one, the best is kept.
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
    text = [h for h in out if not is_source_field(h.text_field)]
    if closure is not None and text and long_fields:
        anchors = {h.concept for h in text if h.text_field in _HEADLINE_FIELDS} or {h.concept for h in text}

        def aside(h: TopicHit) -> bool:
            return (h.text_field in long_fields and count[(h.concept, False)] <= _ASIDE_MENTIONS
                    and not any(h.concept in closure.get(t, ()) or t in closure.get(h.concept, ()) for t in anchors))

        kept = [h for h in out if is_source_field(h.text_field) or not aside(h)]
        if not any(not is_source_field(h.text_field) for h in kept):
            kept.append(min(text, key=_rank_key))
        out = kept
    return out


def _rank_key(h: TopicHit) -> tuple[float, int, int]:
    field_rank = 0 if is_source_field(h.text_field) else _FIELD_ORDER.get(h.text_field, 9)
    return (-h.confidence, field_rank, h.start)


# ---- candidates (uncurated keyphrases) ---------------------------------------------------------------------------
def _candidates(fields: Mapping[str, str], tagger: _Tagger) -> list[TopicHit]:
    import yake
    from spacy.lang.en.stop_words import STOP_WORDS

    texts = {k: v for k, v in fields.items() if v and v.strip()}
    if not texts:
        return []
    joined = ".\n".join(texts.values())
    extractor = yake.KeywordExtractor(lan="en", n=3, top=4 * _MAX_CANDIDATES, dedupLim=0.8)
    covered: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for name, text in texts.items():  # every label occurrence, not only each concept's best hit
        doc = _Doc(text)
        covered[name] += [(doc.starts[s], doc.ends[e - 1]) for _, s, e in tagger.matches(doc)]
    out: list[TopicHit] = []
    seen: set[str] = set()
    for phrase, score in sorted(extractor.extract_keywords(joined), key=lambda kv: kv[1]):
        phrase = " ".join(phrase.split())
        key = phrase.lower()
        if key in seen or key in _CANDIDATE_STOP or len(key) < 3 or not re.search(r"[a-z]", key):
            continue
        tokens = _token_key(phrase)
        if tokens in tagger.labels or all(t in STOP_WORDS or not any(ch.isalpha() for ch in t) for t in tokens):
            continue
        if len(tokens) == 1 and not (any(ch.isupper() for ch in phrase[1:]) or any(ch.isdigit() for ch in phrase)):
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


def find_topics_many(records: Sequence[Mapping[str, str]], *, tags: Sequence[Sequence[TagEntry]] | None = None,
                     keyphrases: bool = False, batch_size: int = 64) -> list[list[TopicHit]]:
    """Like :func:`find_topics` for many records (``batch_size`` is kept for compatibility and unused).

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
    docs_of: list[list[tuple[str, _Doc]]] = [[] for _ in records]
    for i, name, text in jobs:
        docs_of[i].append((name, _Doc(text)))
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
    tags: list[Sequence[TagEntry]] = []
    for t in todo:
        fields: dict[str, str] = {}
        for name, raw in (("title", t.title), ("subtitle", t.subtitle), ("abstract", t.abstract)):
            text = plain_text(raw or "", max_chars=_MAX_FIELD)
            if text and not is_degenerate(text):
                fields[name] = text
        records.append(fields)
        tags.append(source_labels(t) if source_tags else [])
    for talk, hits in zip(todo, find_topics_many(records, tags=tags, keyphrases=keyphrases)):
        talk.topic_hits = hits
        if hits and not talk.topics:
            talk.topics = topic_labels(hits)


def source_labels(talk: Talk, *, track: bool = True) -> list[tuple[str, str]]:
    """The source's own labels of a talk that the tagger reads, as (field, text): its tags (``tags[i]``) but those
    naming the talk's own event ("PythonWebConf2021" at Python Web Conf 2021, "SciPy 2016"), and its track."""
    entries = [(f"tags[{i}]", tag) for i, tag in enumerate(talk.topics)
               if tag.strip() and not names_event(tag, talk.event, talk.event_acronym)]
    if track and talk.track and talk.track.strip():
        entries.append(("track", talk.track))
    return entries


def names_event(tag: str, event: str | None, acronym: str | None = None) -> bool:
    """True when a source tag is the name of the talk's own event, in any spelling and with or without its year.

    Letters only are compared (digits too for the acronym): the tag is the event's name or acronym, or begins the
    name and goes beyond its first word ("PyConAU" for PyCon AU 2020, but "Django" is a topic at DjangoCon Europe).

    Examples
    --------
    >>> names_event("PythonWebConf2022", "Python Web Conf 2022"), names_event("Django", "DjangoCon Europe 2021")
    (True, False)
    """
    if acronym and _letters(tag, digits=True) == _letters(acronym, digits=True):
        return True
    key = _letters(tag)
    if len(key) < 3:
        return False
    if not event:
        return False
    name = _letters(event)
    first = _letters(event.split()[0]) if event.split() else ""
    return key == name or (name.startswith(key) and len(key) > len(first))


def _letters(text: str, *, digits: bool = False) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalpha() or (digits and ch.isdigit()))


_MAX_FIELD = 200_000  # characters of one field read by the tagger; a longer description is cut, never refused
