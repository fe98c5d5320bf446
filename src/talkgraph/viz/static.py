"""The matplotlib picture of a :class:`~talkgraph.viz.picture.NetworkPicture`: the fallback and for exported notebooks.

Figures are built with ``matplotlib.figure.Figure`` (no pyplot state, nothing shown); labels
are drawn with ``parse_math=False`` so a ``$`` in a name is text, not mathtext.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

from ..errors import MissingDependencyError, TalkgraphError
from .picture import NetworkPicture

__all__ = ["draw_network", "save_figure", "require_matplotlib", "FIGURE_FORMATS"]

FIGURE_FORMATS = (".png", ".svg", ".pdf")


def require_matplotlib(what: str = "drawing a picture") -> None:
    """Raise ``MissingDependencyError`` naming ``what`` when matplotlib cannot be imported."""
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise MissingDependencyError(f"{what} needs matplotlib, which is not installed: "
                                     "pip install matplotlib (or talkgraph[notebooks]), or write an .html page"
                                     ) from exc


def draw_network(pic: NetworkPicture, *, ax=None, figsize: tuple[float, float] = (11, 7.7), legend: bool = True,
                 labels: bool = True):
    """Draw ``pic`` (same positions, colours, sizes and caption as the page) and return the Figure.

    Parameters
    ----------
    ax
        A matplotlib ``Axes`` to draw into; a new ``Figure`` is made when None.
    legend, labels
        Draw the legend of groups / the labels the picture marks to show.
    """
    require_matplotlib()
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    if ax is None:
        fig = Figure(figsize=figsize, layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    # The page's pixel box, y pointing down as in SVG.
    ax.set_xlim(0, pic.width)
    ax.set_ylim(pic.height, 0)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if pic.edges:
        top = max(e.weight for e in pic.edges) or 1.0
        segments = [((pic.nodes[e.source].x, pic.nodes[e.source].y), (pic.nodes[e.target].x, pic.nodes[e.target].y))
                    for e in pic.edges]
        widths = [0.4 + 1.6 * (e.weight / top) ** 0.5 for e in pic.edges]
        ax.add_collection(LineCollection(segments, colors="#9aa3ad", alpha=0.55, linewidths=widths, zorder=1))
        for e in pic.edges:
            if e.label:
                a, b = pic.nodes[e.source], pic.nodes[e.target]
                ax.text((a.x + b.x) / 2, (a.y + b.y) / 2 - 4, e.label, fontsize=7, color="#555", ha="center",
                        parse_math=False, zorder=2)
    if pic.nodes:
        # A radius of r page pixels, drawn at 72 dpi-ish scale, as a marker area in points^2.
        scale = (ax.get_window_extent().width or 800) / pic.width * 72 / fig.dpi
        ax.scatter([n.x for n in pic.nodes], [n.y for n in pic.nodes],
                   s=[(2 * n.radius * scale) ** 2 for n in pic.nodes],
                   c=[pic.color(n.group) for n in pic.nodes], edgecolors="white", linewidths=0.6, zorder=3)
    if labels:
        from .network_html import short_label

        # The page's label places (chosen so that no two overlap at the page's 11 px; these are smaller).
        align = {"start": "left", "end": "right", "middle": "center"}
        for n in pic.nodes:
            if n.show_label:
                ax.text(n.label_x, n.label_y, short_label(n.label), fontsize=7, va="baseline",
                        ha=align.get(n.label_anchor, "left"), parse_math=False, zorder=4,
                        bbox={"boxstyle": "square,pad=0.05", "fc": "white", "ec": "none", "alpha": 0.6})
    width_in = fig.get_figwidth()
    caption = "\n".join(textwrap.wrap(pic.caption, max(40, int(width_in * 15))))
    title = "\n".join(textwrap.wrap(pic.title, max(30, int(width_in * 9))))
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold", parse_math=False,
                 pad=6 + 10 * (caption.count("\n") + 1))
    ax.annotate(caption, (0, 1), xycoords="axes fraction", xytext=(0, 3), textcoords="offset points",
                fontsize=8, color="#555", va="bottom", parse_math=False)
    if legend and pic.groups:
        # Whole names, wrapped (never cut); one column when they are long.
        wrap = 60 if len(pic.groups) > 4 else 110
        handles = [Line2D([], [], marker="o", linestyle="", markersize=7, markerfacecolor=color,
                          markeredgecolor="white", label="\n".join(textwrap.wrap(name, wrap)) or name)
                   for name, color in pic.groups]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.01), fontsize=7, frameon=False,
                  ncol=2 if len(handles) > 4 else 1)
    return fig


def save_figure(fig, path: str | Path, *, dpi: int = 150) -> Path:
    """Save a Figure as PNG, SVG or PDF (by the suffix) and return the path.

    Raises
    ------
    ValueError
        For another suffix.
    """
    path = Path(path)
    if path.suffix.lower() not in FIGURE_FORMATS:
        raise ValueError(f"cannot write a picture as {path.suffix or 'a file without suffix'!r}; "
                         f"allowed: .html, {', '.join(FIGURE_FORMATS)}")
    try:
        fig.savefig(path, dpi=dpi, bbox_inches="tight")
    except OSError as exc:
        raise TalkgraphError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path
