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
