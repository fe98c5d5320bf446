"""From a source file to its extraction record: read the page, then read its texts."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from ..config import Settings
from ..errors import IssueReport, Level, RecordError
from ..records.model import ExtractionRecord, Person, Talk
from ..records.pages import Activity, SpeakerPage
from ..records.sources import SourceText
from .career import read_career
from .mentions import is_same_person

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = ["Extracted", "extract_page", "extract_file", "extract_source", "extract_text", "extract_paths"]

log = logging.getLogger(__name__)

# Blocks a page labels as training courses are not talks of the conference programme.
NOT_TALKS = frozenset({"training"})


@dataclass
class Extracted:
    """An extraction record with the source facts provenance needs, and the reader's warnings.

    ``page`` is the parsed speaker page when a page reader made one (None for an HTML page read
    by structure). ``warnings`` are the text reader's (kind ``no-confident-reading``); ``notes``
    are other warnings about the page as ``(kind, message)``.
    """

    record: ExtractionRecord
    source: SourceText
    page: SpeakerPage | None = None
    warnings: list[str] = field(default_factory=list)
    layout: str = ""
    notes: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.layout and self.page is not None:
            self.layout = self.page.layout


def extract_page(page: SpeakerPage, settings: Settings | None = None, nlp: "Language | None" = None) -> ExtractionRecord:
    """The extraction record of one parsed speaker page.

    The headline and bio give the subject's affiliations and education; each talk's text may
    name co-speakers (added to its speakers, with a role); organisations in a line-up are
    dropped; other people named in the bio and talk texts are mentions.
    """
    from .cospeakers import find_cospeakers, is_organisation_name
    from .mentions import find_mentions
    from .nlp import build_nlp

    nlp = nlp or build_nlp(settings)
    activities = [a for a in page.activities if (a.kind or "").casefold() not in NOT_TALKS]
    skipped = [a for a in page.activities if (a.kind or "").casefold() in NOT_TALKS]
    texts = [(page.bio or "")[:_MAX_TEXT], *[_activity_text(a)[:_MAX_TEXT] for a in activities],
             *[_activity_text(a)[:_MAX_TEXT] for a in skipped]]
    docs = list(nlp.pipe(texts))
    bio_doc = docs[0]
    bio_doc.user_data["field"] = "bio"
    for i, d in enumerate(docs[1:]):
        d.user_data["field"] = f"talk:{i}"
    affiliations, education = read_career(page.name, page.headline, page.bio or "", nlp=nlp, doc=bio_doc)
    person = Person(name=page.name, headline=page.headline, affiliations=affiliations, education=education)
    talks = []
    for activity, doc in zip(activities, docs[1:1 + len(activities)]):
        talk = _talk(activity, page)
        if len(talk.speakers) <= 1:
            for name, role in find_cospeakers(doc, page.name):
                if not any(is_same_person(name, s) for s in talk.speakers):
                    talk.speakers.append(name)
                    talk.speaker_roles[name] = role
                elif is_same_person(name, page.name):
                    talk.speaker_roles.setdefault(page.name, role)
        for name in talk.speakers:
            talk.speaker_roles.setdefault(name, "speaker")
        talks.append(talk)
    _tag_topics(talks, activities)
    speakers = {s for t in talks for s in t.speakers} | {s for a in skipped for s in a.speakers}
    found = find_mentions(docs, exclude=[page.name, *speakers])
    return ExtractionRecord(source=page.source, people=[person], talks=talks,
                            mentions=[n for n, _ in found], mention_evidence={n: ev for n, ev in found})


def _tag_topics(talks: list[Talk], activities: list[Activity]) -> None:
    """Topic hits (extract.topics) for every talk of a page, in one batch."""
    from .topics import find_topics_many, topic_labels

    if not talks:
        return
    records = [{"title": a.title or "", "abstract": (a.abstract or "")[:_MAX_TEXT],
                "objectives": "\n".join(a.objectives)[:_MAX_TEXT]} for a in activities]
    tags = [list(a.tags) or ([a.track] if a.track else []) for a in activities]
    for talk, hits in zip(talks, find_topics_many(records, tags=tags)):
        talk.topic_hits = hits
        talk.topics = topic_labels(hits)


_MAX_TEXT = 200_000  # characters of one text read by the rules; longer text is cut, never refused


def _activity_text(activity: Activity) -> str:
    parts = [activity.abstract or "", activity.audience or "", *activity.objectives, *activity.sections.values()]
    return "\n".join(p for p in parts if p)


def _talk(activity: Activity, page: SpeakerPage) -> Talk:
    from .cospeakers import is_organisation_name

    speakers = [s for s in activity.speakers if not is_organisation_name(s)] or [page.name]
    return Talk(title=activity.title, event=activity.event, date=activity.date, start=activity.start,
                end=activity.end, speakers=speakers, track=activity.track, audience=activity.audience,
                objectives=list(activity.objectives), topics=[], abstract=activity.abstract or None,
                kind=activity.kind)


def extract_file(path: str | Path, settings: Settings) -> Extracted:
    """Read and extract one file.

    Raises
    ------
    RecordError
        When the file cannot be read or holds no recognisable record.
    """
    from ..records.sources import read_source

    return extract_source(read_source(path, max_bytes=settings.max_record_bytes, encoding=settings.encoding), settings)


def extract_source(source: SourceText, settings: Settings | None = None, nlp: "Language | None" = None) -> Extracted:
    """Extract one decoded record: HTML by its structure (``extract.html_reader``), text by the page reader."""
    from ..records.readers import is_html

    if is_html(source.text):
        from .html_reader import read_html_page

        reading = read_html_page(source, settings, nlp)
        item = Extracted(reading.record, source, warnings=reading.warnings, layout=reading.layout,
                         notes=reading.notes)
    else:
        item = extract_text(source, settings, nlp)
    repaired = _invisible_controls(source.text)
    if repaired:
        item.notes.append(("text-repaired", repaired))
    return item


def _invisible_controls(text: str) -> str | None:
    """Say so when the readers dropped bidi or format controls: the page shows other text than it holds."""
    from .page_lines import FORMAT_CONTROLS

    found = FORMAT_CONTROLS.search(text)
    if found is None:
        return None
    count = len(FORMAT_CONTROLS.findall(text))
    line = text.count("\n", 0, found.start()) + 1
    return (f"removed {count} invisible bidi/format control character{'s' if count != 1 else ''} "
            f"(first U+{ord(found.group()):04X} on line {line}); names and titles were read without them")


def extract_text(source: SourceText, settings: Settings | None = None, nlp: "Language | None" = None) -> Extracted:
    """Extract a plain-text page with the general page reader (``extract.page_reader``)."""
    from .page_reader import read_text_reading

    reading = read_text_reading(source, settings, nlp)
    page = SpeakerPage(source=source.path, name="", layout=reading.layout)
    return Extracted(reading.record, source, page, reading.warnings)


def extract_paths(paths: Iterable[str | Path], settings: Settings, report: IssueReport) -> Iterator[Extracted]:
    """Extract every record file under ``paths``; a bad file is reported and skipped."""
    from ..records.readers import iter_record_files

    for path in iter_record_files(paths):
        try:
            item = extract_file(path, settings)
        except RecordError as exc:
            report.add_error(exc)
            log.warning("%s", exc)
            continue
        for message in item.warnings:
            report.add(Level.WARNING, "no-confident-reading", item.source.path,
                       message.removeprefix(f"{item.source.path}: "))  # the issue names the page already
        for kind, message in item.notes:
            report.add(Level.WARNING, kind, item.source.path, message)
        yield item
