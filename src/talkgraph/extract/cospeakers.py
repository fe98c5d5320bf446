"""Co-speakers named in a talk's text ("Join Maxim Fedorov and Bram Verburg to discuss ...") and
organisations wrongly listed among a talk's speakers."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..keys import fold_key

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = ["find_cospeakers", "is_organisation_name"]

_BEFORE = [
    ("speaker", re.compile(r"\b(?:[Jj]oin|[Ww]ith\s+speakers?|[Ss]peakers?:?|[Pp]resented\s+by|[Gg]iven\s+by|"
                           r"[Ff]eaturing|[Ll]ed\s+by|[Rr]un\s+by|[Ff]acilitated\s+by)\s*$")),
    ("host", re.compile(r"\b(?:[Hh]osted\s+by|[Hh]osts?:?)\s*$")),
    ("moderator", re.compile(r"\b(?:[Mm]oderated\s+by|[Mm]oderators?:?)\s*$")),
    ("panelist", re.compile(r"\b(?:[Pp]anel(?:ists?)?\s*(?:with|:|including|featuring)?|[Pp]anellists?:?)\s*$")),
]
_AFTER = re.compile(r"^\s*(?:will|are going to|are|discuss|talk|present|share|chat|host|lead|moderate)\b")
_JOINER = re.compile(r"^\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)$")
_ORG_WORDS = re.compile(r"\b(?:Foundation|Inc|Ltd|LLC|GmbH|AB|Team|Group|Association|Society|Labs?|University|"
                        r"Company|Corporation|Consortium|Committee|Institute|Working Group|WG|Community|Meetup)\b\.?")


def is_organisation_name(name: str) -> bool:
    """True for a line-up entry that names an organisation, not a person.

    Examples
    --------
    >>> is_organisation_name("Erlang Ecosystem Foundation"), is_organisation_name("Bram Verburg")
    (True, False)
    """
    from .nlp import ORG, gazetteer_index, is_first_name

    hit = gazetteer_index().get(fold_key(name))
    if hit is not None and hit[0] == ORG and not is_first_name(name.split()[0]):
        return True
    return bool(_ORG_WORDS.search(name)) and not (len(name.split()) <= 3 and is_first_name(name.split()[0])
                                                  and not _ORG_WORDS.search(name.split()[-1]))


def find_cospeakers(doc: "Doc", subject: str) -> list[tuple[str, str]]:
    """(name, role) of people the text says give the talk with the subject.

    Only a list of names after a cue ("Join A and B", "hosted by A", "panelists: A, B, C") or a
    list of two or more names including the subject followed by "will discuss..." counts; a name
    merely mentioned in the abstract does not.
    """
    from .mentions import is_same_person

    persons = sorted(doc.spans.get("persons", []), key=lambda s: s.start_char)
    text = doc.text
    groups: list[list] = []
    for span in persons:
        if groups and _JOINER.match(text[groups[-1][-1].end_char:span.start_char]):
            groups[-1].append(span)
        else:
            groups.append([span])
    out: list[tuple[str, str]] = []
    for group in groups:
        names = [s.text for s in group]
        before = text[max(0, group[0].start_char - 40):group[0].start_char]
        role = next((r for r, pat in _BEFORE if pat.search(before)), None)
        if role is None and len(names) >= 2 and any(is_same_person(n, subject) for n in names) \
                and _AFTER.match(text[group[-1].end_char:]):
            role = "speaker"
        if role is None:
            continue
        for n in names:
            if not any(is_same_person(n, x) for x, _ in out):
                out.append((n, role))
    return out
