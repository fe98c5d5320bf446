"""Named SPARQL queries: loaded by name from queries/*.rq, run with parameters bound as RDF terms."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from rdflib import BNode, Literal, URIRef

from ..errors import MissingParameterError, ParameterValueError, UnknownParameterError, UnknownQueryError
from ..extract.events import parse_event_name
from ..keys import fold_key, fold_label
from ..resources import resource_dir

__all__ = ["Query", "Param", "load_query", "list_queries", "parse_param_value", "values_clause"]

_PARAM = re.compile(r"^#\s*param\s+\?(\w+)\s+(iri|literal)(\s+optional)?(?:\s+(person|talk|event|topic)\b)?\s*:?\s*(.*)$")
_NOT_IN_IRI = frozenset('<>"{}|^`\\')
_IRI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_COLUMNS = re.compile(r"^#\s*columns:\s*(.*)$")
_INTERNAL = "internal"


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # "iri" or "literal"
    optional: bool
    doc: str
    names: str | None = None  # "person", "talk", "event" or "topic": the value is a name, matched folded

    @property
    def var(self) -> str:
        """The query variable the value is bound to: ``?<name>_key`` (the folded key) for a name."""
        return f"{self.name}_key" if self.names else self.name

    def key(self, value: Literal) -> Literal:
        """The folded key a name parameter is matched on (as the identity keys fold names)."""
        if self.names == "event":
            return Literal(parse_event_name(str(value)).key)
        if self.names == "topic":  # "C++", "C#" and "C" are three topics: their punctuation stays
            return Literal(fold_label(str(value)))
        return Literal(fold_key(str(value)))


@dataclass(frozen=True)
class Query:
    """A query file: its name, purpose, declared parameters and result columns."""

    name: str
    text: str
    description: str
    params: dict[str, Param] = field(default_factory=dict)
    columns: tuple[str, ...] = ()
    path: Path | None = None

    def check(self, params: Mapping[str, object]) -> None:
        """Refuse unknown and missing parameters, and values that are not rdflib terms."""
        missing = [p for p in self.params.values() if not p.optional and p.name not in params]
        if missing:
            got = ", ".join(f"?{n}" for n in params) or "nothing"
            raise MissingParameterError(
                f"Query {self.name!r} needs {', '.join('?' + p.name for p in missing)}; got {got}.")
        for name, value in params.items():
            if name not in self.params:
                allowed = ", ".join(f"?{p}" for p in self.params) or "none"
                raise UnknownParameterError(f"Query {self.name!r} has no parameter ?{name}; it takes: {allowed}.")
            if not isinstance(value, (URIRef, Literal, BNode)):
                raise TypeError(f"parameter ?{name} must be an rdflib URIRef or Literal, not {type(value).__name__}")

    def bind(self, params: Mapping[str, object]) -> dict[str, URIRef | Literal]:
        """Checked parameters as the query matches them: name parameters folded to their keys.

        A ``# param ?name literal person`` (or ``talk``, ``event``, ``topic``) header says the value
        is a name: it is bound, folded the way identity keys fold names (case, diacritics, spacing,
        punctuation; event names as edition keys, ``talkgraph.extract.events``; topic labels with
        their punctuation, :func:`talkgraph.keys.fold_label`), to the variable ``?name_key``, which
        the query compares with ``tg:nameKey`` (topics: ``tg:matchKey``) values. ``?name`` stays free
        for the label the query shows. An optional name not given is bound to ``""`` (match
        anything): engines treat ``BOUND()`` of a substituted variable differently (pyoxigraph
        decides it from the query text alone), an empty key the same everywhere.
        """
        self.check(params)  # every value is an rdflib term from here on
        out: dict[str, URIRef | Literal] = {
            p.var: Literal("") for p in self.params.values() if p.names and p.optional and p.name not in params}
        for name, value in params.items():
            param = self.params[name]
            if param.names and isinstance(value, Literal):
                out[param.var] = param.key(value)
            else:
                out[param.var] = value  # type: ignore[assignment]  # a term: check() refused anything else
        return out


def _parse(name: str, text: str, path: Path | None) -> Query:
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    description = header[0].lstrip("# ").split(":", 1)[-1].strip() if header else ""
    params, columns = {}, ()
    for line in header[1:]:
        m = _PARAM.match(line)
        if m:
            params[m.group(1)] = Param(m.group(1), m.group(2), bool(m.group(3)), m.group(5).strip(), m.group(4))
        c = _COLUMNS.match(line)
        if c:
            columns = tuple(c.group(1).split())
    return Query(name, text, description, params, columns, path)


def list_queries(*, internal: bool = False) -> list[Query]:
    """The user's catalogue of named queries, by name; ``internal`` adds those the code runs itself.

    Internal queries (``queries/internal/``: the analysis projections, identity evidence, name
    lists for suggestions) load by name like the others but are not listed for users.
    """
    folder = resource_dir("queries")
    files = sorted(folder.glob("*.rq")) + (sorted((folder / _INTERNAL).glob("*.rq")) if internal else [])
    return [_parse(p.stem, p.read_text(encoding="utf-8"), p) for p in files]


def load_query(name_or_path: str | Path) -> Query:
    """A named query (``talks-by-speaker``) or a query file (``my.rq``).

    Examples
    --------
    >>> load_query("talks-by-speaker").params["name"].kind
    'literal'
    """
    candidate = Path(name_or_path)
    if candidate.suffix == ".rq" and candidate.is_file():
        return _parse(candidate.stem, candidate.read_text(encoding="utf-8"), candidate)
    folder = resource_dir("queries")
    path = folder / f"{name_or_path}.rq"
    if not path.is_file() and "/" not in str(name_or_path):
        path = folder / _INTERNAL / f"{name_or_path}.rq"
    if not path.is_file():
        names = ", ".join(q.name for q in list_queries())
        raise UnknownQueryError(f"No query named {str(name_or_path)!r}; named queries: {names} (or give a .rq file).")
    return _parse(path.stem, path.read_text(encoding="utf-8"), path)


def parse_param_value(query: Query, name: str, raw: str) -> URIRef | Literal:
    """A command-line value as the RDF term the query declares (IRI or plain literal)."""
    param = query.params.get(name)
    if param is None:
        query.check({name: Literal(raw)})  # raises UnknownParameterError with the allowed names
        raise AssertionError(f"query.check accepted the undeclared parameter {name!r}")
    if param.kind == "iri" or (raw.startswith("<") and raw.endswith(">")):
        iri = raw[1:-1] if raw.startswith("<") and raw.endswith(">") else raw
        bad = next((c for c in iri if c in _NOT_IN_IRI or ord(c) < 0x21), None)
        if bad is not None or not _IRI_SCHEME.match(iri):
            problem = f"contains {bad!r}" if bad is not None else "has no scheme (like https:)"
            raise ParameterValueError(f"parameter ?{name}: {raw!r} is not an IRI: it {problem}")
        return URIRef(iri)
    return Literal(raw)


def values_clause(params: Mapping[str, URIRef | Literal]) -> str:
    """Render bindings as a trailing VALUES block; ``.n3()`` quotes and escapes each term."""
    if not params:
        return ""
    for name, term in params.items():
        if isinstance(term, BNode):
            raise TypeError(f"parameter ?{name}: blank nodes cannot be sent to a remote endpoint")
    names = " ".join(f"?{name}" for name in params)
    return f"VALUES ({names}) {{ ({' '.join(t.n3() for t in params.values())}) }}"
