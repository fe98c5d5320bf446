"""Building the graph: extract each record, map it to RDF, replace its named graph in the store."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .config import Settings
from .errors import IssueReport, Level, RecordError
from .extract.pipeline import Extracted, extract_paths
from .rdf.mapping import RecordSource, map_record
from .store.local import GraphStore

__all__ = ["BuildResult", "build", "ingest"]

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    """What a build did; ``issues`` lists every record that was skipped or repaired, and why."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: int = 0
    triples: int = 0
    issues: IssueReport = field(default_factory=IssueReport)

    @property
    def records(self) -> int:
        return self.added + self.replaced + self.unchanged + self.failed


def _source_key(path: str) -> str:
    return path if path.startswith(("http://", "https://")) else str(Path(path).resolve())


def ingest(store: GraphStore, item: Extracted, result: BuildResult, *, force: bool = False,
           now: dt.datetime | None = None) -> None:
    """Put one extracted record in the store, replacing its previous graph; unchanged bytes are skipped."""
    source = RecordSource(key=_source_key(item.source.path), sha256=item.source.sha256,
                          extracted_at=now or dt.datetime.now(dt.timezone.utc), layout=item.page.layout)
    previous = store.record_hash(source.graph)
    if previous == f"sha256:{source.sha256}" and not force:
        result.unchanged += 1
        return
    try:
        triples = list(map_record(item.record, source))  # map fully before touching the store
    except RecordError as exc:
        result.failed += 1
        result.issues.add_error(exc, kind="unmappable")
        return
    result.triples += store.replace_record(source.graph, triples)
    if previous is None:
        result.added += 1
    else:
        result.replaced += 1


def build(paths: Iterable[str | Path], store: GraphStore, settings: Settings, *, force: bool = False,
          progress: Callable[[str], None] | None = None) -> BuildResult:
    """Build (or update) the graph in ``store`` from record files and folders.

    A bad record is reported in ``BuildResult.issues`` and skipped; what is already built stays.
    Building the same input twice gives the same graph: unchanged records are not re-extracted.
    """
    result = BuildResult()
    report = result.issues
    failed_before = 0
    for item in extract_paths(paths, settings, report):
        ingest(store, item, result, force=force)
        if progress:
            progress(item.source.path)
    result.failed += sum(1 for i in report if i.kind == "unreadable") - failed_before
    store.flush()
    if settings.strict and report.at_least(Level.WARNING):
        log.warning("strict build: %d warnings", len(report.at_least(Level.WARNING)))
    return result
