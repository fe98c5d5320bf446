"""A query in a process of its own over a read-only store directory, so that stopping it ends the work.

pyoxigraph (0.5) has no way to cancel a query: an aggregate or an ORDER BY computes all it needs
before its first row, inside the engine, and a thread running it cannot be stopped. A child
process can: :meth:`IsolatedQuery.kill` ends it whatever it is doing.
"""
from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef

__all__ = ["IsolatedQuery", "WORKER"]

WORKER = Path(__file__).with_name("_query_worker.py")
_SOLUTIONS = "application/sparql-results+json"
_TRIPLES = "application/n-triples"


def _json_term(term: URIRef | Literal) -> dict[str, str]:
    """A term as SPARQL JSON results write one (what the worker reads its substitutions as)."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, Literal):
        if term.language:
            return {"type": "literal", "value": str(term), "xml:lang": term.language}
        if term.datatype is not None:
            return {"type": "literal", "value": str(term), "datatype": str(term.datatype)}
        return {"type": "literal", "value": str(term)}
    raise TypeError(f"a query run in its own process takes IRIs and literals, not {type(term).__name__}")


class IsolatedQuery:
    """One SPARQL query run by ``_query_worker.py`` in a child process over the store at ``path``.

    The store must not be written while the child reads it (pyoxigraph: opening a store read-only
    beside a writer is undefined), so this is for stores opened read-only. ``bindings`` are
    substituted as ``GraphStore.query`` substitutes them.
    """

    def __init__(self, path: Path, text: str, bindings: Mapping[str, URIRef | Literal] | None = None):
        job = {"store": str(path), "query": text, "results_format": _SOLUTIONS, "graph_format": _TRIPLES,
               "substitutions": {name: _json_term(term) for name, term in (bindings or {}).items()}}
        self.process = subprocess.Popen([sys.executable, "-I", str(WORKER)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert self.process.stdin is not None and self.process.stdout is not None  # both are pipes
        self._out = self.process.stdout
        try:
            self.process.stdin.write(json.dumps(job).encode("utf-8"))
            self.process.stdin.close()
        except OSError:
            self.close()
            raise

    def result(self) -> ox.QuerySolutions | ox.QueryBoolean | Iterator[ox.Triple]:
        """What ``pyoxigraph.Store.query`` returns (triples as an iterator), read as the child writes it.

        Raises
        ------
        ValueError
            When the child refuses the query or ends without an answer (its message, as the
            engine gives it in this process).
        """
        status, _, message = self._out.readline().decode("utf-8", "replace").rstrip("\n").partition(" ")
        if status != "OK":
            raise ValueError(message or "the query process ended without an answer")
        if message == _TRIPLES:
            return (quad.triple for quad in ox.parse(self._out, ox.RdfFormat.N_TRIPLES))
        return ox.parse_query_results(self._out, ox.QueryResultsFormat.JSON)

    def kill(self) -> None:
        """End the child at once, whatever it is computing (safe from any thread, and more than once).

        A reader of :meth:`result` then sees the answer end (or a truncated one raise).
        """
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()

    def close(self) -> None:
        """:meth:`kill`, then release the pipe; for the thread that reads the result, once it is done."""
        self.kill()
        self._out.close()
