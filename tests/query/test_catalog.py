"""Named queries: every file has a parsed header, parameters are checked and bound as RDF terms."""
import re

import pytest
from rdflib import Literal, URIRef

from talkgraph.errors import MissingParameterError, UnknownParameterError, UnknownQueryError
from talkgraph.query.catalog import list_queries, load_query, parse_param_value, values_clause
from talkgraph.query.run import run_query
from talkgraph.store.local import GraphStore

REQUIRED = {
    "speakers": ["person", "name", "headline"],
    "talks": ["talk", "title", "event", "date", "start", "end", "speakers"],
    "employers": ["person", "name", "organization", "current", "place"],
    "talks-by-speaker": ["talk", "title"],
    "events": ["event", "name"],
    "topics-by-talk": ["talk", "topic"],
}


def test_required_queries_exist_with_their_columns():
    names = {q.name for q in list_queries()}
    assert set(REQUIRED) <= names
    empty = GraphStore()
    for name, cols in REQUIRED.items():
        q = load_query(name)
        assert q.description, name
        assert list(q.columns[: len(cols)]) == cols or set(cols) <= set(q.columns), name
        params = {p: Literal("x") for p, spec in q.params.items() if not spec.optional}
        assert run_query(empty, q, **params).columns == list(q.columns), name


def test_every_query_declares_prefixes_and_projects_its_params():
    for q in list_queries(internal=True):
        used = set(re.findall(r"\b(\w+):\w", re.sub(r"<[^>]*>|#.*", "", q.text)))
        declared = set(re.findall(r"PREFIX\s+(\w+):", q.text))
        assert used <= declared | {"http", "https"}, (q.name, used - declared)
        for p in q.params.values():
            assert re.search(rf"\?{p.var}\b", q.text.split("WHERE")[0]), f"{q.name}: ?{p.var} must be projected"


def test_parameter_errors_name_the_query_and_what_is_allowed():
    q = load_query("talks-by-speaker")
    with pytest.raises(MissingParameterError, match=r"'talks-by-speaker' needs \?name; got \?topic"):
        q.check({"topic": Literal("x")})
    with pytest.raises(UnknownParameterError, match=r"no parameter \?topic; it takes: \?name"):
        q.check({"name": Literal("x"), "topic": Literal("y")})
    with pytest.raises(TypeError):
        q.check({"name": "plain str"})


def test_unknown_query_lists_the_names():
    with pytest.raises(UnknownQueryError, match="speakers"):
        load_query("no-such-query")


def test_cli_values_become_terms():
    q = load_query("talks-by-speaker")
    assert parse_param_value(q, "name", "Maxim Fedorov") == Literal("Maxim Fedorov")
    assert parse_param_value(q, "name", "<https://x.org/a>") == URIRef("https://x.org/a")


def test_values_clause_escapes_terms():
    text = values_clause({"name": Literal('Robert "); DROP ALL; #')})
    assert text == 'VALUES (?name) { ("Robert \\"); DROP ALL; #") }'
