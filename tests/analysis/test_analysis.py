"""Analytics: projections, centrality, communities, explained paths and related talks/speakers."""
from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner

from talkgraph.analysis import centrality, communities, paths, projection, weights
from talkgraph.analysis.lookup import UnknownPersonError, UnknownTalkError
from talkgraph.analysis.related import RelatedIndex
from talkgraph.extract.topics import TopicHit
from talkgraph.rdf import iris
from talkgraph.records.model import Affiliation, ExtractionRecord, Person, Talk
from talkgraph.store.local import GraphStore

from tests.mapped_records import store_records, write_records

TOPIC = "https://w3id.org/talkgraph/topic/"


def _hit(slug: str, label: str) -> TopicHit:
    return TopicHit(TOPIC + slug, label, "title", 0, 1, "pref", 0.9)


def _talk(title, event, speakers, topics=(), abstract=None, start="10:00"):
    return Talk(title=title, event=event, date="2019-03-01", start=start, speakers=list(speakers),
                abstract=abstract, topic_hits=[_hit(*t) for t in topics])


RECORDS = [
    ExtractionRecord("a", people=[Person("Ann Archer", affiliations=[Affiliation("Acme", current=True)])], talks=[
        _talk("Scaling Erlang clusters", "Code BEAM SF 2019", ["Ann Archer", "Bob Baker"],
              [("erlang-scalability", "Erlang scalability")],
              "How we scaled distributed Erlang clusters to thousands of nodes."),
        _talk("Distributed Erlang in production", "Code BEAM STO 2019", ["Ann Archer"],
              [("erlang", "Erlang")], "Running distributed Erlang clusters in production.", start="11:00"),
    ]),
    ExtractionRecord("b", people=[Person("Bob Baker", affiliations=[Affiliation("Acme", current=True)])], talks=[
        _talk("Elixir for data pipelines", "Code BEAM STO 2019", ["Bob Baker"], [("elixir", "Elixir")],
              "Broadway and GenStage pipelines in Elixir.", start="12:00"),
    ]),
    ExtractionRecord("c", people=[Person("Cleo Chen", affiliations=[Affiliation("Initech", current=True)])], talks=[
        _talk("Erlang scalability lessons", "Code Mesh LDN 2019", ["Cleo Chen"],
              [("erlang-scalability", "Erlang scalability")], "Lessons from scaling Erlang nodes."),
        _talk("Untitled musings", "Code Mesh LDN 2019", ["Cleo Chen"], start="14:00"),
    ]),
    ExtractionRecord("d", talks=[_talk("A lonely keynote", None, ["Dan Dunn"], start="09:00")]),
]


# `store` and `index` (tests/analysis/conftest.py) map this module's RECORDS once.


# ---- projections --------------------------------------------------------------------------------
def test_speaker_graph_has_typed_weighted_ties(store):
    g = projection.speaker_graph(store)
    ann, bob, cleo = (str(iris.person(n)) for n in ("Ann Archer", "Bob Baker", "Cleo Chen"))
    ties = g.get_edge_data(ann, bob)
    assert set(ties) == {"spoke_together", "same_event", "same_employer", "shared_topic"}
    assert ties["spoke_together"]["weight"] == weights.SPEAKER_EDGE["spoke_together"]
    assert "Scaling Erlang clusters @ Code BEAM SF 2019" in [lbl for _, lbl in ties["spoke_together"]["evidence"]]
    assert [lbl for _, lbl in ties["same_employer"]["evidence"]] == ["Acme"]
    # Ann and Cleo: both about Erlang scalability, nothing else
    assert set(g.get_edge_data(ann, cleo)) == {"shared_topic"}
    assert g.nodes[ann]["label"] == "Ann Archer"
    only = projection.speaker_graph(store, kinds=["spoke_together"])
    assert {k for _, _, k in only.edges(keys=True)} == {"spoke_together"}
    with pytest.raises(ValueError, match="unknown speaker ties.*allowed"):
        projection.speaker_graph(store, kinds=["likes"])


def test_collapse_sums_kinds(store):
    g = projection.collapse(projection.speaker_graph(store))
    ann, bob = str(iris.person("Ann Archer")), str(iris.person("Bob Baker"))
    e = g.edges[ann, bob]
    assert e["weight"] == pytest.approx(sum(e["kinds"].values()))
    assert e["distance"] == pytest.approx(1 / e["weight"])


def test_talk_topic_graph_is_bipartite_with_skos_hierarchy(store):
    g = projection.talk_topic_graph(store)
    talk = str(iris.talk("Scaling Erlang clusters"))
    assert g.edges[talk, TOPIC + "erlang-scalability"]["kind"] == "about"
    broader = [v for _, v, d in g.out_edges(TOPIC + "erlang-scalability", data=True) if d["kind"] == "broader"]
    assert TOPIC + "erlang" in broader  # from ontology/topics.ttl
    assert {d["bipartite"] for _, d in g.nodes(data=True)} == {0, 1}


def test_speaker_org_graph_over_time(store):
    g = projection.speaker_org_graph(store)
    ann = str(iris.person("Ann Archer"))
    acme = str(iris.organization("Acme"))
    assert g.edges[ann, acme]["current"] is True
    assert g.nodes[acme]["label"] == "Acme"
    assert projection.employment_in(g, 2019).number_of_edges() == 0  # no years stated
    assert projection.employment_in(g, 2019, include_unknown=True).number_of_edges() == 3


@pytest.mark.parametrize("a, b, expected", [
    ((2010, 2015, None), (2014, 2020, None), True),
    ((2010, 2012, None), (2014, 2020, None), False),
    ((None, None, True), (None, None, True), True),
    ((None, None, None), (2014, 2020, None), None),
    ((2010, None, True), (2014, 2016, False), True),
])
def test_membership_overlap(a, b, expected):
    ma = projection.Membership("p", "P", "o", "O", a[2], a[0], a[1])
    mb = projection.Membership("q", "Q", "o", "O", b[2], b[0], b[1])
    assert ma.overlaps(mb) is expected


# ---- analytics ------------------------------------------------------------------------------------
def test_centrality_ranks_and_explains(store):
    rows = centrality.centrality(projection.speaker_graph(store))
    assert rows[0].name in ("Ann Archer", "Bob Baker")
    assert "spoke together" in rows[0].reason
    assert rows == sorted(rows, key=lambda r: (-r.pagerank, r.name))
    with pytest.raises(ValueError, match="cannot rank by 'fame'"):
        centrality.centrality(projection.speaker_graph(store), by="fame")


def test_communities_are_deterministic_and_explained(store):
    g = projection.speaker_graph(store)
    first = communities.communities(g)
    assert first == communities.communities(g)
    assert first and all(c.reason for c in first)
    members = set().union(*(set(c.labels) for c in first))
    assert "Dan Dunn" not in members  # alone, below min_size


def test_speaker_path_reads_as_an_explanation(store):
    g = projection.speaker_graph(store)
    path = paths.speaker_path(g, "Bob Baker", "Cleo Chen")
    assert path.text() == "Bob Baker and Cleo Chen both talk about Erlang scalability"
    assert not paths.speaker_path(g, "Bob Baker", "Dan Dunn").found
    with pytest.raises(UnknownPersonError, match="closest: 'Cleo Chen'"):
        paths.speaker_path(g, "Bob Baker", "Cleo Chan")


def test_multi_hop_path_uses_the_strongest_ties():
    g = nx.MultiGraph()
    for n in "ABCD":
        g.add_node(n, kind="person", label=n)
    g.add_edge("A", "B", key="spoke_together", weight=3.0, evidence=[("o", "Talk X @ Code BEAM SF 2019")])
    g.add_edge("B", "C", key="shared_topic", weight=0.5, evidence=[("t", "Erlang scalability")])
    g.add_edge("A", "D", key="same_event", weight=0.25, evidence=[("e", "Big Conf 2019")])
    g.add_edge("D", "C", key="same_event", weight=0.25, evidence=[("e", "Big Conf 2019")])
    path = paths.speaker_path(g, "A", "C")
    assert path.nodes == ("A", "B", "C")
    assert path.text() == ("A spoke with B at Code BEAM SF 2019 ('Talk X'); "
                           "B and C both talk about Erlang scalability")


def test_talk_path_and_ego(store):
    e = projection.entity_graph(store)
    p = paths.talk_path(e, "Elixir for data pipelines", "Scaling Erlang clusters")
    assert p.found
    assert "'Elixir for data pipelines' was given by Bob Baker" in p.text()
    assert paths.talk_path(e, "A lonely keynote", "Scaling Erlang clusters").text() == (
        "not connected in the graph: A lonely keynote is in a group of 2 connected nodes (talks, people, events, "
        "topics), Scaling Erlang clusters in another of 20")
    ego, ties = paths.ego_network(projection.speaker_graph(store), "Ann Archer")
    assert isinstance(ego, nx.Graph)
    assert [t.name for t in ties][:1] == ["Bob Baker"]
    assert "spoke with" in ties[0].reason


def test_projection_data_is_read_once_and_shared(store):
    data = projection.ProjectionData.from_store(store)
    assert projection.load_data(data) is data
    assert list(data.titles) == sorted(data.titles)
    for build in (projection.speaker_graph, projection.talk_topic_graph, projection.speaker_org_graph,
                  projection.entity_graph):
        a, b = build(store), build(data)
        assert nx.utils.graphs_equal(a, b), build.__name__
    perf = [p for p in data.performances() if p.person == str(iris.person("Bob Baker"))]
    assert {p.edition_name for p in perf} == {"Code BEAM SF 2019", "Code BEAM STO 2019"}
    assert RelatedIndex.from_store(data).related_talks("Scaling Erlang clusters", 3) == \
        RelatedIndex.from_store(store).related_talks("Scaling Erlang clusters", 3)


def test_memberships_aggregate_flat_rows_in_python():
    """Two memberships of one person in one organisation, one with no end: the earliest begin, the
    latest end stated (MAX over a group with an unbound row would give nothing in pyoxigraph)."""
    rec = ExtractionRecord("m", people=[Person("Eve Ent", affiliations=[
        Affiliation("Globex", start_year=2012, end_year=2015), Affiliation("Globex", start_year=2018, current=True)])],
        talks=[_talk("Globex stories", "Code BEAM SF 2019", ["Eve Ent"])])
    s = store_records([rec])
    [m] = projection.memberships(s)
    assert (m.name, m.organization_name, m.current, m.begin, m.end) == ("Eve Ent", "Globex", True, 2012, 2015)


# ---- related --------------------------------------------------------------------------------------
def test_related_talks_rank_and_explain(index):
    results = index.related_talks("Scaling Erlang clusters", k=3)
    titles = [r.label for r in results]
    assert titles[0] in ("Distributed Erlang in production", "Erlang scalability lessons")
    by_title = {r.label: r for r in results}
    lessons = by_title["Erlang scalability lessons"]
    signals = {r.signal for r in lessons.reasons}
    assert "topics" in signals and "both about Erlang scalability" in lessons.explanation()
    prod = by_title["Distributed Erlang in production"]
    assert "both given by Ann Archer" in prod.explanation()
    assert "about Erlang (via Erlang scalability)" in prod.explanation()  # back-off along skos:broader
    assert all(r.score == pytest.approx(sum(x.score for x in r.reasons)) for r in results)
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)


def test_related_talks_by_iri_and_json_ready(index):
    iri = str(iris.talk("Scaling Erlang clusters"))
    assert index.related_talks(iri, 2) == index.related_talks(f"<{iri}>", 2)
    json.dumps([r.to_dict() for r in index.related_talks(iri, 2)])


def test_talk_without_topics_or_abstract_uses_what_it_has(index):
    untitled = index.related_talks("Untitled musings")
    assert untitled and untitled[0].label == "Erlang scalability lessons"
    assert {r.signal for r in untitled[0].reasons} <= {"speakers", "edition", "series", "text"}
    assert index.related_talks("A lonely keynote") == []  # nothing in common: an honest empty answer


def test_unknown_talk_lists_closest(index):
    with pytest.raises(UnknownTalkError, match=r"No talk 'Scaling Erlang cluster'.*closest: 'Scaling Erlang clusters'"):
        index.related_talks("Scaling Erlang cluster")
    with pytest.raises(UnknownTalkError, match="none with a similar title"):
        index.related_talks("zzzz qqqq")


def test_baseline_weights_and_bad_signal(index):
    text_only = index.related_talks("Scaling Erlang clusters", 5, weights_={"text": 1.0})
    assert all({r.signal for r in x.reasons} == {"text"} for x in text_only)
    with pytest.raises(ValueError, match="unknown signals"):
        index.related_talks("Scaling Erlang clusters", weights_={"vibes": 1.0})


def test_results_sharing_no_speaker_carry_a_path(index):
    results = {r.label: r for r in index.related_talks("Distributed Erlang in production", 5)}
    path = [x for x in results["Elixir for data pipelines"].reasons if x.signal == "path"]
    assert path and path[0].score == 0.0
    assert path[0].text == ("path: Ann Archer, who gave this talk, spoke with Bob Baker, who gave that one, "
                            "on 'Scaling Erlang clusters' at Code BEAM SF 2019")
    lessons = results["Erlang scalability lessons"].explanation()
    assert "path: Ann Archer, who gave this talk, also talks about Erlang scalability, a topic of that one" in lessons
    # a shared speaker is already the shortest path: no path reason
    assert "path" not in {x.signal for x in results["Scaling Erlang clusters"].reasons}
    assert index.path_reason(index.resolve_talk("A lonely keynote"), index.resolve_talk("Untitled musings")) is None


def test_topics_found_only_in_tags_can_be_ignored():
    tagged = TopicHit(TOPIC + "elixir", "Elixir", "tags[0]", 0, 6, "pref", 1.0)
    also_title = TopicHit(TOPIC + "erlang", "Erlang", "tags[1]", 0, 6, "pref", 1.0)
    talk = Talk(title="Erlang at work", event="Code BEAM SF 2019", speakers=["Fay Fox"],
                topic_hits=[tagged, also_title, _hit("erlang", "Erlang")])
    other = Talk(title="Elixir and Erlang at play", event="Code BEAM STO 2019", speakers=["Gus Gray"],
                 topic_hits=[_hit("elixir", "Elixir"), _hit("erlang", "Erlang")])
    s = store_records([ExtractionRecord("t", talks=[talk, other])])
    work = str(iris.talk("Erlang at work"))
    everything = RelatedIndex.from_store(s)
    assert everything.direct_topics[everything.talk_pos[work]] == {TOPIC + "elixir", TOPIC + "erlang"}
    withheld = RelatedIndex.from_store(s, ignore_topic_fields=weights.HUMAN_TAG_FIELDS)
    assert withheld.direct_topics[withheld.talk_pos[work]] == {TOPIC + "erlang"}  # also in the title: stays


def test_related_speakers(index):
    results = index.related_speakers("Ann Archer")
    assert results[0].label == "Bob Baker"
    why = results[0].explanation()
    assert "spoke together: Scaling Erlang clusters at Code BEAM SF 2019" in why
    assert "both worked at Acme" in why
    cleo = [r for r in results if r.label == "Cleo Chen"]
    assert cleo and "Erlang scalability" in cleo[0].explanation()
    with pytest.raises(UnknownPersonError, match="closest: 'Ann Archer'"):
        index.related_speakers("Ann Archor")


def test_empty_store():
    index = RelatedIndex.from_store(GraphStore())
    assert index.n_talks == 0
    with pytest.raises(UnknownTalkError):
        index.related_talks("anything")
    assert centrality.centrality(projection.speaker_graph(GraphStore())) == []


# ---- CLI ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    return write_records(RECORDS, tmp_path_factory.mktemp("store"))


@pytest.mark.parametrize("args, expect", [
    (["related", "Scaling Erlang clusters", "-k", "2", "--format", "csv"], "Erlang"),
    (["related", "Scaling Erlang clusters", "--format", "json"], '"reasons"'),
    (["related-speakers", "Ann Archer", "--format", "csv"], "Bob Baker"),
    (["network", "centrality", "--format", "csv"], "pagerank"),
    (["network", "communities", "--format", "json"], '"members"'),
    (["network", "ego", "Ann Archer", "--format", "csv"], "Bob Baker"),
    (["network", "path", "Bob Baker", "Cleo Chen"], "both talk about Erlang scalability"),
    (["network", "path", "--talks", "Elixir for data pipelines", "Scaling Erlang clusters", "--format", "json"],
     '"hops"'),
])
def test_cli_commands(store_dir, args, expect):
    from talkgraph.cli import main

    result = CliRunner().invoke(main, ["--store", str(store_dir), *args])
    assert result.exit_code == 0, result.output
    assert expect in result.output


def test_cli_unknown_talk_is_a_clean_error(store_dir):
    from talkgraph.cli import main

    result = CliRunner().invoke(main, ["--store", str(store_dir), "related", "Scaling Erlang"])
    assert result.exit_code == 1
    assert "closest: 'Scaling Erlang clusters'" in result.output
    assert "Traceback" not in result.output


# ---- on real data ---------------------------------------------------------------------------------
@pytest.mark.slow
def test_codesync_graph(built_codesync):
    s = built_codesync.store
    index = RelatedIndex.from_store(s)
    assert index.n_talks > 200
    results = index.related_talks("Implementing Languages on the BEAM", 5)
    assert len(results) == 5 and all(r.reasons for r in results)
    assert any("Robert Virding" in r.explanation() for r in results)
    g = projection.speaker_graph(s)
    top = centrality.centrality(g, top=10)
    assert len(top) == 10 and top[0].pagerank >= top[-1].pagerank
    assert len(communities.communities(g)) >= 3
    assert paths.speaker_path(g, "Robert Virding", "José Valim").found
