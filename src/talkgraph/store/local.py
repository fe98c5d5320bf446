"""The embedded store: a pyoxigraph (RocksDB) store in a directory, one named graph per record."""
from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Iterable, Sequence

import pyoxigraph as ox
from rdflib import URIRef

from ..errors import StoreError
from ..vocab import TG
from .guard import check_query
from .terms import to_ox

__all__ = ["GraphStore", "EXPORT_FORMATS", "REMERGE_UPDATE", "remove_graph_update", "replace_graph_update"]

_DEFAULT = ox.DefaultGraph()
SHADOW_NS = "urn:talkgraph:shadow:"
_PREFIXES = {"schema": "https://schema.org/", "tg": str(TG._NS), "org": "http://www.w3.org/ns/org#",
             "prov": "http://www.w3.org/ns/prov#", "skos": "http://www.w3.org/2004/02/skos/core#",
             "xsd": "http://www.w3.org/2001/XMLSchema#"}
_CONTENT_HASH = ox.NamedNode(str(TG.contentHash))
_BATCH_RECORDS = 500  # new records per bulk load of add_records
# N-Quads bytes per bulk load of add_record_nquads: each load costs a sort and an ingestion of its own (the
# whole pyvideo corpus: 43 s CPU in batches of 500 records, 27 s in batches of 6,000), so few and large
# loads; the text held at once bounds the memory (the corpus is ~600 MB of N-Quads).
_BATCH_BYTES = 100_000_000

# The merge rule, written once for the embedded store and for a server (push): the default graph
# is the set-merge of the record graphs. Shadow graphs (identity rules) are never part of it.
_NOT_A_SHADOW = f'!STRSTARTS(STR(?other), "{SHADOW_NS}")'
REMERGE_UPDATE = ("CLEAR SILENT DEFAULT ;\nINSERT { ?s ?p ?o } WHERE { GRAPH ?other { ?s ?p ?o } "
                  f"FILTER ({_NOT_A_SHADOW}) }}")
"""SPARQL Update rebuilding the default graph from the record graphs."""


def remove_graph_update(graph: URIRef | str, *, merge: bool = True) -> str:
    """SPARQL Update dropping a record graph and, with ``merge``, its triples no other record states."""
    g = f"<{graph}>"
    unmerge = (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} FILTER NOT EXISTS {{ "
               f"GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != {g} && {_NOT_A_SHADOW}) }} }} ;\n")
    return (unmerge if merge else "") + f"DROP SILENT GRAPH {g}"


def replace_graph_update(graph: URIRef | str, ntriples: str, *, merge: bool = True) -> str:
    """SPARQL Update replacing a record graph by ``ntriples`` (N-Triples text), keeping the merge with ``merge``.

    One request is one transaction on the embedded store and on servers that run updates as one
    (Oxigraph, Fuseki): readers see the old record or the new one, and the merge always matches.
    """
    return (remove_graph_update(graph, merge=merge) + f" ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{ntriples}}}"
            + (f"\n{ntriples}" if merge else "") + " }")


EXPORT_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD,
}


def _umask() -> int:
    """The process umask (read from /proc where possible: setting it to read it is not thread-safe)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _ox(term):
    return term if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)) else to_ox(term)


def _ntriples(triples: Iterable[ox.Triple]) -> bytes:
    out = io.BytesIO()
    ox.serialize(triples, out, ox.RdfFormat.N_TRIPLES)
    return out.getvalue()


class _Chunks(io.RawIOBase):
    """A list of byte strings read as one stream, each let go once read (no joined copy of a whole batch)."""

    def __init__(self, chunks: list[bytes]) -> None:
        self._chunks = chunks
        self._next = 0
        self._offset = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        view = memoryview(buffer).cast("B")
        filled = 0
        while filled < len(view) and self._next < len(self._chunks):
            chunk = self._chunks[self._next]
            n = min(len(view) - filled, len(chunk) - self._offset)
            view[filled:filled + n] = memoryview(chunk)[self._offset:self._offset + n]
            filled += n
            self._offset += n
            if self._offset == len(chunk):
                self._chunks[self._next] = b""
                self._next, self._offset = self._next + 1, 0
        return filled


class GraphStore:
    """A talkgraph store. ``GraphStore()`` is in memory; ``GraphStore(path)`` persists in ``path``.

    Every source record lives in its own named graph; queries see the union of all of them.

    Examples
    --------
    >>> store = GraphStore()
    >>> store.count()
    0
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not self.path.is_dir():
                    raise StoreError(f"no store at {self.path}: run 'talkgraph build' first (or pass --store)")
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc

    @property
    def cache_dir(self) -> Path | None:
        """A directory in the store for data derived from it (a trained semantic space), each file
        named by a fingerprint of what it was derived from and rebuilt when stale; None in memory."""
        return None if self.path is None else self.path / "talkgraph-cache"

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for direct use."""
        return self._store

    # ---- records -------------------------------------------------------------------------
    def record_hash(self, graph: URIRef) -> str | None:
        """The content hash stored for a record graph, or None when the record is not in the store."""
        g = ox.NamedNode(str(graph))
        for quad in self._store.quads_for_pattern(g, ox.NamedNode(str(TG.contentHash)), None, g):
            return quad.object.value if isinstance(quad.object, ox.Literal) else None
        return None

    def add_records(self, records: Iterable[tuple[URIRef, Sequence[tuple]]]) -> int:
        """Write many records; ``records`` yields each record graph with its distinct triples as
        pyoxigraph terms (``terms.to_ox``). Returns the number of triples written.

        Records new to the store are bulk-loaded in batches (their graphs and their share of the
        merge), then their content hashes (``tg:contentHash``) in one transaction: a load cut short
        leaves records without a hash, which a build treats as absent and writes again through
        ``replace_record`` (which repairs the merge). A record already in the store, or met twice,
        is replaced.
        """
        quads: list[ox.Quad] = []
        merged: set[tuple] = set()
        hashes: list[ox.Quad] = []
        pending: set[URIRef] = set()

        def flush() -> None:
            if quads or merged:
                quads.extend(ox.Quad(s, p, o, _DEFAULT) for s, p, o in merged)
                self._store.bulk_extend(quads)
            if hashes:
                self._store.extend(hashes)
            for pending_part in (quads, merged, hashes, pending):
                pending_part.clear()

        written = 0
        for graph, terms in records:
            if graph in pending:
                flush()
            g = ox.NamedNode(str(graph))
            if self._store.contains_named_graph(g):
                flush()
                written += self.replace_record(graph, terms)
                continue
            # Quads straight from term tuples: ox.Triple objects and their attributes cost more than
            # the mapping itself on the pyvideo corpus.
            for s, p, o in terms:
                (hashes if p == _CONTENT_HASH else quads).append(ox.Quad(s, p, o, g))
            merged.update(terms)
            pending.add(graph)
            written += len(terms)
            if len(pending) >= _BATCH_RECORDS:
                flush()
        flush()
        return written

    def add_record_nquads(self, records: Iterable[tuple[str, bytes, bytes, int]]) -> int:
        """Like :meth:`add_records` for records given as N-Quads bytes: each record's graph IRI, ``body``
        (every triple of the record twice: in its graph, and in the default graph for the merge), its
        content-hash quad(s) in its graph, and its triple count. Returns the number of triples written.

        New records are bulk-loaded, many at a time (the store parses the bytes: no terms are built in
        Python, and the store drops the merge's repeats), then their hashes in one small transaction, so
        that a load cut short leaves records without a hash, which the next build writes again. A record
        already in the store, or met twice, is replaced. The bytes must come from checked terms (``str``
        of pyoxigraph terms): the store parses them without checking IRIs again.
        """
        bodies: list[bytes] = []
        hashes: list[bytes] = []
        pending: set[str] = set()
        size = 0

        def flush() -> None:
            nonlocal size
            if bodies:
                self._store.bulk_load(io.BufferedReader(_Chunks(bodies), 1 << 20), ox.RdfFormat.N_QUADS, lenient=True)
            if hashes:  # one small transaction: a bulk load per batch would mean one more compaction
                self._store.extend(list(ox.parse(b"".join(hashes), ox.RdfFormat.N_QUADS)))
            for pending_part in (bodies, hashes, pending):
                pending_part.clear()
            size = 0

        written = 0
        for graph, body, hash_quads, count in records:
            if graph in pending:
                flush()
            g = ox.NamedNode(graph)
            if self._store.contains_named_graph(g):
                flush()
                own = [(q.subject, q.predicate, q.object)
                       for q in ox.parse(body + hash_quads, ox.RdfFormat.N_QUADS) if q.graph_name == g]
                written += self.replace_record(URIRef(graph), own)
                continue
            bodies.append(body)
            hashes.append(hash_quads)
            pending.add(graph)
            written += count
            size += len(body)
            if size >= _BATCH_BYTES:
                flush()
        flush()
        return written

    def replace_record(self, graph: URIRef, triples: Iterable[tuple], *, keep_shadow: bool = False) -> int:
        """Replace a record's named graph by ``triples`` in one transaction; returns the triple count.

        ``triples`` are rdflib or pyoxigraph terms. The default graph holds the merge (a set) of
        every record graph, so queries see each fact once however many records state it. Readers
        see the old record or the new one, never a mix, and the merge always matches the record graphs.
        """
        if not keep_shadow:
            self.drop_shadow(graph)  # a new version of the record: identity rules start again from it
        g = ox.NamedNode(str(graph))
        new = {ox.Triple(_ox(s), _ox(p), _ox(o)) for s, p, o in triples}
        if not self._store.contains_named_graph(g):
            # One extend is one transaction: the record graph and its share of the merge together.
            self._store.extend([ox.Quad(t.subject, t.predicate, t.object, graph_name)
                                for graph_name in (g, _DEFAULT) for t in new])
            return len(new)
        body = _ntriples(new).decode("utf-8")
        self._store.update(replace_graph_update(graph, body))  # one SPARQL Update is one transaction
        return len(new)

    def remove_record(self, graph: URIRef) -> None:
        """Remove a record's graph and the facts only it stated from the merge."""
        self.drop_shadow(graph)
        if self._store.contains_named_graph(ox.NamedNode(str(graph))):
            self._store.update(remove_graph_update(graph))

    def shadow_graph(self, graph: URIRef) -> URIRef:
        """Where a record's triples as extracted are kept while identity rules rewrite the record."""
        return URIRef(f"{SHADOW_NS}{graph}")

    def save_shadow(self, graph: URIRef, triples: Iterable[tuple]) -> None:
        """Keep ``triples`` in the record's shadow graph (outside the merged default graph)."""
        shadow = ox.NamedNode(str(self.shadow_graph(graph)))
        self._store.remove_graph(shadow) if self._store.contains_named_graph(shadow) else None
        self._store.extend([ox.Quad(_ox(s), _ox(p), _ox(o), shadow) for s, p, o in triples])

    def drop_shadow(self, graph: URIRef) -> None:
        shadow = ox.NamedNode(str(self.shadow_graph(graph)))
        if self._store.contains_named_graph(shadow):
            self._store.remove_graph(shadow)

    def shadowed_records(self) -> set[URIRef]:
        """The record graphs that identity rules rewrote (those with a shadow graph)."""
        return {URIRef(g.value[len(SHADOW_NS):]) for g in self._store.named_graphs()
                if isinstance(g, ox.NamedNode) and g.value.startswith(SHADOW_NS)}

    def record_triples(self, graph: URIRef) -> list[tuple]:
        """The triples of one record graph, as rdflib terms."""
        from .terms import from_ox

        g = ox.NamedNode(str(graph))
        return [(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))
                for q in self._store.quads_for_pattern(None, None, None, g)]

    def record_ntriples(self, graph: URIRef) -> tuple[bytes, int]:
        """One record graph as N-Triples bytes, and its triple count (what a push sends)."""
        g = ox.NamedNode(str(graph))
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in self._store.quads_for_pattern(None, None, None, g)]
        return _ntriples(triples), len(triples)

    def record_keys(self) -> dict[URIRef, str]:
        """Each record graph's source key (``tg:sourcePath``: a path, ``path#id`` or a URL)."""
        prop = ox.NamedNode(str(TG.sourcePath))
        return {URIRef(q.subject.value): q.object.value
                for q in self._store.quads_for_pattern(None, prop, None, _DEFAULT)
                if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.Literal)}

    def record_graphs(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._store.named_graphs()
                      if isinstance(g, ox.NamedNode) and not g.value.startswith(SHADOW_NS))

    # ---- reading --------------------------------------------------------------------------
    def query(self, text: str, bindings: dict | None = None, *, allow_service=(), name: str = "query"):
        """Run SPARQL over the merged graph (``GRAPH ?record`` reaches each record's own graph).

        ``bindings`` maps variable names to rdflib terms; each must be projected by the query.
        A ``SERVICE`` call is refused (``ServiceRefusedError``) unless its endpoint is in
        ``allow_service``; text that is not SPARQL raises ``QuerySyntaxError``.
        """
        check_query(text, allow_service=tuple(allow_service), name=name)
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()}
        return self._store.query(text, substitutions=subs or None)

    def count(self) -> int:
        """Number of distinct triples in the merged graph."""
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, _DEFAULT))

    def union_triples(self) -> set[ox.Triple]:
        """Every distinct triple of the merged graph."""
        return {ox.Triple(q.subject, q.predicate, q.object)
                for q in self._store.quads_for_pattern(None, None, None, _DEFAULT)}

    def record_quads(self) -> Iterable[ox.Quad]:
        """Every quad of every record graph (the merged default graph left out)."""
        return (q for q in self._store if not isinstance(q.graph_name, ox.DefaultGraph))

    def to_rdflib(self):
        """The union graph as an rdflib Graph (for pySHACL and rdflib-based tools)."""
        from rdflib import Graph

        data = ox.serialize(self.union_triples(), format=ox.RdfFormat.N_TRIPLES)
        graph = Graph()
        graph.parse(data=data.decode("utf-8"), format="nt")
        return graph

    def export(self, path: str | Path, fmt: str) -> Path:
        """Write the graph to ``path`` atomically (temp file, then rename).

        ``nq`` and ``trig`` keep one named graph per record; ``ttl``, ``nt`` and ``jsonld`` write
        the merged graph.
        """
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; allowed: {', '.join(EXPORT_FORMATS)}")
        rdf_format = EXPORT_FORMATS[fmt]
        target = Path(path)
        tmp = None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; an export is an ordinary file
            with os.fdopen(fd, "wb") as out:
                if rdf_format.supports_datasets and fmt != "jsonld":
                    ox.serialize(self.record_quads(), out, rdf_format)
                elif fmt == "ttl":
                    ox.serialize(sorted(self.union_triples(), key=str), out, rdf_format, prefixes=_PREFIXES)
                else:
                    self._store.dump(out, rdf_format, from_graph=_DEFAULT)
            os.replace(tmp, target)
        except OSError as exc:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            raise StoreError(f"cannot write {target}: {exc.strerror or exc} (nothing was written)") from exc
        except BaseException:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()
