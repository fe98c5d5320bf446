"""Refusing SPARQL that would reach out of the store: SERVICE calls, LOAD, and FROM for rdflib.

Queries are checked on their parsed algebra (rdflib's SPARQL parser), so a ``SERVICE`` in a
comment or a string is no call and a prefixed-name endpoint is resolved before it is compared.
A federated call runs only when its endpoint is in the caller's allow-list, given per call.
"""
from __future__ import annotations

import functools
from concurrent.futures import ThreadPoolExecutor
from typing import Iterable

from pyparsing import ParseException, ParseResults
from rdflib import URIRef, Variable
from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from ..errors import QuerySyntaxError, ServiceRefusedError

__all__ = ["check_query", "check_update", "QueryShape"]


class QueryShape:
    """What a parsed query reaches for: SERVICE endpoints, LOAD sources, FROM graphs."""

    def __init__(self, services: tuple, loads: tuple, datasets: tuple, form: str):
        self.services, self.loads, self.datasets, self.form = services, loads, datasets, form


def check_query(text: str, *, allow_service: Iterable[str] = (), name: str = "query") -> QueryShape:
    """Parse ``text`` as a SPARQL query and refuse SERVICE endpoints not in ``allow_service``.

    Raises
    ------
    QuerySyntaxError
        when the text is not a SPARQL query (line and column named).
    ServiceRefusedError
        when the query calls a SERVICE endpoint that is not allowed.
    """
    shape = _shape(text, False, name)
    _refuse_services(shape, allow_service, name)
    return shape


def check_update(text: str, *, allow_service: Iterable[str] = (), name: str = "update") -> QueryShape:
    """The same for a SPARQL update; ``LOAD`` (which fetches a URL or file) is always refused."""
    shape = _shape(text, True, name)
    if shape.loads:
        raise ServiceRefusedError(f"{name}: LOAD <{shape.loads[0]}> refused: talkgraph does not fetch URLs or files "
                                  "from SPARQL updates (import them with 'talkgraph build')")
    _refuse_services(shape, allow_service, name)
    return shape


def _refuse_services(shape: QueryShape, allow_service: Iterable[str], name: str) -> None:
    allowed = {str(url) for url in allow_service}
    for endpoint in shape.services:
        if endpoint is None or str(endpoint) not in allowed:
            shown = f"<{endpoint}>" if endpoint else "with a variable or unresolved endpoint"
            hint = f"pass --allow-service {endpoint} to allow it" if endpoint else "name the endpoint IRI"
            raise ServiceRefusedError(f"{name}: SERVICE {shown} refused: talkgraph sends no request to other "
                                      f"servers from a query unless allowed ({hint})")


_PARSER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="talkgraph-sparql-parser")


@functools.lru_cache(maxsize=512)
def _shape(text: str, update: bool, name: str) -> QueryShape:
    # pyparsing leaves exceptions in reference cycles whose tracebacks reach, through f_back, the
    # frames that called the parser; a pyoxigraph result later held in such a frame would be freed
    # by the garbage collector on any thread, which pyoxigraph refuses. Parsing on a thread of its
    # own keeps the callers' frames out of those chains.
    return _PARSER.submit(_parse_shape, text, update, name).result()


def _parse_shape(text: str, update: bool, name: str) -> QueryShape:
    try:
        parsed = parseUpdate(text) if update else parseQuery(text)
    except ParseException as exc:
        raise QuerySyntaxError(f"{name}: SPARQL syntax error at line {exc.lineno}, column {exc.col}: "
                               f"{exc.msg}") from None
    tree: object
    try:
        # parseUpdate gives the update's CompValue, parseQuery a ParseResults (no CompValue)
        tree = (translateUpdate(parsed) if isinstance(parsed, CompValue) else translateQuery(parsed)).algebra
    except Exception:  # noqa: BLE001 - rdflib's algebra raises bare Exceptions on odd but valid queries
        # Prefixed names stay unresolved in the parse tree: such endpoints are refused below.
        tree = parsed
    services: list[URIRef | None] = []
    loads: list[object] = []
    datasets: list[object] = []
    form = ""
    _walk(tree, services, loads, datasets, set())
    if not update:
        form = next((n.name for n in _nodes(parsed) if n.name.endswith("Query")), "")
        for node in _nodes(parsed):
            if node.name == "DatasetClause":
                datasets.append(node.get("default") or node.get("named"))
    return QueryShape(tuple(services), tuple(loads), tuple(datasets), form.removesuffix("Query"))


def _nodes(node):
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, (list, tuple, ParseResults)):
        for value in node:
            yield from _nodes(value)


def _walk(node: object, services: list[URIRef | None], loads: list[object], datasets: list[object],
          seen: set[int]) -> None:
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            term = node.get("term")
            services.append(term if isinstance(term, URIRef) and not isinstance(term, Variable) else None)
        elif node.name == "Load":
            loads.append(node.get("iri"))
        for value in node.values():
            _walk(value, services, loads, datasets, seen)
    elif isinstance(node, (list, tuple, set, ParseResults)):
        for value in node:
            _walk(value, services, loads, datasets, seen)
    elif isinstance(node, dict):
        for value in node.values():
            _walk(value, services, loads, datasets, seen)
