"""The talkgraph command line: a thin adapter over the library API."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..version import __version__
from ..config import load_settings
from ..errors import IssueReport, Level, TalkgraphError
from .tables import DEFAULT_LIMIT, plural, print_table

__all__ = ["main"]


class _Ctx:
    def __init__(self, store: str | None, config: str | None):
        self.settings = load_settings(config, store=store)


class TalkgraphGroup(click.Group):
    """The command group; the one place a ``TalkgraphError`` of any command becomes an error line.

    Click prints ``Error: <message>`` and exits with status 1; anything else keeps its traceback.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TalkgraphError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=TalkgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="talkgraph")
@click.option("--store", envvar="TALKGRAPH_STORE", metavar="DIR",
              help="Store directory [default: ./.talkgraph/store; env TALKGRAPH_STORE].")
@click.option("--config", metavar="FILE", help="Settings file [default: ./talkgraph.toml if present].")
@click.pass_context
def main(ctx: click.Context, store: str | None, config: str | None) -> None:
    """Turn conference records into one RDF knowledge graph, and query it."""
    ctx.obj = _Ctx(store, config)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True,
              help="JSON Lines: one extraction record (docs/extraction-record.md) per input file.")
@click.pass_obj
def extract(obj: _Ctx, paths: tuple[str, ...], fmt: str) -> None:
    """Print the extraction record of each FILE (folders are walked)."""
    from ..extract.pipeline import extract_paths

    report = IssueReport()
    out = sys.stdout  # click.get_text_stream is deprecated (removed in click 9)
    for item in extract_paths(paths, obj.settings, report):
        out.write(item.record.to_json_line() + "\n")
    _print_issues(report)


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH_OR_URL...")
@click.option("--force", is_flag=True, help="Re-extract records whose bytes did not change.")
@click.option("--strict", is_flag=True, default=None,
              help="Also exit non-zero (1) when any record had a warning [default: setting strict].")
@click.option("--keep-going/--stop-on-error", "keep_going", default=True, show_default=True,
              help="Keep going: build every good record and exit 1 at the end when any failed. "
                   "Stop: end at the first failed record (what was built before it stays).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--verbose", "-v", is_flag=True, help="List every INFO issue too (else counted by kind).")
@click.option("--importer", "--format", "importer", metavar="NAME", default=None,
              help="Read every file with this importer instead of choosing by content: pyvideo, frab-xml, "
                   "frab-json, pretalx, records-json, web.")
@click.option("--candidates", is_flag=True, default=None,
              help="Also read keyphrases the topic scheme lacks (tg:CandidateConcept; 'talkgraph topics "
                   "candidates' lists them) [setting topic_candidates]. Slower.")
@click.option("--no-topics", is_flag=True, help="Do not tag talks with topics [setting topics].")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), default=None, metavar="X",
              help="Leave out people, talks and affiliations read with a confidence below X (0..1) "
                   "[default: 0.5; setting min_confidence, env TALKGRAPH_MIN_CONFIDENCE]. "
                   "Use with --force to re-read records already built.")
@click.option("--encoding", default=None, metavar="NAME",
              help="Encoding of input files without a byte-order mark (e.g. cp1252) [default: UTF-8; a byte "
                   "that is not UTF-8 makes the record fail, naming its offset; setting encoding].")
@click.pass_obj
def build(obj: _Ctx, paths: tuple[str, ...], force: bool, strict: bool | None, keep_going: bool, quiet: bool,
          verbose: bool, importer: str | None, candidates: bool | None, no_topics: bool,
          min_confidence: float | None, encoding: str | None) -> None:
    """Build or update the graph from FILES, folders, pyvideo data and URLs (formats chosen by content).

    Exit status: 0 when every record was built; 1 when any record failed (bad records are
    reported and skipped, the good ones are built: --keep-going) or, with --strict, when any
    warning was reported; 2 for a usage error.
    """
    from dataclasses import replace

    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                               TimeRemainingColumn)

    from ..store.build import BuildStopped, build as run_build
    from ..store.local import GraphStore

    if min_confidence is not None:
        obj.settings = replace(obj.settings, min_confidence=min_confidence)
    if encoding is not None:
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError:
            raise click.BadParameter(f"unknown encoding {encoding!r}; e.g. utf-8, cp1252, latin-1, utf-16",
                                     param_hint="--encoding") from None
        obj.settings = replace(obj.settings, encoding=encoding)
    if candidates:
        obj.settings = replace(obj.settings, topic_candidates=True)
    if no_topics:
        obj.settings = replace(obj.settings, topics=False)
    total = None if quiet else _count_inputs(paths)
    files: set[str] = set()
    store = GraphStore(obj.settings.store)
    try:
        with Progress(SpinnerColumn(), TextColumn("building"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("files, ETA"), TimeRemainingColumn(), TextColumn("{task.description}"),
                      disable=quiet, transient=True, console=_err_console()) as bar:
            task = bar.add_task("", total=total)

            def advance(key: str) -> None:
                source = key.split("#", 1)[0]
                if source not in files:
                    files.add(source)
                    bar.update(task, completed=min(len(files), total or len(files)),
                               description=source.rstrip("/").rsplit("/", 1)[-1])

            result = run_build(paths, store, obj.settings, force=force, importer=importer, progress=advance,
                               stop_on_error=not keep_going)
    except BuildStopped as exc:
        _print_issues(exc.result.issues, info=verbose)
        raise
    _print_issues(result.issues, info=verbose)
    if not result.records:
        raise click.ClickException(f"no records found under {', '.join(paths)}")
    click.echo(f"{plural(result.records, 'record')}: {result.added} added, {result.replaced} replaced, "
               f"{result.unchanged} unchanged, {result.failed} failed, {result.removed} removed; "
               f"store {obj.settings.store}", err=True)
    if result.failed:
        raise click.ClickException(f"{plural(result.failed, 'record')} failed (listed above); "
                                   "the others were built")
    warnings = result.issues.at_least(Level.WARNING)
    if (strict or obj.settings.strict) and warnings:
        raise click.ClickException(f"strict build: {plural(len(warnings), 'problem')}")


def _count_inputs(paths: tuple[str, ...]) -> int | None:
    """How many files the build will read (the progress bar's total); None when unknown (URLs)."""
    total = 0
    for given in paths:
        if "://" in given:
            return None
        root = Path(given)
        if root.is_dir():
            total += sum(1 for p in root.rglob("*") if p.is_file() and p.name != "category.json"
                         and not any(part.startswith(".") for part in p.relative_to(root).parts))
        else:
            total += 1
    return total or None


@main.command()
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (repeatable); <...> makes an IRI. Names match folded "
                   "(case, accents, spacing); no match lists the closest names.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "ttl", "nt"]), default=None,
              help="SELECT: table (default), csv, tsv, json (W3C SPARQL 1.1 results formats, streamed); "
                   "ASK: table or json; CONSTRUCT/DESCRIBE: ttl (default), nt (streamed), json (JSON-LD).")
@click.option("--endpoint", metavar="URL", help="Query a remote SPARQL endpoint instead of the store.")
@click.option("--iris", "show_iris", is_flag=True, help="In table format, also show columns of IRIs.")
@click.option("--timeout", type=click.FloatRange(min=0.001), default=None, metavar="SECONDS",
              help="Stop the query after this long [default: setting query_timeout, 60 s].")
@click.option("--allow-service", "allow_service", multiple=True, metavar="URL",
              help="Let the query call this SERVICE endpoint (repeatable); SERVICE is refused otherwise.")
@click.option("--limit", "--max-rows", "limit", default=None, type=click.IntRange(min=0), metavar="N",
              help=f"Rows to print; 0 for all [default: {DEFAULT_LIMIT} in table format, all in csv/tsv/json].")
@click.pass_obj
def query(obj: _Ctx, name: str, params: tuple[str, ...], fmt: str | None, endpoint: str | None, show_iris: bool,
          timeout: float | None, allow_service: tuple[str, ...], limit: int | None) -> None:
    """Run a named query NAME (see 'talkgraph queries') or a .rq FILE (SELECT, ASK, CONSTRUCT, DESCRIBE)."""
    from ..errors import MissingParameterError, ParameterValueError, UnknownParameterError, UnknownQueryError
    from ..query.catalog import load_query, parse_param_value

    seconds = timeout or obj.settings.query_timeout
    try:
        q = load_query(name)
        bound = {}
        for item in params:
            key, sep, value = item.partition("=")
            if not sep:
                raise click.BadParameter(f"{item!r}: expected NAME=VALUE", param_hint="--param")
            bound[key.lstrip("?")] = parse_param_value(q, key.lstrip("?"), value)
        if endpoint:
            from ..query.remote import run_remote

            if fmt in ("ttl", "nt"):
                raise click.UsageError(f"--format {fmt} is for CONSTRUCT/DESCRIBE on the local store; "
                                       "with --endpoint: table, csv, tsv, json")
            table = run_remote(endpoint, q, bound)
            if fmt in (None, "table"):
                _table(q, table.columns, iter(table.rows), limit, show_iris)
                if not table.rows:
                    _suggest(q, bound, lambda n: run_remote(endpoint, n))
            else:
                rows = table.rows if not limit else table.rows[:limit]
                _emit(type(table)(table.columns, rows), fmt, show_iris)
            return
        from ..query.run import stream_query

        stream = stream_query(_open_store(obj), q, bound, timeout=seconds, allow_service=allow_service)
    except (UnknownQueryError, UnknownParameterError, MissingParameterError, ParameterValueError) as exc:
        raise click.UsageError(str(exc)) from exc
    allowed = {"select": ("table", "csv", "tsv", "json"), "ask": ("table", "json"), "graph": ("ttl", "nt", "json")}
    fmt = fmt or ("ttl" if stream.kind == "graph" else "table")
    if fmt not in allowed[stream.kind]:
        stream.close()
        raise click.UsageError(f"{q.name}: --format {fmt} does not fit a {stream.kind.upper()} result; "
                               f"allowed: {', '.join(allowed[stream.kind])}")
    with stream:
        shown = _emit_stream(q, stream, fmt, show_iris, limit)
    if shown == 0 and bound:
        from ..query.run import run_query

        _suggest(q, bound, lambda n: run_query(_open_store(obj), n))


def _emit_stream(q, stream, fmt: str, show_iris: bool, limit: int | None) -> int | None:
    """Write a streamed answer; returns the number of SELECT rows (None for ASK and graphs)."""
    from itertools import islice

    from ..query.results import write_boolean, write_select, write_triples

    out = sys.stdout  # click.get_text_stream is deprecated (removed in click 9)
    if stream.kind == "ask":
        write_boolean(stream.boolean, "json" if fmt == "json" else "text", out)
        return None
    if stream.kind == "graph":
        n = write_triples(stream.triples, fmt, out)
        click.echo(plural(n, "triple"), err=True)
        return None
    if fmt != "table":
        rows = stream.rows if not limit else islice(stream.rows, limit)
        return write_select(stream.columns, rows, fmt, out)
    return _table(q, stream.columns, stream.rows, limit, show_iris)


def _table(q, columns, rows, limit: int | None, show_iris: bool) -> int:
    """The first ``limit`` rows as a table and the count of the rest (read, not kept)."""
    from itertools import islice

    limit = DEFAULT_LIMIT if limit is None else limit
    head = list(rows) if limit == 0 else list(islice(rows, limit))
    rest = sum(1 for _ in islice(rows, _COUNT_REST + 1))  # counted, not kept; capped for runaway results
    quiet = [p.var for p in q.params.values() if p.var != p.name]
    print_table(columns, head, total=len(head) + rest, show_iris=show_iris, quiet=quiet,
                at_least=rest > _COUNT_REST)
    return len(head) + rest


_COUNT_REST = 100_000  # rows past the limit counted for "… N more"; beyond that "over N"


def _suggest(q, bound: dict, run) -> None:
    """Nothing matched: name the closest names for each name parameter, as 'related' does."""
    from ..analysis.lookup import Lookup, UnknownEntityError

    label_query = {"person": "labels-people", "talk": "labels-talks", "event": "labels-events",
                   "topic": "labels-topics"}
    for name, value in bound.items():
        param = q.params.get(name)
        if param is None or not param.names:
            continue
        try:
            table = run(label_query[param.names])
        except TalkgraphError:
            continue
        labels = {str(row[0]): str(row[1]) for row in table.rows if row[1] is not None}
        matches = Lookup(labels, UnknownEntityError).closest(str(value))
        if matches:
            click.echo(f"no {param.names} named {str(value)!r}; closest: {'; '.join(matches)}", err=True)
        else:
            click.echo(f"no {param.names} named {str(value)!r}, and none with a similar name", err=True)


@main.command()
def queries() -> None:
    """List the named queries, their parameters and columns."""
    from ..query.catalog import list_queries

    for q in list_queries():
        params = " ".join(f"{p.name}={p.kind}{'?' if p.optional else ''}" for p in q.params.values())
        click.echo(f"{q.name:20} {q.description}")
        if params:
            click.echo(f"{'':20} params: {params}")
        click.echo(f"{'':20} columns: {' '.join(q.columns)}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld"]), default="trig",
              show_default=True, help="nq/trig keep one named graph per record; the others write the union.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), required=True, help="File to write (atomically).")
@click.pass_obj
def export(obj: _Ctx, fmt: str, output: str) -> None:
    """Write the whole graph to a file."""
    path = _open_store(obj).export(output, fmt)
    click.echo(f"wrote {path}", err=True)


@main.command()
@click.pass_obj
def validate(obj: _Ctx) -> None:
    """Check the graph against the SHACL shapes in ontology/shapes.ttl."""
    from ..rdf.validation import validate_store

    report = validate_store(_open_store(obj))
    click.echo(report.text)
    if not report.conforms:
        raise SystemExit(1)


@main.command()
@click.pass_obj
def summary(obj: _Ctx) -> None:
    """Counts of people, talks, events and records in the graph."""
    from ..query.summary import summarize

    counts = summarize(_open_store(obj))
    for key, value in counts.items():
        click.echo(f"{key:>18}: {value}")


@main.command()
@click.option("--rules", type=click.Path(dir_okay=False), metavar="FILE",
              help="Identities file (TOML) to apply [default: setting 'identities' / TALKGRAPH_IDENTITIES].")
@click.option("--apply", "do_apply", is_flag=True, help="Apply the rules to the records in the store.")
@click.option("--suggest", "suggest_to", type=click.Path(dir_okay=False, allow_dash=True), metavar="FILE",
              help="Write likely same people, each with its evidence, as a rules file to review ('-': stdout). "
                   "Nothing is merged until the file is applied.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True)
@click.option("--limit", default=None, type=click.IntRange(min=0), metavar="N",
              help=f"Rows per table (suggestions with --suggest); 0 for all [default: {DEFAULT_LIMIT}; "
                   "every suggestion].")
@click.option("--iris", "show_iris", is_flag=True, help="In table format, also show columns of IRIs.")
@click.option("--editions", is_flag=True, help="csv/tsv/json: the editions' evidence instead of the people's.")
@click.pass_obj
def identities(obj: _Ctx, rules: str | None, do_apply: bool, suggest_to: str | None, fmt: str, limit: int | None,
               show_iris: bool, editions: bool) -> None:
    """Show why people and editions were merged or grouped (spellings, keys, series table, schedule data, rules).

    Rules merge ("[[person.same]] names = [...]") or split ("[[person.apart]]") people and merge
    editions ("[[event.same]]"); applying a file without a rule undoes it. Nothing is re-extracted.
    With --suggest, likely same people are written as commented rules to review and apply.
    """
    from ..query.run import run_query
    from ..rdf.identity import load_identities
    from ..store.identity import apply_identities
    from ..store.local import GraphStore

    if suggest_to:
        from ..analysis.identity_suggest import suggest_identities, suggestions_toml

        found = suggest_identities(_open_store(obj))
        found = found[:limit] if limit else found
        text = suggestions_toml(found)
        if suggest_to == "-":
            click.echo(text, nl=False)
        else:
            Path(suggest_to).write_text(text, encoding="utf-8")
        click.echo(f"{plural(len(found), 'suggestion')} written to {'stdout' if suggest_to == '-' else suggest_to}; "
                   "review it, then: talkgraph identities --apply --rules FILE", err=True)
        return
    if do_apply:
        path = rules or obj.settings.identities
        result = apply_identities(GraphStore(obj.settings.store), load_identities(path))
        click.echo(f"{result.rewritten} of {plural(result.checked, 'record graph')} rewritten under "
                   f"{path or 'no rules (undoing any applied before)'}", err=True)
    store = _open_store(obj)
    people = run_query(store, "identity-evidence")
    grouped = run_query(store, "edition-evidence")
    if fmt != "table":
        _emit(grouped if editions else people, fmt)
        return
    click.echo("people merged (spellings, keys, rules):", err=True)
    _emit(people, fmt, show_iris, limit)
    click.echo("event editions grouped (series table, schedule data):", err=True)
    _emit(grouped, fmt, show_iris, limit)


def _open_store(obj: _Ctx):
    from ..store.local import GraphStore

    return GraphStore(obj.settings.store, read_only=True)


def _err_console():
    from rich.console import Console

    return Console(stderr=True)


def _emit(table, fmt: str, show_iris: bool = False, limit: int | None = None) -> None:
    if fmt != "table":
        click.echo(table.render(fmt), nl=False)
        return
    limit = DEFAULT_LIMIT if limit is None else limit
    rows = table.rows if limit == 0 else table.rows[:limit]
    print_table(table.columns, rows, total=len(table.rows), show_iris=show_iris)


def _print_issues(report: IssueReport, info: bool = True) -> None:
    """Warnings and errors one per line; INFO issues too, or (info=False) counted by kind."""
    from collections import Counter

    quiet_kinds: Counter = Counter()
    for issue in report:
        if issue.level > Level.INFO or info:
            click.echo(str(issue), err=True)
        else:
            quiet_kinds[issue.kind] += 1
    if quiet_kinds:
        counts = ", ".join(f"{n} {kind}" for kind, n in sorted(quiet_kinds.items()))
        click.echo(f"INFO notes (-v lists them): {counts}", err=True)


from .remote import push, serve  # noqa: E402

main.add_command(push)
main.add_command(serve)

from .analysis import network, related, related_speakers  # noqa: E402

main.add_command(related)
main.add_command(related_speakers)
main.add_command(network)


from .viz import viz  # noqa: E402

main.add_command(viz)

from .topics import topics  # noqa: E402

main.add_command(topics)


if __name__ == "__main__":  # pragma: no cover
    main()
