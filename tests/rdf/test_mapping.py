"""The mapping pass, case by case: one record in, its named graph out, compared by isomorphism.

Each case is ``tests/data/mapping/<case>/record.json`` (an extraction record, the extended fields
included) and ``expected.trig`` (the record's graph as talkgraph should state it). After a
deliberate change to the mapping, look at the new graphs and rewrite them with
``python tests/rdf/test_mapping.py --regenerate``.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from talkgraph.errors import IssueReport
from talkgraph.ingest.records_json import record_from_json
from talkgraph.rdf.mapping import RecordSource, map_record
from talkgraph.version import __version__
from talkgraph.vocab import CONF, TG

CASES = Path(__file__).resolve().parents[1] / "data" / "mapping"
_WHEN = dt.datetime(2033, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)


def mapped(case: Path) -> Graph:
    """The record graph of one case, as a named graph of a Dataset (provenance fixed in time)."""
    report = IssueReport()
    record = record_from_json(json.loads((case / "record.json").read_text(encoding="utf-8")),
                              record=str(case / "record.json"), report=report)
    assert not report.issues, [str(i) for i in report]
    source = RecordSource(key=f"https://example.org/cases/{case.name}", sha256="0" * 64, extracted_at=_WHEN,
                          layout="golden")
    graph = Graph(identifier=source.graph)
    for triple in map_record(record, source):
        graph.add(tuple(_unversioned(term) for term in triple))
    return graph


def _unversioned(term):
    """The software agent's version as VERSION, so a release does not rewrite the golden graphs."""
    if isinstance(term, URIRef) and term.endswith(f"/talkgraph/{__version__}"):
        return URIRef(term[: -len(__version__)] + "VERSION")
    return Literal("VERSION") if term == Literal(__version__) else term


@pytest.mark.parametrize("case", sorted(p for p in CASES.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_mapping_matches_golden(case):
    got = mapped(case)
    expected = Dataset().parse(case / "expected.trig", format="trig").graph(got.identifier)
    if not isomorphic(got, expected):
        _, only_got, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
        pytest.fail(f"{case.name}: mapped but not expected:\n{only_got.serialize(format='nt')}\n"
                    f"expected but not mapped:\n{only_expected.serialize(format='nt')}")


def test_every_session_occurrence_is_minted_once_with_its_details():
    """A session's occurrence carries its room, language and links, and its roles point at it."""
    from rdflib.namespace import RDF, SDO

    g = mapped(CASES / "frab-session")
    (occ,) = g.subjects(RDF.type, TG.TalkOccurrence)
    assert {str(o) for o in g.objects(occ, SDO.inLanguage)} == {"de"}
    assert len(set(g.objects(occ, SDO.location))) == 1
    assert {str(o) for o in g.objects(occ, SDO.endDate)} == {"2031-08-21T00:15:00+02:00"}  # past midnight
    roles = set(g.subjects(CONF.during, occ))
    assert len(roles) == 2 and all((r, RDF.type, CONF.RoleDuringEvent) in g for r in roles)


def _regenerate() -> None:
    for case in sorted(p for p in CASES.iterdir() if p.is_dir()):
        graph = mapped(case)
        ds = Dataset()
        named = ds.graph(graph.identifier)
        for triple in graph:
            named.add(triple)
        ds.bind("tg", str(TG._NS))
        ds.bind("conf", str(CONF))
        (case / "expected.trig").write_text(ds.serialize(format="trig"), encoding="utf-8")
        print(f"{case.name}: {len(graph)} triples")


if __name__ == "__main__":
    if sys.argv[1:] == ["--regenerate"]:
        _regenerate()
    else:
        sys.exit(f"usage: {sys.argv[0]} --regenerate")
