"""Fuzz every reader for longer than the suite does: mutated real inputs through the whole build.

The targets are those of ``tests/fuzz_targets.py`` (text page, HTML page, frab XML/JSON, pretalx,
pyvideo, records JSON). The property is the suite's: nothing but ``TalkgraphError`` escapes a build,
and no input takes longer than the per-record cap. Each target prints its examples, examples/s, the
slowest input, and the first failure (hypothesis shrinks it and prints the bytes to reproduce).

Usage::

    .venv/bin/python benchmarks/fuzz.py [--examples 500] [--target NAME ...] [--seed N]
"""
from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hypothesis import HealthCheck, given, settings  # noqa: E402

from fuzz_targets import RECORD_CAP_S, TARGETS  # noqa: E402


def fuzz(name: str, examples: int, seed: int | None) -> tuple[int, float, float, str | None]:
    target = TARGETS[name]
    target.warm()
    stats = {"n": 0, "slowest": 0.0}

    @settings(max_examples=examples, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(target.inputs())
    def check(data: bytes) -> None:
        seconds = target.run(data)
        stats["n"] += 1
        stats["slowest"] = max(stats["slowest"], seconds)
        assert seconds < RECORD_CAP_S, f"one input took {seconds:.1f} s (cap {RECORD_CAP_S} s)"

    if seed is not None:
        from hypothesis import seed as with_seed

        check = with_seed(seed)(check)
    start = time.monotonic()
    failure = None
    try:
        check()
    except Exception as exc:  # noqa: BLE001 - a fuzzer reports whatever escaped, then goes on to the next target
        failure = f"{type(exc).__name__}: {exc}"
    return stats["n"], time.monotonic() - start, stats["slowest"], failure


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=500, help="inputs per target (default 500)")
    parser.add_argument("--target", action="append", choices=sorted(TARGETS), help="fuzz only these (repeatable)")
    parser.add_argument("--seed", type=int, default=None, help="a fixed seed, to repeat a run")
    args = parser.parse_args()
    logging.getLogger("talkgraph").setLevel(logging.ERROR)  # the rejected inputs' warnings are expected
    failed = 0
    print(f"Fuzz, {args.examples} inputs per target, cap {RECORD_CAP_S:g} s per input (each target warmed "
          "first on its seed: loading the topic scheme and the NLP pipeline is not counted)\n")
    print("| target | inputs | inputs/s | slowest (s) | result |\n|---|---:|---:|---:|---|")
    for name in args.target or sorted(TARGETS):
        n, seconds, slowest, failure = fuzz(name, args.examples, args.seed)
        failed += failure is not None
        print(f"| {name} | {n} | {n / seconds:.1f} | {slowest:.2f} | {failure or 'ok'} |", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
