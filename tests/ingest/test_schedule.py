"""Schedules of the wrong shape: each misshapen level is one clear issue, and the good sessions land."""
from __future__ import annotations

import json
from pathlib import Path

from talkgraph.config import Settings
from talkgraph.errors import IssueReport
from talkgraph.ingest import get_importer


def _session(sid: str, title: str) -> dict:
    return {"guid": sid, "title": title, "date": "2030-03-04T10:00:00+01:00", "duration": "00:30",
            "persons": [{"public_name": "Ines Quarto"}]}


def _read(path: Path, obj: dict, importer: str) -> tuple[list[str], list[str]]:
    """The titles read from ``obj`` written to ``path``, and the messages of its invalid-record issues."""
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(obj), encoding="utf-8")
    report = IssueReport()
    titles = [item.record.talks[0].title for item in get_importer(importer).read(path, Settings(), report)]
    return titles, [i.message for i in report.issues if i.kind == "invalid-record"]


def test_frab_json_misshapen_days_and_rooms_are_reported_one_by_one(tmp_path):
    sched = {"schedule": {"conference": {"title": "Shape Con 2030", "days": [
        "not a day",
        {"date": "2030-03-04", "rooms": ["not", "an", "object"]},
        {"date": "2030-03-05", "rooms": {"Hall B": {"not": "a list"}, "Hall A": [_session("g1", "Kept talk")]}},
    ]}}}
    titles, invalid = _read(tmp_path / "schedule.json", sched, "frab-json")
    assert titles == ["Kept talk"]
    assert invalid == ["a day that is not an object; skipped",
                       "day '2030-03-04': 'rooms' is not an object; skipped",
                       "room 'Hall B': sessions are not a list; skipped"]


def test_frab_json_days_that_are_not_a_list_are_one_issue(tmp_path):
    sched = {"schedule": {"conference": {"title": "Shape Con 2030", "days": "Monday"}}}
    assert _read(tmp_path / "schedule.json", sched, "frab-json") == ([], ["'conference.days' should be a list, got str"])


def test_pretalx_derived_misshapen_levels_are_reported_one_by_one(tmp_path):
    talk = {"code": "ABC", "title": "Kept talk", "speakers": [], "slot": {"start": "10:00"}}
    obj = {"schedule": {"2030-03-04": "no slots", "2030-03-05": {"600": "no rooms", "660": {"1": "no session", "2": talk}}},
           "sprints": ["not", "an", "object"], "rooms": [{"id": 2, "name": "Hall A"}]}
    titles, invalid = _read(tmp_path / "shapecon-2030-pretalx" / "schedule.json", obj, "pretalx")
    assert titles == ["Kept talk"]
    assert invalid == ["day '2030-03-04': slots are not an object; skipped",
                       "day '2030-03-05' slot '600': not an object",
                       "a session that is not an object; skipped",
                       "schedule days should be an object, got list"]
