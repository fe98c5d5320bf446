"""A local SPARQL 1.1 endpoint over the embedded store, for notebooks and other tools.

Every request goes through talkgraph's own front (a stdlib ``http.server``), which

* answers only requests whose ``Host`` is the bound address (no DNS rebinding) and refuses any
  request from another web origin (``Origin``), so a web page cannot use the endpoint; bound to
  every address (``0.0.0.0``, ``::``), the names it answers to are localhost, the loopback
  addresses, the machine's host name and those given in ``allow_hosts``;
* refuses ``SERVICE`` (and ``LOAD``) in queries and updates unless the endpoint is allowed;
* stops every query at its time limit, and when its client goes away;
* with ``writable``, takes writes (SPARQL updates, Graph Store writes) only with the bearer token
  given at start and a SPARQL (not form) content type;
* answers ``/status`` with the time of the snapshot it serves and whether the store changed since.

Behind the front, two engines, chosen by ``engine="auto"``:

* ``oxigraph``: the Oxigraph server binary (``pip install oxigraph``) on the store directory, bound
  to a private loopback port, ``serve-read-only`` by default; it runs with ``--timeout-s`` and dies
  with this process. Same engine and files as the embedded store, the whole SPARQL 1.1 protocol.
* ``builtin``: each query runs in a worker process over the store directory (killed at the time
  limit or when the client disconnects); with ``writable`` the store is opened here and queries
  run in threads (a query past its limit is answered 503 but runs on until it ends).

The merged default graph of the store is the default graph of the endpoint, and each source
record's named graph is reachable with ``GRAPH``, exactly as locally.
"""
from __future__ import annotations

import datetime as dt
import hmac
import http.client
import ipaddress
import json
import logging
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterable, Protocol

import pyoxigraph as ox

from ..errors import QuerySyntaxError, ServiceRefusedError, StoreError
from .guard import check_query, check_update
from .isolated import WORKER
from .local import GraphStore

__all__ = ["find_oxigraph", "oxigraph_command", "serve", "make_builtin_server", "make_server", "allowed_hosts",
           "host_names", "is_wildcard", "ENGINES", "die_with_parent", "stop_process", "TOKEN_ENV"]

log = logging.getLogger(__name__)

ENGINES = ("auto", "oxigraph", "builtin")
TOKEN_ENV = "TALKGRAPH_SERVE_TOKEN"
_MIN_TOKEN = 16
_MAX_BODY = 64 * 1024 * 1024
_FORM = "application/x-www-form-urlencoded"
_SIMPLE_TYPES = {_FORM, "multipart/form-data", "text/plain"}  # what a web page may POST without asking
_RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_TYPES = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE}


def find_oxigraph() -> str | None:
    """Path of the ``oxigraph`` server binary: next to this Python first, then on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    return shutil.which("oxigraph")


def oxigraph_command(binary: str, store: Path, host: str, port: int, *, writable: bool = False,
                     timeout_s: float | None = None) -> list[str]:
    """The command line that serves ``store`` with the Oxigraph binary."""
    command = [binary, "serve" if writable else "serve-read-only", "--location", str(store),
               "--bind", f"{host}:{port}"]
    if timeout_s:
        command += ["--timeout-s", str(max(1, round(timeout_s)))]
    return command


def die_with_parent() -> None:
    """In a child between fork and exec: be killed when the parent dies (Linux ``PR_SET_PDEATHSIG``)."""
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the parent's finally still stops the child
        pass


def serve(store: Path, host: str = "127.0.0.1", port: int = 7878, *, writable: bool = False,
          engine: str = "auto", timeout_s: float = 60, token: str | None = None,
          allow_service: Iterable[str] = (), allow_hosts: Iterable[str] = (), ready=None) -> None:
    """Serve the store at ``http://host:port/query`` until interrupted or terminated (blocks).

    ``token`` is required with ``writable``: writes must send ``Authorization: Bearer <token>``.
    ``allow_hosts`` are more names (or addresses) clients may use for this server in ``Host``:
    needed with a wildcard ``host`` (``0.0.0.0``, ``::``) for any name but localhost, the
    loopback addresses and the machine's host name. ``ready(url)`` is called once the endpoint
    answers.

    Raises
    ------
    StoreError
        when there is no store at ``store``, ``engine`` is unknown or unavailable, ``writable``
        has no token of at least 16 characters, or a name in ``allow_hosts`` is no host name.
    """
    allow_hosts = tuple(allow_hosts)
    for name in allow_hosts:
        _check_host_name(name)
    if engine not in ENGINES:
        raise StoreError(f"unknown serve engine {engine!r}; allowed: {', '.join(ENGINES)}")
    if not Path(store).is_dir():
        raise StoreError(f"no store at {store}: run 'talkgraph build' first (or pass --store)")
    if writable and (not token or len(token) < _MIN_TOKEN):
        raise StoreError(f"a writable endpoint needs a token of at least {_MIN_TOKEN} characters in "
                         f"{TOKEN_ENV} (clients send it as 'Authorization: Bearer <token>')")
    binary = find_oxigraph() if engine in ("auto", "oxigraph") else None
    if engine == "oxigraph" and binary is None:
        raise StoreError("the oxigraph server binary is not installed (pip install oxigraph); "
                         "use --engine builtin")
    child = None
    previous = signal.signal(signal.SIGTERM, _terminate) if threading.current_thread() is threading.main_thread() \
        else None
    backend: _Backend
    try:
        if binary:
            backend = _ProxyBackend(binary, Path(store), writable, timeout_s)
            child = backend
        elif writable:
            backend = _ThreadBackend(GraphStore(store), timeout_s)
        else:
            backend = _ProcessBackend(Path(store), timeout_s)
        server = make_server(backend, host, port, writable=writable, token=token, allow_service=allow_service,
                             allow_hosts=allow_hosts)
        if ready is not None:
            ready(f"http://{_url_host(_local_name(host))}:{server.server_address[1]}")
        try:
            server.serve_forever()
        finally:
            server.server_close()
    except KeyboardInterrupt:
        pass
    finally:
        if child is not None:
            child.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _terminate(signum, frame) -> None:
    raise KeyboardInterrupt  # SIGTERM stops the server like Ctrl-C, so the finally clauses run


def stop_process(process: subprocess.Popen, timeout: float = 10) -> None:
    """Stop ``process``: SIGTERM, then SIGKILL when it has not exited within ``timeout`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_oxigraph(binary: str, store: Path, writable: bool,
                    timeout_s: float) -> tuple[subprocess.Popen[bytes], tuple[str, int]]:
    port = _free_port()
    command = oxigraph_command(binary, store, "127.0.0.1", port, writable=writable, timeout_s=timeout_s)
    log.info("serving %s with %s", store, " ".join(command))
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=die_with_parent)
    deadline = time.monotonic() + 30
    while True:
        if child.poll() is not None:
            stderr = child.stderr.read() if child.stderr is not None else b""  # a pipe (stderr=PIPE)
            message = (stderr or b"").decode("utf-8", "replace").strip().splitlines()
            raise StoreError(f"the oxigraph server stopped with exit code {child.returncode}: "
                             f"{message[-1] if message else 'no message'} (is the store open for writing elsewhere?)")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if time.monotonic() > deadline:
                stop_process(child)
                raise StoreError(f"the oxigraph server did not start within 30 s on {store}")
            time.sleep(0.05)
    return child, ("127.0.0.1", port)


def make_builtin_server(store: GraphStore, host: str = "127.0.0.1", port: int = 0, *, writable: bool = False,
                        timeout_s: float = 60, token: str | None = None,
                        allow_service: Iterable[str] = (), allow_hosts: Iterable[str] = ()) -> ThreadingHTTPServer:
    """A stdlib SPARQL endpoint over an open ``store`` (not started: call ``serve_forever``, e.g. in a thread)."""
    return make_server(_ThreadBackend(store, timeout_s), host, port, writable=writable, token=token,
                       allow_service=allow_service, allow_hosts=allow_hosts)


def make_server(backend: _Backend, host: str, port: int, *, writable: bool, token: str | None,
                allow_service: Iterable[str], allow_hosts: Iterable[str] = ()) -> ThreadingHTTPServer:
    """The front for ``backend`` bound to ``host:port``, answering requests that name it in ``Host``
    (its address, or one of ``allow_hosts``; see ``serve``)."""
    allow_hosts = tuple(allow_hosts)
    for name in allow_hosts:
        _check_host_name(name)

    class Handler(_Handler):
        pass

    Handler.backend, Handler.writable, Handler.token = backend, writable, token
    Handler.allow_service = tuple(allow_service)
    server = _Server((host, port), Handler)
    Handler.hosts = allowed_hosts(host, server.server_address[1], allow_hosts)
    return server


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, handler):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, handler)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def is_wildcard(host: str) -> bool:
    """Whether ``host`` binds every address (``0.0.0.0``, ``::``)."""
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def _local_name(host: str) -> str:
    """The name a client on this machine uses for a server bound to ``host``."""
    if not is_wildcard(host):
        return host
    return "::1" if ":" in host else "127.0.0.1"


def _check_host_name(name: str) -> None:
    """Refuse an allowed-host entry that is no host name or address (a URL, a port, a wildcard)."""
    try:
        address = ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        address = None
    if address is not None:
        if address.is_unspecified:
            raise StoreError(f"--allow-host {name!r}: a wildcard address is no name a client uses; "
                             "give the names or addresses clients reach the server by")
        return
    labels = name.rstrip(".").split(".")
    if not name or not all(re.fullmatch(r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?", label) for label in labels):
        raise StoreError(f"--allow-host {name!r} is not a host name or IP address (no scheme, port or path: "
                         "e.g. --allow-host talks.example.org)")


def host_names(host: str, extra: Iterable[str] = ()) -> list[str]:
    """The names a server bound to ``host`` answers to, as ``Host`` spells them (lower-cased, an IPv6
    address in brackets): the bound address (with the loopback names for a loopback bind) or, for a
    wildcard bind, the loopback names and the machine's host name; and the names in ``extra``."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    names = set(extra)
    if address is not None and address.is_unspecified:
        names |= {*_LOOPBACK_NAMES, socket.gethostname()}
    else:
        names.add(host)
        if host == "localhost" or (address is not None and address.is_loopback):
            names |= set(_LOOPBACK_NAMES)
    return sorted({_url_host(n.strip("[]").rstrip(".")).lower() for n in names if n})


def allowed_hosts(host: str, port: int, extra: Iterable[str] = ()) -> frozenset[str]:
    """The ``Host`` header values that name a server bound to ``host:port`` (``host_names`` with the
    port, and without it on port 80)."""
    names = host_names(host, extra)
    return frozenset({f"{n}:{port}" for n in names} | (set(names) if port == 80 else set()))


class _Refused(Exception):
    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status


class _Backend(Protocol):
    """What answers the requests :class:`_Handler` has checked (one of the ``_*Backend`` classes)."""

    def status(self) -> dict[str, object]: ...
    def query(self, handler: _Handler, text: str, method: str) -> None: ...
    def update(self, handler: _Handler, body: bytes) -> None: ...


class _Handler(BaseHTTPRequestHandler):
    backend: _Backend  # set by make_server on the subclass it makes
    writable: bool = False
    token: str | None = None
    allow_service: tuple = ()
    hosts: frozenset[str] = frozenset()
    server_version = "talkgraph"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's signature
        log.debug("%s - " + format, self.address_string(), *args)

    # ---- dispatch ---------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802
        self._handle("GET")

    def do_HEAD(self) -> None:  # noqa: N802
        self._handle("HEAD")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self._handle("PUT")

    def do_DELETE(self) -> None:  # noqa: N802
        self._handle("DELETE")

    def do_OPTIONS(self) -> None:  # noqa: N802 - no CORS: a preflight is always refused
        self._reply(HTTPStatus.FORBIDDEN, b"cross-origin requests are not accepted\n")

    def _handle(self, method: str) -> None:
        try:
            self._check_origin()
            url = urllib.parse.urlsplit(self.path)
            if url.path == "/status" and method in ("GET", "HEAD"):
                return self._reply(HTTPStatus.OK, json.dumps(self.backend.status()).encode() + b"\n",
                                   "application/json")
            if url.path == "/query":
                return self._query(method, url)
            if url.path == "/update" and method == "POST":
                return self._update()
            if url.path == "/store" and isinstance(self.backend, _ProxyBackend):
                if method not in ("GET", "HEAD"):
                    self._check_write()
                return self.backend.forward(self, method, self._body() if method in ("PUT", "POST") else b"")
            raise _Refused(HTTPStatus.NOT_FOUND, "the SPARQL endpoint is /query (updates: /update; /status)")
        except _Refused as exc:
            self._reply(exc.status, f"{exc}\n".encode())
        except (QuerySyntaxError, ServiceRefusedError) as exc:
            status = HTTPStatus.BAD_REQUEST if isinstance(exc, QuerySyntaxError) else HTTPStatus.FORBIDDEN
            self._reply(status, f"{exc}\n".encode())
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _check_origin(self) -> None:
        host = (self.headers.get("Host") or "").strip().lower()
        if host not in self.hosts:
            raise _Refused(HTTPStatus.MISDIRECTED_REQUEST,
                           f"Host {host or '(none)'!r} is not this server's address; use one of: "
                           f"{', '.join(sorted(self.hosts))} (or start serve with --allow-host NAME)")
        if (self.headers.get("Sec-Fetch-Site") or "").strip().lower() == "cross-site":
            # Browsers mark every request a page of another site makes, even an <img> GET without Origin.
            raise _Refused(HTTPStatus.FORBIDDEN, "requests made by pages of other sites are not accepted")
        origin = self.headers.get("Origin")
        if origin is not None:
            parsed = urllib.parse.urlsplit(origin)
            same = parsed.scheme == "http" and parsed.netloc.lower() in self.hosts
            if not same:
                raise _Refused(HTTPStatus.FORBIDDEN, f"requests from the web origin {origin!r} are not accepted")

    def _check_write(self) -> None:
        if not self.writable:
            raise _Refused(HTTPStatus.FORBIDDEN, "this endpoint is read-only")
        kind = self._content_type()
        if kind in _SIMPLE_TYPES or not kind:
            raise _Refused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                           f"writes need a SPARQL or RDF content type (e.g. application/sparql-update), not {kind!r}")
        given = self.headers.get("Authorization") or ""
        scheme, _, value = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), (self.token or "").encode()):
            raise _Refused(HTTPStatus.UNAUTHORIZED, "writes need 'Authorization: Bearer <token>' (the token the "
                                                    f"server was started with, {TOKEN_ENV})")

    def _content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

    def _body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise _Refused(HTTPStatus.BAD_REQUEST, "bad Content-Length") from None
        if length > _MAX_BODY:
            raise _Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request bodies are limited to {_MAX_BODY} bytes")
        return self.rfile.read(length)

    def _query(self, method: str, url) -> None:
        if method == "GET":
            texts = urllib.parse.parse_qs(url.query).get("query") or []
        elif method == "POST":
            kind, body = self._content_type(), self._body()
            if kind == _FORM:
                texts = urllib.parse.parse_qs(body.decode("utf-8", "replace")).get("query") or []
            elif kind == "application/sparql-query":
                texts = [body.decode("utf-8", "replace")]
            else:
                raise _Refused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "POST a query as application/sparql-query "
                                                                  f"or a form, not {kind!r}")
            self._posted = body
        else:
            raise _Refused(HTTPStatus.METHOD_NOT_ALLOWED, "query with GET or POST")
        if len(texts) != 1:
            raise _Refused(HTTPStatus.BAD_REQUEST, "give exactly one query parameter")
        check_query(texts[0], allow_service=self.allow_service, name="request")
        self.backend.query(self, texts[0], method)

    def _update(self) -> None:
        self._check_write()
        if self._content_type() != "application/sparql-update":
            raise _Refused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "POST updates as application/sparql-update")
        body = self._body()
        self._posted = body
        check_update(body.decode("utf-8", "replace"), allow_service=self.allow_service, name="request")
        self.backend.update(self, body)

    # ---- replies ----------------------------------------------------------------------------
    def _reply(self, status: HTTPStatus, body: bytes, kind: str = "text/plain; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def start_chunks(self, status: int, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()

    def write_chunk(self, data: bytes) -> None:
        if data:
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")

    def end_chunks(self) -> None:
        self.wfile.write(b"0\r\n\r\n")

    def client_gone(self) -> bool:
        """True when the client closed its end (an abandoned request)."""
        sock = self.connection
        try:
            readable, _, _ = select.select([sock], [], [], 0)
            if not readable:
                return False
            return sock.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True

    def accepts(self, table: dict) -> str:
        accept = self.headers.get("Accept") or ""
        return next((k for k in table if k in accept), next(iter(table)))


def _snapshot_status(engine: str, store: Path | None, opened: dt.datetime | None) -> dict[str, object]:
    changed = _last_change(store) if store is not None else None
    status: dict[str, object] = {"engine": engine, "store": str(store) if store else None,
              "snapshot": opened.isoformat(timespec="seconds") if opened else "each query reads the store as it is",
              "store_changed": changed.isoformat(timespec="seconds") if changed else None}
    status["stale"] = bool(opened and changed and changed > opened)
    if status["stale"]:
        status["note"] = "the store changed after this server opened it: restart 'talkgraph serve' to see it"
    return status


def _last_change(store: Path) -> dt.datetime | None:
    try:
        latest = max((entry.stat().st_mtime for entry in os.scandir(store) if entry.name != "LOCK"), default=None)
    except OSError:
        return None
    return dt.datetime.fromtimestamp(latest, dt.timezone.utc) if latest else None


class _ThreadBackend:
    """Queries in threads on an open store; an update takes a lock. Past the limit: 503, the thread runs on."""

    def __init__(self, store: GraphStore, timeout_s: float):
        self.store, self.timeout_s, self.lock = store, timeout_s, threading.Lock()
        self.opened = dt.datetime.now(dt.timezone.utc)

    def status(self) -> dict[str, object]:
        return _snapshot_status("builtin", self.store.path, None)  # this process writes and reads the same store

    def query(self, handler: _Handler, text: str, method: str) -> None:
        box: dict = {}

        def work() -> None:
            try:
                result = self.store.query(text, allow_service=handler.allow_service)
                if isinstance(result, ox.QueryTriples):
                    kind = handler.accepts(_GRAPH_TYPES)
                    box["reply"] = (kind, result.serialize(format=_GRAPH_TYPES[kind]))
                else:
                    kind = handler.accepts(_RESULT_TYPES)
                    box["reply"] = (kind, result.serialize(format=_RESULT_TYPES[kind]))
            except (SyntaxError, OSError, ValueError, QuerySyntaxError, ServiceRefusedError) as exc:
                box["error"] = str(exc)

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        deadline = time.monotonic() + self.timeout_s
        while worker.is_alive():
            worker.join(0.1)
            if handler.client_gone():
                return
            if time.monotonic() > deadline:
                raise _Refused(HTTPStatus.SERVICE_UNAVAILABLE, f"query stopped after its time limit of "
                                                               f"{self.timeout_s:g} s")
        if "error" in box:
            raise _Refused(HTTPStatus.BAD_REQUEST, box["error"])
        kind, body = box["reply"]
        handler._reply(HTTPStatus.OK, body, kind)

    def update(self, handler: _Handler, body: bytes) -> None:
        try:
            with self.lock:
                self.store.oxigraph.update(body.decode("utf-8"))
        except (SyntaxError, OSError, ValueError, UnicodeDecodeError) as exc:
            raise _Refused(HTTPStatus.BAD_REQUEST, str(exc)) from exc
        handler._reply(HTTPStatus.NO_CONTENT, b"")


class _ProcessBackend:
    """Each query in a worker process over the store directory: killed at the limit or when the client leaves."""

    def __init__(self, store: Path, timeout_s: float):
        self.store, self.timeout_s = store, timeout_s

    def status(self) -> dict[str, object]:
        return _snapshot_status("builtin", self.store, None)

    def query(self, handler: _Handler, text: str, method: str) -> None:
        job = {"store": str(self.store), "query": text, "results_format": handler.accepts(_RESULT_TYPES),
               "graph_format": handler.accepts(_GRAPH_TYPES)}
        worker = subprocess.Popen([sys.executable, "-I", str(WORKER)], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, preexec_fn=die_with_parent)
        stdin, out = worker.stdin, worker.stdout
        assert stdin is not None and out is not None  # both are pipes (PIPE above)
        try:
            stdin.write(json.dumps(job).encode())
            stdin.close()
            deadline = time.monotonic() + self.timeout_s
            fd = out.fileno()
            head, started = b"", False
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    if started:  # cut short: no final chunk, so the client sees an incomplete answer
                        handler.close_connection = True
                        return
                    raise _Refused(HTTPStatus.SERVICE_UNAVAILABLE,
                                   f"query stopped after its time limit of {self.timeout_s:g} s")
                readable, _, _ = select.select([fd], [], [], min(left, 0.2))
                if not readable:
                    if handler.client_gone():
                        handler.close_connection = True
                        return
                    continue
                data = os.read(fd, 65536)
                if not started:
                    head += data
                    if b"\n" not in head and data:
                        continue
                    line, _, rest = head.partition(b"\n")
                    status, _, message = line.decode("utf-8", "replace").partition(" ")
                    if status != "OK":
                        raise _Refused(HTTPStatus.BAD_REQUEST, message or "the query failed")
                    handler.start_chunks(HTTPStatus.OK, message)
                    started = True
                    data = rest
                    if not data:
                        continue
                if not data:
                    break
                handler.write_chunk(data)
            if worker.wait() != 0:
                handler.close_connection = True
                return
            handler.end_chunks()
        finally:
            if worker.poll() is None:
                worker.kill()
            worker.wait()
            out.close()

    def update(self, handler: _Handler, body: bytes) -> None:
        raise _Refused(HTTPStatus.FORBIDDEN, "this endpoint is read-only")


class _ProxyBackend:
    """Forwards checked requests to the Oxigraph server on its private port, streaming the answers back.

    Oxigraph's own ``--timeout-s`` does not stop every query (a large aggregate runs on), so a
    request still unanswered at the limit restarts the server: its work stops, and requests in
    flight at that moment get a 502.
    """

    def __init__(self, binary: str, store: Path, writable: bool, timeout_s: float):
        self.binary, self.store, self.writable, self.timeout_s = binary, store, writable, timeout_s
        self.lock = threading.Lock()
        # PR_SET_PDEATHSIG fires when the *thread* that started the child ends, so children are
        # started on one thread that lives as long as the server, never on a request's thread.
        self.spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="talkgraph-oxigraph")
        self.child, self.address = self._spawn()
        self.opened = dt.datetime.now(dt.timezone.utc)
        self.restarts = 0

    def _spawn(self) -> tuple[subprocess.Popen[bytes], tuple[str, int]]:
        return self.spawner.submit(_start_oxigraph, self.binary, self.store, self.writable, self.timeout_s).result()

    def stop(self) -> None:
        with self.lock:
            stop_process(self.child)
        self.spawner.shutdown(wait=False)

    def _restart(self, stale_child: subprocess.Popen[bytes]) -> None:
        with self.lock:
            if self.child is not stale_child:  # another request restarted it already
                return
            log.warning("a query ran past %s s: restarting the oxigraph server to stop it", self.timeout_s)
            stop_process(self.child)
            self.child, self.address = self._spawn()
            self.opened = dt.datetime.now(dt.timezone.utc)
            self.restarts += 1

    def status(self) -> dict[str, object]:
        return {**_snapshot_status("oxigraph", self.store, self.opened), "restarts": self.restarts}

    def query(self, handler: _Handler, text: str, method: str) -> None:
        self.forward(handler, method, getattr(handler, "_posted", b""))

    def update(self, handler: _Handler, body: bytes) -> None:
        self.forward(handler, "POST", body)

    def forward(self, handler: _Handler, method: str, body: bytes) -> None:
        child, (host, port) = self.child, self.address
        connection = http.client.HTTPConnection(host, port, timeout=self.timeout_s + 1)
        headers = {k: v for k, v in handler.headers.items() if k.lower() in ("accept", "content-type")}
        try:
            connection.request(method, handler.path, body=body or None, headers=headers)
            response = connection.getresponse()
        except TimeoutError as exc:
            connection.close()
            self._restart(child)
            raise _Refused(HTTPStatus.SERVICE_UNAVAILABLE,
                           f"query stopped after its time limit of {self.timeout_s:g} s") from exc
        except (http.client.HTTPException, OSError) as exc:
            connection.close()
            raise _Refused(HTTPStatus.BAD_GATEWAY, f"the oxigraph server did not answer: {exc}") from exc
        if method == "HEAD":  # headers only: no chunked body after a HEAD
            handler.send_response(response.status)
            for name in ("Content-Type", "Content-Length"):
                value = response.getheader(name)
                if value:
                    handler.send_header(name, value)
            handler.end_headers()
            connection.close()
            return
        try:
            handler.start_chunks(response.status, response.getheader("Content-Type") or "application/octet-stream")
            while True:
                data = response.read1(65536)
                if not data:
                    break
                handler.write_chunk(data)
            handler.end_chunks()
        except (TimeoutError, http.client.HTTPException, OSError):
            handler.close_connection = True  # cut short: no final chunk, so the client sees an incomplete answer
        finally:
            connection.close()
