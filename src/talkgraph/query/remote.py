"""Remote SPARQL: run named queries on a SPARQL 1.1 endpoint with SPARQLWrapper, with timeouts and retries."""
from __future__ import annotations

import http.client
import json
from typing import Mapping

from rdflib import BNode, Literal, URIRef

from ..errors import EndpointError, QueryError
from ..store.endpoint import Credentials, RetryPolicy, call_with_retries, redact_url
from .catalog import Query, load_query, values_clause
from .results import ResultTable

__all__ = ["run_remote", "bind_values"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def bind_values(text: str, params: Mapping[str, URIRef | Literal]) -> str:
    """The query with ``values_clause(params)`` placed first inside its top-level WHERE group.

    A *trailing* VALUES block is joined after the WHERE pattern, its FILTERs and its GROUP BY have
    been evaluated, so a parameter a FILTER reads (``talks-by-speaker``'s ``?name``) is still unbound
    there and the query finds nothing. Placed at the start of the top-level group, the block binds
    the parameter for the whole pattern, as pyoxigraph's ``substitutions`` and rdflib's
    ``initBindings`` do locally. Terms are serialised by ``values_clause`` (``.n3()``), never pasted.
    """
    if not params:
        return text
    at = _where_group_start(text)
    return f"{text[:at]} {values_clause(params)}\n{text[at:]}"


def _where_group_start(text: str) -> int:
    """Index just after the ``{`` opening the top-level group of a SELECT or ASK query."""
    i, n, depth = 0, len(text), 0
    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            i += len(quote)
            while i < n and not text.startswith(quote, i):
                i += 2 if text[i] == "\\" else 1
            i += len(quote)
            continue
        if c == "<":
            end = i + 1
            while end < n and text[end] not in '<>"{}|^`\\' and ord(text[end]) > 0x20:
                end += 1
            if end < n and text[end] == ">":  # an IRI, not a less-than
                i = end + 1
                continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "{" and depth == 0:
            head = text[:i].upper()
            if "CONSTRUCT" in head and "WHERE" not in head:  # that brace opens a CONSTRUCT template
                raise QueryError("parameters can only be bound remotely in SELECT and ASK queries")
            return i + 1
        i += 1
    raise QueryError("the query has no WHERE group to bind parameters in")


def run_remote(endpoint: str, query: Query | str, params: Mapping[str, URIRef | Literal] | None = None, *,
               timeout: float = 60.0, retry: RetryPolicy | None = None, credentials: Credentials | None = None,
               **kwparams: URIRef | Literal) -> ResultTable:
    """Run a named query on a SPARQL 1.1 query endpoint; same columns and rows as ``run_query`` locally.

    Parameters
    ----------
    endpoint : the query URL (for an Oxigraph server ``http://HOST:PORT/query``).
    query : a Query, or the name of one.
    timeout : seconds for each HTTP call (connect and read).
    retry : when to retry; connection errors, 429 and 503 are retried, nothing else.
    credentials : optional HTTP Basic or Digest credentials.
    params : the query's parameters (name -> rdflib term), bound by a VALUES block (see ``bind_values``);
        a parameter may be named like an option (``timeout``). ``**kwparams`` add more, as before.

    Raises
    ------
    EndpointError
        naming the endpoint and the query, chained from the transport error.
    """
    from SPARQLWrapper import JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    q = query if isinstance(query, Query) else load_query(query)
    bound = q.bind({**(params or {}), **kwparams})
    text = bind_values(q.text, bound)

    def call() -> dict:
        client = SPARQLWrapper(endpoint)
        client.setMethod(POST)  # the query may be long; POSTed form data has no URL length limit
        client.setReturnFormat(JSON)
        client.timeout = timeout  # type: ignore[assignment]  # SPARQLWrapper declares int; setTimeout() truncates to int: 0.5 s would mean no timeout at all
        client.setQuery(text)
        if credentials is not None:
            client.setCredentials(credentials.user, credentials.password)
            client.setHTTPAuth(credentials.scheme.upper())
        response = client.query().response
        try:
            return json.loads(response.read().decode("utf-8"))
        finally:
            response.close()

    data = call_with_retries(call, what=f"query {q.name!r}", endpoint=endpoint, idempotent=True,
                             retry=retry, credentials=credentials,
                             catch=(SPARQLWrapperException, OSError, http.client.HTTPException, ValueError))
    try:
        columns = list(data["head"]["vars"])
        rows = [tuple(_term(b.get(c)) for c in columns) for b in data["results"]["bindings"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise EndpointError(f"{redact_url(endpoint)}: query {q.name!r} failed: "
                            f"not a SPARQL JSON results document: {exc}") from exc
    return ResultTable(columns, rows)


def _term(binding: dict | None):
    if binding is None:
        return None
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in binding:
            return Literal(value, lang=binding["xml:lang"])
        datatype = binding.get("datatype")
        if datatype and datatype != _XSD_STRING:
            return Literal(value, datatype=URIRef(datatype))
        return Literal(value)
    raise ValueError(f"unknown term type {kind!r}")
