"""Running queries on the embedded store: named or from a file, bounded in time, results streamed."""
from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from ..errors import QueryError, QueryTimeoutError
from ..store.guard import check_query
from ..store.isolated import IsolatedQuery
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
    _halt: Callable[[], None] | None = None  # also ends the query's process, when it has one

    @property
    def rows(self) -> Iterator[tuple]:
        return self._items

    @property
    def triples(self) -> Iterator[tuple]:
        return self._items

    def close(self) -> None:
        self._stop.set()
        if self._halt is not None:
            self._halt()

    def __enter__(self) -> "QueryStream":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def stream_query(store: GraphStore, query: Query | str, params: dict | None = None, *,
                 timeout: float | None = None, allow_service: Iterable[str] = ()) -> QueryStream:
    """Start a query (SELECT, ASK, CONSTRUCT or DESCRIBE) and stream its answer.

    The query runs in a worker thread, so the caller gets control back at the time limit, and
    Ctrl-C in the caller stops waiting at once. With a ``timeout`` on a store opened read-only
    from a directory, the thread reads the answer from a process of its own
    (:class:`~talkgraph.store.isolated.IsolatedQuery`), killed at the limit or on ``close()``, so
    the work stops too. Otherwise (a store in memory or open for writing, which another process
    cannot safely read) a query that computes everything before its first row (an aggregate, an
    ORDER BY) goes on in the abandoned thread until it ends: pyoxigraph cannot cancel a query.

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
    # A blank node parameter names a node of this process's store: another process would not know it.
    own_process = (timeout is not None and store.read_only and store.path is not None
                   and not any(isinstance(v, BNode) for v in params.values()))
    children: list[IsolatedQuery] = []

    def halt() -> None:
        stop.set()
        for child in children:
            child.kill()

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
            if own_process:
                assert store.path is not None  # own_process says so
                children.append(IsolatedQuery(store.path, q.text, params))
                if stop.is_set():  # the limit passed while it started
                    return
                result = children[0].result()
            else:
                result = store.query(q.text, params, allow_service=tuple(allow_service), name=q.name)
            if isinstance(result, ox.QueryBoolean):
                put(("ask", bool(result)))
            elif isinstance(result, ox.QuerySolutions):
                columns = [v.value for v in result.variables]
                put(("select", columns))
                for s in result:
                    if stop.is_set() or not put(tuple(from_ox(s[c]) for c in columns)):
                        return
            else:  # ox.QueryTriples, or the triples of the query's own process
                put(("graph", None))
                for t in result:
                    if stop.is_set() or not put((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object))):
                        return
            put(_END)
        except (SyntaxError, ValueError, OSError) as exc:
            if not stop.is_set():  # not the answer cut short by a kill
                put(QueryError(f"query {q.name!r} failed: {exc}"))
        finally:
            for child in children:
                child.close()

    def get():
        while True:
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                halt()
                raise QueryTimeoutError(f"query {q.name!r} stopped after its time limit of {timeout:g} s "
                                        "(setting query_timeout, or --timeout)")
            try:
                # Short waits keep Ctrl-C responsive on every platform.
                item = items.get(timeout=0.2 if wait is None else min(wait, 0.2))
            except queue.Empty:
                continue
            if isinstance(item, QueryError):
                halt()
                raise item
            return item

    threading.Thread(target=work, name=f"query {q.name}", daemon=True).start()
    try:
        head = get()
    except BaseException:
        halt()
        raise
    kind, info = head
    stream = QueryStream(q.name, kind, _stop=stop, _halt=halt)
    if kind == "ask":
        stream.boolean = info
        halt()
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
            halt()

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
