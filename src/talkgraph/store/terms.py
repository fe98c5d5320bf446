"""Converting RDF terms between rdflib (the mapping's vocabulary) and pyoxigraph (the store's)."""
from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

__all__ = ["to_ox", "from_ox"]


@lru_cache(maxsize=131072)  # predicates, classes and shared entities recur in every record
def _named(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term (a plain rdflib string stays a simple literal)."""
    if isinstance(term, URIRef):
        return _named(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"expected an rdflib URIRef, BNode or Literal, got {type(term).__name__}: {term!r}")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def from_ox(term) -> Node | None:
    """A pyoxigraph term as an rdflib term; xsd:string comes back as a plain literal."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unexpected term {term!r}")
