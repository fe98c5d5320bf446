"""A build that maps records in worker processes writes exactly what a serial build writes."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from talkgraph.config import Settings
from talkgraph.store import build as build_module
from talkgraph.store.build import build
from talkgraph.store.local import GraphStore

GENERATED_AT = "http://www.w3.org/ns/prov#generatedAtTime"  # the build's clock, different in each run

SUBJECTS = ["asyncio and the event loop", "testing with pytest fixtures", "Django REST APIs",
            "machine learning with scikit-learn", "privacy by design", "Rust extensions for Python",
            "PostgreSQL query planning", "Kubernetes for data teams"]


def _event(root: Path, n: int) -> Path:
    """An invented pyvideo event with ``n`` talks (more than a build maps serially), one of them unreadable."""
    event = root / "invented-summit-2022"
    (event / "videos").mkdir(parents=True)
    (event / "category.json").write_text(json.dumps({"title": "Invented Summit 2022"}), encoding="utf-8")
    for i in range(n):
        subject = SUBJECTS[i % len(SUBJECTS)]
        body = {"title": f"Talk {i}: {subject}", "recorded": f"2022-0{1 + i % 9}-1{i % 10}",
                "speakers": [f"Speaker{chr(65 + i % 26)} Invented{chr(65 + i // 26 % 26)}"],
                "description": f"We look at {subject} in practice. " * (1 + i % 3),
                "tags": [subject.split()[0].lower()], "videos": []}
        (event / "videos" / f"talk-{i:04d}.json").write_text(json.dumps(body), encoding="utf-8")
    (event / "videos" / "talk-broken.json").write_text("{not json", encoding="utf-8")
    return event


def _quads(store: GraphStore) -> set[str]:
    return {str(q) for q in store.oxigraph.quads_for_pattern(None, None, None, None)
            if q.predicate.value != GENERATED_AT}


@pytest.fixture(scope="module")
def event(tmp_path_factory) -> Path:
    return _event(tmp_path_factory.mktemp("pyvideo"), build_module._PARALLEL_FROM + 60)


def test_parallel_and_serial_builds_give_the_same_quads(event, tmp_path):
    serial, parallel = GraphStore(tmp_path / "serial"), GraphStore(tmp_path / "parallel")
    one = build([event], serial, Settings(build_processes=1))
    two = build([event], parallel, Settings(build_processes=2))
    assert (one.added, one.failed) == (two.added, two.failed) == (build_module._PARALLEL_FROM + 60, 1)
    assert one.triples == two.triples
    assert sorted((i.kind, i.record) for i in one.issues) == sorted((i.kind, i.record) for i in two.issues)
    quads = _quads(serial)
    assert quads == _quads(parallel)
    assert any("https://w3id.org/talkgraph/topic/" in q for q in quads)  # tagged, not only mapped


def test_parallel_rebuild_skips_unchanged_and_replaces_changed(event, tmp_path):
    store = GraphStore(tmp_path / "store")
    settings = Settings(build_processes=2)
    build([event], store, settings)
    changed = event / "videos" / "talk-0003.json"
    original = changed.read_text(encoding="utf-8")
    try:
        body = json.loads(original)
        changed.write_text(json.dumps({**body, "title": "Talk 3, renamed: property-based testing"}),
                           encoding="utf-8")
        again = build([event], store, settings)
        fresh = GraphStore(tmp_path / "fresh")
        build([event], fresh, replace(settings, build_processes=1))
        assert (again.added, again.replaced, again.failed) == (0, 1, 1)
        assert again.unchanged == build_module._PARALLEL_FROM + 59
        assert _quads(store) == _quads(fresh)  # the merge repaired: the old title is gone from it
    finally:
        changed.write_text(original, encoding="utf-8")


def _small_event(root: Path, name: str, n: int) -> Path:
    """An invented pyvideo event of ``n`` talks; two of them share an id (a warning), one file is not JSON."""
    event = root / name
    (event / "videos").mkdir(parents=True)
    (event / "category.json").write_text(json.dumps({"title": name.replace("-", " ").title()}), encoding="utf-8")
    for i in range(n):
        subject = SUBJECTS[(i + len(name)) % len(SUBJECTS)]
        body = {"id": i // 2 * 2, "title": f"{name}: {subject}", "recorded": f"2023-0{1 + i % 9}-2{i % 10}",
                "speakers": [f"Speaker{chr(65 + i)} Of{name.split('-')[1].title()}"],
                "description": f"Why {subject} matters.", "tags": [subject.split()[-1].lower()], "videos": []}
        (event / "videos" / f"talk-{i}.json").write_text(json.dumps(body), encoding="utf-8")
    (event / "videos" / "talk-broken.json").write_text("[1, 2", encoding="utf-8")
    return event


def test_workers_that_read_whole_inputs_build_what_a_serial_build_builds(tmp_path, monkeypatch):
    """With many inputs (a pyvideo checkout), workers read the files too: same quads, counts, issues and
    progress; an incremental rebuild skips, replaces and prunes as a serial one does."""
    monkeypatch.setattr(build_module, "_PARALLEL_INPUTS", 4)
    read_by_workers: list[int] = []
    real = build_module._inputs_in_order
    monkeypatch.setattr(build_module, "_inputs_in_order",
                        lambda *a, **k: (read_by_workers.append(1), real(*a, **k))[1])
    checkout = tmp_path / "checkout"
    for k, name in enumerate(["invented-alpha-2023", "invented-beta-2023", "invented-gamma-2023",
                              "invented-delta-2023", "invented-epsilon-2023"]):
        _small_event(checkout, name, 3 + k)
    (checkout / "README.json").write_text('{"not": "a talk"}', encoding="utf-8")
    serial, parallel = GraphStore(tmp_path / "serial"), GraphStore(tmp_path / "parallel")
    seen: dict[str, list[str]] = {"serial": [], "parallel": []}
    one = build([checkout], serial, Settings(build_processes=1), progress=seen["serial"].append)
    two = build([checkout], parallel, Settings(build_processes=2), progress=seen["parallel"].append)
    assert (one.added, one.failed) == (two.added, two.failed) == (25, 5)
    assert one.triples == two.triples and seen["serial"] == seen["parallel"] and len(seen["serial"]) == 25
    issues = lambda r: sorted((i.level, i.kind, i.record, i.key) for i in r.issues)  # noqa: E731
    assert issues(one) == issues(two) and any(i.kind == "duplicate-id" for i in two.issues)
    assert _quads(serial) == _quads(parallel)
    assert read_by_workers == [1]  # the parallel build's workers read the inputs; the serial one did not

    alpha = checkout / "invented-alpha-2023" / "videos"
    changed = json.loads((alpha / "talk-0.json").read_text(encoding="utf-8"))
    (alpha / "talk-0.json").write_text(json.dumps({**changed, "title": "Renamed: Rust extensions"}),
                                       encoding="utf-8")
    (checkout / "invented-beta-2023" / "videos" / "talk-1.json").unlink()
    again = build([checkout], parallel, Settings(build_processes=2))
    assert (again.added, again.replaced, again.unchanged, again.removed) == (0, 1, 23, 0)
    # a group with a broken file is not pruned (read with errors): the gone talk stays, as in a serial build
    serial_again = build([checkout], serial, Settings(build_processes=1))
    assert (serial_again.replaced, serial_again.unchanged, serial_again.removed) == (1, 23, 0)
    assert _quads(serial) == _quads(parallel)
    for event in checkout.iterdir():
        if event.is_dir():
            (event / "videos" / "talk-broken.json").unlink()
    pruned = build([checkout], parallel, Settings(build_processes=2))
    assert (pruned.removed, pruned.unchanged, pruned.failed) == (1, 24, 0)
    fresh = GraphStore(tmp_path / "fresh")
    build([checkout], fresh, Settings(build_processes=1))
    assert _quads(fresh) == _quads(parallel)
