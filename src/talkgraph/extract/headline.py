"""A headline such as "Software Engineer at WhatsApp" read as a current role at an organisation."""
from __future__ import annotations

import re

from ..records.model import Affiliation, Evidence

__all__ = ["parse_headline"]

# "Role at Org", "Role @ Org", "Role, Org", "Role (Org)"; the role part must look like a job title.
_AT = re.compile(r"^(?P<role>.+?)\s+(?:at|@)\s+(?P<org>[^,;|]+?)\s*$", re.I)
_PAREN = re.compile(r"^(?P<role>[^()]+?)\s*\((?P<org>[^()]+)\)\s*$")
_ROLE_WORDS = re.compile(
    r"\b(engineer|developer|programmer|architect|founder|co-?founder|cto|ceo|coo|cfo|vp|president|"
    r"director|manager|lead|head|consultant|scientist|researcher|professor|lecturer|student|"
    r"designer|owner|partner|principal|evangelist|advocate|maintainer|trainer|analyst|"
    r"specialist|expert|officer|chief|member|fellow|hacker|contractor|freelancer|editor|"
    r"writer|author|chair|staff|intern|administrator|sre|devops|team)\b", re.I)


def parse_headline(headline: str | None) -> Affiliation | None:
    """The current affiliation a headline states, or None when it states none.

    Examples
    --------
    >>> a = parse_headline("Software Engineer at WhatsApp")
    >>> (a.organization, a.role, a.current)
    ('WhatsApp', 'Software Engineer', True)
    >>> parse_headline("Performance & scalability engineer") is None
    True
    """
    if not headline:
        return None
    text = " ".join(headline.split())
    for pattern in (_AT, _PAREN):
        m = pattern.match(text)
        if m and m.group("org").strip():
            role = m.group("role").strip(" ,-–")
            org = m.group("org").strip(" .,-–")
            if pattern is _PAREN and not _ROLE_WORDS.search(role):
                continue
            # A description rather than a title ("Experienced enterprise Erlanger ... @ X"): no role.
            if not _ROLE_WORDS.search(role) or len(role.split()) > 6:
                role = None
            return Affiliation(organization=org, role=role, current=True, place=None,
                               evidence=Evidence("headline", m.start("org"), m.end("org"),
                                                 "headline-role-at-org", 0.9))
    return None
