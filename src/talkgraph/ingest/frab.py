"""frab / pentabarf schedule XML and frab schedule JSON (https://github.com/voc/schedule): one record per session.

XML is parsed without a DTD, entities or network (lxml ``resolve_entities=False,
no_network=True, load_dtd=False``), and a file with a DOCTYPE or entity declaration is
refused outright; the refusal looks at the decoded text, so an encoding (UTF-16...) cannot hide it.
A file that does not parse (malformed mid-way, or truncated) is one failed record naming the line:
none of its sessions is added, replaced or removed.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..records.sources import decode_strict, read_capped
from ..errors import IssueReport, Level, RecordError
from . import Imported, record_key
from ._fields import MAX_LABEL, MAX_TEXT, Fields, hhmm_seconds, parse_json, refuse_remote_context
from ._schedule import Edition, Session, SessionIds, checked_entries, good_url, json_container, link_kind, session_record

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings

__all__ = ["FrabXml", "FrabJson", "read_schedule_bytes", "iter_frab_json_sessions", "MAX_SCHEDULE_BYTES"]

MAX_SCHEDULE_BYTES = 64 * 1024 * 1024
_DOCTYPE_TEXT = re.compile(r"<!\s*(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST)", re.I)
_XML_DECL = re.compile(r"^\ufeff?\s*<\?xml\b[^>]*\?>")
_DECL_ENCODING = re.compile(rb"^\s*<\?xml\b[^>]*\bencoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")


def _head_as_utf8(head: bytes) -> bytes:
    """The first bytes of a file as UTF-8 when they are UTF-16 (by BOM or zero bytes), for sniffing."""
    for marker, enc in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"<\x00", "utf-16-le"),
                        (b"\x00<", "utf-16-be")):
        if head.startswith(marker):
            body = head[2:] if marker in (b"\xff\xfe", b"\xfe\xff") else head
            return body[: len(body) // 2 * 2].decode(enc, errors="ignore").encode("utf-8")
    return head


def decode_xml(data: bytes, *, record: str, encoding: str | None = None) -> str:
    """XML bytes as text: by BOM, else ``encoding``, else the declared encoding, else UTF-8 (or UTF-16 by its
    zero bytes); the XML declaration is dropped (the text is re-encoded as UTF-8 for the parser)."""
    if encoding is None and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        if data[:2] == b"<\x00":
            encoding = "utf-16-le"
        elif data[:2] == b"\x00<":
            encoding = "utf-16-be"
        else:
            declared = _DECL_ENCODING.match(data)
            encoding = declared.group(1).decode("ascii") if declared else None
    text = decode_strict(data, record=record, encoding=encoding)[0]
    return _XML_DECL.sub("", text, count=1).lstrip("\ufeff")
_ROLES = {"host": "host", "moderator": "moderator", "panelist": "panelist"}


def read_schedule_bytes(path: Path) -> bytes:
    data = read_capped(path, MAX_SCHEDULE_BYTES, what="a schedule", hint="")
    if not data.strip():
        raise RecordError("file is empty", record=str(path))
    return data


# ---- XML ---------------------------------------------------------------------------------------
class FrabXml:
    name = "frab-xml"
    description = "frab/pentabarf schedule XML (<schedule><conference/><day><room><event>...)"

    def sniff(self, path: Path, head: bytes) -> bool:
        head = _head_as_utf8(head)
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        return text.startswith(b"<") and b"<schedule" in head and b"<html" not in head[:2048].lower()

    def read(self, path: str | Path, settings: "Settings", report: IssueReport) -> Iterator[Imported]:
        from lxml import etree

        path = Path(path)
        rid = str(path)
        text = decode_xml(read_schedule_bytes(path), record=rid, encoding=settings.encoding)
        doctype = _DOCTYPE_TEXT.search(text)
        if doctype:  # looked for in the decoded text, so no encoding hides it
            raise RecordError("XML with a DOCTYPE or entity declaration; refused (no DTDs or entity expansion)",
                              record=rid, line=text[: doctype.start()].count("\n") + 1)
        kw = dict(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                  remove_comments=True, remove_pis=True, huge_tree=False)
        try:
            root = etree.fromstring(text.encode("utf-8"), etree.XMLParser(encoding="utf-8", **kw))
        except etree.XMLSyntaxError as exc:
            # All or nothing: a schedule broken mid-way adds no session and removes none.
            raise RecordError(f"malformed or truncated XML: {exc.msg}; no session of this file was read "
                              "(the graph keeps what it had from it)", record=rid, line=exc.lineno) from exc
        if root.tag != "schedule":
            raise RecordError(f"root element is <{root.tag}>, expected <schedule>", record=rid)
        conf = root.find("conference")
        event = _text(conf, "title") if conf is not None else None
        tz = _text(conf, "time_zone_name") if conf is not None else None
        acronym = (_text(conf, "acronym") if conf is not None else None) or path.stem
        edition = (Edition.of(_text(conf, "start"), _text(conf, "end"), _text(conf, "acronym"),
                              _text(conf, "city") or _text(conf, "location")) if conf is not None else None)
        ids = SessionIds(report, rid)
        events = [(day, ev) for day in root.iter("day") for ev in day.iter("event")]
        key = record_key(path)
        for day, ev in events:
            s = _xml_session(ev, day, ids)
            raw = etree.tostring(ev, encoding="utf-8")
            item = session_record(s, event=event, time_zone=tz, file_key=key, rid=rid, report=report,
                                  layout=self.name, raw=raw, session_prefix=f"frab:{acronym}", edition=edition)
            if item is not None:
                yield item


def _text(node, tag: str, max_len: int = MAX_LABEL) -> str | None:
    if node is None:
        return None
    child = node.find(tag)
    if child is None:
        return None
    text = "".join(child.itertext()).strip()
    return text[:max_len] or None


def _xml_session(ev, day, ids: SessionIds) -> Session:
    sid = ids.unique(ev.get("guid") or ev.get("id") or _text(ev, "slug") or f"pos{ev.sourceline}")
    persons: list[tuple[str, str | None, str]] = []
    for p in ev.iterfind("persons/person"):
        name = "".join(p.itertext()).strip()[:MAX_LABEL]
        persons.append((name, None, _ROLES.get((p.get("role") or "").casefold(), "speaker")))
    links = []
    for link in [*ev.iterfind("links/link"), *ev.iterfind("attachments/attachment")]:
        url = good_url(link.get("href"))
        if url:
            links.append((link_kind("".join(link.itertext()), url), url))
    page = good_url(_text(ev, "url"))
    if page:
        links.insert(0, ("page", page))
    recording = ev.find("recording")
    return Session(
        sid=sid, title=_text(ev, "title"), when=_text(ev, "date"), day=day.get("date"), start=_text(ev, "start"),
        duration_s=hhmm_seconds(_text(ev, "duration")), room=_text(ev, "room") or ev.getparent().get("name"),
        track=_text(ev, "track"), kind=_text(ev, "type"), language=_text(ev, "language"),
        subtitle=_text(ev, "subtitle", MAX_TEXT),
        abstract=_text(ev, "abstract", MAX_TEXT), description=_text(ev, "description", MAX_TEXT),
        persons=persons, links=links, license=_text(recording, "license") if recording is not None else None)


# ---- JSON --------------------------------------------------------------------------------------
class FrabJson:
    name = "frab-json"
    description = "frab schedule JSON (schedule.conference.days[].rooms{room: [sessions]})"

    def sniff(self, path: Path, head: bytes) -> bool:
        return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") and b'"schedule"' in head and (
            b'"conference"' in head or b'"events"' in head)

    def read(self, path: str | Path, settings: "Settings", report: IssueReport, *,
             read_bios: bool = False, layout: str | None = None) -> Iterator[Imported]:
        path = Path(path)
        rid = str(path)
        data = read_schedule_bytes(path)
        obj = parse_json(decode_strict(data, record=rid, encoding=settings.encoding)[0], record=rid)
        refuse_remote_context(obj, record=rid)
        sched = obj.get("schedule") if isinstance(obj, dict) else None
        if not isinstance(sched, dict):
            raise RecordError("no 'schedule' object at the top level", record=rid, field="schedule")
        conf = given if isinstance(given := sched.get("conference"), dict) else {}
        f = Fields(conf, report=report, record=rid)
        event, tz = f.text("title"), f.text("time_zone_name")
        acronym = f.text("acronym") or path.stem
        edition = Edition.of(conf.get("start"), conf.get("end"), conf.get("acronym"),
                             conf.get("city") or conf.get("location"))
        key = record_key(path)
        for s, raw in iter_frab_json_sessions(sched, report, rid):
            item = session_record(s, event=event, time_zone=tz, file_key=key, rid=rid, report=report,
                                  layout=layout or self.name, raw=raw, session_prefix=f"frab:{acronym}",
                                  read_bios=read_bios, edition=edition)
            if item is not None:
                yield item


def iter_frab_json_sessions(sched: dict, report: IssueReport, rid: str) -> Iterator[tuple[Session, dict]]:
    """Sessions of a frab JSON schedule (``conference.days[].rooms``, or the v2 ``events`` list)."""
    ids = SessionIds(report, rid)
    conf = given if isinstance(given := sched.get("conference"), dict) else {}
    days = json_container(conf.get("days"), list, report, rid, "'conference.days'")
    for _, day in checked_entries(days, dict, report, rid, lambda _: "a day that is not an object; skipped"):
        rooms = day.get("rooms")
        if not isinstance(rooms, dict) and isinstance(sched.get("events"), list):
            continue  # schedule v2: rooms are described here, sessions are in "events"
        if not isinstance(rooms, dict):
            report.add(Level.ERROR, "invalid-record", rid, f"day {str(day.get('date'))[:20]!r}: 'rooms' is not an object; skipped")
            continue
        for room, sessions in checked_entries(rooms, list, report, rid,
                                              lambda room: f"room {room[:40]!r}: sessions are not a list; skipped"):
            for ev in sessions:
                s = _json_session(ev, report, rid, ids, day=day.get("date"), room=room)
                if s is not None:
                    yield s, ev
    events = sched.get("events")
    if isinstance(events, list):  # schedule v2 (hub)
        for ev in events:
            s = _json_session(ev, report, rid, ids, day=None, room=None)
            if s is not None:
                yield s, ev


def _json_session(ev: object, report: IssueReport, rid: str, ids: SessionIds, *, day, room) -> Session | None:
    if not isinstance(ev, dict):
        report.add(Level.ERROR, "invalid-record", rid, f"a session that is not an object ({type(ev).__name__}); skipped")
        return None
    raw_id = ev.get("guid") or ev.get("id") or ev.get("code") or ev.get("slug")
    if not isinstance(raw_id, (str, int)) or isinstance(raw_id, bool) or raw_id == "":
        raw_id = f"pos{ids.seen.get('__pos__', 0)}"
        ids.seen["__pos__"] = ids.seen.get("__pos__", 0) + 1
        report.add(Level.WARNING, "repaired", rid, f"session without an id; keyed by position as {raw_id}")
    sid = ids.unique(str(raw_id)[:200])
    f = Fields(ev, report=report, record=f"{rid}#{sid}")
    persons = []
    for p in f.items("persons", dict) + f.items("participants", dict):
        name = f.text("public_name", obj=p) or f.text("name", obj=p) or f.text("full_public_name", obj=p)
        bio = f.text("biography", max_len=MAX_TEXT, obj=p)
        if name:
            persons.append((name, bio, _ROLES.get(str(p.get("role") or "").casefold(), "speaker")))
        else:
            report.add(Level.WARNING, "rejected-name", f"{rid}#{sid}", "a person without a name; left out")
    links = []
    for link in f.items("links", dict) + f.items("attachments", dict):
        url = good_url(link.get("url") or link.get("href"))
        if url:
            label = link.get("title") or link.get("type") or ""
            links.append((link_kind(label if isinstance(label, str) else "", url), url))
    page = good_url(ev.get("url"))
    if page:
        links.insert(0, ("page", page))
    room_value = ev.get("room")
    if isinstance(room_value, dict):
        room_value = room_value.get("name")
    track = ev.get("track")
    if isinstance(track, dict):
        track = track.get("name") or track.get("slug")
    duration = ev.get("duration")
    duration_s = (hhmm_seconds(duration) if isinstance(duration, str)
                  else int(duration) * 60 if isinstance(duration, (int, float)) and not isinstance(duration, bool) else None)
    when = ev.get("date") or ev.get("start") if isinstance(ev.get("date") or ev.get("start"), str) else None
    start = ev.get("start") if isinstance(ev.get("start"), str) and len(ev["start"]) <= 5 else None
    if when == start:
        when = None
    return Session(
        sid=sid, title=f.text("title"), when=when, day=day if isinstance(day, str) else None, start=start,
        duration_s=duration_s, end_when=ev.get("end") if isinstance(ev.get("end"), str) and len(ev["end"]) > 5 else None,
        room=(room_value if isinstance(room_value, str) else room or None),
        track=track if isinstance(track, str) and track else None, kind=f.text("type"), language=f.text("language"),
        subtitle=f.text("subtitle", max_len=MAX_TEXT),
        abstract=f.text("abstract", max_len=MAX_TEXT), description=f.text("description", max_len=MAX_TEXT),
        persons=persons, links=links, license=f.text("recording_license"))
