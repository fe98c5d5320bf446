"""Careers from a headline and a bio: affiliations (organisation, role, current, place, years) and education.

Rules, not a trained model. An organisation is a capitalised name after a work cue ("works at",
"joined", "founder of", "companies like A, B and C") or a gazetteer organisation that a product
name starts with ("designing Kaspersky Enterprise Security Endpoint" -> Kaspersky). Names the
gazetteers know as languages, products, conferences or places are never organisations.
Tense and cue words decide ``current``; a place is taken only when the text ties it to the job
("X (Sydney, Australia)", "X in Stockholm", "X, a company based in Lithuania").
Unknown stays None: nothing is invented.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..records.model import Affiliation, Education, Evidence
from ..keys import fold_key
from .headline import LEGAL_SUFFIX, ROLE_WORDS, parse_headline_all

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = ["read_career", "read_affiliations", "read_education", "same_organisation"]

_LEGAL = re.compile(r"\b(inc|ltd|llc|ab|gmbh|sa|srl|bv|plc|corp|corporation|co|oy|as|aps|pty|limited|ag)\b")

# An organisation name: capitalised words, a few joining words, an optional legal suffix and "(ABBR)".
_CAP = r"(?:[A-Z0-9ÀÁÂÄÅÉÈÍÓÖØÚÜÇŁŚŻ][\w&'’+-]*|[a-z]+[A-Z][\w&'’+-]*)(?:\.[\w&'’+-]+)*"
ORG_RE = (_CAP + r"(?:(?:\s+(?:of|de|del|for|für|da|do|la|y)\s+|\s+|-)" + _CAP + r")*"
          r"(?:,?\s+(?:Inc|Ltd|LTD|LLC|AB|GmbH|AG|SA|BV|Oy|plc|Co|Corp)\b\.?)?"
          r"(?:\s+\([A-Z][A-Z.]{1,10}\))?")
_PLACE_RE = r"[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2}(?:,\s*[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2}){0,2}"

_WORK = (r"(?:works?|working|worked|employed|job|jobs|position|programmed|consulting|contracting|interned|"
         r"interning|spent\s+[\w\s-]{1,30}?|years|is|was|engineer|developer|programmer|architect|consultant|"
         r"contractor|freelancer|intern|researcher|scientist|lead|manager|director|professor|lecturer|"
         r"officer|head|cto|ceo|founder|co-?founder|owner|co-?owner|partner|member|team|teams|employee|"
         r"associate|fellow|staff|advocate|evangelist|trainer|tutor|teacher|organi[sz]er|started|career|"
         r"now|currently|previously|before|while|when|then|also|experience|posts?|stints?)")
_CUES = [
    # (rule name, regex before the organisation, base confidence)
    ("work-at", re.compile(r"(?:\b[Aa]t|@|\b(?:currently|now)\s+in)\s*(?:the\s+)?$"), 0.75),
    ("company-named", re.compile(r"\b(?:company|startup|start-up|firm|consultancy|agency|company builder)\s+$", re.I), 0.65),
    ("work-for", re.compile(r"\b(?:works?|working|worked|programmed|writes|writing|codes|coding|consult(?:s|ed|ing)?|develop(?:s|ed|ing)?|"
                            r"contractor|freelancer|engineer|developer)\s+(?:[\w-]+,?\s+){0,4}?(?:for|to)\s+(?:the\s+)?$", re.I), 0.75),
    ("joined", re.compile(r"\b(?:joined|joining|joins|join)\s+(?:the\s+)?$", re.I), 0.8),
    ("founded", re.compile(r"\b(?:founded|co-?founded|to found|started|launched|runs|running|run|leads|leading)\s+(?:the\s+)?$", re.I), 0.7),
    ("role-of", re.compile(r"\b(?:founders?|co-?founders?|cto|ceo|coo|cfo|vp|president|director|head|lead|leader|"
                           r"members?|organi[sz]er|chair|partner|owner|co-?owner|professor|lecturer|researcher|"
                           r"employee|manager|board|secretary|treasurer)\s+(?:[\w-]+\s+){0,3}?(?:of|at|in)\s+(?:the\s+)?$", re.I), 0.75),
    ("role-with", re.compile(r"\b(?:consultant|engineer|developer|architect|designer|scientist|researcher|analyst|"
                             r"advocate|evangelist|programmer)\s+with\s+(?:the\s+)?$", re.I), 0.7),
    ("team-of", re.compile(r"\bpart\s+of\s+(?:the\s+)?$", re.I), 0.7),
    ("left", re.compile(r"\b(?:leaving|left)\s+(?:the\s+)?$", re.I), 0.7),
    ("with-company", re.compile(r"\b(?:worked|working|works)\s+with\s+(?:the\s+)?$", re.I), 0.6),
]
_LIST_CUE = re.compile(r"\b(?:companies|clients|institutions|organi[sz]ations|employers|firms|startups|places|groups)\s*,?\s+"
                       r"(?:like|such as|including|as|e\.g\.)\s+", re.I)
_ORG_ROLE = re.compile(r"\b(?:is|was|as|are|one of the|one of)\s+(?:an?\s+|the\s+)?(?P<org>" + ORG_RE + r")\s+"
                       r"(?:co-?founders?|founders?|board members?|board|organi[sz]ers?|ceo|cto|maintainers?)\b(?!\s+(?:of|at)\b)")
_PRODUCT_WORK = re.compile(r"\b(?:designing|developing|building|improving|maintaining|working on)\s+$", re.I)
_STUDY = re.compile(r"\b(?:stud(?:y|ies|ied|ying)|graduat\w*|mastered|degree|phd|ph\.d|master'?s?|bachelor'?s?|thesis|"
                    r"b\.?sc|m\.?sc|mba|pursuing|"
                    r"spoke|speaking|talks?|presented|presenting|keynote|conferences?|meetups?|events?|"
                    r"school|course|class(?:es)?|workshop|summit|university studies|lectures? at)\b[^,.;]*$", re.I)

_PAST_SENT = re.compile(r"(?:^\s*(?:before|prior|previously|formerly|earlier|in the past|back then)\b|"
                        r"\b(?:previously|formerly|former|prior to|before (?:that|this|then|joining|moving)|"
                        r"used to|in the past|past experience|previous)\b)", re.I)
_NOW = re.compile(r"\b(?:currently|now|today|nowadays|at present|presently|these days)\b", re.I)
_PRESENT = re.compile(r"\b(?:is|are|am|works|leads|runs|serves|helps|enjoys|has been|have been|'s|’s|"
                      r"spends|builds|focuses|maintains|teaches|heads|manages|develops|does)\b", re.I)
_PAST = re.compile(r"\b(?:ago|fell|background|done|completed|starting|beginning|was|were|worked|spent|left|leaving|had|did|programmed|started|began|helped|led|built|"
                   r"moved|after|while|designed|developed|created|ran|taught|consulted|served|held|got|became|"
                   r"went|returned|came|then|until|designing|developing|improving)\b", re.I)
_JOINED = re.compile(r"\b(?:joined|joining)\b", re.I)
_FOUNDED = re.compile(r"\b(?:founded|co-?founded|to found|started|launched)\b", re.I)
_WORKED_WITH = re.compile(r"\bworked with\b", re.I)
_AFTER_PRESENT = re.compile(r"^[^.;]{0,40}?\b(?:(?:where|in which)\s+(?:he|she|they|I)\s+(?:has been|have been|is|are|am|works|currently)|"
                            r"(?:and\s+)?ever since)\b", re.I)

_YEAR_RANGE = re.compile(r"\(?\b(?:from\s+)?((?:19|20)\d\d)\s*(?:-|–|to|until)\s*((?:19|20)\d\d|present|now|today)\b", re.I)
_SINCE = re.compile(r"\b(?:since|in)\s+((?:19|20)\d\d)\b", re.I)

_PLACE_AFTER = [
    ("paren-place", re.compile(r"^\s*\((?P<place>[^()]{2,60})\)")),
    ("in-place", re.compile(r"^\s+in\s+(?:the\s+)?(?P<place>" + _PLACE_RE + r")")),
    ("based-in", re.compile(r"^\s*,\s+(?:an?|the)\s+[\w\s-]{0,40}?\b(?:based|located|headquartered)\s+in\s+"
                            r"(?P<place>" + _PLACE_RE + r")")),
    ("startup-in", re.compile(r"^\s*,\s+an?\s+(?:[\w-]+\s+){0,3}?(?:startup|start-up|company|consultancy|firm|agency|"
                              r"lab|laboratory|university)\s+(?:in|from)\s+(?P<place>" + _PLACE_RE + r")")),
    ("place-based-after", re.compile(r"^\s*,\s+an?\s+(?P<place>" + _PLACE_RE + r")[\s-]based\b")),
    ("based-in-bare", re.compile(r"^\s+(?:based|located|headquartered)\s+in\s+(?P<place>" + _PLACE_RE + r")")),
    ("comma-place", re.compile(r"^\s*,\s+(?P<place>" + _PLACE_RE + r")\s*(?:[.;]|$)")),
    ("from-place", re.compile(r"^\s*,\s+from\s+(?:sunny\s+|beautiful\s+|rainy\s+)?(?P<place>" + _PLACE_RE + r")")),
]
_PLACE_BEFORE = [
    ("place-based", re.compile(r"(?P<place>" + _PLACE_RE + r")[\s-]based\s+(?:[\w-]+\s+){0,2}?(?:company|startup|firm|"
                               r"consultancy|agency|lab)\s+$")),
    ("moved-to-place", re.compile(r"\b(?:based|living|moved|relocated|came)\s+(?:to|in)\s+(?P<place>" + _PLACE_RE +
                                  r")(?:\s*\([^()]*\))?\s+(?:where|to|and)\b[^.;]{0,80}$")),
]
_OTHER_NAME = re.compile(r"^\s*\((?:former(?:ly)?|previously|ex|then|aka|a\.k\.a\.|once)\s+(?P<name>[^()]{2,60})\)", re.I)


def same_organisation(a: str, b: str) -> bool:
    """Two spellings of one organisation: equal, or one contained in the other, legal suffixes ignored."""
    x, y = " ".join(_LEGAL.sub(" ", fold_key(a)).split()), " ".join(_LEGAL.sub(" ", fold_key(b)).split())
    if not x or not y:
        return False
    return x == y or f" {x} " in f" {y} " or f" {y} " in f" {x} "


def _index():
    from .nlp import gazetteer_index

    return gazetteer_index()


def _place_of(text: str) -> str | None:
    """``text`` if it names a known place (any comma part known), else None."""
    from .places import lookup_place

    text = text.strip(" ,.;")
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts or len(parts) > 3:
        return None
    if any(lookup_place(p) is not None for p in parts):
        # Keep only the leading parts up to the last known one ("Stockholm, Sweden", not trailing prose).
        last = max(i for i, p in enumerate(parts) if lookup_place(p) is not None)
        return ", ".join(parts[:last + 1])
    return None


def _clean_org(raw: str) -> tuple[str, str | None]:
    """Trim an organisation name; return (name, trailing place split off it or None)."""
    from .nlp import NOT_ORG, ORG, PERSON, PLACE

    name = raw.strip(" .,;:-–")
    if LEGAL_SUFFIX.search(raw.strip()) and raw.strip().endswith("."):
        name = raw.strip(" ,;:-–")
    name = re.sub(r"['’]s\b.*$", "", name)
    name = re.sub(r"['’]$", "", name)
    name = re.sub(r"\s+(?:of|de|del|for|für|da|do|la|y)\s+\d.*$", "", name)
    name = re.sub(r"^(?:The|the)\s+(?=[A-Z])", lambda m: m.group(0) if _index().get(fold_key(name), ("",))[0] == ORG else "", name)
    place = None
    words = name.split()
    # "Asolvi Sweden": a known place at the end of a longer name is the place, not the name.
    for k in (2, 1):
        if len(words) > k:
            tail = " ".join(words[-k:])
            hit = _index().get(fold_key(tail))
            whole = _index().get(fold_key(name))
            if hit is not None and hit[0] == PLACE and (whole is None or whole[0] != ORG) \
                    and words[-k - 1].lower() not in {"of", "de", "del", "for", "für", "da", "do", "la", "y", "in"}:
                place = tail
                name = " ".join(words[:-k])
                break
    return name, place


def _is_organisation(name: str) -> bool:
    from .nlp import NOT_ORG, ORG, PERSON, PLACE, is_first_name

    if not name or len(name) < 2 or not (name[0].isupper() or name[0].isdigit() or re.match(r"[a-z]{1,3}[A-Z]\w", name)):
        return False
    key = fold_key(name)
    hit = _index().get(key)
    if hit is not None:
        return hit[0] == ORG
    if re.search(r"\b(?:Working\s*Group|WorkGroup|WG|SIG)\b", name, re.I):
        return False  # memberships are not affiliations
    words = name.split()
    if ROLE_WORDS.match(words[0]) and len(words) > 1:
        return False  # "Lead Developer of ...": a title, not a name
    if len(words) == 1 and (is_first_name(name) or re.fullmatch(r"[A-Z]{1,2}", name) or name.isdigit()):
        return False
    if re.search(r"\d", words[0]) and not re.search(r"[A-Za-z]{2}", name):
        return False
    first = _index().get(fold_key(words[0]))
    if first is not None and first[0] in (NOT_ORG, PLACE) and len(words) <= 2 and not LEGAL_SUFFIX.search(name):
        return False  # "Erlang ecosystem", "Stockholm office"
    if re.fullmatch(r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
                    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|I|He|She|They|We|His|Her|Their|"
                    r"It|This|That|There|Here)", words[0]):
        return False
    if len(words) >= 2 and is_first_name(words[0]) and all(w[:1].isupper() for w in words) \
            and not LEGAL_SUFFIX.search(name) and len(words) <= 3 and not any(
                w in {"Labs", "Lab", "Group", "Systems", "Software", "Technologies", "Solutions", "Hacking",
                      "Foundation", "Institute", "University", "Consulting", "Networks"} for w in words):
        return False  # a person's name
    return True


def _role_before(left: str) -> str | None:
    """The job title just before a cue ("is a software engineer at" -> "software engineer")."""
    m = re.search(r"(?:\b(?:is|was|as|became|becoming|now|currently|a|an|the|his|her|their)\s+|^|,\s*)"
                  r"(?P<role>[A-Za-z][\w&/’'-]*(?:\s+(?:and\s+|&\s+|of\s+)?[\w&/’'-]+){0,6}?)\s+"
                  r"(?:at|@|of|for|in|with)\s+(?:the\s+)?$", left)
    if not m:
        return None
    role = m.group("role").strip()
    role = re.sub(r"^(?:an?|the|is|was|as|now|currently)\s+", "", role, flags=re.I)
    if not ROLE_WORDS.search(role) or len(role.split()) > 7:
        return None
    if re.search(r"\b(?:works?|working|worked|years?|spent|joined|he|she|they|I|leads|led|runs|ran|manages|managed"
                 r"|heads|headed|builds|built|helps|helped|teaches|taught)\b", role, re.I):
        return None
    return role


def _tense(sentence: str, start: int, end: int, rule: str) -> tuple[bool | None, str]:
    """(current, why) for an organisation at [start, end) of a sentence."""
    left = sentence[:start]
    right = sentence[end:]
    if rule == "left":
        return False, "left"
    if re.match(r"^\s*,?\s*(?:and\s+)?(?:now|currently|today)\b", right):
        return False, "then-now"  # "exec at A now SVP at B"
    if re.search(r"\b(?:experience|posts?|stints?|positions|roles|background)\s+(?:[\w-]+\s+){0,2}?(?:at|with|in)\s+(?:the\s+)?$", left):
        return False, "experience-at"
    if re.search(r"\bincluding\s+at\s+$", left):
        return None, "including"
    if _AFTER_PRESENT.search(right):
        return True, "where-present"
    if _PAST_SENT.search(left):
        return False, "past-marker"
    clause = re.split(r"[;]|,\s+(?:and|but|while|whereas)\s+", left)[-1]
    if _NOW.search(clause):
        return True, "now"
    if _PAST_SENT.search(sentence) and not _NOW.search(sentence):
        return False, "past-marker"
    last_present = max((m.end() for m in _PRESENT.finditer(left)), default=-1)
    last_past = max((m.end() for m in _PAST.finditer(left)), default=-1)
    last_joined = max((m.end() for m in _JOINED.finditer(left)), default=-1)
    last_founded = max((m.end() for m in _FOUNDED.finditer(left)), default=-1)
    if _WORKED_WITH.search(left) and rule == "with-company":
        return None, "worked-with"
    if last_founded >= 0 and not re.match(r"\s*(?:the\s+)?$", left[last_founded:]):
        last_past, last_founded = max(last_past, last_founded), -1  # "started at X": past narrative
    best = max(last_present, last_past, last_joined, last_founded)
    if best < 0:
        head = right[:80]
        if not _PRESENT.search(sentence) and not _PAST.search(sentence) and not _JOINED.search(sentence):
            return True, "verbless"  # "Founder of X." / "One of the organisers at X."
        pm, qm = _PRESENT.search(head) or re.search(r"\b(?:has|have)\b", head), _PAST.search(head)
        if pm and (not qm or pm.start() < qm.start()):
            return True, "present-after"
        if qm:
            return False, "past-after"
        return None, "no-cue"
    if best == last_joined:
        return None, "joined"
    if best == last_founded and last_founded > last_present:
        return None, "founded"
    if best == last_present:
        if re.search(r"\bhas\s+(?:also\s+)?(?:worked|managed|led|held)\b|\bhave\s+worked\b", left, re.I):
            return False, "has-worked"
        return True, "present"
    return False, "past"


def _sentences(text: str, nlp: "Language | None"):
    """(start, end) character spans of sentences."""
    if nlp is not None:
        doc = nlp(text)
        return [(s.start_char, s.end_char) for s in doc.sents], doc
    spans, pos = [], 0
    for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z])|\n+", text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans, None


@dataclass
class _Sentence:
    """One sentence of a bio being read: what the strategies found in it so far, and where."""

    bio: str
    s0: int  # the sentence's span in the bio
    s1: int
    gaz: list[tuple[int, int]]  # gazetteer organisation spans of the whole bio
    found: list[tuple[int, Affiliation, str]]  # (position in the bio, affiliation, tense reason), shared
    taken: list[tuple[int, int]] = field(default_factory=list)  # spans already read in this sentence
    sentence: str = field(init=False)

    def __post_init__(self) -> None:
        self.sentence = self.bio[self.s0:self.s1][:2000]  # longer is not prose: a pasted list or a runaway line

    def add(self, start: int, end: int, raw: str, rule: str, conf: float) -> None:
        """Record the organisation at ``start:end`` of the sentence (``raw`` as written), read by ``rule``."""
        if self.sentence[end:end + 1] == "." and LEGAL_SUFFIX.search(raw) and not raw.endswith("."):
            raw, end = raw + ".", end + 1
        name, tail_place = _clean_org(raw)
        if not _is_organisation(name):
            return
        if any(a < end and start < b for a, b in self.taken):
            return
        self.taken.append((start, end))
        current, why = _tense(self.sentence, start, end, rule)
        if rule == "list":
            current = None if re.search(r"\bworked with\b|\bclients\b", self.sentence[:start], re.I) else (
                False if _PAST.search(self.sentence[:start]) or re.search(r"\bhas worked|\bhave worked", self.sentence[:start]) else current)
        left = self.sentence[:start]
        role = _role_before(left) if rule in ("work-at", "role-of", "work-for") else None
        if rule == "role-of" and role is None:
            m = re.search(r"\b((?:co-?)?founder|cto|ceo|director|head|lead|leader|organi[sz]er|chair|owner|"
                          r"professor|lecturer|researcher|manager)\s+(?:[\w-]+\s+){0,3}?(?:of|at|in)\s+(?:the\s+)?$",
                          left, re.I)
            role = m.group(1) if m else None
        if rule == "founded" and re.search(r"(?:co-?)?founded\s+(?:the\s+)?$", left, re.I):
            role = "co-founder" if "co" in left[-15:].lower() else "founder"
        after = self.sentence[start + len(raw):]
        place = tail_place
        for _, pat in _PLACE_AFTER:
            m = pat.match(after)
            if m:
                place = _place_of(m.group("place")) or place
                if place:
                    break
        if place is None:
            for _, pat in _PLACE_BEFORE:
                m = pat.search(left)
                if m:
                    place = _place_of(m.group("place"))
                    if place:
                        break
        others = []
        m = _OTHER_NAME.match(after)
        if m:
            others.append(m.group("name").strip())
        start_year = end_year = None
        near_left = re.split(r",|;|\band\b", left)[-1][-40:]
        m = _YEAR_RANGE.search(after[:40]) or _YEAR_RANGE.search(near_left)
        if m:
            start_year = int(m.group(1))
            end_year = int(m.group(2)) if m.group(2)[0].isdigit() else None
        else:
            m = _SINCE.search(after[:30]) or _SINCE.search(near_left[-30:])
            if m and re.match(r"(?i)since", m.group(0)):
                start_year = int(m.group(1))
        ev = Evidence("bio", self.s0 + start, self.s0 + start + len(name), rule, conf)
        self.found.append((self.s0 + start, Affiliation(organization=name, role=role, current=current, place=place,
                                              start_year=start_year, end_year=end_year, other_names=others,
                                              evidence=ev), why))


def _by_list(r: _Sentence) -> None:
    """Organisations in a list after a cue: "companies like A, B and C"."""
    for m in _LIST_CUE.finditer(r.sentence):
        pos = m.end()
        for om in re.finditer(r"(?:(?<=^)|(?<=,\s)|(?<=\sand\s)|(?<=,\sand\s))(" + ORG_RE + r")", r.sentence[pos:pos + 400]):
            seg_start = pos + om.start(1)
            gap = r.sentence[pos:seg_start]
            if re.search(r"[.;:()]", gap) or len(gap) - len(re.sub(r"[^,]", "", gap)) > 12 * (gap.count(",") + 1):
                break
            r.add(seg_start, seg_start + len(om.group(1)), om.group(1), "list", 0.7)
        # stop at the end of the list: first clause break after the last match


def _by_cue(r: _Sentence) -> None:
    """A cue word ("works at", "founder of"...) before a capitalised name, and the names coordinated with it."""
    from .nlp import ORG

    for om in re.finditer(ORG_RE, r.sentence):
        start, raw = om.start(), om.group(0)
        lead = re.match(r"(?:At|In|For|With|As|After|Before|Since|While|When|From|Then|Now|Today|Currently)\s+", raw)
        if lead:
            start, raw = start + lead.end(), raw[lead.end():]
        if re.match(r"\s+(?:at|@)\s", r.sentence[start + len(raw):]) and (
                ROLE_WORDS.match(raw) or re.search(r"\b(?:of|in)\s+(?:the\s+)?$", r.sentence[:start])):
            continue  # "VP of Engineering at X", "Lecturer in Computing at X": the employer follows
        if re.match(r"\s+(?:at|@|of)\s", r.sentence[start + len(raw):]) and \
                re.search(r"\b(?:Team|Group|Department|Division|Unit|Squad)$", raw):
            continue  # "the Performance Team at X": a team of the employer that follows
        after_raw = r.sentence[start + len(raw):]
        if re.match(r"\s+(?:company|startup|start-up|firm|agency|consultancy)\b", after_raw) and \
                re.search(r"\bthe\s+$", r.sentence[:start]):
            continue  # "at the EdTech company": a description, not a name
        if re.match(r"\s+(?:show|podcast|blog|book|newsletter|channel|youtube channel)\b", after_raw, re.I):
            continue  # "runs Hello Rust show": a show, not an organisation
        if ROLE_WORDS.match(re.sub(r"^(?i:co-)", "", raw)) and re.search(r"\s(?:of|at)\s", raw):
            cut = [m.end() for m in re.finditer(r"\s(?:of|at)\s+(?:the\s+)?", raw)][-1]
            start, raw = start + cut, raw[cut:]
        left = r.sentence[max(0, start - 80):start]
        for rule, cue, conf in _CUES:
            if cue.search(left):
                if rule == "work-at" and _STUDY.search(left[-60:]):
                    break
                if rule == "role-of" and re.search(r"\b(?:from|to|by|with|for|under|met|meets|meeting)\s+the\s+(?:[\w-]+\s+){1,3}?"
                                                   r"(?:of|at|in)\s+(?:the\s+)?$", left, re.I):
                    break  # "an award from the President of X": someone else's role
                if rule == "role-of" and re.search(r"\b(?:an?|active|proud|long-?time)\s+members?\s+of\s+(?:the\s+)?$", left, re.I):
                    break  # "a member of the X": a membership, not an affiliation
                if rule == "work-at" and re.search(r"\b(?:every|each|all|any|most|many|other)\s+[\w-]+\s+(?:at|@)\s+$", left, re.I):
                    break  # "every exec at X": people in general, not this person
                if rule == "work-at" and not re.search(_WORK, left, re.I) and start > 0 and \
                        not _index().get(fold_key(_clean_org(raw)[0]), ("",))[0] == ORG:
                    break
                if rule == "team-of" and not re.match(r"\s+team\b", r.sentence[start + len(raw):], re.I):
                    break
                if rule == "with-company" and not (_index().get(fold_key(_clean_org(raw)[0]), ("",))[0] == ORG
                                                   or LEGAL_SUFFIX.search(raw)):
                    break
                if r.sentence[start + len(raw):start + len(raw) + 2].strip()[:1] in {'"', "“"}:
                    break  # a person's name with a quoted nickname
                first = len(r.found)
                r.add(start, start + len(raw), raw, rule, conf)
                # "at A (now part of B), and C": organisations coordinated with the first one
                pos = start + len(raw)
                while True:
                    cm = re.match(r"\.?(?:\s*\([^()]*\))?(?P<join>,?\s+and\s+|,\s+|\s+&\s+)(?:the\s+)?(" + ORG_RE + r")",
                                  r.sentence[pos:])
                    if not cm or not _is_organisation(_clean_org(cm.group(2))[0]):
                        break
                    known = (_index().get(fold_key(_clean_org(cm.group(2))[0]), ("",))[0] == ORG
                             or LEGAL_SUFFIX.search(cm.group(2)))
                    listed = len(r.found) > first and r.found[first][2] == "experience-at"
                    if "and" not in cm.group("join") and "&" not in cm.group("join") and not known and not listed:
                        break
                    if not known and not listed and len(cm.group(2).split()) < 2 and \
                            not re.search(r"[A-Z].*[A-Z]|\d", cm.group(2)):
                        break
                    c0 = pos + cm.start(2)
                    r.add(c0, c0 + len(cm.group(2)), cm.group(2), rule, conf - 0.1)
                    pos = c0 + len(cm.group(2))
                group = [a for _, a, _ in r.found[first:]]
                if len(group) > 1 and group[0].current is False and r.found[first][2] in ("experience-at", "then-now"):
                    for a in group[1:]:
                        a.current = False  # "experience at A, B and C": the whole list is past
                if len(group) > 1 and group[-1].place:  # "at UCLL and KU Leuven, Belgium"
                    for a in group[:-1]:
                        a.place = a.place or group[-1].place
                break


def _by_org_role(r: _Sentence) -> None:
    """The organisation before its role: "is Acme co-founder", "one of the Acme board members"."""
    for om in _ORG_ROLE.finditer(r.sentence):
        r.add(om.start("org"), om.end("org"), om.group("org"), "org-role", 0.7)


def _by_product(r: _Sentence) -> None:
    """A gazetteer organisation that begins a product name after a work verb."""
    for g0, g1 in r.gaz:
        if r.s0 <= g0 < r.s1 and _PRODUCT_WORK.search(r.bio[max(r.s0, g0 - 30):g0]):
            om = re.match(ORG_RE, r.bio[g0:r.s1])
            raw = r.bio[g0:g1]
            start = g0 - r.s0
            # the place in "(Moscow, Russia)" follows the whole product name
            if om and len(om.group(0)) > len(raw):
                after = r.bio[g0 + len(om.group(0)):r.s1]
                pm = _PLACE_AFTER[0][1].match(after)
                name = raw
                if not any(a < start + len(raw) and start < b for a, b in r.taken) and _is_organisation(name):
                    r.taken.append((start, start + len(raw)))
                    current, why = _tense(r.sentence, start, start + len(raw), "product")
                    r.found.append((g0, Affiliation(organization=name, current=current,
                                                  place=_place_of(pm.group("place")) if pm else None,
                                                  evidence=Evidence("bio", g0, g1, "product-of-org", 0.6)), why))


_STRATEGIES = (_by_list, _by_cue, _by_org_role, _by_product)  # in this order: the first to read a span keeps it


def read_affiliations(bio: str, nlp: "Language | None" = None, doc=None) -> list[Affiliation]:
    """Affiliations a bio states, in text order, each with its Evidence.

    Examples
    --------
    >>> [(a.organization, a.current, a.place) for a in read_affiliations(
    ...     "Before that, she was developing apps at NetAlliance (Sydney, Australia).")]
    [('NetAlliance', False, 'Sydney, Australia')]
    """
    from .nlp import ORG

    if not bio or not bio.strip():
        return []
    if doc is not None:
        sents = [(s.start_char, s.end_char) for s in doc.sents]
        gaz = [(e.start_char, e.end_char) for e in doc.spans.get("gazetteer", []) if e.label_ == ORG]
    else:
        sents, doc = _sentences(bio, nlp)
        gaz = [(e.start_char, e.end_char) for e in doc.spans.get("gazetteer", []) if e.label_ == ORG] if doc is not None else []
    found: list[tuple[int, Affiliation, str]] = []  # (position, affiliation, tense reason)
    for s0, s1 in sents:
        reader = _Sentence(bio, s0, s1, gaz, found)
        for strategy in _STRATEGIES:
            strategy(reader)
    found.sort(key=lambda x: x[0])
    # "joined X" is present-day when nothing later in the bio replaces it.
    out = []
    for i, (pos, a, why) in enumerate(found):
        if why == "joined":
            later = [b for _, b, _ in found[i + 1:] if not same_organisation(b.organization, a.organization)
                     and b.current is not None]
            a.current = False if later else True
        out.append(a)
    return out


# ---------------------------------------------------------------- education

_DEG = (r"(?:honorary\s+)?(?:Ph\.?\s?D\.?|DPhil|[Dd]octorate|doctoral degree|M\.?\s?Sc\.?|B\.?\s?Sc\.?|M\.?Eng\.?|"
        r"B\.?Eng\.?|MBA|M\.S\.|B\.S\.|B\.A\.|M\.A\.|MS(?=\s+in\b)|BS(?=\s+in\b)|BA(?=\s+in\b)|MA(?=\s+in\b)|"
        r"[Mm]aster(?:'s|’s|s)?(?:\s+[Dd]egree)?(?:\s+of\s+(?:Science|Engineering|Arts|Technology))?|"
        r"[Bb]achelor(?:'s|’s|s)?(?:\s+[Dd]egree)?(?:\s+of\s+(?:Science|Engineering|Arts|Technology))?|"
        r"[Ll]icentiate(?:\s+of\s+\w+)?|(?:[Ee]ngineering|[Uu]niversity|[Cc]ollege|[Dd]iploma)\s+degree|"
        r"[Dd]iplom(?:-\w+)?|[Ll]icence|[Dd]egree)")
_STOPF = r"(?:from|at|in|and|with|after|before|during|where|while|which|who|to|for|on|since|under)\b"
_FIELD = (r"(?:\s+(?:degree\s+)?(?:in|of)\s+(?P<field>(?!" + _STOPF + r")[A-Za-z][A-Za-z&\-]*"
          r"(?:\s+(?!" + _STOPF + r")[A-Za-z&\-]+){0,5}))?")
_INST = (r"(?P<inst>[A-Z][\w'’-]*(?:\.[\w'’-]+)*(?:(?:\s+|-|,\s+)(?:(?:of|de|del|di|for|and|the|la|du|des|der|für|y)\s+)*"
         r"[A-Z][\w'’-]*(?:\.[\w'’-]+)*)*)")
_EDU_RES = [
    ("degree", re.compile(r"(?:\b(?:an?|his|her|their|my|the|holds|earned|obtained|with|completed)\s+(?P<pre>[A-Z][a-z]+\s+)?)?"
                          r"\b(?P<deg>" + _DEG + r")" + _FIELD +
                          r"(?P<tail>\s+(?:(?:student|candidate|studies|research)\s+)?(?:from|at|in)\s+(?:the\s+)?" + _INST + r")?")),
    ("studied-field", re.compile(r"\bstudied\s+(?P<deg>[A-Z][A-Za-z ]{2,50}?)\s+(?:from|at)\s+(?:the\s+)?" + _INST)),
    ("mastered", re.compile(r"\bmastered\s+in\s+(?P<field>[a-z][a-z ]{2,30}?)\s+(?:from|at)\s+(?:the\s+)?" + _INST)),
    ("school", re.compile(r"\b(?:stud(?:y|ies|ied|ying)|graduated|graduate|alumn\w+|educated)\b[^.;]{0,25}?\b(?:at|from|of|in)\s+(?:,\s*[^,]{0,40},\s*)?(?:the\s+)?" + _INST)),
]


def _institution(raw: str | None) -> str | None:
    from .nlp import ORG, load_gazetteer

    if not raw:
        return None
    raw = raw.strip(" ,.")
    raw = re.sub(r"\s+in\s+\d{4}$", "", raw)
    words = load_gazetteer("degrees")["institution_words"]
    hit = _index().get(fold_key(raw))
    if hit is not None and hit[0] == ORG:
        return raw
    if any(re.search(rf"\b{re.escape(w)}\b", raw) for w in words):
        # stop at a trailing ", City" that is only a place, unless the school is named that way
        return raw
    return None


def read_education(bio: str) -> list[Education]:
    """Degrees and schools a bio states; a missing degree or school is None.

    Examples
    --------
    >>> [(e.degree, e.institution) for e in read_education("Maxim earned a Master's Degree in Computer Science.")]
    [("Master's Degree in Computer Science", None)]
    """
    out: list[Education] = []
    if not bio:
        return out
    for rule, pattern in _EDU_RES:
        for m in pattern.finditer(bio):
            gd = m.groupdict()
            inst = _institution(gd.get("inst"))
            if rule == "degree":
                deg = m.group("deg")
                if re.fullmatch(r"[Dd]egree", deg) and not gd.get("field") and not inst:
                    continue
                if re.search(r"\b(?:to|some|any|high|large|certain)\s+$", bio[max(0, m.start("deg") - 8):m.start("deg")]):
                    continue
                pre = gd.get("pre")
                degree = (pre or "") + deg + (bio[m.end("deg"):m.end("field")] if gd.get("field") else "")
                degree = degree.strip()
                if pre and (pre.strip() in {"The", "A", "An", "His", "Her"} or inst is None and False):
                    degree = degree[len(pre):].strip()
            elif rule == "studied-field":
                degree = m.group("deg").strip()
                if not inst:
                    continue
            elif rule == "mastered":
                degree = f"master's in {m.group('field').strip()}"
            else:
                degree = None
                if not inst:
                    continue
            key = (fold_key(degree or ""), fold_key(inst or ""))
            if any(_same_edu(key, (fold_key(e.degree or ""), fold_key(e.institution or ""))) for e in out):
                continue
            out.append(Education(degree=degree, institution=inst,
                                 evidence=Evidence("bio", m.start(), m.end(), f"education-{rule}", 0.7)))
    # an institution-only entry is dropped when a degree entry names the same school
    return [e for e in out if e.degree or not any(o.degree and o.institution and e.institution and
                                                  fold_key(o.institution) == fold_key(e.institution) for o in out)]


def _same_edu(a: tuple[str, str], b: tuple[str, str]) -> bool:
    (da, ia), (db, ib) = a, b
    if ia and ib and ia != ib:
        return False
    if not da or not db:
        return (ia == ib and bool(ia)) and (not da or not db) and (da == db or not ia == "")
    return da == db or da in db or db in da or da.split()[0] == db.split()[0] and not (ia or ib)


# ---------------------------------------------------------------- career


def read_career(name: str, headline: str | None, bio: str, nlp: "Language | None" = None,
                doc=None) -> tuple[list[Affiliation], list[Education]]:
    """Affiliations and education the headline and bio state about ``name``.

    Headline affiliations are current. An organisation named in both is one entry: roles are
    merged, a present-day statement wins, and the bio's place is kept.

    Examples
    --------
    >>> affs, edu = read_career("Maxim", "Software Engineer at WhatsApp",
    ...     "Before WhatsApp, Maxim was developing apps at NetAlliance (Sydney, Australia).")
    >>> [(a.organization, a.current, a.place) for a in affs]
    [('WhatsApp', True, None), ('NetAlliance', False, 'Sydney, Australia')]
    """
    own = {fold_key(w) for w in (name or "").split()} | {fold_key(name or "")}
    affiliations = [a for a in parse_headline_all(headline) + read_affiliations(bio or "", nlp=nlp, doc=doc)
                    if fold_key(a.organization) not in own]
    return _merge(affiliations), read_education(bio or "")


def _merge(affiliations: list[Affiliation]) -> list[Affiliation]:
    out: list[Affiliation] = []
    for a in affiliations:
        same = next((b for b in out if same_organisation(a.organization, b.organization)), None)
        if same is None:
            out.append(a)
            continue
        if a.role and (not same.role or fold_key(a.role) not in fold_key(same.role)):
            same.role = a.role if not same.role else f"{same.role}; {a.role}"
        if same.current is not True and a.current is not None:
            same.current = True if a.current else (same.current if same.current is not None else False)
        same.place = same.place or a.place
        same.start_year = same.start_year or a.start_year
        same.end_year = same.end_year or a.end_year
        same.other_names = same.other_names + [n for n in a.other_names if n not in same.other_names]
        # the longer (legal) form of the name is kept
        if len(a.organization) > len(same.organization) and a.evidence and a.evidence.text_field == "bio" \
                and same.evidence and same.evidence.text_field == "bio":
            same.organization = a.organization
    return out
