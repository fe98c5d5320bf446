"""Careers from a headline and a bio: affiliations (organisation, role, current, place) and education."""
from __future__ import annotations

from ..records.model import Affiliation, Education
from ..rdf_keys import fold_key
from .headline import parse_headline

__all__ = ["read_career"]


def read_career(name: str, headline: str | None, bio: str) -> tuple[list[Affiliation], list[Education]]:
    """Affiliations and education the headline and bio state about ``name``.

    The headline's "Role at Org" gives a current affiliation.
    """
    affiliations: list[Affiliation] = []
    head = parse_headline(headline)
    if head is not None:
        affiliations.append(head)
    return _dedupe(affiliations), []


def _dedupe(affiliations: list[Affiliation]) -> list[Affiliation]:
    seen: dict[str, Affiliation] = {}
    for a in affiliations:
        seen.setdefault(fold_key(a.organization), a)
    return list(seen.values())
