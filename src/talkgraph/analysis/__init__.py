"""Analytics over the graph: networkx projections, centrality, communities, explained paths, related talks."""
from __future__ import annotations

__all__ = ["projection", "centrality", "communities", "paths", "related", "weights", "lookup"]
