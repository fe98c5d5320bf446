"""A headline such as "Software Engineer at WhatsApp" read as current roles at organisations."""
from __future__ import annotations

import re

from ..records.model import Affiliation, Evidence

__all__ = ["parse_headline", "parse_headline_all", "ROLE_WORDS", "LEGAL_SUFFIX"]

ROLE_WORDS = re.compile(
    r"\b(engineer|developer|programmer|architect|founder|co-?founder|cto|ceo|coo|cfo|cio|vp|president|"
    r"director|manager|lead|leader|head|consultant|scientist|researcher|professor|lecturer|student|candidate|"
    r"designer|owner|co-?owner|partner|principal|evangelist|advocate|maintainer|trainer|analyst|"
    r"specialist|expert|officer|chief|member|fellow|hacker|contractor|freelancer|editor|organi[sz]er|"
    r"writer|author|chair|staff|intern|administrator|sre|devops|team|tutor|teacher|associate|md|"
    r"coordinator|strategist|instructor|coach|ambassador|creator)\b", re.I)
LEGAL_SUFFIX = re.compile(r"(?:,?\s+(?:Inc|Ltd|LTD|LLC|AB|GmbH|AG|SA|BV|B\.V|Oy|plc|PLC|Co|Corp|Pty Ltd|Limited|S\.L|S\.A)\.?)$")

# An organisation as written in a headline: capitalised words, joined by a few small words.
_ORG = (r"[A-Z0-9@][\w.&'’+-]*(?:\s+(?:(?:of|de|del|for|für|da|la|y|the)\s+)?[A-Z0-9][\w.&'’+-]*)*"
        r"(?:,?\s+(?:Inc|Ltd|LTD|LLC|AB|GmbH|AG|SA|BV|Oy|plc|Co|Corp)\.?)?")
_AT = re.compile(r"^(?P<role>.*?)\s*(?:\b(?i:at)\b|@)\s*(?P<org>" + _ORG + r")")
_OF = re.compile(r"^(?P<role>.*?\b(?i:founder|co-?founder|cto|ceo|coo|director|head|owner|partner|president|"
                 r"organi[sz]er|lead|leader)(?:\s+and\s+\w+)?)\s+of\s+(?:the\s+)?(?P<org>" + _ORG + r")")
_PAREN = re.compile(r"^(?P<role>[^()]+?)\s*\((?P<org>[^()]+)\)\s*$")
_SPLIT = re.compile(r"\s*(?:[,;|•]|\s-\s|\s–\s)\s*")


def _segments(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for m in _SPLIT.finditer(text):
        out.append((pos, text[pos:m.start()]))
        pos = m.end()
    out.append((pos, text[pos:]))
    return [(p, s) for p, s in out if s.strip()]


def _is_org_like(text: str) -> bool:
    from .nlp import NOT_ORG, ORG, PLACE, gazetteer_index
    from ..keys import fold_key

    hit = gazetteer_index().get(fold_key(text))
    if hit is not None:
        return hit[0] == ORG
    return bool(LEGAL_SUFFIX.search(text))


def parse_headline_all(headline: str | None) -> list[Affiliation]:
    """Every current affiliation a headline states, in order ("Founder at A, Engineer at B").

    Examples
    --------
    >>> [(a.organization, a.role) for a in parse_headline_all("Author of Caramel, Founder at Abstract Machines")]
    [('Abstract Machines', 'Founder')]
    >>> [a.organization for a in parse_headline_all("Peer Stritzinger GmbH")]
    ['Peer Stritzinger GmbH']
    """
    if not headline:
        return []
    from .nlp import NOT_ORG, PLACE, gazetteer_index
    from ..keys import fold_key

    text = " ".join(headline.split())
    out: list[Affiliation] = []
    segs = _segments(text)
    for pos, seg in segs:
        found = None
        for rule, pattern in (("headline-role-at-org", _AT), ("headline-role-of-org", _OF), ("headline-role-(org)", _PAREN)):
            m = pattern.match(seg)
            if not m:
                continue
            org = m.group("org").strip(" .,-–")
            org = re.sub(r"['’]s$", "", org)
            role = m.group("role").strip(" ,-–") or None
            if not org or not org[0].isupper() and not org[0].isdigit():
                continue
            rest = []
            for w in seg[m.end("org"):].split():
                if not re.fullmatch(r"[\w.&-]+", w):
                    break
                rest.append(w)
            for k in (3, 2, 1):  # "Erlang solutions": the gazetteer knows the name in any case
                longer = " ".join([org, *rest[:k]])
                if len(rest) >= k and gazetteer_index().get(fold_key(longer), ("",))[0] == "ORG":
                    org = longer
                    break
            hit = gazetteer_index().get(fold_key(org))
            if hit is not None and hit[0] in (NOT_ORG, PLACE):
                continue
            if pattern is _PAREN and not ROLE_WORDS.search(role or "") and not _is_org_like(org):
                continue
            if role and (not ROLE_WORDS.search(role) or len(role.split()) > 6):
                role = None
            found = (rule, org, role, pos + m.start("org"))
            break
        bm = re.match(r"^(?P<org>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3}?)\s+(?P<role>Board\s+(?:Member|Director|Chair)|"
                      r"Board)$", seg.strip())
        if found is None and bm:
            found = ("headline-org-board", bm.group("org"), bm.group("role"), pos + seg.find(bm.group("org")))
        if found is None and len(segs) <= 2 and _is_org_like(seg.strip()):
            found = ("headline-org", seg.strip(), None, pos)
        if found:
            rule, org, role, start = found
            former = bool(re.match(r"(?i)\s*(former|previously|ex-|past)\b", seg))
            out.append(Affiliation(organization=org, role=role, current=not former, place=None,
                                   evidence=Evidence("headline", start, start + len(org), rule, 0.9)))
    return out


def parse_headline(headline: str | None) -> Affiliation | None:
    """The first current affiliation a headline states, or None when it states none.

    Examples
    --------
    >>> a = parse_headline("Software Engineer at WhatsApp")
    >>> (a.organization, a.role, a.current)
    ('WhatsApp', 'Software Engineer', True)
    >>> parse_headline("Performance & scalability engineer") is None
    True
    """
    found = parse_headline_all(headline)
    return found[0] if found else None
