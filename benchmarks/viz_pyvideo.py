"""How fast the interactive speaker-network page loads in headless Chromium, for the whole pyvideo speaker network.

    .venv/bin/python benchmarks/viz_pyvideo.py [DIR ...] [--caps 300,1000,2000] [--runs 3]

DIR defaults to ../shared/corpus/pyvideo beside the repository; when that is absent, the bundled
data/ (and ../shared/corpus/codesync/txt when present) is used and the output says so. A seeded
synthetic speaker network of pyvideo's size (13,000 speakers, preferential attachment) is always
measured as well, so the cap is tested at full scale whatever corpus is at hand.

For each cap it prints: the time to build the picture in Python (projection, PageRank, layout),
the page size, Chromium's wall time to load the page and dump the DOM (minus the same for an
empty page, i.e. browser start-up), and the in-page time from navigation start to the end of
the page's script (``data-ready-ms``). Target: the page loads in under 5 s.
"""
from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus" / "pyvideo"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND",
    "--window-size=1200,950",
]


def load_page(chromium: str, page: Path, tmp: Path) -> tuple[float, int | None, int]:
    """Wall seconds for Chromium to load ``page`` and dump its DOM; in-page ready ms; circles in the DOM."""
    profile = Path(tempfile.mkdtemp(dir=tmp, prefix="profile-"))
    start = time.perf_counter()
    done = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
                          capture_output=True, text=True, timeout=120, check=True)
    wall = time.perf_counter() - start
    shutil.rmtree(profile, ignore_errors=True)
    ready = re.search(r'data-ready-ms="(\d+)"', done.stdout)
    return wall, int(ready.group(1)) if ready else None, done.stdout.count('class="tg-node"')


def measure(label: str, graph, caps: list[int], runs: int, chromium: str, tmp: Path, empty: float) -> None:
    from talkgraph import viz

    people = graph.number_of_nodes()
    print(f"\n{label}: {people:,} speakers, {graph.number_of_edges():,} ties")
    print(f"{'cap':>6} {'python s':>9} {'page KB':>8} {'load s (- start-up)':>20} {'script ready ms':>16} {'circles':>8}")
    for cap in caps:
        start = time.perf_counter()
        pic = viz.network_picture(graph, title=f"{label} speaker network", color_by="community", cap=cap,
                                  noun="speakers")
        page = viz.write_html(pic, tmp / f"{label}-{cap}.html")
        python_s = time.perf_counter() - start
        loads = [load_page(chromium, page, tmp) for _ in range(runs)]
        wall = statistics.median(w for w, _, _ in loads)
        ready = statistics.median(r for _, r, _ in loads if r is not None) if all(r is not None for _, r, _ in loads) \
            else float("nan")
        circles = loads[0][2]
        assert circles == len(pic.nodes), (circles, len(pic.nodes))
        print(f"{cap:>6} {python_s:>9.2f} {page.stat().st_size / 1024:>8.0f} "
              f"{wall:>8.2f} ({wall - empty:>5.2f}) {ready:>16.0f} {circles:>8}")
        print(f"       {pic.caption}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", default=[str(DEFAULT)])
    parser.add_argument("--caps", default="300,1000,2000", help="node caps to measure (comma-separated)")
    parser.add_argument("--runs", type=int, default=3, help="page loads per cap (the median is shown)")
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).is_file():
        print("no chromium: apt-get install chromium", file=sys.stderr)
        return 2
    caps = [int(c) for c in args.caps.split(",")]

    import networkx as nx

    import talkgraph
    from talkgraph.analysis.projection import speaker_graph

    dirs = [Path(d) for d in args.dirs if Path(d).is_dir()]
    note = ""
    if not dirs:
        dirs = [ROOT / "data"]
        codesync = ROOT.parent / "shared" / "corpus" / "codesync" / "txt"
        if codesync.is_dir():
            dirs.append(codesync)
        note = (f"NOTE: {args.dirs[0]} is absent; measured on {', '.join(str(d) for d in dirs)} instead, "
                "plus the synthetic network of pyvideo's size below.")
        print(note)
    with tempfile.TemporaryDirectory(prefix="tg-viz-bench-") as name:
        tmp = Path(name)
        blank = tmp / "empty.html"
        blank.write_text("<!DOCTYPE html><title>empty</title>", encoding="utf-8")
        empty = statistics.median(load_page(chromium, blank, tmp)[0] for _ in range(args.runs))
        print(f"Chromium start-up (empty page, dump-dom): {empty:.2f} s")

        store = talkgraph.open_store()
        start = time.perf_counter()
        talkgraph.build(dirs, store)
        print(f"built {', '.join(d.name for d in dirs)} in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        graph = speaker_graph(store)
        print(f"speaker projection in {time.perf_counter() - start:.1f} s")
        measure("corpus", graph, caps, args.runs, chromium, tmp, empty)

        synthetic = nx.barabasi_albert_graph(13_000, 3, seed=7)
        nx.set_node_attributes(synthetic, {n: f"Speaker {n}" for n in synthetic}, "label")
        nx.set_node_attributes(synthetic, "person", "kind")
        measure("synthetic-13k", synthetic, caps, args.runs, chromium, tmp, empty)
    return 0


if __name__ == "__main__":
    sys.exit(main())
