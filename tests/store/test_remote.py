"""Remote SPARQL: push to real servers, same rows as locally, escaping, atomic graphs, timeouts, retries, secrets."""
from __future__ import annotations

import logging
import re
import subprocess
import threading
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SDO

import talkgraph
from talkgraph.cli import main
from talkgraph.config import Settings
from talkgraph.errors import EndpointError
from talkgraph.query.catalog import list_queries, load_query, values_clause
from talkgraph.query.run import run_query
from talkgraph.vocab import GRAPH, TG
from talkgraph.store.local import GraphStore
from talkgraph.store.push import push
from talkgraph.keys import fold_key
from talkgraph.query.remote import bind_values, run_remote
from talkgraph.store.endpoint import Credentials, RetryPolicy, credentials_from_env
from talkgraph.store.serve import find_oxigraph, make_builtin_server, oxigraph_command

from tests.conftest import store_copy
from tests.remote_servers import (EMPTY_RESULTS, Stub, echo_request, forward, free_port, hang, respond,
                            wait_until_ready)
from tests.remote_servers import fresh_oxigraph, oxigraph_server, virtuoso_server  # noqa: F401 - fixtures

ROOT = Path(__file__).resolve().parents[2]
CODESYNC = ROOT.parent / "shared" / "corpus" / "codesync" / "txt"
TRICKY = 'O\'Brien "the \\ hacker"\nnew line\ttab – Zoë 名前 😀'
FAST = RetryPolicy(attempts=3, backoff=0.01, max_backoff=0.05, max_retry_after=5)
QUERIES = [q.name for q in list_queries(internal=True)]
VIRTUOSO_TIMEOUT = 30
VIRTUOSO_QUERIES = QUERIES


# ---- graphs --------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def graph_store(request, built_seeds) -> GraphStore:
    """The seeds, and the codesync corpus when ../shared is present, built by the library (the
    session's builds, copied into one writable store)."""
    builds = [built_seeds] + ([request.getfixturevalue("built_codesync")] if CODESYNC.is_dir() else [])
    return store_copy(*builds)


def copy_store(source: GraphStore, path: Path | None = None, keep=lambda graph: True) -> GraphStore:
    """A copy of the record graphs of ``source`` for which ``keep(graph IRI)`` holds, with their merge."""
    target = GraphStore(path)
    by_graph = defaultdict(list)
    for quad in source.record_quads():
        if keep(quad.graph_name.value):
            by_graph[quad.graph_name.value].append(quad)
    for graph, quads in by_graph.items():
        target.oxigraph.extend(quads + [ox.Quad(q.subject, q.predicate, q.object) for q in quads])
    target.flush()
    return target


@pytest.fixture(scope="session")
def sample_store(graph_store) -> GraphStore:
    """Some of ``graph_store``'s records (the seeds and one codesync page in eight, about 30 real
    records), for what a push or a server does to each graph: the whole corpus is pushed and its
    rows compared once, in ``pushed_oxigraph`` and ``pushed_virtuoso``."""
    graphs = graph_store.record_graphs()
    seeds = {str(g) for g, key in graph_store.record_keys().items() if "/data/seeds/" in key}
    kept = seeds | {str(g) for g in graphs[::8]}
    return copy_store(graph_store, keep=kept.__contains__)


def tricky_store() -> GraphStore:
    """One record whose speaker's name and talk title need every kind of escaping."""
    store = GraphStore()
    g = GRAPH["tricky-record"]
    person, talk, occ = (URIRef(f"https://example.org/{k}") for k in ("person", "talk", "occurrence"))
    store.replace_record(g, [
        (person, RDF.type, SDO.Person), (person, SDO.name, Literal(TRICKY)),
        (person, TG.nameKey, Literal(fold_key(TRICKY))),  # as the mapper writes it: names are matched folded
        (occ, RDF.type, TG.TalkOccurrence), (occ, SDO.performer, person), (occ, SDO.workPerformed, talk),
        (occ, SDO.name, Literal(TRICKY + " talk")), (talk, RDF.type, TG.Talk), (talk, SDO.name, Literal(TRICKY + " talk")),
        (g, RDF.type, TG.SourceRecord), (g, TG.sourcePath, Literal("C:\\records\\o'brien \"x\".txt")),
        (g, TG.contentHash, Literal("sha256:0")), (g, URIRef("http://www.w3.org/ns/prov#generatedAtTime"),
                                                  Literal("2024-01-01T00:00:00Z", datatype=URIRef(
                                                      "http://www.w3.org/2001/XMLSchema#dateTime"))),
    ])
    return store


def cases(store: GraphStore, name: str) -> list[dict]:
    """Parameter sets for a query: none when allowed, a real value (case changed), and a tricky one."""
    q = load_query(name)
    if not q.params:
        return [{}]
    out = [] if any(not p.optional for p in q.params.values()) else [{}]
    if "name" in q.params:
        names = [r[1] for r in run_query(store, "speakers").rows if r[1] is not None]
        out += [{"name": Literal(str(names[0]).upper())}] if names else []
        out += [{"name": Literal(TRICKY)}]
    if "topic" in q.params:  # a label in another case, a German label, an IRI, and a tricky literal
        out += [{"topic": Literal("ERLANG")}, {"topic": Literal("verteilte systeme")},
                {"topic": URIRef("https://w3id.org/talkgraph/topic/beam-ecosystem")}, {"topic": Literal(TRICKY)}]
    if "event" in q.params:
        events = [r[1] for r in run_query(store, "events").rows if r[1] is not None]
        out += [{"event": Literal(str(events[0]).lower())}] if events else []
        out += [{"event": Literal(TRICKY)}]
    if "title" in q.params:
        titles = [r[1] for r in run_query(store, "talks").rows if r[1] is not None]
        out += [{"title": titles[0]}] if titles else []
        out += [{"title": Literal(TRICKY + " talk")}]
    return out


def normalized(query_name: str, table, *, any_sample: bool = False) -> set[tuple]:
    """Rows as a set of tuples of term strings; GROUP_CONCAT parts sorted (their order is undefined).

    With ``any_sample``, SAMPLE() columns are left out: engines may pick different values there.
    """
    text = load_query(query_name).text
    concat = {m.group(2): m.group(1) for m in
              re.finditer(r'GROUP_CONCAT\([^)]*separator\s*=\s*"([^"]*)"\s*\)\s*AS\s+\?(\w+)', text)}
    sampled = set(re.findall(r"SAMPLE\([^)]*\)\s*AS\s+\?(\w+)", text)) if any_sample else set()
    rows = set()
    for row in table.rows:
        rows.add(tuple("*" if c in sampled else None if v is None else
                       " ".join(sorted(str(v).split(concat[c]))) if c in concat else v.n3()
                       for c, v in zip(table.columns, row)))
    return rows


def server_quads(store_url: str, default: bool = False) -> dict[str, set[ox.Triple]]:
    """The server's record graphs (and its default graph under the key "" when ``default``)."""
    request = urllib.request.Request(store_url, headers={"Accept": "application/n-quads"})
    with urllib.request.urlopen(request, timeout=30) as response:
        data = response.read()
    graphs = defaultdict(set)
    for quad in ox.parse(data, format=ox.RdfFormat.N_QUADS):
        key = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        graphs[key].add(ox.Triple(quad.subject, quad.predicate, quad.object))
    graphs.pop("", None) if not default else None
    return dict(graphs)


def local_quads(store: GraphStore) -> dict[str, set[ox.Triple]]:
    graphs = defaultdict(set)
    for quad in store.record_quads():
        graphs[quad.graph_name.value].add(ox.Triple(quad.subject, quad.predicate, quad.object))
    return dict(graphs)


@pytest.fixture(scope="session")
def pushed_oxigraph(oxigraph_server, graph_store):
    push(graph_store, oxigraph_server.update, oxigraph_server.store)
    return oxigraph_server


# ---- binding parameters: VALUES inside WHERE == local substitution -------------------------------------

@pytest.mark.parametrize("name", QUERIES)
def test_values_binding_gives_the_rows_of_local_substitution(graph_store, name):
    q = load_query(name)
    for params in cases(graph_store, name):
        local = run_query(graph_store, q, **params)
        solutions = graph_store.query(bind_values(q.text, q.bind(params)))
        via_values = [tuple(s[c] for c in local.columns) for s in solutions]
        assert len(via_values) == len(local), params


def test_a_trailing_values_block_would_not_bind_a_filtered_parameter(graph_store):
    q = load_query("talks-by-speaker")
    params = cases(graph_store, "talks-by-speaker")[0]
    assert len(run_query(graph_store, q, **params)) > 0
    bound = q.bind(params)  # the name folded, as ?name_key
    assert list(graph_store.query(q.text + "\n" + values_clause(bound))) == []  # why bind_values exists
    assert len(list(graph_store.query(bind_values(q.text, bound)))) == len(run_query(graph_store, q, **params))


# ---- real servers give the local rows -----------------------------------------------------------

@pytest.mark.parametrize("name", QUERIES)
def test_oxigraph_gives_the_local_rows(graph_store, pushed_oxigraph, name):
    for params in cases(graph_store, name):
        local = run_query(graph_store, name, **params)
        remote = run_remote(pushed_oxigraph.query, name, **params)
        assert remote.columns == local.columns
        assert normalized(name, remote) == normalized(name, local), params


@pytest.fixture(scope="session")
def pushed_virtuoso(virtuoso_server, graph_store):
    credentials = Credentials(virtuoso_server.user, virtuoso_server.password, "digest")
    push(graph_store, virtuoso_server.update, virtuoso_server.graph_store, credentials=credentials, prune=True,
         default_graph="union")
    return virtuoso_server


@pytest.mark.parametrize("name", VIRTUOSO_QUERIES)
def test_virtuoso_gives_the_local_rows(graph_store, pushed_virtuoso, name):
    timeout = VIRTUOSO_TIMEOUT
    for params in cases(graph_store, name):
        local = run_query(graph_store, name, **params)
        remote = run_remote(pushed_virtuoso.query, name, timeout=timeout, **params)
        assert remote.columns == local.columns
        assert normalized(name, remote, any_sample=True) == normalized(name, local, any_sample=True), params


@pytest.mark.parametrize("mode", ["graph-store", "update"])
def test_parameters_reach_the_server_escaped(fresh_oxigraph, mode):
    store = tricky_store()
    push(store, fresh_oxigraph.update, fresh_oxigraph.store if mode == "graph-store" else None)
    assert server_quads(fresh_oxigraph.store) == local_quads(store)
    for name, params in [("talks-by-speaker", {"name": Literal(TRICKY.upper())}),
                         ("sources-by-talk", {"title": Literal(TRICKY + " talk")}),
                         ("topics-by-talk", {"title": Literal(TRICKY + " talk")})]:
        local = run_query(store, name, **params)
        remote = run_remote(fresh_oxigraph.query, name, **params)
        assert normalized(name, remote) == normalized(name, local)
    rows = run_remote(fresh_oxigraph.query, "talks-by-speaker", name=Literal(TRICKY.upper())).dicts()
    assert [r["name"] for r in rows] == [TRICKY]  # found by its folded key, spelled as the graph has it


def test_virtuoso_takes_escaped_parameters(virtuoso_server):
    store = tricky_store()
    push(store, virtuoso_server.update, credentials=Credentials(virtuoso_server.user, virtuoso_server.password),
         default_graph="union")
    rows = run_remote(virtuoso_server.query, "sources-by-talk", title=Literal(TRICKY + " talk")).dicts()
    assert [r["path"] for r in rows] == ["C:\\records\\o'brien \"x\".txt"]


# ---- push: idempotent, whole graphs -----------------------------------------------------------------

@pytest.mark.parametrize("mode", ["graph-store", "update"])
def test_push_twice_leaves_the_server_isomorphic(fresh_oxigraph, sample_store, mode):
    graph_store = sample_store
    gsp = fresh_oxigraph.store if mode == "graph-store" else None
    seen = []
    first = push(graph_store, fresh_oxigraph.update, gsp, batch_size=500, progress=seen.append)
    second = push(graph_store, fresh_oxigraph.update, gsp, batch_size=500)
    assert sum(seen) == first.graphs == second.graphs == len(graph_store.record_graphs())
    assert first.triples == second.triples == sum(1 for _ in graph_store.record_quads())
    assert server_quads(fresh_oxigraph.store, default=True) == {**local_quads(graph_store),
                                                                  "": graph_store.union_triples()}


def test_prune_removes_graphs_the_store_no_longer_has(fresh_oxigraph, sample_store):
    store = copy_store(sample_store)
    push(store, fresh_oxigraph.update, fresh_oxigraph.store)
    gone = store.record_graphs()[0]
    store.remove_record(gone)
    push(store, fresh_oxigraph.update, fresh_oxigraph.store, prune=True)
    assert server_quads(fresh_oxigraph.store, default=True) == {**local_quads(store), "": store.union_triples()}


def synthetic_store(version: str, graphs: int = 6, size: int = 30) -> GraphStore:
    store = GraphStore()
    for i in range(graphs):
        g = GRAPH[f"test-record-{i}"]
        store.replace_record(g, [(URIRef(f"https://example.org/thing/{i}/{j}"), RDFS.label,
                                  Literal(f"{version} {i} {j}")) for j in range(size)])
    return store


@pytest.mark.parametrize("mode", ["graph-store", "update"])
@pytest.mark.parametrize("fault", ["connection-dropped-mid-body", "server-error"])
def test_a_push_failing_half_way_leaves_each_graph_old_or_new(fresh_oxigraph, mode, fault):
    old, new = synthetic_store("old"), synthetic_store("new")
    push(old, fresh_oxigraph.update, fresh_oxigraph.store)
    failing = forward(fresh_oxigraph.base, truncate=True) if fault == "connection-dropped-mid-body" else respond(500)
    with Stub([forward(fresh_oxigraph.base)] * 3 + [failing]) as stub:
        with pytest.raises(EndpointError, match=re.escape(stub.url)):
            push(new, f"{stub.url}/update", f"{stub.url}/store" if mode == "graph-store" else None,
                 batch_size=30, retry=FAST)
    on_server = server_quads(fresh_oxigraph.store)
    old_graphs, new_graphs = local_quads(old), local_quads(new)
    states = {g: "new" if on_server.get(g) == new_graphs[g] else "old" if on_server.get(g) == old_graphs[g]
              else "mixed" for g in old_graphs}
    assert "mixed" not in states.values(), states
    assert sorted(states.values()) == ["new"] * 3 + ["old"] * 3


# ---- faults from a loopback stub ------------------------------------------------------------------

def test_a_hanging_server_times_out_with_the_endpoint_and_query_named():
    with Stub([]) as stub:
        stub.replies = [hang(lambda: stub.release)]
        started = time.monotonic()
        with pytest.raises(EndpointError, match=rf"{re.escape(stub.url)}/query: query 'speakers' failed: timed out"):
            run_remote(f"{stub.url}/query", "speakers", timeout=0.5, retry=FAST)
        assert time.monotonic() - started < 5
        assert len(stub.requests) == 1  # a read timeout is not retried


def test_503_then_200_is_retried():
    with Stub([respond(503), respond(200, EMPTY_RESULTS)]) as stub:
        table = run_remote(f"{stub.url}/query", "speakers", retry=FAST)
    assert table.columns == ["person", "name", "headline"] and len(stub.requests) == 2


def test_429_with_retry_after_is_honoured():
    with Stub([respond(429, headers={"Retry-After": "1"}), respond(200, EMPTY_RESULTS)]) as stub:
        started = time.monotonic()
        run_remote(f"{stub.url}/query", "speakers", retry=FAST)
        assert time.monotonic() - started >= 1.0
    assert len(stub.requests) == 2


def test_a_retry_after_beyond_the_limit_fails_clearly():
    with Stub([respond(429, headers={"Retry-After": "3600"})]) as stub:
        with pytest.raises(EndpointError, match=r"HTTP 429.*retry after 3600 s, over the 5 s limit"):
            run_remote(f"{stub.url}/query", "speakers", retry=FAST)
    assert len(stub.requests) == 1


def test_retries_are_capped():
    with Stub([respond(503)]) as stub:
        with pytest.raises(EndpointError, match=r"query 'speakers' failed: HTTP 503.*after 3 attempts"):
            run_remote(f"{stub.url}/query", "speakers", retry=FAST)
    assert len(stub.requests) == 3


def test_400_is_not_retried_and_says_why():
    with Stub([respond(400, b"Parse error at line 3", content_type="text/plain")]) as stub:
        with pytest.raises(EndpointError, match=r"query 'events' failed: [\s\S]*Parse error at line 3"):
            run_remote(f"{stub.url}/query", "events", retry=FAST)
    assert len(stub.requests) == 1


def test_a_refused_connection_is_retried_then_reported():
    port = free_port()  # nothing listens there
    with pytest.raises(EndpointError, match=rf"127.0.0.1:{port}/query: query 'speakers' failed: .*refused.*after 3"):
        run_remote(f"http://127.0.0.1:{port}/query", "speakers", retry=FAST)


def test_push_retries_503_on_a_put():
    with Stub([respond(503), respond(204)]) as stub:
        result = push(synthetic_store("x", graphs=1), f"{stub.url}/update", f"{stub.url}/store", retry=FAST)
    assert result.graphs == 1 and [r.method for r in stub.requests] == ["PUT", "PUT", "POST"]  # POST: re-merge
    assert stub.requests[0].path.startswith("/store?graph=https%3A%2F%2Fw3id.org%2Ftalkgraph%2Fgraph%2F")


# ---- credentials --------------------------------------------------------------------------------------

SECRET = "s3cr3t-Pa55word!"


@pytest.mark.parametrize("scheme", ["basic", "digest"])
def test_credentials_never_appear_in_errors_or_logs(scheme, caplog):
    credentials = Credentials("alice", SECRET, scheme)
    caplog.set_level(logging.DEBUG)
    with Stub([respond(503), echo_request(400)]) as stub:
        with pytest.raises(EndpointError) as push_error:
            push(synthetic_store("x", graphs=1), f"{stub.url}/update", credentials=credentials, retry=FAST)
        with pytest.raises(EndpointError) as query_error:
            run_remote(f"{stub.url}/query", "speakers", credentials=credentials, retry=FAST)
    if scheme == "basic":  # sent up front, so the stub really saw (and echoed) the secret
        assert any("Authorization" in r.headers for r in stub.requests)
    token = "YWxpY2U6czNjcjN0LVBhNTV3b3JkIQ=="  # base64("alice:" + SECRET)
    for text in (str(push_error.value), str(query_error.value), caplog.text, repr(credentials)):
        assert SECRET not in text and token not in text
    assert stub.url in str(push_error.value)


def test_credentials_come_from_the_environment_only():
    env = {"TALKGRAPH_ENDPOINT_USER": "dba", "TALKGRAPH_ENDPOINT_PASSWORD": SECRET, "TALKGRAPH_ENDPOINT_AUTH": "basic"}
    assert credentials_from_env(env) == Credentials("dba", SECRET, "basic")
    assert credentials_from_env({}) is None
    with pytest.raises(EndpointError, match="TALKGRAPH_ENDPOINT_PASSWORD is not"):
        credentials_from_env({"TALKGRAPH_ENDPOINT_USER": "dba"})
    with pytest.raises(EndpointError, match="'ntlm' is not allowed; use one of: basic, digest"):
        credentials_from_env({**env, "TALKGRAPH_ENDPOINT_AUTH": "ntlm"})
    help_text = CliRunner().invoke(main, ["push", "--help"]).output
    assert "--password" not in help_text and "--user" not in help_text and "TALKGRAPH_ENDPOINT_PASSWORD" in help_text


def test_a_url_with_userinfo_is_redacted_in_errors():
    port = free_port()
    with pytest.raises(EndpointError) as error:
        run_remote(f"http://bob:{SECRET}@127.0.0.1:{port}/query", "speakers", retry=FAST)
    assert SECRET not in str(error.value) and "***@127.0.0.1" in str(error.value)


def test_virtuoso_refuses_a_wrong_password_without_echoing_it(virtuoso_server):
    with pytest.raises(EndpointError, match=r"sparql-auth: update of graph .* failed: HTTP 401") as error:
        push(tricky_store(), virtuoso_server.update, credentials=Credentials("dba", SECRET), retry=FAST,
             default_graph="union")
    assert SECRET not in str(error.value)


# ---- CLI and serve --------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def disk_store(sample_store, tmp_path_factory) -> Path:
    """A copy of the sample on disk, closed, for commands and servers that open it themselves."""
    path = tmp_path_factory.mktemp("disk-store")
    copy = copy_store(sample_store, path)
    del copy
    return path


def test_cli_push_then_query_remote(fresh_oxigraph, disk_store, sample_store):
    graph_store = sample_store
    runner = CliRunner()
    env = {"TALKGRAPH_ENDPOINT_USER": "alice", "TALKGRAPH_ENDPOINT_PASSWORD": SECRET, "TALKGRAPH_ENDPOINT_AUTH": "basic"}
    result = runner.invoke(main, ["--store", str(disk_store), "push", "--update", fresh_oxigraph.update,
                                  "--graph-store", fresh_oxigraph.store, "-q"], env=env)
    assert result.exit_code == 0, result.output
    assert SECRET not in result.output and "pushed" in result.output
    out = runner.invoke(main, ["query", "events", "--endpoint", fresh_oxigraph.query, "--format", "json"])
    assert out.exit_code == 0, out.output
    assert normalized("events", run_remote(fresh_oxigraph.query, "events")) == \
        normalized("events", run_query(graph_store, "events"))
    bad = runner.invoke(main, ["query", "events", "--endpoint", f"http://127.0.0.1:{free_port()}/query"])
    assert bad.exit_code == 1 and "query 'events' failed" in bad.output


def test_builtin_serve_answers_like_the_store(sample_store):
    graph_store = sample_store
    server = make_builtin_server(graph_store, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        for name in QUERIES:
            for params in cases(graph_store, name):
                assert normalized(name, run_remote(f"{url}/query", name, **params)) == \
                    normalized(name, run_query(graph_store, name, **params))
        request = urllib.request.Request(f"{url}/update", data=b"CLEAR ALL", method="POST",
                                         headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError, match="403"):
            urllib.request.urlopen(request, timeout=5)
    finally:
        server.shutdown()
        server.server_close()


def test_oxigraph_serve_read_only_answers_like_the_store(disk_store, sample_store):
    graph_store = sample_store
    binary = find_oxigraph()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = free_port()
    process = subprocess.Popen(oxigraph_command(binary, disk_store, "127.0.0.1", port), stderr=subprocess.PIPE)
    try:
        wait_until_ready(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", process)
        for name in QUERIES:
            for params in cases(graph_store, name):
                assert normalized(name, run_remote(f"http://127.0.0.1:{port}/query", name, **params)) == \
                    normalized(name, run_query(graph_store, name, **params))
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_is_loopback_by_default():
    help_text = CliRunner().invoke(main, ["serve", "--help"]).output
    assert "127.0.0.1" in help_text and "read-only" in help_text


def test_run_remote_takes_parameters_as_a_mapping_even_named_like_an_option():
    """``params`` is a Mapping, so a query parameter may be called ``timeout``; unknown ones are refused."""
    from talkgraph.errors import UnknownParameterError
    from talkgraph.query.catalog import Query, load_query
    from talkgraph.query.remote import run_remote

    q = load_query("talks-by-speaker")
    assert isinstance(q, Query)
    with pytest.raises(UnknownParameterError, match="timeout"):  # a parameter, checked before any request
        run_remote("http://127.0.0.1:9/query", q, {"name": Literal("Ada"), "timeout": Literal("x")}, timeout=0.5)
