"""HTML blocks read by structure (schedule tables, room grids, definition lists, card grids) and line hints.

Every fixture is an invented page (names, events, companies); each test asserts the whole
record the page gives: people with headlines, affiliations and confidences, talks with
event, date, times, speakers and confidences, mentions. Topics are tagged by
``extract.topics`` and tested there.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from talkgraph.extract.html_blocks import parse_speakers, read_html_blocks, split_role_org
from talkgraph.extract.html_reader import read_html_page, title_event
from talkgraph.extract.line_hints import apply_hints, is_furniture_heading
from talkgraph.extract.page_lines import split_lines
from talkgraph.extract.page_reader import read_text_page
from talkgraph.records.html_tree import read_html_lines
from talkgraph.records.sources import SourceText, read_source

HTML = Path(__file__).resolve().parents[1] / "fixtures" / "html"


def _reading(name: str):
    return read_html_page(read_source(HTML / name, max_bytes=1_000_000))


def _people(record):
    return [(p.name, p.headline, [(a.organization, a.role, a.current, a.confidence) for a in p.affiliations],
             [e.institution for e in p.education], p.confidence) for p in record.people]


def _talks(record):
    return [(t.title, t.event, t.date, t.start, t.end, t.speakers, t.confidence) for t in record.talks]


# ---- schedule tables ---------------------------------------------------------------------------

def test_schedule_table_gives_talks_and_speakers_not_a_person_named_schedule():
    reading = _reading("schedule_table.html")
    record = reading.record
    assert reading.layout == "html+table" and reading.warnings == [] and reading.notes == []
    assert _people(record) == [
        ("Greta Holmqvist", None, [("Coldstore AB", None, True, 0.85)], [], 0.9),
        ("Yusuf Demirel", None, [], [], 0.8)]  # an unknown given name: a little less sure
    assert _talks(record) == [
        ("Opening: Why Tape Still Matters", None, "2028-03-09", "09:00", "09:40", ["Greta Holmqvist"], 0.9),
        ("Sharding by Accident", None, "2028-03-09", "10:00", "10:45", ["Yusuf Demirel"], 0.9)]
    assert record.mentions == []  # the coffee break (colspan) is no talk; no "Schedule", no "Time Session Speaker"


def test_schedule_over_two_days_with_columns_a_room_grid_breaks_and_speaker_lists():
    record = _reading("schedule_two_days.html").record
    day1, day2, event = "2030-11-07", "2030-11-08", "Brackwater PyDays 2030"
    assert _talks(record) == [
        ("Typing the Untypeable", event, day1, "09:00", "09:45", ["Siobhán Keane"], 0.9),
        ("Packaging Without Pain", event, day1, "10:00", "10:30", ["Rafael Quintero", "Ingrid Solberg", "Amir Haddad"],
         0.9),
        ("Property-Based Testing for Sceptics", event, day1, "10:00", "10:30", ["Yasmin El-Amin"], 0.9),
        ("Async All the Way Down", event, day1, "13:30", "14:15", ["Tobias Wendt"], 0.9),
        # day 2: the date from the table's caption, a room per column, title over speakers in a cell
        ("Notebooks in Production", event, day2, "10:00", None, ["Priya Raman"], 0.9),
        ("Fast Data Frames", event, day2, "10:00", None, ["Oskar Berg", "Lena Vogt"], 0.9),
        ("Closing Panel: Python in 2040", event, day2, "11:30", None, ["Siobhán Keane", "Tobias Wendt"], 0.9)]
    assert [(t.room, t.kind) for t in record.talks] == [
        ("Main Hall", "Keynote"), ("Main Hall", "Talk"), ("Room 2", "Talk"), ("Room 2", "Workshop"),
        ("Hall A", None), ("Hall B", None), ("Hall A", None)]
    assert _people(record) == [
        ("Siobhán Keane", None, [("Harrow Labs", None, True, 0.8)], [], 0.8),
        ("Rafael Quintero", None, [], [], 0.9), ("Ingrid Solberg", None, [], [], 0.9),
        ("Amir Haddad", None, [], [], 0.9),
        ("Yasmin El-Amin", None, [("Fjordline AS", None, True, 0.85)], [], 0.9),
        ("Tobias Wendt", None, [], [], 0.9), ("Priya Raman", None, [], [], 0.9),
        ("Oskar Berg", None, [], [], 0.9), ("Lena Vogt", None, [], [], 0.9)]
    assert record.mentions == []  # registration, lunch and the coffee break are left out


def test_start_end_columns_rowspan_times_and_a_date_column():
    page = BeautifulSoup(
        "<h1>Quarry Conf 2031</h1><table><tr><th>Date</th><th>Start</th><th>End</th><th>Talk</th>"
        "<th>Speakers</th><th>Company</th></tr>"
        "<tr><td>12.06.2031</td><td>14:00</td><td>14:30</td><td>Slate Roofs as Data</td><td>Elin Magnusson</td>"
        "<td>Grafit AB</td></tr>"
        "<tr><td>13.06.2031</td><td>9am</td><td>9:40am</td><td>Gravel Routing</td><td>TBA</td><td></td></tr>"
        "</table>"
        "<table><tr><th>Time</th><th>Track 1</th><th>Track 2</th></tr>"
        "<tr><td rowspan='2'>15:00-15:45</td><td>Cutting Stone <em>by Ruth Calder</em></td>"
        "<td>Blasting Safely - Olu Bankole</td></tr>"
        "<tr><td>Hewing Beams</td><td>Lifting Blocks (Ines Baptista)</td></tr></table>", "lxml")
    data = read_html_blocks(page, event="Quarry Conf 2031", year=2031).data
    assert [(t.title, t.date, t.start, t.end, t.speakers, t.track, t.confidence) for t in data.talks] == [
        ("Slate Roofs as Data", "2031-06-12", "14:00", "14:30", ["Elin Magnusson"], None, 0.9),
        ("Gravel Routing", "2031-06-13", "09:00", "09:40", [], None, 0.9),
        ("Cutting Stone", None, "15:00", "15:45", ["Ruth Calder"], "Track 1", 0.9),
        ("Blasting Safely", None, "15:00", "15:45", ["Olu Bankole"], "Track 2", 0.9),
        ("Hewing Beams", None, "15:00", "15:45", [], "Track 1", 0.75),
        ("Lifting Blocks", None, "15:00", "15:45", ["Ines Baptista"], "Track 2", 0.9)]
    assert [(p.name, [a.organization for a in p.affiliations]) for p in data.people] == [
        ("Elin Magnusson", ["Grafit AB"]), ("Ruth Calder", []), ("Olu Bankole", []), ("Ines Baptista", [])]


def test_a_table_without_header_row_by_its_columns_clock_title_and_speakers():
    page = BeautifulSoup(
        "<h3>Saturday, 14 June 2031</h3><table>"
        "<tr><td>09:00</td><td>Welcome and coffee</td><td></td></tr>"
        "<tr><td>09:30</td><td>Mapping Tidal Flats with Drones</td><td>Maria Lopez</td></tr>"
        "<tr><td>10:15</td><td>Seabird Counts from Space</td><td>John Smith, Anna Berg</td></tr>"
        "<tr><td>11:00</td><td colspan=2>Break</td></tr>"
        "<tr><td>11:30</td><td>Salt Marsh Carbon</td><td>Peter Olsen (Vadehavet Lab)</td></tr></table>", "lxml")
    data = read_html_blocks(page).data
    assert [(t.title, t.date, t.start, t.speakers, t.confidence) for t in data.talks] == [
        ("Mapping Tidal Flats with Drones", "2031-06-14", "09:30", ["Maria Lopez"], 0.9),
        ("Seabird Counts from Space", "2031-06-14", "10:15", ["John Smith", "Anna Berg"], 0.9),
        ("Salt Marsh Carbon", "2031-06-14", "11:30", ["Peter Olsen"], 0.9)]
    assert [(p.name, [a.organization for a in p.affiliations]) for p in data.people] == [
        ("Maria Lopez", []), ("John Smith", []), ("Anna Berg", []), ("Peter Olsen", ["Vadehavet Lab"])]


@pytest.mark.parametrize("markup", [
    "<table><tr><th>Sponsor</th><th>Level</th></tr><tr><td>Gannet Hosting</td><td>Gold</td></tr></table>",
    "<table><tr><td>Price</td><td>Early bird</td></tr><tr><td>120 EUR</td><td>90 EUR</td></tr></table>",
    "<table><tr><td>09:00</td><td>Doors</td></tr></table>",
])
def test_tables_without_talk_columns_are_left_to_the_text_reader(markup):
    reading = read_html_blocks(BeautifulSoup(markup, "lxml"))
    assert not reading.data and reading.elements == []


# ---- cards and definition lists ------------------------------------------------------------------

def test_lineup_card_grids_give_name_role_company_whatever_the_class_words():
    reading = _reading("lineup_cards.html")
    assert reading.layout == "html+cards"
    assert _people(reading.record) == [
        ("Chidinma Okafor", "VP Engineering, Tidewater Analytics",
         [("Tidewater Analytics", "VP Engineering", True, 0.8)], [], 0.8),
        ("Henrik Lindqvist", "Distinguished Engineer, Norrsken Cloud",
         [("Norrsken Cloud", "Distinguished Engineer", True, 0.85)], [], 0.9),
        ("Camille Moreau", "Founder & CEO, Petit Nuage SAS", [("Petit Nuage SAS", "Founder & CEO", True, 0.85)], [], 0.9),
        ("Haruki Tanaka", "Site Reliability Engineer at Kumo Systems",
         [("Kumo Systems", "Site Reliability Engineer", True, 0.85)], [], 0.9),
        ("Beatriz Ferreira", "Senior Developer @ Lusa Payments", [("Lusa Payments", "Senior Developer", True, 0.85)],
         [], 0.9),
        ("Marek Novák", "Principal Architect, Vltava Data", [("Vltava Data", "Principal Architect", True, 0.85)], [], 0.9),
        ("Folake Adeyemi", "Independent consultant", [], [], 0.8)]
    assert reading.record.talks == [] and reading.record.mentions == []  # no "Speakers", no sponsor, no cookie text


def test_definition_list_speaker_cards_with_labelled_talks():
    reading = _reading("speakers_dl.html")
    assert reading.layout == "html+definitions"
    assert _people(reading.record) == [
        ("Agnieszka Wróbel", "Research Scientist, Baltic Institute of Computing",
         [("Baltic Institute of Computing", "Research Scientist", True, 0.85)], [], 0.9),
        ("Dmitri Volkonsky", "Head of Data Platform at Steppe Freight",
         [("Steppe Freight", "Head of Data Platform", True, 0.85)], [], 0.9),
        ("Nia Pritchard", "Lecturer, University of Caerlan", [("University of Caerlan", "Lecturer", True, 0.8)], [], 0.8)]
    event = "Moorland Data Workshop 2031"  # from the page title: "Invited speakers" names no event
    assert _talks(reading.record) == [
        ("Sketches for Streaming Joins", event, None, None, None, ["Agnieszka Wróbel"], 0.9),
        ("One Warehouse, Four Clouds", event, None, None, None, ["Dmitri Volkonsky"], 0.9)]
    assert reading.record.mentions == []  # "Where" / "When" is a field list, not people


def test_talk_card_grid_title_over_speakers_and_time():
    cards = "".join(f"<article class='c'><h3>{t}</h3><p>{n}</p><p>{h}</p></article>" for t, n, h in [
        ("Soil Sensors at Scale", "Hamza Idrissi & Leona Frisch", "10:30"),
        ("Irrigation Models", "Tereza Dvořák", "11:15"), ("Weather Feeds", "Kofi Boateng", "12:00")])
    data = read_html_blocks(BeautifulSoup(f"<h2>Saturday, 4 October 2031</h2><div>{cards}</div>", "lxml")).data
    assert [(t.title, t.date, t.start, t.speakers) for t in data.talks] == [
        ("Soil Sensors at Scale", "2031-10-04", "10:30", ["Hamza Idrissi", "Leona Frisch"]),
        ("Irrigation Models", "2031-10-04", "11:15", ["Tereza Dvořák"]),
        ("Weather Feeds", "2031-10-04", "12:00", ["Kofi Boateng"])]


def test_repeated_blocks_that_are_not_cards_are_not_read():
    menu = "".join(f"<div class='x'><h3>{w}</h3><p>Read more</p></div>" for w in ("News", "Blog", "Videos"))
    labels = "".join("<div class='x'><h3>Session</h3><p>Room 1</p></div>" for _ in range(3))
    assert not read_html_blocks(BeautifulSoup(f"<div>{menu}</div><div>{labels}</div>", "lxml")).data


# ---- structured data, furniture ------------------------------------------------------------------

def test_speaker_page_with_jsonld_person_and_event():
    reading = _reading("speaker_jsonld.html")
    assert reading.layout == "html+json-ld"
    assert _people(reading.record) == [
        ("Marisol Etxeberria", "Staff Frontend Engineer at Brightwater Maps",
         [("Brightwater Maps", "Staff Frontend Engineer", True, 1.0), ("Hegoa Transit", None, False, 0.75)],
         ["University of Ondarreta"], 1.0)]  # the earlier employer from the bio, the rest from the data
    assert _talks(reading.record) == [("Rendering Maps at Sixty Frames", "Saltgrass Frontend Summit 2032", "2032-04-21",
                                       "11:15", "11:55", ["Marisol Etxeberria"], 1.0)]
    assert reading.record.talks[0].room == "Studio 3" and reading.record.mentions == []


def test_meetup_page_with_microdata_event_and_performers():
    reading = _reading("meetup_microdata.html")
    assert reading.layout == "html+microdata"
    assert _people(reading.record) == [
        ("Gwendolyn Ashby", None, [("Dykeland Machines", "Firmware Engineer", True, 1.0)], [], 1.0),
        ("Kwame Mensah", None, [], [], 1.0), ("Ruth Okonjo", None, [], [], 1.0)]
    event = "Fenland Rust Meetup #14"
    assert _talks(reading.record) == [
        ("Embedded Rust on a Tractor", event, "2030-03-12", "19:00", "19:40", ["Gwendolyn Ashby"], 1.0),
        ("Lifetimes, Gently", event, "2030-03-12", "19:50", "20:20", ["Kwame Mensah", "Ruth Okonjo"], 1.0)]
    assert reading.record.mentions == []  # "Wednesday 12 March 2030, The Granary, Ely" is a date line, not a talk


def test_talk_page_inside_navigation_cookie_sponsor_and_newsletter_furniture():
    reading = _reading("talk_furniture.html")
    assert reading.layout == "html"
    # known limit: the "by Name, Role at Company" byline gives no headline (the text reader's by-line rule)
    assert _people(reading.record) == [("Ottilie Brandvold", None, [("Skerry Commerce", None, True, 0.6)], [], 0.6)]
    assert _talks(reading.record) == [("Cache Invalidation for the Rest of Us", "Quayside Web Conference 2029", None,
                                       None, None, ["Ottilie Brandvold"], 0.75)]
    assert reading.record.mentions == []  # no sponsor, no "Tracking Pixel" from the script, no "Speakers"


def test_read_blocks_are_left_out_of_the_text_lines():
    soup = BeautifulSoup((HTML / "schedule_table.html").read_text(encoding="utf-8"), "lxml")
    reading = read_html_blocks(soup)
    assert [el.name for el in reading.elements] == ["table"]
    texts = [line.text for line in read_html_lines(soup, skip=reading.elements).lines]
    assert texts[:3] == ["Schedule", "Thursday, 9 March 2028", "Venue"] and "Sharding by Accident" not in str(texts)


# ---- small readers -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, column, expected", [
    ("Greta Holmqvist, Coldstore AB", False, [("Greta Holmqvist", "Coldstore AB")]),
    ("Ada Quist, Bo Lind and Cem Ay", False, [("Ada Quist", None), ("Bo Lind", None), ("Cem Ay", None)]),
    ("Ilse Varga (Quillwork) & Tomas Brandl (Lattice Labs)", False,
     [("Ilse Varga", "Quillwork"), ("Tomas Brandl", "Lattice Labs")]),
    ("Speakers: Maria Lopez, John Smith", False, [("Maria Lopez", None), ("John Smith", None)]),
    ("Yusuf Demirel @ Karakum Cloud", False, [("Yusuf Demirel", "Karakum Cloud")]),
    ("Zoltán Brzęczyszczykiewicz", True, [("Zoltán Brzęczyszczykiewicz", None)]),
    ("TBA", True, []), ("Lunch", True, []), ("", True, []),
])
def test_parse_speakers(text, column, expected):
    assert parse_speakers(text, column=column) == expected


@pytest.mark.parametrize("text, expected", [
    ("Staff Engineer at Quillwork", ("Staff Engineer", "Quillwork")),
    ("Senior Developer @ Lusa Payments", ("Senior Developer", "Lusa Payments")),
    ("CTO, Kettle & Pine", ("CTO", "Kettle & Pine")), ("Head of Data | Steppe Freight", ("Head of Data", "Steppe Freight")),
    ("Principal Engineer", ("Principal Engineer", None)), ("Norrsken Cloud", (None, "Norrsken Cloud")),
])
def test_split_role_org(text, expected):
    assert split_role_org(text) == expected


@pytest.mark.parametrize("text, furniture", [
    ("Speakers", True), ("Our amazing line-up", True), ("Day 2 — Friday", True), ("Track B", True),
    ("Thursday, 9 March 2028", True), ("2031-05-02", True), ("Practical information", True),
    ("Ada Lovelace", False), ("Sharding by Accident", False), ("Cache Invalidation for the Rest of Us", False),
])
def test_furniture_headings(text, furniture):
    assert is_furniture_heading(text) is furniture


def test_title_event_names_the_site_part_of_the_page_title():
    soup = BeautifulSoup("<title>Cache Talk – Quayside Web Conference 2029</title><h1>Cache Talk</h1>", "lxml")
    assert title_event(soup, read_html_lines(soup)) == "Quayside Web Conference 2029"
    assert title_event(BeautifulSoup("<title>Speakers | Schedule</title>", "lxml")) is None


# ---- line hints in the text reader -------------------------------------------------------------

_HINTED_PAGE = ("Day 1\n\nAll talks are in the main hall of the old station building, which opens at eight in "
                "the morning.\n\nSpeakers\n\nMirela Dobrescu\nData Engineer at Feroviar Analytics\n")
_HINTS = [("Day 1", "heading", 2),
          ("All talks are in the main hall of the old station building, which opens at eight in the morning.", "text", 0),
          ("Speakers", "heading", 2), ("Mirela Dobrescu", "heading", 3),
          ("Data Engineer at Feroviar Analytics", "text", 0)]


def test_hints_keep_section_headings_out_of_people_and_talks():
    src = SourceText("hinted.html", _HINTED_PAGE, "0" * 64, "utf-8", len(_HINTED_PAGE))
    plain = read_text_page(src)
    assert "Day 1" in [t.title for t in plain.talks]  # without hints a heading over a paragraph is a title
    hinted = read_text_page(src, hints=_HINTS)
    assert [t.title for t in hinted.talks] == []
    assert [(p.name, p.headline) for p in hinted.people] == [("Mirela Dobrescu", "Data Engineer at Feroviar Analytics")]


def test_hints_are_laid_on_lines_by_text_in_order():
    lines = split_lines("- Bring a laptop\nDay 1\n\nA wrapped paragraph that goes on for quite a while and then\n"
                        "continues on the next line\n", max_lines=100, max_line_chars=1000)
    apply_hints(lines, [("- Bring a laptop", "item", 1), ("Day 1", "heading", 2),
                        ("A wrapped paragraph that goes on for quite a while and then", "text", 0)])
    assert [(line.text[:16], line.kind, line.level) for line in lines] == [
        ("Bring a laptop", "item", 1), ("Day 1", "heading", 2), ("A wrapped paragr", "text", 0)]


# ---- bad input -----------------------------------------------------------------------------------

@pytest.mark.parametrize("markup", [
    "<table><tr><th>Time</th><th>Talk</th></tr><tr><td rowspan='abc' colspan='-3'>9:00</td><td>Kiln Firing</td></tr>"
    "</table>",
    "<table><tr><th>Time</th><th>Talk</th></tr><tr><td rowspan='999'>9:00</td><td>Kiln Firing</td></tr><tr></tr></table>",
    "<table><tr><th>Time</th><th>Talk</th><th>Speaker</th></tr><tr><td colspan='99999'>x</td></tr></table>",
    "<table><tr><th>Time</th><th>Talk</th></tr><tr><td><table><tr><td>9:00</td></tr></table></td><td></td></tr></table>",
    "<dl><dt>Ada Quist</dt><dt>Bo Lind</dt></dl>", "<dl><dd>orphan</dd></dl>",
    "<div>" + "<div class='c'><h3>\u202eAda Quist\u202c</h3><p>😀</p></div>" * 5 + "</div>",
])
def test_malformed_blocks_give_a_reading_or_nothing_never_a_crash(markup):
    reading = read_html_blocks(BeautifulSoup(markup, "lxml"))
    assert all(any(c.isalpha() for c in p.name) for p in reading.data.people)
    assert all(t.title for t in reading.data.talks)


def test_a_big_schedule_table_is_read_within_five_seconds():
    import time

    names = ["Ada Quist", "Bo Lind", "Maria Lopez", "John Smith"]
    rows = "".join(f"<tr><td>{9 + i % 8}:00</td><td>Kiln Firing Part {i}</td><td>{names[i % 4]}</td></tr>"
                   for i in range(2000))
    page = BeautifulSoup(f"<table><tr><th>Time</th><th>Title</th><th>Speaker</th></tr>{rows}</table>", "lxml")
    started = time.monotonic()
    data = read_html_blocks(page).data
    assert time.monotonic() - started < 5.0
    assert len(data.talks) == 2000 and [p.name for p in data.people] == names
