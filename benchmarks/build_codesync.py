"""Build benchmark: the codesync corpus (214 speaker pages) into a fresh store; pages/s and peak memory.

    .venv/bin/python benchmarks/build_codesync.py [CORPUS_DIR] [--repeat N]

CORPUS_DIR defaults to ../shared/corpus/codesync/txt beside the checkout. Each repetition runs in
a fresh subprocess so peak memory (ru_maxrss) belongs to that build alone; an idle interpreter with
the same imports is measured the same way as the baseline.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus" / "codesync" / "txt"

CHILD = r"""
import json, resource, sys, tempfile, time
import talkgraph
from talkgraph.config import Settings
from talkgraph.store.local import GraphStore
corpus, mode = sys.argv[1], sys.argv[2]
out = {}
if mode == "build":
    with tempfile.TemporaryDirectory() as tmp:
        store = GraphStore(tmp)
        t0 = time.perf_counter()
        result = talkgraph.build([corpus], store, Settings())
        out["seconds"] = time.perf_counter() - t0
        out["records"] = result.records
        out["failed"] = result.failed
        out["triples"] = store.count()
        t0 = time.perf_counter()
        again = talkgraph.build([corpus], store, Settings())
        out["rebuild_seconds"] = time.perf_counter() - t0
        out["rebuild_unchanged"] = again.unchanged
out["maxrss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps(out))
"""


def run(corpus: Path, mode: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(corpus), mode], capture_output=True, text=True,
                          check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"no corpus at {args.corpus}")
    idle = run(args.corpus, "idle")["maxrss_kib"]
    runs = [run(args.corpus, "build") for _ in range(args.repeat)]
    secs = statistics.median(r["seconds"] for r in runs)
    pages = runs[0]["records"]
    peak = max(r["maxrss_kib"] for r in runs)
    print(f"corpus          {args.corpus}")
    print(f"pages           {pages} ({runs[0]['failed']} failed)")
    print(f"triples         {runs[0]['triples']}")
    print(f"build           {secs:.2f} s median of {len(runs)}  ->  {pages / secs:.1f} pages/s")
    print(f"rebuild (no-op) {statistics.median(r['rebuild_seconds'] for r in runs):.2f} s "
          f"({runs[0]['rebuild_unchanged']} unchanged)")
    print(f"peak memory     {peak / 1024:.0f} MiB (idle interpreter with imports: {idle / 1024:.0f} MiB, "
          f"build adds {(peak - idle) / 1024:.0f} MiB)")


if __name__ == "__main__":
    main()
