"""The extractor fingerprint kept with a store: a build with other code or settings rebuilds every record."""
from __future__ import annotations

import hashlib
import json

import pyoxigraph as ox

from ..config import Settings
from ..resources import resource_dir
from ..vocab import TG
from .local import GraphStore
from .scheme import SCHEME_GRAPH

__all__ = ["EXTRACTION_SETTINGS", "extractor_fingerprint", "stored_fingerprint", "renew_fingerprint"]

EXTRACTION_SETTINGS = ("max_record_bytes", "spacy_model", "min_confidence", "encoding", "topics",
                       "topic_candidates")
"""The settings that change what a record becomes (not where the store is, nor how fast it is built)."""

_FINGERPRINT = ox.NamedNode(str(TG.extractorFingerprint))
_SCHEME = ox.NamedNode(str(SCHEME_GRAPH))


def extractor_fingerprint(settings: Settings) -> str:
    """SHA-256 of the talkgraph and importer versions, the extraction settings and the topic scheme file."""
    from ..ingest import IMPORTER_VERSION
    from ..version import __version__

    scheme = (resource_dir("ontology") / "topics.ttl").read_bytes()
    parts = {"talkgraph": __version__, "importers": IMPORTER_VERSION,
             "scheme": hashlib.sha256(scheme).hexdigest(),
             "settings": {name: str(getattr(settings, name)) for name in EXTRACTION_SETTINGS}}
    return "sha256:" + hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()


def stored_fingerprint(store: GraphStore) -> str | None:
    """The fingerprint of the build that last wrote ``store``; None for a new store (or one built before
    fingerprints were kept)."""
    for quad in store.oxigraph.quads_for_pattern(_SCHEME, _FINGERPRINT, None, _SCHEME):
        return quad.object.value if isinstance(quad.object, ox.Literal) else None
    return None


def renew_fingerprint(store: GraphStore, fingerprint: str) -> bool:
    """Keep ``fingerprint`` with the store; True when another one (or none) was kept.

    Then every record's content hash is forgotten first (in one transaction), so that each record is
    written again the next time it is built, whatever its bytes: as after a load cut short. A record of
    an input that this build does not read keeps its graph, without a hash, until that input is built.
    """
    if stored_fingerprint(store) == fingerprint:
        return False
    store.oxigraph.update(_FORGET_HASHES)
    old = list(store.oxigraph.quads_for_pattern(_SCHEME, _FINGERPRINT, None, None))
    for quad in old:
        store.oxigraph.remove(quad)
    value = ox.Literal(fingerprint)
    store.oxigraph.extend([ox.Quad(_SCHEME, _FINGERPRINT, value, graph) for graph in (_SCHEME, ox.DefaultGraph())])
    return True


# A record's hash is about its own graph, so only that record states it: it leaves the merge too. The
# scheme's own hash stays (it says when the scheme graph itself must be reloaded).
_FORGET_HASHES = (f"DELETE {{ GRAPH ?g {{ ?g <{TG.contentHash}> ?h }} ?g <{TG.contentHash}> ?h }} "
                  f"WHERE {{ GRAPH ?g {{ ?g <{TG.contentHash}> ?h }} FILTER (?g != <{SCHEME_GRAPH}>) }}")
