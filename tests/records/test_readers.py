"""Speaker-page readers: plain text and saved HTML, on the bundled seeds and the shared corpus."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from talkgraph.errors import RecordError
from talkgraph.records.readers import is_html, iter_record_files, read_page, read_page_source
from talkgraph.records.speaker_text import parse_date, parse_when, split_slash_names

MAX = 5_000_000
SEED_000 = "000_5f893890c9fd30a8.txt"
SEED_001 = "001_4a20167095a3194f.txt"


def _seed(seed_paths: list[Path], name: str) -> Path:
    return next(p for p in seed_paths if p.name == name)


# --- line-level rules -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("28 Feb 2019", "2019-02-28"),
    ("09 Nov 2018", "2018-11-09"),
    ("June 19, 2019", "2019-06-19"),
    ("Mon, 2 March 2020", "2020-03-02"),
    ("2021-11-04", "2021-11-04"),
    ("31 Foo 2019", None),
    ("Code BEAM SF 2019", None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("13.50 - 14.35", (None, "13:50", "14:35")),
    ("09.00 - 17.00", (None, "09:00", "17:00")),
    ("2:05pm - 2:55pm", (None, "14:05", "14:55")),
    ("June 19, 2019 | 10:20 AM – 11:10 AM", ("2019-06-19", "10:20", "11:10")),
    ("28 Feb 2019", ("2019-02-28", None, None)),
    ("25.61 - 26.00", None),
    ("Scaling Erlang cluster to 10,000 nodes", None),
])
def test_parse_when(text, expected):
    assert parse_when(text) == expected


@pytest.mark.parametrize(("line", "expected"), [
    ("Maxim Fedorov", ["Maxim Fedorov"]),
    ("Adi\tIyengar /", ["Adi Iyengar"]),
    ("Peer Stritzinger /                         Erlang Ecosystem Foundation",
     ["Peer Stritzinger", "Erlang Ecosystem Foundation"]),
    (" / ", []),
])
def test_split_slash_names(line, expected):
    assert split_slash_names(line) == expected


# --- bundled seeds --------------------------------------------------------------------------------

def test_seed_000_blank_line_layout(seed_paths):
    page = read_page(_seed(seed_paths, SEED_000), max_bytes=MAX)
    assert (page.name, page.headline, page.layout) == ("Maxim Fedorov", "Software Engineer at WhatsApp", "text")
    assert page.bio.startswith("Maxim Fedorov is a software engineer at WhatsApp")
    assert page.bio.endswith("Maxim earned a Master’s Degree in Computer Science.")
    first, second = page.activities
    assert (first.line, first.speakers, first.event, first.date, first.start, first.end) == (
        13, ["Maxim Fedorov"], "Code BEAM SF 2019", "2019-02-28", "13:50", "14:35")
    assert first.title == "Mid-air airplane repair: troubleshooting at WhatsApp"
    # Unlabelled paragraph groups after the abstract: objectives, then audience.
    assert first.abstract.endswith("Some knowledge of Erlang and C is necessary.")
    assert first.objectives == ["Share processes, best practices, tools and war stories about 10 years of "
                                "reliable messaging service."]
    assert first.audience.startswith("Software developers, DevOps")
    assert (second.line, second.event, second.date) == (32, "Code Mesh LDN 2018", "2018-11-09")
    assert second.audience.startswith("Scalability engineers")
    assert "Article" not in second.abstract  # the media list after the talks is not a talk


def test_seed_001_labelled_layout_without_dates(seed_paths):
    page = read_page(_seed(seed_paths, SEED_001), max_bytes=MAX)
    assert (page.name, page.headline) == ("Maxim Fedorov", "Performance & scalability engineer")
    assert [(a.event, a.date, a.start, a.end) for a in page.activities] == [
        ("Code BEAM America 2021", None, "12:25", "13:05"),
        ("Code BEAM America 2021", None, "11:05", "11:45"),
        ("Code BEAM V Europe 2021", None, "15:20", "15:50"),
        ("Code Mesh LDN", None, "11:25", "12:10"),
        ("Code BEAM SF 2019", None, "13:50", "14:35"),
        ("Code Mesh LDN 2018", None, "15:25", "16:10"),
    ]
    assert [a.line for a in page.activities] == [7, 11, 17, 21, 31, 41]
    assert all(a.speakers == [] for a in page.activities)  # no speakers line: the reader invents none
    art = page.activities[3]
    assert art.objectives == ["identify sources of human errors in software development",
                              "discuss instruments and routines helping to challenge assumptions",
                              "provide advice for improved decision making process"]
    assert art.audience.startswith("Tech leads, software architects")
    assert page.activities[1].audience == ("technical leads, release engineers, development, "
                                           "infrastructure specialists")
    assert "READ MORE" not in page.activities[-1].abstract


def test_seeds_match_gold(seed_paths, shared_dir):
    for path in seed_paths:
        gold = json.loads((shared_dir / "seeds" / "gold" / path.with_suffix(".json").name).read_text("utf-8"))
        page = read_page(path, max_bytes=MAX)
        assert page.name == gold["people"][0]["name"]
        assert page.headline == gold["people"][0]["headline"]
        got = [(a.title, a.event, a.date, a.start, a.end, a.audience, a.objectives) for a in page.activities]
        want = [(t["title"], t["event"], t["date"], t["start"], t["end"], t["audience"], t["objectives"])
                for t in gold["talks"]]
        assert got == want, path.name


# --- the codesync corpus --------------------------------------------------------------------------

def _corpus_pages(shared_dir: Path, suffix: str) -> dict[str, object]:
    root = shared_dir / "corpus" / "codesync" / suffix
    return {str(p.relative_to(root).with_suffix("")): read_page(p, max_bytes=MAX)
            for p in sorted(root.rglob(f"*.{suffix}"))}


@pytest.fixture(scope="module")
def txt_pages(shared_dir):
    return _corpus_pages(shared_dir, "txt")


@pytest.fixture(scope="module")
def html_pages(shared_dir):
    return _corpus_pages(shared_dir, "html")


@pytest.fixture(scope="module")
def gold(shared_dir):
    root = shared_dir / "corpus" / "codesync" / "gold"
    return {str(p.relative_to(root).with_suffix("")): json.loads(p.read_text("utf-8"))
            for p in sorted(root.rglob("*.json"))}


@pytest.mark.shared
def test_every_corpus_page_parses(txt_pages, html_pages):
    assert len(txt_pages) == 214 and len(html_pages) == 214
    assert {p.layout for p in txt_pages.values()} == {"text"}
    assert {p.layout for p in html_pages.values()} == {"codesync-html"}
    assert all(p.url and p.url.startswith("http") for p in txt_pages.values())


def _talk_view(activity) -> dict:
    return {"title": activity.title, "event": activity.event, "date": activity.date, "start": activity.start,
            "end": activity.end, "track": activity.track, "audience": activity.audience,
            "objectives": activity.objectives}


@pytest.mark.shared
@pytest.mark.parametrize("kind", ["txt", "html"])
def test_corpus_matches_gold(kind, txt_pages, html_pages, gold):
    pages = txt_pages if kind == "txt" else html_pages
    extra_speakers = []
    for key, record in gold.items():
        page = pages[key]
        assert page.name == " ".join(record["people"][0]["name"].split()), key
        assert page.headline == record["people"][0]["headline"], key
        talks = [a for a in page.activities if a.kind != "Training"]  # gold leaves training courses out
        want = [{k: t[k] for k in ("title", "event", "date", "start", "end", "track", "audience", "objectives")}
                for t in record["talks"]]
        assert [_talk_view(a) for a in talks] == want, key
        for activity, talk in zip(talks, record["talks"]):
            assert set(talk["speakers"]) <= set(activity.speakers), (key, activity.title)
            extra_speakers += [s for s in activity.speakers if s not in talk["speakers"]]
    # Only the organisation listed as a co-speaker is left for the extraction stage to drop.
    assert set(extra_speakers) == {"Erlang Ecosystem Foundation"}


@pytest.mark.shared
def test_training_blocks_are_labelled(txt_pages, html_pages, shared_dir):
    rows = (shared_dir / "corpus" / "codesync" / "SKIPPED_BLOCKS.tsv").read_text("utf-8").splitlines()
    assert sum(a.kind == "Training" for p in txt_pages.values() for a in p.activities) >= len(rows) - 1
    for key, page in txt_pages.items():
        assert [a.kind for a in page.activities] == [a.kind for a in html_pages[key].activities], key


@pytest.mark.shared
def test_text_and_html_readings_agree(txt_pages, html_pages):
    assert txt_pages.keys() == html_pages.keys()
    for key, text in txt_pages.items():
        html = html_pages[key]
        assert (text.name, text.headline, text.url) == (html.name, html.headline, html.url), key
        fields = lambda p: [(a.title, a.event, a.kind, a.date, a.start, a.end, a.speakers, a.tags)
                            for a in p.activities]
        assert fields(text) == fields(html), key


@pytest.mark.shared
def test_text_block_lines_point_at_block_starts(shared_dir, txt_pages):
    root = shared_dir / "corpus" / "codesync" / "txt"
    for key, page in txt_pages.items():
        lines = (root / f"{key}.txt").read_text("utf-8").split("\n")
        for a in page.activities:
            assert split_slash_names(lines[a.line - 1]) == a.speakers, (key, a.line)
            assert " ".join(lines[a.line].split()) == a.event, (key, a.line)


# --- other layouts ----------------------------------------------------------------------------------

def test_text_page_from_another_site(tmp_path):
    path = tmp_path / "jane.txt"
    path.write_text("Jane Doe\nPrincipal Engineer at Acme Corp\nJane builds distributed databases.\n\nTalks\n\n"
                    "GOTO Amsterdam 2019\nJune 19, 2019 | 10:20 AM – 11:10 AM\nBuilding Resilient Systems\n"
                    "How to survive failures.\n\nJane Doe / John Smith\nQCon London 2020\nMon, 2 March 2020\n"
                    "2:05pm - 2:55pm\nConsensus in Practice\nRaft and friends.\nTarget audience: backend engineers\n",
                    encoding="utf-8")
    page = read_page(path, max_bytes=MAX)
    assert (page.name, page.headline, page.bio) == ("Jane Doe", "Principal Engineer at Acme Corp",
                                                    "Jane builds distributed databases.")
    first, second = page.activities
    assert (first.line, first.event, first.date, first.start, first.end, first.title, first.speakers) == (
        7, "GOTO Amsterdam 2019", "2019-06-19", "10:20", "11:10", "Building Resilient Systems", [])
    assert (second.line, second.speakers, second.start, second.audience) == (
        12, ["Jane Doe", "John Smith"], "14:05", "backend engineers")


def test_text_page_without_headline(tmp_path):
    path = tmp_path / "bio.txt"
    path.write_text("Ana Lima\nAna is a developer who has written Erlang since 2010 and runs a meetup.\n",
                    encoding="utf-8")
    page = read_page(path, max_bytes=MAX)
    assert page.headline is None and page.bio.startswith("Ana is a developer")


def test_html_page_with_other_markup(tmp_path):
    path = tmp_path / "jane.htm"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Jane Doe | Conf</title>"
        '<link rel="canonical" href="https://conf.example/jane"></head><body><nav><a href="/">Home</a></nav>'
        "<main><h1>Jane\t Doe</h1><h2>Principal Engineer at Acme</h2><p>Jane builds databases.</p>"
        "<p>She likes cats.</p><h2>Past talks</h2>"
        "<div><div>GOTO Amsterdam 2019</div><div>19 Jun 2019<br>10.20 - 11.10</div>"
        "<h3>Building Resilient Systems</h3><p>How to survive.</p><p>AUDIENCE</p><p>Everyone</p></div>"
        "<div><div>Jane Doe / Bob Roe</div><div>QCon 2020</div><div>02 Mar 2020</div><div>14:05-14:55</div>"
        "<h3>Consensus</h3><p>Raft.</p><p>#Distributed</p></div></main></body></html>", encoding="utf-8")
    page = read_page(path, max_bytes=MAX)
    assert (page.name, page.headline, page.layout, page.url) == (
        "Jane Doe", "Principal Engineer at Acme", "html", "https://conf.example/jane")
    assert page.bio == "Jane builds databases.\nShe likes cats."
    assert [(a.title, a.event, a.date, a.start, a.end, a.speakers, a.track) for a in page.activities] == [
        ("Building Resilient Systems", "GOTO Amsterdam 2019", "2019-06-19", "10:20", "11:10", [], None),
        ("Consensus", "QCon 2020", "2020-03-02", "14:05", "14:55", ["Jane Doe", "Bob Roe"], "Distributed"),
    ]
    assert page.activities[0].audience == "Everyone"


def test_reader_is_chosen_by_content_not_name(tmp_path):
    html_in_txt = tmp_path / "page.txt"
    html_in_txt.write_text("\n  <!doctype html><html><body><h1>Ada Lovelace</h1><h2>Analyst</h2></body></html>",
                           encoding="utf-8")
    text_in_html = tmp_path / "page.html"
    text_in_html.write_text("Ada Lovelace\nAnalyst\nWrote the first program.\n", encoding="utf-8")
    assert read_page(html_in_txt, max_bytes=MAX).layout == "html"
    page = read_page(text_in_html, max_bytes=MAX)
    assert (page.layout, page.name, page.headline) == ("text", "Ada Lovelace", "Analyst")
    assert not is_html("Ada Lovelace\n<html> is mentioned in the bio")


def test_read_page_source_keeps_provenance(seed_paths):
    src, page = read_page_source(_seed(seed_paths, SEED_001), max_bytes=MAX)
    assert src.path == page.source and len(src.sha256) == 64 and src.encoding == "utf-8"


# --- bad input --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty.txt", b"", "file is empty"),
    ("blank.txt", b"  \n\t\n", "file is empty"),
    ("binary.txt", bytes(range(256)) * 4, "NUL byte"),
    ("prose.txt", b"This is just a paragraph of prose about nothing in particular, with no page layout.\n",
     "no name line found"),
    ("url.txt", b"URL: https://example.org/speaker/x\n", "no name line found"),
    ("lonely.txt", b"Ada Lovelace\n", "nothing follows the name line"),
    ("dates.txt", b"28 Feb 2019\n13.50 - 14.35\nA title\n", "no name line found"),
    ("nobody.html", b"<!DOCTYPE html><html><body><p>no heading here</p></body></html>", "no person found"),
    ("prose.html", b"<html><head><title>welcome to our site</title></head><body><h1>welcome to our "
                   b"wonderful site.</h1></body></html>", "no person found"),
])
def test_bad_input_raises_record_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RecordError, match=message) as info:
        read_page(path, max_bytes=MAX)
    assert info.value.record == str(path)


def test_name_error_names_the_line(tmp_path):
    path = tmp_path / "prose.txt"
    path.write_text("\n\nURL: https://example.org/x\nit was a dark and stormy night, and nothing happened.\n",
                    encoding="utf-8")
    with pytest.raises(RecordError, match=r"prose\.txt:4: no name line found") as info:
        read_page(path, max_bytes=MAX)
    assert info.value.line == 4


def test_oversized_file_is_refused(seed_paths):
    with pytest.raises(RecordError, match="over the 100-byte cap"):
        read_page(_seed(seed_paths, SEED_000), max_bytes=100)


# --- finding files ----------------------------------------------------------------------------------

def test_iter_record_files_expands_folders(tmp_path):
    for rel in ("b/2.html", "b/1.txt", "a.HTM", "notes.md", ".hidden.txt", ".git/x.txt", "b/.cache/y.html",
                "c/d/e.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    explicit = tmp_path / "notes.md"
    found = list(iter_record_files([tmp_path, explicit, tmp_path / "b"]))
    rel = [p.relative_to(tmp_path).as_posix() for p in found]
    assert rel == ["a.HTM", "b/1.txt", "b/2.html", "c/d/e.txt", "notes.md"]


def test_iter_record_files_passes_missing_paths_through(tmp_path):
    missing = tmp_path / "nope.txt"
    assert list(iter_record_files([missing])) == [missing]
    with pytest.raises(RecordError, match="cannot read file"):
        read_page(missing, max_bytes=MAX)


def test_a_page_of_training_courses_only_is_empty_with_a_warning(tmp_path):
    from talkgraph.extract.page_reader import read_text_reading
    from talkgraph.records.sources import read_source

    block = ("COURSES\nSome Conf 2031\nTraining/\n04 Mar 2031\n09.00 - 18.00\nWIDGET CERTIFICATION\n"
             "OVERVIEW\nThe certificate proves the holder knows widgets.\nTARGET AUDIENCE\nWidget users.\n"
             "Back to\nConference\n")
    page = tmp_path / "courses.txt"
    page.write_text("COURSES\nProfessional Certification\nPast Activities\n" + block + block.replace("2031", "2032"))
    reading = read_text_reading(read_source(page, max_bytes=1_000_000))
    assert reading.record.people == [] and reading.record.talks == []
    assert any("only training courses" in w for w in reading.warnings)
