"""Tables a person can read: the first rows, a count of the rest, IRI columns hidden, nothing cut off a terminal."""
from __future__ import annotations

import sys
from typing import Iterable, Sequence

import click

__all__ = ["DEFAULT_LIMIT", "print_table", "plural", "hidden_columns"]

DEFAULT_LIMIT = 20  # rows a table shows unless --limit says otherwise (0: all)


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 row``, ``2 rows``; ``many`` for irregular plurals."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _is_iri(value) -> bool:
    from rdflib import URIRef

    return isinstance(value, URIRef)


def hidden_columns(columns: Sequence[str], rows: Sequence[Sequence], *, show_iris: bool = False,
                   quiet: Iterable[str] = ()) -> list[str]:
    """Columns a table leaves out: those holding only IRIs (unless ``show_iris``) and the ``quiet`` ones.

    ``quiet`` names columns that only echo what was asked (a query's folded ``*_key`` parameters).
    Decided on all the rows given, so the choice does not change between pages of one result.
    """
    quiet = set(quiet)
    hidden = []
    for i, c in enumerate(columns):
        values = [r[i] for r in rows if r[i] is not None and str(r[i]) != ""]
        if c in quiet or (not show_iris and values and all(_is_iri(v) for v in values)) or (rows and not values):
            hidden.append(c)
    return hidden


def _text(value) -> str:
    return "" if value is None else " ".join(str(value).split())


def print_table(columns: Sequence[str], rows: Sequence[Sequence], *, total: int | None = None,
                show_iris: bool = False, quiet: Iterable[str] = (), what: str = "row", at_least: bool = False) -> None:
    """Print ``rows`` (already cut to the limit) as a table on stdout, the count and notes on stderr.

    On a terminal the table fits the window and long values wrap (never an ellipsis); off a
    terminal (a pipe, a file) columns are padded to their longest value and nothing is wrapped or cut.
    ``total`` is the number of rows the result had, when more than were shown (``at_least``: it
    had more than that, and counting stopped).
    """
    hidden = hidden_columns(columns, rows, show_iris=show_iris, quiet=quiet)
    shown = [c for c in columns if c not in hidden] or list(columns)
    index = [list(columns).index(c) for c in shown]
    cells = [[_text(row[i]) for i in index] for row in rows]
    out = sys.stdout
    if out.isatty():
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table

        view = Table(*shown, show_lines=False)
        for col in view.columns:
            col.overflow = "fold"
        for line in cells:
            view.add_row(*(escape(v) for v in line))
        Console().print(view)
    elif rows:
        widths = [max([len(c)] + [len(line[j]) for line in cells]) for j, c in enumerate(shown)]
        out.write("  ".join(c.ljust(w) for c, w in zip(shown, widths)).rstrip() + "\n")
        out.write("  ".join("-" * w for w in widths) + "\n")
        for line in cells:
            out.write("  ".join(v.ljust(w) for v, w in zip(line, widths)).rstrip() + "\n")
    total = len(rows) if total is None else total
    quiet = set(quiet)
    index_of = {c: i for i, c in enumerate(columns)}
    empty = [c for c in hidden if c not in quiet and all(r[index_of[c]] is None or str(r[index_of[c]]) == "" for r in rows)]
    iris = [c for c in hidden if c not in quiet and c not in empty]
    note = f"; IRI columns hidden: {', '.join(iris)} (--iris shows them)" if iris else ""
    note += f"; empty columns left out: {', '.join(empty)}" if empty else ""
    over = "over " if at_least else ""
    click.echo(f"{over}{plural(total, what)}{note}", err=True)
    if total > len(rows):
        # On stdout, right under the table, so a reader of the table (or of a pipe) sees it.
        out.write(f"… {over}{total - len(rows)} more (--limit 0 for all)\n")
    sys.stdout.flush()
