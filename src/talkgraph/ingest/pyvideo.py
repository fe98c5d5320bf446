"""pyvideo.org data (https://github.com/pyvideo/data): an event folder, a checkout of them, or one video file.

One record per video file: its speakers (split and cleaned by ``split_speakers``), one talk
occurrence at the event named by ``category.json``, with the recording date (and time and
offset when given), language, duration, video and related links (slides recognised), licence
and tags (as topics).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import IssueReport, Level, RecordError
from ..records.model import ExtractionRecord, Person, Talk
from ..records.sources import decode_strict, read_capped
from . import Imported, content_hash, record_key
from ._fields import (MAX_TEXT, URL_RE, Fields, bcp47, iso_duration, parse_json, split_datetime, split_speakers)
from ._schedule import link_kind

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings

__all__ = ["PyVideo", "read_video", "read_event"]

_VIDEO_KEYS = frozenset({"alias", "category", "copyright_text", "description", "duration", "id", "language",
                         "quality_notes", "recorded", "related_urls", "slug", "speakers", "summary", "tags",
                         "thumbnail_url", "title", "videos", "abstract"})


class PyVideo:
    name = "pyvideo"
    description = "pyvideo.org data: an event folder (category.json + videos/*.json), a checkout, or a video file"

    def sniff(self, path: Path, head: bytes) -> bool:
        if path.is_dir():
            return (path / "category.json").is_file()
        text = head.lstrip()[:1].decode("ascii", "replace")
        return (text == "{" and b'"videos"' in head and b'"speakers"' in head and b'"title"' in head
                and b'"schedule"' not in head and b'"people"' not in head)

    def read(self, path: str | Path, settings: "Settings", report: IssueReport) -> Iterator[Imported]:
        path = Path(path)
        if path.is_dir():
            yield from read_event(path, settings, report)
            return
        event_dir = path.parent.parent
        event, cat_hash = _read_category(event_dir, report, settings.encoding)
        item = read_video(path, event=event, event_slug=event_dir.name, extra_hash=cat_hash,
                          max_bytes=settings.max_record_bytes, report=report, encoding=settings.encoding)
        if item is not None:
            yield item


def _decode(data: bytes, record: str, encoding: str | None) -> str:
    """UTF-8 (or ``encoding``), strictly: a bad byte is an error naming its offset, never a guess."""
    return decode_strict(data, record=record, encoding=encoding)[0]


def _read_category(event_dir: Path, report: IssueReport, encoding: str | None = None) -> tuple[str | None, str]:
    """The event title from ``category.json`` (None, reported, when it is missing or bad) and its hash."""
    cat = event_dir / "category.json"
    if not cat.is_file():
        return None, ""
    try:
        data = read_capped(cat, 1_000_000)
        obj = parse_json(_decode(data, str(cat), encoding), record=str(cat))
    except RecordError as exc:
        report.add(Level.WARNING, "repaired", exc.record, f"{exc.reason}; its talks have no event")
        return None, ""
    if not isinstance(obj, dict):
        report.add(Level.WARNING, "repaired", str(cat), "not a JSON object; its talks have no event")
        return None, content_hash(data)
    title = Fields(obj, report=report, record=str(cat)).text("title")
    if title is None:
        report.add(Level.WARNING, "repaired", str(cat), "no event title; its talks have no event")
    return title, content_hash(data)


def read_event(event_dir: Path, settings: "Settings", report: IssueReport) -> Iterator[Imported]:
    """Every video of one pyvideo event folder, sorted by file name."""
    event, cat_hash = _read_category(event_dir, report, settings.encoding)
    group = record_key(event_dir) + "/"
    videos = group + "videos/"  # normalised once: the keys are videos + file name
    seen_ids: dict[int, str] = {}
    seen_slugs: dict[str, str] = {}
    files = sorted(p for p in (event_dir / "videos").glob("*.json") if not p.name.startswith("."))
    for path in files:
        item = read_video(path, event=event, event_slug=event_dir.name, extra_hash=cat_hash,
                          max_bytes=settings.max_record_bytes, report=report, group=group, key=videos + path.name,
                          seen_ids=seen_ids, seen_slugs=seen_slugs, encoding=settings.encoding)
        if item is not None:
            yield item


def read_video(path: Path, *, event: str | None, event_slug: str, extra_hash: str, max_bytes: int,
               report: IssueReport, group: str | None = None, seen_ids: dict | None = None,
               seen_slugs: dict | None = None, key: str | None = None,
               encoding: str | None = None) -> Imported | None:
    """One video file as an Imported record; None (reported) when it cannot be used."""
    rid = str(path)
    try:
        data = read_capped(path, max_bytes)
        obj = parse_json(_decode(data, rid, encoding), record=rid)
    except RecordError as exc:
        report.add_error(exc, kind="unreadable")
        return None
    try:
        if not isinstance(obj, dict):
            raise RecordError(f"expected a JSON object, got {type(obj).__name__}", record=rid)
        f = Fields(obj, report=report, record=rid, known=_VIDEO_KEYS)
        title = f.text("title", required=True)
    except RecordError as exc:
        report.add_error(exc, kind="invalid-record")
        return None
    for what, seen, value in (("id", seen_ids, obj.get("id")), ("slug", seen_slugs, obj.get("slug"))):
        if seen is not None and isinstance(value, (int, str)) and value != "":
            if value in seen:
                report.add(Level.WARNING, "duplicate-id", rid,
                           f"{what} {value!r} already used by {seen[value]}; both kept (one record per file)")
            else:
                seen[value] = path.name
    speakers = split_speakers(f.items("speakers", str), report=report, record=rid)
    if not speakers:
        report.add(Level.INFO, "no-speakers", rid, "talk has no named speaker")
    date, start, offset = split_datetime(f.text("recorded"))
    if obj.get("recorded") and date is None:
        report.add(Level.WARNING, "repaired", rid, f"field 'recorded': {str(obj['recorded'])[:40]!r} is not "
                   "an ISO 8601 date; dropped")
    if start == "00:00" and offset is None:
        start = None  # a date written as midnight
    links: list[tuple[str, str]] = []
    for video in f.items("videos", dict):
        url = video.get("url")
        if isinstance(url, str) and URL_RE.match(url.strip()):
            links.append(("video", url.strip()))
    for rel in f.items("related_urls"):
        url, label = (rel, "") if isinstance(rel, str) else (rel.get("url"), rel.get("label") or "")
        if isinstance(url, str) and URL_RE.match(url.strip()):
            kind = link_kind(label, url)
            links.append((kind, url.strip()))
    abstract = f.text("description", max_len=MAX_TEXT) or f.text("summary", max_len=MAX_TEXT)
    talk = Talk(title=title, event=event, date=date, start=start, speakers=speakers, abstract=abstract,
                topics=[t.strip() for t in f.items("tags", str) if t.strip() and len(t) <= 100],
                session_id=f"pyvideo:{event_slug}/{path.stem}", language=bcp47(f.text("language")),
                duration=iso_duration(f.number("duration")), utc_offset=offset,
                links=list(dict.fromkeys(links)), license=f.text("copyright_text"))
    record = ExtractionRecord(source=rid, people=[Person(name=s) for s in speakers], talks=[talk])
    return Imported(record, key=key or record_key(path), sha256=content_hash(data, extra_hash), layout="pyvideo",
                    group=group)
