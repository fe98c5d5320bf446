"""Pictures of the graph that work offline everywhere: a self-contained interactive page and matplotlib figures.

>>> import networkx as nx
>>> from talkgraph import viz
>>> pic = viz.network_picture(nx.path_graph(4), title="a path", noun="people")
>>> pic.caption
'All 4 people (sized by PageRank), and all 3 edges.'
>>> "<script src" in pic.to_html()
False
"""
from __future__ import annotations

from .graphs import NETWORK_KINDS, ego, network, network_graph, speaker_topic_graph
from .network_html import json_for_script, render_html, write_html
from .picture import DEFAULT_CAP, NetworkPicture, network_picture, path_picture
from .static import draw_network, save_figure
from .timeline import Timeline, career_timeline, draw_timeline

__all__ = ["NETWORK_KINDS", "DEFAULT_CAP", "NetworkPicture", "network_picture", "path_picture", "network",
           "network_graph", "speaker_topic_graph", "ego", "render_html", "write_html", "json_for_script",
           "draw_network", "save_figure", "Timeline", "career_timeline", "draw_timeline"]
