"""`talkgraph serve` as a real process: no SERVICE, Host/Origin checks, token for writes, time limits, children."""
from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from talkgraph.store.local import GraphStore
from talkgraph.store.serve import find_oxigraph, stop_process

from tests.conftest import store_copy_dir
from tests.query.test_security import CROSS, Listener, service_query

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "a-serve-token-long-enough-0123"
ENGINES = ["builtin", pytest.param("oxigraph", marks=pytest.mark.skipif(
    find_oxigraph() is None, reason="the oxigraph server binary is not installed"))]


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def store_dir(built_seeds, tmp_path) -> Path:
    """The seeds build, copied: a test may write to its own."""
    return store_copy_dir(built_seeds, tmp_path / "store")


class Served:
    def __init__(self, process: subprocess.Popen, url: str, lines: list[str]):
        self.process, self.url, self.lines = process, url, lines
        parsed = urllib.parse.urlsplit(url)
        self.host, self.port = parsed.hostname, parsed.port

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
                timeout: float = 30) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def query(self, text: str, headers: dict | None = None, form: bool = True, **kw) -> tuple[int, bytes]:
        if form:
            body = urllib.parse.urlencode({"query": text}).encode()
            kind = "application/x-www-form-urlencoded"
        else:
            body, kind = text.encode(), "application/sparql-query"
        return self.request("POST", "/query", body, {"Content-Type": kind, **(headers or {})}, **kw)

    def children(self) -> list[int]:
        found = []
        for task in Path(f"/proc/{self.process.pid}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                found += [int(p) for p in task.read_text().split()]
        return found


@contextlib.contextmanager
def serve(store: Path, engine: str, *args: str, env: dict | None = None):
    process = subprocess.Popen([sys.executable, "-m", "talkgraph.cli", "--store", str(store), "serve", "--port", "0",
                                "--engine", engine, *args], stderr=subprocess.PIPE, text=True,
                               env={**os.environ, **(env or {})})
    lines: list[str] = []
    found = threading.Event()

    def read() -> None:
        for line in process.stderr:
            lines.append(line)
            if "SPARQL endpoint:" in line:
                found.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        if not found.wait(30):
            raise RuntimeError(f"serve did not start: {''.join(lines)}")
        url = re.search(r"(http://\S+)/query", "".join(lines)).group(1)
        yield Served(process, url, lines)
    finally:
        if process.poll() is None:
            stop_process(process, timeout=15)


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


# ---- SERVICE -------------------------------------------------------------------------------------

@pytest.mark.parametrize("engine", ENGINES)
def test_serve_refuses_service_and_sends_nothing(store_dir, engine, listener):
    with serve(store_dir, engine) as server:
        for form in (True, False):
            status, body = server.query(service_query(listener.url), form=form)
            assert status == 403 and b"refused" in body
        query = urllib.parse.urlencode({"query": service_query(listener.url)})
        status, body = server.request("GET", f"/query?{query}")
        assert status == 403
        status, body = server.query("SELECT ?s WHERE { ?s ?p")
        assert status == 400 and b"syntax error" in body
        time.sleep(0.3)
        assert listener.connections == []


@pytest.mark.parametrize("engine", ENGINES)
def test_serve_allow_service_lets_that_endpoint(store_dir, engine, listener):
    with serve(store_dir, engine, "--allow-service", listener.url) as server:
        status, body = server.query(service_query(listener.url), {"Accept": "application/sparql-results+json"})
        assert status == 200, body
        assert "http://leak/" in body.decode() and len(listener.connections) == 1


# ---- Host, Origin, writes ------------------------------------------------------------------------

@pytest.mark.parametrize("engine", ENGINES)
def test_serve_refuses_other_hosts_and_origins(store_dir, engine):
    with serve(store_dir, engine) as server:
        ask = "/query?query=ASK%7B%7D"
        assert server.request("GET", ask)[0] == 200
        assert server.request("GET", ask, headers={"Host": f"localhost:{server.port}"})[0] == 200
        status, body = server.request("GET", ask, headers={"Host": f"attacker.example:{server.port}"})
        assert status == 421 and b"not this server's address" in body
        status, _ = server.request("GET", "/status", headers={"Host": "attacker.example"})
        assert status == 421
        status, body = server.query("ASK {}", {"Origin": "http://attacker.example"})
        assert status == 403 and b"origin" in body
        assert server.query("ASK {}", {"Origin": f"http://127.0.0.1:{server.port}"})[0] == 200
        assert server.request("OPTIONS", "/query", headers={"Origin": "http://attacker.example"})[0] == 403
        # An <img> or <script> GET from another site carries no Origin, but browsers mark it.
        assert server.request("GET", ask, headers={"Sec-Fetch-Site": "cross-site"})[0] == 403
        assert server.request("GET", ask, headers={"Sec-Fetch-Site": "none"})[0] == 200


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as sock:
            sock.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.mark.parametrize("engine", ENGINES)
def test_a_wildcard_bind_answers_only_the_names_it_was_given(store_dir, engine):
    """Bound to every address, the server still checks Host (DNS rebinding): the loopback names, the
    machine's host name and each --allow-host NAME pass; any other name gets 421."""
    with serve(store_dir, engine, "--host", "0.0.0.0", "--allow-host", "Talks.Example.org",
               "--allow-host", "192.0.2.7") as server:
        assert server.host == "127.0.0.1"  # the printed URL is one this machine can use
        port = server.port
        ask = "/query?query=ASK%7B%7D"
        for name in ("127.0.0.1", "localhost", socket.gethostname().lower(), "talks.example.org",
                     "TALKS.EXAMPLE.ORG", "192.0.2.7"):
            assert server.request("GET", ask, headers={"Host": f"{name}:{port}"})[0] == 200, name
        for name in (f"attacker.example:{port}", f"talks.example.org:{port + 1}", "talks.example.org",
                     f"0.0.0.0:{port}", f"192.0.2.8:{port}", ""):
            status, body = server.request("GET", ask, headers={"Host": name})
            assert status == 421 and b"--allow-host NAME" in body, name
        assert server.query("ASK {}", {"Host": f"talks.example.org:{port}",
                                       "Origin": f"http://talks.example.org:{port}"})[0] == 200
        assert server.query("ASK {}", {"Origin": "http://attacker.example"})[0] == 403
        shown = "".join(server.lines)
        assert "talks.example.org" in shown and "localhost" in shown and "--allow-host" in shown


def test_a_wildcard_bind_without_allow_host_refuses_other_names(store_dir):
    """The rebinding case: a page at attacker.example whose name now points at this machine."""
    with serve(store_dir, "builtin", "--host", "0.0.0.0") as server:
        ask = "/query?query=ASK%7B%7D"
        assert server.request("GET", ask)[0] == 200
        status, body = server.request("GET", ask, headers={"Host": f"attacker.example:{server.port}"})
        assert status == 421 and b"not this server's address" in body


@pytest.mark.skipif(not _ipv6_loopback(), reason="no IPv6 loopback here")
def test_an_ipv6_wildcard_bind_checks_host_too(store_dir):
    with serve(store_dir, "builtin", "--host", "::", "--allow-host", "talks.example.org") as server:
        assert server.host == "::1"
        ask = "/query?query=ASK%7B%7D"
        assert server.request("GET", ask)[0] == 200  # Host: [::1]:port
        assert server.request("GET", ask, headers={"Host": f"talks.example.org:{server.port}"})[0] == 200
        assert server.request("GET", ask, headers={"Host": f"attacker.example:{server.port}"})[0] == 421


@pytest.mark.parametrize("name", ["http://talks.example.org", "talks.example.org:8080", "talks.example.org/x",
                                  "0.0.0.0", "::", "bad_-.example..org", ""])
def test_allow_host_takes_only_a_host_name_or_address(store_dir, name):
    done = subprocess.run([sys.executable, "-m", "talkgraph.cli", "--store", str(store_dir), "serve", "--port", "0",
                           "--engine", "builtin", "--host", "0.0.0.0", "--allow-host", name],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "--allow-host" in done.stderr, done.stderr
    assert "SPARQL endpoint" not in done.stderr


@pytest.mark.parametrize("engine", ENGINES)
def test_writable_needs_a_token_from_the_environment(store_dir, engine):
    env = {k: v for k, v in os.environ.items() if k != "TALKGRAPH_SERVE_TOKEN"}
    done = subprocess.run([sys.executable, "-m", "talkgraph.cli", "--store", str(store_dir), "serve", "--port", "0",
                           "--engine", engine, "--writable"], capture_output=True, text=True, timeout=30, env=env)
    assert done.returncode == 1 and "TALKGRAPH_SERVE_TOKEN" in done.stderr


@pytest.mark.parametrize("engine", ENGINES)
def test_writable_refuses_cross_origin_form_and_tokenless_writes(store_dir, engine):
    insert = b"INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"
    check = "ASK { <http://x/a> <http://x/b> <http://x/c> }"
    with serve(store_dir, engine, "--writable", env={"TALKGRAPH_SERVE_TOKEN": TOKEN}) as server:
        sparql = {"Content-Type": "application/sparql-update"}
        # What a web page can send with no preflight: a form post, here even with the right token.
        form = urllib.parse.urlencode({"update": insert.decode()}).encode()
        status, _ = server.request("POST", "/update", form, {"Content-Type": "application/x-www-form-urlencoded",
                                                            "Authorization": f"Bearer {TOKEN}"})
        assert status == 415
        status, _ = server.request("POST", "/update", insert, {**sparql, "Origin": "http://attacker.example",
                                                               "Authorization": f"Bearer {TOKEN}"})
        assert status == 403
        assert server.request("POST", "/update", insert, sparql)[0] == 401
        assert server.request("POST", "/update", insert, {**sparql, "Authorization": "Bearer wrong-token-wrong!"})[0] == 401
        assert b"true" not in server.query(check)[1]
        status, body = server.request("POST", "/update", insert, {**sparql, "Authorization": f"Bearer {TOKEN}"})
        assert status == 204, body
        assert b"true" in server.query(check)[1]
        load = b"LOAD <http://127.0.0.1:1/data.ttl>"
        status, body = server.request("POST", "/update", load, {**sparql, "Authorization": f"Bearer {TOKEN}"})
        assert status == 403 and b"LOAD" in body


# ---- time limits, abandoned requests, children -----------------------------------------------------

@pytest.mark.parametrize("engine", ENGINES)
def test_serve_stops_the_cross_product_at_its_limit(store_dir, engine):
    with serve(store_dir, engine, "--timeout", "2") as server:
        start = time.monotonic()
        status, body = server.query(CROSS, timeout=30)
        assert time.monotonic() - start < 8
        assert status == 503 and b"time limit of 2 s" in body
        assert server.query("ASK { ?s ?p ?o }")[0] == 200  # and the server still answers


def test_builtin_serve_kills_the_work_of_an_abandoned_request(store_dir):
    with serve(store_dir, "builtin", "--timeout", "600") as server:
        sock = socket.create_connection((server.host, server.port))
        body = urllib.parse.urlencode({"query": CROSS}).encode()
        sock.sendall(b"POST /query HTTP/1.1\r\nHost: " + f"127.0.0.1:{server.port}".encode() +
                     b"\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                     str(len(body)).encode() + b"\r\n\r\n" + body)
        deadline = time.monotonic() + 10
        while not server.children() and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = server.children()
        assert workers, "the query should run in a worker process"
        sock.close()  # the client gives up
        deadline = time.monotonic() + 5
        while any(alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(alive(p) for p in workers)


@pytest.mark.skipif(find_oxigraph() is None, reason="the oxigraph server binary is not installed")
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_the_oxigraph_child_dies_with_serve(store_dir, how):
    with serve(store_dir, "oxigraph") as server:
        children = server.children()
        assert len(children) == 1
        server.process.send_signal(how)
        server.process.wait(timeout=15)
        deadline = time.monotonic() + 10
        while alive(children[0]) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not alive(children[0])
    # the store lock is free again: a build can write
    store = GraphStore(store_dir)
    assert store.count() > 0


@pytest.mark.skipif(find_oxigraph() is None, reason="the oxigraph server binary is not installed")
def test_status_says_when_a_build_made_the_snapshot_stale(store_dir, tmp_path):
    with serve(store_dir, "oxigraph") as server:
        status, body = server.request("GET", "/status")
        before = json.loads(body)
        assert status == 200 and before["stale"] is False and before["snapshot"]
        time.sleep(1.1)
        record = tmp_path / "new-person.txt"
        record.write_text("Ada Quillfeather\nAda Quillfeather is a compiler engineer at Example Labs.\n",
                          encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "talkgraph.cli", "--store", str(store_dir), "build", "-q",
                               str(record)], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        after = json.loads(server.request("GET", "/status")[1])
        assert after["stale"] is True and "restart" in after["note"]
