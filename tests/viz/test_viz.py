"""talkgraph.viz: the capped network picture, escaping, matplotlib figures, the CLI, and real headless Chromium.

The browser tests load each generated page from a file with networking off (a dead proxy, no
DNS) and check that it rendered (screenshot not blank, one ``<circle>`` per drawn node, the
script ran) and that labels carrying script payloads execute nothing.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import talkgraph
from talkgraph import viz
from talkgraph.analysis import paths, projection
from talkgraph.analysis.lookup import UnknownPersonError
from talkgraph.cli import main
from talkgraph.viz.network_html import clean_text, json_for_script, render_html
from talkgraph.viz.timeline import Job, TalkMark, Timeline

ROOT = Path(__file__).resolve().parents[2]
PAYLOADS = (
    "</script><script>document.title='pwned'</script>",
    '<img src=x onerror="document.title=\'pwned\'">',
    "</title><script>document.title='pwned'</script>",
    "\"><svg onload=\"document.title='pwned'\">",
    "]]><script>document.title='pwned'</script>",
    "\u2028\u2029 <!-- $\\frac{a}{$ & &amp; x",
)


# ---- fixtures ----------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def store_dir(built_data) -> Path:
    """The bundled data/ built once, on disk (the CLI opens it read-only)."""
    return built_data.path


@pytest.fixture(scope="session")
def store(store_dir):
    return talkgraph.open_store(store_dir, read_only=True)


def hostile_graph() -> nx.Graph:
    """A star of people whose names are script payloads, plus ordinary ones."""
    g = nx.Graph()
    g.add_node("centre", kind="person", label=PAYLOADS[0])
    for i, label in enumerate(PAYLOADS[1:] + tuple(f"person {n}" for n in range(10))):
        g.add_node(f"n{i}", kind="person" if i % 2 else "topic", label=label)
        g.add_edge("centre", f"n{i}", weight=1.0 + i)
    g.add_edge("n1", "n2", weight=2.0)
    return g


# ---- the picture: cap, caption, errors ---------------------------------------------------------
def test_cap_keeps_the_most_central_and_says_so():
    g = nx.barabasi_albert_graph(200, 2, seed=1)
    pagerank = nx.pagerank(g)
    pic = viz.network_picture(g, cap=25, noun="speakers")
    assert len(pic.nodes) == 25 and pic.total_nodes == 200
    top = sorted(g, key=lambda n: -pagerank[n])[:25]
    assert {n.id for n in pic.nodes} == {str(n) for n in top}
    assert pic.caption.startswith("Showing the 25 most central of 200 speakers (by PageRank)")
    assert pic.capped
    html = pic.to_html()
    assert pic.caption in html
    assert 'data-nodes="25"' in html and html.count('class="tg-node"') == 25


def test_edge_cap_keeps_each_nodes_strongest_tie_then_the_heaviest_and_says_so():
    g = nx.complete_graph(12)
    for a, b in g.edges():
        g.edges[a, b]["weight"] = float(a + b)
    pic = viz.network_picture(g, max_edges=15)
    assert len(pic.edges) == 15
    # the maximum spanning tree (node 11's star: every node keeps its strongest tie), then the heaviest
    ids = [n.id for n in pic.nodes]
    drawn = {frozenset((ids[e.source], ids[e.target])) for e in pic.edges}
    assert {frozenset(("11", str(k))) for k in range(11)} <= drawn
    assert sorted(e.weight for e in pic.edges if "11" not in (ids[e.source], ids[e.target])) == [17.0, 17.0, 18.0, 19.0]
    assert "the 15 strongest of the 66 edges among them" in pic.caption


def test_uncapped_caption_and_sizes():
    pic = viz.network_picture(nx.star_graph(3), size_by="degree", noun="people")
    assert pic.caption == "All 4 people (sized by degree), and all 3 edges."
    assert max(pic.nodes, key=lambda n: n.radius).id == "0"
    assert all(0 <= n.x <= pic.width and 0 <= n.y <= pic.height for n in pic.nodes)


def test_layout_is_seeded():
    g = nx.karate_club_graph()
    a, b = viz.network_picture(g, seed=3), viz.network_picture(g, seed=3)
    assert [(n.x, n.y) for n in a.nodes] == [(n.x, n.y) for n in b.nodes]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"color_by": "rainbow"}, "cannot colour by 'rainbow'; allowed: kind, community"),
    ({"size_by": "height"}, "cannot size by 'height'; allowed: pagerank, degree, strength"),
    ({"cap": 0}, "cap must be at least 1; got 0"),
])
def test_bad_options_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        viz.network_picture(nx.path_graph(3), **kwargs)


def test_save_refuses_unknown_suffix(tmp_path):
    with pytest.raises(ValueError, match=r"cannot write a picture as '\.txt'; allowed: \.html, \.png"):
        viz.network_picture(nx.path_graph(3)).save(tmp_path / "x.txt")


def test_community_colours_name_the_ties(store_pictures):
    pic = store_pictures["speakers"]  # viz.network(store, "speakers")
    # legend order is by speakers drawn, community numbers by size in the whole graph: any number may lead
    assert pic.groups and re.match(r"\d+: ", pic.groups[0][0])
    assert "spoke together" in pic.groups[0][0] or "talk about" in pic.groups[0][0]


def test_empty_graph_draws_an_empty_picture():
    pic = viz.network_picture(nx.Graph())
    assert pic.nodes == [] and pic.caption == "All 0 nodes (sized by PageRank), and all 0 edges."
    assert 'data-nodes="0"' in pic.to_html()


# ---- escaping ----------------------------------------------------------------------------------
@given(st.recursive(st.text() | st.integers() | st.booleans(),
                    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=8))
def test_json_for_script_cannot_close_the_element_and_round_trips(data):
    text = json_for_script(data)
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == data


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_label_stays_text(label):
    g = nx.Graph()
    g.add_node("a", kind="person", label=label)
    g.add_node("b", kind="person", label="b")
    g.add_edge("a", "b")
    page = render_html(viz.network_picture(g, title=label, min_component=1), standalone=False)
    soup = BeautifulSoup(page, "html.parser")
    assert len(soup.find_all("script")) == 2
    assert not soup.find_all(["img", "iframe", "object", "embed"])
    assert not [t for t in soup.find_all(True) if any(a.lower().startswith("on") for a in t.attrs)]
    def squash(text: str) -> str:  # the parser may normalise whitespace; it is the markup that matters
        return " ".join(text.split())

    titles = [squash(t.get_text()) for t in soup.select("circle.tg-node > title")]
    assert squash(clean_text(label)) in titles
    data = json.loads(soup.find("script", {"type": "application/json"}).string)
    assert clean_text(label) in [n["label"] for n in data["nodes"]]


def test_clean_text_replaces_controls_and_lone_surrogates():
    assert clean_text("a\x00b\x1bc\ud800d\te\n") == "a\ufffdb\ufffdc\ufffdd\te\n"


def test_page_loads_nothing_from_outside():
    html = viz.network_picture(hostile_graph(), title=PAYLOADS[1]).to_html()
    soup = BeautifulSoup(html, "html.parser")
    assert not [t for t in soup.find_all(True) if {"src", "href", "xlink:href", "srcset"} & set(t.attrs)]
    assert not soup.find_all(["link", "img", "iframe", "object", "embed", "base"])
    assert not re.search(r"@import|url\(", html)
    assert set(re.findall(r"https?://[^\s\"'<]+", html)) == {"http://www.w3.org/2000/svg"}
    assert "default-src 'none'" in html and "connect-src 'none'" in html
    assert "innerHTML" not in html and "eval(" not in html


# ---- matplotlib --------------------------------------------------------------------------------
def test_static_picture_draws_math_like_labels_as_text(tmp_path):
    g = nx.path_graph(3)
    nx.set_node_attributes(g, {0: "$\\undefinedcommand{$", 1: "50% of $5", 2: "a_b^c"}, "label")
    pic = viz.network_picture(g, title="$\\frac{$")
    path = pic.save(tmp_path / "net.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    texts = [t.get_text() for t in pic.to_figure().axes[0].texts]
    assert "$\\undefinedcommand{$" in texts
    assert pic.save(tmp_path / "net.svg").read_text().lstrip().startswith("<?xml")


def test_timeline_of_a_seed_speaker(store, tmp_path):
    line = viz.career_timeline(store, "maxim fedorov")
    assert line.name == "Maxim Fedorov"
    assert {j.name for j in line.jobs} >= {"WhatsApp", "Kaspersky", "Parallels", "NetAlliance"}
    assert line.jobs[0].name == "WhatsApp" and line.jobs[0].current
    assert any(t.title == "Scaling Erlang cluster to 10,000 nodes" and str(t.date) == "2018-11-09"
               for t in line.talks)
    fig = viz.draw_timeline(line)
    text = "\n".join(t.get_text() for ax in fig.axes for t in ax.texts)
    assert "years not stated" in text and "current; start not stated" in text
    assert "2018-11-09  Scaling Erlang cluster to 10,000 nodes  (Code Mesh LDN 2018)" in text
    assert viz.save_figure(fig, tmp_path / "t.png").stat().st_size > 10_000


def test_timeline_draws_dated_jobs_as_bars():
    import datetime as dt

    line = Timeline("p", "Ann", (Job("o1", "Acme", 2015, 2018, False), Job("o2", "Beta", 2019, None, True)),
                    (TalkMark("t", "A talk", "Conf 2017", dt.date(2017, 5, 1), 2017),))
    fig = viz.draw_timeline(line, today=dt.date(2024, 6, 1))
    ax = fig.axes[0]
    assert len(ax.patches) == 2
    assert {t.get_text() for t in ax.texts} >= {"2015\u20132018", "2019\u2013now", "1"}


def test_timeline_unknown_person(store):
    with pytest.raises(UnknownPersonError, match="No person 'Maxim Fedorv' in the graph; closest: 'Maxim Fedorov'"):
        viz.career_timeline(store, "Maxim Fedorv")


# ---- the CLI -----------------------------------------------------------------------------------
@pytest.mark.parametrize("args", [
    ["network", "-o", "{tmp}/n.html"],
    ["network", "--kind", "speaker-topic", "--color", "kind", "--cap", "10", "-o", "{tmp}/st.png"],
    ["network", "--kind", "co-speaker", "--size", "degree", "-o", "{tmp}/co.svg"],
    ["ego", "Maxim Fedorov", "-o", "{tmp}/ego.html"],
    ["path", "Maxim Fedorov", "Bram Verburg", "-o", "{tmp}/p.html"],
    ["timeline", "Maxim Fedorov", "-o", "{tmp}/t.png"],
], ids=lambda a: "-".join(a[:2]))
def test_cli_writes_pictures(store_dir, tmp_path, args):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = CliRunner().invoke(main, ["--store", str(store_dir), "viz", *args])
    assert result.exit_code == 0, result.output
    out = Path(args[-1])
    assert out.stat().st_size > 1000
    assert "wrote" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["timeline", "Nobody Known", "-o", "{tmp}/t.png"], "No person 'Nobody Known'"),
    (["timeline", "Maxim Fedorov", "-o", "{tmp}/t.html"], "allowed: .png, .svg, .pdf"),
    (["network", "-o", "{tmp}/n.txt"], "allowed: .html, .htm, .png"),
    (["ego", "Nobody Known", "-o", "{tmp}/e.html"], "No person 'Nobody Known'"),
])
def test_cli_errors(store_dir, tmp_path, args, message):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = CliRunner().invoke(main, ["--store", str(store_dir), "viz", *args])
    assert result.exit_code != 0
    assert message in result.output


def test_cli_viz_has_help():
    for command in (["viz"], ["viz", "network"], ["viz", "ego"], ["viz", "path"], ["viz", "timeline"]):
        result = CliRunner().invoke(main, [*command, "--help"])
        assert result.exit_code == 0 and len(result.output) > 100


# ---- a real browser ----------------------------------------------------------------------------
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # networking off: every request goes to a dead proxy, and no name resolves
    "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND",
    "--window-size=1200,950", "--hide-scrollbars",
]
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).is_file(),
                                    reason=f"no Chromium at {CHROMIUM}: apt-get install chromium (CI's .ci/run does)")


def chromium(tmp_path: Path, *args: str) -> str:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    profile.mkdir()
    done = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def load(page: Path, tmp_path: Path) -> BeautifulSoup:
    """The DOM after load and 2 s of (virtual) time for any timers or error handlers to run."""
    return BeautifulSoup(chromium(tmp_path, "--virtual-time-budget=2000", "--dump-dom", page.as_uri()), "html.parser")


def coloured_pixels(shot: Path) -> int:
    import numpy as np
    from PIL import Image

    rgb = np.asarray(Image.open(shot).convert("RGB"), dtype=int)
    return int(((rgb.max(axis=2) - rgb.min(axis=2)) > 60).sum())


def pictures(store) -> dict[str, viz.NetworkPicture]:
    entity = projection.entity_graph(store)
    talks = sorted(d["label"] for _, d in entity.nodes(data=True) if d["kind"] == "talk")
    return {
        "speakers": viz.network(store, "speakers"),
        "speaker-topic": viz.network(store, "speaker-topic"),
        "talk-topic": viz.network(store, "talk-topic", cap=120),
        "ego": viz.ego(projection.speaker_graph(store), "Maxim Fedorov"),
        "path": viz.path_picture(entity, paths.talk_path(entity, talks[0], talks[-1]), context=2),
    }


@pytest.fixture(scope="session")
def store_pictures(store) -> dict[str, viz.NetworkPicture]:
    """The five pictures of the bundled data, drawn once for the session."""
    return pictures(store)


@needs_chromium
@pytest.mark.parametrize("name", ["speakers", "speaker-topic", "talk-topic", "ego", "path"])
def test_page_renders_in_headless_chromium(store_pictures, tmp_path, name):
    pic = store_pictures[name]
    page = pic.save(tmp_path / f"{name}.html")
    dom = load(page, tmp_path)
    root = dom.select_one("div.tg-net")
    assert root["data-ready"] == "1", "the page's script did not run to the end"
    assert len(dom.select("svg.tg-svg circle.tg-node")) == len(pic.nodes) == int(dom.select_one("svg")["data-nodes"])
    assert len(dom.select("svg.tg-svg line.tg-edge")) == len(pic.edges)
    assert dom.title.get_text() == pic.title
    shot = tmp_path / f"{name}.png"
    chromium(tmp_path, f"--screenshot={shot}", page.as_uri())
    assert coloured_pixels(shot) > 40 * len(pic.nodes), "the screenshot is (nearly) blank"


@needs_chromium
@pytest.mark.parametrize("standalone", [True, False], ids=["page", "fragment-without-csp"])
def test_script_payloads_in_labels_execute_nothing(tmp_path, standalone):
    pic = viz.network_picture(hostile_graph(), title="hostile labels", color_by="community", labels=100)
    if standalone:
        html = pic.to_html()
    else:
        # As a notebook shows it: the fragment in a page with no Content-Security-Policy to help.
        html = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>hostile labels</title></head><body>"
                + pic.to_html(standalone=False) + "</body></html>")
    page = tmp_path / "hostile.html"
    page.write_text(html, encoding="utf-8")
    dom = load(page, tmp_path)
    assert dom.title.get_text() == "hostile labels"
    assert dom.select_one("div.tg-net")["data-ready"] == "1"
    assert not dom.find_all(["img", "iframe", "object", "embed"])
    assert len(dom.find_all("script")) == 2
    assert len(dom.select("svg")) == 1
    assert not [t for t in dom.find_all(True) if any(a.lower().startswith("on") for a in t.attrs)]
    shown = {t.get_text() for t in dom.select("circle.tg-node > title")}
    assert {p for p in PAYLOADS if "\u2028" not in p} <= shown  # the payloads are shown as text
    assert {t.get_text() for t in dom.select("text.tg-label")} >= {PAYLOADS[0], PAYLOADS[1]}
