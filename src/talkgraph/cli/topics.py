"""Topic commands: the topics of the graph, how they change over the years, and candidates for the scheme."""
from __future__ import annotations

import click


__all__ = ["topics"]

_FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
                       show_default=True)


def _run(ctx: click.Context, name: str, **params):
    from ..query.run import run_query
    from ..store.local import GraphStore

    return run_query(GraphStore(ctx.find_root().obj.settings.store, read_only=True), name, **params)


def _head(table, limit: int | None):
    from ..query.results import ResultTable

    return table if not limit else ResultTable(table.columns, table.rows[:limit])


def _emit(table, fmt: str, limit: int | None = None) -> None:
    """The shared table (first rows and "… N more"); ``limit`` 0 shows every row."""
    from . import _emit as emit_table

    emit_table(table, fmt, limit=limit)


@click.group()
def topics() -> None:
    """Topics of the talks: list them, follow them over the years, review candidate keyphrases."""


@topics.command("list")
@click.option("-n", "--limit", "limit", type=click.IntRange(0), default=None, metavar="N",
              help="Only the N topics with most talks (0: all) [default: 20 in a table, all in csv/tsv/json].")
@_FORMAT
@click.pass_context
def list_topics(ctx: click.Context, limit: int | None, fmt: str) -> None:
    """Every topic with its talks, people and first and last year (named query 'topics')."""
    table = _run(ctx, "topics")
    _emit(table if fmt == "table" else _head(table, limit), fmt, limit)  # a table says how many more


@topics.command()
@click.argument("topic", required=False)
@click.option("--rising", "order", flag_value="rising", help="Topics whose share grew most, first to last year.")
@click.option("--falling", "order", flag_value="falling", help="Topics whose share fell most.")
@click.option("-n", "--limit", "limit", type=click.IntRange(0), default=15, show_default=True,
              help="How many topics with --rising/--falling; rows of a table otherwise (0: all).")
@_FORMAT
@click.pass_context
def trends(ctx: click.Context, topic: str | None, order: str | None, limit: int, fmt: str) -> None:
    """Talks per topic and year and their share of the year's talks (named query 'topic-trends').

    TOPIC (a label, any case) shows one topic; --rising/--falling rank topics by the change of their share.
    """
    from ..analysis.topics import topic_changes
    from ..query.results import ResultTable

    table = _run(ctx, "topic-trends")
    if topic:
        wanted = topic.casefold()
        cols = {c: i for i, c in enumerate(table.columns)}
        table = ResultTable(table.columns, [r for r in table.rows if str(r[cols["label"]] or "").casefold() == wanted
                                            or str(r[cols["topic"]]) == topic])
        if not len(table):
            raise click.ClickException(f"no topic labelled {topic!r} has dated talks; see 'talkgraph topics list'")
    if order:
        table = _head(topic_changes(table, rising=order == "rising"), limit)
    _emit(table, fmt, limit)


@topics.command()
@click.option("-n", "--limit", "limit", type=click.IntRange(0), default=30, show_default=True,
              help="How many candidates (0: all).")
@_FORMAT
@click.pass_context
def candidates(ctx: click.Context, limit: int, fmt: str) -> None:
    """The most frequent keyphrases the scheme lacks (named query 'topic-candidates'), to grow it by review.

    Candidates are read by a build with --candidates (setting topic_candidates).
    """
    table = _run(ctx, "topic-candidates")
    if not len(table):
        raise click.ClickException("no candidate keyphrases in the store; build with --candidates "
                                   "(talkgraph build --candidates --force PATH...)")
    _emit(table if fmt == "table" else _head(table, limit), fmt, limit)
