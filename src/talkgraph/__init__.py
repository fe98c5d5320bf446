"""talkgraph: conference records (speaker pages, schedules, talk archives) into one RDF knowledge graph.

Examples
--------
>>> import talkgraph
>>> store = talkgraph.open_store()            # in memory; pass a directory to persist
>>> result = talkgraph.build(["data/seeds"], store)
>>> result.added
2
>>> rows = talkgraph.run_query(store, "talks-by-speaker", {"name": "Maxim Fedorov"})
>>> len(rows)
6
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping

from .version import __version__

# Analysis and viz entry points, imported when first used (``import talkgraph`` stays light):
# name -> (module, attribute). Notebooks and scripts need nothing but ``import talkgraph``.
_LAZY = {
    "list_queries": ("talkgraph.query.catalog", "list_queries"),
    "ProjectionData": ("talkgraph.analysis.projection", "ProjectionData"),
    "speaker_graph": ("talkgraph.analysis.projection", "speaker_graph"),
    "entity_graph": ("talkgraph.analysis.projection", "entity_graph"),
    "talk_topic_graph": ("talkgraph.analysis.projection", "talk_topic_graph"),
    "speaker_org_graph": ("talkgraph.analysis.projection", "speaker_org_graph"),
    "centrality": ("talkgraph.analysis.centrality", "centrality"),
    "communities": ("talkgraph.analysis.communities", "communities"),
    "speaker_path": ("talkgraph.analysis.paths", "speaker_path"),
    "talk_path": ("talkgraph.analysis.paths", "talk_path"),
    "ego_network": ("talkgraph.analysis.paths", "ego_network"),
    "RelatedIndex": ("talkgraph.analysis.related", "RelatedIndex"),
    "related_talks": ("talkgraph.analysis.related", "related_talks"),
    "related_speakers": ("talkgraph.analysis.related", "related_speakers"),
    "NetworkPicture": ("talkgraph.viz.picture", "NetworkPicture"),
    "network_picture": ("talkgraph.viz.picture", "network_picture"),
    "path_picture": ("talkgraph.viz.picture", "path_picture"),
    "network": ("talkgraph.viz.graphs", "network"),
    "ego_picture": ("talkgraph.viz.graphs", "ego"),
    "career_timeline": ("talkgraph.viz.timeline", "career_timeline"),
    "draw_timeline": ("talkgraph.viz.timeline", "draw_timeline"),
}

__all__ = ["__version__", "open_store", "build", "run_query", "extract_file", "load_settings", "Settings",
           "GraphStore", "BuildResult", "ExtractionRecord", "ResultTable", "TalkgraphError", "topic_rows",
           "topic_changes", "related_index", *_LAZY]


def __getattr__(name: str):
    """The analysis and viz entry points of :data:`_LAZY`, imported on first use."""
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'talkgraph' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

from .store.build import BuildResult
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
    """Extract every record under ``paths`` into ``store``; see :func:`talkgraph.store.build.build`."""
    from .store.build import build as _build

    return _build(paths, store, settings or Settings(), force=force)


def run_query(store: GraphStore, name: str, params: "Mapping[str, object] | None" = None, /, *,
              timeout: float | None = Settings.query_timeout, allow_service: Iterable[str] = (),
              **kwargs) -> ResultTable:
    """Run a named query (or a ``.rq`` file) on ``store``.

    Parameters come as a mapping, as keywords, or both; plain ``str`` values become literals and
    ``rdflib`` terms pass as they are. They are bound as RDF terms, never pasted into query text.
    ``timeout`` (seconds, default the ``query_timeout`` setting's 60) stops a long query with
    ``QueryTimeoutError`` (``None``: no limit); a ``SERVICE`` call is refused unless its endpoint
    is listed in ``allow_service``.
    """
    from rdflib import Literal
    from rdflib import URIRef

    from .query.run import run_query as _run

    given = {**(params or {}), **kwargs}
    bound: dict[str, URIRef | Literal] = {k: v if isinstance(v, (URIRef, Literal)) else Literal(v)
                                          for k, v in given.items()}
    return _run(store, name, timeout=timeout, allow_service=tuple(allow_service), **bound)


def topic_rows(paths: Iterable[str | Path], settings: Settings | None = None, *, source_tags: bool = True,
               processes: int = 1) -> list[dict]:
    """Topics of every talk under ``paths`` without building a graph; see :func:`talkgraph.ingest.tagging.topic_rows`."""
    from .ingest.tagging import topic_rows as _rows

    return _rows(paths, settings or Settings(), source_tags=source_tags, processes=processes)


def topic_changes(trends: ResultTable, **options) -> ResultTable:
    """Topics ranked by the change of their yearly share; see :func:`talkgraph.analysis.topics.topic_changes`."""
    from .analysis.topics import topic_changes as _changes

    return _changes(trends, **options)


def related_index(store: GraphStore):
    """The related-talks and related-speakers index of ``store`` (:class:`talkgraph.analysis.related.RelatedIndex`).

    Build it once; each ``related_talks(title)`` / ``related_speakers(name)`` call then takes milliseconds.
    """
    from .analysis.related import RelatedIndex

    return RelatedIndex.from_store(store)


def extract_file(path: str | Path, settings: Settings | None = None) -> ExtractionRecord:
    """The extraction record (docs/extraction-record.md) of one file."""
    from .extract.pipeline import extract_file as _extract

    return _extract(path, settings or Settings()).record


# ``talkgraph.query`` and ``talkgraph.extract`` are the subpackages; calling them (the old API) still
# works, with a DeprecationWarning (see their ``__init__``), whichever was imported first.
from . import extract, query  # noqa: E402
