"""Every reader, fuzzed for a bounded budget: only TalkgraphError escapes, and no input hangs.

``benchmarks/fuzz.py`` runs the same targets for longer.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from fuzz_targets import RECORD_CAP_S, TARGETS

BUDGET = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_reader_survives_mutated_input(name):
    target = TARGETS[name]

    @BUDGET
    @given(target.inputs())
    def check(data: bytes) -> None:
        seconds = target.run(data)
        assert seconds < RECORD_CAP_S, f"{name}: one input took {seconds:.1f} s (cap {RECORD_CAP_S} s)"

    check()
