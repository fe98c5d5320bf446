"""A local SPARQL 1.1 endpoint over the embedded store, for notebooks and other tools.

Two engines, chosen by ``engine="auto"``:

* ``oxigraph``: the Oxigraph server binary (``pip install oxigraph``) run on the store directory,
  ``serve-read-only`` by default. It is the same engine and the same files as the embedded store,
  so every named query gives the same rows; it implements the whole SPARQL 1.1 protocol (content
  negotiation, all result formats, the Graph Store Protocol) and a server-side query timeout.
* ``builtin``: a small stdlib ``http.server`` speaking the SPARQL 1.1 query protocol (GET and POST
  on ``/query``; ``/update`` only when writable) over a GraphStore, used when the binary is absent.

The merged default graph of the store is the default graph of the endpoint, and each source
record's named graph is reachable with ``GRAPH``, exactly as locally.
"""
from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import threading
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox

from ..errors import StoreError
from .local import GraphStore

__all__ = ["find_oxigraph", "oxigraph_command", "serve", "make_builtin_server", "ENGINES"]

log = logging.getLogger(__name__)

ENGINES = ("auto", "oxigraph", "builtin")
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
                     timeout_s: int | None = None) -> list[str]:
    """The command line that serves ``store`` with the Oxigraph binary."""
    command = [binary, "serve" if writable else "serve-read-only", "--location", str(store),
               "--bind", f"{host}:{port}"]
    if timeout_s:
        command += ["--timeout-s", str(timeout_s)]
    return command


def serve(store: Path, host: str = "127.0.0.1", port: int = 7878, *, writable: bool = False,
          engine: str = "auto", timeout_s: int | None = 60) -> None:
    """Serve the store at ``http://host:port/query`` until interrupted (blocks).

    Raises
    ------
    StoreError
        when there is no store at ``store`` or ``engine`` is unknown or unavailable.
    """
    if engine not in ENGINES:
        raise StoreError(f"unknown serve engine {engine!r}; allowed: {', '.join(ENGINES)}")
    if not Path(store).is_dir():
        raise StoreError(f"no store at {store}: run 'talkgraph build' first (or pass --store)")
    binary = find_oxigraph() if engine in ("auto", "oxigraph") else None
    if engine == "oxigraph" and binary is None:
        raise StoreError("the oxigraph server binary is not installed (pip install oxigraph); "
                         "use --engine builtin")
    if binary:
        command = oxigraph_command(binary, Path(store), host, port, writable=writable, timeout_s=timeout_s)
        log.info("serving %s with %s", store, " ".join(command))
        try:
            subprocess.run(command, check=True)
        except subprocess.CalledProcessError as exc:
            raise StoreError(f"the oxigraph server stopped with exit code {exc.returncode} "
                             f"(is {host}:{port} in use, or is the store open for writing elsewhere?)") from exc
        except KeyboardInterrupt:
            pass
        return
    server = make_builtin_server(GraphStore(store, read_only=not writable), host, port, writable=writable)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def make_builtin_server(store: GraphStore, host: str = "127.0.0.1", port: int = 0, *,
                        writable: bool = False) -> ThreadingHTTPServer:
    """A stdlib SPARQL endpoint over ``store`` (not started: call ``serve_forever``, e.g. in a thread)."""

    class Handler(_Handler):
        pass

    Handler.store, Handler.writable = store, writable
    return ThreadingHTTPServer((host, port), Handler)


class _Handler(BaseHTTPRequestHandler):
    store: GraphStore
    writable: bool
    lock = threading.Lock()
    server_version = "talkgraph"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's signature
        log.debug("%s - " + format, self.address_string(), *args)

    def do_GET(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/query":
            return self._reply(HTTPStatus.NOT_FOUND, "text/plain", b"the SPARQL endpoint is /query\n")
        query = urllib.parse.parse_qs(url.query).get("query")
        if not query:
            return self._reply(HTTPStatus.BAD_REQUEST, "text/plain", b"missing the query parameter\n")
        self._query(query[0])

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        if kind == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body)
            text = (form.get("query") or form.get("update") or [""])[0]
        else:
            text = body
        if url.path == "/query" and kind in ("application/sparql-query", "application/x-www-form-urlencoded"):
            return self._query(text)
        if url.path == "/update" and kind in ("application/sparql-update", "application/x-www-form-urlencoded"):
            if not self.writable:
                return self._reply(HTTPStatus.FORBIDDEN, "text/plain", b"this endpoint is read-only\n")
            try:
                with self.lock:
                    self.store.oxigraph.update(text)
            except (SyntaxError, OSError, ValueError) as exc:
                return self._reply(HTTPStatus.BAD_REQUEST, "text/plain", f"{exc}\n".encode())
            return self._reply(HTTPStatus.NO_CONTENT, "text/plain", b"")
        self._reply(HTTPStatus.UNSUPPORTED_MEDIA_TYPE if url.path in ("/query", "/update") else HTTPStatus.NOT_FOUND,
                    "text/plain", b"POST a SPARQL query to /query (or an update to /update)\n")

    def _query(self, text: str) -> None:
        try:
            result = self.store.query(text)
        except (SyntaxError, OSError, ValueError) as exc:
            return self._reply(HTTPStatus.BAD_REQUEST, "text/plain", f"{exc}\n".encode())
        accept = self.headers.get("Accept") or ""
        if isinstance(result, ox.QueryTriples):
            kind = next((k for k in _GRAPH_TYPES if k in accept), "application/n-triples")
            return self._reply(HTTPStatus.OK, kind, result.serialize(format=_GRAPH_TYPES[kind]))
        kind = next((k for k in _RESULT_TYPES if k in accept), "application/sparql-results+json")
        self._reply(HTTPStatus.OK, kind, result.serialize(format=_RESULT_TYPES[kind]))

    def _reply(self, status: HTTPStatus, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
