"""The `push` and `serve` commands: publish the graph to a SPARQL server, or serve it locally."""
from __future__ import annotations

import os

import click


__all__ = ["push", "serve"]


@click.command()
@click.option("--update", "update_url", required=True, metavar="URL",
              help="The server's SPARQL Update URL (Oxigraph: http://HOST:PORT/update).")
@click.option("--graph-store", "graph_store_url", metavar="URL",
              help="The server's Graph Store Protocol URL (Oxigraph: http://HOST:PORT/store); "
                   "when given, each record graph is one PUT.")
@click.option("--batch-size", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Triples per SPARQL Update request (a record graph is never split).")
@click.option("--prune", is_flag=True,
              help="Also delete talkgraph record graphs on the server that the store no longer has.")
@click.option("--default-graph", type=click.Choice(["merge", "union"]), default="merge", show_default=True,
              help="merge: keep the server's default graph equal to the merge of the record graphs "
                   "(Oxigraph, Fuseki); union: the server already unions its graphs (Virtuoso).")
@click.option("--timeout", default=120.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds allowed for each HTTP request.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_obj
def push(obj, update_url: str, graph_store_url: str | None, batch_size: int, prune: bool,
         default_graph: str, timeout: float, quiet: bool) -> None:
    """Publish the graph to a SPARQL 1.1 server, one named graph per source record.

    Each record's graph is replaced as a unit, so a push that fails part-way leaves every graph
    fully old or fully new. Credentials come only from the environment:
    TALKGRAPH_ENDPOINT_USER, TALKGRAPH_ENDPOINT_PASSWORD and TALKGRAPH_ENDPOINT_AUTH (basic|digest).
    Query the result with 'talkgraph query NAME --endpoint URL' (Oxigraph: http://HOST:PORT/query).
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
    from rich.console import Console

    from ..store.local import GraphStore
    from ..store.push import push as run_push
    from ..store.endpoint import credentials_from_env, redact_url

    credentials = credentials_from_env(os.environ)
    store = GraphStore(obj.settings.store, read_only=True)
    total = len(store.record_graphs())
    with Progress(TextColumn("pushing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  disable=quiet, transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task("", total=total)
        result = run_push(store, update_url, graph_store_url, batch_size=batch_size, prune=prune,
                          default_graph=default_graph,
                          timeout=timeout, credentials=credentials,
                          progress=lambda n: bar.update(task, advance=n))
    click.echo(f"pushed {result.graphs} graphs, {result.triples} triples in {result.requests} requests "
               f"to {redact_url(graph_store_url or update_url)} in {result.seconds:.1f} s", err=True)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--writable", is_flag=True,
              help="Also accept SPARQL updates (takes the store's write lock; updates bypass 'build'). "
                   "Needs a token of 16+ characters in TALKGRAPH_SERVE_TOKEN; clients send it as "
                   "'Authorization: Bearer <token>'.")
@click.option("--engine", type=click.Choice(["auto", "oxigraph", "builtin"]), default="auto", show_default=True,
              help="auto: the oxigraph server binary when installed, else a built-in stdlib server.")
@click.option("--timeout", type=click.FloatRange(min=0.001), default=None, metavar="SECONDS",
              help="Stop each query after this long [default: setting query_timeout, 60 s].")
@click.option("--allow-service", "allow_service", multiple=True, metavar="URL",
              help="Let queries call this SERVICE endpoint (repeatable); SERVICE is refused otherwise.")
@click.option("--allow-host", "allow_host", multiple=True, metavar="NAME",
              help="Also answer requests whose Host names this server NAME, a host name or IP address "
                   "(repeatable). Needed with --host 0.0.0.0 or :: for every name but localhost, "
                   "127.0.0.1, ::1 and the machine's host name, which are accepted already.")
@click.pass_obj
def serve(obj, host: str, port: int, writable: bool, engine: str, timeout: float | None,
          allow_service: tuple[str, ...], allow_host: tuple[str, ...]) -> None:
    """Serve the store as a SPARQL 1.1 endpoint at http://HOST:PORT/query (read-only by default).

    Only requests naming this server in Host (its address, or a name from --allow-host) and
    from no other web origin are answered, so DNS rebinding gets 421; GET /status tells the
    snapshot served and whether a build changed the store since.
    """
    from ..store.serve import TOKEN_ENV, host_names, is_wildcard, serve as run_serve

    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}, not only loopback: anyone who can reach it can query"
                   + (" and change" if writable else "") + " the graph", err=True)

    def ready(url: str) -> None:
        if is_wildcard(host):
            click.echo(f"answering requests that name this server {', '.join(host_names(host, allow_host))} "
                       "in Host (--allow-host NAME for another name)", err=True)
        click.echo(f"SPARQL endpoint: {url}/query (Ctrl-C to stop)", err=True)

    run_serve(obj.settings.store, host, port, writable=writable, engine=engine,
              timeout_s=timeout or obj.settings.query_timeout, token=os.environ.get(TOKEN_ENV),
              allow_service=allow_service, allow_hosts=allow_host, ready=ready)
