"""The `viz` commands: networks, ego networks, explained paths and career timelines as pages or pictures."""
from __future__ import annotations

from pathlib import Path

import click

from .analysis import path_ends

__all__ = ["viz"]

_OUTPUT = click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True),
                       help="File to write: .html (interactive, works offline) or .png/.svg/.pdf (matplotlib).")
_PICTURE_SUFFIXES = (".html", ".htm", ".png", ".svg", ".pdf")


def _store(ctx: click.Context):
    from ..store.local import GraphStore

    return GraphStore(ctx.find_root().obj.settings.store, read_only=True)


def _check_suffix(output: str, allowed: tuple[str, ...] = _PICTURE_SUFFIXES) -> None:
    if Path(output).suffix.lower() not in allowed:
        raise click.BadParameter(f"{output!r} ends in {Path(output).suffix or 'nothing'}; "
                                 f"allowed: {', '.join(allowed)}", param_hint="-o/--output")


def _save(picture, output: str) -> None:
    path = picture.save(output)
    click.echo(f"wrote {path}: {picture.caption}", err=True)


@click.group()
def viz() -> None:
    """Pictures of the graph: interactive offline pages (.html) or matplotlib pictures (.png/.svg/.pdf)."""


@viz.command()
@click.option("--kind", type=click.Choice(["speakers", "co-speaker", "speaker-topic", "talk-topic"]),
              default="speakers", show_default=True,
              help="speakers: every kind of tie; co-speaker: spoke together only; or a bipartite network.")
@click.option("--color", "color_by", type=click.Choice(["community", "kind"]), default=None,
              help="Colour by Louvain community or by node kind [default: community for speaker networks].")
@click.option("--size", "size_by", type=click.Choice(["pagerank", "degree", "strength"]), default="pagerank",
              show_default=True, help="Size nodes by this centrality.")
@click.option("--cap", type=click.IntRange(1), default=300, show_default=True,
              help="Draw at most this many nodes, the most central first (the picture says so).")
@click.option("--labels", type=click.IntRange(0), default=25, show_default=True,
              help="Label up to this many of the most central nodes, those that fit without overlapping.")
@click.option("--min-component", type=click.IntRange(1), default=3, show_default=True,
              help="Leave out groups of fewer nodes (3: isolated pairs and singletons; 1: keep all).")
@click.option("--layout", type=click.Choice(["community", "spring"]), default="community", show_default=True,
              help="community: each community in its own place; spring: one spring layout of everything.")
@_OUTPUT
@click.pass_context
def network(ctx: click.Context, kind: str, color_by: str | None, size_by: str, cap: int, labels: int,
            min_component: int, layout: str, output: str) -> None:
    """Draw a network of the graph: speakers, co-speakers, speaker-topic or talk-topic."""
    from ..viz.graphs import network as draw

    _check_suffix(output)
    picture = draw(_store(ctx), kind, color_by=color_by, size_by=size_by, cap=cap, labels=labels,
                   min_component=min_component, layout=layout)
    _save(picture, output)


@viz.command()
@click.argument("person")
@click.option("--radius", type=click.IntRange(1, 3), default=1, show_default=True, help="Hops from PERSON.")
@click.option("--cap", type=click.IntRange(1), default=300, show_default=True, help="Draw at most this many people.")
@_OUTPUT
@click.pass_context
def ego(ctx: click.Context, person: str, radius: int, cap: int, output: str) -> None:
    """Draw PERSON's ego network (a name or an IRI), coloured by distance."""
    from ..analysis.projection import speaker_graph
    from ..viz.graphs import ego as draw

    _check_suffix(output)
    picture = draw(speaker_graph(_store(ctx)), person, radius=radius, cap=cap)
    _save(picture, output)


@viz.command()
@path_ends
@_OUTPUT
@click.pass_context
def path(ctx: click.Context, a: str, b: str, talks: bool, output: str) -> None:
    """Draw the explained shortest path between speakers A and B (or talks, with --talks)."""
    from ..analysis.paths import explained_path
    from ..viz.picture import path_picture

    _check_suffix(output)
    graph, found = explained_path(_store(ctx), a, b, talks=talks)
    if not found.found:
        raise click.ClickException(f"{a!r} and {b!r} are not connected in the graph")
    _save(path_picture(graph, found, title=f"How {a} leads to {b}", context=0 if not talks else 2), output)


@viz.command()
@click.argument("person")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="Picture to write: .png, .svg or .pdf.")
@click.pass_context
def timeline(ctx: click.Context, person: str, output: str) -> None:
    """Draw PERSON's career: employers over time with their talks on it."""
    from ..viz.static import FIGURE_FORMATS, require_matplotlib, save_figure
    from ..viz.timeline import career_timeline, draw_timeline

    _check_suffix(output, FIGURE_FORMATS)
    require_matplotlib(f"writing {output}")
    line = career_timeline(_store(ctx), person)
    path = save_figure(draw_timeline(line), output)
    click.echo(f"wrote {path}: {len(line.jobs)} employers, {len(line.talks)} talks", err=True)
