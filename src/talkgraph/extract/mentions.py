"""People named in bios and talk descriptions who are neither the subject nor a speaker.

Person names are found without a trained model: a given name from the gazetteer followed by
capitalised name tokens (``talkgraph_persons``), well-known people from ``people.json`` (so
"Dijkstra" alone counts), a given name alone in a possessive ("Joe's book") or after "friend",
and two capitalised unknown words after a strong cue ("by", "according to", "supervision of",
"Dr."). Eponyms ("Conway's Law", "Dijkstra's algorithm") are not mentions.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

from ..records.model import Evidence
from ..keys import fold_key

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = ["find_mentions", "is_same_person", "EPONYM_NOUNS"]

EPONYM_NOUNS = {"law", "laws", "algorithm", "theorem", "demon", "complexity", "model", "principle", "conjecture",
                "paradox", "rule", "razor", "problem", "machine", "test", "number", "constant", "lemma",
                "hypothesis", "effect", "equation", "notation", "distribution", "method", "index", "metric",
                "scale", "curve", "fallacy", "cycle", "triangle", "graph", "calculus", "architecture", "tree",
                "heap", "sort", "search", "filter", "transform", "encoding", "code", "distance", "formula",
                "inequality", "pyramid", "matrix", "diagram", "syndrome", "experiment", "argument"}
_POSSESSIVE = re.compile(r"^\s*(?:'s|’s|')\s+(?P<noun>[A-Za-z-]+)(?:\s+(?P<noun2>[A-Za-z-]+))?")
_CUE_PAIR = re.compile(r"\b(?:by|according to|supervision of|Dr\.?|Prof\.?|Professor|cf\.|mentoring by)\s+"
                       r"(?P<name>[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?\s+[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?)\b")
_FRIEND = re.compile(r"\b(?:friend|colleague|partner|mentor|wife|husband)\s+(?P<name>[A-Z][a-z]+)\b")


def is_same_person(a: str, b: str) -> bool:
    """Same person by folded name, or a single name that is one of the other's names."""
    x, y = fold_key(a), fold_key(b)
    if not x or not y:
        return False
    if x == y:
        return True
    xs, ys = x.split(), y.split()
    return (len(xs) == 1 and xs[0] in ys) or (len(ys) == 1 and ys[0] in xs)


def _near(a: str, b: str) -> bool:
    """A misspelling of the same full name ("Brian Hunt" for "Bryan Hunt")."""
    import difflib

    x, y = fold_key(a).translate(_LATIN), fold_key(b).translate(_LATIN)
    return len(x.split()) >= 2 and len(y.split()) >= 2 and difflib.SequenceMatcher(None, x, y).ratio() >= 0.85


def _part_of(name: str, other: str) -> bool:
    """``name`` is a piece of a longer name ("Mei Wu" of "Jen-Mei Wu") or that name glued to a word
    ("Casey Wattsstudied")."""
    x, y = fold_key(name), fold_key(other)
    if len(y.split()) < 2 or x == y:
        return False
    if f" {x} " in f" {y} " or x.startswith(y):
        return True
    xs, ys = x.split(), y.split()
    # "Ann Lee-Director", "Lin Wu-Architect": a page name glued by a hyphen to the words after it
    return "-" in name and len(xs) >= 2 and (f" {' '.join(xs[:2])} " in f" {y} " or xs[0] == ys[-1])


_ORG_TAIL = re.compile(r"\s(?:Center|Centre|Institute|University|College|Agency|Foundation|Council|Association|Society|"
                       r"Museum|Hospital|Bank|School|Academy|Laboratory|Lab|Labs|Group|Company|Ministry)$")
_SELF = re.compile(r"(?:\bI'm|\bI’m|\bI am|\bmy name is|\bthis is)\s+$", re.I)
_RELATIVE = re.compile(r"\b(?:daughter|son|brother|sister|father|mother|wife|husband|grandmother|grandfather|"
                       r"niece|nephew|cousin)\s+(?P<name>[A-ZÀ-Ý][a-zà-ÿ]{2,})(?=[\s,.;)]|$)")
_ROLE_CUE = re.compile(r"\b(?:composer|musician|artist|author|writer|director|photographer|painter|poet|novelist|"
                       r"designer|producer)\s+(?P<name>[A-ZÀ-Ý][a-zà-ÿ]+(?:\s+[A-ZÀ-Ý][a-zà-ÿ]+){1,2})\b")
_LIST_NAME = r"[A-ZÀ-Ý][a-zà-ÿ]+(?:\s+[A-ZÀ-Ý][a-zà-ÿ]+){1,2}"
_NAME_LIST = re.compile(rf"(?P<list>{_LIST_NAME}(?:,\s+{_LIST_NAME})*,?\s+(?:and|&)\s+{_LIST_NAME})")
_ATTRIBUTION = re.compile(r"^\s*(?:[—–]|--)\s*(?P<name>[A-ZÀ-Ý][\w’'-]+(?:\s+[A-ZÀ-Ý][\w’'-]+){1,3})\s*$|"
                          r"^\s*[\"“].{8,}[\"”]\s+(?P<name2>[A-ZÀ-Ý][a-zà-ÿ]+(?:\s+[A-ZÀ-Ý][a-zà-ÿ]+){1,2})\s*$")
_EVENT_TAIL = re.compile(r"\s(?:camp|conf|conference|meetup|summit|days|festival|fest|hackathon|workshop|symposium|"
                         r"registration|refreshments?|break)$", re.I)

_LATIN = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})


def _eponym(text: str, end: int) -> bool:
    m = _POSSESSIVE.match(text[end:end + 40])
    if not m:
        return False
    return m.group("noun").lower() in EPONYM_NOUNS or (m.group("noun2") or "").lower() in EPONYM_NOUNS and \
        m.group("noun")[:1].isupper()


def _known_non_person(name: str) -> bool:
    from .nlp import PERSON, gazetteer_index

    index = gazetteer_index()
    hit = index.get(fold_key(name))
    if hit is not None and hit[0] != PERSON:
        return True
    return any((h := index.get(fold_key(w))) is not None and h[0] != PERSON for w in name.split()[1:]
               if not re.fullmatch(r"[A-Z]\.", w))


def find_mentions(docs: Iterable["Doc"], exclude: Iterable[str]) -> list[tuple[str, Evidence]]:
    """Names of people mentioned in ``docs``, fullest form first seen, minus ``exclude``.

    ``docs`` are texts processed by :func:`talkgraph.extract.nlp.build_nlp`, each with
    ``doc.user_data["field"]`` naming where it came from ("bio", "talk:3"...).
    """
    from .nlp import PERSON, is_first_name

    exclude = [e for e in exclude if e]
    found: list[tuple[str, Evidence]] = []

    def add(name: str, field: str, start: int, end: int, rule: str, conf: float) -> None:
        name = " ".join(name.split())
        if any(is_same_person(name, e) or _near(name, e) or _part_of(name, e) for e in exclude):
            return
        if _EVENT_TAIL.search(name) or _ORG_TAIL.search(name):
            return  # "Adelaide Rails Camp", "Northern Aerospace Center": an event or an organisation
        for i, (other, ev) in enumerate(found):
            if _part_of(name, other):
                return
            if is_same_person(name, other) or _part_of(other, name):
                if len(name.split()) > len(other.split()):
                    found[i] = (name, Evidence(field, start, end, rule, conf))
                return
        found.append((name, Evidence(field, start, end, rule, conf)))

    for doc in docs:
        text = doc.text
        field = doc.user_data.get("field", "text")
        org_spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ != PERSON]
        for span in doc.spans.get("persons", []):
            name = span.text
            if _eponym(text, span.end_char) or _known_non_person(name):
                continue
            if any(a <= span.start_char < b or a < span.end_char <= b for a, b in org_spans):
                continue
            nxt = text[span.end_char:span.end_char + 12]
            if re.match(r"\s+(?:GmbH|Inc|Ltd|LLC|AB|Labs?|Foundation|Group|Software|Systems|Consulting)\b", nxt):
                continue
            if _SELF.search(text[max(0, span.start_char - 12):span.start_char]):
                continue  # "Hello, I'm Ada Quist": the speaker introducing themself
            add(name, field, span.start_char, span.end_char, "given-name+capitalised", 0.8)
        for ent in doc.ents:
            if ent.label_ == PERSON and not _eponym(text, ent.end_char):
                add(ent.text, field, ent.start_char, ent.end_char, "notable-person", 0.85)
        for m in _CUE_PAIR.finditer(text):
            name = m.group("name")
            if _known_non_person(name) or any(w.lower() in _stop() for w in name.split()):
                continue
            add(name, field, m.start("name"), m.end("name"), "cue+capitalised", 0.6)
        for tok in doc:
            if tok.is_title and is_first_name(tok.text) and tok.i + 1 < len(doc) \
                    and doc[tok.i + 1].text in {"'s", "’s"} and not _eponym(text, tok.idx + len(tok.text)):
                if tok.i > 0 and doc[tok.i - 1].is_title and not doc[tok.i - 1].is_sent_start:
                    continue  # part of a longer name, handled above
                add(tok.text, field, tok.idx, tok.idx + len(tok.text), "given-name-possessive", 0.5)
        for m in _RELATIVE.finditer(text):
            if m.group("name").lower() not in _stop():
                add(m.group("name"), field, m.start("name"), m.end("name"), "relative+name", 0.5)
        for m in _ROLE_CUE.finditer(text):
            if not _known_non_person(m.group("name")):
                add(m.group("name"), field, m.start("name"), m.end("name"), "role+capitalised", 0.6)
        for line in text.split("\n"):
            attribution = _ATTRIBUTION.match(line)
            if attribution:
                nm = attribution.group("name") or attribution.group("name2")
                if is_first_name(nm.split()[0]) and not _known_non_person(nm):
                    add(nm, field, text.find(nm), text.find(nm) + len(nm), "attribution", 0.6)
        # "run by A B, C D and E F": the others in a list with a name found are names too
        names_now = [n for n, _ in found]
        for m in _NAME_LIST.finditer(text):
            items = [i.strip() for i in re.split(r",\s+(?:and\s+|&\s+)?|\s+(?:and|&)\s+", m.group("list")) if i.strip()]
            if len(items) >= 3 and any(any(is_same_person(i, n) for n in names_now) for i in items):
                for i in items:
                    if not _known_non_person(i) and not any(w.lower() in _stop() for w in i.split()):
                        add(i, field, text.find(i), text.find(i) + len(i), "name-list", 0.5)
        for m in _FRIEND.finditer(text):
            if is_first_name(m.group("name")):
                add(m.group("name"), field, m.start("name"), m.end("name"), "friend+given-name", 0.5)
    return found


def _stop() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)
