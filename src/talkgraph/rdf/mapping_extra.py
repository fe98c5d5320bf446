"""Schedule and archive details of talks (room, language, duration, links, licence, time zone) as RDF.

``map_extras(record, triples)`` takes what ``mapping.map_record`` yields for a record and
returns it completed, pure (no I/O):

- a talk with a ``session_id`` (one session of a schedule, one pyvideo video) gets its own
  occurrence IRI, minted from title, edition, date, start and the session id, so that two
  sessions with the same title at one event (daily "Lightning Talks") stay two occurrences;
  its session roles are re-minted with it;
- with a ``utc_offset``, ``schema:startDate``/``schema:endDate`` carry that offset (an end
  before the start is on the next day);
- room: ``schema:location`` -> a ``schema:Place`` named by the room (minted per event);
  language: ``schema:inLanguage`` (BCP 47); duration: ``schema:duration`` (``xsd:duration``);
  time zone name: ``tg:timeZone``; licence: ``schema:license`` (an IRI when it is a URL);
  links: video ``schema:video``, slides ``schema:associatedMedia``, the session's page
  ``schema:url``, anything else ``schema:relatedLink``.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SDO, XSD

from ..records.model import ExtractionRecord, Talk
from . import iris
from ..vocab import CONF, TG

__all__ = ["map_extras"]

_LINKS = {"video": SDO.video, "slides": SDO.associatedMedia, "page": SDO.url, "related": SDO.relatedLink}
_TYPE, _OCCURRENCE, _NAME = {RDF.type}, {TG.TalkOccurrence}, {SDO.name}
_DATES, _DURING = {SDO.startDate, SDO.endDate}, {CONF.during}
_URL = re.compile(r"""^https?://[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef]{1,2000}$""")  # RFC 3987 characters only


def _has_extras(t: Talk) -> bool:
    return bool(t.session_id or t.room or t.language or t.duration or t.utc_offset or t.time_zone or t.links
                or t.license)


def map_extras(record: ExtractionRecord, triples: Iterable) -> Iterator:
    """``triples`` (one record's mapping) with its talks' schedule/archive details added."""
    talks = [t for t in record.talks if _has_extras(t)]
    if not talks:
        yield from triples
        return
    triples = list(triples)
    occs = {s for s, p, o in triples if p in _TYPE and o in _OCCURRENCE}
    by_title: dict[str, list[URIRef]] = {}
    for s, p, o in triples:
        if s in occs and p in _NAME:
            by_title.setdefault(str(o), []).append(s)
    rename: dict = {}
    drop: set = set()
    extra: list = []
    for t in talks:
        title = " ".join(t.title.split())
        found = by_title.get(title, [])
        if len(found) != 1:
            continue  # two talks of one record with one title: leave them as mapped
        old = found[0]
        occ = old
        if t.session_id:
            edition = " ".join(t.event.split()) if t.event else None
            occ = iris.occurrence(title, edition, f"{t.date or ''}T{t.start or ''}#{t.session_id}")
            rename[old] = occ
        if t.utc_offset and t.date:
            drop.add(old)
        extra.extend(_details(occ, t))
    if rename:
        for s, p, o in triples:
            if o in rename and p in _DURING:
                rename[s] = iris.session_role(rename[o], str(s).rsplit("/", 1)[-1], "")
    for s, p, o in triples:
        if s in drop and p in _DATES:
            continue
        yield rename.get(s, s), p, rename.get(o, o)
    yield from extra


def _details(occ: URIRef, t: Talk) -> Iterator:
    if t.utc_offset and t.date and t.start:
        start = _stamp(t.date, t.start, t.utc_offset)
        if start is not None:
            yield occ, SDO.startDate, Literal(start.isoformat(timespec="seconds"), datatype=XSD.dateTime)
            if t.end:
                end = _stamp(t.date, t.end, t.utc_offset)
                if end is not None:
                    if end < start:
                        end += dt.timedelta(days=1)
                    yield occ, SDO.endDate, Literal(end.isoformat(timespec="seconds"), datatype=XSD.dateTime)
    if t.room:
        room = " ".join(t.room.split())
        node = iris.place(f"{room} @ {' '.join((t.event or '').split())}")
        yield occ, SDO.location, node
        yield node, RDF.type, SDO.Place
        yield node, SDO.name, Literal(room)
    if t.language:
        yield occ, SDO.inLanguage, Literal(t.language)
    if t.duration:
        yield occ, SDO.duration, Literal(t.duration, datatype=XSD.duration)
    if t.time_zone:
        yield occ, TG.timeZone, Literal(t.time_zone)
    if t.license:
        lic = t.license.strip()
        yield occ, SDO.license, URIRef(lic) if _URL.match(lic) else Literal(lic)
    for kind, url in t.links:
        if _URL.match(url):
            yield occ, _LINKS.get(kind, SDO.relatedLink), URIRef(url)


def _stamp(date: str, clock: str, offset: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(f"{date}T{clock}{offset}")
    except ValueError:
        return None
