"""Query results as a small table of rdflib terms, written in the W3C SPARQL results formats."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

__all__ = ["ResultTable", "FORMATS", "write_select", "write_boolean", "write_triples"]

FORMATS = ("table", "csv", "tsv", "json")


@dataclass
class ResultTable:
    """Rows of a SELECT, each a tuple of rdflib terms (None when unbound)."""

    columns: list[str]
    rows: list[tuple]

    def __len__(self) -> int:
        return len(self.rows)

    def dicts(self) -> list[dict[str, object]]:
        """Rows as dicts of Python values (IRIs and strings as str, numbers and booleans native)."""
        return [{c: _py(v) for c, v in zip(self.columns, row)} for row in self.rows]

    def column(self, name: str) -> list[object]:
        i = self.columns.index(name)
        return [_py(row[i]) for row in self.rows]

    def iri_columns(self) -> list[str]:
        """Columns whose every bound value is an IRI (``?talk``, ``?person``): ids, not for reading."""
        out = []
        for i, name in enumerate(self.columns):
            values = [row[i] for row in self.rows if row[i] is not None]
            if values and all(isinstance(v, URIRef) for v in values):
                out.append(name)
        return out

    def to_pandas(self, *, iris: bool = True):
        """The rows as a ``pandas.DataFrame`` of Python values: readable columns first, IRI columns last.

        ``iris=False`` leaves the IRI columns out. Needs pandas (the ``notebooks`` extra).

        Examples
        --------
        >>> from rdflib import Literal, URIRef
        >>> table = ResultTable(["talk", "title"], [(URIRef("https://example.org/t1"), Literal("Hello"))])
        >>> list(table.to_pandas().columns), list(table.to_pandas(iris=False).columns)
        (['title', 'talk'], ['title'])
        """
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("ResultTable.to_pandas needs pandas: pip install 'talkgraph[notebooks]'") from exc
        hidden = set(self.iri_columns())
        order = [c for c in self.columns if c not in hidden] + ([c for c in self.columns if c in hidden] if iris else [])
        return pd.DataFrame(self.dicts(), columns=self.columns)[order]

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON Format."""
        bindings = [{c: _json_term(v) for c, v in zip(self.columns, row) if v is not None} for row in self.rows]
        return json.dumps({"head": {"vars": self.columns}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=1)

    def to_csv(self) -> str:
        """SPARQL 1.1 Query Results CSV Format: plain values, no types."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow(["" if v is None else str(v) for v in row])
        return buf.getvalue()

    def to_tsv(self) -> str:
        """SPARQL 1.1 Query Results TSV Format: terms in Turtle/N-Triples syntax."""
        lines = ["\t".join(f"?{c}" for c in self.columns)]
        for row in self.rows:
            lines.append("\t".join("" if v is None else _tsv_term(v) for v in row))
        return "\n".join(lines) + "\n"

    def render(self, fmt: str) -> str:
        if fmt == "json":
            return self.to_json()
        if fmt == "csv":
            return self.to_csv()
        if fmt == "tsv":
            return self.to_tsv()
        raise ValueError(f"unknown format {fmt!r}; allowed: {', '.join(FORMATS)}")


def _py(term):
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, (bool, int, float)) else str(term)
    return str(term)


def _json_term(term) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def _tsv_term(term) -> str:
    text = term.n3()
    return text.replace("\t", "\\t").replace("\n", "\\n")


def write_select(columns: list[str], rows, fmt: str, out) -> int:
    """Write SELECT rows to the text stream ``out`` as they come (csv, tsv or json); returns the count.

    Nothing is held but the current row, so a result of any size streams through.
    """
    n = 0
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if v is None else str(v) for v in row])
            n += 1
    elif fmt == "tsv":
        out.write("\t".join(f"?{c}" for c in columns) + "\n")
        for row in rows:
            out.write("\t".join("" if v is None else _tsv_term(v) for v in row) + "\n")
            n += 1
    elif fmt == "json":
        out.write(json.dumps({"head": {"vars": columns}})[:-1] + ', "results": {"bindings": [')
        for row in rows:
            binding = {c: _json_term(v) for c, v in zip(columns, row) if v is not None}
            out.write(("\n" if n == 0 else ",\n") + json.dumps(binding, ensure_ascii=False))
            n += 1
        out.write("\n]}}\n")
    else:
        raise ValueError(f"unknown format {fmt!r}; allowed: csv, tsv, json")
    return n


def write_boolean(value: bool, fmt: str, out) -> None:
    """An ASK answer: SPARQL results JSON, or ``true``/``false`` on a line."""
    out.write(json.dumps({"head": {}, "boolean": value}) + "\n" if fmt == "json" else f"{str(value).lower()}\n")


def write_triples(triples, fmt: str, out) -> int:
    """CONSTRUCT/DESCRIBE triples: ``nt`` streams line by line; ``ttl`` and ``json`` (JSON-LD) are built whole."""
    if fmt == "nt":
        n = 0
        for s, p, o in triples:
            out.write(f"{s.n3()} {p.n3()} {o.n3()} .\n")
            n += 1
        return n
    if fmt not in ("ttl", "json"):
        raise ValueError(f"unknown format {fmt!r} for a graph result; allowed: ttl, nt, json")
    from rdflib import Graph

    graph = Graph()
    for triple in triples:
        graph.add(triple)
    out.write(graph.serialize(format="turtle" if fmt == "ttl" else "json-ld"))
    return len(graph)
