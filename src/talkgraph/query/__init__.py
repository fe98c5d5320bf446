"""Queries: the named-query catalogue, local and remote runs, result tables."""
from .._deprecated import make_callable

make_callable(__name__, "run_query")  # talkgraph.query(...) was a function before it named this subpackage
