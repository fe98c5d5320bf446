"""HTML read by structure: the document tree as lines, structured data, and the merged record."""
from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from talkgraph.store.build import build
from talkgraph.cli import main
from talkgraph.config import Settings
from talkgraph.errors import IssueReport, Level
from talkgraph.extract.html_reader import merge_structured, read_html_page
from talkgraph.extract.pipeline import extract_paths
from talkgraph.records.html_tree import HtmlLine, read_html_lines
from talkgraph.records.model import Affiliation, ExtractionRecord, Person, Talk
from talkgraph.records.sources import read_source
from talkgraph.records.structured_data import read_structured_data
from talkgraph.store.local import GraphStore

HTML = Path(__file__).resolve().parents[1] / "fixtures" / "html"


def _read(name: str):
    return read_html_page(read_source(HTML / name, max_bytes=1_000_000))


def _people(record: ExtractionRecord) -> list[str]:
    return [p.name for p in record.people]


# ---- the document tree as lines --------------------------------------------------------------

def test_tree_lines_keep_headings_rows_fields_items_and_drop_furniture():
    lines = read_html_lines((HTML / "schedule_table.html").read_text(encoding="utf-8")).lines
    assert lines == (
        HtmlLine("Schedule", "heading", 1), HtmlLine("Thursday, 9 March 2028", "heading", 2),
        HtmlLine("Time\tSession\tSpeaker", "head-row"),
        HtmlLine("09:00 - 09:40\tOpening: Why Tape Still Matters\tGreta Holmqvist, Coldstore AB", "row"),
        HtmlLine("10:00 - 10:45\tSharding by Accident\tYusuf Demirel", "row"),
        HtmlLine("10:45\tCoffee break", "row"),
        HtmlLine("Venue", "heading", 2),
        HtmlLine("Address: Quay Street 4", "field"), HtmlLine("Doors open: 08:30", "field"),
        HtmlLine("Bring a laptop", "item", 1), HtmlLine("with a charger", "item", 2), HtmlLine("Have fun", "item", 1),
    )  # no "Home" (nav), no script text, no hidden element


def test_rendered_text_separates_blocks_for_the_text_reader():
    text = read_html_lines((HTML / "schedule_table.html").read_text(encoding="utf-8")).text
    assert text.startswith("Schedule\n\nThursday, 9 March 2028\n\nTime\tSession\tSpeaker\n09:00 - 09:40\t")
    assert "10:45\tCoffee break\n\nVenue\n\nAddress: Quay Street 4\nDoors open: 08:30\n\nBring a laptop\n" in text


@pytest.mark.parametrize("markup", [
    '<div class="cookie-banner">We use cookies</div>', '<div id="gdpr-consent">Consent</div>',
    '<div role="navigation">Menu</div>', '<div hidden>Secret</div>', '<p aria-hidden="true">x</p>',
    '<p style="display: none">x</p>', "<footer>Imprint</footer>", "<form><p>Search</p></form>",
    "<button>Buy tickets</button>", '<span class="sr-only">Skip</span>', '<ul class="menu"><li>Home</li></ul>',
])
def test_furniture_is_dropped(markup):
    assert read_html_lines(f"<html><body>{markup}<p>Kept</p></body></html>").lines == (HtmlLine("Kept"),)


def test_br_breaks_lines_and_layout_table_cells_are_containers():
    page = ("<html><body><table><tr><td><h3>Ada Lovelace</h3><p>Analyst<br>Engines Ltd</p></td></tr>"
            "</table><p>a <b>bold</b> word</p></body></html>")
    assert [(line.kind, line.text) for line in read_html_lines(page).lines] == [
        ("heading", "Ada Lovelace"), ("text", "Analyst"), ("text", "Engines Ltd"), ("text", "a bold word")]


# ---- structured data -------------------------------------------------------------------------

def test_jsonld_graph_ids_subevents_and_a_trailing_comma():
    data = read_structured_data((HTML / "lineup_jsonld.html").read_text(encoding="utf-8"))
    assert data.forms == ["json-ld"] and data.events == ["Driftwood Systems Summit 2031"]
    assert [(t.title, t.event, t.date, t.start, t.end, t.utc_offset, t.room, t.speakers) for t in data.talks] == [
        ("Backpressure Without Tears", "Driftwood Systems Summit 2031", "2031-05-14", "09:30", "10:15", "+02:00",
         "Room Kelp", ["Ilse Varga"]),
        ("Consensus on a Napkin", "Driftwood Systems Summit 2031", "2031-05-15", "14:00", "14:45", None, None,
         ["Tomas Brandl", "Renske Aaldering", "Oona Pellinen"])]
    assert data.talks[1].speaker_roles == {"Tomas Brandl": "speaker", "Renske Aaldering": "speaker",
                                           "Oona Pellinen": "host"}
    ilse, tomas = data.people[:2]
    assert [(a.organization, a.role, a.current, a.confidence) for a in ilse.affiliations] == [
        ("Quillwork", "Staff Engineer", True, 1.0)]
    assert [e.institution for e in ilse.education] == ["University of Port Ellery"]
    assert tomas.name == "Tomas Brandl" and [(a.organization, a.current) for a in tomas.affiliations] == [
        ("Lattice Labs", None)]
    assert all(p.confidence == 1.0 for p in data.people) and all(t.confidence == 1.0 for t in data.talks)
    assert "Driftwood Foundation" not in {p.name for p in data.people}  # an organisation organises


def test_microdata_event_with_nested_items():
    data = read_structured_data((HTML / "microdata_event.html").read_text(encoding="utf-8"))
    assert data.forms == ["microdata"]
    [talk] = data.talks
    assert (talk.title, talk.event, talk.date, talk.start, talk.end, talk.room, talk.speakers) == (
        "Columnar Files, Explained Slowly", "Lowland Data Days 2030", "2030-10-03", "11:00", "11:50",
        "Auditorium 2", ["Maarten Oostveen"])
    assert talk.abstract == "How a file format can make your queries fast."
    assert [(a.organization, a.role) for a in data.people[0].affiliations] == [("Polder Metrics", "Data Engineer")]


def test_hcard_and_h_event_microformats():
    data = read_structured_data((HTML / "hcard_speakers.html").read_text(encoding="utf-8"))
    assert data.forms == ["microformats"]
    assert [(p.name, [(a.organization, a.role) for a in p.affiliations]) for p in data.people] == [
        ("Adaeze Okonkwo-Hale", [("Saltmarsh Robotics", "Principal Engineer")]),
        ("Pekka Rautavaara", [("Kettle & Pine", "CTO")]),
        ("Lucía Ferreyra", [("Andes Compute", None)])]
    [panel] = data.talks
    assert (panel.title, panel.date, panel.start, panel.end, panel.room, panel.speakers) == (
        "Evening panel: Robots at Sea", "2030-06-12", "18:30", "19:30", "Main stage",
        ["Adaeze Okonkwo-Hale", "Pekka Rautavaara"])


def test_jsonld_remote_context_is_never_fetched(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network used while reading JSON-LD")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    page = ('<script type="application/ld+json">{"@context": ["http://192.0.2.1/ctx.jsonld", "file:///etc/passwd"],'
            '"@type": "schema:Person", "schema:name": "Nell Hartigan", "http://schema.org/jobTitle": "Archivist"}'
            "</script>")
    [person] = read_structured_data(page).people
    assert (person.name, person.headline) == ("Nell Hartigan", "Archivist")


@pytest.mark.parametrize("script, problem", [
    ("{not json", "JSON-LD block 1 is not valid JSON"),
    ('<!-- {"@type": "Person", "name": "Wrapped Person"} -->', None),
    ('[{"@type": "Person", "name": "Listed Person"}, 3, "x"]', None),
    ('{"@type": "Event", "name": "Undated Talk", "startDate": "sometime"}', None),
])
def test_jsonld_oddities(script, problem):
    data = read_structured_data(f'<script type="application/ld+json">{script}</script>')
    if problem:
        assert not data and problem in data.problems[0]
    else:
        assert data and not data.problems
        assert all(t.date is None for t in data.talks)


def test_single_day_event_with_a_big_lineup_is_the_conference():
    performers = ", ".join(f'{{"@type": "Person", "name": "Speaker Number{i} Person"}}' for i in range(5))
    data = read_structured_data('<script type="application/ld+json">{"@type": "Event", "name": "Dayconf 2030",'
                                f'"startDate": "2030-02-02", "performer": [{performers}]}}</script>')
    assert data.events == ["Dayconf 2030"] and not data.talks and len(data.people) == 5


# ---- the merged record -----------------------------------------------------------------------

def test_lineup_page_people_and_talks_come_from_its_data_not_its_headings():
    reading = _read("lineup_jsonld.html")
    assert _people(reading.record) == ["Ilse Varga", "Tomas Brandl", "Renske Aaldering", "Oona Pellinen"]
    assert "Speakers" not in _people(reading.record) and reading.layout == "html+json-ld"
    assert [t.title for t in reading.record.talks] == ["Backpressure Without Tears", "Consensus on a Napkin"]
    assert reading.notes == []


def test_junk_only_page_gives_an_empty_record_and_a_warning(tmp_path):
    report = IssueReport()
    [item] = list(extract_paths([HTML / "junk_only.html"], Settings(), report))
    assert item.record.people == [] and item.record.talks == [] and item.record.mentions == []
    [issue] = report.issues
    assert issue.level == Level.WARNING and issue.kind == "nothing-read"
    assert issue.record == str(HTML / "junk_only.html") and "only navigation, banners, forms" in issue.message


def test_merge_structured_facts_win_and_text_fills_gaps():
    data = read_structured_data((HTML / "microdata_event.html").read_text(encoding="utf-8"))
    text = ExtractionRecord("p.html", people=[
        Person("Maarten Oostveen", headline="Data Engineer at Polder Metrics", confidence=0.9,
               affiliations=[Affiliation("Polder Metrics", role="engineer", confidence=0.7),
                             Affiliation("Dijkstra Freight", current=False, confidence=0.7)]),
        Person("Sessions", confidence=0.3)],
        talks=[Talk("Columnar files explained slowly", event="LDD", date="2030-10-03", start="11:05",
                    track="Storage", speakers=["Someone Else"], confidence=0.6),
               Talk("Lightning Round", confidence=0.6)],
        mentions=["Maarten Oostveen", "Edgar Codd"])
    merged = merge_structured(data, text, "p.html")
    [maarten] = merged.people  # "Sessions": the page's data names its people, and not this one
    assert maarten.headline == "Data Engineer at Polder Metrics"
    assert [(a.organization, a.role, a.confidence) for a in maarten.affiliations] == [
        ("Polder Metrics", "Data Engineer", 1.0), ("Dijkstra Freight", None, 0.7)]
    talk = merged.talks[0]
    assert (talk.title, talk.event, talk.start, talk.track, talk.speakers, talk.confidence) == (
        "Columnar Files, Explained Slowly", "Lowland Data Days 2030", "11:00", "Storage", ["Maarten Oostveen"], 1.0)
    assert [t.title for t in merged.talks] == ["Columnar Files, Explained Slowly", "Lightning Round"]
    assert merged.mentions == ["Edgar Codd"]


def test_extract_cli_shows_confidence_and_build_takes_structured_facts(tmp_path):
    out = CliRunner().invoke(main, ["extract", str(HTML / "hcard_speakers.html"), str(HTML / "junk_only.html")])
    assert out.exit_code == 0, out.output
    first, second = (json.loads(line) for line in out.stdout.splitlines())
    assert first["people"][0]["confidence"] == 1.0 and first["talks"][0]["confidence"] == 1.0
    assert second["people"] == [] and "no person or talk found" in out.stderr
    store = GraphStore()
    result = build([HTML / "lineup_jsonld.html", HTML / "junk_only.html"], store, Settings())
    assert result.added == 2 and result.failed == 0
    assert [i.kind for i in result.issues if i.level >= Level.WARNING] == ["nothing-read"]
    from talkgraph.query.run import run_query

    assert {r["name"] for r in run_query(store, "speakers").dicts()} >= {"Ilse Varga", "Tomas Brandl"}


def test_hcard_list_gives_its_cards_not_card_lines_read_as_talks():
    record = _read("hcard_speakers.html").record
    assert _people(record) == ["Adaeze Okonkwo-Hale", "Pekka Rautavaara", "Lucía Ferreyra"]
    assert [t.title for t in record.talks] == ["Evening panel: Robots at Sea"]
