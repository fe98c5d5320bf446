"""Importers: detection by content, each format, bad input, idempotence, the shared corpora."""
from __future__ import annotations

import http.server
import json
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, SDO

from talkgraph.store.build import build
from talkgraph.config import Settings
from talkgraph.errors import ConfigError, IssueReport, RecordError
from talkgraph.query.run import run_query
from talkgraph.rdf.validation import validate_store
from talkgraph.ingest import detect, get_importer, import_paths
from talkgraph.ingest._fields import split_speakers
from talkgraph.ingest.web import USER_AGENT, fetch
from talkgraph.store.local import GraphStore

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "importers"
DATA = Path(__file__).resolve().parents[2] / "data"


def _build(paths, **kw):
    store = GraphStore()
    return store, build([str(p) for p in paths], store, Settings(), **kw)


def _issues(result, kind=None):
    return [i for i in result.issues if kind is None or i.kind == kind]


# ---- detection ---------------------------------------------------------------------------------
@pytest.mark.parametrize("path, name", [
    (FIX / "frab-small.xml", "frab-xml"), (FIX / "frab-small.json", "frab-json"),
    (FIX / "pretalx-derived.json", "pretalx"), (FIX / "records.jsonl", "records-json"),
    (FIX / "pyvideo-event" / "videos" / "a.json", "pyvideo"), (FIX / "pyvideo-event", "pyvideo"),
    (DATA / "seeds" / "000_5f893890c9fd30a8.txt", "web"),
])
def test_detect_by_content(path, name):
    head = b"" if path.is_dir() else path.read_bytes()[:65536]
    assert detect(path, head).name == name


def test_detect_ignores_the_file_name(tmp_path):
    odd = tmp_path / "schedule.txt"
    shutil.copy(FIX / "frab-small.json", odd)
    assert detect(odd, odd.read_bytes()).name == "frab-json"


def test_unknown_importer_name_is_refused():
    with pytest.raises(ConfigError, match="unknown importer 'nope'; allowed: .*pyvideo"):
        get_importer("nope")


# ---- speaker strings ---------------------------------------------------------------------------
@pytest.mark.parametrize("raw, names", [
    (["Anna Spysz and Chase Douglas"], ["Anna Spysz", "Chase Douglas"]),
    (["Matt Hamilton & Ami Zou"], ["Matt Hamilton", "Ami Zou"]),
    (["Kim Jong-min, Park Yu-na, Hwang Han-gyeol"], ["Kim Jong-min", "Park Yu-na", "Hwang Han-gyeol"]),
    (["Chu, Hua-Rong"], ["Chu, Hua-Rong"]),
    (["Smith, John"], ["Smith, John"]),
    (["Richard D. Copeland, Jr."], ["Richard D. Copeland, Jr."]),
    (["Aaron Hall, MBA"], ["Aaron Hall"]),
    (["Guido van Rossum, et al"], ["Guido van Rossum"]),
    (["Fireside Chat with: Carl Meyer and Calvin Hendryx-Parker"], ["Carl Meyer", "Calvin Hendryx-Parker"]),
    (["Testing Web Apps in the Wild by Sam Clarke"], ["Sam Clarke"]),
    (["蘇嘉冠 (Jia-Kuan, Su)"], ["蘇嘉冠 (Jia-Kuan, Su)"]),
    (["Andrea Behrendt - read & delete"], ["Andrea Behrendt - read & delete"]),
    (["Various speakers", "", "TBD", "Lightning Talks, DAY 1 - PyTexas 202"], []),
    (["L3D", "it4n6"], ["L3D", "it4n6"]),
    (["Ada Lovelace", "Ada Lovelace"], ["Ada Lovelace"]),
])
def test_split_speakers(raw, names):
    report = IssueReport()
    assert split_speakers(raw, report=report, record="r") == names
    rejected = [r for r in raw if r not in names and not any(r.startswith(n) or n in r for n in names)]
    assert len([i for i in report if i.kind == "rejected-name"]) >= (1 if rejected and not names else 0)


# ---- formats -------------------------------------------------------------------------------------
def test_frab_xml_sessions_times_rooms_and_bad_sessions():
    store, result = _build([FIX / "frab-small.xml"])
    assert result.added == 3  # g-1, g-2, g-2~2; the untitled one is skipped
    assert any(i.kind == "duplicate-id" and "g-2" in i.record for i in result.issues)
    assert any(i.kind == "invalid-record" and "no title" in i.message for i in result.issues)
    assert any(i.kind == "rejected-name" and "Various speakers" in i.message for i in result.issues)
    rows = {(r["title"], r["date"]) for r in run_query(store, "talks-by-speaker", name=Literal("Ada Lovelace")).dicts()}
    # the same title on two days stays two occurrences
    assert rows == {("Lightning Talks", "2014-12-27"), ("Lightning Talks", "2014-12-28")}
    got = {(str(r["s"]), str(r["e"]), str(r["room"]), str(r["lang"]), str(r["dur"])) for r in store.query(
        "PREFIX schema: <https://schema.org/> SELECT ?s ?e ?room ?lang ?dur WHERE { ?o schema:startDate ?s ; "
        "schema:endDate ?e ; schema:location/schema:name ?room ; schema:inLanguage ?lang ; schema:duration ?dur }")}
    assert ('"2014-12-27T23:30:00+01:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>',
            '"2014-12-28T00:30:00+01:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>',
            '"Saal 1"', '"en"', '"PT1H"^^<http://www.w3.org/2001/XMLSchema#duration>') in got
    assert validate_store(store).conforms


def test_xml_with_doctype_or_entities_is_refused():
    store, result = _build([FIX / "entity.xml"])
    assert result.added == 0
    issue, = _issues(result, "unreadable")
    assert "DOCTYPE" in issue.message and issue.record.endswith("entity.xml")
    assert "root:" not in store.to_rdflib().serialize(format="nt")


def test_frab_json_bad_fields_are_reported_and_good_sessions_land():
    store, result = _build([FIX / "frab-small.json"])
    assert result.added == 2  # a-11's title is a list: dropped, so the session is skipped
    kinds = {i.kind for i in result.issues}
    assert {"repaired", "invalid-record"} <= kinds
    assert any("cut to 100,000" in i.message for i in result.issues)  # huge field capped
    assert any("a-11" in i.record and "'title'" in i.message for i in result.issues)
    names = {r["name"] for r in run_query(store, "speakers").dicts()}
    assert {"Ada Lovelace", "Grace Hopper", "Alan Turing"} <= names
    assert validate_store(store).conforms


def test_truncated_json_is_reported_with_its_file_and_the_batch_goes_on():
    store, result = _build([FIX / "frab-truncated.json", FIX / "frab-small.json"])
    issue = next(i for i in result.issues if i.record.endswith("frab-truncated.json"))
    assert "truncated JSON" in issue.message and issue.line
    assert result.added == 2


def test_pretalx_derived_bio_reaches_the_career_graph():
    store, result = _build([FIX / "pretalx-derived.json"])
    assert result.added == 1
    rows = run_query(store, "employers").dicts()
    assert any(r["name"] == "Lucie Anglade" and r["organization"] == "Acme Corp" for r in rows)
    start, = [str(r["d"]) for r in store.query(
        "PREFIX schema: <https://schema.org/> SELECT ?d WHERE { ?o schema:startDate ?d }")]
    assert "2024-11-02T09:00:00+01:00" in start


def test_pyvideo_event_folder():
    store, result = _build([FIX / "pyvideo-event"])
    assert result.added == 3
    by_kind = {}
    for i in result.issues:
        by_kind.setdefault(i.kind, []).append(i)
    assert any(i.record.endswith("d.json") and "truncated JSON" in i.message for i in by_kind["unreadable"])
    assert any(i.record.endswith("e.json") and "expected a JSON object" in i.message for i in by_kind["invalid-record"])
    assert any(i.record.endswith("b.json") and "id 1" in i.message for i in by_kind["duplicate-id"])
    assert any("Various speakers" in i.message for i in by_kind["rejected-name"])
    assert any(i.record.endswith("c.json") and "extra_junk" in i.message for i in by_kind["unknown-key"])
    names = {r["name"] for r in run_query(store, "speakers").dicts()}
    assert {"Ada Lovelace", "Grace Hopper", "Chu, Hua-Rong", "Kim Jong-min", "Park Yu-na"} <= names
    g = store.to_rdflib()
    assert (None, SDO.duration, Literal("PT1H2M5S", datatype=SDO.duration.__class__("http://www.w3.org/2001/XMLSchema#duration"))) in g
    assert {str(o) for o in g.objects(None, SDO.associatedMedia)} == {"https://speakerdeck.com/ada/x"}
    assert {str(o) for o in g.objects(None, SDO.inLanguage)} == {"en"}
    assert validate_store(store).conforms


@pytest.mark.parametrize("relative", [True, False], ids=["relative-path", "absolute-path"])
def test_rebuilding_an_event_with_an_unreadable_video_keeps_its_record(tmp_path, monkeypatch, relative):
    event = tmp_path / "conf" / "tiny-event"
    (event / "videos").mkdir(parents=True)
    (event / "category.json").write_text(json.dumps({"title": "Tiny Conf 2031"}))
    for stem, title in (("one", "Gardening with Generators"), ("two", "Typing the Untypable")):
        (event / "videos" / f"{stem}.json").write_text(json.dumps(
            {"title": title, "speakers": ["Wren Alder"], "recorded": "2031-03-04", "videos": []}))
    monkeypatch.chdir(tmp_path)
    given = "conf/tiny-event" if relative else str(event)
    store = GraphStore()
    assert build([given], store, Settings()).added == 2
    (event / "videos" / "two.json").write_text('{"title": "Typing the Unty')  # cut while being written
    again = build([given], store, Settings())
    assert (again.unchanged, again.failed, again.removed) == (1, 1, 0)
    bad = [i for i in again.issues if i.kind == "unreadable"]
    assert bad and bad[0].key == str(event.resolve())  # the record key, however the input was given
    videos = lambda: [str(g) for g in store.record_graphs() if "-json-" in str(g)]  # noqa: E731
    assert len(videos()) == 2
    (event / "videos" / "two.json").unlink()  # gone from the event: now its record goes
    assert build([given], store, Settings()).removed == 1
    assert len(videos()) == 1 and "one-json" in videos()[0]


def test_rebuilding_a_jsonl_file_given_relatively_with_a_bad_line_keeps_its_record(tmp_path, monkeypatch):
    lines = [{"source": f"page-{n}.txt", "people": [{"name": name}]} for n, name in enumerate(("Ivo Brand", "Lea Moss"))]
    path = tmp_path / "fixed.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines))
    monkeypatch.chdir(tmp_path)
    store = GraphStore()
    assert build(["fixed.jsonl"], store, Settings()).added == 2
    path.write_text(json.dumps(lines[0]) + "\n" + json.dumps(lines[1])[:-9] + "\n")  # second line broken
    again = build(["fixed.jsonl"], store, Settings())
    assert (again.unchanged, again.removed) == (1, 0)
    assert {str(o) for o in store.to_rdflib().objects(None, SDO.name)} >= {"Ivo Brand", "Lea Moss"}


def test_records_jsonl_checked_and_remote_contexts_refused():
    store, result = _build([FIX / "records.jsonl"])
    assert result.added == 1
    msgs = [str(i) for i in result.issues]
    assert any("remote-context.jsonld" in m and "refused" in m for m in msgs)
    assert any("file:///etc/passwd" in m and "refused" in m for m in msgs)
    assert any("no usable person or talk" in m for m in msgs)
    assert any("'25:00' is not HH:MM" in m for m in msgs)
    assert any("'current' 'yes'" in m for m in msgs)
    assert any("truncated JSON" in m or "malformed JSON" in m for m in msgs)
    assert {r["name"] for r in run_query(store, "speakers").dicts()} >= {"Ada Lovelace"}
    assert (None, SDO.name, Literal("Charles Babbage")) in store.to_rdflib()  # a mention
    assert validate_store(store).conforms


def test_a_record_fixed_by_hand_replaces_only_its_graph(tmp_path, seeds_dir):
    from talkgraph.extract.pipeline import extract_file

    seed = sorted(seeds_dir.glob("*.txt"))[0]
    record = extract_file(seed, Settings()).record.to_json()
    path = tmp_path / "fixed.jsonl"
    other = json.loads(json.dumps(dict(record, source="other.txt")))
    path.write_text(json.dumps(record) + "\n" + json.dumps(other) + "\n")
    store, first = _build([path])
    assert first.added == 2
    record["people"][0]["headline"] = "Chief Fixer at Handmade"
    path.write_text(json.dumps(record) + "\n" + json.dumps(other) + "\n")
    second = build([str(path)], store, Settings())
    assert (second.replaced, second.unchanged) == (1, 1)
    headlines = {r["headline"] for r in run_query(store, "speakers").dicts() if r["headline"]}
    assert any("Chief Fixer at Handmade" in h for h in headlines)
    path.write_text(json.dumps(other) + "\n")
    third = build([str(path)], store, Settings())
    assert third.removed == 1 and len([g for g in store.record_graphs() if "fixed-jsonl" in g]) == 1


# ---- web -----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def http_site(tmp_path_factory, seeds_dir):
    root = tmp_path_factory.mktemp("site")
    shutil.copy(sorted(seeds_dir.glob("*.txt"))[0], root / "page.txt")
    (root / "big.txt").write_text("x" * 50_000)
    (root / "data.bin").write_bytes(b"\x00" * 10)
    seen = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(root), **kw)

        def do_GET(self):  # noqa: N802
            seen.append(self.headers.get("User-Agent"))
            if self.path == "/slow":
                import time
                time.sleep(2)
            return super().do_GET()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()


def test_url_is_fetched_politely_and_built(http_site):
    base, seen = http_site
    store, result = _build([f"{base}/page.txt"])
    assert result.added == 1, [str(i) for i in result.issues]
    assert seen[-1] == USER_AGENT and USER_AGENT.startswith("talkgraph/")
    assert "Maxim Fedorov" in {r["name"] for r in run_query(store, "speakers").dicts()}


@pytest.mark.parametrize("path, kw, match", [
    ("/big.txt", {"max_bytes": 1000}, "over the 1,000-byte cap"),
    ("/data.bin", {"max_bytes": 10_000}, "content type 'application/octet-stream' is not a web page"),
    ("/missing.html", {"max_bytes": 10_000}, "HTTP 404"),
    ("/slow", {"max_bytes": 10_000, "timeout": 0.3}, "timed out"),
])
def test_url_faults(http_site, path, kw, match):
    with pytest.raises(RecordError, match=match):
        fetch(http_site[0] + path, **kw)


# ---- idempotence (hypothesis) --------------------------------------------------------------------
def _without_time(store: GraphStore) -> Graph:
    g = store.to_rdflib()
    g.remove((None, PROV.generatedAtTime, None))
    return g


def _named_without_time(store: GraphStore) -> Graph:
    from rdflib import Dataset

    data = Dataset()
    import pyoxigraph as ox

    data.parse(data=ox.serialize(store.record_quads(), format=ox.RdfFormat.N_QUADS).decode(), format="nquads")
    flat = Graph()
    for s, p, o, g in data.quads():
        if p != PROV.generatedAtTime:
            flat.add((s, p, o))
            flat.add((g, SDO.hasPart, s)) if g is not None else None
    return flat


_INPUTS = [FIX / "frab-small.xml", FIX / "frab-small.json", FIX / "pretalx-derived.json",
           FIX / "pyvideo-event" / "videos" / "a.json", FIX / "pyvideo-event" / "videos" / "c.json",
           FIX / "records.jsonl"]


@pytest.fixture(scope="module")
def reference():
    store, _ = _build(_INPUTS)
    return _without_time(store), _named_without_time(store)


@hsettings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(_INPUTS), twice=st.lists(st.sampled_from(_INPUTS), max_size=3))
def test_any_order_and_repeats_give_an_isomorphic_graph(reference, order, twice):
    store = GraphStore()
    build([str(p) for p in order], store, Settings())
    build([str(p) for p in twice], store, Settings(), force=True)
    merged, named = reference
    assert isomorphic(_without_time(store), merged)
    assert isomorphic(_named_without_time(store), named)


# ---- bundled data and the shared corpora ---------------------------------------------------------
def test_bundled_data_builds_and_conforms(built_data):
    store, result = built_data.store, built_data.result
    assert result.failed == 0 and result.added == 466
    assert validate_store(store).conforms


def _sessions(store):
    return store.query(
        "PREFIX schema: <https://schema.org/> PREFIX tg: <https://w3id.org/talkgraph/ns#> "
        "SELECT ?o ?start ?room ?lang ?track (COUNT(?p) AS ?n) WHERE { ?o a tg:TalkOccurrence . "
        "OPTIONAL { ?o schema:startDate ?start } OPTIONAL { ?o schema:location/schema:name ?room } "
        "OPTIONAL { ?o schema:inLanguage ?lang } OPTIONAL { ?o tg:track ?track } "
        "OPTIONAL { ?o schema:performer ?p } } GROUP BY ?o ?start ?room ?lang ?track")


@pytest.mark.shared
@pytest.mark.parametrize("name, count, tracks", [
    ("ccc-31c3-frab/schedule.xml", 138, True), ("voc-schedule-examples/frab-camp2019.json", 79, True),
    ("voc-schedule-examples/pretalx-rc3.json", 48, True), ("pyconfr-2024-pretalx/schedule.json", 76, False),
])
def test_schedule_files_every_session_with_time_zone_room_language(shared_dir, name, count, tracks):
    store, result = _build([shared_dir / "corpus" / "schedules" / name])
    assert result.added == count and result.failed == 0, [str(i) for i in result.issues if i.level >= 30]
    rows = list(_sessions(store))
    assert len(rows) == count
    for row in rows:
        assert row["start"] is not None and row["start"].value[-6] in "+-", row["o"]  # offset included
        assert row["room"] is not None and row["lang"] is not None
    assert sum(1 for r in rows if r["n"].value != "0") >= count * 0.9  # persons
    if tracks:
        assert sum(1 for r in rows if r["track"] is not None) >= count * 0.9
    assert validate_store(store).conforms


@pytest.mark.shared
def test_schedule_files_are_valid_against_the_shipped_schemas(shared_dir):
    jsonschema = pytest.importorskip("jsonschema")
    from lxml import etree

    base = shared_dir / "corpus" / "schedules"
    xsd = etree.XMLSchema(etree.parse(str(base / "voc-schedule-examples" / "schedule.xml.xsd")))
    doc = etree.parse(str(base / "ccc-31c3-frab" / "schedule.xml"),
                      etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    errors = [str(e) for e in xsd.iter_errors(doc)] if hasattr(xsd, "iter_errors") else (
        [] if xsd.validate(doc) else [str(e) for e in xsd.error_log])
    schema = json.loads((base / "voc-schedule-examples" / "schema.json").read_text())
    camp = json.loads((base / "voc-schedule-examples" / "frab-camp2019.json").read_text())
    validator = jsonschema.validators.validator_for(schema)(schema)
    json_errors = [e.message for e in validator.iter_errors(camp)]
    # The shipped 31C3 export predates UUID guids, and Camp 2019 has capitalised slugs: every
    # other rule of the XSD and of the JSON schema holds.
    assert errors and all("attribute 'guid'" in e for e in errors), [e for e in errors if "guid" not in e][:5]
    assert all("does not match" in e for e in json_errors), json_errors[:5]


@pytest.mark.shared
@pytest.mark.slow
def test_trey_hunner_is_one_person_with_all_80_records(shared_dir):
    root = shared_dir / "corpus" / "pyvideo"
    files = subprocess.run(["grep", "-rl", "--include=*.json", '"Trey Hunner"', str(root)],
                           capture_output=True, text=True, check=True).stdout.split()
    assert len(files) == 80
    store, result = _build(files)
    assert result.added == 80
    rows = run_query(store, "talks-by-speaker", name=Literal("Trey Hunner")).dicts()
    assert len({r["occurrence"] for r in rows}) == 80
    people = [r for r in run_query(store, "speakers").dicts() if r["name"] == "Trey Hunner"]
    assert len({r["person"] for r in people}) == 1
    sources = store.query(
        "PREFIX schema: <https://schema.org/> SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { "
        "?p schema:name 'Trey Hunner' . GRAPH ?g { ?o schema:performer ?p } }")
    assert int(next(iter(sources))["n"].value) == 80
