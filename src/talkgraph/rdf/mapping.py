"""Mapping extraction records to RDF: pure functions of one record, triples in its own named graph.

Each talk occurrence is minted once (``iris.occurrence``: title, edition key, start, and for a
schedule session or an archived video its date and session id) and described where it is made:
dates and times (with the record's UTC offset when given, else the event city's zone), room
(``schema:location``, a ``schema:Place`` minted per event), language (``schema:inLanguage``),
duration (``xsd:duration``), time zone name, licence (an IRI when it is a URL), links (video
``schema:video``, slides ``schema:associatedMedia``, the session's page ``schema:url``, anything
else ``schema:relatedLink``) and the session roles of its speakers.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Iterator
from zoneinfo import ZoneInfo

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import ORG, PROV, RDF, SDO, SKOS, XSD

from ..version import __version__
from ..errors import RecordError
from ..extract.events import EventName, parse_event_name
from ..extract.places import Place, lookup_place
from ..extract.topics import is_source_field
from ..keys import fold_key, fold_label
from ..records.model import URL_RE, Affiliation, Education, Evidence, ExtractionRecord, Talk
from . import iris
from ..vocab import CONF, SOFTWARE, TG, TIME

__all__ = ["Triple", "RecordSource", "map_record", "map_provenance"]

Triple = tuple[URIRef | BNode, URIRef, URIRef | BNode | Literal]

_ROLES = {"speaker": TG.Speaker, "host": TG.Host, "panelist": TG.Panelist, "moderator": TG.Moderator}
_LINKS = {"video": SDO.video, "slides": SDO.associatedMedia, "page": SDO.url, "related": SDO.relatedLink}


@dataclass(frozen=True)
class RecordSource:
    """What provenance records about a source: where it is, its bytes' hash, when it was read."""

    key: str  # absolute path or URL: names the record's graph
    sha256: str
    extracted_at: dt.datetime
    layout: str = ""

    @property
    def graph(self) -> URIRef:
        return iris.record_graph(self.key)


def map_provenance(source: RecordSource) -> Iterator[Triple]:
    """PROV-O description of the record graph: source, hash, time, talkgraph version."""
    g = source.graph
    run = URIRef(f"{g}#extraction")
    agent = SOFTWARE[f"talkgraph/{__version__}"]
    yield g, RDF.type, TG.SourceRecord
    yield g, TG.sourcePath, Literal(source.key)
    yield g, TG.contentHash, Literal(f"sha256:{source.sha256}")
    if source.layout:
        yield g, TG.layout, Literal(source.layout)
    yield g, PROV.generatedAtTime, Literal(source.extracted_at.isoformat(timespec="seconds"), datatype=XSD.dateTime)
    yield g, PROV.wasGeneratedBy, run
    if source.key.startswith(("http://", "https://")):
        yield g, PROV.hadPrimarySource, URIRef(source.key)
    yield run, RDF.type, TG.Extraction
    yield run, PROV.wasAssociatedWith, agent
    yield agent, RDF.type, PROV.SoftwareAgent
    yield agent, SDO.name, Literal("talkgraph")
    yield agent, SDO.softwareVersion, Literal(__version__)


def map_record(record: ExtractionRecord, source: RecordSource) -> Iterator[Triple]:
    """Yield every triple one extraction record states, provenance included. Pure: no I/O.

    Raises
    ------
    RecordError
        When a name holds control or bidi characters (the record is refused whole).
    """
    rid = record.source or source.key
    g = source.graph
    yield from map_provenance(source)
    for person in record.people:
        name = iris.checked_label(person.name, record=rid, what="person name")
        if not name:
            continue
        p = iris.person(name)
        yield from _person(p, name)
        if person.headline:
            yield p, TG.headline, Literal(iris.checked_label(person.headline, record=rid, what="headline"), lang="en")
        for a in person.affiliations:
            yield from _affiliation(p, name, a, rid)
        for e in person.education:
            yield from _education(p, name, e, rid)
    for talk in record.talks:
        yield from _talk(talk, rid)
    for mention in record.mentions:
        name = iris.checked_label(mention, record=rid, what="mention")
        if name:
            m = iris.person(name)
            yield from _person(m, name)
            yield g, SDO.mentions, m


def _person(p: URIRef, name: str) -> Iterator[Triple]:
    yield p, RDF.type, SDO.Person
    yield p, SDO.name, Literal(name)
    yield p, TG.nameKey, Literal(fold_key(name))


def _evidence(node, ev: Evidence | None) -> Iterator[Triple]:
    if ev is None:
        return
    yield node, TG.textField, Literal(ev.text_field)
    yield node, TG.spanStart, Literal(ev.start)
    yield node, TG.spanEnd, Literal(ev.end)
    yield node, TG.rule, Literal(ev.rule)
    yield node, TG.confidence, Literal(round(ev.confidence, 3), datatype=XSD.decimal)


def _place(text: str, rid: str) -> tuple[URIRef, Iterator[Triple]]:
    """A place named in free text ("Sydney, Australia"): the gazetteer's city if known, else as written."""
    label = iris.checked_label(text, record=rid, what="place")
    known = lookup_place(label.split(",")[0].strip())
    return _gazetteer_place(known) if known else _plain_place(label)


def _plain_place(label: str) -> tuple[URIRef, Iterator[Triple]]:
    node = iris.place(label)
    return node, iter([(node, RDF.type, SDO.Place), (node, SDO.name, Literal(label))])


def _gazetteer_place(place: Place) -> tuple[URIRef, Iterator[Triple]]:
    node = iris.place(place.name)

    def triples() -> Iterator[Triple]:
        kind = {"city": SDO.City, "country": SDO.Country}.get(place.kind, SDO.Place)
        yield node, RDF.type, SDO.Place
        if kind != SDO.Place:
            yield node, RDF.type, kind
        yield node, SDO.name, Literal(place.name)
        if place.wikidata:
            yield node, SDO.sameAs, URIRef(f"http://www.wikidata.org/entity/{place.wikidata}")
        if place.tz:
            yield node, TG.timeZone, Literal(place.tz)
        if place.country and place.kind == "city":
            country = lookup_place(place.country)
            # A city-state (Singapore) names itself as its country: no containment then.
            if country and country.kind == "country" and country.name != place.name:
                c, ctriples = _gazetteer_place(country)
                yield node, SDO.containedInPlace, c
                yield from ctriples
    return node, triples()


def _organization(name: str) -> tuple[URIRef, list[Triple]]:
    o = iris.organization(name)
    return o, [(o, RDF.type, SDO.Organization), (o, RDF.type, ORG.Organization),
               (o, SDO.name, Literal(name)), (o, TG.nameKey, Literal(fold_key(name)))]


def _affiliation(p: URIRef, person_name: str, a: Affiliation, rid: str) -> Iterator[Triple]:
    org_name = iris.checked_label(a.organization, record=rid, what="organization")
    if not org_name:
        return
    o, otriples = _organization(org_name)
    yield from otriples
    for other in a.other_names:
        yield o, SDO.alternateName, Literal(iris.checked_label(other, record=rid, what="organization"))
    m = iris.membership(person_name, org_name)
    yield m, RDF.type, ORG.Membership
    yield m, ORG.member, p
    yield m, ORG.organization, o
    if a.role:
        role_label = iris.checked_label(a.role, record=rid, what="role")
        r = iris.role(role_label)
        yield m, ORG.role, r
        yield r, RDF.type, ORG.Role
        yield r, SKOS.prefLabel, Literal(role_label, lang="en")
    if a.current is not None:
        yield m, TG.current, Literal(a.current)
    if a.place:
        node, ptriples = _place(a.place, rid)
        yield m, SDO.location, node
        yield from ptriples
    if a.start_year or a.end_year:
        interval = URIRef(f"{m}#during")
        yield m, ORG.memberDuring, interval
        yield interval, RDF.type, TIME.Interval
        for prop, year in ((TIME.hasBeginning, a.start_year), (TIME.hasEnd, a.end_year)):
            if year:
                instant = URIRef(f"{interval}-{'begin' if prop == TIME.hasBeginning else 'end'}")
                yield interval, prop, instant
                yield instant, RDF.type, TIME.Instant
                yield instant, TIME.inXSDgYear, Literal(f"{year:04d}", datatype=XSD.gYear)
    if a.evidence is not None:  # one tg:confidence: the affiliation's own when the reader set it
        yield from _evidence(m, a.evidence if a.confidence is None else replace(a.evidence, confidence=a.confidence))
    elif a.confidence is not None:
        yield m, TG.confidence, Literal(round(a.confidence, 3), datatype=XSD.decimal)


def _education(p: URIRef, person_name: str, e: Education, rid: str) -> Iterator[Triple]:
    if not (e.degree or e.institution):
        return
    c = iris.credential(person_name, e.degree, e.institution)
    yield p, SDO.hasCredential, c
    yield c, RDF.type, SDO.EducationalOccupationalCredential
    if e.degree:
        yield c, SDO.name, Literal(iris.checked_label(e.degree, record=rid, what="degree"))
    if e.institution:
        inst_name = iris.checked_label(e.institution, record=rid, what="institution")
        o, otriples = _organization(inst_name)
        yield from otriples
        yield o, RDF.type, SDO.EducationalOrganization
        yield c, SDO.recognizedBy, o
        yield p, SDO.alumniOf, o
    yield from _evidence(c, e.evidence)


def _edition(label: str, rid: str, t: Talk | None = None) -> tuple[URIRef, EventName, list[Triple]]:
    """An edition and its series; a schedule's own facts (``t.event_*``) fill in year, dates and place."""
    label = iris.checked_label(label, record=rid, what="event")
    name = parse_event_name(label)
    notes: list[str] = []
    if name.series_rule:
        notes.append(f"series {name.series!r} from {name.series_rule}")
    start = t.event_start if t is not None else None
    day = start or (t.date if t is not None and t.event_acronym else None)
    if name.year is None and day:
        # Only schedules state the edition as a whole; their conference start (or a session's date) is its year.
        name = replace(name, year=int(day[:4]))
        notes.append(f"year {name.year} from the schedule's {'conference start' if start else 'session date'} {day}")
    if t is not None and name.place is None and t.event_place:
        known = lookup_place(t.event_place.split(",")[0].strip())
        if known is not None:
            name = replace(name, place=known)
            notes.append(f"place {known.name} from the schedule's {t.event_place!r}")
    ev, se = iris.edition(name), iris.series(name.series)
    triples: list[Triple] = [
        (ev, RDF.type, SDO.Event), (ev, SDO.name, Literal(name.label)), (ev, TG.nameKey, Literal(name.key)),
        (ev, SDO.superEvent, se),
        (se, RDF.type, SDO.EventSeries), (se, SDO.name, Literal(name.series)), (se, SDO.subEvent, ev),
        (se, TG.nameKey, Literal(fold_key(name.series))),
    ]
    # Other spellings the edition is found by (talks-at-event): never merged on, only matched.
    keys = {fold_key(name.label), fold_key(t.event_acronym) if t is not None and t.event_acronym else ""}
    if name.place is not None:
        keys.add(EventName(name.series, name.series, None, name.place, name.virtual).key)  # "PyCon US"
    for key in sorted(k for k in keys if k and k != name.key):
        triples.append((ev, TG.matchKey, Literal(key)))
    for note in notes:
        triples.append((ev, TG.normalisedBy, Literal(note)))
    if name.year:
        triples.append((ev, TG.year, Literal(f"{name.year:04d}", datatype=XSD.gYear)))
    if start:
        triples.append((ev, SDO.startDate, Literal(start, datatype=XSD.date)))
    if t is not None and t.event_end:
        triples.append((ev, SDO.endDate, Literal(t.event_end, datatype=XSD.date)))
    if name.virtual:
        triples.append((ev, TG.virtual, Literal(True)))
    if name.place:
        node, ptriples = _gazetteer_place(name.place)
        triples.append((ev, SDO.location, node))
        triples.extend(ptriples)
    return ev, name, triples


def _datetime(date: str, time: str, place: Place | None) -> Literal:
    """xsd:dateTime in the event city's zone when the gazetteer knows it, else local (no offset)."""
    value = dt.datetime.fromisoformat(f"{date}T{time}")
    if place is not None and place.tz and place.kind == "city":
        value = value.replace(tzinfo=ZoneInfo(place.tz))
    return Literal(value.isoformat(timespec="seconds"), datatype=XSD.dateTime)


def _topic(work: URIRef, hit) -> Iterator[Triple]:
    """schema:about, plus a qualified annotation with the field, rule and confidence behind it."""
    concept = URIRef(hit.concept)
    yield work, SDO.about, concept
    if hit.candidate:
        # Keyphrases outside the curated scheme are typed as candidates, never mixed into it.
        yield concept, RDF.type, SKOS.Concept
        yield concept, RDF.type, TG.CandidateConcept
        yield concept, SKOS.prefLabel, Literal(hit.label, lang="en")
        yield concept, TG.matchKey, Literal(fold_label(hit.label))  # as the scheme's labels (store.scheme)
    # One annotation per concept and provenance: what the source labelled (tags, track) stays apart from what
    # the tagger read in the text, so either can be asked for (tg:textField says which).
    kind = "tag-topic" if is_source_field(hit.text_field) else "topic"
    note = URIRef(f"{work}#{kind}-{concept.rsplit('/', 1)[-1]}")
    yield note, RDF.type, TG.TopicAnnotation
    yield note, TG.annotates, work
    yield note, TG.topic, concept
    # Where the topic was read, by which rule and how sure; no character span: a topic is one per concept
    # (its best mention of several), and its span was two of nine triples per topic that nothing read.
    yield note, TG.textField, Literal(hit.text_field)
    yield note, TG.rule, Literal(hit.rule)
    yield note, TG.confidence, Literal(round(hit.confidence, 3), datatype=XSD.decimal)


def _talk(t: Talk, rid: str) -> Iterator[Triple]:
    title = iris.checked_label(t.title, record=rid, what="talk title")
    if not title:
        return
    work = iris.talk(title)
    yield work, RDF.type, TG.Talk
    yield work, SDO.name, Literal(title)
    yield work, TG.nameKey, Literal(fold_key(title))
    if t.abstract:
        yield work, SDO.abstract, Literal(t.abstract, lang="en")
    if t.audience:
        aud = URIRef(f"{work}#audience")
        yield work, SDO.audience, aud
        yield aud, RDF.type, SDO.Audience
        yield aud, SDO.audienceType, Literal(t.audience, lang="en")
    for objective in t.objectives:
        yield work, SDO.teaches, Literal(objective, lang="en")
    for hit in t.topic_hits:
        yield from _topic(work, hit)

    edition_label = " ".join(t.event.split()) if t.event else None
    edition = _edition(edition_label, rid, t) if edition_label else None
    edition_key = edition[1].key if edition else None
    occ = iris.occurrence(title, edition_key, t.start, date=t.date, session_id=t.session_id)
    yield occ, RDF.type, TG.TalkOccurrence
    yield occ, SDO.workPerformed, work
    yield occ, SDO.name, Literal(title)
    place = None
    if edition:
        ev, name, etriples = edition
        yield from etriples
        yield occ, SDO.superEvent, ev
        place = name.place
    if t.date:
        try:
            dt.date.fromisoformat(t.date)
        except ValueError as exc:
            raise RecordError(f"talk {title!r}: date {t.date!r} is not ISO 8601", record=rid, field="date") from exc
        yield occ, TG.date, Literal(t.date, datatype=XSD.date)
    for prop, dprop, value in ((TG.startTime, SDO.startDate, t.start), (TG.endTime, SDO.endDate, t.end)):
        if not value:
            continue
        try:
            clock = dt.time.fromisoformat(value)
        except ValueError as exc:
            raise RecordError(f"talk {title!r}: time {value!r} is not HH:MM", record=rid, field="time") from exc
        yield occ, prop, Literal(clock.isoformat(timespec="seconds"), datatype=XSD.time)
        if t.date and not t.utc_offset:
            yield occ, dprop, _datetime(t.date, clock.isoformat(timespec="minutes"), place)
    if t.date and t.utc_offset:
        yield from _offset_dates(occ, t)
    yield from _schedule_details(occ, t)
    if t.track:
        yield occ, TG.track, Literal(t.track)
    if t.kind:
        yield occ, TG.sessionKind, Literal(t.kind)
    for speaker in t.speakers:
        speaker_name = iris.checked_label(speaker, record=rid, what="speaker")
        if not speaker_name:
            continue
        s = iris.person(speaker_name)
        yield from _person(s, speaker_name)
        yield occ, SDO.performer, s
        role_name = t.speaker_roles.get(speaker, "speaker")
        r = iris.session_role(occ, speaker_name, role_name)
        yield s, CONF.holdsRole, r
        yield r, RDF.type, CONF.RoleDuringEvent
        yield r, CONF.isHeldBy, s
        yield r, CONF.withRole, _ROLES.get(role_name, TG.Speaker)
        yield r, CONF.during, occ


def _offset_dates(occ: URIRef, t: Talk) -> Iterator[Triple]:
    """Start and end as xsd:dateTime with the record's UTC offset (an end before the start is on the next day)."""
    if not (t.date and t.start and t.utc_offset):
        return
    start = _stamp(t.date, t.start, t.utc_offset)
    if start is None:
        return
    yield occ, SDO.startDate, Literal(start.isoformat(timespec="seconds"), datatype=XSD.dateTime)
    end = _stamp(t.date, t.end, t.utc_offset) if t.end else None
    if end is not None:
        if end < start:
            end += dt.timedelta(days=1)
        yield occ, SDO.endDate, Literal(end.isoformat(timespec="seconds"), datatype=XSD.dateTime)


def _stamp(date: str, clock: str, offset: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(f"{date}T{clock}{offset}")
    except ValueError:
        return None


def _schedule_details(occ: URIRef, t: Talk) -> Iterator[Triple]:
    """Room, language, duration, time zone, licence and links of one occurrence."""
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
        yield occ, SDO.license, URIRef(lic) if URL_RE.match(lic) else Literal(lic)
    for kind, url in t.links:
        if URL_RE.match(url):
            yield occ, _LINKS.get(kind, SDO.relatedLink), URIRef(url)
