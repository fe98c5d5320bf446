"""The whole codesync corpus (214 real pages, two layouts of one site) builds and conforms to the shapes."""
import pytest

from talkgraph.query.run import run_query
from talkgraph.rdf.validation import untargeted_shapes, validate_graph


@pytest.fixture(scope="module")
def codesync_graph(built_codesync):
    """The codesync union graph as rdflib holds it, converted once for the tests below."""
    return built_codesync.store.to_rdflib()


@pytest.fixture(scope="module")
def codesync_store(built_codesync):
    return built_codesync.store, built_codesync.result


def test_every_page_is_read(codesync_store):
    _, result = codesync_store
    assert result.records == 214
    assert result.failed == 0, [str(i) for i in result.issues]


def test_codesync_graph_conforms(codesync_graph):
    report = validate_graph(codesync_graph)  # what validate_store(store) checks: its union graph
    assert report.conforms, report.text[:3000]


def test_shapes_all_have_targets_in_real_data(codesync_graph, built_seeds):
    # Over the merge of both builds, as one store would hold it: a shape targets nothing in the merge
    # when it targets nothing in either graph (targets are classes and properties present or not).
    # Shapes for facts the bios rarely state (degrees, years) may target nothing in this corpus;
    # every other shape must check something.
    empty = set(untargeted_shapes(codesync_graph)) & set(untargeted_shapes(built_seeds.store.to_rdflib()))
    optional = {"https://w3id.org/talkgraph/shapes#" + n for n in
                ("IntervalShape", "InstantShape", "ConceptShape", "CredentialShape", "AudienceShape")}
    assert empty <= optional, empty - optional


def test_series_and_editions(codesync_store):
    store, _ = codesync_store
    events = run_query(store, "events").dicts()
    assert {e["series_name"] for e in events} == {"Code BEAM", "Code Mesh", "Code Elixir"}
    sf = next(e for e in events if e["name"] == "Code BEAM SF 2019")
    assert (sf["place"], sf["year"]) == ("San Francisco", "2019")
