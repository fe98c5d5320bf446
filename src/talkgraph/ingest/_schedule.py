"""Schedule sessions (frab, pretalx and their kin) to extraction records: one record per session."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..errors import IssueReport, Level
from ..records.model import ExtractionRecord, Person, Talk
from . import Imported, content_hash
from ._fields import MAX_LABEL, MAX_TEXT, URL_RE, bcp47, iso_duration, split_datetime, split_speakers

__all__ = ["Session", "Edition", "session_record", "link_kind", "SessionIds", "json_container", "checked_entries"]


@dataclass(frozen=True)
class Edition:
    """What a schedule file says about its edition as a whole (each value None when it says nothing)."""

    start: str | None = None  # ISO date
    end: str | None = None
    acronym: str | None = None
    place: str | None = None

    @classmethod
    def of(cls, start: object, end: object, acronym: object, place: object) -> "Edition":
        def day(v):
            return v[:10] if isinstance(v, str) and re.match(r"^\d{4}-\d\d-\d\d", v) else None

        def text(v):
            return " ".join(v.split())[:MAX_LABEL] if isinstance(v, str) and v.strip() else None

        return cls(day(start), day(end), text(acronym), text(place))



@dataclass
class Session:
    """One schedule entry, normalised from whichever format it came in."""

    sid: str
    title: str | None
    when: str | None = None  # ISO datetime, offset included when the source has it
    day: str | None = None  # the schedule day's date, when ``when`` is missing
    start: str | None = None  # HH:MM, when ``when`` is missing
    duration_s: int | None = None
    end_when: str | None = None
    room: str | None = None
    track: str | None = None
    kind: str | None = None
    language: str | None = None
    subtitle: str | None = None
    abstract: str | None = None
    description: str | None = None
    persons: list[tuple[str, str | None, str]] = field(default_factory=list)  # (name, biography, role)
    links: list[tuple[str, str]] = field(default_factory=list)
    license: str | None = None


_SLIDES = re.compile(r"slide|speakerdeck|slideshare|folien|\.pdf\b|\bdeck\b")


def link_kind(label: str, url: str) -> str:
    """"slides", "video" or "related" for a link of a session or video, by its label and URL."""
    text = f"{label} {url}".casefold()
    if _SLIDES.search(text):
        return "slides"
    if any(w in text for w in ("video", "recording", "youtube", "youtu.be", "vimeo", "media.ccc.de")):
        return "video"
    return "related"


def good_url(url: object) -> str | None:
    return url.strip() if isinstance(url, str) and URL_RE.match(url.strip()) else None


def json_container(value: object, kind: type[list] | type[dict], report: IssueReport, rid: str, what: str) -> list | dict:
    """``value`` when it is a ``kind`` (list or dict); empty when it is absent, and when it is
    something else, reported ("'days' should be a list, got str") as an invalid record."""
    if isinstance(value, kind):
        return value
    if value is not None:
        article = "a list" if kind is list else "an object"
        report.add(Level.ERROR, "invalid-record", rid, f"{what} should be {article}, got {type(value).__name__}")
    return kind()


def checked_entries(container: list | dict, kind: type, report: IssueReport, rid: str,
                    problem: Callable[[Any], str]) -> Iterator[tuple[Any, Any]]:
    """The (key, value) entries of a JSON object, or (index, item) of a list, whose value is a ``kind``.

    Every other entry is reported as an invalid record, ``problem(key)`` saying which, and skipped.
    """
    for key, value in container.items() if isinstance(container, dict) else enumerate(container):
        if isinstance(value, kind):
            yield key, value
        else:
            report.add(Level.ERROR, "invalid-record", rid, problem(key))


class SessionIds:
    """Session ids of one file: a repeated id is reported and made unique (``id~2``), both sessions kept."""

    def __init__(self, report: IssueReport, rid: str):
        self.seen: dict[str, int] = {}
        self.report, self.rid = report, rid

    def unique(self, sid: str) -> str:
        n = self.seen.get(sid, 0) + 1
        self.seen[sid] = n
        if n == 1:
            return sid
        self.report.add(Level.WARNING, "duplicate-id", f"{self.rid}#{sid}",
                        f"session id {sid!r} used {n} times; this one kept as {sid}~{n}")
        return f"{sid}~{n}"


@lru_cache(maxsize=4096)
def _career(name: str, bio: str):
    from ..extract.career import read_career

    return read_career(name, None, bio)


def session_record(s: Session, *, event: str | None, time_zone: str | None, file_key: str, rid: str,
                   report: IssueReport, layout: str, raw: object, session_prefix: str,
                   read_bios: bool = False, edition: Edition | None = None) -> Imported | None:
    """The Imported record of one session; None (reported) for a session without a title."""
    record_id = f"{rid}#{s.sid}"
    title = " ".join((s.title or "").split())[:MAX_LABEL]
    if not title:
        report.add(Level.ERROR, "invalid-record", record_id, "session has no title; skipped")
        return None
    date, start, offset = split_datetime(s.when)
    if date is None:
        date, start = (s.day if s.day and re.fullmatch(r"\d{4}-\d\d-\d\d", s.day) else None), s.start
        if s.when:
            report.add(Level.WARNING, "repaired", record_id, f"date {s.when[:40]!r} is not ISO 8601; day and start used")
    if start and not re.fullmatch(r"\d\d:\d\d", start):
        report.add(Level.WARNING, "repaired", record_id, f"start {start[:20]!r} is not HH:MM; dropped")
        start = None
    end = None
    if s.end_when:
        end_date, end, _ = split_datetime(s.end_when)
    if end is None and start and s.duration_s:
        clock = dt.datetime.fromisoformat(f"2000-01-01T{start}") + dt.timedelta(seconds=s.duration_s)
        end = clock.strftime("%H:%M")
    duration = iso_duration(s.duration_s)
    if duration is None and s.end_when and s.when:
        try:
            seconds = (dt.datetime.fromisoformat(s.end_when) - dt.datetime.fromisoformat(s.when)).total_seconds()
            duration = iso_duration(seconds)
        except ValueError:
            pass
    names = split_speakers([p[0] for p in s.persons], report=report, record=record_id)
    bios = {p[0]: p[1] for p in s.persons if p[1]}
    roles = {p[0]: p[2] for p in s.persons}
    people = []
    for name in names:
        bio = bios.get(name)
        person = Person(name=name)
        if read_bios and bio:
            affs, edu = _career(name, bio[:MAX_TEXT])
            person.affiliations, person.education = list(affs), list(edu)
        people.append(person)
    abstract = "\n\n".join(x for x in (s.abstract, s.description) if x)[:MAX_TEXT] or None
    talk = Talk(title=title, event=event, date=date, start=start, end=end, speakers=names, track=s.track,
                subtitle=s.subtitle, abstract=abstract, kind=s.kind, session_id=f"{session_prefix}:{s.sid}",
                room=s.room,
                language=bcp47(s.language), duration=duration, utc_offset=offset, time_zone=time_zone,
                links=list(dict.fromkeys(s.links)), license=s.license,
                speaker_roles={n: roles[n] for n in names if roles.get(n) not in (None, "speaker")})
    if edition is not None:
        talk.event_start, talk.event_end = edition.start, edition.end
        talk.event_acronym, talk.event_place = edition.acronym, edition.place
    record = ExtractionRecord(source=record_id, people=people, talks=[talk])
    return Imported(record, key=f"{file_key}#{s.sid}", sha256=content_hash(raw, event, time_zone, read_bios, edition),
                    layout=layout, group=f"{file_key}#")
