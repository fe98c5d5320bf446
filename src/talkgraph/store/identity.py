"""Applying identity rules to the records already in the store, without extracting anything again."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import URIRef

from ..rdf.identity import IdentityRules, rewrite_record, would_change
from .local import GraphStore

__all__ = ["IdentityResult", "apply_identities"]

# Every keyed node (person, edition) of every record graph, with the record's source.
_KEYED = """
PREFIX tg: <https://w3id.org/talkgraph/ns#>
SELECT ?g ?path ?n ?k ?type WHERE {
  GRAPH ?g { ?n tg:nameKey ?k ; a ?type }
  ?g tg:sourcePath ?path .
}
"""


@dataclass
class IdentityResult:
    checked: int = 0
    rewritten: int = 0
    restored: int = 0


def apply_identities(store: GraphStore, rules: IdentityRules) -> IdentityResult:
    """Re-mint people and editions in every record graph under ``rules``; each graph in one transaction.

    The first time a rule changes a record, the record as extracted is kept in a shadow graph and
    every later application starts from it, so removing a rule restores the record exactly (even
    when a rule had merged two people named in the same record). Running it twice changes nothing.
    """
    result = IdentityResult()
    keyed: dict[URIRef, list] = defaultdict(list)
    sources: dict[URIRef, str] = {}
    for row in store.query(_KEYED):
        g = URIRef(row["g"].value)
        keyed[g].append((URIRef(row["n"].value), row["k"].value, URIRef(row["type"].value)))
        sources[g] = row["path"].value
    shadowed = store.shadowed_records()
    for g in sorted(set(keyed) | shadowed):
        result.checked += 1
        if g not in shadowed and not would_change(keyed[g], sources.get(g, ""), rules):
            continue
        base = store.record_triples(store.shadow_graph(g) if g in shadowed else g)
        new, changed = rewrite_record(base, sources.get(g, ""), rules)
        if changed:
            if g not in shadowed:
                store.save_shadow(g, base)
            if set(new) != set(store.record_triples(g)):
                store.replace_record(g, new, keep_shadow=True)
                result.rewritten += 1
        else:  # no rule touches it any more: back to the record as extracted
            store.replace_record(g, base)
            store.drop_shadow(g)
            result.restored += 1
    store.flush()
    return result
