"""SHACL validation of the built graph with pySHACL against ontology/shapes.ttl."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SH

from ..resources import resource_dir

__all__ = ["ValidationReport", "load_shapes", "validate_graph", "validate_store", "untargeted_shapes"]


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    text: str
    graph: Graph


@cache
def _shapes_text() -> str:
    return (resource_dir("ontology") / "shapes.ttl").read_text(encoding="utf-8")


def load_shapes() -> Graph:
    """The shapes graph (parsed from its file; a fresh Graph each call)."""
    return Graph().parse(data=_shapes_text(), format="turtle")


def validate_graph(data: Graph) -> ValidationReport:
    """Validate ``data`` (no inference: the graph states its types explicitly)."""
    from pyshacl import validate

    conforms, report_graph, text = validate(data, shacl_graph=load_shapes(), inference="none",
                                            advanced=True, allow_warnings=True)
    return ValidationReport(bool(conforms), text, report_graph)


def validate_store(store) -> ValidationReport:
    """Validate the union of every record graph in a GraphStore."""
    return validate_graph(store.to_rdflib())


def untargeted_shapes(data: Graph, shapes: Graph | None = None) -> list[str]:
    """Node shapes whose targets select nothing in ``data`` (a shape that checks nothing is a bug)."""
    shapes = shapes or load_shapes()
    empty = []
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        hit = False
        for cls in shapes.objects(shape, SH.targetClass):
            hit = hit or next(data.subjects(RDF.type, cls), None) is not None
        for prop in shapes.objects(shape, SH.targetSubjectsOf):
            hit = hit or next(data.subjects(prop, None), None) is not None
        for prop in shapes.objects(shape, SH.targetObjectsOf):
            hit = hit or next(data.objects(None, prop), None) is not None
        if not hit:
            empty.append(str(shape))
    return sorted(empty)
