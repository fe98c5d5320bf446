"""Stores made of hand-written extraction records, mapped as the build maps them, for analysis tests."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from talkgraph.rdf.mapping import RecordSource, map_record
from talkgraph.records.model import ExtractionRecord
from talkgraph.store.local import GraphStore

EXTRACTED_AT = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


def store_records(records: Iterable[ExtractionRecord], store: GraphStore | None = None) -> GraphStore:
    """``store`` (a new in-memory one by default) holding each record in its own graph, keyed ``/test/<source>``."""
    store = GraphStore() if store is None else store
    for rec in records:
        source = RecordSource(key=f"/test/{rec.source}", sha256=rec.source * 8, extracted_at=EXTRACTED_AT)
        store.replace_record(source.graph, list(map_record(rec, source)))
    return store


def write_records(records: Iterable[ExtractionRecord], path: Path) -> Path:
    """``path``, now an on-disk store of ``records`` (as :func:`store_records`), closed for a CLI to open."""
    store = store_records(records, GraphStore(path))
    store.flush()
    del store
    return path
