"""Careers from headlines and bios: organisations, roles, current, places, years, education."""
from __future__ import annotations

import pytest

from talkgraph.extract.career import read_affiliations, read_career, read_education, same_organisation
from talkgraph.extract.headline import parse_headline_all
from talkgraph.extract.nlp import build_nlp

MAXIM = ("Maxim Fedorov is a software engineer at WhatsApp, the largest messaging app.\n"
         "Before WhatsApp, Maxim has been developing low-latency TCP/IP applications at NetAlliance "
         "(Sydney, Australia), designing Kaspersky Enterprise Security Endpoint (Moscow, Russia), improving "
         "Parallels Virtual Automation, called Odin now, at Parallels (former SWsoft), and developing network "
         "security software before.\nMaxim earned a Master’s Degree in Computer Science.")


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


def _view(affs):
    return [(a.organization, a.current, a.place) for a in affs]


def test_maxim_career_product_is_not_the_employer(nlp):
    affs, edu = read_career("Maxim Fedorov", "Software Engineer at WhatsApp", MAXIM, nlp=nlp)
    assert _view(affs) == [("WhatsApp", True, None), ("NetAlliance", False, "Sydney, Australia"),
                           ("Kaspersky", False, "Moscow, Russia"), ("Parallels", False, None)]
    parallels = affs[-1]
    assert parallels.other_names == ["SWsoft"]
    assert affs[0].role and "engineer" in affs[0].role.lower()
    ev = affs[1].evidence
    assert ev.text_field == "bio" and MAXIM[ev.start:ev.end] == "NetAlliance" and 0 < ev.confidence <= 1
    assert [(e.degree, e.institution) for e in edu] == [("Master’s Degree in Computer Science", None)]


@pytest.mark.parametrize("headline, expected", [
    ("Software Engineer at WhatsApp", [("WhatsApp", "Software Engineer")]),
    ("CTO @ Humio", [("Humio", "CTO")]),
    ("Elixir Developer, CTO (Coders51)", [("Coders51", "CTO")]),
    ("Author of Caramel, Founder at Abstract Machines, Staff Software Engineer at Erlang Solutions",
     [("Abstract Machines", "Founder"), ("Erlang Solutions", "Staff Software Engineer")]),
    ("Experienced enterprise Erlanger building medical messaging systems @ Medical-Objects Pty Ltd.",
     [("Medical-Objects Pty Ltd", None)]),
    ("Performance & scalability engineer", []),
    ("Host of the Elixir Fountain podcast", []),
])
def test_headline(headline, expected):
    got = parse_headline_all(headline)
    assert [(a.organization, a.role) for a in got] == expected
    assert all(a.current is True and a.evidence.text_field == "headline" for a in got)


def test_present_past_and_joined(nlp):
    bio = ("In 2015, Gabor joined Erlang Solutions where he has been working with different clients. "
           "Previously, she spent 18 years at Microsoft. He is now a Senior Member of Technical Staff at VMware.")
    assert _view(read_affiliations(bio, nlp=nlp)) == [("Erlang Solutions", True, None),
                                                      ("Microsoft", False, None), ("VMware", True, None)]


def test_companies_list_and_places(nlp):
    bio = ("Since then he has worked at companies like Spotify, Netlight and Klarna. "
           "Karolis is a Chief IT Architect and co-owner at Erisata LTD., a company based in Lithuania. "
           "Leandro is currently working as Staff Software Engineer at Erlang Solutions in Stockholm, Sweden.")
    view = _view(read_affiliations(bio, nlp=nlp))
    assert ("Spotify", False, None) in view and ("Klarna", False, None) in view
    assert ("Erisata LTD.", True, "Lithuania") in view
    assert ("Erlang Solutions", True, "Stockholm, Sweden") in view


def test_years(nlp):
    affs = read_affiliations("She worked at Ericsson (1996-2004) and has been at Klarna since 2015.", nlp=nlp)
    by = {a.organization: a for a in affs}
    assert (by["Ericsson"].start_year, by["Ericsson"].end_year) == (1996, 2004)
    assert by["Klarna"].start_year == 2015


@pytest.mark.parametrize("bio, expected", [
    ("Guy obtained his PhD in Computer Science at Paris-Saclay Ecole Normale Supérieure, and settled in Marseille.",
     [("PhD in Computer Science", "Paris-Saclay Ecole Normale Supérieure")]),
    ("Kenji has a Ph.D. of Information Science from Osaka University and is an engineer.",
     [("Ph.D. of Information Science", "Osaka University")]),
    ("Andreas decided to do a PhD in Uppsala with Kostis Sagonas as supervisor.", [("PhD in Uppsala", None)]),
    ("Fredrik was captured by Erlang during his studies at Uppsala University. During his final semester...",
     [(None, "Uppsala University")]),
    ("She likes cats and has no degree worth mentioning to some degree.", []),
])
def test_education(bio, expected):
    assert [(e.degree, e.institution) for e in read_education(bio)] == expected


def test_same_organisation():
    assert same_organisation("Erlang Solutions Ltd.", "Erlang solutions")
    assert not same_organisation("Klarna", "Kivra")


def test_french_and_german_bios_do_not_invent(nlp):
    fr = ("Marie est développeuse chez Scaleway à Paris depuis 2019. Auparavant, elle a travaillé pour la SNCF. "
          "Elle est titulaire d'un master en informatique de l'Université de Lyon.")
    de = ("Jan arbeitet seit 2018 als Softwareentwickler bei der Deutschen Bahn in Berlin und hat an der "
          "TU München Informatik studiert. Vorher war er bei Siemens.")
    for bio in (fr, de):
        affs, edu = read_career("X", None, bio, nlp=nlp)
        for a in affs:  # whatever is found is literally in the text; nothing else is made up
            assert a.organization in bio
            assert a.place is None or a.place.split(",")[0] in bio
        for e in edu:
            assert (e.degree or "") in bio and (e.institution or "") in bio


def test_no_structure_and_huge_bio(nlp):
    assert read_career("X", None, "", nlp=nlp) == ([], [])
    assert read_career("X", "✨ Net Idol ✨", "loves cats. lol. ¯\\_(ツ)_/¯ 🚀🚀", nlp=nlp) == ([], [])
    big = ("Ada works at Klarna in Stockholm. " + "word " * 40_000)[:200_000]
    affs, _ = read_career("Ada", None, big, nlp=nlp)
    assert _view(affs) == [("Klarna", True, "Stockholm")]


@pytest.mark.parametrize("bio, expected", [
    # a job followed by "now" another one: the first is past
    ("Wendell Ashby is a seasoned operator, exec at Quorvex now SVP of Product at Lindmark.",
     [("Quorvex", False), ("Lindmark", True)]),
    # experience at a list of companies is past; "to found X" tells nothing about now
    ("She parlayed her sales experience at Tellwise, Yarrowby and Ostrand Labs to found Pebblecast.",
     [("Tellwise", False), ("Yarrowby", False), ("Ostrand Labs", False), ("Pebblecast", None)]),
    ("He has also worked in operations for years, including at Brisket.", [("Brisket", None)]),
    ("Every engineer at Halvorsen must take the course.", []),
    ("She received a medal from the President of the Republic of Valdoria.", []),
    # the organisation before its role, plural founders, community groups, roles "with" a company
    ("Tomas is Quillwork co-founder and a keen sailor.", [("Quillwork", True)]),
    ("Nell is one of the Leafhaven Meetup board members.", [("Leafhaven Meetup", True)]),
    ("He is one of the co-founders of Harbourside Python Meetup.", [("Harbourside Python Meetup", True)]),
    ("Co-organiser of Eastvale Ruby User Group. Instructor at Eastvale Polytechnic.",
     [("Eastvale Ruby User Group", True), ("Eastvale Polytechnic", True)]),
    ("Ana is a Principal Consultant with Brightcode, and author of a book.", [("Brightcode", True)]),
    ("She teaches for outreach groups including CodeBridge, RubyFriends, PyNorth.",
     [("CodeBridge", True), ("RubyFriends", True), ("PyNorth", True)]),
    # a team of the employer, a show, a described company, a lower-case first letter
    ("Harriet leads the Speed Team at Shopwise.", [("Shopwise", True)]),
    ("Jo is a Backend Engineer at Trevalo and runs Hello Gopher show.", [("Trevalo", True)]),
    ("Before joining Brightcode, he was CTO at the EdTech company, which got acquired.", [("Brightcode", False)]),
    ("Andrew is a software developer at uQuorum, working mostly in Clojure.", [("uQuorum", True)]),
    # a membership is not an affiliation; a board seat is
    ("Aja is a Developer Advocate at Nimbly and a member of the Lakeside Ruby Brigade.", [("Nimbly", True)]),
    ("She is a board member of the Lakeside Ruby Brigade.", [("Lakeside Ruby Brigade", True)]),
])
def test_tense_and_shapes_of_bios_on_other_sites(nlp, bio, expected):
    assert [(a.organization, a.current) for a in read_affiliations(bio, nlp=nlp)] == expected


def test_place_before_based_after_the_employer(nlp):
    bio = "Sigrun is a developer working for Skerryworks, a Reykjavík based contracting company."
    assert [(a.organization, a.place) for a in read_affiliations(bio, nlp=nlp)] == [("Skerryworks", "Reykjavík")]
