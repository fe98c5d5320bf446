"""Namespaces: the talkgraph vocabulary (mirrors ontology/talkgraph.ttl; a test keeps them equal)."""
from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["TG", "CONF", "TIME", "ID", "GRAPH", "TOPIC", "CANDIDATE", "SOFTWARE"]


class TG(DefinedNamespace):
    """https://w3id.org/talkgraph/ns# (ontology/talkgraph.ttl)."""

    _NS = Namespace("https://w3id.org/talkgraph/ns#")
    _fail = True

    Talk: URIRef
    TalkOccurrence: URIRef
    SourceRecord: URIRef
    Extraction: URIRef
    CandidateConcept: URIRef
    TopicAnnotation: URIRef
    SessionRole: URIRef
    Speaker: URIRef
    Host: URIRef
    Panelist: URIRef
    Moderator: URIRef
    annotates: URIRef
    topic: URIRef
    headline: URIRef
    nameKey: URIRef
    identityRule: URIRef
    identityKey: URIRef
    matchKey: URIRef
    normalisedBy: URIRef
    current: URIRef
    date: URIRef
    startTime: URIRef
    endTime: URIRef
    track: URIRef
    sessionKind: URIRef
    year: URIRef
    virtual: URIRef
    timeZone: URIRef
    contentHash: URIRef
    extractorFingerprint: URIRef
    sourcePath: URIRef
    layout: URIRef
    textField: URIRef
    spanStart: URIRef
    spanEnd: URIRef
    rule: URIRef
    exactLabel: URIRef
    cuedLabel: URIRef
    contextLabel: URIRef
    notFollowedBy: URIRef
    cueAfter: URIRef
    cueBefore: URIRef
    contextWord: URIRef
    passingLabel: URIRef
    confidence: URIRef


CONF = Namespace("https://w3id.org/scholarlydata/ontology/conference-ontology.owl#")
TIME = Namespace("http://www.w3.org/2006/time#")
ID = Namespace("https://w3id.org/talkgraph/id/")
GRAPH = Namespace("https://w3id.org/talkgraph/graph/")
TOPIC = Namespace("https://w3id.org/talkgraph/topic/")
CANDIDATE = Namespace("https://w3id.org/talkgraph/candidate/")
SOFTWARE = Namespace("https://w3id.org/talkgraph/software/")
