"""Explanations that state the strongest true thing (issue 12, item 5).

"Similar wording" leaves out each language's stop words and the talk's own speakers' names;
related talks and speakers below a score floor are not shown; ego and path explanations say
"spoke together" before a shared topic and carry every reason with its evidence in JSON; a large
session (lightning talks) is not everyone having spoken together; "not connected" exits 1 with
the sizes of the two parts. All people and talks here are invented.
"""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from talkgraph.analysis import paths, projection, text, weights
from talkgraph.extract.topics import TopicHit
from talkgraph.records.model import Affiliation, ExtractionRecord, Person, Talk

from tests.mapped_records import write_records

TOPIC = "https://w3id.org/talkgraph/topic/"
TOPICS = [("t%d" % i, "Topic %d" % i) for i in range(8)]


def _talk(title, event, speakers, *, topics=(), abstract=None, start="10:00", language=None, date="2021-05-04"):
    return Talk(title=title, event=event, date=date, start=start, speakers=list(speakers), abstract=abstract,
                language=language, topic_hits=[TopicHit(TOPIC + s, label, "title", 0, 1, "pref", 0.9)
                                               for s, label in topics])


LIGHTNING = [f"Lightning Person {c}" for c in "ABCDEFGHIJ"]
RECORDS = [
    # Two German talks that share only stop words with each other, and a real word with a third.
    ExtractionRecord("de1", talks=[
        _talk("Gegen die Überwachung", "Kongress 2019", ["Hanna Weidl"], language="de",
              abstract="Was wir gegen die Überwachung bei der Arbeit und das Netz tun können.")]),
    ExtractionRecord("de2", talks=[
        _talk("Bei der Bahn", "Kongress 2019", ["Jonas Pfeuffer"], start="11:00",
              abstract="Die Bahn und das Netz gegen die Verspätung, bei jedem Wetter.")]),  # language guessed
    ExtractionRecord("de3", talks=[
        _talk("Überwachung messen", "Kongress 2020", ["Lea Brandmair"], language="de", date="2020-12-27",
              abstract="Wie man Überwachung misst.")]),
    ExtractionRecord("fr1", talks=[
        _talk("Pourquoi nous avons choisi les graphes", "Journées 2022", ["Odile Vannier"], date="2022-06-01",
              abstract="Nous avons choisi les graphes pour notre équipe, et nous sommes très contents.")]),
    ExtractionRecord("fr2", talks=[
        _talk("Les graphes dans notre équipe", "Journées 2022", ["Rémi Sautel"], start="11:00", date="2022-06-01",
              abstract="Avec les graphes, notre équipe est plus rapide que nous pensions.")]),
    # Names in the text: a talk mentioning its own speaker, another by them.
    ExtractionRecord("names", talks=[
        _talk("Zelda Quorn on parsers", "Parse Conf 2021", ["Zelda Quorn"],
              abstract="Zelda Quorn explains incremental parsers."),
        _talk("Tokenizers by Zelda Quorn", "Parse Conf 2022", ["Zelda Quorn"], date="2022-05-04",
              abstract="Quorn shows tokenizers for incremental parsers."),
    ]),
    # Spoke together and share eight topics: the topic weight (8 x 0.5) beats spoke_together (3).
    ExtractionRecord("pair", people=[Person("Ivo Talsma", affiliations=[Affiliation("Dune Labs", current=True)]),
                                     Person("Wren Okafor", affiliations=[Affiliation("Dune Labs", current=True)])],
                     talks=[
        _talk("Fireside chat on dune safety", "Sand Summit 2021", ["Ivo Talsma", "Wren Okafor"], topics=TOPICS),
        _talk("Dune safety one", "Sand Summit 2022", ["Ivo Talsma"], topics=TOPICS, date="2022-05-04"),
        _talk("Dune safety two", "Sand Summit 2022", ["Wren Okafor"], topics=TOPICS, date="2022-05-04",
              start="11:00"),
    ]),
    # A ten-person lightning-talks session; A and B also work at the same place.
    ExtractionRecord("lightning", people=[Person(LIGHTNING[0], affiliations=[Affiliation("Spark Co", current=True)]),
                                          Person(LIGHTNING[1], affiliations=[Affiliation("Spark Co", current=True)])],
                     talks=[_talk("Lightning Talks", "Flash Fest 2023", LIGHTNING, date="2023-03-03")]),
    # Noise: a talk and a person that share a single common word with one other.
    ExtractionRecord("noise", talks=[
        _talk("Quantum gardening with tomatoes", "Garden Day 2021", ["Petra Noll"],
              abstract="Quantum gardening: tomatoes, quantum sensors and gardening robots."),
        _talk("Quantum gardening for beginners", "Garden Day 2021", ["Sam Ueda"], start="11:00",
              abstract="Quantum gardening explained: quantum basics and gardening basics."),
        _talk("A long afternoon of soil", "Farm Fair 2020", ["Uli Marsh"], date="2020-04-04",
              abstract="Soil, compost, worms, rain, drainage, crops, seasons, barns, fences, tractors, "
                       "irrigation, seeds, harvests, markets, cooperatives, weather, hedges, ponds, orchards, "
                       "sheep, goats, hay, silos, mills, ploughs, ditches and, once, tomatoes."),
    ]),
    ExtractionRecord("alone", talks=[_talk("A lonely keynote", "Solo Con 2020", ["Dana Solo"], date="2020-01-01")]),
]


# `store` and `index` (tests/analysis/conftest.py) map this module's RECORDS once.


@pytest.fixture(scope="module")
def graph(store):
    return projection.speaker_graph(store)


def _wording(result) -> list[str]:
    for r in result.reasons:
        if r.signal == "text":
            return [label for _, label in r.evidence]
    return []


# ---- similar wording -------------------------------------------------------------------------
def test_stop_words_per_language():
    assert {"und", "die", "das", "gegen", "bei"} <= text.stop_words("de")
    assert {"les", "nous", "avons", "notre"} <= text.stop_words("fr")
    assert {"the", "and", "talk"} <= text.stop_words("de")  # English ones always
    assert "die" not in text.stop_words("en")  # English "die" is a word
    assert text.guess_language("Die Bahn und das Netz gegen die Verspätung, bei jedem Wetter.") == "de"
    assert text.guess_language("Avec les graphes, notre équipe est plus rapide que nous pensions.") == "fr"
    assert text.guess_language("How we die hard in production") == "en"


def test_german_stop_words_are_not_similar_wording(index):
    related = index.related_talks("Gegen die Überwachung", min_score=0.0)
    by_title = {r.label: r for r in related}
    assert "überwachung" in _wording(by_title["Überwachung messen"])
    bahn = by_title.get("Bei der Bahn")
    words = _wording(bahn) if bahn else []
    assert not set(words) & {"gegen", "bei", "das", "und", "die", "der", "was", "wir"}, words
    # "netz" is a real shared word, and the only one
    assert words in ([], ["netz"])


def test_french_stop_words_are_not_similar_wording(index):
    related = index.related_talks("Pourquoi nous avons choisi les graphes", min_score=0.0)
    words = _wording(next(r for r in related if r.label == "Les graphes dans notre équipe"))
    assert "graphes" in words and "équipe" in words
    assert not set(words) & {"nous", "les", "notre", "avons", "est"}, words


def test_the_talks_own_speaker_names_are_not_similar_wording(index):
    related = index.related_talks("Zelda Quorn on parsers", min_score=0.0)
    other = next(r for r in related if r.label == "Tokenizers by Zelda Quorn")
    words = _wording(other)
    assert {"incremental", "parsers"} <= set(words)
    assert not {"zelda", "quorn"} & set(words), words
    assert "both given by Zelda Quorn" in other.explanation()  # said once, by the right signal
    pair = index.related_speakers("Ivo Talsma")[0]
    assert pair.label == "Wren Okafor"
    assert not {"ivo", "talsma", "wren", "okafor"} & {w for r in pair.reasons if r.signal == "text"
                                                     for _, w in r.evidence}


# ---- the score floor ---------------------------------------------------------------------------
def test_related_talks_below_the_floor_are_not_shown(index):
    everything = index.related_talks("Quantum gardening with tomatoes", min_score=0.0)
    weak = [r for r in everything if r.score < weights.RELATED_TALKS_MIN_SCORE]
    assert [r.label for r in weak] == ["A long afternoon of soil"]  # one shared word, "tomatoes"
    shown = index.related_talks("Quantum gardening with tomatoes")
    assert [r.label for r in shown] == ["Quantum gardening for beginners"]
    assert all(r.score >= weights.RELATED_TALKS_MIN_SCORE for r in shown)


def test_related_speakers_below_the_floor_are_not_shown(index):
    everything = index.related_speakers("Uli Marsh", min_score=0.0)
    assert everything and all(r.score < weights.RELATED_SPEAKERS_MIN_SCORE for r in everything)
    assert index.related_speakers("Uli Marsh") == []


# ---- ego and path: the strongest true thing, every reason in JSON ---------------------------
def test_path_says_spoke_together_before_a_heavier_shared_topic(graph):
    ties = graph.get_edge_data(*sorted(n for n, d in graph.nodes(data=True)
                                       if d["label"] in ("Ivo Talsma", "Wren Okafor")))
    assert ties["shared_topic"]["weight"] > ties["spoke_together"]["weight"]  # the old rule picked topics
    path = paths.speaker_path(graph, "Ivo Talsma", "Wren Okafor")
    assert path.text() == ("Ivo Talsma spoke with Wren Okafor at Sand Summit 2021 "
                           "('Fireside chat on dune safety')")
    hop = path.to_dict()["hops"][0]
    assert [r["kind"] for r in hop["reasons"]] == ["spoke_together", "same_employer", "shared_topic", "same_event"]
    topics = next(r for r in hop["reasons"] if r["kind"] == "shared_topic")
    assert sorted(e["id"] for e in topics["evidence"]) == sorted(TOPIC + slug for slug, _ in TOPICS)
    assert hop["reasons"][0]["evidence"][0]["label"] == "Fireside chat on dune safety @ Sand Summit 2021"


def test_ego_json_carries_every_reason_with_evidence(graph):
    _, ties = paths.ego_network(graph, "Ivo Talsma")
    tie = ties[0].to_dict()
    assert tie["name"] == "Wren Okafor"
    assert tie["reason"].startswith("Ivo Talsma spoke with Wren Okafor")
    kinds = {r["kind"]: r for r in tie["reasons"]}
    assert set(kinds) == {"spoke_together", "same_employer", "shared_topic", "same_event"}
    assert kinds["same_employer"]["evidence"][0]["label"] == "Dune Labs"
    assert all(r["evidence"] for r in tie["reasons"])


# ---- large sessions ----------------------------------------------------------------------------
def test_a_lightning_talk_session_is_not_everyone_speaking_together(graph):
    ids = {d["label"]: n for n, d in graph.nodes(data=True)}
    a, c = ids[LIGHTNING[0]], ids[LIGHTNING[2]]
    tie = graph.get_edge_data(a, c)["spoke_together"]
    assert tie["weight"] == pytest.approx(weights.SPEAKER_EDGE["spoke_together"] * 3 / 9)
    pair = graph.get_edge_data(*sorted(n for n, d in graph.nodes(data=True)
                                       if d["label"] in ("Ivo Talsma", "Wren Okafor")))["spoke_together"]
    assert pair["weight"] == weights.SPEAKER_EDGE["spoke_together"]  # a two-person talk keeps its weight
    assert set(graph.graph["session_sizes"].values()) == {10}
    text_ac = paths.speaker_path(graph, LIGHTNING[0], LIGHTNING[2]).text()
    assert text_ac == (f"{LIGHTNING[0]} and {LIGHTNING[2]} spoke in one session at Flash Fest 2023 "
                       "('Lightning Talks', 10 speakers)")
    # A shared employer is a stronger truth than a shared lightning-talk session.
    assert paths.speaker_path(graph, LIGHTNING[0], LIGHTNING[1]).text() == (
        f"{LIGHTNING[0]} and {LIGHTNING[1]} both worked at Spark Co")


# ---- not connected ----------------------------------------------------------------------------
def test_not_connected_says_how_large_each_part_is(graph):
    path = paths.speaker_path(graph, "Ivo Talsma", "Dana Solo")
    assert not path.found
    assert path.components == (2, 1)
    assert path.text() == ("not connected in the graph: Ivo Talsma is in a group of 2 connected people, "
                           "Dana Solo in another of 1")


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    return write_records(RECORDS, tmp_path_factory.mktemp("explain-store"))


def _cli(store_dir, *args):
    from talkgraph.cli import main

    return CliRunner().invoke(main, ["--store", str(store_dir), *args])


def test_cli_path_not_connected_exits_1_with_sizes(store_dir):
    result = _cli(store_dir, "network", "path", "Ivo Talsma", "Dana Solo")
    assert result.exit_code == 1
    assert "Ivo Talsma is in a group of 2 connected people, Dana Solo in another of 1" in result.output
    result = _cli(store_dir, "network", "path", "Ivo Talsma", "Dana Solo", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["connected"] is False and data["components"] == {"source": 2, "target": 1}


def test_cli_path_and_ego_json_carry_every_reason(store_dir):
    result = _cli(store_dir, "network", "path", "Ivo Talsma", "Wren Okafor", "--format", "json")
    assert result.exit_code == 0, result.output
    hop = json.loads(result.output)["hops"][0]
    assert hop["kind"] == "spoke_together" and len(hop["reasons"]) == 4
    result = _cli(store_dir, "network", "ego", "Ivo Talsma", "--format", "json")
    assert result.exit_code == 0, result.output
    assert {r["kind"] for r in json.loads(result.output)[0]["reasons"]} >= {"spoke_together", "shared_topic"}


def test_cli_related_speakers_shows_nothing_rather_than_noise(store_dir):
    result = _cli(store_dir, "related-speakers", "Uli Marsh")
    assert result.exit_code == 0
    assert "Petra Noll" not in result.output
    assert "no related speakers" in result.output
