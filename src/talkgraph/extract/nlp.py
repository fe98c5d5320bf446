"""The spaCy pipeline talkgraph reads bios with: a blank English pipeline plus rule components fed by gazetteers.

No trained model is needed. ``build_nlp`` returns ``spacy.blank("en")`` with

* ``talkgraph_sentences``: sentence starts after ``. ! ?`` and at line breaks;
* ``talkgraph_gazetteer``: organisations, places, non-organisations (languages, products,
  conferences) and well-known people, matched by phrase; spans go to ``doc.spans["gazetteer"]``
  (overlaps kept) and the longest non-overlapping ones to ``doc.ents``;
* ``talkgraph_persons``: person names from a given-names gazetteer plus capitalised tokens
  (``doc.spans["persons"]``).

When ``Settings.spacy_model`` names an installed trained pipeline (a package or a directory),
``talkgraph_trained_ner`` runs its entity components after the rules and adds its PERSON
entities to the person candidates and its ORG entities to the organisation candidates, with
confidence ``NER_CONFIDENCE``; nothing requires one, and a missing model warns and is skipped.
The pipeline and gazetteers are built once per process.
"""
from __future__ import annotations

import json
import logging
import re
import warnings
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

from ..config import Settings
from ..keys import NAME_PARTICLES

__all__ = ["build_nlp", "load_trained", "NER_CONFIDENCE", "load_gazetteer", "gazetteer_index", "first_names", "is_first_name",
           "ORG", "PLACE", "NOT_ORG", "PERSON"]

log = logging.getLogger(__name__)

ORG, PLACE, NOT_ORG, PERSON = "ORG", "GPE", "NOT_ORG", "PERSON"


@cache
def load_gazetteer(name: str) -> Any:
    """The parsed JSON of ``extract/gazetteers/<name>.json``; read once per process."""
    text = resources.files("talkgraph.extract").joinpath(f"gazetteers/{name}.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def first_names() -> frozenset[str]:
    return frozenset(load_gazetteer("first_names")["names"])


def is_first_name(token: str) -> bool:
    """True for a given name in the gazetteer; hyphenated names are judged by their first part."""
    names = first_names()
    return token in names or token.split("-")[0] in names


@cache
def gazetteer_index() -> dict[str, tuple[str, str]]:
    """Folded label -> (entity label, canonical name) over every gazetteer; first writer wins.

    Organisations win over places and non-organisations win over nothing else: a word like
    "Phoenix" stays a product, "Sweden" a place.
    """
    from ..keys import fold_key
    from .places import load_places

    index: dict[str, tuple[str, str]] = {}
    for row in load_gazetteer("organisations")["organisations"]:
        index.setdefault(fold_key(row["name"]), (ORG, row["name"]))
    for row in load_gazetteer("not_organisations")["names"]:
        index.setdefault(fold_key(row["name"]), (NOT_ORG, row["name"]))
    for key, place in load_places().items():
        index.setdefault(key, (PLACE, place.name))
    for name in load_gazetteer("people")["people"]:
        index.setdefault(fold_key(name), (PERSON, name))
    return index


def _phrases() -> list[tuple[str, str, bool]]:
    """(label, text, case_sensitive) for every gazetteer entry."""
    from .places import load_places

    out: list[tuple[str, str, bool]] = []
    for row in load_gazetteer("organisations")["organisations"]:
        out.append((ORG, row["name"], True))
    for row in load_gazetteer("not_organisations")["names"]:
        out.append((NOT_ORG, row["name"], True))
    seen = set()
    for place in load_places().values():
        for label in (place.name, *place.aliases):
            if label not in seen:
                seen.add(label)
                # Short all-caps aliases (SF, NY, DC) only match as written.
                out.append((PLACE, label, True))
    for name in load_gazetteer("people")["people"]:
        out.append((PERSON, name, True))
    return out


def _register() -> None:
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Span
    from spacy.util import filter_spans

    _register_trained()
    if Language.has_factory("talkgraph_gazetteer"):
        return

    @Language.component("talkgraph_sentences")
    def talkgraph_sentences(doc: "Doc") -> "Doc":
        """Sentence starts after end punctuation followed by a capital, and after line breaks."""
        import numpy

        if not len(doc):
            return doc
        starts = numpy.full((len(doc), 1), -1, dtype="int64")
        starts[0, 0] = 1
        prev = doc[0]
        for tok in doc[1:]:
            if not tok.is_space and (
                    "\n" in prev.text or "\n" in prev.whitespace_
                    or (prev.text.endswith(".") and len(prev.text) > 2 and prev.text.lower() not in _ABBREV
                        and "." not in prev.text[:-1] and tok.is_title)
                    or (prev.text in {".", "!", "?", "…"}
                        and (tok.is_title or tok.is_upper or tok.is_digit or tok.text[:1] in "\"“‘('["))):
                starts[tok.i, 0] = 1
            prev = tok
        # spaCy types the array as thinc's Ints2d, a nominal stand-in no numpy array is an instance of
        doc.from_array(["SENT_START"], starts.astype("uint64"))  # type: ignore[arg-type]
        return doc

    class GazetteerMatcher:
        """Phrase matches over the gazetteers, as ``doc.spans["gazetteer"]`` and ``doc.ents``."""

        def __init__(self, nlp: "Language"):
            self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
            by_label: dict[str, list] = {}
            for label, text, _ in _phrases():
                by_label.setdefault(label, []).append(nlp.make_doc(text))
            for label, docs in by_label.items():
                self.matcher.add(label, docs)

        def __call__(self, doc: "Doc") -> "Doc":
            spans = [Span(doc, s, e, label=doc.vocab.strings[m]) for m, s, e in self.matcher(doc)]
            doc.spans["gazetteer"] = spans
            keep = filter_spans(list(doc.ents) + spans)
            doc.ents = [s for s in keep if s.label_ in (ORG, PLACE, PERSON, NOT_ORG) or s in doc.ents]
            return doc

    @Language.factory("talkgraph_gazetteer")
    def make_gazetteer(nlp: "Language", name: str) -> GazetteerMatcher:
        return GazetteerMatcher(nlp)

    class PersonFinder:
        """Person-name candidates: a given name followed by capitalised name tokens."""

        def __call__(self, doc: "Doc") -> "Doc":
            doc.spans["persons"] = find_person_spans(doc)
            return doc

    @Language.factory("talkgraph_persons")
    def make_persons(nlp: "Language", name: str) -> PersonFinder:
        return PersonFinder()


_ABBREV = {"dr.", "mr.", "mrs.", "ms.", "prof.", "st.", "vs.", "etc.", "jr.", "sr.", "no.", "cf.", "fig.", "approx.",
           "dept.", "univ.", "mt.", "ft."}
_QUOTES = {'"', "“", "”"}
_PARTICLES = NAME_PARTICLES
_NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+(?:-[A-ZÀ-ÖØ-Þ]?[a-zà-öø-ÿ]+)*|[A-Z]\.|Mc[A-Z][a-z]+|O'[A-Z][a-z]+)$")


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def find_person_spans(doc: "Doc") -> list:
    """Spans that look like person names: given name (gazetteer) + capitalised surname tokens.

    A quoted nickname inside is kept (``Erik "Happi" Stenman``); tokens that are gazetteer
    organisations, places or non-organisations, or English stop words, end the name.
    """
    from spacy.tokens import Span

    stop = _stop_words()
    index = gazetteer_index()
    from ..keys import fold_key

    def name_like(tok) -> bool:
        t = tok.text
        if re.fullmatch(r"[A-Z]\.", t):
            return True
        if not _NAME_TOKEN.match(t) or t.lower() in stop:
            return False
        hit = index.get(fold_key(t))
        return hit is None or hit[0] == PERSON

    def hyphen_end(j: int) -> int:
        """Index after a token and any "-Part" joined to it without spaces (Lars-Åke)."""
        while (j + 2 < n + 1 and j + 1 < n and doc[j].whitespace_ == "" and doc[j + 1].text == "-"
               and doc[j + 1].whitespace_ == "" and j + 2 < n and doc[j + 2].text[:1].isupper()):
            j += 2
        return j + 1

    spans = []
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        if not is_first_name(tok.text) or not name_like(tok):
            i += 1
            continue
        j = hyphen_end(i)
        while j < n:
            t = doc[j]
            if t.text in _QUOTES and j + 2 < n and doc[j + 2].text in _QUOTES and doc[j + 1].text[:1].isupper():
                j += 3
                continue
            if t.text in _PARTICLES and j + 1 < n and name_like(doc[j + 1]):
                j += 1
                continue
            if name_like(t):
                j = hyphen_end(j)
                continue
            break
        last = doc[j - 1]
        while j - i >= 2 and (last.text in _QUOTES or last.text in _PARTICLES or re.fullmatch(r"[A-Z]\.", last.text)):
            j -= 1
            last = doc[j - 1]
        if j - i >= 2 or (j - i >= 1 and doc[i:j].text.count("-") and j - i >= 3):
            spans.append(Span(doc, i, j, label=PERSON))
        i = max(j, i + 1)
    return spans


def build_nlp(settings: Settings | None = None) -> "Language":
    """The rule pipeline (cached: one per process and model name).

    Examples
    --------
    >>> nlp = build_nlp()
    >>> [(e.text, e.label_) for e in nlp("She joined Klarna in Stockholm.").ents]
    [('Klarna', 'ORG'), ('Stockholm', 'GPE')]
    """
    return _build(settings.spacy_model if settings is not None else None)


_PUNCT_RUN = re.compile(r"[^\w\s]{32,}")
_RUN_STEP = 32


class _BoundedTokenizer:
    """spaCy's tokenizer with runs of 32+ punctuation characters broken by a space every 32 characters.

    spaCy strips affixes one by one with a regex search each, so a run of n brackets or quotes
    takes O(n²): 3,000 ``[`` took 2.5 s and 6,000 over 30 s. Such runs are never words; the
    text keeps its length, so character offsets still point into the record's text.
    """

    def __init__(self, inner):
        self.inner = inner

    def __call__(self, text: str):
        if len(text) >= _RUN_STEP and _PUNCT_RUN.search(text):
            text = _PUNCT_RUN.sub(_break_run, text)
        return self.inner(text)

    def __getattr__(self, name: str):
        return getattr(self.inner, name)


def _break_run(match: "re.Match") -> str:
    run = match.group()
    return "".join(" " if i % _RUN_STEP == _RUN_STEP - 1 else c for i, c in enumerate(run))


@cache
def _build(model: str | None) -> "Language":
    import spacy

    _register()
    nlp = spacy.blank("en")
    nlp.tokenizer = _BoundedTokenizer(nlp.tokenizer)
    nlp.add_pipe("talkgraph_sentences")
    nlp.add_pipe("talkgraph_gazetteer")
    nlp.add_pipe("talkgraph_persons")
    if model and load_trained(model) is not None:
        nlp.add_pipe("talkgraph_trained_ner", config={"model": model})
    return nlp


NER_CONFIDENCE = 0.6  # of a candidate only the trained pipeline found (the rules' cues score 0.5-0.8)
_ENTITY_FACTORIES = {"ner", "beam_ner", "entity_ruler", "span_ruler"}
_NER_LABELS = {"PERSON": PERSON, "PER": PERSON, "ORG": ORG}


@cache
def load_trained(model: str) -> "Language | None":
    """The trained pipeline ``model`` (package name or directory), or None with a warning.

    Only its entity components run (``ner``, ``entity_ruler``...); a pipeline without one, or a
    model that is not installed, warns and leaves the rules alone.
    """
    import spacy

    try:
        trained = spacy.load(model)
    except OSError as exc:
        warnings.warn(f"spaCy model {model!r} is not installed ({exc}); using rules only", stacklevel=4)
        return None
    if not any(trained.get_pipe_meta(name).factory in _ENTITY_FACTORIES for name in trained.pipe_names):
        warnings.warn(f"spaCy model {model!r} has no entity recogniser (pipes: {trained.pipe_names}); "
                      "using rules only", stacklevel=4)
        return None
    return trained


def _register_trained() -> None:
    from spacy.language import Language
    from spacy.tokens import SpanGroup

    if Language.has_factory("talkgraph_trained_ner"):
        return

    class TrainedEntities:
        """A trained pipeline's PERSON and ORG entities as extra candidates.

        They go to ``doc.spans["ner"]`` (attrs ``confidence``), PERSON ones not overlapping a rule
        name to ``doc.spans["persons"]``, ORG ones not overlapping a gazetteer span to
        ``doc.spans["gazetteer"]`` (where the career rules look for organisations).
        """

        def __init__(self, model: str):
            self.model = model

        def __call__(self, doc: "Doc") -> "Doc":
            trained = load_trained(self.model)
            if trained is None or not doc.text.strip():
                return doc
            found = []
            for ent in trained(doc.text).ents:
                label = _NER_LABELS.get(ent.label_)
                span = doc.char_span(ent.start_char, ent.end_char, label=label, alignment_mode="contract") \
                    if label else None
                if span is not None and any(c.isalpha() for c in span.text):
                    found.append(span)
            doc.spans["ner"] = SpanGroup(doc, name="ner", spans=found, attrs={"confidence": NER_CONFIDENCE,
                                                                              "model": self.model})
            for group, label in (("persons", PERSON), ("gazetteer", ORG)):
                have = list(doc.spans.get(group, []))
                taken = {i for s in have for i in range(s.start, s.end)}
                extra = [s for s in found if s.label_ == label and not taken & set(range(s.start, s.end))]
                doc.spans[group] = have + extra
            return doc

    @Language.factory("talkgraph_trained_ner", default_config={"model": ""})
    def make_trained(nlp: "Language", name: str, model: str) -> TrainedEntities:
        return TrainedEntities(model)
