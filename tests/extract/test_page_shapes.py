"""The general page reader on invented pages of common shapes (issue 10 item 2), each with its expected record.

The pages and their records live in ``tests/data/pages/<case>.txt`` and ``<case>.json`` (the
schema of ``eval/SCHEMA.md``); every name, company and event in them is made up. Each case is
compared on the slots the gold sets score: people's names and headlines, affiliations
(organisation and whether current), and talks (title, event, date, start, end, speakers).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from talkgraph import extract_file
from talkgraph.keys import fold_key

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"
CASES = sorted(p.stem for p in PAGES.glob("*.json"))
# Cases the reader does not read right yet: kept out of the parametrised test, never loosened.
NOT_YET: set[str] = set()


def _fold(text: str | None) -> str | None:
    return fold_key(text) if text else None


def _people(rec) -> dict[str, tuple]:
    out = {}
    for p in rec["people"]:
        affs = frozenset((_fold(a["organization"]), a["current"]) for a in p["affiliations"])
        out[_fold(p["name"])] = (_fold(p["headline"]), affs)
    return out


def _talks(rec) -> list[tuple]:
    return sorted((_fold(t["title"]), _fold(t["event"]), t["date"], t["start"], t["end"],
                   tuple(sorted(_fold(s) for s in t["speakers"]))) for t in rec["talks"])


def _reading(case: str) -> dict:
    return extract_file(PAGES / f"{case}.txt").to_json()


def test_every_case_has_its_page():
    assert len(CASES) >= 15
    assert all((PAGES / f"{c}.txt").is_file() for c in CASES)


@pytest.mark.parametrize("case", [c for c in CASES if c not in NOT_YET])
def test_page_shape_reads_as_expected(case):
    expected = json.loads((PAGES / f"{case}.json").read_text(encoding="utf-8"))
    got = _reading(case)
    assert _people(got) == _people(expected)
    assert _talks(got) == _talks(expected)
