"""The whole codesync corpus (214 real pages, two layouts of one site) builds and conforms to the shapes."""
import pytest

from talkgraph.query.run import run_query
from talkgraph.rdf.validation import untargeted_shapes, validate_store


@pytest.fixture(scope="module")
def codesync_store(built_codesync):
    return built_codesync.store, built_codesync.result


def test_every_page_is_read(codesync_store):
    _, result = codesync_store
    assert result.records == 214
    assert result.failed == 0, [str(i) for i in result.issues]


def test_codesync_graph_conforms(codesync_store):
    store, _ = codesync_store
    report = validate_store(store)
    assert report.conforms, report.text[:3000]


def test_shapes_all_have_targets_in_real_data(codesync_store, built_seeds):
    store, _ = codesync_store
    graph = store.to_rdflib() + built_seeds.store.to_rdflib()  # the merge of both builds, as one store would hold
    # Shapes for facts the bios rarely state (degrees, years) may target nothing in this corpus;
    # every other shape must check something.
    empty = set(untargeted_shapes(graph))
    optional = {"https://w3id.org/talkgraph/shapes#" + n for n in
                ("IntervalShape", "InstantShape", "ConceptShape", "CredentialShape", "AudienceShape")}
    assert empty <= optional, empty - optional


def test_series_and_editions(codesync_store):
    store, _ = codesync_store
    events = run_query(store, "events").dicts()
    assert {e["series_name"] for e in events} == {"Code BEAM", "Code Mesh", "Code Elixir"}
    sf = next(e for e in events if e["name"] == "Code BEAM SF 2019")
    assert (sf["place"], sf["year"]) == ("San Francisco", "2019")
