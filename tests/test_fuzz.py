"""Every reader, fuzzed for a bounded budget: only TalkgraphError escapes, and no input hangs.

``benchmarks/fuzz.py`` runs the same targets for longer.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzz_targets import RECORD_CAP_S, TARGETS

BUDGET = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_reader_survives_mutated_input(name):
    target = TARGETS[name]
    target.warm()

    @BUDGET
    @given(target.inputs())
    def check(data: bytes) -> None:
        seconds = target.run(data)
        assert seconds < RECORD_CAP_S, f"{name}: one input took {seconds:.1f} s (cap {RECORD_CAP_S} s)"

    check()


# ---- what the fuzzer found ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["pyvideo", "frab-json", "pretalx", "records-json"])
def test_a_lone_surrogate_escape_is_a_failed_record(name, tmp_path):
    """Found by benchmarks/fuzz.py: ``"\\ud800"`` decoded to a string that cannot be encoded, and the build crashed."""
    import json

    from talkgraph.config import Settings
    from talkgraph.store.build import build
    from talkgraph.store.local import GraphStore

    target = TARGETS[name]
    seed = target.seed.read_text(encoding="utf-8")
    first = seed.index('"', seed.index('"title"') + len('"title"') + 1)
    broken = seed[:first + 1] + "\\ud800" + seed[first + 1:]
    json.loads(broken.splitlines()[0] if name == "records-json" else broken)  # still valid JSON
    folder = tmp_path / "in"
    if name == "pyvideo":
        (folder / "videos").mkdir(parents=True)
        (folder / "category.json").write_text('{"title": "Invented Con 2031"}', encoding="utf-8")
    else:
        folder.mkdir()
    path = folder / target.filename
    path.write_text(broken, encoding="utf-8")
    result = build([folder if name == "pyvideo" else path], GraphStore(), Settings(), importer=target.importer)
    assert [i for i in result.issues if "lone surrogate" in i.message], [str(i) for i in result.issues]


def test_long_punctuation_runs_do_not_stall_the_text_reader():
    """Found by benchmarks/fuzz.py: spaCy's affix splitting is quadratic in a run of brackets (6,000 took 30 s)."""
    import time

    target = TARGETS["text-page"]
    target.warm()
    seed = target.seed.read_bytes()
    cut = seed.index(b"\n\n", 200)
    start = time.monotonic()
    target.run(seed[:cut] + b" " + b"[" * 20_000 + b"<!--" + b"]" * 20_000 + seed[cut:])
    assert time.monotonic() - start < 5
