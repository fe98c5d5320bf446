"""Every importer's talks are tagged in the default build; source tags stay apart from text topics."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from talkgraph.store.build import build
from talkgraph.config import Settings
from talkgraph.extract.markup import is_degenerate, plain_text
from talkgraph.extract.topics import tag_talks, topic_labels
from talkgraph.records.model import Talk
from talkgraph.store.local import GraphStore

T = "https://w3id.org/talkgraph/topic/"
ANNOTATIONS = """
PREFIX tg: <https://w3id.org/talkgraph/ns#>
PREFIX schema: <https://schema.org/>
SELECT ?title ?topic ?field ?rule WHERE {
  ?note tg:annotates ?talk ; tg:topic ?topic ; tg:textField ?field ; tg:rule ?rule . ?talk schema:name ?title }
"""


def _pyvideo_event(root: Path, videos: dict[str, dict]) -> Path:
    event = root / "invented-conf-2021"
    (event / "videos").mkdir(parents=True)
    (event / "category.json").write_text(json.dumps({"title": "Invented Conf 2021"}), encoding="utf-8")
    for name, video in videos.items():
        body = {"recorded": "2021-06-01", "speakers": ["Wanda Invented"], "videos": [], **video}
        (event / "videos" / f"{name}.json").write_text(json.dumps(body), encoding="utf-8")
    return event


def _rows(store: GraphStore) -> set[tuple[str, str, str, str]]:
    return {(r[0].value, r[1].value, r[2].value, r[3].value) for r in store.oxigraph.query(ANNOTATIONS)}


def test_pyvideo_talks_tagged_with_tags_apart(tmp_path):
    event = _pyvideo_event(tmp_path, {
        "a": {"title": "Faster web apps with Django", "description": "We profile **Django** views.",
              "tags": ["django", "performance"]},
        "b": {"title": "Untitled chat", "description": "", "tags": ["Machine Learning"]},
    })
    store = GraphStore()
    build([event], store, Settings())
    rows = _rows(store)
    assert ("Faster web apps with Django", T + "django", "title", "pref") in rows
    assert any(r[:3] == ("Faster web apps with Django", T + "django", "tags[0]") for r in rows)
    # a talk whose only topical evidence is its human tag still gets the concept, marked as a tag
    assert {r[2] for r in rows if r[0] == "Untitled chat"} == {"tags[0]"}


def test_build_without_topics_setting(tmp_path):
    event = _pyvideo_event(tmp_path, {"a": {"title": "Faster web apps with Django", "tags": ["django"]}})
    store = GraphStore()
    build([event], store, Settings(topics=False))
    assert _rows(store) == set()


def test_frab_schedule_tagged_from_subtitle_abstract_and_track(tmp_path):
    schedule = {"schedule": {"version": "1", "conference": {"title": "Invented Camp", "acronym": "ic21",
        "start": "2021-08-01", "end": "2021-08-02", "days": [{"index": 0, "date": "2021-08-01", "rooms": {"Tent": [
            {"id": 1, "guid": "00000000-0000-0000-0000-000000000001", "title": "Hidden in plain sight",
             "subtitle": "Breaking container isolation", "date": "2021-08-01T10:00:00+02:00", "start": "10:00",
             "duration": "00:30", "room": "Tent", "track": "Security", "type": "lecture", "language": "en",
             "abstract": "<p>We escape a <b>Docker</b> container.</p>", "description": "",
             "persons": [{"public_name": "Quentin Invented"}], "links": []}]}}]}}}
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(schedule), encoding="utf-8")
    store = GraphStore()
    result = build([path], store, Settings())
    assert result.failed == 0
    rows = _rows(store)
    fields = {(topic.rsplit("/", 1)[-1], field) for _, topic, field, _ in rows}
    assert ("security", "track") in fields
    assert any(field == "subtitle" for _, field in fields)
    assert ("docker", "abstract") in fields


def test_markup_reduced_before_tagging():
    assert plain_text("<p>About <em>asyncio</em></p><script>Rust()</script>") == "About asyncio"
    assert plain_text("Intro\n=====\n\n.. code-block:: python\n\nSee `docs <https://x.example>`_") == "Intro\nSee docs"
    assert plain_text("# Heading\n\n* [Kubernetes](https://k8s.example) tips") == "Heading\nKubernetes tips"
    talk = Talk(title="Notes", abstract="<div><script>var lang = 'Rust'; // Kubernetes</script>Cooking pasta</div>")
    tag_talks([talk])
    assert topic_labels(talk.topic_hits) == []


@pytest.mark.parametrize("abstract", [
    "x" * 5_000_000,                                   # a 5 MB description
    "python " * 100_000,                               # one repeated word
    "Программирование на языке " * 3 + "и базы данных",  # a script the scheme has no labels for
    "数据库和分布式系统的并发编程" * 50,
])
def test_bad_descriptions_give_no_error_and_no_spurious_topic(abstract):
    talk = Talk(title="An evening together", abstract=abstract)
    tag_talks([talk])
    assert topic_labels(talk.topic_hits) == []


def test_huge_description_in_pyvideo_record(tmp_path):
    event = _pyvideo_event(tmp_path, {"a": {"title": "Packaging Python projects", "description": "word " * 1_000_000}})
    store = GraphStore()
    result = build([event], store, Settings(max_record_bytes=10_000_000))
    assert result.failed == 0
    assert {r[1] for r in _rows(store)} >= {T + "python-packaging"}


def test_seed_talk_keeps_erlang_scalability():
    talk = Talk(title="Scaling Erlang cluster to 10,000 nodes")
    tag_talks([talk])
    assert "Erlang scalability" in topic_labels(talk.topic_hits)


def test_degenerate_text():
    assert is_degenerate("spam " * 200)
    assert not is_degenerate("a real abstract " * 2)


# ---- topics over time: named queries and the CLI --------------------------------------------------------------
def _two_years(root: Path) -> Path:
    for year, videos in ((2019, {"a": {"title": "Django at scale", "description": "Django views and Django ORM."},
                                 "b": {"title": "Gardening with friends", "description": "Tomatoes."}}),
                         (2023, {"c": {"title": "Async Django", "description": "Django and asyncio."},
                                 "d": {"title": "Large language models in production", "tags": ["llm"]},
                                 "e": {"title": "Fine-tuning large language models",
                                       "description": "Large language models are big. We fine-tune large "
                                                      "language models cheaply. Bring a laptop."}})):
        event = root / f"invented-{year}"
        (event / "videos").mkdir(parents=True)
        (event / "category.json").write_text(json.dumps({"title": f"Invented Conf {year}"}), encoding="utf-8")
        for name, video in videos.items():
            body = {"recorded": f"{year}-05-01", "speakers": [f"Speaker {name.upper()}"], "videos": [], **video}
            (event / "videos" / f"{name}.json").write_text(json.dumps(body), encoding="utf-8")
    return root


def test_topic_queries_count_talks_people_years_and_shares(tmp_path):
    from rdflib import Literal, URIRef

    from talkgraph.query.run import run_query

    store = GraphStore()
    build([_two_years(tmp_path)], store, Settings())
    topics = {r["label"]: r for r in run_query(store, "topics").dicts()}
    assert topics["Django"]["talks"] == 2 and topics["Django"]["people"] == 2
    assert (topics["Django"]["first_year"], topics["Django"]["last_year"]) == (2019, 2023)
    trends = {(r["label"], r["year"]): r for r in run_query(store, "topic-trends").dicts()}
    assert trends[("Django", 2019)]["talks"] == 1 and trends[("Django", 2019)]["year_talks"] == 2
    assert float(trends[("Django", 2019)]["share"]) == 0.5
    assert float(trends[("Large language models", 2023)]["share"]) == pytest.approx(0.6667)
    # by label (any case) or IRI, following skos:broader down: Django is below Web frameworks
    by_label = run_query(store, "talks-by-topic", topic=Literal("web FRAMEWORKS")).dicts()
    by_iri = run_query(store, "talks-by-topic", topic=URIRef(T + "web-frameworks")).dicts()
    assert {r["title"] for r in by_label} == {r["title"] for r in by_iri} == {"Django at scale", "Async Django"}
    assert run_query(store, "talks-by-topic", topic=Literal("no such topic")).rows == []


def test_topics_cli(tmp_path):
    from click.testing import CliRunner

    from talkgraph.cli import main

    store = tmp_path / "store"
    runner = CliRunner()
    built = runner.invoke(main, ["--store", str(store), "build", "-q", "--candidates", str(_two_years(tmp_path / "in"))])
    assert built.exit_code == 0, built.output
    listed = runner.invoke(main, ["--store", str(store), "topics", "list", "--format", "csv"])
    assert listed.exit_code == 0 and "Django" in listed.output
    trend = runner.invoke(main, ["--store", str(store), "topics", "trends", "django", "--format", "csv"])
    assert trend.exit_code == 0 and trend.output.count("Django") == 2
    missing = runner.invoke(main, ["--store", str(store), "topics", "trends", "no such topic"])
    assert missing.exit_code != 0 and "no topic labelled 'no such topic'" in missing.output
    rising = runner.invoke(main, ["--store", str(store), "topics", "trends", "--rising", "--format", "csv"])
    assert rising.exit_code == 0
    cands = runner.invoke(main, ["--store", str(store), "topics", "candidates", "--format", "csv"])
    assert cands.exit_code == 0 and "candidate,label,talks" in cands.output
    by_topic = runner.invoke(main, ["--store", str(store), "query", "talks-by-topic", "-p", "topic=django",
                                    "--format", "csv"])
    assert by_topic.exit_code == 0 and "Async Django" in by_topic.output


def test_topic_changes_rank_rising_and_falling():
    from rdflib import Literal, URIRef

    from talkgraph.analysis.topics import topic_changes
    from talkgraph.query.results import ResultTable

    rows = []
    for year, total, a, b in ((2018, 100, 30, 5), (2019, 100, 25, 10), (2022, 100, 5, 40), (2023, 10, 10, 0)):
        rows += [(URIRef(T + "a"), Literal("A"), Literal(year), Literal(a), Literal(total), Literal(a / total)),
                 (URIRef(T + "b"), Literal("B"), Literal(year), Literal(b), Literal(total), Literal(b / total))]
    trends = ResultTable(["topic", "label", "year", "talks", "year_talks", "share"], rows)
    up = topic_changes(trends, rising=True, years=1)  # 2023 has too few talks to count as a year
    assert [str(r[1]) for r in up.rows] == ["B", "A"] and float(up.rows[0][5].toPython()) == pytest.approx(0.35)
    assert [str(r[1]) for r in topic_changes(trends, rising=False, years=1).rows] == ["A", "B"]


def test_talks_by_topic_folds_accents_case_and_spacing_but_keeps_symbols(tmp_path):
    from rdflib import Literal

    from talkgraph.query.run import run_query

    event = _pyvideo_event(tmp_path, {
        "a": {"title": "Mass surveillance and the citizen", "description": "Surveillance, spyware and wiretapping."},
        "b": {"title": "Modern C++ templates", "description": "Templates and concepts in modern C++."},
        "c": {"title": "C for embedded systems", "description": "Writing ANSI C for small boards."}})
    store = GraphStore()
    build([event], store, Settings())

    def titles(topic: str) -> set[str]:
        return {r["title"] for r in run_query(store, "talks-by-topic", topic=Literal(topic)).dicts()}

    # "Überwachung"@de, asked for without its accent, in capitals, spaced out
    assert titles("uberwachung") == titles("ÜBERWACHUNG") == titles("  Überwachung ") == \
        {"Mass surveillance and the citizen"}
    assert titles("surveillance de MASSE") == {"Mass surveillance and the citizen"}  # a French label
    # punctuation tells topics apart: C++ is not C (fold_key would make both "c")
    assert titles("c++") == {"Modern C++ templates"}
    assert titles("C") == {"C for embedded systems"}
    assert titles("c#") == set()
