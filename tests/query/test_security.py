"""Untrusted queries: no outbound requests (SERVICE), bounded time, errors instead of tracebacks."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import talkgraph
from talkgraph.config import Settings
from talkgraph.errors import QuerySyntaxError, QueryTimeoutError, ServiceRefusedError
from talkgraph.query.catalog import load_query
from talkgraph.query.run import run_query, stream_query
from talkgraph.store.local import GraphStore

ROOT = Path(__file__).resolve().parents[2]
TALKGRAPH = [sys.executable, "-m", "talkgraph.cli"]
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


class Listener:
    """A loopback TCP listener that records every connection made to it (and answers nothing useful)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.connections: list[bytes] = []
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.connections.append(conn.recv(65536))
                    body = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"http://leak/"}}]}}'
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                                 b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
                except OSError:
                    pass

    def close(self) -> None:
        self.running = False
        self.thread.join(timeout=2)
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope="module")
def disk_store(built_seeds) -> Path:
    return built_seeds.path


def service_query(url: str) -> str:
    # The SERVICE keyword also sits in a comment and a string: only the real call counts.
    return (f"# SERVICE <{url}> in a comment\nSELECT ?s WHERE {{ BIND(\"SERVICE <{url}> {{}}\" AS ?x) "
            f"SERVICE <{url}> {{ ?s ?p ?o }} }}")


def write_query(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return path


def run_cli(*args: str, timeout: float = 60, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*TALKGRAPH, *args], capture_output=True, text=True, timeout=timeout, **kw)


# ---- SERVICE ------------------------------------------------------------------------------------

def test_cli_query_file_with_service_sends_nothing(listener, disk_store, tmp_path):
    path = write_query(tmp_path, "federated", service_query(listener.url))
    done = run_cli("--store", str(disk_store), "query", str(path), "--format", "csv")
    assert done.returncode == 1
    assert f"SERVICE <{listener.url}> refused" in done.stderr and "--allow-service" in done.stderr
    assert "Traceback" not in done.stderr
    time.sleep(0.3)
    assert listener.connections == []


def test_cli_allow_service_lets_that_endpoint_only(listener, disk_store, tmp_path):
    path = write_query(tmp_path, "federated", service_query(listener.url))
    other = run_cli("--store", str(disk_store), "query", str(path), "--allow-service", "http://127.0.0.1:1/x")
    assert other.returncode == 1 and "refused" in other.stderr
    assert listener.connections == []
    allowed = run_cli("--store", str(disk_store), "query", str(path), "--format", "csv",
                      "--allow-service", listener.url)
    assert allowed.returncode == 0, allowed.stderr
    assert len(listener.connections) == 1 and "http://leak/" in allowed.stdout


@pytest.mark.parametrize("text", [
    "SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "PREFIX r: <{base}> SELECT ?s WHERE {{ SERVICE r:sparql {{ ?s ?p ?o }} }}",
    "SELECT ?s WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE SILENT <{url}> {{ ?s ?q ?v }} }} }}",
    "SELECT ?s WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    "SELECT ?s WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "SELECT ?s WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    "ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
], ids=["plain", "prefixed", "optional-silent", "subquery", "exists", "variable", "ask", "construct"])
def test_api_refuses_every_service_form(listener, text, built_seeds):
    store = built_seeds.store
    q = load_query_text(text.format(url=listener.url, base=listener.url.removesuffix("sparql")))
    with pytest.raises(ServiceRefusedError, match="SERVICE .* refused"):
        stream_query(store, q, timeout=10)
    with pytest.raises(ServiceRefusedError, match="refused"):
        store.query(q.text)
    time.sleep(0.3)
    assert listener.connections == []


def test_python_api_query_file_with_service(listener, tmp_path):
    store = GraphStore()
    path = write_query(tmp_path, "federated", service_query(listener.url))
    with pytest.raises(ServiceRefusedError, match="federated: SERVICE"):
        talkgraph.run_query(store, str(path))
    assert listener.connections == []
    rows = talkgraph.run_query(store, str(path), allow_service=[listener.url], timeout=10)
    assert rows.column("s") == ["http://leak/"]


def load_query_text(text: str):
    from talkgraph.query.catalog import _parse

    return _parse("q", text, None)


# ---- time limits ----------------------------------------------------------------------------------

def test_cross_product_stops_at_the_time_limit_in_the_api(disk_store):
    store = GraphStore(disk_store, read_only=True)
    start = time.monotonic()
    with pytest.raises(QueryTimeoutError, match="time limit of 1 s"):
        run_query(store, load_query_text(CROSS), timeout=1)
    assert time.monotonic() - start < 3


def _query_workers() -> list[int]:
    """Live processes of ours running the query worker script."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if ppid == os.getpid() and b"_query_worker.py" in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_query_past_its_limit_stops_working_on_a_read_only_store(disk_store):
    """The aggregate runs in a process of its own, killed at the limit: nothing of it runs on after."""
    from talkgraph.query.catalog import _parse

    store = GraphStore(disk_store, read_only=True)
    with pytest.raises(QueryTimeoutError, match="time limit of 1 s"):
        run_query(store, _parse("past-its-limit", CROSS, None), timeout=1)
    assert _query_workers() == []  # killed before the error is raised
    # and the thread that read its answer ends (in a thread of this process it would run on for hours)
    gone = time.monotonic() + 5
    while any(t.name == "query past-its-limit" for t in threading.enumerate()) and time.monotonic() < gone:
        time.sleep(0.05)
    assert not any(t.name == "query past-its-limit" for t in threading.enumerate())


def test_a_query_in_its_own_process_gives_the_rows_of_one_in_this_process(disk_store):
    from rdflib import Literal, URIRef

    store = GraphStore(disk_store, read_only=True)
    name = Literal(str(run_query(store, "speakers").rows[0][1]).upper())
    topic = URIRef("https://w3id.org/talkgraph/topic/erlang")
    for query, params in (("speakers", {}), ("talks-by-speaker", {"name": name}), ("talks-by-topic", {"topic": topic}),
                          ("talks-by-topic", {"topic": Literal("ERLANG")}), ("topics", {})):
        here = run_query(store, query, **params)  # no limit: in this process
        isolated = run_query(store, query, timeout=30, **params)
        assert (isolated.columns, isolated.rows) == (here.columns, here.rows), query
    assert any(run_query(store, "talks-by-speaker", name=name).rows)


def test_cross_product_stops_at_the_time_limit_in_the_cli(disk_store, tmp_path):
    path = write_query(tmp_path, "cross", CROSS)
    start = time.monotonic()
    done = run_cli("--store", str(disk_store), "query", str(path), "--timeout", "1", timeout=30)
    assert time.monotonic() - start < 10
    assert done.returncode == 1 and "cross" in done.stderr and "time limit of 1 s" in done.stderr
    assert "Traceback" not in done.stderr


def test_setting_query_timeout_is_used(disk_store, tmp_path):
    path = write_query(tmp_path, "cross", CROSS)
    env = {**__import__("os").environ, "TALKGRAPH_QUERY_TIMEOUT": "1"}
    done = run_cli("--store", str(disk_store), "query", str(path), timeout=30, env=env)
    assert done.returncode == 1 and "time limit of 1 s" in done.stderr


def test_ctrl_c_stops_a_local_query_at_once(disk_store, tmp_path):
    import signal

    path = write_query(tmp_path, "cross", CROSS)
    process = subprocess.Popen([*TALKGRAPH, "--store", str(disk_store), "query", str(path), "--timeout", "600"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)  # started, and deep in the cross product
    assert process.poll() is None
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    process.wait(timeout=10)
    assert time.monotonic() - sent < 3
    assert process.returncode != 0


def test_results_stream_to_csv_before_the_query_ends(disk_store, tmp_path):
    """A huge SELECT prints its first rows at once and is not held in memory: killed at its limit."""
    path = write_query(tmp_path, "many", "SELECT ?a ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    process = subprocess.Popen([*TALKGRAPH, "--store", str(disk_store), "query", str(path), "--format", "csv",
                                "--timeout", "600"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        first = process.stdout.readline()
        assert first == b"a,c,f\r\n"
        lines = sum(1 for _, _ in zip(range(20_000), process.stdout))
        assert lines == 20_000
    finally:
        process.kill()
        process.wait()


def test_table_mode_caps_rows(disk_store, tmp_path):
    path = write_query(tmp_path, "many", "SELECT ?a ?c WHERE { ?a ?b ?c . ?d ?e ?f }")
    done = run_cli("--store", str(disk_store), "query", str(path), "--max-rows", "5", timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 2 + 5 + 1, done.stdout  # header, rule, 5 rows, "… N more"
    assert re.search(r"… (over )?\d+ more \(--limit 0 for all\)", done.stdout), done.stdout


# ---- errors instead of tracebacks ----------------------------------------------------------------

@pytest.mark.parametrize("text, fmt, expected", [
    ("ASK { ?s ?p ?o }", "json", '"boolean": true'),
    ("ASK { ?s <http://nothing/> ?o }", "table", "false"),
    ("CONSTRUCT { ?s a <http://x/P> } WHERE { ?s a <https://schema.org/Person> }", "nt", "<http://x/P> ."),
    ("CONSTRUCT { ?s a <http://x/P> } WHERE { ?s a <https://schema.org/Person> }", "ttl", "<http://x/P>"),
    ("DESCRIBE ?s WHERE { ?s a <https://schema.org/Person> }", "json", "@id"),
], ids=["ask-json", "ask-false", "construct-nt", "construct-ttl", "describe-jsonld"])
def test_ask_construct_describe_files(disk_store, tmp_path, text, fmt, expected):
    path = write_query(tmp_path, "shape", text)
    done = run_cli("--store", str(disk_store), "query", str(path), "--format", fmt)
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout


def test_a_format_that_does_not_fit_is_a_usage_error(disk_store, tmp_path):
    path = write_query(tmp_path, "ask", "ASK { ?s ?p ?o }")
    done = run_cli("--store", str(disk_store), "query", str(path), "--format", "csv")
    assert done.returncode == 2 and "does not fit a ASK result" in done.stderr


def test_a_syntax_error_names_the_file_line_and_column(disk_store, tmp_path):
    path = write_query(tmp_path, "broken", "PREFIX s: <https://schema.org/>\nSELECT ?s WHERE { ?s s:name }")
    done = run_cli("--store", str(disk_store), "query", str(path))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "broken: SPARQL syntax error at line 2" in done.stderr
    with pytest.raises(QuerySyntaxError, match="line 2"):
        GraphStore().query(path.read_text())


def test_an_iri_parameter_with_a_space_is_a_usage_error(disk_store, tmp_path):
    path = write_query(tmp_path, "by-iri", "# by-iri: one thing\n# param ?thing iri: the thing\n"
                                            "SELECT ?p ?o WHERE { ?thing ?p ?o }")
    done = run_cli("--store", str(disk_store), "query", str(path), "-p", "thing=http://example.org/a b")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "?thing" in done.stderr and "not an IRI" in done.stderr
    literal = run_cli("--store", str(disk_store), "query", "talks-by-speaker", "-p", "name=<x y>")
    assert literal.returncode == 2 and "?name" in literal.stderr and "not an IRI" in literal.stderr


def test_the_public_api_has_a_time_limit_by_default(disk_store, tmp_path):
    import inspect

    assert inspect.signature(talkgraph.run_query).parameters["timeout"].default == Settings().query_timeout == 60
    path = write_query(tmp_path, "cross", CROSS)
    with pytest.raises(QueryTimeoutError, match="cross"):
        talkgraph.run_query(GraphStore(disk_store, read_only=True), str(path), timeout=0.5)
