"""Building the graph: import each record, map it to RDF, replace its named graph in the store.

Inputs are files, folders, pyvideo event folders or checkouts, and URLs; the importers
(``talkgraph.ingest``) choose by content, or one is forced by name. One record is one named
graph keyed by its source key (a path, ``path#session`` for a schedule's sessions, or a URL).
A record whose bytes did not change is skipped; a bad record is reported and skipped, and the
rest of the batch still lands. Records of a batch file (a schedule, a JSON Lines file, a pyvideo
event) that are gone from it are removed from the store when the file was read without errors.
"""
from __future__ import annotations

import collections
import datetime as dt
import itertools
import logging
import multiprocessing
import os
import queue
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import pyoxigraph as ox
from rdflib import URIRef

from ..config import Settings
from ..errors import IssueReport, Level, RecordError, StoreError, TalkgraphError
from ..extract.topics import tag_talks
from ..rdf.mapping import RecordSource, map_record
from ..records.confidence import apply_min_confidence
from ..records.invisible import strip_record
from ..ingest import Imported, Importer, import_input, importer_by_name, importer_name, iter_inputs
from ..vocab import TG
from .local import GraphStore
from .fingerprint import extractor_fingerprint, renew_fingerprint
from .scheme import ensure_scheme
from .terms import to_ox

_CONTENT_HASH = to_ox(TG.contentHash)

__all__ = ["BuildResult", "build", "ingest"]

log = logging.getLogger(__name__)

# Issue kinds that mean a record (or a whole input) was skipped.
_SKIPPED = frozenset({"unreadable", "invalid-record", "unrecognised"})


@dataclass
class BuildResult:
    """What a build did; ``issues`` lists every record that was skipped or repaired, and why."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: int = 0
    removed: int = 0
    triples: int = 0
    identity_rewrites: int = 0
    issues: IssueReport = field(default_factory=IssueReport)

    @property
    def records(self) -> int:
        return self.added + self.replaced + self.unchanged + self.failed


def ingest(store: GraphStore, item: Imported, result: BuildResult, *, force: bool = False,
           now: dt.datetime | None = None, topics: bool = True, candidates: bool = False) -> None:
    """Put one record in the store, replacing its previous graph; unchanged bytes are skipped.

    With ``topics`` every talk not tagged yet (speaker pages come tagged) gets its topics first.
    """
    mapped = _map(store, item, result, force=force, now=now or dt.datetime.now(dt.timezone.utc), topics=topics,
                  candidates=candidates)
    if mapped is not None:
        result.triples += store.replace_record(*mapped)


def _map(store: GraphStore, item: Imported, result: BuildResult, *, force: bool, now: dt.datetime,
         topics: bool, candidates: bool) -> tuple[URIRef, list[tuple]] | None:
    """The record's graph and its distinct triples as pyoxigraph terms; None when it is unchanged or
    cannot be mapped (counted in ``result``, reported in its issues)."""
    source = RecordSource(key=item.key, sha256=item.sha256, extracted_at=now, layout=item.layout)
    previous = store.record_hash(source.graph)
    if previous == f"sha256:{source.sha256}" and not force:
        result.unchanged += 1
        return None
    terms = _terms(item, source, result.issues, topics=topics, candidates=candidates)
    if terms is None:
        result.failed += 1
        return None
    if previous is None:
        result.added += 1
    else:
        result.replaced += 1
    return source.graph, terms


def _terms(item: Imported, source: RecordSource, report: IssueReport, *, topics: bool,
           candidates: bool) -> list[tuple] | None:
    """The record tagged and mapped, its distinct triples as pyoxigraph terms; None (reported) when it
    cannot be mapped. Pure apart from ``report``: the same item gives the same terms in any process."""
    if topics:
        tag_talks(item.record.talks, keyphrases=candidates)
    try:  # map fully, and check every term, before touching the store
        return [(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in set(map_record(item.record, source))]
    except RecordError as exc:
        report.add_error(exc, kind="unmappable", key=item.key)
    except ValueError as exc:  # pyoxigraph refuses a term (an IRI with a bad character)
        report.add(Level.ERROR, "unmappable", item.record.source or item.key, f"not valid RDF: {exc}",
                   key=item.key)
    return None


@dataclass
class _Mapped:
    """One record as a worker hands it to the writer: N-Quads bytes ready for the store's bulk load (each
    triple in the record's graph and in the default graph), its content-hash quad apart, its triple count,
    and the issues met while mapping it. ``body`` is None when it failed."""

    key: str
    graph: str
    body: bytes | None
    hash_quads: bytes
    triples: int
    issues: IssueReport


def _map_lines(jobs: list[tuple[Imported, RecordSource]], settings: Settings) -> list[_Mapped]:
    """Cut, clean, tag and map records (in a worker process, or inline); the writer only loads the bytes."""
    out: list[_Mapped] = []
    for item, source in jobs:
        report = IssueReport()
        item = _visible(_confident(item, settings.min_confidence, report), report)
        terms = _terms(item, source, report, topics=settings.topics, candidates=settings.topic_candidates)
        graph = str(source.graph)
        if terms is None:
            out.append(_Mapped(item.key, graph, None, b"", 0, report))
            continue
        in_graph = f" <{graph}> .\n"
        parts: list[str] = []
        hashes: list[str] = []
        for s, p, o in terms:
            line = f"{s} {p} {o}"
            if p == _CONTENT_HASH:
                hashes.append(line + in_graph)
                parts.append(line + " .\n")  # the merge has it from the start; the record's graph last
            else:
                parts += (line + in_graph, line + " .\n")
        out.append(_Mapped(item.key, graph, "".join(parts).encode("utf-8"), "".join(hashes).encode("utf-8"),
                           len(terms), report))
    return out


class BuildStopped(TalkgraphError):
    """A build asked to stop at the first failed record did; ``result`` holds what it did up to there."""

    def __init__(self, message: str, result: "BuildResult"):
        super().__init__(message)
        self.result = result


def build(paths: Iterable[str | Path], store: GraphStore, settings: Settings, *, force: bool = False,
          progress: Callable[[str], None] | None = None, importer: str | None = None,
          stop_on_error: bool = False) -> BuildResult:
    """Build (or update) the graph in ``store`` from files, folders, pyvideo data and URLs.

    Parameters
    ----------
    paths : iterable of str or Path
        Files, folders (walked), pyvideo event folders or checkouts, and http(s) URLs.
    importer : str, optional
        Force one importer by name (see ``talkgraph.ingest.all_importers``) instead of
        choosing by content.

    A bad record is reported in ``BuildResult.issues`` and skipped (counted in ``failed``); what is
    already built stays. With ``stop_on_error`` the build ends at the first failed record instead,
    raising ``BuildStopped`` after writing the records read before it.
    Building the same input twice gives the same graph: unchanged records are not re-written.

    Raises
    ------
    BuildStopped
        with ``stop_on_error``, at the first failed record.
    StoreError
        when the store cannot be written (a full disk, a read-only directory); records written
        before stay, and the next build re-imports the rest.
    """
    try:
        return _build(paths, store, settings, force=force, progress=progress, importer=importer,
                      stop_on_error=stop_on_error)
    except OSError as exc:
        raise StoreError(f"build stopped: cannot write the store at {store.path or 'memory'}: "
                         f"{exc.strerror or exc}; records written before stay, and the next build "
                         "re-imports the rest") from exc


def _build(paths, store: GraphStore, settings: Settings, *, force: bool, progress, importer,
           stop_on_error: bool) -> BuildResult:
    result = BuildResult()
    report = result.issues
    ensure_scheme(store)  # talks point at its concepts; loaded once, refreshed when the file changes
    # Other code or settings than the last build's: every record is rebuilt, whatever its bytes.
    renew_fingerprint(store, extractor_fingerprint(settings))
    now = dt.datetime.now(dt.timezone.utc)
    seen_by_group: dict[str, set[str]] = {}
    new_keys: set[str] = set()
    broken_groups: set[str] = set()
    stopped: list = []  # the first failed record's issue, when stop_on_error ended the build there

    def failure(since: int):
        return next((i for i in report.issues[since:] if i.level >= Level.ERROR), None) if stop_on_error else None

    targets = list(iter_inputs(paths, importer))

    def jobs() -> Iterator[tuple[Imported, RecordSource]]:
        checked = 0  # issues already looked at for a failed record (stop_on_error)
        items = (item for target, imp in targets for item in import_input(target, imp, settings, report))
        for item in items:
            if (bad := failure(checked)) is not None:
                stopped.append(bad)
                return  # ends the input: what was read before is mapped and written
            checked = len(report)
            if item.group is not None:
                seen_by_group.setdefault(item.group, set()).add(item.key)
            source = RecordSource(key=item.key, sha256=item.sha256, extracted_at=now, layout=item.layout)
            previous = store.record_hash(source.graph)
            if previous == f"sha256:{source.sha256}" and not force:
                result.unchanged += 1
                if progress:
                    progress(item.key)
                continue
            if previous is None and not store.oxigraph.contains_named_graph(ox.NamedNode(str(source.graph))):
                new_keys.add(item.key)  # (a graph without a hash is replaced: a cut load, another extractor)
            yield item, source
        if (bad := failure(checked)) is not None:
            stopped.append(bad)

    def mapped() -> Iterator[tuple[str, bytes, bytes, int]]:
        for m in _mapped_in_order(jobs(), settings):
            report.extend(m.issues)
            if m.body is None:
                result.failed += 1
            if stop_on_error and (bad := next((i for i in m.issues if i.level >= Level.ERROR), None)):
                stopped.append(bad)
                return  # the records after it are not written
            if m.body is not None:
                if m.key in new_keys:
                    result.added += 1
                else:
                    result.replaced += 1
                yield m.graph, m.body, m.hash_quads, m.triples
            if progress:
                progress(m.key)

    def mapped_inputs() -> Iterator[tuple[str, bytes, bytes, int]]:
        for issues, outcomes in _inputs_in_order(targets, store, settings, now=now, force=force):
            report.issues.extend(issues)
            for key, group, m, new in outcomes:
                if group is not None:
                    seen_by_group.setdefault(group, set()).add(key)
                if m is None:
                    result.unchanged += 1
                elif m.body is None:
                    report.extend(m.issues)
                    result.failed += 1
                else:
                    report.extend(m.issues)
                    if new:
                        result.added += 1
                    else:
                        result.replaced += 1
                    yield m.graph, m.body, m.hash_quads, m.triples
                if progress:
                    progress(key)

    parallel_inputs = not stop_on_error and len(targets) >= _PARALLEL_INPUTS and _processes(settings) > 1
    result.triples += _write_behind(store, mapped_inputs() if parallel_inputs else mapped())
    if stopped:
        store.flush()
        result.failed += _skipped(report)
        # Nothing is pruned: the records after the failed one were never read.
        raise BuildStopped(f"stopped at the first failed record ({stopped[0].record}); "
                           "records read before it are built", result)
    for issue in report:
        if issue.level >= Level.ERROR and issue.key is not None:
            broken_groups.update(g for g in seen_by_group if _in_group(issue.key, g))
    result.failed += _skipped(report)
    if seen_by_group:
        result.removed = _prune(store, {g: k for g, k in seen_by_group.items() if g not in broken_groups})
    if settings.identities is not None:
        # New or changed records come in as extracted; the user's identity rules apply on top.
        from ..rdf.identity import load_identities
        from .identity import apply_identities

        result.identity_rewrites = apply_identities(store, load_identities(settings.identities)).rewritten
    store.flush()
    if settings.strict and report.at_least(Level.WARNING):
        log.warning("strict build: %d warnings", len(report.at_least(Level.WARNING)))
    return result


_CHUNK = 32             # records per task handed to a worker
_PARALLEL_FROM = 256     # records read before a build starts worker processes
_PIPE = 256             # records mapped but not yet taken by the store's writer thread
_PENDING_PER_WORKER = 4  # chunks in flight per worker: bounds the memory held by results not yet loaded


_PARALLEL_INPUTS = 64   # inputs (pyvideo events, files) from which workers read them too


def _processes(settings: Settings) -> int:
    """Worker processes for this build: 1 where processes cannot be forked (they share the loaded scheme)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return settings.build_processes or (os.cpu_count() or 1)


# What the store held when the build began (graph IRI -> content hash; graph IRIs), set in each worker.
_KNOWN: tuple[dict[str, str], frozenset[str]] = ({}, frozenset())


def _know(hashes: dict[str, str], graphs: frozenset[str]) -> None:
    global _KNOWN
    _KNOWN = (hashes, graphs)


def _read_inputs(targets: list[tuple[str, str | None]], settings: Settings, now: dt.datetime,
                 force: bool) -> list[tuple[list, list[tuple[str, str | None, _Mapped | None, bool]]]]:
    """Read, cut, clean, tag and map whole inputs in a worker: for each input, the importer's issues and,
    in input order, each record's key, group, mapped record (None when its bytes are unchanged) and
    whether its graph is new to the store."""
    hashes, graphs = _KNOWN
    out = []
    for target, name in targets:
        report = IssueReport()
        outcomes: list[tuple[str, str | None, _Mapped | None, bool]] = []
        for item in import_input(target, importer_by_name(name), settings, report):
            source = RecordSource(key=item.key, sha256=item.sha256, extracted_at=now, layout=item.layout)
            graph = str(source.graph)
            previous = hashes.get(graph)
            if previous == f"sha256:{source.sha256}" and not force:
                outcomes.append((item.key, item.group, None, False))
                continue
            outcomes.append((item.key, item.group, _map_lines([(item, source)], settings)[0],
                             previous is None and graph not in graphs))
        out.append((report.issues, outcomes))
    return out


def _inputs_in_order(targets: list[tuple[str | Path, Importer | None]], store: GraphStore, settings: Settings, *,
                     now: dt.datetime, force: bool) -> Iterator[tuple[list, list]]:
    """Every input read and mapped in worker processes, in input order (see :func:`_read_inputs`).

    The building process only walks the folders and writes the store: a pyvideo checkout's 21,715 files are
    read and parsed by the workers too, and no record is pickled on its way to them.
    """
    hashes: dict[str, str] = {}
    for quad in store.oxigraph.quads_for_pattern(None, ox.NamedNode(str(TG.contentHash)), None, None):
        if isinstance(quad.graph_name, ox.NamedNode) and quad.subject == quad.graph_name:
            hashes[quad.graph_name.value] = quad.object.value if isinstance(quad.object, ox.Literal) else ""
    graphs = frozenset(g.value for g in store.oxigraph.named_graphs() if isinstance(g, ox.NamedNode))
    if settings.topics:
        _warm_tagger(settings.topic_candidates)  # loaded once here, shared by the forked workers
    from concurrent.futures import ProcessPoolExecutor

    processes = _processes(settings)
    pending: collections.deque = collections.deque()
    named = [(str(target), importer_name(imp)) for target, imp in targets]
    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"), initializer=_know,
                             initargs=(hashes, graphs)) as pool:
        for chunk in _chunks(named, 1):
            pending.append(pool.submit(_read_inputs, chunk, settings, now, force))
            while len(pending) >= processes * _PENDING_PER_WORKER:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _mapped_in_order(jobs: Iterator[tuple[Imported, RecordSource]], settings: Settings) -> Iterator[_Mapped]:
    """Every job mapped, in input order; in worker processes once the build has enough records.

    The building process reads the inputs and writes the store; workers (forked, so they share the loaded
    scheme) tag and map chunks of records and return N-Quads bytes. Order is kept, so a parallel build
    writes exactly what a serial one writes.
    """
    processes = _processes(settings)
    head: list[tuple[Imported, RecordSource]] = []
    if processes > 1:
        for job in jobs:
            head.append(job)
            if len(head) >= _PARALLEL_FROM:
                break
    if len(head) < _PARALLEL_FROM:  # a small build (or serial by choice): no processes to start
        for job in itertools.chain(head, jobs):
            yield from _map_lines([job], settings)
        return
    if settings.topics:
        _warm_tagger(settings.topic_candidates)  # loaded once here, shared by the forked workers
    from concurrent.futures import ProcessPoolExecutor

    chunks = _chunks(itertools.chain(head, jobs), _CHUNK)
    pending: collections.deque = collections.deque()
    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork")) as pool:
        for chunk in chunks:
            pending.append(pool.submit(_map_lines, chunk, settings))
            while len(pending) >= processes * _PENDING_PER_WORKER:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


_END = object()


def _write_behind(store: GraphStore, records: Iterator[tuple[str, bytes, bytes, int]]) -> int:
    """Load ``records`` into ``store`` in one writer thread while this thread reads and maps the next ones.

    The store's bulk load releases the GIL, so reading the inputs and loading the store overlap. An error
    of the writer (a full disk) stops the build here; what was loaded before stays.
    """
    pipe: queue.Queue = queue.Queue(maxsize=_PIPE)
    outcome: dict[str, Any] = {}

    def write() -> None:
        try:
            outcome["written"] = store.add_record_nquads(iter(pipe.get, _END))
        except BaseException as exc:  # handed to the building thread, which raises it
            outcome["error"] = exc
            while pipe.get() is not _END:  # let the producer finish its put and see the error
                pass

    writer = threading.Thread(target=write, name="talkgraph-store-writer", daemon=True)
    writer.start()
    try:
        for record in records:
            if "error" in outcome:
                break
            pipe.put(record)
    finally:
        pipe.put(_END)
        writer.join()
    if "error" in outcome:
        raise outcome["error"]
    return int(outcome["written"])


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _warm_tagger(candidates: bool) -> None:
    from ..extract.topics import warm_up

    warm_up(candidates=candidates)


def _visible(item: Imported, report: IssueReport) -> Imported:
    """The item with invisible format characters taken out of its labels (before keys are minted)."""
    record, notes = strip_record(item.record)
    for note in notes:
        report.add(Level.WARNING, "repaired", item.record.source or item.key, note)
    return replace(item, record=record) if notes else item


def _skipped(report: IssueReport) -> int:
    """Records the importers skipped with an error (unreadable, invalid, unrecognised)."""
    return sum(1 for i in report if i.kind in _SKIPPED and i.level >= Level.ERROR)


def _confident(item: Imported, threshold: float, report: IssueReport) -> Imported:
    """The item with its record cut at ``threshold``; every drop is an INFO issue of its kind."""
    record, dropped = apply_min_confidence(item.record, threshold)
    if not dropped:
        return item
    for d in dropped:
        report.add(Level.INFO, f"low-confidence-{d.kind}", item.record.source or item.key,
                   f"{d.kind} {d.label!r} left out: confidence {d.confidence:.2f} < min_confidence {threshold:g}")
    return replace(item, record=record)


def _in_group(key: str, group: str) -> bool:
    """True when the input or record ``key`` is the batch file ``group`` (``file#``, ``folder/``) or in it."""
    return key.startswith(group) or key == group[:-1]


def _prune(store: GraphStore, seen_by_group: dict[str, set[str]]) -> int:
    """Remove the records of each batch file that the file no longer holds."""
    if not seen_by_group:
        return 0
    stale = [graph for graph, key in store.record_keys().items()
             if any(key.startswith(group) and key not in seen for group, seen in seen_by_group.items())]
    for graph in stale:
        store.remove_record(graph)
    return len(stale)
