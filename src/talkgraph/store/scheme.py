"""The curated topic scheme (ontology/topics.ttl) kept in the store as its own named graph."""
from __future__ import annotations

import datetime as dt
import hashlib

import pyoxigraph as ox

from ..rdf.mapping import RecordSource, map_provenance
from ..vocab import GRAPH
from ..resources import resource_dir
from .local import GraphStore

__all__ = ["SCHEME_GRAPH", "ensure_scheme"]

SCHEME_GRAPH = GRAPH["scheme-topics"]


def ensure_scheme(store: GraphStore) -> bool:
    """Load or refresh the topic scheme graph when its file changed; True when it was (re)loaded.

    Talks point at concepts with schema:about; with the scheme in the store, their labels and
    skos:broader links are queryable and the graph validates (concepts are skos:Concept).
    """
    path = resource_dir("ontology") / "topics.ttl"
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if store.record_hash(SCHEME_GRAPH) == f"sha256:{digest}":
        return False
    # Parsed by the store's own (native) parser: rdflib took a second and a half for the 600 concepts.
    scheme = [(q.subject, q.predicate, q.object) for q in ox.parse(data, ox.RdfFormat.TURTLE)]
    source = RecordSource(key=str(path), sha256=digest, extracted_at=dt.datetime.now(dt.timezone.utc),
                          layout="skos-scheme")
    store.replace_record(SCHEME_GRAPH, [*scheme, *_provenance(source)])
    return True


def _provenance(source: RecordSource):
    # The scheme's graph has a fixed name rather than one minted from its path.
    for s, p, o in map_provenance(source):
        yield (SCHEME_GRAPH if s == source.graph else s), p, (SCHEME_GRAPH if o == source.graph else o)
