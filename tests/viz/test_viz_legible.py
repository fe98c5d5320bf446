"""A network picture worth looking at (issue 12, item 6; issue 14, item 4: viz calls analysis).

Pairs and singletons are left out and counted, communities sit apart, labels never overlap
(checked on the estimated boxes and, in headless Chromium, on the boxes the browser draws),
legend entries are whole, and ``viz`` uses ``analysis`` for centrality and communities.
"""
from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from bs4 import BeautifulSoup

import talkgraph
from talkgraph import viz
from talkgraph.analysis import centrality, communities
from talkgraph.viz import layout, picture

from tests.viz.test_viz import chromium, needs_chromium

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pyvideo_dir(tmp_path_factory) -> Path:
    """A store of the bundled pyvideo subset (data/pyvideo) alone, on disk."""
    path = tmp_path_factory.mktemp("pyvideo-subset") / "store"
    store = talkgraph.open_store(path)
    talkgraph.build([ROOT / "data" / "pyvideo"], store)
    del store
    return path


@pytest.fixture(scope="module")
def pyvideo_store(pyvideo_dir):
    return talkgraph.open_store(pyvideo_dir, read_only=True)


@pytest.fixture(scope="module")
def speakers_picture(pyvideo_store):
    return viz.network(pyvideo_store, "speakers")


def _silhouette(pic, group_of) -> float:
    xy = np.array([(n.x, n.y) for n in pic.nodes])
    lab = np.array([group_of[n.id] for n in pic.nodes])
    d = np.sqrt(((xy[:, None] - xy[None]) ** 2).sum(-1))
    out = []
    for i in range(len(xy)):
        same = lab == lab[i]
        same[i] = False
        if same.any():
            a = d[i, same].mean()
            b = min(d[i, lab == g].mean() for g in set(lab) if g != lab[i])
            out.append((b - a) / max(a, b))
    return float(np.mean(out))


def _caveman(k: int = 5, size: int = 12, seed: int = 3) -> nx.Graph:
    """``k`` dense groups with a few ties between them, plus three isolated pairs and two singletons."""
    g = nx.relaxed_caveman_graph(k, size, 0.08, seed=seed)
    g = nx.relabel_nodes(g, {n: f"p{n}" for n in g})
    for n in g:
        g.nodes[n]["kind"] = "person"
    g.add_edges_from([("pairA1", "pairA2"), ("pairB1", "pairB2"), ("pairC1", "pairC2")])
    g.add_nodes_from(["lone1", "lone2"])
    return g


# ---- what is drawn -----------------------------------------------------------------------------
def test_pairs_and_singletons_are_left_out_and_counted():
    pic = viz.network_picture(_caveman(), noun="speakers")
    drawn = {n.id for n in pic.nodes}
    assert not drawn & {"pairA1", "pairA2", "pairB1", "pairB2", "pairC1", "pairC2", "lone1", "lone2"}
    assert len(drawn) == 60
    assert "Left out: 8 in isolated pairs or alone." in pic.caption
    assert pic.meta["left_out"]["small_components"] == 8
    everything = viz.network_picture(_caveman(), min_component=1)
    assert len(everything.nodes) == 68 and "Left out" not in everything.caption


def test_central_nodes_with_no_tie_among_the_drawn_give_way_to_connected_ones():
    # two big hubs with leaves, and a node of high PageRank whose only ties go to nodes not drawn
    g = nx.star_graph(30)
    g = nx.disjoint_union(g, nx.star_graph(6))  # a second star, 31..37: its centre ranks high
    pic = viz.network_picture(g, cap=8)
    ids = {n.id for n in pic.nodes}
    sub = g.subgraph(int(i) for i in ids)
    assert all(len(c) >= 3 for c in nx.connected_components(sub))
    assert len(ids) == 8


def test_community_layout_keeps_communities_apart(pyvideo_store, speakers_picture):
    from talkgraph.analysis.projection import collapse, speaker_graph

    graph = speaker_graph(pyvideo_store)
    group_of = picture._community_names(graph, collapse(graph), 42)
    apart = speakers_picture
    blended = viz.network_picture(graph, color_by="community", layout="spring", noun="speakers")
    s_apart, s_blended = _silhouette(apart, group_of), _silhouette(blended, group_of)
    # a seeded spring layout of everything blends the communities (silhouette near 0)
    assert s_apart > 0.3 and s_apart > s_blended + 0.3, (s_apart, s_blended)


def test_the_bundled_network_is_legible(speakers_picture):
    pic = speakers_picture
    # circles do not overlap: no blots
    overlaps = sum(1 for a, b in itertools.combinations(pic.nodes, 2)
                   if math.hypot(a.x - b.x, a.y - b.y) < a.radius + b.radius)
    assert overlaps == 0
    assert 20 <= sum(n.show_label for n in pic.nodes) <= 30
    # the most central node is labelled
    assert pic.nodes[0].show_label


def test_estimated_label_boxes_never_overlap(pyvideo_store):
    pic = viz.network(pyvideo_store, "speakers", labels=60)
    boxes = []
    for n in pic.nodes:
        if n.show_label:
            w = layout.text_width(n.label[:60])
            x0 = {"start": n.label_x, "end": n.label_x - w, "middle": n.label_x - w / 2}[n.label_anchor]
            boxes.append((x0, n.label_y - 11, x0 + w, n.label_y + 3))
    assert len(boxes) >= 30
    assert all(0 <= b[0] and b[2] <= pic.width and 0 <= b[1] and b[3] <= pic.height for b in boxes)
    assert not [(a, b) for a, b in itertools.combinations(boxes, 2)
                if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]


def test_legend_entries_are_whole(speakers_picture):
    pic = speakers_picture
    assert pic.groups and not [name for name, _ in pic.groups if "\u2026" in name]
    html = pic.to_html()
    legend = BeautifulSoup(html, "html.parser").select_one("div.tg-legend").get_text(" ")
    assert all(name in legend for name, _ in pic.groups)
    fig = pic.to_figure()
    fig.canvas.draw()
    texts = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_legend().get_texts()]
    assert texts == [name for name, _ in pic.groups]


# ---- viz calls analysis ------------------------------------------------------------------------
def test_viz_uses_the_analysis_centrality_and_communities(pyvideo_store):
    from talkgraph.analysis.projection import collapse, speaker_graph

    graph = speaker_graph(pyvideo_store)
    g = collapse(graph)
    assert picture.measure(g, "pagerank") == centrality.node_scores(g, "pagerank")
    assert picture.measure(g, "strength") == centrality.node_scores(g, "strength")
    found = communities.communities(graph, min_size=1)
    names = picture._community_names(graph, g, 42)
    for c in found[:3]:
        assert len({names[m] for m in c.members}) == 1  # one analysis community, one picture group
    rows = {r.person: r.pagerank for r in centrality.centrality(graph)}
    assert rows == pytest.approx(centrality.node_scores(g, "pagerank"))


def test_large_sessions_do_not_tie_the_picture_together(pyvideo_store):
    from talkgraph.analysis import weights
    from talkgraph.analysis.projection import speaker_graph

    graph = speaker_graph(pyvideo_store)
    sizes = graph.graph["session_sizes"]
    assert sizes, "the bundled pyvideo subset has lightning-talk sessions"
    big = max(sizes, key=sizes.get)
    for a, b, kind, d in graph.edges(keys=True, data=True):
        if kind == "spoke_together" and [o for o, _ in d["evidence"]] == [big]:
            assert d["weight"] == pytest.approx(weights.session_tie_weight(sizes[big]))
            assert d["weight"] < weights.SPEAKER_EDGE["shared_topic"] * 2
            break
    else:
        pytest.fail("no tie made only of the largest session")


# ---- a real browser: the labels it draws do not overlap --------------------------------------
_MEASURE = """
<script>
window.addEventListener("load", function () {
  var svg = document.querySelector("svg.tg-svg").getBoundingClientRect();
  var out = [];
  document.querySelectorAll("text.tg-label").forEach(function (t) {
    var b = t.getBoundingClientRect();
    out.push([b.left, b.top, b.right, b.bottom, t.textContent]);
  });
  document.body.setAttribute("data-svg", JSON.stringify([svg.left, svg.top, svg.right, svg.bottom]));
  document.body.setAttribute("data-boxes", JSON.stringify(out));
});
</script>
"""


@needs_chromium
def test_drawn_labels_do_not_overlap_in_chromium(speakers_picture, tmp_path):
    pic = speakers_picture
    page = tmp_path / "network.html"
    # As a notebook shows it (the fragment, no CSP), plus a script that reads the drawn boxes.
    page.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>boxes</title></head>"
                    "<body style='margin:12px'>" + pic.to_html(standalone=False) + _MEASURE + "</body></html>",
                    encoding="utf-8")
    dom = BeautifulSoup(chromium(tmp_path, "--virtual-time-budget=3000", "--dump-dom", page.as_uri()),
                        "html.parser")
    assert dom.select_one("div.tg-net")["data-ready"] == "1"
    boxes = json.loads(dom.body["data-boxes"])
    svg = json.loads(dom.body["data-svg"])
    assert len(boxes) == sum(n.show_label for n in pic.nodes) >= 20
    assert all(b[2] > b[0] and b[3] > b[1] for b in boxes), "labels have no size: not drawn"
    overlapping = [(a[4], b[4]) for a, b in itertools.combinations(boxes, 2)
                   if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]
    assert not overlapping
    assert all(svg[0] <= b[0] and b[2] <= svg[2] and svg[1] <= b[1] and b[3] <= svg[3] for b in boxes)
    # the estimate the placement relies on is never narrower than what the browser draws
    scale = (svg[2] - svg[0]) / pic.width
    for left, _, right, _, text in boxes:
        assert right - left <= layout.text_width(text) * scale + 1, text
    shot = tmp_path / "network.png"
    chromium(tmp_path, f"--screenshot={shot}", page.as_uri())
    assert shot.stat().st_size > 10_000


def test_cli_network_options(pyvideo_dir, pyvideo_store, tmp_path):
    from click.testing import CliRunner

    from talkgraph.analysis.projection import collapse, speaker_graph
    from talkgraph.cli import main

    g = collapse(speaker_graph(pyvideo_store))
    alone = sum(len(c) for c in nx.connected_components(g) if len(c) < 3)
    assert alone > 0

    runner = CliRunner()
    kept = runner.invoke(main, ["--store", str(pyvideo_dir), "viz", "network", "--min-component", "1", "--layout",
                                "spring", "--cap", "1000", "-o", str(tmp_path / "all.html")])
    assert kept.exit_code == 0, kept.output
    default = runner.invoke(main, ["--store", str(pyvideo_dir), "viz", "network", "--cap", "1000",
                                   "-o", str(tmp_path / "n.html")])
    assert default.exit_code == 0, default.output
    assert f"Left out: {alone} in isolated pairs or alone." in default.output
    assert "Left out:" not in kept.output


def test_an_ego_network_of_two_is_drawn():
    g = nx.MultiGraph()
    g.add_node("a", kind="person", label="Ada Quill")
    g.add_node("b", kind="person", label="Bo Quill")
    g.add_edge("a", "b", key="spoke_together", weight=3.0, evidence=[("o", "A talk @ Conf 2020")])
    pic = viz.ego(g, "Ada Quill")
    assert sorted(n.label for n in pic.nodes) == ["Ada Quill", "Bo Quill"] and "Left out" not in pic.caption


def test_the_ego_picture_keeps_its_centre_in_the_middle(pyvideo_store):
    from talkgraph.analysis.projection import speaker_graph

    graph = speaker_graph(pyvideo_store)
    person = max(graph, key=lambda n: (graph.degree(n), n))
    pic = viz.ego(graph, graph.nodes[person]["label"])
    centre = next(n for n in pic.nodes if n.group == "centre")
    xs = sorted(n.x for n in pic.nodes)
    ys = sorted(n.y for n in pic.nodes)
    # within the middle half of the drawing, both ways
    assert xs[len(xs) // 4] <= centre.x <= xs[3 * len(xs) // 4]
    assert ys[len(ys) // 4] <= centre.y <= ys[3 * len(ys) // 4]
    assert centre.show_label
