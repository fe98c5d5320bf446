"""From a source file to its extraction record: read the page, then read its texts."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..config import Settings
from ..errors import IssueReport, Level, RecordError
from ..records.model import ExtractionRecord, Person, Talk
from ..records.pages import Activity, SpeakerPage
from ..records.sources import SourceText
from .career import read_career

__all__ = ["Extracted", "extract_page", "extract_file", "extract_paths"]

log = logging.getLogger(__name__)

# Blocks a page labels as training courses are not talks of the conference programme.
_NOT_TALKS = {"training"}


@dataclass
class Extracted:
    """An extraction record with the source facts provenance needs."""

    record: ExtractionRecord
    source: SourceText
    page: SpeakerPage


def extract_page(page: SpeakerPage) -> ExtractionRecord:
    """The extraction record of one parsed speaker page."""
    affiliations, education = read_career(page.name, page.headline, page.bio)
    person = Person(name=page.name, headline=page.headline, affiliations=affiliations, education=education)
    talks = [_talk(a, page) for a in page.activities if (a.kind or "").casefold() not in _NOT_TALKS]
    return ExtractionRecord(source=page.source, people=[person], talks=talks, mentions=[])


def _talk(activity: Activity, page: SpeakerPage) -> Talk:
    speakers = list(activity.speakers) or [page.name]
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
    from ..records.readers import read_page_source

    source, page = read_page_source(path, max_bytes=settings.max_record_bytes)
    return Extracted(extract_page(page), source, page)


def extract_paths(paths: Iterable[str | Path], settings: Settings, report: IssueReport) -> Iterator[Extracted]:
    """Extract every record file under ``paths``; a bad file is reported and skipped."""
    from ..records.readers import iter_record_files

    for path in iter_record_files(paths):
        try:
            yield extract_file(path, settings)
        except RecordError as exc:
            report.add_error(exc)
            log.warning("%s", exc)
