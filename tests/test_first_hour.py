"""A newcomer's first questions: named queries that answer them, readable tables, honest exit codes."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal

import talkgraph
from talkgraph.cli import main
from talkgraph.config import Settings
from talkgraph.query.catalog import list_queries, load_query
from talkgraph.query.run import run_query
from talkgraph.store.local import GraphStore

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "seeds"
PYVIDEO = ROOT / "tests" / "fixtures" / "importers" / "pyvideo-event"


@pytest.fixture(scope="module")
def seed_store(built_seeds) -> Path:
    """The seeds built once for the session (these tests only read it)."""
    return built_seeds.path


def cli(store: Path, *args: str):
    return CliRunner().invoke(main, ["--store", str(store), *args], catch_exceptions=False)


# ---- 1. named queries for the first questions ------------------------------------------------------

def test_the_first_questions_have_named_queries_and_internal_ones_are_apart():
    listed = {q.name for q in list_queries()}
    assert {"top-speakers", "talks-at-event", "person"} <= listed
    assert not any(n.startswith(("projection-", "labels-")) or n == "identity-evidence" for n in listed)
    internal = {q.name for q in list_queries(internal=True)} - listed
    assert {"projection-people", "identity-evidence", "labels-people"} <= internal
    assert load_query("projection-people").columns == ("person", "name")  # still loadable by name
    assert load_query("employers").params["name"].optional and load_query("talks").params["name"].optional
    out = CliRunner().invoke(main, ["queries"]).output
    assert "top-speakers" in out and "projection-" not in out


def test_top_speakers_counts_talks_and_editions(seed_store):
    rows = run_query(GraphStore(seed_store, read_only=True), "top-speakers").dicts()
    top = rows[0]
    assert (top["name"], top["talks"], top["events"]) == ("Maxim Fedorov", 6, 5)
    assert (top["first"], top["last"]) == ("2018", "2021")


@pytest.mark.parametrize("spelling", ["maxim FEDOROV", "Maxim  Fédorov", " maxim fedorov "])
def test_person_gathers_every_fact_under_any_folded_spelling(seed_store, spelling):
    rows = run_query(GraphStore(seed_store, read_only=True), "person", name=Literal(spelling)).dicts()
    facts = {}
    for r in rows:
        facts.setdefault(r["fact"], []).append(r)
    assert {"headline", "employer", "talk", "co-speaker", "topic"} <= set(facts)
    assert {r["name"] for r in rows} == {"Maxim Fedorov"}
    assert any(r["value"] == "WhatsApp" and r["detail"] == "current" for r in facts["employer"])
    assert [r["value"] for r in facts["co-speaker"]] == ["Bram Verburg"]
    assert len(facts["talk"]) == 6
    counts = [r["count"] for r in facts["topic"]]
    assert counts == sorted(counts, reverse=True)  # the most frequent topics first


def test_employers_and_talks_take_an_optional_folded_name(seed_store):
    store = GraphStore(seed_store, read_only=True)
    everyone = run_query(store, "employers")
    one = run_query(store, "employers", name=Literal("MAXIM FÉDOROV")).dicts()
    assert one and {r["name"] for r in one} == {"Maxim Fedorov"} and len(one) <= len(everyone)
    talks = run_query(store, "talks", name=Literal("bram verburg")).dicts()
    assert len(talks) == 1 and "Bram Verburg" in talks[0]["speakers"]
    assert len(run_query(store, "talks")) == 6 + 0  # unfiltered: every occurrence


@pytest.mark.parametrize("event, expected", [
    ("Code BEAM SF 2019", 1),           # the edition as written
    ("code beam san francisco 2019", 1),  # another spelling the edition key accepts
    ("Code BEAM", 4),                   # the whole series
])
def test_talks_at_event_by_edition_or_series(seed_store, event, expected):
    rows = run_query(GraphStore(seed_store, read_only=True), "talks-at-event", event=Literal(event)).dicts()
    assert len(rows) == expected, rows
    assert all(r["edition"].startswith("Code BEAM") for r in rows)


def test_no_match_answers_with_the_closest_names(seed_store):
    done = cli(seed_store, "query", "talks-by-speaker", "-p", "name=Maxim Fedorow")
    assert done.exit_code == 0
    assert "0 rows" in done.stderr and "closest: Maxim Fedorov" in done.stderr
    done = cli(seed_store, "query", "talks-at-event", "-p", "event=Code BEEM SF 2019")
    assert "closest: Code BEAM SF 2019" in done.stderr


# ---- 2. output a person can read ---------------------------------------------------------------

@pytest.fixture(scope="module")
def pyvideo_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("first-hour-pyvideo")
    talkgraph.build([SEEDS, PYVIDEO], GraphStore(path), Settings())
    return path


def test_a_table_shows_twenty_rows_then_says_how_many_more(tmp_path):
    query = tmp_path / "numbers.rq"
    query.write_text("SELECT ?n WHERE { VALUES ?n { " + " ".join(str(i) for i in range(25)) + " } }")
    store = tmp_path / "empty"
    GraphStore(store).flush()
    done = cli(store, "query", str(query))
    lines = done.stdout.splitlines()
    assert len(lines) == 2 + 20 + 1 and lines[-1] == "… 5 more (--limit 0 for all)"
    assert "25 rows" in done.stderr
    assert len(cli(store, "query", str(query), "--limit", "0").stdout.splitlines()) == 2 + 25
    assert len(cli(store, "query", str(query), "--limit", "3", "--format", "csv").stdout.splitlines()) == 1 + 3
    one = tmp_path / "one.rq"
    one.write_text("SELECT ?n WHERE { VALUES ?n { 1 } }")
    assert re.search(r"^1 row$", cli(store, "query", str(one)).stderr, re.M)


def test_off_a_terminal_values_are_never_cut_and_iri_columns_hide_consistently(seed_store):
    done = cli(seed_store, "query", "talks", "--limit", "0")
    title = "Mid-air airplane repair: troubleshooting at WhatsApp"
    assert title in done.stdout and "…" not in done.stdout.splitlines()[0]
    assert "https://" not in done.stdout and "IRI columns hidden: talk, occurrence" in done.stderr
    assert "name_key" not in done.stdout  # a parameter's folded echo is not a column to read
    shown = cli(seed_store, "query", "talks", "--iris", "--limit", "0")
    assert "https://" in shown.stdout and "IRI columns hidden" not in shown.stderr


def test_progress_bar_has_a_total_and_an_eta(tmp_path):
    from talkgraph.cli import _count_inputs

    assert _count_inputs((str(SEEDS),)) == len(list(SEEDS.glob("*.txt")))
    assert _count_inputs(("https://example.org/page",)) is None
    source = (ROOT / "src" / "talkgraph" / "cli" / "__init__.py").read_text(encoding="utf-8")
    assert "TimeRemainingColumn()" in source and "MofNCompleteColumn()" in source


# ---- 9. exit codes -------------------------------------------------------------------------------

FRAB_WARNING_ONLY = """<?xml version='1.0' encoding='utf-8' ?>
<schedule><version>1</version>
<conference><acronym>wc1</acronym><title>Warning Camp 2020</title><start>2020-08-01</start></conference>
<day date='2020-08-01' index='1'><room name='Tent'>
<event guid='a' id='1'><date>2020-08-01T10:00:00+02:00</date><start>10:00</start><duration>00:30</duration>
<title>First</title><persons><person id='1'>Ada Example</person></persons></event>
<event guid='a' id='1'><date>2020-08-01T11:00:00+02:00</date><start>11:00</start><duration>00:30</duration>
<title>Second</title><persons><person id='2'>Bo Example</person></persons></event>
</room></day></schedule>
"""


def test_build_exits_non_zero_when_a_record_failed(tmp_path):
    bad = ROOT / "tests" / "fixtures" / "importers" / "frab-small.xml"  # one session has no title
    done = cli(tmp_path / "s1", "build", "-q", str(bad))
    assert done.exit_code == 1
    assert "1 record failed" in done.stderr and "3 added" in done.stderr  # the good ones were built
    assert cli(tmp_path / "s2", "build", "-q", str(SEEDS)).exit_code == 0


def test_strict_also_fails_on_warnings(tmp_path):
    schedule = tmp_path / "warn.xml"
    schedule.write_text(FRAB_WARNING_ONLY, encoding="utf-8")
    assert cli(tmp_path / "s1", "build", "-q", str(schedule)).exit_code == 0
    done = cli(tmp_path / "s2", "build", "-q", "--strict", str(schedule))
    assert done.exit_code == 1 and "strict build: 1 problem" in done.stderr


def test_stop_on_error_ends_at_the_first_failed_record(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-broken.txt").write_bytes(b"Name\x00\x01binary")  # unreadable: walked first
    (folder / "b-good.txt").write_text((SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0]).read_text())
    going = cli(tmp_path / "s1", "build", "-q", str(folder))
    stopped = cli(tmp_path / "s2", "build", "-q", "--stop-on-error", str(folder))
    assert going.exit_code == 1 and "1 added" in going.stderr
    assert stopped.exit_code == 1 and "stopped at the first failed record" in stopped.stderr
    assert "a-broken.txt" in stopped.stderr.splitlines()[-1]
    assert len(run_query(GraphStore(tmp_path / "s2", read_only=True), "talks")) == 0  # b-good never read


# ---- 3. editions from schedules: year, dates and place from the data; series normalised ------------

def _schedule(acronym: str, title: str, start: str, city: str | None = None) -> str:
    place = f"<city>{city}</city>" if city else ""
    return f"""<?xml version='1.0' encoding='utf-8' ?>
<schedule><version>1</version>
<conference><acronym>{acronym}</acronym><title>{title}</title><start>{start}</start><end>{start[:8]}30</end>{place}</conference>
<day date='{start}' index='1'><room name='Hall'>
<event guid='{acronym}-1' id='1'><date>{start}T11:00:00+01:00</date><start>11:00</start><duration>00:30</duration>
<title>Opening of {acronym}</title><persons><person id='1'>Ada Example</person></persons></event>
</room></day></schedule>
"""


@pytest.fixture(scope="module")
def congress_store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("congress-in")
    (folder / "a.xml").write_text(_schedule("31c3", "31. Chaos Communication Congress", "2014-12-27"))
    (folder / "b.xml").write_text(_schedule("38C3", "38C3", "2024-12-27", city="Hamburg"))
    (folder / "c.xml").write_text(_schedule("rc3-2020", "rC3 Channels", "2020-12-27"))
    store = tmp_path_factory.mktemp("congress")
    talkgraph.build([folder], GraphStore(store), Settings())
    return store


def test_schedule_editions_get_year_dates_place_and_one_series(congress_store):
    store = GraphStore(congress_store, read_only=True)
    events = {r["name"]: r for r in run_query(store, "events").dicts()}
    assert {r["series_name"] for r in events.values()} == {"Chaos Communication Congress"}
    assert events["31. Chaos Communication Congress"]["year"] == "2014"
    assert events["38C3"]["year"] == "2024" and events["38C3"]["place"] == "Hamburg"
    assert events["rC3 Channels"]["year"] == "2020"
    series = run_query(store, "talks-at-event", event=Literal("chaos communication congress")).dicts()
    assert [r["year"] for r in series] == ["2014", "2020", "2024"]
    assert len(run_query(store, "talks-at-event", event=Literal("31C3"))) == 1  # the schedule's acronym


def test_identities_shows_how_editions_were_grouped(congress_store):
    done = cli(congress_store, "identities", "--limit", "0")
    assert done.exit_code == 0
    row = next(line for line in done.stdout.splitlines() if line.startswith("31. Chaos"))
    assert "2014-12-27" in row and "year 2014 from the schedule's conference start" in row
    assert "series table" in row and "31c3" in row


def test_the_series_table_is_data_not_code():
    from talkgraph.extract.events import parse_event_name

    import ast

    tree = ast.parse((ROOT / "src" / "talkgraph" / "extract" / "events.py").read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree) if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef))
            and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
               and id(n) not in docs]
    assert not [t for t in strings if "Chaos" in t or "C3" in t]  # series names live in the table
    assert parse_event_name("31C3").series == parse_event_name("38C3").series == "Chaos Communication Congress"
    assert parse_event_name("Code BEAM SF 2019").series == "Code BEAM"  # untouched by the table


# ---- 4. identities --suggest ---------------------------------------------------------------------

SUGGEST_SCHEDULE = """<?xml version='1.0' encoding='utf-8' ?>
<schedule><version>1</version>
<conference><acronym>inv24</acronym><title>Invented Conf 2024</title><start>2024-05-01</start></conference>
<day date='2024-05-01' index='1'><room name='Hall'>
<event guid='s1' id='1'><date>2024-05-01T10:00:00+02:00</date><start>10:00</start><duration>00:30</duration>
<title>Parsing invented formats</title><persons><person id='1'>Dana Invent</person><person id='2'>Kai Other</person></persons></event>
<event guid='s2' id='2'><date>2024-05-01T11:00:00+02:00</date><start>11:00</start><duration>00:30</duration>
<title>More invented formats</title><persons><person id='3'>Dana Invent Rivera</person><person id='2'>Kai Other</person></persons></event>
<event guid='s3' id='3'><date>2024-05-01T12:00:00+02:00</date><start>12:00</start><duration>00:30</duration>
<title>Alpha</title><persons><person id='4'>Jo Alpha</person></persons></event>
<event guid='s4' id='4'><date>2024-05-01T13:00:00+02:00</date><start>13:00</start><duration>00:30</duration>
<title>Beta</title><persons><person id='5'>Jo Beta</person></persons></event>
<event guid='s5' id='5'><date>2024-05-01T14:00:00+02:00</date><start>14:00</start><duration>00:30</duration>
<title>Gamma</title><persons><person id='6'>Jo</person></persons></event>
</room></day></schedule>
"""


def test_suggest_writes_reviewable_rules_with_evidence_and_merges_nothing(tmp_path):
    from talkgraph.rdf.identity import load_identities

    (tmp_path / "in.xml").write_text(SUGGEST_SCHEDULE, encoding="utf-8")
    store = tmp_path / "store"
    talkgraph.build([tmp_path / "in.xml"], GraphStore(store), Settings())
    before = len(run_query(GraphStore(store, read_only=True), "speakers"))
    out = tmp_path / "suggested.toml"
    done = cli(store, "identities", "--suggest", str(out))
    assert done.exit_code == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    rules = load_identities(out)  # the format the rules loader reads
    assert rules.person_same == {"dana invent rivera": "Dana Invent Rivera", "dana invent": "Dana Invent Rivera"}
    assert "'Dana Invent' is the start of 'Dana Invent Rivera'" in text
    assert "shared co-speaker: Kai Other" in text and "shared event: Invented Conf 2024" in text
    assert "Jo" not in text.replace("# ", "").split("[[person.same]]", 1)[-1]  # "Jo" nests in two names
    assert len(run_query(GraphStore(store, read_only=True), "speakers")) == before  # nothing merged
    cli(store, "identities", "--apply", "--rules", str(out))
    assert len(run_query(GraphStore(store, read_only=True), "speakers")) == before - 1  # once applied


# ---- scripts/demo ---------------------------------------------------------------------------------

def test_demo_is_short_and_ends_with_what_to_try_next(tmp_path):
    import os
    import subprocess

    env = {**os.environ, "TALKGRAPH_DEMO_SKIP_SETUP": "1", "TALKGRAPH_STORE": str(tmp_path / "store"),
           "COLUMNS": "100"}
    done = subprocess.run(["bash", str(ROOT / "scripts" / "demo")], capture_output=True, text=True, env=env,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = (done.stdout + done.stderr).splitlines()
    assert len(lines) < 150, len(lines)
    tail = done.stdout[done.stdout.index("== where to go next"):]
    assert "talkgraph queries" in tail and "docs/cli.md" in tail
    for section in ("top-speakers", "person", "talks-at-event", "closest: Maxim Fedorov", "[[person.same]]"):
        assert section in done.stdout + done.stderr, section


def test_topic_commands_take_limit_and_say_how_many_more(seed_store):
    done = cli(seed_store, "topics", "list", "--limit", "2")
    lines = done.stdout.splitlines()
    assert done.exit_code == 0 and len(lines) == 2 + 2 + 1 and re.match(r"… \d+ more \(--limit 0 for all\)", lines[-1])
    assert cli(seed_store, "topics", "list", "--limit", "0").stdout.count("more (--limit") == 0
