"""Keeping only what a reader is sure enough of: the ``min_confidence`` cut applied before mapping."""
from __future__ import annotations

from dataclasses import dataclass, replace

from .model import Affiliation, ExtractionRecord, Person, Talk

__all__ = ["Dropped", "apply_min_confidence", "is_confident"]


@dataclass(frozen=True)
class Dropped:
    """One person, talk or affiliation left out of the graph, and why."""

    kind: str  # "person", "talk" or "affiliation"
    label: str  # the name, title or "organisation (of person)"
    confidence: float


def is_confident(confidence: float | None, threshold: float) -> bool:
    """True when a fact passes the cut; ``None`` (a structured source said so) always passes."""
    return confidence is None or confidence >= threshold


def apply_min_confidence(record: ExtractionRecord, threshold: float) -> tuple[ExtractionRecord, list[Dropped]]:
    """The record without the people, talks and affiliations below ``threshold``.

    A person left out is also taken out of the speakers of the talks that stay: a name the
    reader doubts does not enter the graph through a talk either. The record given is not
    changed; a record with nothing to drop is returned as is.

    Examples
    --------
    >>> rec = ExtractionRecord("p.txt", people=[Person("Ada Lovelace", confidence=0.9),
    ...                                         Person("Loading", confidence=0.2)])
    >>> kept, dropped = apply_min_confidence(rec, 0.5)
    >>> [p.name for p in kept.people], [(d.kind, d.label) for d in dropped]
    (['Ada Lovelace'], [('person', 'Loading')])
    """
    dropped: list[Dropped] = []
    people: list[Person] = []
    gone: set[str] = set()
    for person in record.people:
        if not is_confident(person.confidence, threshold):
            dropped.append(Dropped("person", person.name, person.confidence or 0.0))  # not None: dropped
            gone.add(person.name)
            continue
        people.append(_person(person, threshold, dropped))
    talks: list[Talk] = []
    for talk in record.talks:
        if not is_confident(talk.confidence, threshold):
            dropped.append(Dropped("talk", talk.title, talk.confidence or 0.0))
            continue
        if gone & set(talk.speakers):
            talk = replace(talk, speakers=[s for s in talk.speakers if s not in gone],
                           speaker_roles={k: v for k, v in talk.speaker_roles.items() if k not in gone})
        talks.append(talk)
    if not dropped:
        return record, []
    return replace(record, people=people, talks=talks), dropped


def _person(person: Person, threshold: float, dropped: list[Dropped]) -> Person:
    kept: list[Affiliation] = []
    for a in person.affiliations:
        if is_confident(_confidence(a), threshold):
            kept.append(a)
        else:
            dropped.append(Dropped("affiliation", f"{a.organization} (of {person.name})", _confidence(a) or 0.0))
    return person if len(kept) == len(person.affiliations) else replace(person, affiliations=kept)


def _confidence(a: Affiliation) -> float | None:
    """The affiliation's own confidence, else its evidence's (the career rules set that one)."""
    if a.confidence is not None:
        return a.confidence
    return a.evidence.confidence if a.evidence is not None else None
