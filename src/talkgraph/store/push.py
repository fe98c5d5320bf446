"""Publishing the store to a SPARQL server: one named graph per source record, each replaced as a unit."""
from __future__ import annotations

import logging
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Callable, Iterator

import pyoxigraph as ox
from rdflib import URIRef

from ..errors import EndpointError
from ..vocab import GRAPH
from .local import REMERGE_UPDATE, GraphStore, replace_graph_update
from .endpoint import Credentials, RetryPolicy, call_with_retries, redact_url

__all__ = ["push", "PushResult", "DEFAULT_BATCH_TRIPLES", "DEFAULT_GRAPH_MODES"]

log = logging.getLogger(__name__)

DEFAULT_BATCH_TRIPLES = 10_000
"""Triples per SPARQL Update request. Virtuoso refuses very large INSERT DATA requests."""
DEFAULT_GRAPH_MODES = ("merge", "union")


@dataclass
class PushResult:
    """What a push sent: graphs, triples, HTTP requests, stale graphs removed, and how long it took."""

    graphs: int = 0
    triples: int = 0
    requests: int = 0
    pruned: bool = False
    seconds: float = 0.0

    @property
    def triples_per_second(self) -> float:
        return self.triples / self.seconds if self.seconds else 0.0


def push(store: GraphStore, update_url: str, graph_store_url: str | None = None, *,
         batch_size: int = DEFAULT_BATCH_TRIPLES, progress: Callable[[int], None] | None = None,
         credentials: Credentials | None = None, timeout: float = 120.0, retry: RetryPolicy | None = None,
         prune: bool = False, default_graph: str = "merge") -> PushResult:
    """Publish every record graph of ``store`` to a SPARQL 1.1 server, replacing each graph as a unit.

    With ``graph_store_url`` (Graph Store Protocol; Oxigraph: ``http://HOST:PORT/store``) each
    record graph is one ``PUT ?graph=<g>`` of N-Triples. Otherwise each graph is
    ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { ... } }`` inside one SPARQL Update request to
    ``update_url`` (Oxigraph: ``/update``); whole graphs are packed into requests of about
    ``batch_size`` triples, and a graph is never split across requests. A server that runs each
    request as a transaction (Oxigraph, Fuseki) therefore holds every graph fully old or fully new,
    whatever fails and whenever. Both kinds of request are idempotent, so they are retried on
    connection errors, 429 and 503. Pushing twice leaves the same graphs on the server.

    The named queries read the default graph. With ``default_graph="merge"`` (the default) the
    server's default graph is kept equal to the merge of the record graphs, as in the embedded store:
    each SPARQL Update request also takes the record's old triples out of it and puts the new ones
    in (so graph and merge change together); after Graph Store PUTs one final update rebuilds it.
    Use ``"union"`` for servers whose default graph already is the union of all graphs (Virtuoso,
    Fuseki with ``unionDefaultGraph``). Oxigraph's ``--union-default-graph`` also works but makes
    joins far slower (minutes instead of milliseconds on the codesync graph), hence ``merge``.

    Parameters
    ----------
    progress : called with the number of record graphs each request completed.
    credentials : HTTP Basic or Digest credentials (see ``credentials_from_env``), never logged.
    prune : also delete, in one update, the talkgraph record graphs (IRIs under the talkgraph graph
        namespace) the server has and the store no longer has.

    Raises
    ------
    EndpointError
        naming the URL and the graph(s) of the failed request; graphs sent before it stay sent.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    if default_graph not in DEFAULT_GRAPH_MODES:
        raise ValueError(f"default_graph must be one of {DEFAULT_GRAPH_MODES}, got {default_graph!r}")
    merge = default_graph == "merge"
    started = time.perf_counter()
    result = PushResult()
    sender = _Sender(_opener(credentials, [u for u in (update_url, graph_store_url) if u]), timeout, retry,
                     credentials, result, progress)
    graphs = store.record_graphs()
    if graph_store_url:
        _put_graphs(sender, store, graphs, graph_store_url, update_url, remerge_after=merge and not prune,
                    remerge_on_error=merge)
    else:
        _update_graphs(sender, store, graphs, update_url, batch_size, merge=merge)
    if prune:
        sender.update(update_url, _prune_update(graphs), "update removing stale record graphs")
        result.pruned = True
        if merge:
            sender.remerge(update_url)
    result.seconds = time.perf_counter() - started
    log.info("pushed %d graphs, %d triples in %d requests to %s in %.1f s", result.graphs, result.triples,
             result.requests, redact_url(graph_store_url or update_url), result.seconds)
    return result


@dataclass
class _Sender:
    """Sends a push's requests (each idempotent, so retried) and counts them in its result."""

    opener: urllib.request.OpenerDirector
    timeout: float
    retry: RetryPolicy | None
    credentials: Credentials | None
    result: PushResult
    progress: Callable[[int], None] | None

    def send(self, url: str, method: str, body: bytes, content_type: str, what: str) -> None:
        request = urllib.request.Request(url, data=body, method=method,
                                         headers={"Content-Type": content_type, "User-Agent": "talkgraph"})

        def call() -> None:
            with self.opener.open(request, timeout=self.timeout) as response:
                response.read()

        call_with_retries(call, what=what, endpoint=url, idempotent=True, retry=self.retry,
                          credentials=self.credentials)
        self.result.requests += 1

    def update(self, url: str, text: str, what: str) -> None:
        self.send(url, "POST", text.encode("utf-8"), "application/sparql-update", what)

    def remerge(self, url: str) -> None:
        self.update(url, REMERGE_UPDATE, "update rebuilding the default graph (the merge of the record graphs)")

    def done(self, graphs: int, triples: int) -> None:
        _done(self.result, self.progress, graphs, triples)


def _put_graphs(sender: _Sender, store: GraphStore, graphs: list[URIRef], graph_store_url: str, update_url: str,
                *, remerge_after: bool, remerge_on_error: bool) -> None:
    """One Graph Store Protocol PUT per record graph; then (or after a failure) the merge rebuilt."""
    try:
        for graph in graphs:
            body, count = store.record_ntriples(graph)
            target = _with_query(graph_store_url, graph=str(graph))
            sender.send(target, "PUT", body, "application/n-triples", f"PUT of graph <{graph}>")
            sender.done(1, count)
    except EndpointError:
        if remerge_on_error and sender.result.graphs:
            try:  # the merge then matches the graphs that were sent; the push's error is the one to see
                sender.remerge(update_url)
            except EndpointError as exc:
                log.warning("%s", exc)
        raise
    if remerge_after:
        sender.remerge(update_url)


def _update_graphs(sender: _Sender, store: GraphStore, graphs: list[URIRef], update_url: str, batch_size: int,
                   *, merge: bool) -> None:
    """Whole graphs replaced by SPARQL Update requests of about ``batch_size`` triples (with the merge)."""
    for batch in _batches(store, graphs, batch_size):
        text = " ;\n".join(replace_graph_update(g, nt, merge=merge) for g, nt, _ in batch)
        what = (f"update of graph <{batch[0][0]}>" if len(batch) == 1
                else f"update of {len(batch)} graphs from <{batch[0][0]}>")
        sender.update(update_url, text, what)
        sender.done(len(batch), sum(n for _, _, n in batch))


def _done(result: PushResult, progress, graphs: int, triples: int) -> None:
    result.graphs += graphs
    result.triples += triples
    if progress:
        progress(graphs)


def _batches(store: GraphStore, graphs: list[URIRef], batch_size: int) -> Iterator[list[tuple[URIRef, str, int]]]:
    """Whole graphs as (graph, N-Triples text, count), packed up to ``batch_size`` triples a batch."""
    batch: list[tuple[URIRef, str, int]] = []
    size = 0
    for graph in graphs:
        body, count = store.record_ntriples(graph)
        if batch and size + count > batch_size:
            yield batch
            batch, size = [], 0
        batch.append((graph, body.decode("utf-8"), count))
        size += count
    if batch:
        yield batch


def _prune_update(keep: list[URIRef]) -> str:
    namespace = ox.Literal(str(GRAPH))
    kept = ", ".join(str(ox.NamedNode(str(g))) for g in keep)
    condition = f"STRSTARTS(STR(?g), {namespace})" + (f" && ?g NOT IN ({kept})" if keep else "")
    return f"DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER ({condition}) }}"


def _with_query(url: str, **params: str) -> str:
    parts = urllib.parse.urlsplit(url)
    query = "&".join(p for p in (parts.query, urllib.parse.urlencode(params)) if p)
    return urllib.parse.urlunsplit(parts._replace(query=query))


def _opener(credentials: Credentials | None, urls: list[str]) -> urllib.request.OpenerDirector:
    """A private urllib opener (no global state) that answers Basic or Digest challenges.

    Basic credentials are sent up front; Digest ones answer the server's challenge, so the
    password itself never goes over the wire.
    """
    handlers: list[urllib.request.BaseHandler] = []
    if credentials is not None:
        if credentials.scheme == "basic":
            prior = urllib.request.HTTPPasswordMgrWithPriorAuth()
            for url in urls:
                prior.add_password(None, url, credentials.user, credentials.password, is_authenticated=True)
            handlers.append(urllib.request.HTTPBasicAuthHandler(prior))
        else:
            realm = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in urls:
                realm.add_password(None, url, credentials.user, credentials.password)
            handlers.append(urllib.request.HTTPDigestAuthHandler(realm))
    return urllib.request.build_opener(*handlers)

