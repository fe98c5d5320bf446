"""The extraction record (docs/extraction-record.md, version 1): talkgraph's typed view of one source record."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Affiliation", "Education", "Person", "Talk", "ExtractionRecord", "SCHEMA_VERSION", "URL_RE"]

SCHEMA_VERSION = 1
URL_RE = re.compile(r"""^https?://[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef]{1,2000}$""")
"""What a talk's link or licence URL may be: http(s) of RFC 3987 characters only (an IRI as written)."""


@dataclass
class Affiliation:
    """An organisation a person worked for or founded, as the record names it."""

    organization: str
    role: str | None = None
    current: bool | None = None
    place: str | None = None
    # Beyond schema v1 (kept in RDF, not in the JSON view):
    start_year: int | None = None
    end_year: int | None = None
    other_names: list[str] = field(default_factory=list)
    evidence: "Evidence | None" = None
    confidence: float | None = None  # how sure the reader is (0..1); None: given by a structured source

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"organization": self.organization, "role": self.role,
                               "current": self.current, "place": self.place}
        conf = self.confidence if self.confidence is not None else (self.evidence.confidence if self.evidence else None)
        if conf is not None:
            out["confidence"] = round(conf, 3)
        return out


@dataclass
class Education:
    degree: str | None = None
    institution: str | None = None
    evidence: "Evidence | None" = None

    def to_json(self) -> dict[str, Any]:
        return {"degree": self.degree, "institution": self.institution}


@dataclass(frozen=True)
class Evidence:
    """Where an extracted fact came from: character span in a named text, the rule, a confidence."""

    text_field: str
    start: int
    end: int
    rule: str
    confidence: float


@dataclass
class Person:
    name: str
    headline: str | None = None
    affiliations: list[Affiliation] = field(default_factory=list)
    education: list[Education] = field(default_factory=list)
    confidence: float | None = None  # how sure the reader is that this is a person of the record (0..1)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "headline": self.headline,
                               "affiliations": [a.to_json() for a in self.affiliations],
                               "education": [e.to_json() for e in self.education]}
        if self.confidence is not None:
            out["confidence"] = round(self.confidence, 3)
        return out


@dataclass
class Talk:
    """One talk occurrence: a title given at an event, on a date, in a time slot."""

    title: str
    event: str | None = None
    date: str | None = None  # ISO 8601 date
    start: str | None = None  # HH:MM, 24 h
    end: str | None = None
    speakers: list[str] = field(default_factory=list)
    track: str | None = None
    audience: str | None = None
    objectives: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    abstract: str | None = None  # not in schema v1 JSON; kept for RDF and topics
    subtitle: str | None = None  # schedule subtitle; not in schema v1 JSON; read by the topic tagger
    kind: str | None = None  # "Tutorial", "Workshop"... as the page labels it
    speaker_roles: dict[str, str] = field(default_factory=dict)  # name -> "host", "panelist"... when stated
    topic_hits: list = field(default_factory=list)  # extract.topics.TopicHit, with spans and confidence
    # Schedule and archive details (ingest), mapped by rdf/mapping.py; not in schema v1 JSON.
    session_id: str | None = None  # the source's own id for this session: one occurrence per id
    room: str | None = None
    language: str | None = None  # BCP 47 ("en", "de")
    duration: str | None = None  # xsd:duration ("PT30M")
    utc_offset: str | None = None  # "+01:00": date/start/end are local times at this offset
    time_zone: str | None = None  # IANA name when the source gives it ("Europe/Berlin")
    links: list[tuple[str, str]] = field(default_factory=list)  # (kind, URL); kind: video, slides, page, related
    license: str | None = None
    # The edition as a schedule states it (ingest; not in schema v1 JSON): its dates, acronym and place.
    event_start: str | None = None  # ISO date the edition began
    event_end: str | None = None
    event_acronym: str | None = None  # "31c3"
    event_place: str | None = None  # a city or venue named by the schedule
    confidence: float | None = None  # how sure the reader is that this is a talk occurrence (0..1)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"title": self.title, "event": self.event, "date": self.date, "start": self.start,
                               "end": self.end, "speakers": list(self.speakers), "track": self.track,
                               "audience": self.audience, "objectives": list(self.objectives),
                               "topics": list(self.topics)}
        if self.confidence is not None:
            out["confidence"] = round(self.confidence, 3)
        return out


@dataclass
class ExtractionRecord:
    """What talkgraph understood from one source record, before it becomes RDF."""

    source: str
    people: list[Person] = field(default_factory=list)
    talks: list[Talk] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    mention_evidence: dict[str, Evidence] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The schema v1 JSON object, keys in the documented order."""
        return {"source": self.source, "people": [p.to_json() for p in self.people],
                "talks": [t.to_json() for t in self.talks], "mentions": list(self.mentions)}

    def to_json_line(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False)

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> "ExtractionRecord":
        """Read a schema v1 object (e.g. a record fixed by hand); unknown keys are ignored."""
        people = [Person(name=p["name"], headline=p.get("headline"),
                         affiliations=[Affiliation(**{k: a.get(k) for k in ("organization", "role", "current", "place")})
                                       for a in p.get("affiliations") or []],
                         education=[Education(degree=e.get("degree"), institution=e.get("institution"))
                                    for e in p.get("education") or []])
                  for p in obj.get("people") or []]
        talks = [Talk(**{k: t.get(k) for k in ("title", "event", "date", "start", "end", "track", "audience")},
                      speakers=list(t.get("speakers") or []), objectives=list(t.get("objectives") or []),
                      topics=list(t.get("topics") or []))
                 for t in obj.get("talks") or []]
        return cls(source=obj.get("source", ""), people=people, talks=talks,
                   mentions=list(obj.get("mentions") or []))
