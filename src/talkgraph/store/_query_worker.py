"""One query over a store directory, in a process of its own so that it can be killed.

Run as a script (not through the package, to start fast): reads ``{"store", "query",
"results_format", "graph_format"}`` and optionally ``"substitutions"`` (variable name -> a term as
SPARQL JSON results write one: ``{"type": "uri" | "literal", "value", "datatype", "xml:lang"}``)
as JSON on stdin, writes ``OK <media type>`` and the serialised result, or ``ERR <message>``.
"""
import ctypes
import json
import signal
import sys


def _die_with_parent() -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the parent still kills us at its limit
        pass


def _term(ox, t: dict):
    if t["type"] == "uri":
        return ox.NamedNode(t["value"])
    if "xml:lang" in t:
        return ox.Literal(t["value"], language=t["xml:lang"])
    return ox.Literal(t["value"], datatype=ox.NamedNode(t["datatype"]) if "datatype" in t else None)


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends us at once, even inside the engine
    _die_with_parent()
    import pyoxigraph as ox

    job = json.loads(sys.stdin.read())
    out = sys.stdout.buffer
    started = False
    try:
        store = ox.Store.read_only(job["store"])
        subs = {ox.Variable(name): _term(ox, t) for name, t in job.get("substitutions", {}).items()}
        result = store.query(job["query"], substitutions=subs or None)
        if isinstance(result, ox.QueryTriples):
            kind = job["graph_format"]
            graph_fmt = {"text/turtle": ox.RdfFormat.TURTLE}.get(kind, ox.RdfFormat.N_TRIPLES)
            out.write(f"OK {kind}\n".encode())
            out.flush()
            started = True
            result.serialize(out, format=graph_fmt)
        else:
            kind = job["results_format"]
            fmt = {"application/sparql-results+xml": ox.QueryResultsFormat.XML, "text/csv": ox.QueryResultsFormat.CSV,
                   "text/tab-separated-values": ox.QueryResultsFormat.TSV}.get(kind, ox.QueryResultsFormat.JSON)
            out.write(f"OK {kind}\n".encode())
            out.flush()
            started = True
            result.serialize(out, format=fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        if started:
            return 3  # mid-body: the parent cuts the response short
        out.write(f"ERR {' '.join(str(exc).split())}\n".encode())
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
