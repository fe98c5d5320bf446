"""A store keeps the fingerprint of the extractor that built it: other code or settings rebuild every record."""
from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

import talkgraph.version
from talkgraph.config import Settings
from talkgraph.resources import resource_dir
from talkgraph.store import fingerprint
from talkgraph.store.build import build
from talkgraph.store.local import GraphStore

GENERATED_AT = "http://www.w3.org/ns/prov#generatedAtTime"  # the build's clock, different in each run


def _event(root: Path, name: str, titles: list[str]) -> Path:
    """An invented pyvideo event, one talk per title."""
    event = root / name
    (event / "videos").mkdir(parents=True)
    (event / "category.json").write_text(json.dumps({"title": name.replace("-", " ").title()}), encoding="utf-8")
    for i, title in enumerate(titles):
        body = {"title": title, "recorded": "2021-05-1%d" % i, "speakers": [f"Invented Speaker{chr(65 + i)}"],
                "description": f"{title}, in practice.", "tags": ["python"], "videos": []}
        (event / "videos" / f"talk-{i}.json").write_text(json.dumps(body), encoding="utf-8")
    return event


def _quads(store: GraphStore) -> set[str]:
    return {str(q) for q in store.oxigraph if q.predicate.value != GENERATED_AT}


@pytest.fixture()
def events(tmp_path) -> tuple[Path, Path]:
    one = _event(tmp_path, "invented-days-2021", ["Asyncio in production", "Testing with pytest fixtures",
                                                   "Django REST APIs"])
    two = _event(tmp_path, "invented-camp-2021", ["Machine learning with scikit-learn", "Privacy by design"])
    return one, two


def test_changed_settings_rebuild_every_record_though_its_bytes_are_the_same(events, tmp_path):
    one, _ = events
    store = GraphStore(tmp_path / "store")
    tagged = Settings(build_processes=1)
    assert build([one], store, tagged).added == 3
    assert build([one], store, tagged).unchanged == 3  # same code, same settings, same bytes: skipped
    untagged = replace(tagged, topics=False)
    again = build([one], store, untagged)
    assert (again.added, again.replaced, again.unchanged) == (0, 3, 0)
    fresh = GraphStore(tmp_path / "fresh")
    build([one], fresh, untagged)
    assert _quads(store) == _quads(fresh)  # the topics are gone, as in a build without tagging from scratch
    assert not any("https://w3id.org/talkgraph/topic/" in q and "schema.org/about" in q for q in _quads(store))
    assert build([one], store, untagged).unchanged == 3
    # settings that do not change what a record becomes leave the records alone
    assert build([one], store, replace(untagged, build_processes=2, query_timeout=5.0)).unchanged == 3


def test_a_new_talkgraph_version_rebuilds_records_of_inputs_built_later_too(events, tmp_path, monkeypatch):
    one, two = events
    store = GraphStore(tmp_path / "store")
    settings = Settings(build_processes=1)
    build([one, two], store, settings)
    monkeypatch.setattr(talkgraph.version, "__version__", "99.0.0")
    assert build([one], store, settings).replaced == 3
    # the other event was not read by that build; it is rebuilt when it is, not skipped as unchanged
    later = build([two], store, settings)
    assert (later.replaced, later.unchanged) == (2, 0)
    assert build([one, two], store, settings).unchanged == 5
    fresh = GraphStore(tmp_path / "fresh")
    build([one, two], fresh, settings)
    assert _quads(store) == _quads(fresh)


def test_the_fingerprint_follows_the_topic_scheme_file_and_the_extraction_settings(tmp_path, monkeypatch):
    settings = Settings()
    base = fingerprint.extractor_fingerprint(settings)
    assert fingerprint.extractor_fingerprint(replace(settings, build_processes=3, strict=True)) == base
    for changed in (replace(settings, min_confidence=0.7), replace(settings, topic_candidates=True),
                    replace(settings, encoding="cp1252"), replace(settings, max_record_bytes=1000)):
        assert fingerprint.extractor_fingerprint(changed) != base
    edited = tmp_path / "ontology"
    shutil.copytree(resource_dir("ontology"), edited)
    with (edited / "topics.ttl").open("a", encoding="utf-8") as fh:
        fh.write("\n# one more comment\n")
    monkeypatch.setattr(fingerprint, "resource_dir", lambda name: tmp_path / name)
    assert fingerprint.extractor_fingerprint(settings) != base
