"""Queries: the named-query catalogue, local and remote runs, result tables."""
from __future__ import annotations

import sys
import types
import warnings


class _DeprecatedCall(types.ModuleType):
    """Lets ``talkgraph.query(...)`` (the function this subpackage's name once held) keep working."""

    def __call__(self, *args, **kwargs):
        talkgraph = sys.modules[__name__.rpartition(".")[0]]  # the root package, loaded before us
        warnings.warn("talkgraph.query(...) is deprecated; use talkgraph.run_query(...)", DeprecationWarning,
                      stacklevel=2)
        return talkgraph.run_query(*args, **kwargs)


sys.modules[__name__].__class__ = _DeprecatedCall
