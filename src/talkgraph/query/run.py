"""Running named queries on the embedded store (and on rdflib graphs, for comparison and SHACL work)."""
from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from ..store.local import GraphStore
from ..store.terms import from_ox
from .catalog import Query, load_query
from .results import ResultTable

__all__ = ["run_query", "run_rdflib"]


def run_query(store: GraphStore, query: Query | str, /, **params: URIRef | Literal) -> ResultTable:
    """Run a named query (or a Query) over the store's union graph with bound parameters.

    Examples
    --------
    >>> from talkgraph.store.local import GraphStore
    >>> run_query(GraphStore(), "speakers").columns
    ['person', 'name', 'headline']
    """
    q = query if isinstance(query, Query) else load_query(query)
    q.check(params)
    solutions = store.query(q.text, params)
    columns = [v.value for v in solutions.variables]
    rows = [tuple(from_ox(s[c]) for c in columns) for s in solutions]
    return ResultTable(columns, rows)


def run_rdflib(graph: Graph, query: Query | str, /, **params: URIRef | Literal) -> ResultTable:
    """The same on an rdflib Graph or Dataset, parameters bound with ``initBindings``."""
    q = query if isinstance(query, Query) else load_query(query)
    q.check(params)
    result = graph.query(q.text, initBindings=params)
    columns = [str(v) for v in result.vars]
    return ResultTable(columns, [tuple(row) for row in result])
