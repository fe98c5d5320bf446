"""Running queries on the embedded store: named or from a file, bounded in time, results streamed."""
from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import Literal, URIRef

from ..errors import QueryError, QueryTimeoutError
from ..store.guard import check_query
from ..store.local import GraphStore
from ..store.terms import from_ox
from .catalog import Query, load_query
from .results import ResultTable

__all__ = ["run_query", "stream_query", "QueryStream"]

_END = object()
_BUFFER = 1_000  # rows the worker may run ahead of the reader


@dataclass
class QueryStream:
    """A query's answer as it arrives: ``kind`` is ``select``, ``ask`` or ``graph``.

    ``rows`` (select: tuples of rdflib terms, in ``columns`` order) and ``triples`` (graph) are
    iterators that raise ``QueryTimeoutError`` once the time limit passes; ``boolean`` is the
    ASK answer. Call ``close()`` (or leave a ``with`` block) to stop a query not read to the end.
    """

    name: str
    kind: str
    columns: list[str] = field(default_factory=list)
    boolean: bool | None = None
    _items: Iterator = iter(())
    _stop: threading.Event = field(default_factory=threading.Event)

    @property
    def rows(self) -> Iterator[tuple]:
        return self._items

    @property
    def triples(self) -> Iterator[tuple]:
        return self._items

    def close(self) -> None:
        self._stop.set()

    def __enter__(self) -> "QueryStream":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def stream_query(store: GraphStore, query: Query | str, params: dict | None = None, *,
                 timeout: float | None = None, allow_service: Iterable[str] = ()) -> QueryStream:
    """Start a query (SELECT, ASK, CONSTRUCT or DESCRIBE) and stream its answer.

    The query runs in a worker thread, so the caller gets control back at the time limit, and
    Ctrl-C in the caller stops waiting at once. A query that computes everything before its
    first row (an aggregate, an ORDER BY) goes on in the abandoned worker until it ends.

    Raises
    ------
    QuerySyntaxError, ServiceRefusedError, QueryTimeoutError
    """
    q = query if isinstance(query, Query) else load_query(query)
    params = q.bind(dict(params or {}))
    check_query(q.text, allow_service=tuple(allow_service), name=q.name)  # refused before any work starts
    deadline = None if timeout is None else time.monotonic() + timeout
    items: queue.Queue = queue.Queue(maxsize=_BUFFER)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                items.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            result = store.query(q.text, params, allow_service=tuple(allow_service), name=q.name)
            if isinstance(result, ox.QueryBoolean):
                put(("ask", bool(result)))
            elif isinstance(result, ox.QueryTriples):
                put(("graph", None))
                for t in result:
                    if stop.is_set() or not put((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object))):
                        return
            else:
                columns = [v.value for v in result.variables]
                put(("select", columns))
                for s in result:
                    if stop.is_set() or not put(tuple(from_ox(s[c]) for c in columns)):
                        return
            put(_END)
        except (SyntaxError, ValueError, OSError) as exc:
            put(QueryError(f"query {q.name!r} failed: {exc}"))

    def get():
        while True:
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                stop.set()
                raise QueryTimeoutError(f"query {q.name!r} stopped after its time limit of {timeout:g} s "
                                        "(setting query_timeout, or --timeout)")
            try:
                # Short waits keep Ctrl-C responsive on every platform.
                item = items.get(timeout=0.2 if wait is None else min(wait, 0.2))
            except queue.Empty:
                continue
            if isinstance(item, QueryError):
                stop.set()
                raise item
            return item

    threading.Thread(target=work, name=f"query {q.name}", daemon=True).start()
    try:
        head = get()
    except BaseException:
        stop.set()
        raise
    kind, info = head
    stream = QueryStream(q.name, kind, _stop=stop)
    if kind == "ask":
        stream.boolean = info
        stop.set()
        return stream
    if kind == "select":
        stream.columns = info

    def drain() -> Iterator[tuple]:
        try:
            while True:
                item = get()
                if item is _END:
                    return
                yield item
        finally:
            stop.set()

    stream._items = drain()
    return stream


def run_query(store: GraphStore, query: Query | str, /, *, timeout: float | None = None,
              allow_service: Iterable[str] = (), **params: URIRef | Literal) -> ResultTable:
    """Run a named SELECT query (or a Query) over the store's union graph with bound parameters.

    Examples
    --------
    >>> from talkgraph.store.local import GraphStore
    >>> run_query(GraphStore(), "speakers").columns
    ['person', 'name', 'headline']
    """
    q = query if isinstance(query, Query) else load_query(query)
    if timeout is None and not allow_service:
        params = q.bind(params)
        solutions = store.query(q.text, params, name=q.name)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError(f"query {q.name!r} is not a SELECT query; use stream_query for ASK, CONSTRUCT, DESCRIBE")
        columns = [v.value for v in solutions.variables]
        return ResultTable(columns, [tuple(from_ox(s[c]) for c in columns) for s in solutions])
    with stream_query(store, q, params, timeout=timeout, allow_service=allow_service) as stream:
        if stream.kind != "select":
            raise QueryError(f"query {q.name!r} is not a SELECT query; use stream_query for ASK, CONSTRUCT, DESCRIBE")
        return ResultTable(stream.columns, list(stream.rows))
