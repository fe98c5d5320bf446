"""The extraction record itself (``docs/extraction-record.md``): ``.json`` (one object or a list) and ``.jsonl``.

So a user can fix what talkgraph extracted by hand and rebuild. Every field is type-checked:
a wrong type is dropped and reported, a record without a usable person or talk is skipped,
and a JSON-LD ``@context`` naming a document (remote or ``file:``) is refused. Beyond schema
v1, a talk may carry the importer fields (``room``, ``language``, ``duration``, ``utc_offset``,
``time_zone``, ``links``, ``license``, ``session_id``, ``kind``, ``abstract``).

Keys: a file holding one object is one record keyed by the file's path; a list or a JSON Lines
file gives ``path#<source>`` when every record has a distinct ``source``, else ``path#<n>``
(1-based position).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

from ..records.sources import decode_strict
from ..errors import IssueReport, Level, RecordError
from ..records.model import Affiliation, Education, ExtractionRecord, Person, Talk
from . import Imported, content_hash, record_key
from ._fields import MAX_LABEL, MAX_TEXT, Fields, parse_json, refuse_remote_context
from .frab import read_schedule_bytes

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings

__all__ = ["RecordsJson", "record_from_json"]

_RECORD_KEYS = frozenset({"source", "people", "talks", "mentions", "@context", "version"})
_PERSON_KEYS = frozenset({"name", "headline", "affiliations", "education", "confidence"})
_TALK_KEYS = frozenset({"title", "event", "date", "start", "end", "speakers", "track", "audience", "objectives",
                        "topics", "abstract", "kind", "session_id", "room", "language", "duration", "utc_offset",
                        "time_zone", "links", "license", "confidence"})
_NOBODY = re.compile(r"^(?:various(?:\s+\w+)?|tbd|tba|n/?a|unknown|speakers?)$", re.I)


class RecordsJson:
    name = "records-json"
    description = "extraction records (docs/extraction-record.md): .json object or list, or .jsonl, e.g. fixed by hand"

    def sniff(self, path: Path, head: bytes) -> bool:
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        return text[:1] in (b"{", b"[") and b'"source"' in head and (b'"people"' in head or b'"talks"' in head)

    def read(self, path: str | Path, settings: "Settings", report: IssueReport) -> Iterator[Imported]:
        path = Path(path)
        rid = str(path)
        text = decode_strict(read_schedule_bytes(path), record=rid, encoding=settings.encoding)[0]
        stripped = text.lstrip()
        objects: list[tuple[int, Any]] = []
        if path.suffix.casefold() == ".jsonl" or (stripped.startswith("{") and "\n{" in stripped.rstrip()
                                                  and _is_lines(stripped)):
            for n, line in enumerate(text.splitlines(), 1):
                if line.strip():
                    try:
                        objects.append((n, parse_json(line, record=f"{rid}:{n}")))
                    except RecordError as exc:
                        report.add(Level.ERROR, "invalid-record", rid, exc.reason, line=n)
            single = False
        else:
            obj = parse_json(text, record=rid)
            single = isinstance(obj, dict)
            objects = [(1, obj)] if single else list(enumerate(obj, 1)) if isinstance(obj, list) else []
            if not objects and not single:
                raise RecordError(f"expected a record object or a list of them, got {type(obj).__name__}", record=rid)
        sources = [o.get("source") for _, o in objects if isinstance(o, dict)]
        by_source = len(sources) == len(objects) and all(isinstance(s, str) and s for s in sources) \
            and len(set(sources)) == len(sources)
        key = record_key(path)
        for n, obj in objects:
            where = rid if single else f"{rid}#{n}"
            try:
                refuse_remote_context(obj, record=where)
                record = record_from_json(obj, record=where, report=report)
            except RecordError as exc:
                report.add(Level.ERROR, "invalid-record", where, exc.reason, line=None if single else n)
                continue
            if single:
                yield Imported(record, key=key, sha256=content_hash(obj), layout=self.name)
            else:
                suffix = obj["source"] if by_source else str(n)
                yield Imported(record, key=f"{key}#{suffix}", sha256=content_hash(obj), layout=self.name,
                               group=f"{key}#")


def _is_lines(text: str) -> bool:
    first = text.split("\n", 1)[0].strip()
    return first.startswith("{") and first.endswith("}")


def record_from_json(obj: Any, *, record: str, report: IssueReport) -> ExtractionRecord:
    """A checked ExtractionRecord from one JSON object; bad fields are dropped and reported.

    Raises
    ------
    RecordError
        When ``obj`` is not an object, or has neither a usable person nor a usable talk.
    """
    if not isinstance(obj, dict):
        raise RecordError(f"expected a record object, got {type(obj).__name__}", record=record)
    f = Fields(obj, report=report, record=record, known=_RECORD_KEYS)
    people = [p for p in (_person(x, record, report) for x in f.items("people", dict)) if p]
    talks = [t for t in (_talk(x, record, report) for x in f.items("talks", dict)) if t]
    if not people and not talks:
        raise RecordError("no usable person or talk in the record", record=record)
    mentions = [m.strip() for m in f.items("mentions", str) if m.strip() and len(m) <= MAX_LABEL]
    return ExtractionRecord(source=f.text("source") or record, people=people, talks=talks, mentions=mentions)


def _ok_name(name: str | None, record: str, report: IssueReport) -> TypeGuard[str]:
    if not name or _NOBODY.match(name):
        report.add(Level.WARNING, "rejected-name", record, f"person name {name!r} names nobody; left out")
        return False
    return True


def _person(obj: dict, record: str, report: IssueReport) -> Person | None:
    f = Fields(obj, report=report, record=record, known=_PERSON_KEYS)
    name = f.text("name")
    if not _ok_name(name, record, report):
        return None
    affs = []
    for a in f.items("affiliations", dict):
        org = f.text("organization", obj=a)
        if not org:
            report.add(Level.WARNING, "repaired", record, f"{name}: an affiliation without an organization; dropped")
            continue
        current = a.get("current")
        if current is not None and not isinstance(current, bool):
            report.add(Level.WARNING, "repaired", record, f"{name}: 'current' {current!r} is not true/false/null; dropped")
            current = None
        affs.append(Affiliation(organization=org, role=f.text("role", obj=a), current=current,
                                place=f.text("place", obj=a),
                                confidence=_confidence(a, f"{name}: affiliation {org!r}", record, report)))
    edu = [Education(degree=f.text("degree", obj=e), institution=f.text("institution", obj=e))
           for e in f.items("education", dict)]
    return Person(name=name, headline=f.text("headline"), affiliations=affs,
                  education=[e for e in edu if e.degree or e.institution],
                  confidence=_confidence(obj, f"person {name!r}", record, report))


def _confidence(obj: dict, what: str, record: str, report: IssueReport) -> float | None:
    """The optional ``confidence`` (a number from 0 to 1, as ``talkgraph extract`` prints it)."""
    value = obj.get("confidence")
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1:
        return float(value)
    report.add(Level.WARNING, "repaired", record, f"{what}: confidence {str(value)[:20]!r} is not a number "
                                                  "from 0 to 1; dropped")
    return None


def _talk(obj: dict, record: str, report: IssueReport) -> Talk | None:
    f = Fields(obj, report=report, record=record, known=_TALK_KEYS)
    title = f.text("title")
    if not title:
        report.add(Level.WARNING, "invalid-record", record, "a talk without a title; left out")
        return None
    date = f.text("date")
    if date:
        try:
            date = dt.date.fromisoformat(date).isoformat()
        except ValueError:
            report.add(Level.WARNING, "repaired", record, f"talk {title[:60]!r}: date {date[:30]!r} is not ISO 8601; dropped")
            date = None
    times = {}
    for key in ("start", "end"):
        value = f.text(key)
        if value and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
            report.add(Level.WARNING, "repaired", record, f"talk {title[:60]!r}: {key} {value[:20]!r} is not HH:MM; dropped")
            value = None
        times[key] = value
    speakers = []
    for s in f.items("speakers", str):
        s = " ".join(s.split())
        if _ok_name(s, record, report) and s not in speakers and len(s) <= MAX_LABEL:
            speakers.append(s)
    offset = f.text("utc_offset")
    if offset and not re.fullmatch(r"[+-]\d\d:\d\d", offset):
        report.add(Level.WARNING, "repaired", record, f"utc_offset {offset[:20]!r} is not ±HH:MM; dropped")
        offset = None
    duration = f.text("duration")
    if duration and not re.fullmatch(r"P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?", duration):
        report.add(Level.WARNING, "repaired", record, f"duration {duration[:20]!r} is not an xsd:duration; dropped")
        duration = None
    links = []
    for link in f.items("links", (list, dict)):
        kind, url = (link.get("kind"), link.get("url")) if isinstance(link, dict) else (link + [None, None])[:2]
        if isinstance(kind, str) and isinstance(url, str) and re.match(r"^https?://\S+$", url):
            links.append((kind, url))
    return Talk(title=title, event=f.text("event"), date=date, start=times["start"], end=times["end"],
                speakers=speakers, track=f.text("track"), audience=f.text("audience", max_len=MAX_TEXT),
                objectives=[o for o in f.items("objectives", str) if o.strip()],
                topics=[t for t in f.items("topics", str) if t.strip() and len(t) <= 200],
                abstract=f.text("abstract", max_len=MAX_TEXT), kind=f.text("kind"), session_id=f.text("session_id"),
                room=f.text("room"), language=f.text("language"), duration=duration, utc_offset=offset,
                time_zone=f.text("time_zone"), links=links, license=f.text("license"),
                confidence=_confidence(obj, f"talk {title[:60]!r}", record, report))
