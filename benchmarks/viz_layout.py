"""How legible the speaker-network picture is: community separation, overlapping nodes, labels placed, per layout.

    .venv/bin/python benchmarks/viz_layout.py --store DIR [--cap 300] [--layouts spring,community]

DIR is a built store (``talkgraph --store DIR build ../shared/corpus/pyvideo``). The picture is
the one ``talkgraph viz network`` draws (speaker network, coloured by community, the ``cap``
most central speakers); centrality and communities are computed once and the layouts compared
on the same nodes and edges. For each layout it prints

- ``silhouette``: mean silhouette of the drawn positions with the communities as clusters
  (-1..1; higher: communities sit apart, each in one place);
- ``intra/inter``: mean distance between two members of one community over the mean distance
  between members of different communities (lower: communities are compact and apart);
- ``overlapping node pairs``: pairs of drawn circles that overlap (lower: no blots);
- ``labels``: how many of the most central nodes got a label that overlaps nothing;
- the layout's time.
"""
from __future__ import annotations

import argparse
import itertools
import math
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def silhouette(xy: np.ndarray, labels: list[str]) -> float:
    d = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
    lab = np.array(labels)
    out = []
    for i in range(len(xy)):
        same = (lab == lab[i])
        same[i] = False
        if not same.any():
            continue
        a = d[i, same].mean()
        b = min(d[i, lab == other].mean() for other in set(labels) if other != lab[i])
        out.append((b - a) / max(a, b))
    return float(np.mean(out)) if out else float("nan")


def quality(pic, communities: dict[str, str]) -> dict:
    xy = np.array([(n.x, n.y) for n in pic.nodes])
    labels = [communities[n.id] for n in pic.nodes]
    d = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
    lab = np.array(labels)
    same = lab[:, None] == lab[None, :]
    off = ~np.eye(len(xy), dtype=bool)
    overlaps = sum(1 for a, b in itertools.combinations(pic.nodes, 2)
                   if math.hypot(a.x - b.x, a.y - b.y) < a.radius + b.radius)
    return {"silhouette": silhouette(xy, labels), "ratio": float(d[same & off].mean() / d[~same].mean()),
            "overlaps": overlaps, "labels": sum(n.show_label for n in pic.nodes)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--cap", type=int, default=300)
    parser.add_argument("--layouts", default="spring,community")
    args = parser.parse_args(argv)

    import talkgraph
    from talkgraph.analysis.projection import speaker_graph
    from talkgraph.viz import picture

    store = talkgraph.open_store(args.store, read_only=True)
    start = time.perf_counter()
    graph = speaker_graph(store)
    g = picture._undirected(graph)
    values = picture.measure(g, "pagerank")
    names = picture._community_names(graph, g, 42)
    print(f"{args.store}: {g.number_of_nodes():,} speakers, {g.number_of_edges():,} ties; "
          f"projection, PageRank and communities in {time.perf_counter() - start:.1f} s")
    print(f"{'layout':>10} {'silhouette':>10} {'intra/inter':>11} {'overlapping node pairs':>22} "
          f"{'labels':>6} {'s':>6}")
    for layout in args.layouts.split(","):
        start = time.perf_counter()
        pic = picture.network_picture(graph, color_by=names, size_by=values, cap=args.cap, layout=layout,
                                      noun="speakers")
        took = time.perf_counter() - start
        q = quality(pic, names)
        print(f"{layout:>10} {q['silhouette']:>10.3f} {q['ratio']:>11.3f} {q['overlaps']:>22} {q['labels']:>6} "
              f"{took:>6.1f}")
    print(pic.caption)
    return 0


if __name__ == "__main__":
    sys.exit(main())
