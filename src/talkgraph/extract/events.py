"""Reading an event name into series, edition year and place ("Code BEAM SF 2019")."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from ..keys import fold_key
from .places import Place, lookup_place

__all__ = ["EventName", "parse_event_name", "series_alias"]

# Words that qualify an edition rather than name a series ("Code BEAM V Europe", "Code BEAM Lite Munich").
_QUALIFIERS = {"v", "virtual", "online", "lite", "remote", "edition"}
_YEAR = re.compile(r"^(?:19|20)\d\d$")


@dataclass(frozen=True)
class EventName:
    """An event edition's name taken apart; unknown parts are None."""

    label: str  # the name as given, whitespace collapsed
    series: str  # "Code BEAM"
    year: int | None
    place: Place | None
    virtual: bool
    series_rule: str | None = None  # the alias-table pattern that gave the series, when one did

    @property
    def key(self) -> str:
        """What identifies the edition: series, year, place and virtual, whatever the spelling.

        "Code BEAM SF 2019" and "Code BEAM San Francisco 2019" share a key; "Code Mesh LDN"
        (no year) and "Code Mesh LDN 2018" do not.
        """
        if self.year is None and self.place is None and not self.virtual:
            return fold_key(self.label)
        parts = [fold_key(self.series), str(self.year or ""), self.place.name if self.place else "",
                 "virtual" if self.virtual else ""]
        return "|".join(parts)


@cache
def _series_table() -> tuple[tuple[str, re.Pattern, str], ...]:
    text = resources.files("talkgraph.extract").joinpath("gazetteers/event_series.json").read_text(encoding="utf-8")
    return tuple((row["series"], re.compile(pattern, re.IGNORECASE), pattern)
                 for row in json.loads(text)["series"] for pattern in row["patterns"])


def series_alias(label: str) -> tuple[str, str, int | None] | None:
    """The series an edition name belongs to by the series table (gazetteers/event_series.json).

    Returns (series, the pattern that matched, the year the name states) or None.

    Examples
    --------
    >>> series_alias("31C3")[0]
    'Chaos Communication Congress'
    >>> series_alias("PyCon US 2023") is None
    True
    """
    text = " ".join(label.split())
    for series, pattern, source in _series_table():
        m = pattern.match(text)
        if m:
            year = m.groupdict().get("year")
            if year is not None and len(year) == 2:
                year = f"20{year}"
            return series, source, int(year) if year else None
    return None


@lru_cache(maxsize=65536)  # pure, and the same few edition names recur on every page
def parse_event_name(name: str) -> EventName:
    """Split an edition name into its series, year and place.

    The series is the name up to the first year, place or qualifier word; a name that is
    only a series (no year, no place) is its own series.

    Examples
    --------
    >>> e = parse_event_name("Code BEAM SF 2019")
    >>> (e.series, e.year, e.place.name)
    ('Code BEAM', 2019, 'San Francisco')
    >>> parse_event_name("Code Mesh LDN").series
    'Code Mesh'
    """
    label = " ".join(name.split())
    tokens = label.split(" ")
    year, place, virtual, cut = None, None, False, len(tokens)
    i = 0
    while i < len(tokens):
        tok = tokens[i].strip(",()")
        if _YEAR.match(tok) or re.match(r"^'\d\d$", tok):
            year = int(tok) if _YEAR.match(tok) else 2000 + int(tok[1:])
            cut = min(cut, i)
        elif i > 0 and tok.casefold() in _QUALIFIERS:
            virtual = virtual or tok.casefold() in {"v", "virtual", "online", "remote"}
            cut = min(cut, i)
        elif i > 0:
            # Two-word places first ("San Francisco"), then one word ("LDN").
            two = lookup_place(f"{tok} {tokens[i + 1].strip(',()')}") if i + 1 < len(tokens) else None
            hit = two or lookup_place(tok)
            if hit is not None and (hit.kind == "city" or place is None):
                place = hit if place is None or hit.kind == "city" else place
                cut = min(cut, i)
                i += 1 if two else 0
        i += 1
    series = " ".join(tokens[:cut]).strip(" -–,:") or label
    alias = series_alias(label) or (series_alias(series) if series != label else None)
    if alias is not None:
        return EventName(label, alias[0], year or alias[2], place, virtual, f"series table: {alias[1]}")
    return EventName(label, series, year, place, virtual)
