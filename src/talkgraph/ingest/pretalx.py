"""pretalx schedule JSON: the frab-compatible export (with speaker biographies) and PyConFR-style derived JSON.

Speaker biographies go through the career extractor (``extract.career.read_career``), so a
pretalx schedule adds affiliations and education to the people it names.

The PyConFR-style file (``{"schedule": {date: {minute: {room_id: session}}}, "sprints": ...,
"rooms": [...], "speakers": {...}}``) has no event name: it is taken from the file's folder
(``pyconfr-2024-pretalx/schedule.json`` -> "PyConFR 2024"), and the build report says so.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..records.sources import decode_strict
from ..errors import IssueReport, Level, RecordError
from . import Imported, record_key
from ._fields import MAX_TEXT, Fields, parse_json, refuse_remote_context
from ._schedule import Session, SessionIds, checked_entries, good_url, json_container, link_kind, session_record
from .frab import FrabJson, read_schedule_bytes

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings

__all__ = ["Pretalx", "event_from_folder"]

_DERIVED = re.compile(rb'"schedule"\s*:\s*\{\s*"\d{4}-\d\d-\d\d"')
_NOISE = {"pretalx", "schedule", "frab", "export", "json", "program", "programme"}


class Pretalx:
    name = "pretalx"
    description = "pretalx schedule JSON (frab-style with biographies, or PyConFR-style derived JSON)"

    def sniff(self, path: Path, head: bytes) -> bool:
        if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
            return False
        if _DERIVED.search(head):
            return True
        return b'"schedule"' in head and b'"conference"' in head and (b'"biography"' in head or b"pretalx" in head)

    def read(self, path: str | Path, settings: "Settings", report: IssueReport) -> Iterator[Imported]:
        path = Path(path)
        data = read_schedule_bytes(path)
        if not _DERIVED.search(data[:65536]):
            yield from FrabJson().read(path, settings, report, read_bios=True, layout=self.name)
            return
        rid = str(path)
        obj = parse_json(decode_strict(data, record=rid, encoding=settings.encoding)[0], record=rid)
        refuse_remote_context(obj, record=rid)
        if not isinstance(obj, dict) or not isinstance(obj.get("schedule"), dict):
            raise RecordError("no 'schedule' object at the top level", record=rid, field="schedule")
        event = event_from_folder(path)
        report.add(Level.INFO, "event-from-path", rid, f"the file names no event; {event!r} taken from its path")
        rooms = {}
        for room in listed if isinstance(listed := obj.get("rooms"), list) else []:
            if isinstance(room, dict) and "id" in room:
                name = Fields(room, report=report, record=rid).text("name")
                if name:
                    rooms[str(room["id"])] = name
        ids = SessionIds(report, rid)
        key = record_key(path)
        for part, kind in (("schedule", None), ("sprints", "Sprint")):
            for s, raw in _derived_sessions(obj.get(part), rooms, kind, report, rid, ids):
                item = session_record(s, event=event, time_zone=None, file_key=key, rid=rid, report=report,
                                      layout=f"{self.name}-derived", raw=raw, session_prefix=f"pretalx:{event}",
                                      read_bios=True)
                if item is not None:
                    yield item


def event_from_folder(path: Path) -> str:
    """An event name from a schedule file's folder or name: "pyconfr-2024-pretalx" -> "PyConFR 2024"."""
    for stem in (path.parent.name, path.stem):
        words = [w for w in re.split(r"[-_\s]+", stem) if w and w.casefold() not in _NOISE]
        if words:
            return " ".join(_word(w) for w in words)
    return path.stem


def _word(w: str) -> str:
    if re.fullmatch(r"\d+", w):
        return w
    low = w.casefold()
    if low.startswith("pycon") and len(low) > 5:
        return "PyCon" + low[5:].upper()
    return w if any(c.isupper() for c in w) else w.capitalize()


def _derived_sessions(days: object, rooms: dict, kind: str | None, report: IssueReport, rid: str,
                      ids: SessionIds) -> Iterator[tuple[Session, dict]]:
    by_day = json_container(days, dict, report, rid, "schedule days")
    for day, slots in checked_entries(by_day, dict, report, rid,
                                      lambda day: f"day {day[:20]!r}: slots are not an object; skipped"):
        for minute, by_room in checked_entries(slots, dict, report, rid,
                                               lambda minute: f"day {day[:20]!r} slot {minute[:10]!r}: not an object"):
            for room_id, ev in checked_entries(by_room, dict, report, rid,
                                               lambda _: "a session that is not an object; skipped"):
                s = _session(ev, day, room_id, rooms, kind, report, rid, ids)
                if s is not None:
                    yield s, ev


def _session(ev: dict, day: str, room_id: str, rooms: dict, kind: str | None, report: IssueReport, rid: str,
             ids: SessionIds) -> Session | None:
    code = ev.get("code")
    if not isinstance(code, (str, int)) or code == "":
        report.add(Level.ERROR, "invalid-record", rid, f"session without a code on {day[:20]}; skipped")
        return None
    sid = ids.unique(str(code)[:200])
    f = Fields(ev, report=report, record=f"{rid}#{sid}")
    slot = given if isinstance(given := ev.get("slot"), dict) else {}
    room = f.text("room", obj=slot) or rooms.get(str(slot.get("room_id", room_id))) or rooms.get(str(room_id))
    persons = []
    for p in f.items("speakers", dict):
        name = f.text("name", obj=p)
        if name:
            persons.append((name, f.text("biography", max_len=MAX_TEXT, obj=p), "speaker"))
        else:
            report.add(Level.WARNING, "rejected-name", f"{rid}#{sid}", "a speaker without a name; left out")
    links = []
    for res in f.items("resources", dict):
        url = good_url(res.get("resource") or res.get("url"))
        if url:
            links.append((link_kind(str(res.get("description") or ""), url), url))
    duration = f.number("duration")
    return Session(
        sid=sid, title=f.text("title"), when=slot.get("start") if isinstance(slot.get("start"), str) else None,
        end_when=slot.get("end") if isinstance(slot.get("end"), str) else None, day=day,
        duration_s=int(duration * 60) if duration else None, room=room, track=f.text("track"),
        kind=kind or f.text("submission_type"), language=f.text("content_locale"),
        subtitle=f.text("subtitle", max_len=MAX_TEXT),
        abstract=f.text("abstract", max_len=MAX_TEXT), description=f.text("description", max_len=MAX_TEXT),
        persons=persons, links=links)
