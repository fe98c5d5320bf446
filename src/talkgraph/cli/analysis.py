"""Analytics commands: related talks and speakers, and the speaker network; thin over talkgraph.analysis."""
from __future__ import annotations

import csv
import io
import json

import click


__all__ = ["related", "related_speakers", "network", "path_ends"]

_FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
                       show_default=True, help="json keeps every reason with its evidence.")


def _store(ctx: click.Context):
    from ..store.local import GraphStore

    return GraphStore(ctx.find_root().obj.settings.store, read_only=True)


def _emit(rows: list[dict] | dict, fmt: str, flat: list[dict] | None = None) -> None:
    """json: ``rows`` as they are (a list, or one object); table/csv: ``flat`` (one line per row, reasons joined)."""
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if flat is None:
        flat = rows if isinstance(rows, list) else [rows]
    if not flat:
        click.echo("no results", err=True)
        return
    columns = list(flat[0])
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, columns, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(flat)
        click.echo(buf.getvalue(), nl=False)
        return
    from .tables import print_table

    print_table(columns, [tuple(row.get(c) for c in columns) for row in flat])


def path_ends(command):
    """The A and B arguments and the --talks flag of the commands about the path from A to B."""
    for param in reversed((click.argument("a"), click.argument("b"),
                           click.option("--talks", is_flag=True, help="A and B are talks (titles or IRIs), not speakers."))):
        command = param(command)
    return command


def _emit_related(ctx: click.Context, what: str, name: str, k: int, fmt: str) -> None:
    """The ``k`` talks (``what`` "talks") or speakers ("speakers") related to ``name``, ranked, with their
    reasons; when there are none, a line on stderr saying why."""
    from ..analysis import weights
    from ..analysis.related import RelatedIndex

    index = RelatedIndex.from_store(_store(ctx))
    if what == "talks":
        results = index.related_talks(name, k)
        nothing = ("no related talks: this talk shares no topic, words, speaker, event or employer with another "
                   f"beyond noise (score under {weights.RELATED_TALKS_MIN_SCORE})")
    else:
        results = index.related_speakers(name, k)
        nothing = ("no related speakers: nothing in common with anyone in the graph beyond noise "
                   f"(score under {weights.RELATED_SPEAKERS_MIN_SCORE})")
    if not results:
        click.echo(nothing, err=True)
        return
    full = [r.to_dict() for r in results]
    flat = [{"rank": n, "score": round(r.score, 3), "label": r.label, "why": r.explanation(), "iri": r.iri}
            for n, r in enumerate(results, 1)]
    _emit(full, fmt, flat)


@click.command()
@click.argument("talk")
@click.option("-k", "--limit", "k", type=click.IntRange(1, 1000), default=10, show_default=True, help="How many talks.")
@_FORMAT
@click.pass_context
def related(ctx: click.Context, talk: str, k: int, fmt: str) -> None:
    """Talks related to TALK (a title or an IRI), each with the reasons it is related."""
    _emit_related(ctx, "talks", talk, k, fmt)


@click.command("related-speakers")
@click.argument("person")
@click.option("-k", "--limit", "k", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="How many people.")
@_FORMAT
@click.pass_context
def related_speakers(ctx: click.Context, person: str, k: int, fmt: str) -> None:
    """Speakers related to PERSON (a name or an IRI), each with the reasons."""
    _emit_related(ctx, "speakers", person, k, fmt)


@click.group()
def network() -> None:
    """Speaker-network analytics: centrality, communities, ego networks, explained paths."""


@network.command()
@click.option("--by", type=click.Choice(["pagerank", "degree", "strength", "betweenness"]), default="pagerank",
              show_default=True, help="Order by this measure.")
@click.option("--top", "--limit", "top", type=click.IntRange(1), default=20, show_default=True, help="How many people.")
@_FORMAT
@click.pass_context
def centrality(ctx: click.Context, by: str, top: int, fmt: str) -> None:
    """The most central speakers, and the ties that make them central."""
    from ..analysis.centrality import centrality as run
    from ..analysis.projection import speaker_graph

    rows = [r.to_dict() for r in run(speaker_graph(_store(ctx)), by=by, top=top)]
    _emit(rows, fmt)


@network.command()
@click.option("--min-size", type=click.IntRange(1), default=2, show_default=True, help="Smallest community shown.")
@_FORMAT
@click.pass_context
def communities(ctx: click.Context, min_size: int, fmt: str) -> None:
    """Communities of speakers (Louvain, seeded: the same every run) and what ties each together."""
    from ..analysis.communities import communities as run
    from ..analysis.projection import speaker_graph

    found = run(speaker_graph(_store(ctx)), min_size=min_size)
    rows = [c.to_dict() for c in found]
    flat = [{**r, "members": "; ".join(r["members"][:8]) + (" ..." if r["size"] > 8 else "")} for r in rows]
    _emit(rows, fmt, flat)


@network.command()
@click.argument("person")
@click.option("--radius", type=click.IntRange(1, 3), default=1, show_default=True, help="Hops from PERSON.")
@_FORMAT
@click.pass_context
def ego(ctx: click.Context, person: str, radius: int, fmt: str) -> None:
    """PERSON's ego network: the people around them and how each is tied to them.

    The reason states the strongest true tie; --format json carries every tie with its evidence.
    """
    from ..analysis.paths import ego_network
    from ..analysis.projection import speaker_graph

    _, ties = ego_network(speaker_graph(_store(ctx)), person, radius)
    full = [t.to_dict() for t in ties]
    _emit(full, fmt, [{k: v for k, v in r.items() if k not in ("reasons", "hops")} for r in full])


@network.command()
@path_ends
@_FORMAT
@click.pass_context
def path(ctx: click.Context, a: str, b: str, talks: bool, fmt: str) -> None:
    """The shortest explained path between speakers A and B (or talks, with --talks).

    Each hop states the strongest true tie ("spoke together" before a shared topic); --format
    json carries every tie of each hop with its evidence. Exits 1 when A and B are not
    connected, saying how large each one's part of the graph is.
    """
    from ..analysis.paths import explained_path

    _, found = explained_path(_store(ctx), a, b, talks=talks)
    if not found.found:
        # No path is an answer, but not a success: say how far apart they are, exit 1.
        if fmt == "json":
            click.echo(json.dumps(found.to_dict(), ensure_ascii=False, indent=1))
        click.echo(found.text(), err=True)
        ctx.exit(1)
    if fmt == "table":
        click.echo(found.text())
        return
    data = found.to_dict()
    flat = [{"from": h["from"], "to": h["to"], "kind": h["kind"], "text": h["text"]} for h in data["hops"]]
    _emit(data if fmt == "json" else flat, fmt, flat)
