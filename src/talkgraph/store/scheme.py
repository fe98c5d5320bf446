"""The curated topic scheme (ontology/topics.ttl) kept in the store as its own named graph."""
from __future__ import annotations

import datetime as dt
import hashlib

import pyoxigraph as ox

from ..keys import fold_label
from ..rdf.mapping import RecordSource, map_provenance
from ..vocab import GRAPH, TG
from ..resources import resource_dir
from .local import GraphStore

__all__ = ["SCHEME_GRAPH", "ensure_scheme"]

SCHEME_GRAPH = GRAPH["scheme-topics"]
# What the store adds to the file (a tg:matchKey per label): a new value reloads every store's scheme graph.
_ADDED = b"match-keys/1\n"
_LABELS = frozenset({"http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2004/02/skos/core#altLabel"})


def ensure_scheme(store: GraphStore) -> bool:
    """Load or refresh the topic scheme graph when its file changed; True when it was (re)loaded.

    Talks point at concepts with schema:about; with the scheme in the store, their labels and
    skos:broader links are queryable and the graph validates (concepts are skos:Concept). Each
    label also gives its concept a ``tg:matchKey`` (:func:`talkgraph.keys.fold_label`), which
    ``talks-by-topic`` matches a label on.
    """
    path = resource_dir("ontology") / "topics.ttl"
    data = path.read_bytes()
    digest = hashlib.sha256(_ADDED + data).hexdigest()
    if store.record_hash(SCHEME_GRAPH) == f"sha256:{digest}":
        return False
    # Parsed by the store's own (native) parser: rdflib took a second and a half for the 600 concepts.
    scheme = [(q.subject, q.predicate, q.object) for q in ox.parse(data, ox.RdfFormat.TURTLE)]
    # Each label folded (case, accents, spacing), for the queries that find a concept by its label.
    match = ox.NamedNode(str(TG.matchKey))
    keys = {(s, match, ox.Literal(fold_label(o.value))) for s, p, o in scheme
            if p.value in _LABELS and isinstance(o, ox.Literal)}
    scheme.extend(keys)
    source = RecordSource(key=str(path), sha256=digest, extracted_at=dt.datetime.now(dt.timezone.utc),
                          layout="skos-scheme")
    store.replace_record(SCHEME_GRAPH, [*scheme, *_provenance(source)])
    return True


def _provenance(source: RecordSource):
    # The scheme's graph has a fixed name rather than one minted from its path.
    for s, p, o in map_provenance(source):
        yield (SCHEME_GRAPH if s == source.graph else s), p, (SCHEME_GRAPH if o == source.graph else o)
