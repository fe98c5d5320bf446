"""The vocabulary module mirrors ontology/talkgraph.ttl; shapes are well-formed and all used."""
from rdflib import OWL, RDF, Graph

from talkgraph.vocab import TG
from talkgraph.resources import resource_dir


def test_namespace_terms_match_the_ontology():
    onto = Graph().parse(resource_dir("ontology") / "talkgraph.ttl")
    defined = {str(s).split("#")[1] for s in onto.subjects() if str(s).startswith(str(TG._NS)) and "#" in str(s)
               and str(s) != str(TG._NS)}
    declared = set(TG.__annotations__)
    assert declared == defined


def test_every_term_has_a_label_and_a_type():
    onto = Graph().parse(resource_dir("ontology") / "talkgraph.ttl")
    for name in TG.__annotations__:
        term = TG[name]
        assert (term, RDF.type, None) in onto, name


def test_shapes_parse():
    shapes = Graph().parse(resource_dir("ontology") / "shapes.ttl")
    assert len(shapes) > 50
