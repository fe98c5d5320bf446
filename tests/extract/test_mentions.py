"""Mentions and co-speakers: people named in bios and talk texts, found without a trained model."""
from __future__ import annotations

import pytest

from talkgraph.extract.cospeakers import find_cospeakers, is_organisation_name
from talkgraph.extract.mentions import find_mentions, is_same_person
from talkgraph.extract.nlp import build_nlp


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


def _mentions(nlp, text, exclude=()):
    doc = nlp(text)
    doc.user_data["field"] = "bio"
    return [name for name, _ in find_mentions([doc], exclude=list(exclude))]


@pytest.mark.parametrize("text, expected", [
    ('"Premature optimization is the root of all evil" (Donald Knuth). But why?', ["Donald Knuth"]),
    ("The inventor of the Actor Model, Dr. Carl Hewitt, says that Erlang is not an actor language. "
     "Erlang co-creators Joe Armstrong and Robert Virding agree with Hewitt.",
     ["Carl Hewitt", "Joe Armstrong", "Robert Virding"]),
    ("He was introduced to Erlang by Lars-Åke Fredlund, Clara Benac Earle and Ángel Herranz.",
     ["Lars-Åke Fredlund", "Clara Benac Earle", "Ángel Herranz"]),
    ("Dijkstra banished the GOTO 50 years ago.", ["Dijkstra"]),
    ("He joined Erik \"Happi\" Stenman in Happi Hacking.", ['Erik "Happi" Stenman']),
    ("The famous switch mentioned in Joe’s book.", ["Joe"]),
    ("Mentoring by Brujo Benavides was instrumental.", ["Brujo Benavides"]),
    ("A book written with Lloyd R. Prentice.", ["Lloyd R. Prentice"]),
])
def test_mentions_found(nlp, text, expected):
    assert _mentions(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "Conway's Law and Dijkstra's algorithm meet McCabe's complexity.",
    "She works at Erlang Solutions with Elixir, Phoenix LiveView and Peer Stritzinger GmbH.",
    "Will Erlang survive? May the BEAM be with you.",
    "",
])
def test_no_mentions(nlp, text):
    assert _mentions(nlp, text) == []


def test_subject_and_speakers_are_not_mentions(nlp):
    text = "Join Maxim Fedorov and Bram Verburg to discuss security. Maxim will share stories; Brian Hunt too."
    assert _mentions(nlp, text, exclude=["Maxim Fedorov", "Bram Verburg", "Bryan Hunt"]) == []


def test_cospeakers_from_join(nlp):
    doc = nlp("Join Maxim Fedorov and Bram Verburg to discuss security for BEAM-based applications.")
    assert find_cospeakers(doc, "Maxim Fedorov") == [("Maxim Fedorov", "speaker"),
                                                                       ("Bram Verburg", "speaker")]


def test_cospeaker_roles(nlp):
    doc = nlp("A panel hosted by Anna Smith. Panelists: John Doe, Mary Major and Peter Pan.")
    got = dict(find_cospeakers(doc, "John Doe"))
    assert got["Anna Smith"] == "host"
    assert got["Mary Major"] == "panelist" and got["Peter Pan"] == "panelist"


def test_mentioned_person_is_not_a_cospeaker(nlp):
    doc = nlp("Frank Savage takes us to the world of functional GUI.")
    assert find_cospeakers(doc, "Robert Virding") == []


def test_organisation_line_up_entries():
    assert is_organisation_name("Erlang Ecosystem Foundation")
    assert not is_organisation_name("Peer Stritzinger")
    assert is_same_person("Joe", "Joe Armstrong") and not is_same_person("Joe Armstrong", "Joe Smith")


@pytest.mark.parametrize("text, exclude, expected", [
    # relatives and people named by their craft
    ("In 1990 she married her late husband Rolf. They have one daughter Mirelle, who farms.", [], ["Rolf", "Mirelle"]),
    ("He is working with composer Eirikur Haldorsen on a generative music piece.", [], ["Eirikur Haldorsen"]),
    # the others in a list with one recognised name
    ("The conference is run by Jakob Lindahl, Sigrid Vollan and Torunn Bekkevold of Nordkurs.", [],
     ["Jakob Lindahl", "Sigrid Vollan", "Torunn Bekkevold"]),
    # a quote's attribution line
    ('"Inspiring and funny"\n—Daniel Marlow', [], ["Daniel Marlow"]),
    # the speaker introducing themself, glued page names, organisations
    ("Hello, I'm Maria Holt and I am your host today.", [], []),
    ("Panel: Jen-Lin Wu-Architect and Ada Quist-Engineering Manager", ["Jen-Lin Wu", "Ada Quist"], []),
    ("Daniel works at the Northern Aerospace Center where he builds tools.", ["Daniel Ross"], []),
])
def test_mentions_on_other_pages(nlp, text, exclude, expected):
    assert _mentions(nlp, text, exclude) == expected
