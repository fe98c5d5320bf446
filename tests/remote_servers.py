"""Real and stub SPARQL servers for the remote tests: an Oxigraph server, Virtuoso if running, a loopback stub."""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterator

import pytest

from talkgraph.store.serve import stop_process

EMPTY_RESULTS = json.dumps({"head": {"vars": ["person", "name", "headline"]}, "results": {"bindings": []}}).encode()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def wait_until_ready(url: str, process: subprocess.Popen | None = None, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.05)
    raise RuntimeError(f"no answer from {url} within {seconds} s")


@dataclass
class Oxigraph:
    """A running ``oxigraph serve`` on loopback: base URL and its three endpoints."""

    base: str
    process: subprocess.Popen

    @property
    def query(self) -> str:
        return f"{self.base}/query"

    @property
    def update(self) -> str:
        return f"{self.base}/update"

    @property
    def store(self) -> str:
        return f"{self.base}/store"


@contextlib.contextmanager
def run_oxigraph(location: Path, *args: str) -> Iterator[Oxigraph]:
    """Start ``oxigraph serve`` on a free loopback port and stop it after."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = free_port()
    command = [binary, *(args or ("serve",)), "--location", str(location),
               "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(f"{base}/query?query=ASK%7B%7D", process)
        yield Oxigraph(base, process)
    finally:
        stop_process(process)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory) -> Iterator[Oxigraph]:
    """One Oxigraph server for the session (data in a temp dir)."""
    with run_oxigraph(tmp_path_factory.mktemp("oxigraph-session")) as server:
        yield server


@pytest.fixture
def fresh_oxigraph(tmp_path) -> Iterator[Oxigraph]:
    """An empty Oxigraph server of the test's own."""
    with run_oxigraph(tmp_path / "oxigraph") as server:
        yield server


@dataclass(frozen=True)
class Virtuoso:
    base: str
    user: str
    password: str = field(repr=False)

    @property
    def query(self) -> str:
        return f"{self.base}/sparql"

    @property
    def update(self) -> str:
        return f"{self.base}/sparql-auth"

    @property
    def graph_store(self) -> str:
        """Its authenticated Graph Store Protocol endpoint (loads big graphs its SPARQL compiler cannot)."""
        return f"{self.base}/sparql-graph-crud-auth"


@pytest.fixture(scope="session")
def virtuoso_server() -> Virtuoso:
    """The Virtuoso started by scripts/start-virtuoso (TALKGRAPH_TEST_VIRTUOSO*); skip when it is not running."""
    base = os.environ.get("TALKGRAPH_TEST_VIRTUOSO")
    if not base:
        pytest.skip("Virtuoso is not running: TALKGRAPH_TEST_VIRTUOSO is unset "
                    "(eval \"$(scripts/start-virtuoso)\" starts one)")
    try:
        wait_until_ready(f"{base}/sparql?query=ASK%7B%7D", seconds=5)
    except RuntimeError as exc:
        pytest.skip(f"Virtuoso is not running at {base}: {exc}")
    return Virtuoso(base, os.environ.get("TALKGRAPH_TEST_VIRTUOSO_USER", "dba"),
                    os.environ.get("TALKGRAPH_TEST_VIRTUOSO_PASSWORD", "dba"))


# ---- a loopback stub for the faults real servers won't produce on demand ----------------------------

@dataclass
class Seen:
    method: str
    path: str
    headers: dict
    body: bytes


Reply = Callable[[BaseHTTPRequestHandler, Seen], None]


class Stub:
    """A loopback HTTP server answering each request with the next scripted reply (the last one repeats)."""

    def __init__(self, replies: list[Reply]):
        self.replies = replies
        self.requests: list[Seen] = []
        self.release = threading.Event()  # set at shutdown so hanging replies end
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                seen = Seen(self.command, self.path, dict(self.headers), self.rfile.read(length))
                stub.requests.append(seen)
                reply = stub.replies[min(len(stub.requests), len(stub.replies)) - 1]
                reply(self, seen)

            do_GET = do_POST = do_PUT = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Stub":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def respond(status: int, body: bytes = b"", headers: dict | None = None,
            content_type: str = "application/sparql-results+json") -> Reply:
    def reply(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    return reply


def echo_request(status: int = 400) -> Reply:
    """A server error whose body repeats the request line, headers and body: the worst case for leaks."""
    def reply(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        text = f"{seen.method} {seen.path}\n" + "".join(f"{k}: {v}\n" for k, v in seen.headers.items())
        respond(status, (text + seen.body.decode("utf-8", "replace")[:200]).encode(), content_type="text/plain")(
            handler, seen)
    return reply


def hang(stub_release: Callable[[], threading.Event]) -> Reply:
    def reply(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        stub_release().wait(30)
    return reply


def forward(target: str, *, truncate: bool = False) -> Reply:
    """Pass the request on to a real server (optionally with its body cut in half) and relay the answer."""
    def reply(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
        body = seen.body[: len(seen.body) // 2] if truncate else seen.body
        request = urllib.request.Request(target + seen.path, data=body, method=seen.method,
                                         headers={"Content-Type": seen.headers.get("Content-Type", "")})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, data = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, data = exc.code, exc.read()
        respond(status, data, content_type="text/plain")(handler, seen)
    return reply
