"""Build a whole pyvideo checkout into a temporary store; print wall time, talks/s, triples and peak memory.

    .venv/bin/python benchmarks/build_pyvideo.py [DIR] [--profile FILE] [--memory-store] [--no-baseline]

DIR defaults to ../shared/corpus/pyvideo beside the repository. The default build (topics tagged)
runs first, then, in the same run (the machine is shared and noisy: compare like with like), the
same build without tagging. Each build runs in its own process so that peak memory is its own.
Target: the whole corpus (540 events, 21,715 talks), topics included, in under 45 s with peak
memory under 1.5 GiB on a 2-core machine.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from talkgraph.store.build import build
from talkgraph.config import Settings
from talkgraph.store.local import GraphStore

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "pyvideo"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", nargs="?", default=str(DEFAULT))
    parser.add_argument("--profile", metavar="FILE", help="write cProfile stats here")
    parser.add_argument("--memory-store", action="store_true", help="in-memory store instead of a temp directory")
    parser.add_argument("--no-topics", action="store_true", help="build without topic tagging (only)")
    parser.add_argument("--processes", type=int, default=0, help="worker processes (0: one per core; 1: serial)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the build without tagging")
    args = parser.parse_args(argv)
    if not args.no_topics and not args.no_baseline:
        import subprocess

        own = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--no-baseline"]
        first = subprocess.run([sys.executable, __file__, *own, "--no-baseline"])
        print("---- the same build without topic tagging", flush=True)
        second = subprocess.run([sys.executable, __file__, *own, "--no-topics"])
        return first.returncode or second.returncode
    if not Path(args.dir).is_dir():
        print(f"no pyvideo data at {args.dir}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="tg-bench-") as tmp:
        store = GraphStore() if args.memory_store else GraphStore(Path(tmp) / "store")
        settings = Settings(topics=not args.no_topics, build_processes=args.processes)
        start = time.perf_counter()
        if args.profile:
            import cProfile

            prof = cProfile.Profile()
            result = prof.runcall(build, [args.dir], store, settings)
            prof.dump_stats(args.profile)
        else:
            result = build([args.dir], store, settings)
        wall = time.perf_counter() - start
        triples = store.count()
        graphs = len(store.record_graphs())
    usage = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)  # the build's worker processes (ended by now)
    peak = usage.ru_maxrss / 1024  # KiB on Linux
    worker_peak = workers.ru_maxrss / 1024
    # On a shared machine CPU seconds are less noisy than the wall time; workers' CPU counts too.
    cpu = usage.ru_utime + usage.ru_stime + workers.ru_utime + workers.ru_stime
    talks = result.added + result.replaced + result.unchanged
    print(f"topics     {'tagged' if settings.topics else 'not tagged'}")
    print(f"records    {result.records:,} ({result.added:,} added, {result.failed:,} failed); graphs {graphs:,}")
    print(f"wall time  {wall:.1f} s (CPU {cpu:.1f} s: wall time counts other jobs' use of the cores too)")
    if worker_peak:
        own = usage.ru_utime + usage.ru_stime
        print(f"CPU split  {own:.1f} s building process (read, write the store), {cpu - own:.1f} s workers "
              "(tag, map)")
    print(f"talks/s    {talks / wall:,.0f}")
    print(f"triples    {triples:,} distinct in the merged graph ({result.triples:,} over all record graphs)")
    if worker_peak:
        print(f"peak RSS   {peak:,.0f} MiB building process, {worker_peak:,.0f} MiB largest worker "
              f"(at most {peak + worker_peak * _workers(settings):,.0f} MiB together)")
    else:
        print(f"peak RSS   {peak:,.0f} MiB")
    kinds = Counter((i.level.name, i.kind) for i in result.issues)
    print("issues     " + ", ".join(f"{lvl} {kind}: {n}" for (lvl, kind), n in sorted(kinds.items())))
    return 0


def _workers(settings: Settings) -> int:
    import os

    return settings.build_processes or (os.cpu_count() or 1)


if __name__ == "__main__":
    sys.exit(main())
