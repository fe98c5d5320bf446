"""Push a talkgraph graph into an Oxigraph server and compare with the embedded store: load and query times.

Builds the graph from ``--input`` folders (default: ../shared/corpus/codesync/txt; point it at the
pyvideo corpus once its importer exists) or reuses a built store (``--store``), then in the same run:

* embedded load: the same record graphs replaced one by one into a fresh on-disk GraphStore
  (``replace_record``: named graph plus its share of the merged default graph), as ``build`` does;
* remote push: ``talkgraph.store.push.push`` into a fresh ``oxigraph serve`` on loopback, once with
  the Graph Store Protocol (PUT per graph) and once with SPARQL Update (DROP + INSERT DATA batches);
* query latency (median, p95 over ``--runs``) of every named query, local ``run_query`` vs ``run_remote``.

Usage::

    .venv/bin/python benchmarks/push_remote.py [--input DIR ...] [--store DIR] [--runs 20] [--batch-size 10000]
"""
from __future__ import annotations

import argparse
import contextlib
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal

import talkgraph
from talkgraph.config import Settings
from talkgraph.query.catalog import list_queries
from talkgraph.query.run import run_query
from talkgraph.store.local import GraphStore
from talkgraph.store.push import push
from talkgraph.query.remote import run_remote

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUT = ROOT.parent / "shared" / "corpus" / "codesync" / "txt"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def oxigraph_server(location: Path):
    binary = Path(sys.executable).parent / "oxigraph"
    binary = str(binary) if binary.is_file() else shutil.which("oxigraph")
    if binary is None:
        sys.exit("the oxigraph server binary is missing: pip install oxigraph")
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(400):
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def embedded_load(source: GraphStore, path: Path) -> float:
    by_graph = defaultdict(list)
    for quad in source.record_quads():
        by_graph[quad.graph_name.value].append(quad)
    from rdflib import URIRef
    from talkgraph.store.terms import from_ox

    graphs = {URIRef(g): [(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)) for q in quads]
              for g, quads in by_graph.items()}
    target = GraphStore(path)
    started = time.perf_counter()
    for graph, triples in graphs.items():
        target.replace_record(graph, triples)
    target.flush()
    return time.perf_counter() - started


def params_for(store: GraphStore, query) -> dict:
    params = {}
    if "name" in query.params:
        names = [r[1] for r in run_query(store, "speakers").rows if r[1] is not None]
        params["name"] = Literal(str(names[len(names) // 2])) if names else Literal("nobody")
    if "title" in query.params and not query.params["title"].optional:
        params["title"] = Literal("nothing")
    return params


def timings(call, runs: int) -> tuple[float, float]:
    call()  # warm up
    values = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        values.append((time.perf_counter() - started) * 1000)
    values.sort()
    return statistics.median(values), values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", action="append", type=Path, help="record folder (repeatable)")
    parser.add_argument("--store", type=Path, help="use this built store instead of building from --input")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per query [20]")
    parser.add_argument("--batch-size", type=int, default=10_000, help="triples per SPARQL Update request [10000]")
    parser.add_argument("--tmp", type=Path, help="where the temporary stores go")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="push-remote-", dir=args.tmp))
    try:
        if args.store:
            store = GraphStore(args.store, read_only=True)
            built = f"store {args.store}"
        else:
            inputs = args.input or [DEFAULT_INPUT]
            store = GraphStore(tmp / "built")
            started = time.perf_counter()
            result = talkgraph.build(inputs, store, Settings())
            built = f"{result.records} records from {', '.join(map(str, inputs))} in {time.perf_counter() - started:.1f} s"
        quads = sum(1 for _ in store.record_quads())
        graphs = len(store.record_graphs())
        print(f"# push_remote: {built}")
        print(f"{graphs} record graphs, {quads} quads, {store.count()} merged triples; "
              f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}, "
              f"pyoxigraph {ox.__version__}\n")

        rows = [("embedded load (replace_record per graph, on disk)", embedded_load(store, tmp / "embedded"), graphs)]
        for mode in ("graph-store", "update"):
            with oxigraph_server(tmp / f"server-{mode}") as base:
                result = push(store, f"{base}/update", f"{base}/store" if mode == "graph-store" else None,
                              batch_size=args.batch_size)
                rows.append((f"push to oxigraph serve ({mode}, {result.requests} requests)", result.seconds, graphs))
        embedded = rows[0][1]
        print("| load | wall s | triples/s | x embedded |\n|---|---:|---:|---:|")
        for label, seconds, _ in rows:
            print(f"| {label} | {seconds:.2f} | {quads / seconds:,.0f} | {seconds / embedded:.2f} |")

        print(f"\n| query | rows | local median ms | local p95 ms | remote median ms | remote p95 ms |\n"
              f"|---|---:|---:|---:|---:|---:|")
        with oxigraph_server(tmp / "server-query") as base:
            push(store, f"{base}/update", f"{base}/store")
            for query in list_queries():
                params = params_for(store, query)
                n = len(run_query(store, query, **params))
                local = timings(lambda: run_query(store, query, **params), args.runs)
                remote = timings(lambda: run_remote(f"{base}/query", query, timeout=300, **params), args.runs)
                print(f"| {query.name} | {n} | {local[0]:.1f} | {local[1]:.1f} | {remote[0]:.1f} | {remote[1]:.1f} |")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
