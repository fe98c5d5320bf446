"""Untrusted records: a schedule broken mid-way changes nothing, bytes are never guessed, DOCTYPE refused
whatever the encoding, invisible characters in names do not make two people."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from talkgraph.config import Settings
from talkgraph.errors import Level
from talkgraph.query.run import run_query
from talkgraph.store.build import build
from talkgraph.store.local import GraphStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "importers"


def session(n: int, title: str, person: str) -> str:
    return (f"<event guid='s-{n}' id='{n}'><date>2031-03-0{1 + n % 2}T10:00:00+01:00</date><start>10:00</start>"
            f"<duration>00:30</duration><room>Hall</room><title>{title}</title><type>lecture</type>"
            f"<language>en</language><persons><person id='{n}'>{person}</person></persons></event>\n")


def schedule(events: list[str]) -> str:
    return ("<?xml version='1.0' encoding='utf-8' ?>\n<schedule><version>1</version>\n"
            "<conference><acronym>inv31</acronym><title>Invented Conf 2031</title></conference>\n"
            "<day date='2031-03-01' index='1'><room name='Hall'>\n" + "".join(events) +
            "</room></day></schedule>\n")


GOOD = [session(n, f"Talk number {n}", f"Speaker Number{n}") for n in range(1, 9)]


def names(store: GraphStore) -> list[str]:
    found = store.query("SELECT ?n WHERE { ?p a <https://schema.org/Person> ; <https://schema.org/name> ?n }")
    return sorted(s["n"].value for s in found)


def quads(store: GraphStore) -> set:
    return set(store.oxigraph)


def errors(result) -> list:
    return [i for i in result.issues if i.level >= Level.ERROR]


# ---- a schedule broken mid-way ---------------------------------------------------------------------

def test_a_schedule_broken_mid_way_is_one_failed_record_and_changes_nothing(tmp_path):
    path = tmp_path / "schedule.xml"
    path.write_text(schedule(GOOD), encoding="utf-8")
    store = GraphStore(tmp_path / "store")
    first = build([path], store, Settings())
    assert first.added == 8 and not errors(first)
    before = quads(store)
    broken = GOOD[:4] + [session(9, "A & <b>party", "Party Person")] + GOOD[4:] + \
        [session(10, "Talk added after", "Late Speaker")]
    path.write_text(schedule(broken), encoding="utf-8")
    second = build([path], store, Settings())
    found = errors(second)
    assert len(found) == 1 and second.failed == 1
    issue = found[0]
    assert issue.record == str(path) and issue.line == 9 and "malformed" in issue.message
    assert second.added == second.replaced == second.removed == 0
    assert not [i for i in second.issues if "used 2 times" in i.message]
    assert quads(store) == before  # none of its sessions added or removed: the old graphs stay


def test_a_schedule_broken_from_the_start_adds_nothing(tmp_path):
    path = tmp_path / "schedule.xml"
    path.write_text(schedule(GOOD[:2] + [session(9, "A & <b>party", "Party Person")] + GOOD[2:]), encoding="utf-8")
    store = GraphStore()
    result = build([path], store, Settings())
    assert result.failed == 1 and result.added == 0 and len(run_query(store, "talks")) == 0


# ---- bytes that are not UTF-8 ----------------------------------------------------------------------

BAD = b"Bad\xe9 Person"  # cp1252 for "Badé Person": not UTF-8


def records_json(tmp_path: Path) -> Path:
    path = tmp_path / "people.json"
    path.write_bytes(b'{"source": "invented/bad.txt", "people": [{"name": "' + BAD + b'"}], "talks": []}')
    return path


def frab_json(tmp_path: Path) -> Path:
    obj = json.loads((FIXTURES / "frab-small.json").read_text(encoding="utf-8"))
    text = json.dumps(obj, ensure_ascii=False).replace("Ada Lovelace", "@@NAME@@", 1)
    path = tmp_path / "schedule.json"
    path.write_bytes(text.encode("utf-8").replace(b"@@NAME@@", BAD))
    return path


def pretalx(tmp_path: Path) -> Path:
    text = (FIXTURES / "pretalx-derived.json").read_text(encoding="utf-8").replace("Lucie Anglade", "@@NAME@@", 1)
    path = tmp_path / "pretalx.json"
    path.write_bytes(text.encode("utf-8").replace(b"@@NAME@@", BAD))
    return path


def pyvideo(tmp_path: Path) -> Path:
    event = tmp_path / "invented-con-2031"
    shutil.copytree(FIXTURES / "pyvideo-event", event)
    video = event / "videos" / "a.json"
    video.write_bytes(video.read_bytes().replace(b"Ada Lovelace", BAD))
    return event


def text_page(tmp_path: Path) -> Path:
    path = tmp_path / "speaker.txt"
    path.write_bytes(BAD + b"\n\n" + BAD + b" is a staff engineer at Invented Systems.\n")
    return path


READERS = {"records-json": records_json, "frab-json": frab_json, "pretalx": pretalx, "pyvideo": pyvideo,
           "text": text_page}


@pytest.mark.parametrize("reader", READERS, ids=list(READERS))
def test_invalid_utf8_is_an_error_naming_the_byte_offset(tmp_path, reader):
    path = READERS[reader](tmp_path)
    store = GraphStore()
    result = build([path], store, Settings())
    found = [i for i in errors(result) if "not valid utf-8" in i.message]
    assert found, [str(i) for i in result.issues]
    assert "byte 0xe9 at byte offset" in found[0].message and "--encoding" in found[0].message
    assert not [n for n in names(store) if "\ufffd" in n]


@pytest.mark.parametrize("reader", READERS, ids=list(READERS))
def test_with_an_encoding_the_same_bytes_are_read(tmp_path, reader):
    path = READERS[reader](tmp_path)
    store = GraphStore()
    result = build([path], store, Settings(encoding="cp1252"))
    assert not [i for i in errors(result) if "utf-8" in i.message.lower()], [str(i) for i in result.issues]
    if reader != "text":  # the text reader decides itself whether a line is a name
        assert "Badé Person" in names(store)


# ---- DOCTYPE, whatever the encoding ----------------------------------------------------------------

DOCTYPE_XML = ("<?xml version='1.0' encoding='{enc}'?>\n<!DOCTYPE schedule [<!ENTITY e 'boom'>]>\n"
               "<schedule><conference><title>&e;</title></conference></schedule>\n")


@pytest.mark.parametrize("encoding, bom", [("utf-8", b""), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                           ("utf-16-le", b""), ("iso-8859-1", b"")],
                         ids=["utf8", "utf16le-bom", "utf16be-bom", "utf16le-no-bom", "latin1"])
def test_doctype_is_refused_whatever_the_encoding(tmp_path, encoding, bom):
    path = tmp_path / "schedule.xml"
    declared = "utf-16" if encoding.startswith("utf-16") else encoding
    path.write_bytes(bom + DOCTYPE_XML.format(enc=declared).encode(encoding))
    store = GraphStore()
    for importer in (None, "frab-xml"):
        result = build([path], store, Settings(), importer=importer)
        assert result.added == 0
        found = [i for i in errors(result) if "DOCTYPE" in i.message]
        assert found and found[0].line == 2, [str(i) for i in result.issues]


# ---- invisible characters in names -----------------------------------------------------------------

@pytest.mark.parametrize("spelling", ["Jo\u200bhn Invented", "\ufeffJohn Invented", "John In\u00advented",
                                      "John\u2060 Invented", "Jo\u200dhn Invented"],
                         ids=["zero-width-space", "bom", "soft-hyphen", "word-joiner", "zero-width-joiner"])
def test_invisible_characters_are_stripped_and_reported(tmp_path, spelling):
    path = tmp_path / "people.jsonl"
    lines = [{"source": "invented/a.txt", "people": [{"name": "John Invented"}], "talks": []},
             {"source": "invented/b.txt", "people": [{"name": spelling}],
              "talks": [{"title": "Talk by " + spelling, "speakers": [spelling]}]}]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    store = GraphStore()
    result = build([path], store, Settings())
    assert names(store) == ["John Invented"]  # one person, with one clean name
    repairs = [i for i in result.issues if i.kind == "repaired" and "invisible" in i.message]
    assert repairs and "U+" in repairs[0].message
    assert "Talk by John Invented" in run_query(store, "talks").column("title")


def test_bidi_controls_are_still_refused(tmp_path):
    path = tmp_path / "people.json"
    path.write_text(json.dumps({"source": "invented/c.txt", "people": [{"name": "Eve \u202eTrusted"}]}),
                    encoding="utf-8")
    result = build([path], GraphStore(), Settings())
    assert [i for i in errors(result) if "U+202E" in i.message]
