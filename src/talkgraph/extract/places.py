"""The places gazetteer: cities, countries and their abbreviations, with Wikidata ids and time zones."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from ..keys import fold_key

__all__ = ["Place", "load_places", "lookup_place"]


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # "city", "country" or "region"
    country: str | None = None
    wikidata: str | None = None  # Q-id
    tz: str | None = None  # IANA zone, when the place has one
    aliases: tuple[str, ...] = field(default=())


@cache
def load_places() -> dict[str, Place]:
    """Every place by the folded form of its name and of each alias; read once per process."""
    text = resources.files("talkgraph.extract").joinpath("gazetteers/places.json").read_text(encoding="utf-8")
    index: dict[str, Place] = {}
    for row in json.loads(text):
        place = Place(row["name"], row["kind"], row.get("country"), row.get("wikidata"),
                      row.get("tz"), tuple(row.get("aliases") or ()))
        for label in (place.name, *place.aliases):
            index.setdefault(fold_key(label), place)
    return index


def lookup_place(text: str) -> Place | None:
    """The place a name or abbreviation stands for ("LDN" -> London), or None.

    Examples
    --------
    >>> lookup_place("LDN").name
    'London'
    >>> lookup_place("Atlantis") is None
    True
    """
    return load_places().get(fold_key(text))
