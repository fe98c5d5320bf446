"""talkgraph: conference records (speaker pages, schedules, talk archives) into one RDF knowledge graph.

Examples
--------
>>> import talkgraph
>>> store = talkgraph.open_store()            # in memory; pass a directory to persist
>>> result = talkgraph.build(["data/seeds"], store)
>>> result.added
2
>>> rows = talkgraph.query(store, "talks-by-speaker", name="Maxim Fedorov")
>>> len(rows)
6
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

__version__ = "0.1.0"

__all__ = ["__version__", "open_store", "build", "query", "extract", "load_settings", "Settings",
           "GraphStore", "BuildResult", "ExtractionRecord", "ResultTable", "TalkgraphError"]

from .build import BuildResult
from .config import Settings, load_settings
from .errors import TalkgraphError
from .query.results import ResultTable
from .records.model import ExtractionRecord
from .store.local import GraphStore


def open_store(path: str | Path | None = None, *, read_only: bool = False) -> GraphStore:
    """Open (or create) the embedded store in ``path``; in memory when ``path`` is None."""
    return GraphStore(path, read_only=read_only)


def build(paths: Iterable[str | Path], store: GraphStore, settings: Settings | None = None,
          *, force: bool = False) -> BuildResult:
    """Extract every record under ``paths`` into ``store``; see :func:`talkgraph.build.build`."""
    from .build import build as _build

    return _build(paths, store, settings or Settings(), force=force)


def query(store: GraphStore, name: str, /, *, timeout: float | None = None, allow_service=(),
          **params) -> ResultTable:
    """Run a named query (or a .rq file); plain ``str`` values become literals, ``rdflib`` terms pass as they are.

    ``timeout`` (seconds) stops a long query with ``QueryTimeoutError``; a ``SERVICE`` call is
    refused unless its endpoint is listed in ``allow_service``.
    """
    from rdflib import Literal
    from rdflib.term import Node

    from .query.run import run_query

    bound = {k: v if isinstance(v, Node) else Literal(v) for k, v in params.items()}
    return run_query(store, name, timeout=timeout, allow_service=allow_service, **bound)


def extract(path: str | Path, settings: Settings | None = None) -> ExtractionRecord:
    """The extraction record (eval/SCHEMA.md) of one file."""
    from .extract.pipeline import extract_file

    return extract_file(path, settings or Settings()).record
