"""Extraction: from a parsed page to its extraction record (careers, co-speakers, mentions, topics)."""
from __future__ import annotations

import sys
import types
import warnings


class _DeprecatedCall(types.ModuleType):
    """Lets ``talkgraph.extract(...)`` (the function this subpackage's name once held) keep working."""

    def __call__(self, *args, **kwargs):
        talkgraph = sys.modules[__name__.rpartition(".")[0]]  # the root package, loaded before us
        warnings.warn("talkgraph.extract(...) is deprecated; use talkgraph.extract_file(...)", DeprecationWarning,
                      stacklevel=2)
        return talkgraph.extract_file(*args, **kwargs)


sys.modules[__name__].__class__ = _DeprecatedCall
