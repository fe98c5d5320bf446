"""Minting IRIs: deterministic, from normalised keys, in this one place."""
from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import URIRef

from ..errors import RecordError
from ..keys import check_label, fold_key, short_hash, slug
from ..vocab import GRAPH, ID

if TYPE_CHECKING:
    from ..extract.events import EventName

__all__ = ["person", "organization", "place", "series", "edition", "talk", "occurrence", "role",
           "membership", "credential", "session_role", "record_graph", "checked_label"]


def checked_label(text: str, *, record: str, what: str) -> str:
    """Whitespace-collapsed label; RecordError for control or bidi characters."""
    problem = check_label(text)
    if problem:
        raise RecordError(f"{what} {text[:60]!r} {problem}", record=record, field=what)
    return " ".join(text.split())


def _mint(kind: str, *labels: str) -> URIRef:
    keys = [fold_key(x) for x in labels]
    if not keys[0]:
        raise ValueError(f"cannot mint a {kind} IRI from an empty name")
    return ID[f"{kind}/{slug(labels[0])}-{short_hash(kind, *keys)}"]


def person(name: str) -> URIRef:
    """Same folded name, same person: "José Valim" and "jose  valim" are one IRI."""
    return _mint("person", name)


def organization(name: str) -> URIRef:
    return _mint("org", name)


def place(name: str) -> URIRef:
    return _mint("place", name)


def series(name: str) -> URIRef:
    return _mint("series", name)


def edition(name: "EventName") -> URIRef:
    """An event edition, minted from its key (series, year, place), so spellings of one edition merge."""
    return ID[f"event/{slug(name.label)}-{short_hash('event', name.key)}"]


def talk(title: str) -> URIRef:
    """A talk as a work: the same title is the same talk, wherever it was given."""
    return _mint("talk", title)


def occurrence(title: str, edition_key: str | None, start: str | None, *, date: str | None = None,
               session_id: str | None = None) -> URIRef:
    """One giving of a talk: title, edition key and start time (the date is often missing on one page).

    A schedule session or an archived video also has its date and session id, so two sessions
    with one title at one event (daily "Lightning Talks") stay two occurrences.
    """
    if session_id:
        return _mint("occurrence", title, edition_key or "", f"{date or ''}T{start or ''}#{session_id}")
    if edition_key is None and date:
        # No event to tell them apart: one title given on several dates is several occurrences.
        return _mint("occurrence", title, "", f"{date}T{start or ''}")
    return _mint("occurrence", title, edition_key or "", start or "")


def role(label: str) -> URIRef:
    return _mint("role", label)


def membership(person_name: str, org_name: str) -> URIRef:
    return _mint("membership", person_name, org_name)


def credential(person_name: str, degree: str | None, institution: str | None) -> URIRef:
    return _mint("credential", person_name, degree or "", institution or "")


def session_role(occurrence_iri: URIRef, person_name: str, role_name: str) -> URIRef:
    return _mint("session-role", person_name, str(occurrence_iri), role_name)


def record_graph(source_key: str) -> URIRef:
    """The named graph (and tg:SourceRecord) of one source record, keyed by its absolute path or URL."""
    name = source_key.rstrip("/").rsplit("/", 1)[-1]
    return GRAPH[f"{slug(name, 40)}-{short_hash('record', source_key)}"]
