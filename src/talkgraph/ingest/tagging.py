"""Topics of records read straight from their files, without a store: one row per talk and topic."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..errors import IssueReport
from ..extract.topics import is_source_field, tag_talks

if TYPE_CHECKING:
    from ..config import Settings

__all__ = ["topic_rows"]

_BATCH = 2_000


def topic_rows(paths: Iterable[str | Path], settings: "Settings", *, source_tags: bool = True,
               report: IssueReport | None = None, processes: int = 1) -> list[dict]:
    """Every talk under ``paths`` tagged as a build tags it, as rows: title, event, year, topic, label, field,
    rule, confidence and source (True for a topic read from the source's tags or track).

    A talk without a topic gives one row whose topic is None, so that counts per year stay right. Candidates
    are not read. Faster than a build when only topics are wanted (no RDF, no store); with ``processes`` > 1
    the talks are tagged in that many worker processes.
    """
    from . import import_paths

    report = report if report is not None else IssueReport()
    batches: list[list] = [[]]
    for item in import_paths(paths, settings, report):
        if len(batches[-1]) >= _BATCH:
            batches.append([])
        batches[-1].extend(item.record.talks)
    if processes > 1 and len(batches) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        with ProcessPoolExecutor(processes, mp_context=context) as pool:
            parts = list(pool.map(_rows_of, batches, [source_tags] * len(batches)))
    else:
        parts = [_rows_of(batch, source_tags) for batch in batches]
    return [row for part in parts for row in part]


def _rows_of(talks: list, source_tags: bool) -> list[dict]:
    tag_talks(talks, source_tags=source_tags)
    rows: list[dict] = []
    for t in talks:
        year = int(t.date[:4]) if t.date and t.date[:4].isdigit() else None
        base = {"title": t.title, "event": t.event, "year": year}
        hits = [h for h in t.topic_hits if not h.candidate]
        if not hits:
            rows.append({**base, "topic": None, "label": None, "field": None, "rule": None, "confidence": None,
                         "source": None})
        for h in hits:
            rows.append({**base, "topic": h.concept, "label": h.label, "field": h.text_field, "rule": h.rule,
                         "confidence": h.confidence, "source": is_source_field(h.text_field)})
    return rows
