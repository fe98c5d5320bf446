"""A summary of what the graph holds, from one counting query."""
from __future__ import annotations

from ..store.local import GraphStore
from .run import run_query

__all__ = ["summarize"]


def summarize(store: GraphStore) -> dict[str, int]:
    """Counts of records, people, speakers, organisations, talks, occurrences, editions, series, topics."""
    row = run_query(store, "summary").dicts()
    counts = {k: int(str(v or 0)) for k, v in row[0].items()} if row else {}
    counts["quads"] = store.count()
    return counts
