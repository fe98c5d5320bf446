"""min_confidence: what a reader doubts stays out of the graph, counted in the build report."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import ORG, SDO

from talkgraph.store.build import build
from talkgraph.cli import main
from talkgraph.config import MIN_CONFIDENCE, Settings, load_settings
from talkgraph.errors import ConfigError, Level
from talkgraph.vocab import TG
from talkgraph.records.confidence import apply_min_confidence
from talkgraph.records.model import Affiliation, Evidence, ExtractionRecord, Person, Talk
from talkgraph.store.local import GraphStore

RECORD = {
    "source": "lineup.html",
    "people": [
        {"name": "Ilse Varga", "headline": "Engineer", "confidence": 0.92,
         "affiliations": [{"organization": "Quillwork", "role": "engineer", "current": True, "place": None,
                           "confidence": 0.8},
                          {"organization": "Register Now", "role": None, "current": None, "place": None,
                           "confidence": 0.3}],
         "education": []},
        {"name": "Loading Please", "headline": None, "affiliations": [], "education": [], "confidence": 0.2},
        {"name": "Tomas Brandl", "headline": None, "affiliations": [], "education": []},
    ],
    "talks": [
        {"title": "Queues at the Edge", "event": "Edgeconf 2031", "date": "2031-04-02", "start": "10:00",
         "end": "10:40", "speakers": ["Ilse Varga", "Loading Please"], "confidence": 0.7},
        {"title": "Buy Tickets", "event": None, "date": None, "start": None, "end": None, "speakers": [],
         "confidence": 0.1},
    ],
    "mentions": [],
}


def _record() -> ExtractionRecord:
    return ExtractionRecord(
        "p.txt",
        people=[Person("Ilse Varga", confidence=0.9,
                       affiliations=[Affiliation("Quillwork", confidence=0.8),
                                     Affiliation("Sponsor Wall", evidence=Evidence("bio", 0, 4, "list", 0.4)),
                                     Affiliation("Given Org")]),
                Person("Cookie Settings", confidence=0.1), Person("Tomas Brandl")],
        talks=[Talk("Queues", speakers=["Ilse Varga", "Cookie Settings"], speaker_roles={"Cookie Settings": "speaker"},
                    confidence=0.6),
               Talk("Menu", confidence=0.2), Talk("Given talk")])


def test_cut_keeps_structured_facts_and_drops_doubtful_ones():
    record = _record()
    kept, dropped = apply_min_confidence(record, 0.5)
    assert [p.name for p in kept.people] == ["Ilse Varga", "Tomas Brandl"]
    assert [a.organization for a in kept.people[0].affiliations] == ["Quillwork", "Given Org"]
    assert [t.title for t in kept.talks] == ["Queues", "Given talk"]
    assert kept.talks[0].speakers == ["Ilse Varga"] and kept.talks[0].speaker_roles == {}
    assert sorted((d.kind, d.label, d.confidence) for d in dropped) == [
        ("affiliation", "Sponsor Wall (of Ilse Varga)", 0.4), ("person", "Cookie Settings", 0.1),
        ("talk", "Menu", 0.2)]
    assert len(record.people) == 3 and record.talks[0].speakers == ["Ilse Varga", "Cookie Settings"]  # not changed


@pytest.mark.parametrize("threshold, people", [(0.0, 3), (0.95, 1), (1.0, 1)])
def test_cut_follows_the_threshold(threshold, people):
    kept, _ = apply_min_confidence(_record(), threshold)
    assert len(kept.people) == people


def test_nothing_to_drop_gives_the_same_record():
    record = ExtractionRecord("x", people=[Person("Tomas Brandl")])
    assert apply_min_confidence(record, 0.99) == (record, [])


def test_setting_default_file_environment_and_bad_values(tmp_path):
    assert Settings().min_confidence == MIN_CONFIDENCE == 0.5
    toml = tmp_path / "talkgraph.toml"
    toml.write_text("[talkgraph]\nmin_confidence = 0.7\n", encoding="utf-8")
    assert load_settings(toml, env={}).min_confidence == 0.7
    assert load_settings(toml, env={"TALKGRAPH_MIN_CONFIDENCE": "0.25"}).min_confidence == 0.25
    with pytest.raises(ConfigError, match=r"'min_confidence' must be between 0 and 1, got 1.5"):
        load_settings(toml, env={"TALKGRAPH_MIN_CONFIDENCE": "1.5"})
    with pytest.raises(ConfigError, match=r"setting 'min_confidence': bad value 'high'; expected float"):
        load_settings(toml, env={"TALKGRAPH_MIN_CONFIDENCE": "high"})
    with pytest.raises(ConfigError, match="between 0 and 1"):
        load_settings(toml, env={"TALKGRAPH_MIN_CONFIDENCE": "nan"})


@pytest.fixture
def record_file(tmp_path):
    path = tmp_path / "lineup.json"
    path.write_text(json.dumps(RECORD), encoding="utf-8")
    return path


def _names(store: GraphStore, kind: URIRef) -> set[str]:
    g = store.to_rdflib()
    return {str(g.value(s, SDO.name)) for s in g.subjects(predicate=None, object=kind)}


def test_build_leaves_out_what_is_below_and_reports_each_drop(record_file):
    store = GraphStore()
    result = build([record_file], store, Settings(min_confidence=0.5))
    g = store.to_rdflib()
    people = {str(o) for s, o in g.subject_objects(SDO.name) if (s, None, SDO.Person) in g}
    assert people == {"Ilse Varga", "Tomas Brandl"}
    assert {str(o) for o in g.objects(None, SDO.name) if str(o) in {"Buy Tickets", "Register Now"}} == set()
    drops = sorted((i.kind, i.level) for i in result.issues if i.kind.startswith("low-confidence"))
    assert drops == [("low-confidence-affiliation", Level.INFO), ("low-confidence-person", Level.INFO),
                     ("low-confidence-talk", Level.INFO)]
    msg = next(str(i) for i in result.issues if i.kind == "low-confidence-person")
    assert "'Loading Please' left out: confidence 0.20 < min_confidence 0.5" in msg
    # the reader's confidence of a kept affiliation is in the graph
    membership = next(g.subjects(ORG.organization, next(g.subjects(SDO.name, Literal("Quillwork")))))
    assert g.value(membership, TG.confidence).toPython() == Decimal("0.8")


def test_build_with_zero_keeps_everything(record_file):
    store = GraphStore()
    result = build([record_file], store, Settings(min_confidence=0.0))
    g = store.to_rdflib()
    assert {"Loading Please", "Buy Tickets", "Register Now"} <= {str(o) for o in g.objects(None, SDO.name)}
    assert not [i for i in result.issues if i.kind.startswith("low-confidence")]


def test_cli_flag_overrides_setting(record_file, tmp_path):
    runner = CliRunner()
    out = runner.invoke(main, ["--store", str(tmp_path / "s"), "build", "-q", "--min-confidence", "0.95",
                               str(record_file)])
    assert out.exit_code == 0, out.output
    assert "2 low-confidence-person, 2 low-confidence-talk" in out.output  # Tomas Brandl: no confidence, kept
    bad = runner.invoke(main, ["--store", str(tmp_path / "s"), "build", "--min-confidence", "2", str(record_file)])
    assert bad.exit_code != 0 and "0<=x<=1" in bad.output.replace(" ", "")


def test_records_json_reads_confidence_back_and_checks_it(record_file, tmp_path):
    from talkgraph.errors import IssueReport
    from talkgraph.ingest.records_json import record_from_json

    report = IssueReport()
    obj = dict(RECORD, people=[dict(RECORD["people"][0], confidence="sure")])
    rec = record_from_json(obj, record="r", report=report)
    assert rec.people[0].confidence is None and rec.talks[0].confidence == 0.7
    assert rec.people[0].affiliations[1].confidence == 0.3
    assert "person 'Ilse Varga': confidence 'sure' is not a number from 0 to 1; dropped" in str(report.issues[0])
